package otelsetup

import (
	"context"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/logspan/logspan/core"
)

// BenchmarkPendingSpans starts and ends a request-like SDK span with five
// attributes through the log batcher, without and with pending spans:
// what a pending span costs the span that sends it.
func BenchmarkPendingSpans(b *testing.B) {
	attrs := []attribute.KeyValue{
		attribute.String("http.request.method", "GET"), attribute.String("url.path", "/checkout"),
		attribute.Int("http.response.status_code", 200), attribute.String("user", "ada"), attribute.Int("items", 3),
	}
	for _, pending := range []bool{false, true} {
		name := "Without"
		if pending {
			name = "With"
		}
		b.Run(name, func(b *testing.B) {
			rep := newReporter(discardWriter{}, time.Hour)
			bt := newBatcher(supersedingExporter{discardExporter{}}, batchConfig{}, rep)
			rep.stats = bt.Stats
			rep.start()
			b.Cleanup(func() { _ = rep.close(context.Background()) })
			opts := []sdktrace.TracerProviderOption{sdktrace.WithSpanProcessor(bt)}
			if pending {
				opts = append(opts, sdktrace.WithSpanProcessor(pendingProcessor{ids: core.RandomIDGenerator{}, targets: []sdktrace.SpanProcessor{bt}}))
			}
			tp := sdktrace.NewTracerProvider(opts...)
			defer func() { _ = tp.Shutdown(context.Background()) }()
			tr := tp.Tracer("bench")
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					_, s := tr.Start(context.Background(), "GET /checkout")
					s.SetAttributes(attrs...)
					s.End()
				}
			})
		})
	}
}
