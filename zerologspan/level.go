package zerologspan

import (
	"github.com/rs/zerolog"

	"github.com/logspan/logspan/core"
)

// levelOf maps a zerolog level to its severity number and its lower-case
// name: Trace 1, Debug 5, Info 9, Warn 13, Error 17, Fatal 21, Panic 22.
// NoLevel (zerolog's Log and Print-less events) is 9, named "info" by core.
// Custom levels below Trace are trace; custom levels above Panic are 24. ok
// is false for Disabled, which never becomes a span.
//
// The names are zerolog's default ones, fixed here rather than read from
// zerolog.LevelInfoValue and friends, so that a backend sees the same
// log.level whatever an application renamed its levels to in its output.
func levelOf(l zerolog.Level) (num core.Level, name string, ok bool) {
	switch l {
	case zerolog.TraceLevel:
		return core.LevelTrace, "trace", true
	case zerolog.DebugLevel:
		return core.LevelDebug, "debug", true
	case zerolog.InfoLevel:
		return core.LevelInfo, "info", true
	case zerolog.WarnLevel:
		return core.LevelWarn, "warn", true
	case zerolog.ErrorLevel:
		return core.LevelError, "error", true
	case zerolog.FatalLevel:
		return core.LevelFatal, "fatal", true
	case zerolog.PanicLevel:
		return core.LevelFatal + 1, "panic", true
	case zerolog.NoLevel:
		return core.LevelInfo, "", true
	case zerolog.Disabled:
		return 0, "", false
	}
	if l < zerolog.TraceLevel {
		return core.LevelTrace, "trace", true
	}
	return 24, "", true
}
