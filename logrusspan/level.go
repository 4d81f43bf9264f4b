package logrusspan

import (
	"github.com/sirupsen/logrus"

	"github.com/logspan/logspan/core"
)

// levelOf maps a logrus level to its severity number: Trace 1, Debug 5,
// Info 9, Warn 13, Error 17, Fatal 21, Panic 22. Logrus counts downwards
// (Panic is 0), so anything past Trace, which logrus cannot name, is
// trace too.
func levelOf(l logrus.Level) core.Level {
	switch l {
	case logrus.PanicLevel:
		return core.LevelFatal + 1
	case logrus.FatalLevel:
		return core.LevelFatal
	case logrus.ErrorLevel:
		return core.LevelError
	case logrus.WarnLevel:
		return core.LevelWarn
	case logrus.InfoLevel:
		return core.LevelInfo
	case logrus.DebugLevel:
		return core.LevelDebug
	default:
		return core.LevelTrace
	}
}

// levelName is logrus's own name for l ("warning", not "warn"). A level
// logrus cannot name gets the empty string, so that core names it from the
// severity number rather than logrus's "unknown".
func levelName(l logrus.Level) string {
	if l > logrus.TraceLevel {
		return ""
	}
	return l.String()
}

// levelsFrom returns the logrus levels whose severity is at least min, the
// levels the hook registers for.
func levelsFrom(min core.Level) []logrus.Level {
	var out []logrus.Level
	for _, l := range logrus.AllLevels {
		if levelOf(l) >= min {
			out = append(out, l)
		}
	}
	return out
}
