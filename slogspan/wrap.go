package slogspan

import (
	"context"
	"log/slog"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/core"
)

// Keys of the attributes Wrap adds to the records it passes on to the
// application's own handler.
const (
	TraceIDKey = core.TraceIDKey
	SpanIDKey  = core.SpanIDKey
)

// Wrap returns a handler that migrates an existing logger in one line:
//
//	logger := slog.New(slogspan.Wrap(handler))
//
// Every record still reaches next, which keeps its level, format and
// output. Enabled is next's answer alone, so the application's level
// decides what is logged at all; of the records next accepts, those at or
// above logspan.WithMinLevel (Info by default) also become spans. When the
// context of the log holds a valid span context, the record next receives
// carries trace_id and span_id (hex) of the log's own span, so text logs
// and traces can be joined; a log without one gets neither. The record is
// cloned for that: the caller's record is never changed.
//
// Wrapping slog's built-in default handler (or one derived from it), as in
//
//	slog.SetDefault(slog.New(slogspan.Wrap(slog.Default().Handler())))
//
// leaves the application's output byte for byte as it was: records are
// still written by the built-in handler through package log ("INFO msg
// k=1", with log's prefix and flags), now with trace_id and span_id when
// the context holds a span, and package log's own lines (log.Print) keep
// going straight to log's writer, with the flags the application set, and
// make no spans, as before the line was added. slog.SetDefault points
// package log at the new default and zeroes its flags, which would loop
// back into the built-in handler and hang; the wrapper gives package log
// its writer and flags back (those it had when Wrap was called) when it
// handles its first record as the default, and writes the package log
// lines it receives until then exactly as package log would have. Set
// package log's writer before the line (the wrapper gives back the writer
// it saw); flags and prefix set later apply as usual. Made the default
// inside another handler, the wrapper cannot tell that package log points
// at it: package log's lines still come out as log writes them, but with
// Lshortfile or Llongfile the file of a slog record is slog's own.
//
// A nil next gives the span handler alone. Wrap is [Handler.Wrap] on
// NewHandler(opts...); use that form to turn on [Handler.WithSource].
func Wrap(next slog.Handler, opts ...logspan.Option) slog.Handler {
	if next != nil && core.SkipManual(core.LoggerSlog, opts) {
		return next // slog is instrumented at build time
	}
	return NewHandler(opts...).Wrap(next)
}

// Wrap returns a handler writing every record to next and making spans with
// h, as the package-level [Wrap] describes.
func (h *Handler) Wrap(next slog.Handler) slog.Handler {
	if next == nil {
		return h
	}
	// The application's handler prints the line: consoles need not. The
	// span handler gets an emitter that says so; its fields, groups and
	// source setting are h's.
	printing := *h
	printing.em = core.NewEmitter(ScopeName, Version, append([]logspan.Option{logspan.WithConsoleLog(false)}, h.opts...)...)
	t := &teeHandler{next: next, spans: &printing}
	if isBuiltin(next) {
		t.std = newBuiltinStandIn(next, h.Sync)
		t.next = t.std
	}
	return t
}

// teeHandler writes each record to the application's handler and to the
// span handler, adding the span's ids for the former.
type teeHandler struct {
	next  slog.Handler
	spans *Handler
	std   *builtinStandIn // next, when it wraps slog's built-in handler
}

// Enabled is the application handler's decision, as zapspan.WrapCore's is:
// wrapping a logger must not change what it writes, and a level the
// application does not log is not worth a span either.
func (t *teeHandler) Enabled(ctx context.Context, l slog.Level) bool {
	return t.next.Enabled(ctx, l)
}

// Handle makes the span first, since the application's record needs its
// ids. A caller that bypasses Enabled gets both, as slog's own handlers
// write whatever Handle is given.
func (t *teeHandler) Handle(ctx context.Context, r slog.Record) error {
	if t.std != nil && underLogLock(3) {
		// A package log line, through slog's bridge: written as package
		// log writes it, no span (see builtin.go).
		return t.std.bridge.writeLogLine(r)
	}
	if !t.spans.Enabled(ctx, r.Level) {
		return t.next.Handle(ctx, r)
	}
	if ids := t.spans.handle(ctx, r); ids.OK() {
		// Clone: the caller may hold other copies of r sharing its
		// attribute storage, which AddAttrs must not write into.
		r = r.Clone()
		tid, sid := ids.IDs()
		r.AddAttrs(slog.String(TraceIDKey, tid), slog.String(SpanIDKey, sid))
	}
	return t.next.Handle(ctx, r)
}

// Sync flushes the tracer provider within the flush timeout, as
// [Handler.Sync] does; the wrapped handler, which slog gives no Sync, is
// left alone.
func (t *teeHandler) Sync() error { return t.spans.Sync() }

func (t *teeHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	if len(attrs) == 0 {
		return t
	}
	return t.derive(t.next.WithAttrs(attrs), t.spans.withAttrs(attrs))
}

func (t *teeHandler) WithGroup(name string) slog.Handler {
	if name == "" {
		return t
	}
	return t.derive(t.next.WithGroup(name), t.spans.withGroup(name))
}

func (t *teeHandler) derive(next slog.Handler, spans *Handler) *teeHandler {
	d := &teeHandler{next: next, spans: spans}
	d.std, _ = next.(*builtinStandIn)
	return d
}
