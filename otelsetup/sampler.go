package otelsetup

import (
	"fmt"

	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/logspan/logspan/core"
)

// SamplerErrorLogs is the OTEL_TRACES_SAMPLER value that selects
// [ErrorLogsSampler], with OTEL_TRACES_SAMPLER_ARG as its ratio (a number
// from 0 to 1, 1 when unset), as for parentbased_traceidratio.
//
// The OpenTelemetry SDK reads OTEL_TRACES_SAMPLER itself only when no
// sampler is given, and does not know this value: only [Setup] and [New]
// understand it (they always pass their sampler to the SDK).
const SamplerErrorLogs = "logspan_errors_traceidratio"

// ErrorLogsSampler returns a head sampler that keeps a ratio of the traces,
// like the specification's parentbased_traceidratio, and also every log
// span at error level and above, in any trace.
//
// Spans are decided as by sdktrace.ParentBased(sdktrace.TraceIDRatioBased(ratio)):
// a root span is sampled when its trace id falls within ratio, a child
// follows its parent's decision. A ratio at or below 0 keeps no trace, at
// or above 1 every trace.
//
// The exception: a span whose start attributes hold logfire.level_num of
// 17 (error) or more is always recorded and sampled. logspan's adapters
// pass the level among the start attributes, so every error, fatal and
// panic log becomes a sampled span even inside a trace that head sampling
// dropped. That is what lets a tail-sampling gateway (see deploy/ in the
// repository) keep the errors of a service that head-samples, but the
// gateway then sees only those log spans of the trace: their parent span
// and the rest of the trace were never recorded, and a backend shows the
// log under a missing parent. In a sampled trace nothing changes.
//
// The trace state of the parent is kept, as by the SDK's samplers.
func ErrorLogsSampler(ratio float64) sdktrace.Sampler {
	return errorLogsSampler{sdktrace.ParentBased(sdktrace.TraceIDRatioBased(ratio))}
}

type errorLogsSampler struct {
	base sdktrace.Sampler // ParentBased(TraceIDRatioBased(ratio))
}

var _ sdktrace.Sampler = errorLogsSampler{}

func (s errorLogsSampler) ShouldSample(p sdktrace.SamplingParameters) sdktrace.SamplingResult {
	if isErrorLog(p.Attributes) {
		return sdktrace.SamplingResult{
			Decision:   sdktrace.RecordAndSample,
			Tracestate: trace.SpanContextFromContext(p.ParentContext).TraceState(),
		}
	}
	return s.base.ShouldSample(p)
}

func (s errorLogsSampler) Description() string {
	return fmt.Sprintf("ErrorLogs{level_num>=%d,%s}", int(core.LevelError), s.base.Description())
}

// isErrorLog reports whether attrs hold logfire.level_num >= 17. It is an
// int attribute; a float is accepted too, from a hand-made span.
func isErrorLog(attrs []attribute.KeyValue) bool {
	for _, kv := range attrs {
		if kv.Key != core.KeyLevelNum {
			continue
		}
		switch kv.Value.Type() {
		case attribute.INT64:
			return kv.Value.AsInt64() >= int64(core.LevelError)
		case attribute.FLOAT64:
			return kv.Value.AsFloat64() >= float64(core.LevelError)
		}
		return false
	}
	return false
}
