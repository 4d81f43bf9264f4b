package slogspan

import (
	"log/slog"
	"strings"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/core"
)

// levelOffset lines slog's levels up with the severity numbers: slog spaces
// Debug, Info, Warn and Error four apart, as OpenTelemetry does, so one
// offset maps all of them (Debug -4 -> 5, Info 0 -> 9, Warn 4 -> 13,
// Error 8 -> 17). The slog documentation makes the same correspondence.
const levelOffset = 9

// levelOf maps a slog level to its severity number, clamped to 1..24: below
// Debug-4 is trace (1), above Error+7 is 24.
func levelOf(l slog.Level) core.Level {
	// Compared before adding, so that math.MaxInt cannot wrap around.
	switch {
	case l < 1-levelOffset:
		return 1
	case l > 24-levelOffset:
		return 24
	}
	return core.Level(int(l) + levelOffset)
}

// levelName is slog's own name for the level in lower case: "info",
// "warn", "error+4", "debug-2". The four named levels take no allocation.
func levelName(l slog.Level) string {
	switch l {
	case slog.LevelDebug:
		return "debug"
	case slog.LevelInfo:
		return "info"
	case slog.LevelWarn:
		return "warn"
	case slog.LevelError:
		return "error"
	}
	return strings.ToLower(l.String())
}

// Leveler makes a slog.Leveler, such as a *slog.LevelVar, the minimum level
// of the spans: pass it to logspan.WithLeveler, and lowering the variable
// at run time turns Debug spans on too.
//
//	var lv slog.LevelVar
//	h := slogspan.NewHandler(logspan.WithLeveler(slogspan.Leveler(&lv)))
func Leveler(l slog.Leveler) logspan.Leveler {
	if l == nil {
		return nil
	}
	return slogLeveler{l}
}

type slogLeveler struct{ l slog.Leveler }

func (s slogLeveler) Level() logspan.Level { return levelOf(s.l.Level()) }
