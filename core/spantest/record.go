package spantest

import (
	"context"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	sdklog "go.opentelemetry.io/otel/sdk/log"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/core"
)

// env is one test's tracer provider, recorder and logger, and in the
// records and both models its log recorder.
type env struct {
	t      *testing.T
	h      Harness
	tp     *sdktrace.TracerProvider
	rec    *tracetest.SpanRecorder
	logs   *LogRecorder // nil in the spans model
	logger Logger
}

func newEnv(t *testing.T, h Harness, opts ...core.Option) *env {
	t.Helper()
	rec := tracetest.NewSpanRecorder()
	tp := h.provider(t, rec)
	opts = append([]core.Option{core.WithTracerProvider(tp)}, opts...)
	var logs *LogRecorder
	if h.logsAs != logspan.LogsAsDefault {
		var lp *sdklog.LoggerProvider
		lp, logs = NewLogRecorderProvider(t)
		opts = append(opts, logspan.WithLogsAs(h.logsAs), logspan.WithLoggerProvider(lp))
	}
	return &env{t: t, h: h, tp: tp, rec: rec, logs: logs, logger: h.NewLogger(t, opts...)}
}

// parent starts a span from the same provider, to log under.
func (e *env) parent() (context.Context, trace.Span) {
	return e.tp.Tracer("spantest").Start(context.Background(), "parent")
}

// logSpans returns the ended spans that are logs.
func (e *env) logSpans() []sdktrace.ReadOnlySpan {
	var out []sdktrace.ReadOnlySpan
	for _, s := range e.rec.Ended() {
		if attrs(s)[core.KeySpanType].AsString() == "log" {
			out = append(out, s)
		}
	}
	if e.h.logsAs == logspan.LogsAsBoth {
		e.checkTwins(out)
	}
	return out
}

// one returns the only log span, failing the test when there is not
// exactly one.
func (e *env) one() sdktrace.ReadOnlySpan {
	e.t.Helper()
	spans := e.logSpans()
	if len(spans) != 1 {
		e.t.Fatalf("got %d log spans, want 1", len(spans))
	}
	return spans[0]
}

func attrs(s sdktrace.ReadOnlySpan) map[attribute.Key]attribute.Value { return Attributes(s) }

func (h Harness) level(num core.Level) (Level, bool) {
	for _, l := range h.Levels {
		if l.Level == num {
			return l, true
		}
	}
	return Level{}, false
}

// provider builds the suite's tracer provider around sp. When the suite
// runs core's direct path (see [Run]), core's pipeline is registered for
// the provider with the same sampler, limits and processor, so the logs
// take it.
func (h Harness) provider(t testing.TB, sp sdktrace.SpanProcessor) *sdktrace.TracerProvider {
	t.Helper()
	sampler := sdktrace.ParentBased(sdktrace.AlwaysSample())
	tp := sdktrace.NewTracerProvider(sdktrace.WithSampler(sampler), sdktrace.WithSpanProcessor(sp))
	t.Cleanup(func() { _ = tp.Shutdown(context.Background()) })
	if h.direct {
		p := core.NewPipeline(core.PipelineConfig{
			Sampler:    sampler,
			SpanLimits: sdktrace.NewSpanLimits(),
			Processors: []sdktrace.SpanProcessor{sp},
		})
		t.Cleanup(core.RegisterPipeline(tp, p)) // runs before the shutdown above
	}
	return tp
}
