package slogspan

import (
	"context"
	"log/slog"
	"runtime"
	"slices"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/core"
)

// Handler is a slog.Handler that turns every record it is given into an
// instant span. Use it alone, slog.New(slogspan.NewHandler()), or beside
// the handler an application already has, with [Wrap].
//
// A Handler is immutable: WithAttrs, WithGroup and WithSource return new
// handlers and leave the receiver as it was, so loggers derived from one
// another never share state. It is safe for concurrent use.
type Handler struct {
	em     *core.Emitter
	opts   []logspan.Option // to build the emitter of Wrap, whose logger prints
	fields *core.Fields     // WithAttrs attributes, converted once; WithGroup prefix
	source bool             // resolve Record.PC into code.* attributes
}

var _ slog.Handler = (*Handler)(nil)

// NewHandler returns a handler that makes a span for every record at or
// above Info (change it with logspan.WithMinLevel) through the tracer provider
// the options name (by default the global one).
func NewHandler(opts ...logspan.Option) *Handler {
	em := core.NewEmitter(ScopeName, Version, opts...)
	return &Handler{em: em, opts: slices.Clip(opts), source: em.Config().Source()}
}

// Enabled reports whether records at level l become spans. The context
// plays no part: a log without a parent still makes a span (a new trace).
func (h *Handler) Enabled(_ context.Context, l slog.Level) bool { return h.em.Enabled(levelOf(l)) }

// WithSource returns a handler that also records where each log was made,
// as the code.* attributes (both names, see logspan.WithCodeKeys), when add is true (and drops them when false). It is off by
// default: slog captures the caller's program counter anyway, but turning
// it into a file and line costs a frame lookup and an allocation per log,
// which the span model only asks for when the application opted in (the
// equivalent of slog.HandlerOptions.AddSource). h is unchanged.
func (h *Handler) WithSource(add bool) *Handler {
	clone := *h
	clone.source = add
	return &clone
}

// WithAttrs returns a handler whose spans carry attrs, under the groups
// opened so far. The attributes are converted once, here (a LogValuer is
// resolved now, as slog's own handlers do). h is unchanged.
func (h *Handler) WithAttrs(attrs []slog.Attr) slog.Handler {
	if len(attrs) == 0 {
		return h
	}
	return h.withAttrs(attrs)
}

func (h *Handler) withAttrs(attrs []slog.Attr) *Handler {
	enc := h.em.NewEncoder(h.fields)
	for _, a := range attrs {
		addAttr(enc, "", a, 0)
	}
	clone := *h
	clone.fields = enc.Fields()
	return &clone
}

// WithGroup returns a handler that puts every later attribute under name:
// the key "k" becomes "name.k". A group that ends up with no attributes
// leaves no trace on the span. An empty name returns h, as slog requires.
func (h *Handler) WithGroup(name string) slog.Handler {
	if name == "" {
		return h
	}
	return h.withGroup(name)
}

func (h *Handler) withGroup(name string) *Handler {
	enc := h.em.NewEncoder(h.fields)
	enc.OpenNamespace(name)
	clone := *h
	clone.fields = enc.Fields()
	return &clone
}

// Handle makes the record's span, a child of the span in ctx. It never
// returns an error: logging must not fail the caller.
func (h *Handler) Handle(ctx context.Context, r slog.Record) error {
	h.handle(ctx, r)
	return nil
}

// handle makes the span and returns the ids to write into the wrapped
// handler's record, as core decides them.
func (h *Handler) handle(ctx context.Context, r slog.Record) core.Correlation {
	ev := h.em.Start(ctx, h.record(r), h.fields)
	if ev == nil {
		return core.Correlation{}
	}
	if ev.Recording() {
		enc := ev.Encoder()
		r.Attrs(func(a slog.Attr) bool {
			addAttr(enc, "", a, 0)
			return true
		})
	}
	ids := ev.End()
	if r.PC == 0 && r.NumAttrs() == 0 && core.StdLogFatal() {
		// A line of log.Fatal or log.Panic through slog's bridge (which
		// records no PC under log's default flags, and no attributes):
		// the process is about to end, so what is queued leaves now. Only
		// such records pay for looking at the stack.
		_ = h.em.Sync()
	}
	return ids
}

// record translates what slog knows about the log apart from its
// attributes. A zero r.Time is left zero: core uses the current time, which
// is what slog's rule "ignore a zero time" means for a span, which must
// have one.
func (h *Handler) record(r slog.Record) core.Record {
	rec := core.Record{
		Time:      r.Time,
		Level:     levelOf(r.Level),
		LevelName: levelName(r.Level),
		Message:   r.Message,
	}
	if h.source && r.PC != 0 {
		rec.Caller = callerOf(r.PC)
	}
	return rec
}

// callerOf resolves the program counter slog captured at the logging call.
func callerOf(pc uintptr) core.Caller {
	f, _ := runtime.CallersFrames([]uintptr{pc}).Next()
	return core.Caller{File: f.File, Line: f.Line, Function: f.Function}
}

// Sync flushes the tracer provider, if it can flush, within the flush
// timeout (logspan.WithFlushTimeout). slog has no Sync of its own; call it
// before the process exits so the last logs are exported.
func (h *Handler) Sync() error { return h.em.Sync() }
