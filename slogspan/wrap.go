package slogspan

import (
	"context"
	"log/slog"

	"go.opentelemetry.io/otel/trace"

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
// above core.WithMinLevel (Info by default) also become spans. When the
// context of the log holds a valid span context, the record next receives
// carries trace_id and span_id (hex) of the log's own span, so text logs
// and traces can be joined; a log without one gets neither. The record is
// cloned for that: the caller's record is never changed.
//
// Wrapping slog's built-in default handler, as in
//
//	slog.SetDefault(slog.New(slogspan.Wrap(slog.Default().Handler())))
//
// works: that handler writes through package log, which slog.SetDefault
// then routes back into the new default, a loop that would hang the first
// log. Wrap puts a slog.TextHandler on package log's current writer in its
// place, at the built-in handler's level; the output keeps its content,
// in text handler form. Add attributes and groups after wrapping
// (slog.New(slogspan.Wrap(slog.Default().Handler())).With(...)): a
// handler derived from the built-in one before wrapping is kept as it is,
// and loops the same way once made the default.
//
// A nil next gives the span handler alone. Wrap is [Handler.Wrap] on
// NewHandler(opts...); use that form to turn on [Handler.WithSource].
func Wrap(next slog.Handler, opts ...core.Option) slog.Handler {
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
	if isBuiltinDefault(next) {
		next = newBuiltinStandIn(next)
	}
	return &teeHandler{next: next, spans: h}
}

// teeHandler writes each record to the application's handler and to the
// span handler, adding the span's ids for the former.
type teeHandler struct {
	next  slog.Handler
	spans *Handler
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
	if !t.spans.Enabled(ctx, r.Level) {
		return t.next.Handle(ctx, r)
	}
	sc := t.spans.handle(ctx, r)
	if sc.IsValid() && t.spans.em.TraceCorrelation() && trace.SpanContextFromContext(ctx).IsValid() {
		// Clone: the caller may hold other copies of r sharing its
		// attribute storage, which AddAttrs must not write into.
		r = r.Clone()
		tid, sid := core.HexIDs(sc)
		r.AddAttrs(slog.String(TraceIDKey, tid), slog.String(SpanIDKey, sid))
	}
	return t.next.Handle(ctx, r)
}

func (t *teeHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	if len(attrs) == 0 {
		return t
	}
	return &teeHandler{next: t.next.WithAttrs(attrs), spans: t.spans.withAttrs(attrs)}
}

func (t *teeHandler) WithGroup(name string) slog.Handler {
	if name == "" {
		return t
	}
	return &teeHandler{next: t.next.WithGroup(name), spans: t.spans.withGroup(name)}
}
