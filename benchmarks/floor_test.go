package benchmarks_test

import (
	"context"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"

	"github.com/logspan/logspan/core/spantest"
)

// floorScope is the instrumentation scope of the hand-made spans; the
// scope does not change the cost.
const floorScope = "github.com/logspan/logspan/benchmarks/floor"

// fixedAttrs are the attributes logspan starts every span of the scenario
// with (core/doc.go, "Attributes"), so a sampler can see them.
var fixedAttrs = []attribute.KeyValue{
	attribute.String("logfire.span_type", "log"),
	attribute.Int("logfire.level_num", 9),
	attribute.String("log.level", "info"),
	attribute.String("logfire.msg_template", "checkout"),
	attribute.String("logfire.msg", "checkout"),
}

// withAttrs are the ten With fields, converted ahead of time: what a
// derived logger should hold ready to copy.
var withAttrs = []attribute.KeyValue{
	attribute.String("a", "1"), attribute.String("b", "2"), attribute.String("c", "3"),
	attribute.String("d", "4"), attribute.String("e", "5"),
	attribute.Int64("f", 6), attribute.Int64("g", 7), attribute.Int64("h", 8),
	attribute.Bool("i", true), attribute.Float64("j", 10),
}

// floorSpan is the scenario's log written with the raw SDK
// (spantest.FloorSpan). TestFloorMatchesLogspan checks that every logspan
// adapter emits exactly this span.
func floorSpan(tracer trace.Tracer, ctx context.Context) { spantest.FloorSpan(ctx, tracer) }

// floorFields1 is the floor with one field.
func floorFields1(tracer trace.Tracer, ctx context.Context) {
	now := time.Now()
	_, s := tracer.Start(ctx, "checkout", trace.WithTimestamp(now), trace.WithSpanKind(trace.SpanKindInternal),
		trace.WithAttributes(fixedAttrs...))
	if s.IsRecording() {
		s.SetAttributes(attribute.Int64("n", 1), attribute.String("logfire.json_schema", fields1Schema))
	}
	s.End(trace.WithTimestamp(now))
}

// fields1Schema and with10Schema are the logfire.json_schema of the
// fields1 and with10 scenarios.
const (
	fields1Schema = `{"type":"object","properties":{"n":{}}}`
	with10Schema  = `{"type":"object","properties":{"a":{},"b":{},"c":{},"d":{},"e":{},"f":{},"g":{},"h":{},"i":{},"j":{},"n":{}}}`
)

// floorWith10 is the floor with ten ready attributes and one more: the
// least a logger derived with ten fields can cost.
func floorWith10(tracer trace.Tracer, ctx context.Context) {
	now := time.Now()
	_, s := tracer.Start(ctx, "checkout", trace.WithTimestamp(now), trace.WithSpanKind(trace.SpanKindInternal),
		trace.WithAttributes(fixedAttrs...))
	if s.IsRecording() {
		s.SetAttributes(withAttrs...)
		s.SetAttributes(attribute.Int64("n", 1), attribute.String("logfire.json_schema", with10Schema))
	}
	s.End(trace.WithTimestamp(now))
}

func newFloor(_ testing.TB, tp trace.TracerProvider) impl {
	tracer := tp.Tracer(floorScope)
	return impl{
		info:    func(ctx context.Context) { floorSpan(tracer, ctx) },
		fields1: func(ctx context.Context) { floorFields1(tracer, ctx) },
		with10: func() func(context.Context) {
			return func(ctx context.Context) { floorWith10(tracer, ctx) }
		},
	}
}

// BenchmarkFloor is the raw SDK: what every adapter is measured against.
func BenchmarkFloor(b *testing.B) {
	run(b, "Span", newFloor, []variant{vSampled, vNoParent, vUnsampled, vFields1, vWith10, vParallel})
}
