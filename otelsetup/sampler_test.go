package otelsetup_test

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/core"
	"github.com/logspan/logspan/otelsetup"
	"github.com/logspan/logspan/slogspan"
)

// newSampled returns a provider with sampler and the recorder of its
// sampled spans.
func newSampled(t *testing.T, sampler sdktrace.Sampler) (*sdktrace.TracerProvider, *tracetest.SpanRecorder) {
	t.Helper()
	sr := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSampler(sampler), sdktrace.WithSpanProcessor(sr))
	t.Cleanup(func() { _ = tp.Shutdown(context.Background()) })
	return tp, sr
}

// logAt makes one log span at level through core, under the span in ctx.
func logAt(ctx context.Context, tp trace.TracerProvider, level core.Level, msg string) {
	em := core.NewEmitter("test", "v", logspan.WithTracerProvider(tp), logspan.WithMinLevel(core.LevelTrace))
	em.Start(ctx, core.Record{Level: level, Message: msg}, nil).End()
}

func names(spans []sdktrace.ReadOnlySpan) []string {
	out := make([]string, 0, len(spans))
	for _, s := range spans {
		out = append(out, s.Name())
	}
	return out
}

// In a trace head sampling dropped, only the error-level logs are kept,
// each with its (unrecorded) parent's ids.
func TestErrorLogsSamplerDroppedTrace(t *testing.T) {
	tp, sr := newSampled(t, otelsetup.ErrorLogsSampler(0))
	ctx, root := tp.Tracer("test").Start(context.Background(), "request")
	require.False(t, root.IsRecording(), "ratio 0 drops the root")

	levels := []core.Level{core.LevelTrace, core.LevelDebug, core.LevelInfo, core.LevelNotice, core.LevelWarn,
		core.LevelError - 1, core.LevelError, core.LevelFatal - 1, core.LevelFatal, 24}
	for _, l := range levels {
		logAt(ctx, tp, l, fmt.Sprintf("level %d", l))
	}
	_, child := tp.Tracer("test").Start(ctx, "db query")
	child.End()
	root.End()

	assert.Equal(t, []string{"level 17", "level 20", "level 21", "level 24"}, names(sr.Ended()))
	for _, s := range sr.Ended() {
		assert.Equal(t, root.SpanContext().TraceID(), s.SpanContext().TraceID(), s.Name())
		assert.Equal(t, root.SpanContext().SpanID(), s.Parent().SpanID(), "%s: parent is the dropped root", s.Name())
		assert.True(t, s.SpanContext().IsSampled(), s.Name())
		assert.Equal(t, codes.Error, s.Status().Code, s.Name())
		assert.Equal(t, s.StartTime(), s.EndTime(), s.Name())
	}
}

// In a sampled trace every span is kept, as by parentbased_traceidratio.
func TestErrorLogsSamplerSampledTrace(t *testing.T) {
	tp, sr := newSampled(t, otelsetup.ErrorLogsSampler(1))
	ctx, root := tp.Tracer("test").Start(context.Background(), "request")
	logAt(ctx, tp, core.LevelInfo, "info")
	logAt(ctx, tp, core.LevelError, "error")
	root.End()
	assert.Equal(t, []string{"info", "error", "request"}, names(sr.Ended()))
}

// A remote parent's decision is followed, and its trace state kept on an
// error log in a dropped trace.
func TestErrorLogsSamplerRemoteParent(t *testing.T) {
	tp, sr := newSampled(t, otelsetup.ErrorLogsSampler(0))
	ts, err := trace.ParseTraceState("vendor=x")
	require.NoError(t, err)
	parent := func(flags trace.TraceFlags) context.Context {
		return trace.ContextWithRemoteSpanContext(context.Background(), trace.NewSpanContext(trace.SpanContextConfig{
			TraceID:    trace.TraceID{1},
			SpanID:     trace.SpanID{2},
			TraceFlags: flags,
			TraceState: ts,
			Remote:     true,
		}))
	}
	logAt(parent(trace.FlagsSampled), tp, core.LevelInfo, "info, sampled parent")
	logAt(parent(0), tp, core.LevelInfo, "info, unsampled parent")
	logAt(parent(0), tp, core.LevelError, "error, unsampled parent")

	require.Equal(t, []string{"info, sampled parent", "error, unsampled parent"}, names(sr.Ended()))
	for _, s := range sr.Ended() {
		assert.Equal(t, "vendor=x", s.SpanContext().TraceState().String(), s.Name())
		assert.Equal(t, trace.SpanID{2}, s.Parent().SpanID(), s.Name())
	}
}

// The ratio is applied to root spans by trace id: about half of 2000 roots
// are kept at 0.5 (a binomial bound of more than 6 sigma), and an error
// log is kept in each of the others.
func TestErrorLogsSamplerRatio(t *testing.T) {
	tp, sr := newSampled(t, otelsetup.ErrorLogsSampler(0.5))
	const n = 2000
	for range n {
		ctx, root := tp.Tracer("test").Start(context.Background(), "request")
		logAt(ctx, tp, core.LevelError, "error")
		root.End()
	}
	roots, errs := 0, 0
	for _, s := range sr.Ended() {
		switch s.Name() {
		case "request":
			roots++
		case "error":
			errs++
		}
	}
	assert.Equal(t, n, errs, "every error log is kept")
	assert.InDelta(t, n/2, roots, 150, "roots kept at ratio 0.5")
}

// Only an int or float logfire.level_num counts; other keys and types do
// not.
func TestErrorLogsSamplerAttributes(t *testing.T) {
	tests := []struct {
		name string
		give []attribute.KeyValue
		want bool
	}{
		{"no attributes", nil, false},
		{"int 17", []attribute.KeyValue{core.KeyLevelNum.Int(17)}, true},
		{"int 16", []attribute.KeyValue{core.KeyLevelNum.Int(16)}, false},
		{"float 17", []attribute.KeyValue{core.KeyLevelNum.Float64(17)}, true},
		{"float 16.5", []attribute.KeyValue{core.KeyLevelNum.Float64(16.5)}, false},
		{"string 17", []attribute.KeyValue{core.KeyLevelNum.String("17")}, false},
		{"other key", []attribute.KeyValue{attribute.Int("level_num", 17)}, false},
		{"after other attributes", []attribute.KeyValue{attribute.String("a", "b"), core.KeyLevelNum.Int(21)}, true},
	}
	tp, sr := newSampled(t, otelsetup.ErrorLogsSampler(0))
	for _, tt := range tests {
		_, s := tp.Tracer("test").Start(context.Background(), tt.name, trace.WithAttributes(tt.give...))
		assert.Equal(t, tt.want, s.IsRecording(), tt.name)
		s.End()
	}
	assert.Len(t, sr.Ended(), 3)
}

// The adapters pass the level at span start: through slogspan, an error
// log is kept in a dropped trace and an info log is not.
func TestErrorLogsSamplerThroughAdapter(t *testing.T) {
	tp, sr := newSampled(t, otelsetup.ErrorLogsSampler(0))
	log := slog.New(slogspan.NewHandler(logspan.WithTracerProvider(tp)))
	ctx, root := tp.Tracer("test").Start(context.Background(), "request")
	log.InfoContext(ctx, "checkout started", "user", "ada")
	log.ErrorContext(ctx, "card declined", "error", errors.New("insufficient funds"))
	root.End()

	spans := sr.Ended()
	require.Equal(t, []string{"card declined"}, names(spans))
	assert.Equal(t, root.SpanContext().SpanID(), spans[0].Parent().SpanID())
	assert.Contains(t, spans[0].Attributes(), core.KeyLevelNum.Int(17))
}

func TestErrorLogsSamplerDescription(t *testing.T) {
	d := otelsetup.ErrorLogsSampler(0.25).Description()
	assert.True(t, strings.HasPrefix(d, "ErrorLogs{level_num>=17,ParentBased{"), d)
	assert.Contains(t, d, "TraceIDRatioBased{0.25}")
}

// OTEL_TRACES_SAMPLER=logspan_errors_traceidratio selects the sampler,
// with OTEL_TRACES_SAMPLER_ARG as the ratio; a bad ratio is an error
// naming the variable.
func TestErrorLogsSamplerFromEnv(t *testing.T) {
	sr := tracetest.NewSpanRecorder()
	p, err := otelsetup.New(t.Context(), envOf(map[string]string{
		"OTEL_TRACES_SAMPLER":     otelsetup.SamplerErrorLogs,
		"OTEL_TRACES_SAMPLER_ARG": "0",
		"OTEL_TRACES_EXPORTER":    "none",
	}), otelsetup.WithSpanProcessor(sr))
	require.NoError(t, err)
	tp := p.TracerProvider()
	ctx, root := tp.Tracer("test").Start(context.Background(), "request")
	logAt(ctx, tp, core.LevelInfo, "info")
	logAt(ctx, tp, core.LevelError, "error")
	root.End()
	require.NoError(t, p.Shutdown(context.Background()))
	assert.Equal(t, []string{"error"}, names(sr.Ended()))

	for _, arg := range []string{"-0.1", "1.5", "half", "NaN"} {
		_, err := otelsetup.New(t.Context(), envOf(map[string]string{
			"OTEL_TRACES_SAMPLER":     otelsetup.SamplerErrorLogs,
			"OTEL_TRACES_SAMPLER_ARG": arg,
			"OTEL_TRACES_EXPORTER":    "none",
		}))
		assert.ErrorContains(t, err, "OTEL_TRACES_SAMPLER_ARG=", arg)
	}
}

// An unset OTEL_TRACES_SAMPLER_ARG means ratio 1, as for the
// specification's ratio samplers.
func TestErrorLogsSamplerFromEnvDefaultRatio(t *testing.T) {
	sr := tracetest.NewSpanRecorder()
	p, err := otelsetup.New(t.Context(), envOf(map[string]string{
		"OTEL_TRACES_SAMPLER":  otelsetup.SamplerErrorLogs,
		"OTEL_TRACES_EXPORTER": "none",
	}), otelsetup.WithSpanProcessor(sr))
	require.NoError(t, err)
	tp := p.TracerProvider()
	ctx, root := tp.Tracer("test").Start(context.Background(), "request")
	logAt(ctx, tp, core.LevelInfo, "info")
	root.End()
	require.NoError(t, p.Shutdown(context.Background()))
	assert.Equal(t, []string{"info", "request"}, names(sr.Ended()))
}

// A service that keeps 10% of its traces, and every error log.
func ExampleErrorLogsSampler() {
	sr := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(
		sdktrace.WithSampler(otelsetup.ErrorLogsSampler(0.1)),
		sdktrace.WithSpanProcessor(sr),
	)
	defer tp.Shutdown(context.Background())
	log := slog.New(slogspan.NewHandler(logspan.WithTracerProvider(tp)))

	// A request its caller did not sample (traceparent flags 00).
	ctx := trace.ContextWithRemoteSpanContext(context.Background(), trace.NewSpanContext(trace.SpanContextConfig{
		TraceID: trace.TraceID{1},
		SpanID:  trace.SpanID{1},
		Remote:  true,
	}))
	log.InfoContext(ctx, "checkout started")
	log.ErrorContext(ctx, "card declined")

	for _, s := range sr.Ended() {
		fmt.Println(s.Name(), s.Status().Code)
	}
	// Output: card declined Error
}

// The sampler's cost over the SDK's parentbased_traceidratio, for a log
// span (the level among the first start attributes) in a dropped trace.
func BenchmarkSampler(b *testing.B) {
	params := sdktrace.SamplingParameters{
		ParentContext: trace.ContextWithSpanContext(context.Background(), trace.NewSpanContext(trace.SpanContextConfig{
			TraceID: trace.TraceID{1}, SpanID: trace.SpanID{1},
		})),
		TraceID: trace.TraceID{1},
		Name:    "checkout started",
		Kind:    trace.SpanKindInternal,
		Attributes: []attribute.KeyValue{
			core.KeySpanType.String("log"), core.KeyLevelNum.Int(9), core.KeyLogLevel.String("info"),
			core.KeyMsgTemplate.String("checkout started"), core.KeyMsg.String("checkout started"),
		},
	}
	for _, bb := range []struct {
		name    string
		sampler sdktrace.Sampler
	}{
		{"parentbased_traceidratio", sdktrace.ParentBased(sdktrace.TraceIDRatioBased(0.1))},
		{"logspan_errors_traceidratio", otelsetup.ErrorLogsSampler(0.1)},
	} {
		b.Run(bb.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_ = bb.sampler.ShouldSample(params)
			}
		})
	}
}
