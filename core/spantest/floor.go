package spantest

import (
	"context"
	"errors"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
)

// floorSchema is the logfire.json_schema logspan attaches to the scenario's
// log: one property per field, each plain value an empty schema (as
// Logfire's SDK writes it).
const floorSchema = `{"type":"object","properties":{"user":{},"items":{},"total":{},"retry":{},"error":{}}}`

// floorErr is the error of the benchmark scenario.
var floorErr = errors.New("connection reset")

// BenchmarkFloor is the baseline every adapter's benchmarks compare with in
// the same run: the raw SDK instant span, built by hand, carrying what
// logspan emits for the benchmark scenario (an Info log "checkout" with a
// string, an int, a float, a bool and an error field, under a sampled
// parent), over the SDK's batch processor and a DiscardExporter.
func BenchmarkFloor(b *testing.B, scopeName string) {
	runFloor(b, scopeName, sdktrace.ParentBased(sdktrace.AlwaysSample()))
}

// BenchmarkFloorUnsampled is BenchmarkFloor under an unsampled parent: the
// SDK's non-recording span, the least any log under such a parent costs.
func BenchmarkFloorUnsampled(b *testing.B, scopeName string) {
	runFloor(b, scopeName, sdktrace.ParentBased(sdktrace.NeverSample()))
}

func runFloor(b *testing.B, scopeName string, sampler sdktrace.Sampler) {
	tp := NewBenchProvider(b, sampler)
	tracer := tp.Tracer(scopeName)
	ctx, parent := tp.Tracer("bench").Start(context.Background(), "parent")
	defer parent.End()
	b.ReportAllocs()
	for b.Loop() {
		FloorSpan(ctx, tracer)
	}
}

// FloorSpan writes the benchmark scenario's log as an instant span with
// the raw SDK, the cheapest correct way: one timestamp for start and end,
// the fixed attributes at start, the fields and the exception event only
// when the span records. It is what every adapter emits for that log.
func FloorSpan(ctx context.Context, tracer trace.Tracer) {
	now := time.Now()
	_, s := tracer.Start(ctx, "checkout", trace.WithTimestamp(now), trace.WithSpanKind(trace.SpanKindInternal),
		trace.WithAttributes(
			attribute.String("logfire.span_type", "log"),
			attribute.Int("logfire.level_num", 9),
			attribute.String("log.level", "info"),
			attribute.String("logfire.msg_template", "checkout"),
			attribute.String("logfire.msg", "checkout"),
		))
	if s.IsRecording() {
		s.SetAttributes(
			attribute.String("user", "ada"),
			attribute.Int64("items", 3),
			attribute.Float64("total", 42.5),
			attribute.Bool("retry", true),
			attribute.String("error", floorErr.Error()),
			attribute.String("logfire.json_schema", floorSchema),
		)
		s.AddEvent("exception", trace.WithTimestamp(now), trace.WithAttributes(
			attribute.String("exception.type", "*errors.errorString"),
			attribute.String("exception.message", floorErr.Error()),
		))
	}
	s.End(trace.WithTimestamp(now))
}
