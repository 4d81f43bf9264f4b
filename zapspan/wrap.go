package zapspan

import (
	"errors"
	"strings"
	"sync"

	"go.opentelemetry.io/otel/trace"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/logspan/logspan/core"
)

// Keys of the fields WrapCore writes into the application's own output.
const (
	TraceIDKey = core.TraceIDKey
	SpanIDKey  = core.SpanIDKey
)

// WrapCore returns the option that migrates an existing logger in one line:
//
//	logger = logger.WithOptions(zapspan.WrapCore())
//
// Every entry still reaches the logger's own core, which keeps its level,
// sampling, hooks and output. Entries at levels that core enables also
// become spans, at or above core.WithMinLevel (Info by default), whether
// or not the core's sampler keeps them in its own output: sampling saves
// the application's log volume, and a span sampled out there would be
// missing from its trace. In the logger's own output, a
// context field is replaced by the trace_id and span_id (hex) of the log's
// span, so text logs and traces can be joined; a log without a context
// gets neither.
func WrapCore(opts ...core.Option) zap.Option {
	if core.SkipManual(core.LoggerZap, opts) {
		return zap.WrapCore(func(c zapcore.Core) zapcore.Core { return c }) // zap is instrumented at build time
	}
	return zap.WrapCore(func(inner zapcore.Core) zapcore.Core {
		return &teeCore{inner: inner, spans: NewCore(opts...)}
	})
}

// teeCore writes each entry to the application's core and to the span
// core, translating the context field for the former.
type teeCore struct {
	inner zapcore.Core
	spans *Core
}

func (t *teeCore) Enabled(l zapcore.Level) bool { return t.inner.Enabled(l) }

func (t *teeCore) With(fields []zapcore.Field) zapcore.Core {
	return &teeCore{inner: t.inner.With(withoutContext(fields)), spans: t.spans.with(fields)}
}

// Check asks the application's core for its own decision (so its sampling
// and hooks keep working) and keeps that answer for Write.
func (t *teeCore) Check(ent zapcore.Entry, ce *zapcore.CheckedEntry) *zapcore.CheckedEntry {
	if !t.inner.Enabled(ent.Level) {
		return ce
	}
	inner := t.inner.Check(ent, nil)
	span := t.spans.Enabled(ent.Level)
	if inner == nil && !span {
		return ce
	}
	w := entryWriterPool.Get().(*entryWriter)
	w.tee, w.inner, w.span = t, inner, span
	return ce.AddCore(ent, w)
}

func (t *teeCore) Write(ent zapcore.Entry, fields []zapcore.Field) error {
	// Reached only when a caller bypasses Check; write to both.
	ids := t.spans.write(ent, fields)
	return t.inner.Write(ent, ids.replaceContext(fields))
}

func (t *teeCore) Sync() error {
	return errors.Join(t.inner.Sync(), t.spans.Sync())
}

// entryWriter carries one checked entry to both destinations: the span
// first, since the application's output needs the span's ids.
type entryWriter struct {
	tee   *teeCore
	inner *zapcore.CheckedEntry // the application core's checked entry, or nil
	span  bool
}

var entryWriterPool = sync.Pool{New: func() any { return new(entryWriter) }}

func (w *entryWriter) Write(ent zapcore.Entry, fields []zapcore.Field) error {
	var ids spanIDs
	if w.span {
		ids = w.tee.spans.write(ent, fields)
	}
	var err error
	if inner := w.inner; inner != nil {
		// The logger annotates the entry (caller, stack trace) after Check,
		// on its own checked entry: carry that to the application's.
		inner.Entry = ent
		// The application's cores report write errors to ErrorOutput,
		// which a checked entry made with Check(ent, nil) lacks: collect
		// them and return them, so the logger reports them as it would.
		var errs writeErrors
		inner.ErrorOutput = &errs
		inner.Write(ids.replaceContext(fields)...) // returns inner to zap's pool
		err = errs.err()
	}
	*w = entryWriter{}
	entryWriterPool.Put(w)
	return err
}

// writeErrors collects what a checked entry writes to its ErrorOutput.
type writeErrors struct{ msgs []string }

func (e *writeErrors) Write(p []byte) (int, error) {
	e.msgs = append(e.msgs, strings.TrimSpace(string(p)))
	return len(p), nil
}

func (e *writeErrors) Sync() error { return nil }

func (e *writeErrors) err() error {
	if len(e.msgs) == 0 {
		return nil
	}
	return errors.New(strings.Join(e.msgs, "; "))
}

// The rest of zapcore.Core: an entryWriter lives only between Check and
// Write of one entry.
func (w *entryWriter) Enabled(zapcore.Level) bool { return true }
func (w *entryWriter) With([]zapcore.Field) zapcore.Core {
	return w.tee
}
func (w *entryWriter) Check(_ zapcore.Entry, ce *zapcore.CheckedEntry) *zapcore.CheckedEntry {
	return ce
}
func (w *entryWriter) Sync() error { return nil }

// spanIDs is what the application's output learns about the log's span.
type spanIDs struct {
	sc        trace.SpanContext
	correlate bool // the log had a context, and correlation is on
}

// replaceContext returns fields with every context field removed and, when
// the log had a context and a span, trace_id and span_id added. fields is
// never modified; it is returned as is when there is nothing to change.
func (ids spanIDs) replaceContext(fields []zapcore.Field) []zapcore.Field {
	add := ids.correlate && ids.sc.IsValid()
	n := 0
	for _, f := range fields {
		if _, ok := contextField(f); ok {
			n++
		}
	}
	if n == 0 && !add {
		return fields
	}
	out := make([]zapcore.Field, 0, len(fields)-n+2)
	for _, f := range fields {
		if _, ok := contextField(f); !ok {
			out = append(out, f)
		}
	}
	if add {
		tid, sid := core.HexIDs(ids.sc)
		out = append(out, zap.String(TraceIDKey, tid), zap.String(SpanIDKey, sid))
	}
	return out
}

// withoutContext returns fields without the fields that carry a context,
// which must not reach the application's output (a context prints as a
// chain of its values). fields is never modified.
func withoutContext(fields []zapcore.Field) []zapcore.Field {
	for i, f := range fields {
		if _, ok := contextField(f); ok {
			out := append([]zapcore.Field(nil), fields[:i]...)
			for _, f := range fields[i+1:] {
				if _, ok := contextField(f); !ok {
					out = append(out, f)
				}
			}
			return out
		}
	}
	return fields
}
