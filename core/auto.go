package core

import (
	"fmt"
	"io"
	"os"
	"sync/atomic"

	"github.com/logspan/logspan"
)

// Names of the loggers that the build-time instrumentation of module
// github.com/logspan/logspan/auto can instrument, as [MarkBuildTime],
// [BuildTime] and [SkipManual] take them.
const (
	LoggerZap     = "zap"
	LoggerZerolog = "zerolog"
	LoggerLogrus  = "logrus"
	LoggerSlog    = "slog"
)

// The registry is a fixed array of atomics, so that it works before this
// package's own initialization has run: the build-time rules mark a
// logger from that logger package's init, which can come first.
var (
	buildTime   [4]atomic.Bool
	manualWarns [4]atomic.Bool
	// warnOutput is where SkipManual's warning goes; nil means stderr.
	warnOutput io.Writer
)

func loggerIndex(logger string) int {
	switch logger {
	case LoggerZap:
		return 0
	case LoggerZerolog:
		return 1
	case LoggerLogrus:
		return 2
	case LoggerSlog:
		return 3
	}
	return -1
}

// MarkBuildTime records, for the whole process, that logger is
// instrumented at build time: every log it makes already becomes a span.
// The auto module's rules call it from the instrumented logger package's
// init; an unknown name is ignored.
func MarkBuildTime(logger string) {
	if i := loggerIndex(logger); i >= 0 {
		buildTime[i].Store(true)
	}
}

// BuildTime reports whether logger was marked with [MarkBuildTime].
func BuildTime(logger string) bool {
	i := loggerIndex(logger)
	return i >= 0 && buildTime[i].Load()
}

// buildTimeOption marks the options of the spans the build-time
// instrumentation itself sets up. It changes nothing in the config: it
// is an empty logspan.WithOptions under a type of core's own, which
// SkipManual looks for.
type buildTimeOption struct{ Option }

// BuildTimeOption returns the option with which the build-time
// instrumentation builds its own hooks and cores through the adapters'
// one-liners, so that [SkipManual] tells them from the application's.
func BuildTimeOption() Option { return buildTimeOption{logspan.WithOptions()} }

// ManualOptions is [SkipManual] for a hook that must still be returned
// (the zerolog and logrus one-liners): it returns opts, with the level
// turned off when logger is instrumented at build time, so the hook
// exists and makes no span.
func ManualOptions(logger string, opts []Option) []Option {
	if SkipManual(logger, opts) {
		return append(opts[:len(opts):len(opts)], logspan.WithMinLevel(OffLevel))
	}
	return opts
}

// SkipManual is the check in each adapter's one-liner constructor: it
// reports whether logger is instrumented at build time while opts are not
// the build-time instrumentation's own ([BuildTimeOption]). Then the
// one-liner must do nothing, or every log would become two spans; the
// first such call per logger writes one warning to stderr.
func SkipManual(logger string, opts []Option) bool {
	if !BuildTime(logger) {
		return false
	}
	for _, o := range opts {
		if _, ok := o.(buildTimeOption); ok {
			return false
		}
	}
	i := loggerIndex(logger)
	if manualWarns[i].CompareAndSwap(false, true) {
		w := warnOutput
		if w == nil {
			w = os.Stderr
		}
		_, _ = fmt.Fprintf(w, "logspan: %s is instrumented at build time (github.com/logspan/logspan/auto); "+
			"the manual %sspan one-liner does nothing, so that no log becomes two spans\n", logger, logger)
	}
	return true
}

// OffLevel is above every level: an adapter given WithMinLevel(OffLevel)
// makes no span and writes no trace ids, which is what a skipped one-liner
// (see [SkipManual]) is configured with.
const OffLevel Level = 1 << 30
