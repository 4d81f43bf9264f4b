package logspan

import (
	"fmt"
	"strconv"
	"strings"
	"sync/atomic"
)

// Level is a log severity expressed as an OpenTelemetry severity number
// (1 to 24). It is what the logfire.level_num attribute carries, so the
// numbers line up with Pydantic Logfire's levels and with the OpenTelemetry
// logs data model.
type Level int

// The levels Logfire names. Loggers with other levels map onto the same
// scale: zap's Panic is 22 and Fatal 23, for instance.
const (
	LevelTrace  Level = 1
	LevelDebug  Level = 5
	LevelInfo   Level = 9
	LevelNotice Level = 10
	LevelWarn   Level = 13
	LevelError  Level = 17
	LevelFatal  Level = 21
)

// String returns the lower-case name of the level. Numbers between the
// named levels are written as the named level below plus the distance plus
// one ("info2", "fatal3"), in the manner of the OpenTelemetry severity
// texts but over Logfire's names, so 11 is "notice2" where OpenTelemetry
// says INFO3; numbers outside 1..24 are written as "level(N)".
func (l Level) String() string {
	if l < 1 || l > 24 {
		return "level(" + strconv.Itoa(int(l)) + ")"
	}
	var base Level
	var name string
	switch {
	case l >= LevelFatal:
		base, name = LevelFatal, "fatal"
	case l >= LevelError:
		base, name = LevelError, "error"
	case l >= LevelWarn:
		base, name = LevelWarn, "warn"
	case l >= LevelNotice:
		base, name = LevelNotice, "notice"
	case l >= LevelInfo:
		base, name = LevelInfo, "info"
	case l >= LevelDebug:
		base, name = LevelDebug, "debug"
	default:
		base, name = LevelTrace, "trace"
	}
	if l == base {
		return name
	}
	return name + strconv.Itoa(int(l-base)+1)
}

// ParseLevel reads a level as LOGFIRE_MIN_LEVEL gives it, so that one
// variable means the same in logspan as in Logfire's own SDKs: one of
// Logfire's level names (trace, debug, info, notice, warn or warning,
// error, fatal, in any case), a name [Level.String] writes for a level
// between them ("debug2", "fatal4"), or a severity number from 1 to 24.
// Anything else is an error, quoting at most 32 bytes of s.
func ParseLevel(s string) (Level, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	switch t {
	case "warning": // Python's logging name, which Logfire accepts for warn
		return LevelWarn, nil
	case "":
		return 0, fmt.Errorf("logspan: empty level: %s", levelChoices)
	}
	if n, err := strconv.Atoi(t); err == nil {
		if n < 1 || n > 24 {
			return 0, fmt.Errorf("logspan: level %d is out of range: %s", n, levelChoices)
		}
		return Level(n), nil
	}
	// A name, possibly with the distance above it ("info2"): read the
	// number, then accept only what String writes for it, so every level
	// has one name.
	digits := len(t)
	for digits > 0 && t[digits-1] >= '0' && t[digits-1] <= '9' {
		digits--
	}
	if base, ok := levelNames[t[:digits]]; ok {
		l := base
		if digits < len(t) {
			n, err := strconv.Atoi(t[digits:])
			if err == nil && n >= 2 && n <= 24 {
				l = base + Level(n-1)
			}
		}
		if l.String() == t {
			return l, nil
		}
	}
	if len(s) > 32 {
		s = s[:32] + "..."
	}
	return 0, fmt.Errorf("logspan: unknown level %q: %s", s, levelChoices)
}

// levelChoices says what ParseLevel accepts.
const levelChoices = "want trace, debug, info, notice, warn, warning, error, fatal or a number from 1 to 24"

// levelNames are Logfire's level names (logfire/_internal/constants.py,
// LEVEL_NUMBERS), "warning" apart.
var levelNames = map[string]Level{
	"trace": LevelTrace, "debug": LevelDebug, "info": LevelInfo, "notice": LevelNotice,
	"warn": LevelWarn, "error": LevelError, "fatal": LevelFatal,
}

// Level returns l itself, so a fixed level is a [Leveler].
func (l Level) Level() Level { return l }

// A Leveler provides the lowest level that becomes a span. Its Level
// method is called on every log, so it may change at run time: pass a
// [*LevelVar] to [WithLeveler] to turn Debug spans on and off while the
// application runs.
type Leveler interface {
	Level() Level
}

// A LevelVar is a [Level] that can change at run time, safe for concurrent
// use; its zero value is [LevelInfo], the default minimum.
type LevelVar struct {
	// v holds the level minus LevelInfo, so the zero value means Info.
	v atomic.Int64
}

// Level returns the current level.
func (v *LevelVar) Level() Level { return Level(v.v.Load()) + LevelInfo }

// Set changes the level; every adapter built with the variable follows
// from its next log on.
func (v *LevelVar) Set(l Level) { v.v.Store(int64(l - LevelInfo)) }

// String returns the current level's name, "LevelVar(info)".
func (v *LevelVar) String() string { return "LevelVar(" + v.Level().String() + ")" }

// Logfire returns the level Logfire names that l falls in, the named level
// at or below it: zap's Panic (22) and Fatal (23) are [LevelFatal], slog's
// Info+2 (11) is [LevelNotice]. Logfire's levels are the numbers of its
// LEVEL_NUMBERS (logfire/_internal/constants.py) and its SQL compares
// level with a name by number (level = 'fatal' is level_num = 21), so the
// logfire.level_num attribute carries this number; the exact severity goes
// in logspan.severity_number when they differ. Severities above 24 are
// fatal; below 1, l itself.
func (l Level) Logfire() Level {
	switch {
	case l < LevelTrace:
		return l
	case l >= LevelFatal:
		return LevelFatal
	case l >= LevelError:
		return LevelError
	case l >= LevelWarn:
		return LevelWarn
	case l >= LevelNotice:
		return LevelNotice
	case l >= LevelInfo:
		return LevelInfo
	case l >= LevelDebug:
		return LevelDebug
	}
	return LevelTrace
}
