package otelsetup

import (
	"context"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/logspan/logspan/core"
)

// discardExporter accepts and forgets.
type discardExporter struct{}

func (discardExporter) ExportSpans(context.Context, []sdktrace.ReadOnlySpan) error { return nil }
func (discardExporter) Shutdown(context.Context) error                             { return nil }

// BenchmarkProcessor ends instant log spans with five attributes through
// the log batcher and, as the baseline in the same run, the SDK's
// BatchSpanProcessor (with its default blocking off: it drops when full),
// from parallel goroutines.
func BenchmarkProcessor(b *testing.B) {
	attrs := []attribute.KeyValue{
		core.KeyLevelNum.Int(9), attribute.String("logfire.msg", "checkout"), attribute.String("user", "ada"),
		attribute.Int("items", 3), attribute.String("logfire.span_type", "log"),
	}
	for _, bc := range []struct {
		name string
		sp   func() sdktrace.SpanProcessor
	}{
		{"Batcher", func() sdktrace.SpanProcessor {
			rep := newReporter(discardWriter{}, time.Hour)
			bt := newBatcher(discardExporter{}, batchConfig{}, rep)
			rep.stats = bt.Stats
			rep.start()
			b.Cleanup(func() { _ = rep.close(context.Background()) })
			return bt
		}},
		{"SDKBatchSpanProcessor", func() sdktrace.SpanProcessor {
			return sdktrace.NewBatchSpanProcessor(discardExporter{})
		}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(bc.sp()))
			defer func() { _ = tp.Shutdown(context.Background()) }()
			tr := tp.Tracer("bench")
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					now := time.Now()
					_, s := tr.Start(context.Background(), "checkout", trace.WithTimestamp(now), trace.WithAttributes(attrs...))
					s.End(trace.WithTimestamp(now))
				}
			})
		})
	}
}

type discardWriter struct{}

func (discardWriter) Write(p []byte) (int, error) { return len(p), nil }
