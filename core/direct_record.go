package core

import (
	"context"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/log"
	"go.opentelemetry.io/otel/sdk/instrumentation"
	"go.opentelemetry.io/otel/trace"
)

// LogRecord is a log record as core hands it to a [LogEmitter]: what the
// SDK's Logger.Emit receives for the same log, after core's value rules,
// limits and scrubbing, with the trace context already read from the
// log's context (the log span's, when logs are both spans and records).
type LogRecord struct {
	Timestamp         time.Time
	ObservedTimestamp time.Time
	Severity          log.Severity
	SeverityText      string
	Body              attribute.Value
	// Attributes hold each key once, in the order the log span has them
	// (core/doc.go, "Attributes"). The slice belongs to core and is
	// reused: an emitter that keeps the attributes past Emit copies them.
	Attributes []attribute.KeyValue
	TraceID    trace.TraceID
	SpanID     trace.SpanID
	TraceFlags trace.TraceFlags
}

// A LogEmitter takes the log records of one instrumentation scope from a
// [LogPipeline]. It must be safe for concurrent use.
type LogEmitter interface {
	// Enabled reports whether a record of the given severity would be
	// kept, as the SDK's Logger.Enabled does; core builds no record when
	// it is false.
	Enabled(ctx context.Context, severity log.Severity) bool
	// Emit takes r, which is valid only until Emit returns. ctx is the
	// log's context without its cancellation, holding the log span when
	// there is one.
	Emit(ctx context.Context, r *LogRecord)
}

// A LogPipeline lets core hand log records straight to the processors of
// a LoggerProvider whose configuration logspan knows (otelsetup builds
// both), skipping the Logs API's record and the SDK's copy of it: the
// record counterpart of [Pipeline]. Register it with
// [RegisterLogPipeline].
//
// The records it receives are those the SDK's Logger.Emit would get for
// the same log; each holds every key once, so the pipeline need not look
// for duplicate keys (the SDK's provider does, at a cost that grows with
// the square of the attributes). A LogPipeline is safe for concurrent
// use.
type LogPipeline struct {
	emitter func(instrumentation.Scope) LogEmitter
}

// NewLogPipeline returns a pipeline whose emitter for each
// instrumentation scope is emitter(scope). Core asks once per emitter (a
// logger's core or handler, which has one scope) and registration, and
// keeps the emitter; emitter should return the same one for the same
// scope cheaply. A nil emitter makes no pipeline; an emitter that returns
// nil sends the records through the provider's logger.
func NewLogPipeline(emitter func(scope instrumentation.Scope) LogEmitter) *LogPipeline {
	if emitter == nil {
		return nil
	}
	return &LogPipeline{emitter: emitter}
}

// logPipelines holds the record pipelines [RegisterLogPipeline] declared.
var logPipelines providerRegistry[log.LoggerProvider, *LogPipeline]

// RegisterLogPipeline declares that p takes exactly the records lp's
// loggers would, so that emitters whose logger provider is lp (their
// [WithLoggerProvider] one, or the global provider at the time of the log
// when they have none) hand their records to p instead of lp's loggers.
// It returns the function that withdraws the declaration; call it before
// shutting lp down. Registering again for the same lp replaces the earlier
// pipeline.
//
// lp must be of a comparable type (a pointer, as the SDK's provider is);
// for any other, or a nil lp or p, nothing is registered. Looking the
// registration up costs one atomic load and no lock on the logging path.
func RegisterLogPipeline(lp log.LoggerProvider, p *LogPipeline) (unregister func()) {
	return logPipelines.register(lp, p)
}

// emitDirect hands the record to the pipeline's emitter, with the
// attributes and the trace context (the one the SDK would read from the
// record's context) filled in; the record lives in the pooled event.
func (rs *recordState) emitDirect() {
	r := &rs.direct
	ctx := rs.ctx.context()
	sc := rs.span.sc
	if rs.ctx.span == nil {
		sc = trace.SpanContextFromContext(rs.ctx.parent)
	}
	r.Attributes = rs.attrs
	r.TraceID, r.SpanID, r.TraceFlags = sc.TraceID(), sc.SpanID(), sc.TraceFlags()
	rs.emitter.Emit(ctx, r)
	*r = LogRecord{}
}
