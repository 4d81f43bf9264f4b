package zerologspan

import (
	"sync"

	"github.com/rs/zerolog"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/core"
)

// Keys of the fields the hook writes into zerolog's own output.
const (
	TraceIDKey = core.TraceIDKey
	SpanIDKey  = core.SpanIDKey
)

// Hook is a zerolog.Hook that turns every event it sees into an instant
// span. Install it on any logger, the global one included:
//
//	log.Logger = log.Logger.Hook(zerologspan.NewHook())
//
// A Hook is safe for concurrent use and may be shared by many loggers.
type Hook struct {
	em            *core.Emitter
	noCorrelation bool
}

var _ zerolog.Hook = (*Hook)(nil)

// NewHook returns a hook that makes a span for every event at or above
// Info (change it with logspan.WithMinLevel) through the tracer provider the
// options name (by default the global one). Events below zerolog's own
// level never reach a hook.
func NewHook(opts ...logspan.Option) *Hook {
	opts = core.ManualOptions(core.LoggerZerolog, opts) // off when instrumented at build time
	// The logger prints its own line: consoles need not print the span,
	// unless the options say otherwise.
	opts = append([]logspan.Option{logspan.WithConsoleLog(false)}, opts...)
	return &Hook{em: core.NewEmitter(ScopeName, Version, opts...)}
}

// WithoutTraceCorrelation returns a copy of h that leaves zerolog's output
// alone: no trace_id and span_id fields. h is unchanged.
//
// Deprecated: pass logspan.WithoutTraceCorrelation() to NewHook, as to
// every adapter.
func (h *Hook) WithoutTraceCorrelation() *Hook {
	c := *h
	c.noCorrelation = true
	return &c
}

// Sync flushes the tracer provider, if it can flush, within the flush
// timeout (logspan.WithFlushTimeout). Call it before a normal exit; Fatal and
// Panic events are flushed by the hook itself.
func (h *Hook) Sync() error { return h.em.Sync() }

var decoderPool = sync.Pool{New: func() any { return new(decoder) }}

// Run makes the span of one event. zerolog runs hooks inside Msg, before it
// writes the message and the event: the span is ended (and, for Fatal and
// Panic, flushed) before zerolog exits or panics. When the event has a
// context holding a span, the log span's trace_id and span_id are added to
// the event, so zerolog's output can be joined with the trace.
func (h *Hook) Run(e *zerolog.Event, level zerolog.Level, msg string) {
	if h == nil || h.em == nil || e == nil {
		return
	}
	num, name, ok := levelOf(level)
	if !ok || !h.em.Enabled(num) {
		return
	}
	ctx := e.GetCtx()
	buf := eventBuffer(e)
	n := names{
		level:     zerolog.LevelFieldName,
		time:      zerolog.TimestampFieldName,
		caller:    zerolog.CallerFieldName,
		err:       zerolog.ErrorFieldName,
		skipLevel: level != zerolog.NoLevel && zerolog.LevelFieldName != "",
	}
	d := decoderPool.Get().(*decoder)
	r := core.Record{Level: num, LevelName: name, Message: msg}
	healthy := d.safely(func() { d.meta(buf, &r, n) })
	ev := h.em.Start(ctx, r, nil)
	if ev == nil {
		return
	}
	if healthy && ev.Recording() && buf != nil {
		enc := ev.Encoder()
		healthy = d.safely(func() { d.fields(enc, buf, n) })
	}
	ids := ev.End()
	if healthy {
		d.s.reset(nil) // drop the reference to zerolog's buffer
		decoderPool.Put(d)
	}
	if ids.OK() && !h.noCorrelation {
		tid, sid := ids.TraceID(), ids.SpanID()
		e.Hex(TraceIDKey, tid[:]).Hex(SpanIDKey, sid[:])
	}
}

// safely runs f, reporting false if it panicked. The decoder is written
// never to panic; this is the guarantee that a bug in it (or a zerolog
// buffer it does not expect) costs fields, never the application.
func (d *decoder) safely(f func()) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	f()
	return true
}
