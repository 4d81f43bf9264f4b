package logrusspan_test

import (
	"context"
	"io"
	"testing"

	"github.com/sirupsen/logrus"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/core"
	"github.com/logspan/logspan/core/spantest"
	"github.com/logspan/logspan/logrusspan"
)

// Entry.Log at Fatal and Panic neither exits nor panics, so the suite can
// drive every logrus level.
var logrusLevels = map[core.Level]logrus.Level{
	core.LevelTrace:     logrus.TraceLevel,
	core.LevelDebug:     logrus.DebugLevel,
	core.LevelInfo:      logrus.InfoLevel,
	core.LevelWarn:      logrus.WarnLevel,
	core.LevelError:     logrus.ErrorLevel,
	core.LevelFatal:     logrus.FatalLevel,
	core.LevelFatal + 1: logrus.PanicLevel,
}

var logrusHarnessLevels = []spantest.Level{
	{Level: core.LevelTrace, Name: "trace"},
	{Level: core.LevelDebug, Name: "debug"},
	{Level: core.LevelInfo, Name: "info"},
	{Level: core.LevelWarn, Name: "warning"},
	{Level: core.LevelError, Name: "error"},
	{Level: core.LevelFatal, Name: "fatal"},
	{Level: core.LevelFatal + 1, Name: "panic"},
}

// harnessLogger drives a logrus entry for the conformance suite: With is
// WithFields, the context is given with WithContext.
type harnessLogger struct{ e *logrus.Entry }

func (h harnessLogger) Log(ctx context.Context, level core.Level, msg string, fields ...spantest.Field) {
	e := h.e
	if len(fields) > 0 {
		e = e.WithFields(toFields(fields))
	}
	if ctx != nil {
		e = e.WithContext(ctx)
	}
	e.Log(logrusLevels[level], msg)
}

func (h harnessLogger) With(fields ...spantest.Field) spantest.Logger {
	return harnessLogger{h.e.WithFields(toFields(fields))}
}

func toFields(fields []spantest.Field) logrus.Fields {
	out := make(logrus.Fields, len(fields))
	for _, f := range fields {
		out[f.Key] = f.Value
	}
	return out
}

// Fatal logs at logrus's Fatal level with the logger's exit replaced.
func (h harnessLogger) Fatal(ctx context.Context, msg string) {
	exit := h.e.Logger.ExitFunc
	h.e.Logger.ExitFunc = func(int) {}
	defer func() { h.e.Logger.ExitFunc = exit }()
	h.e.WithContext(ctx).Fatal(msg)
}

// Sync flushes through the hooks that have a Sync.
func (h harnessLogger) Sync() error {
	for _, hooks := range h.e.Logger.Hooks {
		for _, hook := range hooks {
			if s, ok := hook.(interface{ Sync() error }); ok {
				return s.Sync()
			}
		}
	}
	return nil
}

// newOutput is logrus with its JSON formatter and no timestamp, with the
// hook or without, for the output checks.
func newOutput(_ *testing.T, w io.Writer, spans bool, opts ...logspan.Option) spantest.Logger {
	logger := logrus.New()
	logger.Out = w
	logger.SetLevel(logrus.TraceLevel)
	logger.SetFormatter(&logrus.JSONFormatter{DisableTimestamp: true})
	if spans {
		logger.AddHook(logrusspan.NewHook(opts...))
	}
	return harnessLogger{logrus.NewEntry(logger)}
}

func newHarnessLogger(hook func(...logspan.Option) *logrusspan.Hook, reportCaller bool) func(*testing.T, ...logspan.Option) spantest.Logger {
	return func(_ *testing.T, opts ...logspan.Option) spantest.Logger {
		logger := logrus.New()
		logger.Out = io.Discard
		logger.SetLevel(logrus.TraceLevel) // the hook's minimum decides
		logger.SetReportCaller(reportCaller)
		logger.AddHook(hook(opts...))
		return harnessLogger{logrus.NewEntry(logger)}
	}
}

// logrusUnsupported are the bad inputs logrus itself cannot take: its
// formatters print values with fmt, which recurses without end on a cyclic
// map, so the process dies in logrus's formatter, with or without logspan.
var logrusUnsupported = map[string]string{
	"CyclicMap": "logrus's formatters recurse forever on a cyclic map (fmt), a stack overflow in logrus itself",
}

func TestConformance(t *testing.T) {
	spantest.Run(t, spantest.Harness{
		ScopeName:   logrusspan.ScopeName,
		Levels:      logrusHarnessLevels,
		NewLogger:   newHarnessLogger(logrusspan.NewHook, false),
		Unsupported: logrusUnsupported,
		NewOutput:   newOutput,
		OwnOutput:   true, // logrus prints every entry; the hook only adds spans
	})
}

// The spans must not depend on the correlation fields or on the caller.
func TestConformanceWithoutCorrelation(t *testing.T) {
	spantest.Run(t, spantest.Harness{
		ScopeName: logrusspan.ScopeName,
		Levels:    logrusHarnessLevels,
		NewLogger: newHarnessLogger(func(opts ...logspan.Option) *logrusspan.Hook {
			return logrusspan.NewHook(opts...).WithoutTraceCorrelation()
		}, true),
		Unsupported: logrusUnsupported,
		Caller:      true,
		OwnOutput:   true,
	})
}
