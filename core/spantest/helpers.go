package spantest

import (
	"context"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
)

// Helpers for adapters' own tests and benchmarks, so that each adapter
// does not set up the same recorder and discarding pipeline again.

// NewRecorder returns a tracer provider that records every span it ends
// (with the given extra options), shut down when the test ends.
func NewRecorder(tb testing.TB, opts ...sdktrace.TracerProviderOption) (*sdktrace.TracerProvider, *tracetest.SpanRecorder) {
	tb.Helper()
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(append([]sdktrace.TracerProviderOption{sdktrace.WithSpanProcessor(rec)}, opts...)...)
	tb.Cleanup(func() { _ = tp.Shutdown(context.Background()) })
	return tp, rec
}

// Only returns the single span rec has ended, failing the test otherwise.
func Only(tb testing.TB, rec *tracetest.SpanRecorder) sdktrace.ReadOnlySpan {
	tb.Helper()
	spans := rec.Ended()
	if len(spans) != 1 {
		tb.Fatalf("got %d spans, want 1", len(spans))
	}
	return spans[0]
}

// Attributes returns a span's attributes by key.
func Attributes(s sdktrace.ReadOnlySpan) map[attribute.Key]attribute.Value {
	m := make(map[attribute.Key]attribute.Value, len(s.Attributes()))
	for _, kv := range s.Attributes() {
		m[kv.Key] = kv.Value
	}
	return m
}

// DiscardExporter drops every span: benchmarks over it measure logging,
// not export.
type DiscardExporter struct{}

// ExportSpans drops spans.
func (DiscardExporter) ExportSpans(context.Context, []sdktrace.ReadOnlySpan) error { return nil }

// Shutdown does nothing.
func (DiscardExporter) Shutdown(context.Context) error { return nil }

// NewBenchProvider returns the benchmarks' tracer provider: the SDK's batch
// processor over a DiscardExporter, with sampler, shut down at the end.
func NewBenchProvider(tb testing.TB, sampler sdktrace.Sampler) *sdktrace.TracerProvider {
	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(DiscardExporter{}), sdktrace.WithSampler(sampler))
	tb.Cleanup(func() { _ = tp.Shutdown(context.Background()) })
	return tp
}

// NewHeldProvider returns a tracer provider whose batcher holds every span
// for an hour unless flushed, and a function counting the spans that
// reached its exporter: what a test of a flush (a fatal log, Sync) needs.
func NewHeldProvider(tb testing.TB) (*sdktrace.TracerProvider, func() int) {
	tp, exp := Harness{}.newHeldProvider(tb)
	return tp, exp.count
}
