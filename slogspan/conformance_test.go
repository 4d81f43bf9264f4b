package slogspan_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"testing"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/core"
	"github.com/logspan/logspan/core/spantest"
	"github.com/logspan/logspan/slogspan"
)

// harnessLogger drives a slog logger for the conformance suite.
type harnessLogger struct{ l *slog.Logger }

func (h harnessLogger) Log(ctx context.Context, level core.Level, msg string, fields ...spantest.Field) {
	h.l.LogAttrs(ctx, slog.Level(level-9), msg, toAttrs(fields)...)
}

func (h harnessLogger) With(fields ...spantest.Field) spantest.Logger {
	attrs := toAttrs(fields)
	args := make([]any, len(attrs))
	for i, a := range attrs {
		args[i] = a
	}
	return harnessLogger{h.l.With(args...)}
}

// WithGroup nests later fields in a slog group.
func (h harnessLogger) WithGroup(name string) spantest.Logger {
	return harnessLogger{h.l.WithGroup(name)}
}

// slogDifferences are the rows of spantest.Table slog cannot log like the
// other loggers.
var slogDifferences = map[string]string{
	"Floats": "slog.Any stores a float32 as its float64 widening (1.100000023841858); " +
		"the handler never sees the float32, and slog's own output prints the widened value too",
}

// toAttrs turns the suite's fields into slog.Any attributes, which pick
// slog's own kind for each value (KindInt64 for an int, KindTime for a
// time.Time, KindAny for the rest).
func toAttrs(fields []spantest.Field) []slog.Attr {
	attrs := make([]slog.Attr, len(fields))
	for i, f := range fields {
		attrs[i] = slog.Any(f.Key, f.Value)
	}
	return attrs
}

var slogHarnessLevels = []spantest.Level{
	{Level: core.LevelTrace, Name: "debug-4"},
	{Level: core.LevelDebug, Name: "debug"},
	{Level: core.LevelInfo, Name: "info"},
	{Level: core.LevelInfo + 2, Name: "info+2"},
	{Level: core.LevelWarn, Name: "warn"},
	{Level: core.LevelError, Name: "error"},
	{Level: core.LevelFatal, Name: "error+4"},
}

// Sync flushes through the handler, when it has a Sync.
func (h harnessLogger) Sync() error {
	if s, ok := h.l.Handler().(interface{ Sync() error }); ok {
		return s.Sync()
	}
	return spantest.ErrUnsupported
}

// newOutput is slog's JSON handler with no time attribute, wrapped or not,
// for the output checks.
func newOutput(_ *testing.T, w io.Writer, spans bool, opts ...logspan.Option) spantest.Logger {
	noTime := func(groups []string, a slog.Attr) slog.Attr {
		if len(groups) == 0 && a.Key == slog.TimeKey {
			return slog.Attr{}
		}
		return a
	}
	var h slog.Handler = slog.NewJSONHandler(w, &slog.HandlerOptions{Level: slog.Level(-100), ReplaceAttr: noTime})
	if spans {
		h = slogspan.Wrap(h, opts...)
	}
	return harnessLogger{slog.New(h)}
}

func TestConformance(t *testing.T) {
	spantest.Run(t, spantest.Harness{
		ScopeName:   slogspan.ScopeName,
		Levels:      slogHarnessLevels,
		Differences: slogDifferences,
		NewLogger: func(_ *testing.T, opts ...logspan.Option) spantest.Logger {
			return harnessLogger{slog.New(slogspan.NewHandler(opts...))}
		},
	})
}

// The suite must hold for the one-line migration too: the application's
// own handler keeps writing, the spans are the same.
func TestConformanceWrap(t *testing.T) {
	spantest.Run(t, spantest.Harness{
		ScopeName:   slogspan.ScopeName,
		Levels:      slogHarnessLevels,
		Differences: slogDifferences,
		NewLogger: func(_ *testing.T, opts ...logspan.Option) spantest.Logger {
			app := slog.NewJSONHandler(io.Discard, &slog.HandlerOptions{Level: slog.Level(-100)})
			return harnessLogger{slog.New(slogspan.Wrap(app, opts...))}
		},
		NewOutput: newOutput,
		OwnOutput: true,
	})
}

// With the source turned on, and the application's handler writing for
// real, nothing in the span model changes.
func TestConformanceWithSource(t *testing.T) {
	spantest.Run(t, spantest.Harness{
		ScopeName:   slogspan.ScopeName,
		Levels:      slogHarnessLevels,
		Differences: slogDifferences,
		NewLogger: func(t *testing.T, opts ...logspan.Option) spantest.Logger {
			var buf bytes.Buffer
			app := slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.Level(-100), AddSource: true})
			return harnessLogger{slog.New(slogspan.NewHandler(opts...).WithSource(true).Wrap(app))}
		},
		Caller:    true,
		OwnOutput: true,
		Unsupported: map[string]string{
			"CyclicMap": "slog's TextHandler, the application's own handler here, prints values with fmt, which recurses forever on a cyclic map",
		},
	})
}
