package logrusspan

import (
	"github.com/sirupsen/logrus"
	"go.opentelemetry.io/otel/trace"

	"github.com/logspan/logspan/core"
)

// Keys of the fields the hook adds to the entry, so that logrus's own
// output carries the identity of the log's span.
const (
	TraceIDKey = core.TraceIDKey
	SpanIDKey  = core.SpanIDKey
)

// Hook is a logrus.Hook that turns every entry it fires for into an instant
// span. Install it on the standard logger or on any *logrus.Logger:
//
//	logrus.AddHook(logrusspan.NewHook())
//
// The logger keeps its own formatter, output and level; the hook only adds
// the spans, and trace_id and span_id to the entry's fields (see
// [Hook.WithoutTraceCorrelation]). A Hook is safe for concurrent use.
type Hook struct {
	em        *core.Emitter
	levels    []logrus.Level
	correlate bool // add trace_id and span_id to the entry
}

var _ logrus.Hook = (*Hook)(nil)

// NewHook returns a hook that makes a span for every entry at or above
// Info (change it with core.WithMinLevel) through the tracer provider the
// options name (by default the global one). The logger's own level still
// applies: an entry the logger drops never reaches the hook.
func NewHook(opts ...core.Option) *Hook {
	if core.SkipManual(core.LoggerLogrus, opts) { // logrus is instrumented at build time
		opts = append(opts[:len(opts):len(opts)], core.WithMinLevel(core.OffLevel))
	}
	em := core.NewEmitter(ScopeName, Version, opts...)
	return &Hook{em: em, levels: levelsFrom(em.MinLevel()), correlate: em.TraceCorrelation()}
}

// WithoutTraceCorrelation returns a copy of h that leaves the entry's
// fields alone: logrus's output then gets no trace_id and span_id. h is
// unchanged, so a hook already installed keeps its behaviour.
func (h *Hook) WithoutTraceCorrelation() *Hook {
	c := *h
	c.correlate = false
	return &c
}

// Levels returns the logrus levels at or above the hook's minimum level;
// logrus fires the hook only for those. Logrus reads them once, in AddHook.
func (h *Hook) Levels() []logrus.Level {
	// A copy: the caller may keep and change the slice.
	return append([]logrus.Level(nil), h.levels...)
}

// Fire makes the entry's span, a child of the span in entry.Context (set
// with WithContext). Entries at Fatal and Panic are flushed before Fire
// returns, and logrus fires hooks before it exits or panics, so they are
// delivered. Fire never fails: a field that cannot be converted becomes an
// attribute saying why, and the entry is never refused.
//
// When the entry has a context, trace_id and span_id (hex) of the log's
// span are added to entry.Data for logrus's formatter, in a copy of the
// map: the caller's logrus.Fields and a reused *logrus.Entry are never
// written to.
func (h *Hook) Fire(entry *logrus.Entry) error {
	// Fire must not log through logrus, directly or otherwise: the entry
	// would come back here.
	if entry == nil {
		return nil
	}
	ev := h.em.Start(entry.Context, recordOf(entry), nil)
	if ev == nil {
		return nil // below the minimum level: fired directly, not by logrus
	}
	if ev.Recording() && len(entry.Data) > 0 {
		addData(ev.Encoder(), entry.Data)
	}
	sc := ev.SpanContext()
	ev.End()
	// Only a context holding a span, as in every other adapter: a bare
	// context would give the ids of a new, lonely trace.
	if h.correlate && entry.Context != nil && sc.IsValid() && trace.SpanContextFromContext(entry.Context).IsValid() {
		entry.Data = withIDs(entry.Data, sc)
	}
	return nil
}

// Sync flushes the tracer provider, if it can flush, within the flush
// timeout (core.WithFlushTimeout). Call it before the process exits by a
// path other than logrus's Fatal, which flushes on its own.
func (h *Hook) Sync() error { return h.em.Sync() }

func recordOf(entry *logrus.Entry) core.Record {
	r := core.Record{
		Time:      entry.Time,
		Level:     levelOf(entry.Level),
		LevelName: levelName(entry.Level),
		Message:   entry.Message,
	}
	if c := entry.Caller; c != nil {
		r.Caller = core.Caller{File: c.File, Line: c.Line, Function: c.Function}
	}
	return r
}
