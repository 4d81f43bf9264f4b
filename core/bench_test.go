package core_test

import (
	"context"
	"testing"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/logspan/logspan/core"
)

type discardExporter struct{}

func (discardExporter) ExportSpans(context.Context, []sdktrace.ReadOnlySpan) error { return nil }
func (discardExporter) Shutdown(context.Context) error                             { return nil }

// BenchmarkScrubbing compares one log with five fields and a nested value
// whose keys match no pattern, with scrubbing on (the default) and off:
// the difference is what scrubbing costs an application with no secrets.
func BenchmarkScrubbing(b *testing.B) {
	for _, bc := range []struct {
		name string
		opts []core.Option
	}{
		{"On", nil},
		{"Off", []core.Option{core.WithoutScrubbing()}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(discardExporter{}))
			defer func() { _ = tp.Shutdown(context.Background()) }()
			em := core.NewEmitter("bench", "v", append([]core.Option{core.WithTracerProvider(tp)}, bc.opts...)...)
			ctx, parent := tp.Tracer("bench").Start(context.Background(), "parent")
			defer parent.End()
			nested := map[string]any{"path": "/cart", "method": "POST"}
			b.ReportAllocs()
			for b.Loop() {
				ev := em.Start(ctx, core.Record{Level: core.LevelInfo, Message: "checkout"}, nil)
				enc := ev.Encoder()
				enc.AddString("user", "ada")
				enc.AddInt64("items", 3)
				enc.AddFloat64("total", 42.5)
				enc.AddBool("retry", true)
				enc.AddAny("request", nested)
				ev.End()
			}
		})
	}
}
