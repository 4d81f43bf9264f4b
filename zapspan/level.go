package zapspan

import (
	"go.uber.org/zap/zapcore"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/core"
)

// levelOf maps a zap level to its severity number: Debug 5, Info 9, Warn 13,
// Error 17, DPanic 21, Panic 22, Fatal 23. Custom levels below Debug are
// trace (1); above Fatal, 24.
func levelOf(l zapcore.Level) core.Level {
	switch {
	case l < zapcore.DebugLevel:
		return core.LevelTrace
	case l <= zapcore.ErrorLevel:
		return core.LevelDebug + core.Level(l-zapcore.DebugLevel)*4
	case l <= zapcore.FatalLevel:
		return core.LevelFatal + core.Level(l-zapcore.DPanicLevel)
	default:
		return 24
	}
}

// zapLevelOf is the inverse used for WithMinLevel: the lowest zap level whose
// severity is at least l.
func zapLevelOf(l core.Level) zapcore.Level {
	for z := zapcore.DebugLevel; z <= zapcore.FatalLevel; z++ {
		if levelOf(z) >= l {
			return z
		}
	}
	return zapcore.FatalLevel + 1
}

// Leveler makes a zap level enabler, such as a zap.AtomicLevel, the
// minimum level of the spans: pass it to logspan.WithLeveler, and turning
// Debug on at run time with atom.SetLevel turns Debug spans on too.
//
//	atom := zap.NewAtomicLevel()
//	core := zapspan.NewCore(logspan.WithLeveler(zapspan.Leveler(atom)))
//
// The minimum is the severity of the lowest standard zap level enab
// enables, asked on every log.
func Leveler(enab zapcore.LevelEnabler) logspan.Leveler {
	if enab == nil {
		return nil
	}
	return zapLeveler{enab}
}

type zapLeveler struct{ enab zapcore.LevelEnabler }

func (z zapLeveler) Level() logspan.Level {
	if lv, ok := z.enab.(interface{ Level() zapcore.Level }); ok {
		return levelOf(lv.Level())
	}
	return levelOf(zapcore.LevelOf(z.enab))
}
