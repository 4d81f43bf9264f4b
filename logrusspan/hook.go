package logrusspan

import (
	"github.com/sirupsen/logrus"

	"github.com/logspan/logspan"
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
	em     *core.Emitter
	levels []logrus.Level
	// noCorrelation is the deprecated per-hook switch; core decides the
	// rest (see core.Correlation).
	noCorrelation bool
}

var _ logrus.Hook = (*Hook)(nil)

// NewHook returns a hook that makes a span for every entry at or above
// Info (change it with logspan.WithMinLevel) through the tracer provider the
// options name (by default the global one). The logger's own level still
// applies: an entry the logger drops never reaches the hook.
func NewHook(opts ...logspan.Option) *Hook {
	opts = core.ManualOptions(core.LoggerLogrus, opts) // off when instrumented at build time
	// The logger prints its own line: consoles need not print the span,
	// unless the options say otherwise.
	opts = append([]logspan.Option{logspan.WithConsoleLog(false)}, opts...)
	em := core.NewEmitter(ScopeName, Version, opts...)
	levels := logrus.AllLevels
	if _, fixed := em.Config().Leveler().(logspan.Level); fixed {
		levels = levelsFrom(em.MinLevel())
	}
	// A level that changes at run time (logspan.WithLeveler): logrus asks
	// Levels once, in AddHook, so the hook takes every level and Fire
	// asks the emitter on each entry.
	return &Hook{em: em, levels: levels}
}

// WithoutTraceCorrelation returns a copy of h that leaves the entry's
// fields alone: logrus's output then gets no trace_id and span_id. h is
// unchanged, so a hook already installed keeps its behaviour.
//
// Deprecated: pass logspan.WithoutTraceCorrelation() to NewHook, as to
// every adapter.
func (h *Hook) WithoutTraceCorrelation() *Hook {
	c := *h
	c.noCorrelation = true
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
	if ev.Recording() {
		if note := refusedNote(entry); len(entry.Data) > 0 || note != "" {
			addData(ev.Encoder(), entry.Data, note)
		}
	}
	if ids := ev.End(); ids.OK() && !h.noCorrelation {
		entry.Data = withIDs(entry.Data, ids)
	}
	return nil
}

// Sync flushes the tracer provider, if it can flush, within the flush
// timeout (logspan.WithFlushTimeout). Call it before the process exits by a
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
