package zapspan

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/logspan/logspan"
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
// The logger's own core keeps its level, sampling, hooks and output, byte
// for byte, apart from trace_id and span_id (below). Every entry that core
// writes also becomes a span, at or above logspan.WithMinLevel (Info by
// default). An entry the core drops (below its level, or sampled out by
// zapcore.NewSamplerWithOptions or Config.Sampling) makes no span: zap
// hands a core an entry's fields only if the core says it writes the
// entry, and saying so would run the hooks and cores around it
// (zap.Hooks, zapcore.RegisterHooks) for an entry they never saw before.
//
// In the logger's own output, a context field is removed, and when the
// context holds a valid span context the trace_id and span_id (hex) of the
// log's span are added, so text logs and traces can be joined. A log
// without a context, or whose context holds no span, gets neither.
//
// # Order
//
// WrapCore sees the logger's core as it is when the option is applied.
// Fields the logger already carries are inside that core (zap.Logger.With,
// the zap.Fields option, Config.InitialFields): they stay in its output
// but never reach the spans. Apply WrapCore first, before them:
//
//	logger := zap.New(appCore, zapspan.WrapCore(), zap.Fields(zap.String("svc", "api")))
//	logger, err := zapspan.Build(cfg) // a zap.Config: see [Build]
//	child := logger.With(zap.String("req", id)) // after WrapCore: in the spans too
//
// # Sync
//
// The logger's Sync returns the application core's error itself when the
// span side (a flush of the tracer provider) succeeds, so checks such as
// err == syscall.EINVAL keep working; when only the flush fails, its error;
// when both fail, errors.Join of the two, in that order (errors.Is finds
// either).
//
// Under the build-time instrumentation (module auto), WrapCore does
// nothing and warns once: zap's cores already make the spans.
func WrapCore(opts ...logspan.Option) zap.Option {
	if core.SkipManual(core.LoggerZap, opts) {
		return zap.WrapCore(func(c zapcore.Core) zapcore.Core { return c }) // zap is instrumented at build time
	}
	return zap.WrapCore(func(inner zapcore.Core) zapcore.Core {
		// The application's core prints the line: consoles need not.
		// The application's options come last, so WithConsoleLog(true) wins.
		return &teeCore{inner: inner, spans: NewCore(append([]logspan.Option{logspan.WithConsoleLog(false)}, opts...)...)}
	})
}

// teeCore writes each entry to the application's core and to the span
// core, translating the context field for the former.
type teeCore struct {
	inner zapcore.Core
	spans *Core
}

var _ zapcore.Core = (*teeCore)(nil)

func (t *teeCore) Enabled(l zapcore.Level) bool { return t.inner.Enabled(l) }

// Level returns the application core's level, for zapcore.LevelOf and
// zap.Logger.Level, so that custom levels read as they did.
func (t *teeCore) Level() zapcore.Level { return zapcore.LevelOf(t.inner) }

func (t *teeCore) With(fields []zapcore.Field) zapcore.Core {
	return &teeCore{inner: t.inner.With(withoutContext(fields)), spans: t.spans.with(fields)}
}

// Check asks the application's core for its own decision and keeps that
// answer for Write. An entry the core drops (level, sampler) is dropped
// here too, ce returned as it came: the hooks and cores around this one,
// and the logger itself, must see exactly what they saw without WrapCore.
func (t *teeCore) Check(ent zapcore.Entry, ce *zapcore.CheckedEntry) *zapcore.CheckedEntry {
	inner := t.inner.Check(ent, nil)
	if inner == nil {
		return ce
	}
	w := entryWriterPool.Get().(*entryWriter)
	w.tee, w.inner, w.span = t, inner, t.spans.Enabled(ent.Level)
	return ce.AddCore(ent, w)
}

func (t *teeCore) Write(ent zapcore.Entry, fields []zapcore.Field) error {
	// Reached only when a caller bypasses Check; write to both.
	ids := t.spans.write(ent, fields)
	return t.inner.Write(ent, ids.replaceContext(fields))
}

// Sync syncs the application's core, then flushes the spans. The first
// error is returned unchanged when the other side has none (see WrapCore).
func (t *teeCore) Sync() error {
	appErr, spanErr := t.inner.Sync(), t.spans.Sync()
	switch {
	case spanErr == nil:
		return appErr
	case appErr == nil:
		return spanErr
	}
	return errors.Join(appErr, spanErr)
}

// entryWriter carries one checked entry to both destinations: the span
// first, since the application's output needs the span's ids.
type entryWriter struct {
	tee   *teeCore
	inner *zapcore.CheckedEntry // the application core's checked entry, or nil
	span  bool
	errs  writeErrors // pooled with the writer: no allocation per log
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
		w.errs.time = ent.Time
		inner.ErrorOutput = &w.errs
		inner.Write(ids.replaceContext(fields)...) // returns inner to zap's pool
		err = w.errs.err()
	}
	clear(w.errs.msgs)
	*w = entryWriter{errs: writeErrors{msgs: w.errs.msgs[:0]}}
	entryWriterPool.Put(w)
	return err
}

// writeErrors collects what a checked entry writes to its ErrorOutput.
// zapcore.CheckedEntry.Write reports a failed write as one line,
// "<entry time> write error: <error>"; the logger's own checked entry adds
// the same prefix again to the error returned, so it is cut here and the
// logger's ErrorOutput reads as it does without WrapCore.
type writeErrors struct {
	time time.Time // the entry's
	msgs []string
}

func (e *writeErrors) Write(p []byte) (int, error) {
	msg := strings.TrimSuffix(string(p), "\n")
	e.msgs = append(e.msgs, strings.TrimPrefix(msg, fmt.Sprintf("%v write error: ", e.time)))
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

// spanIDs is what the application's output learns about the log's span:
// core's decision, returned by the call that ended the span.
type spanIDs struct{ core.Correlation }

// replaceContext returns fields with every context field removed and, when
// the log's context held a valid span context and a span was started,
// trace_id and span_id added: after the log's fields, or before the first
// field that can open a namespace (zap.Namespace, zap.Inline), so that the
// ids stay at the top level of the line. fields is never modified; it is
// returned as is when there is nothing to change.
func (ids spanIDs) replaceContext(fields []zapcore.Field) []zapcore.Field {
	add := ids.OK()
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
		if add && (f.Type == zapcore.NamespaceType || f.Type == zapcore.InlineMarshalerType) {
			out = ids.appendIDs(out)
			add = false
		}
		if _, ok := contextField(f); !ok {
			out = append(out, f)
		}
	}
	if add {
		out = ids.appendIDs(out)
	}
	return out
}

func (ids spanIDs) appendIDs(fields []zapcore.Field) []zapcore.Field {
	tid, sid := ids.IDs()
	return append(fields, zap.String(TraceIDKey, tid), zap.String(SpanIDKey, sid))
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
