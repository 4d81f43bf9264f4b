package core

import "strconv"

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

// flushLevel is the severity from which an emitted span is flushed before
// the logging call returns: zap's DPanic, Panic and Fatal, zerolog's and
// logrus's Fatal and Panic all sit at or above it, and these are the lines a
// crashing process must not lose.
const flushLevel = LevelFatal

// String returns the lower-case name of the level. Numbers between the named
// levels are written as the level below plus the distance, the way the
// OpenTelemetry severity texts are ("info2", "fatal3"); numbers outside
// 1..24 are written as "level(N)".
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
