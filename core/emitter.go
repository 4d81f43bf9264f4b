package core

import (
	"cmp"
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/sdk/instrumentation"
	"go.opentelemetry.io/otel/trace"

	"github.com/logspan/logspan"
)

// A Record is what an adapter knows about one log event, apart from its
// fields.
type Record struct {
	// Time is the event's own timestamp; it becomes both the start and the
	// end of the span. The zero time means now.
	Time time.Time
	// Level is the severity number.
	Level Level
	// LevelName is the logger's own name for the level, lower case ("warn",
	// "dpanic"). Empty means Level.String().
	LevelName string
	// Message is the log message; it names the span.
	Message string
	// LoggerName is the logger's name, if it has one.
	LoggerName string
	// Caller is where the log was made, if the logger captured it.
	Caller Caller
	// Stack is the stack trace the logger captured for the log, if it did
	// (zap's AddStacktrace). It becomes the code.stacktrace attribute and
	// the stack of the first error's exception event when the error has
	// none of its own.
	Stack string
}

// Caller is the source location of a logging call.
type Caller struct {
	File     string
	Line     int
	Function string
}

// Defined reports whether the caller was captured.
func (c Caller) Defined() bool { return c.File != "" }

// An Emitter turns log records into instant spans, OpenTelemetry log
// records, or both (see [logspan.WithLogsAs]). Each adapter holds one; it
// is safe for concurrent use and holds no lock on the logging path.
type Emitter struct {
	tracer  trace.Tracer
	scope   instrumentation.Scope // for spans made by a Pipeline
	recs    *recordSource         // for log records
	cfg     logspan.Config
	leveler logspan.Leveler
	limits  limits
	// stalledUntil (unix nanoseconds) is set when a bounded flush runs out
	// of time: until then, bounded flushes are skipped.
	stalledUntil atomic.Int64
}

// stallPause is how long bounded flushes are skipped after one timed out.
// A backend that did not take a flush within the timeout will not take the
// next one either; waiting the timeout out on every DPanic log would stall
// the application for nothing.
const stallPause = 10 * time.Second

// ErrFlushSkipped is returned by [Emitter.Sync] while flushes are paused
// after one timed out.
var ErrFlushSkipped = errors.New("logspan: flush skipped: the previous one timed out")

// limits are what an Encoder needs from its emitter.
type limits struct {
	maxBytes    int
	maxLogBytes int
	maxDepth    int
	maxFields   int
	scrub       *scrubber // nil when scrubbing is off
}

// NewEmitter returns an emitter whose spans and log records carry the
// instrumentation scope scopeName (the adapter's import path) at version.
func NewEmitter(scopeName, version string, opts ...Option) *Emitter {
	cfg := logspan.NewConfig(opts...)
	tp := cfg.TracerProvider()
	if tp == nil {
		tp = otel.GetTracerProvider()
	}
	lim := limits{
		maxBytes:    cfg.MaxValueBytes(),
		maxLogBytes: cfg.MaxLogBytes(),
		maxDepth:    cfg.MaxDepth(),
		maxFields:   cfg.MaxFields(),
	}
	if cfg.Scrubbing() {
		lim.scrub = &scrubber{extra: cfg.ScrubPatterns(), allow: cfg.ScrubAllow(), callback: cfg.ScrubCallback()}
	}
	return &Emitter{
		tracer:  tp.Tracer(scopeName, trace.WithInstrumentationVersion(version)),
		scope:   pipelineScope(scopeName, version),
		recs:    newRecordSource(cfg, scopeName, version),
		cfg:     cfg,
		leveler: cfg.Leveler(),
		limits:  lim,
	}
}

// Config returns the options the emitter was built with, resolved.
func (em *Emitter) Config() logspan.Config { return em.cfg }

// TraceCorrelation reports whether adapters should write the log span's
// ids into the logger's own output.
//
// Deprecated: [Event.End] returns the ids to write, and decides whether
// there are any.
func (em *Emitter) TraceCorrelation() bool { return em.cfg.TraceCorrelation() }

// MinLevel returns the lowest level that becomes a span, now: with a
// [logspan.LevelVar] it can change from one call to the next.
func (em *Emitter) MinLevel() Level { return em.leveler.Level() }

// Enabled reports whether a record at level l becomes a span (or a log
// record). Adapters ask it before doing any work for a log.
func (em *Emitter) Enabled(l Level) bool { return l >= em.leveler.Level() }

// Start begins the span for one log event, with parent the span in ctx (a
// new trace when ctx holds no valid span context; a nil ctx is allowed), and
// returns the event to add its fields to. It returns nil when the level is
// below the minimum or ctx was marked by [WithoutLogSpans]. The span is never made current: nothing can become its
// child. Start ignores ctx's cancellation: the log of a cancelled request is
// still recorded.
//
// When the provider (the emitter's own, or the global one at the time of
// the log) has a [Pipeline] registered, the span is made by the pipeline
// instead of the provider's tracer; see [RegisterPipeline].
//
// The caller must call [Event.End] on a non-nil event. Fields should only
// be added when [Event.Recording] is true; that is what keeps an unsampled
// log almost free.
func (em *Emitter) Start(ctx context.Context, r Record, base *Fields) *Event {
	if !em.Enabled(r.Level) {
		return nil
	}
	if ctx == nil {
		ctx = context.Background()
	} else if LogSpansSuppressed(ctx) {
		return nil
	}
	filled := r.Time.IsZero()
	if filled {
		r.Time = time.Now()
	}
	if r.LevelName == "" {
		r.LevelName = r.Level.String()
	}
	ev := eventPool.Get().(*Event)
	ev.em, ev.rec = em, r
	// Correlate only when the log joins a trace that exists: ids of a new
	// trace of one span would lead nowhere.
	ev.correlate = em.cfg.TraceCorrelation() && trace.SpanContextFromContext(ctx).IsValid()
	mode := em.logsAs()
	if mode != logspan.LogsAsSpans {
		ev.startRecord(ctx, filled)
		if mode == logspan.LogsAsRecords && !ev.rs.on {
			ev.spanless(ctx) // a disabled logger: nothing to build
			ev.startEncoder(nil)
			return ev
		}
	}

	name := r.Message
	if name == "" {
		name = r.LevelName
	}
	maxBytes := em.limits.maxBytes
	msg := cleanString(r.Message, maxBytes)
	ev.rs.body = msg
	ev.fixed = appendLevel(append(ev.fixed[:0], KeySpanType.String(spanTypeLog)), r.Level)
	ev.fixed = append(ev.fixed,
		KeyLogLevel.String(cleanString(r.LevelName, maxBytes)),
		KeyMsgTemplate.String(msg),
		KeyMsg.String(msg),
	)
	if r.LoggerName != "" {
		ev.fixed = append(ev.fixed, KeyLoggerName.String(cleanString(r.LoggerName, maxBytes)))
	}
	ev.fixed = em.appendConsole(em.appendCaller(ev.fixed, r.Caller))
	ev.issue = em.issueRule(r.Level, ctx)
	if ev.rs.on {
		ev.rs.keepFixed(ev.fixed)
	}
	if mode == logspan.LogsAsRecords {
		ev.spanless(ctx)
		ev.startEncoder(base)
		return ev
	}
	// The fixed attributes go in at start so that a sampler can decide on
	// the level or the logger's name.
	if p, tp := em.pipeline(); p != nil {
		ev.span = &ev.direct
		ev.recording = ev.direct.start(ctx, p, tp, &em.scope, spanName(name), r.Time, ev.fixed) || ev.rs.on
		ev.startEncoder(base)
		return ev
	}
	// The timestamp option is boxed once and serves the start, the
	// exception events and the end; the option slice lives in the pooled
	// event. Both save an allocation per log.
	ev.at = trace.WithTimestamp(r.Time)
	ev.startOpts[0] = ev.at.(trace.SpanStartOption)
	ev.startOpts[1] = internalKind
	ev.startOpts[2] = trace.WithAttributes(ev.fixed...)
	_, ev.span = em.tracer.Start(ctx, spanName(name), ev.startOpts[:]...)
	ev.recording = ev.span.IsRecording() || ev.rs.on
	ev.startEncoder(base)
	return ev
}

// startEncoder readies the encoder for the log's fields, once the span has
// started.
func (ev *Event) startEncoder(base *Fields) {
	lim := ev.em.limits
	if ev.recording {
		ev.enc.reset(base, lim)
	} else {
		// Nothing will be kept; still leave the encoder usable.
		ev.enc.reset(nil, lim)
	}
	if ev.rec.Stack != "" && ev.recording {
		ev.enc.put(KeyCodeStacktrace.String(cleanString(ev.rec.Stack, lim.maxBytes)))
	}
}

// Flush asks the tracer provider to export what it holds, if it can
// (the SDK's TracerProvider has ForceFlush), and the logger provider too
// when logs become records, in the same ctx. It returns the providers'
// errors, or nil when they cannot flush.
func (em *Emitter) Flush(ctx context.Context) error {
	switch em.logsAs() {
	case logspan.LogsAsSpans:
		return em.flushSpans(ctx)
	case logspan.LogsAsRecords:
		return em.recs.flush(ctx)
	}
	spanErr := em.flushSpans(ctx)
	recErr := em.recs.flush(ctx)
	if spanErr == nil || recErr == nil {
		return cmp.Or(spanErr, recErr) // a single error as it is
	}
	return errors.Join(spanErr, recErr)
}

// flushSpans asks the tracer provider to export what it holds.
func (em *Emitter) flushSpans(ctx context.Context) error {
	tp := em.cfg.TracerProvider()
	if tp == nil {
		// Looked up now, not when the emitter was built: a provider set
		// globally since then is the one holding the spans.
		tp = otel.GetTracerProvider()
	}
	if f, ok := tp.(interface{ ForceFlush(context.Context) error }); ok {
		return f.ForceFlush(ctx)
	}
	return nil
}

// Sync flushes like [Emitter.Flush], bounded by the flush timeout (see
// [WithFlushTimeout]); adapters call it from their logger's Sync. With a
// timeout of zero or less it does nothing.
//
// When a flush runs out of time, the next ones are skipped for ten seconds
// and return [ErrFlushSkipped]: a stalled backend costs the application
// one timeout, not one per fatal-level log.
func (em *Emitter) Sync() error {
	timeout := em.cfg.FlushTimeout()
	if timeout <= 0 {
		return nil
	}
	if time.Now().UnixNano() < em.stalledUntil.Load() {
		return ErrFlushSkipped
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	err := em.Flush(ctx)
	if ctx.Err() != nil {
		em.stalledUntil.Store(time.Now().Add(stallPause).UnixNano())
	}
	return err
}

// internalKind is boxed once: it is the same for every log.
var internalKind = trace.WithSpanKind(trace.SpanKindInternal)

var eventPool = sync.Pool{New: func() any {
	return &Event{fixed: make([]attribute.KeyValue, 0, 16)}
}}
