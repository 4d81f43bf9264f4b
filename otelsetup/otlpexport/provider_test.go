package otlpexport_test

import (
	"context"
	"errors"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
)

// tracetestRecorder returns the spans of a real provider: a remote parent,
// a local child with an event, a link and an error, spans from two tracers,
// and span limits that drop attributes, events and links.
func tracetestRecorder(t *testing.T) []sdktrace.ReadOnlySpan {
	t.Helper()
	sr := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(
		sdktrace.WithSpanProcessor(sr),
		sdktrace.WithResource(resource.NewSchemaless(attribute.String("service.name", "svc"))),
		sdktrace.WithRawSpanLimits(sdktrace.SpanLimits{
			AttributeCountLimit: 4, EventCountLimit: 1, LinkCountLimit: 1,
			AttributePerEventCountLimit: 1, AttributePerLinkCountLimit: 1,
			AttributeValueLengthLimit: 8,
		}),
	)
	t.Cleanup(func() { _ = tp.Shutdown(context.Background()) })
	remote := trace.NewSpanContext(trace.SpanContextConfig{
		TraceID: trace.TraceID{1}, SpanID: trace.SpanID{2}, TraceFlags: trace.FlagsSampled, Remote: true,
	})
	ctx := trace.ContextWithRemoteSpanContext(context.Background(), remote)
	tr := tp.Tracer("a", trace.WithInstrumentationVersion("1.0"), trace.WithSchemaURL("https://s"))
	ctx, parent := tr.Start(ctx, "server", trace.WithSpanKind(trace.SpanKindServer))
	_, child := tp.Tracer("b", trace.WithInstrumentationAttributes(attribute.Bool("x", true))).Start(ctx, "child",
		trace.WithLinks(trace.Link{SpanContext: remote, Attributes: []attribute.KeyValue{attribute.Int("l1", 1), attribute.Int("l2", 2)}},
			trace.Link{SpanContext: parent.SpanContext()}),
		trace.WithAttributes(attribute.String("long", "0123456789abcdef"), attribute.Int("a", 1),
			attribute.Int("b", 2), attribute.Int("c", 3), attribute.Int("d", 4)))
	child.AddEvent("e1", trace.WithAttributes(attribute.Int("x", 1), attribute.Int("y", 2)))
	child.RecordError(errors.New("boom"))
	child.SetStatus(codes.Error, "failed")
	child.End()
	parent.SetStatus(codes.Ok, "ignored for ok")
	parent.End()
	return sr.Ended()
}
