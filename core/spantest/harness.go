// Package spantest is the conformance suite every logspan adapter runs, in
// the spirit of testing/slogtest: an adapter describes how to log through
// its logger, and [Run] checks, on real spans recorded from an SDK tracer
// provider, every point of the span model documented in package core; and,
// on real log records from an SDK logger provider ([LogRecorder]), the
// records and both data models (logspan.WithLogsAs).
//
// An adapter's test looks like this:
//
//	func TestConformance(t *testing.T) {
//		spantest.Run(t, spantest.Harness{
//			ScopeName: zapspan.ScopeName,
//			NewLogger: newTestLogger, // builds a zap logger over zapspan.NewCore(opts...)
//			Levels:    []spantest.Level{{core.LevelDebug, "debug"}, {core.LevelInfo, "info"}, ...},
//		})
//	}
package spantest

import (
	"context"
	"io"
	"testing"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/core"
)

// Field is one log field in a logger-neutral form. The adapter turns it
// into its logger's own field, picking the most specific field constructor
// the logger has for the value's type (zap.Any, logrus.Fields, slog.Any...).
type Field struct {
	Key   string
	Value any
}

// Logger is the adapter's logger as the suite drives it.
type Logger interface {
	// Log writes msg at level with fields. ctx, when not nil, is the
	// context the log is made under, given to the logger the way its users
	// give it (a zapspan.Context field, zerolog's Ctx, logrus's
	// WithContext, slog's InfoContext).
	Log(ctx context.Context, level core.Level, msg string, fields ...Field)
	// With returns a logger that adds fields to every log, the way the
	// logger derives child loggers; the receiver must not change.
	With(fields ...Field) Logger
}

// Level is a level the logger can log at without exiting or panicking, and
// the name the logger itself gives it (the log.level attribute).
type Level struct {
	Level core.Level
	Name  string
}

// Harness describes an adapter to the suite.
type Harness struct {
	// ScopeName is the instrumentation scope the adapter's spans carry.
	ScopeName string
	// NewLogger returns a logger whose spans are made with opts. The suite
	// always passes core.WithTracerProvider, and sometimes more options.
	NewLogger func(t *testing.T, opts ...core.Option) Logger
	// Levels lists the logger's levels, lowest first. It must include the
	// levels at severity 9 (info) and 17 (error).
	Levels []Level
	// Unsupported names the cases of the BadInput check the logger itself
	// cannot take (it panics or rejects them before the adapter sees the
	// value), with the reason; they are skipped with that reason. Keep it
	// to what the logger forces, and say so in the adapter's docs.
	Unsupported map[string]string
	// Differences names the rows of [Table] whose span the logger cannot
	// make the same as every other adapter's, with the reason (zerolog,
	// for one, has only JSON text where the others have Go values). The
	// row is skipped with that reason; say the same in the adapter's docs.
	Differences map[string]string
	// NewOutput, when set, returns the logger over its own JSON output
	// written to w, one line per log and no timestamp: with logspan
	// spans as the one-line migration sets it up (WrapCore, Wrap, the
	// hooks), with opts, or without logspan at all when spans is false.
	// The suite checks that the output is the same either way, apart from
	// the trace_id and span_id core asks the adapter to write.
	NewOutput func(t *testing.T, w io.Writer, spans bool, opts ...core.Option) Logger
	// Caller is set when NewLogger's logger records where each log was
	// made (zap's AddCaller, logrus's ReportCaller, zerolog's Caller,
	// slog's source): the suite then checks the code.* attributes, under
	// both their names. The file must be the harness's own source file.
	Caller bool
	// OwnOutput is set when NewLogger's logger prints its own lines beside
	// the spans (zapspan.WrapCore, slogspan.Wrap, the hooks): its spans
	// must carry logfire.disable_console_log, and no other logger's may.
	OwnOutput bool

	// direct is set by Run for the pass over core's direct span path.
	direct bool
	// logsAs is set by Run for the passes over the records and both
	// models; LogsAsDefault leaves the adapter's options as they are.
	logsAs logspan.LogsAs
}

// A Grouper is a Logger that can nest fields in named groups (slog's
// WithGroup, zap's Namespace); the suite checks group prefixes on it.
type Grouper interface {
	Logger
	// WithGroup returns a logger whose later fields are inside group name.
	WithGroup(name string) Logger
}

// A Fataler is a Logger that can log at its fatal level with the
// process exit (or panic) intercepted; the suite checks that the log is
// flushed before the call returns.
type Fataler interface {
	Logger
	// Fatal logs msg at the logger's fatal level and returns instead of
	// exiting.
	Fatal(ctx context.Context, msg string)
}

// A Syncer is a Logger whose Sync flushes the tracer provider, as
// zap.Logger.Sync does.
type Syncer interface {
	Logger
	Sync() error
}
