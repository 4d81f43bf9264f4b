package zapauto

import (
	"context"
	"io"
	"testing"

	"go.opentelemetry.io/otel"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/logspan/logspan/core"
	"github.com/logspan/logspan/zapspan"
)

// BenchmarkLog compares a log through the rule's core with the same log
// through the manual one-liner it builds on: the difference is what the
// lazy construction costs per log.
func BenchmarkLog(b *testing.B) {
	prev := otel.GetTracerProvider()
	otel.SetTracerProvider(sdktrace.NewTracerProvider()) // recording spans, exported nowhere
	b.Cleanup(func() { otel.SetTracerProvider(prev) })
	ctx, span := otel.Tracer("bench").Start(context.Background(), "request")
	defer span.End()
	app := func() zapcore.Core {
		enc := zapcore.NewJSONEncoder(zap.NewProductionEncoderConfig())
		return zapcore.NewCore(enc, zapcore.AddSync(io.Discard), zapcore.InfoLevel)
	}
	for _, bb := range []struct {
		name   string
		logger *zap.Logger
	}{
		{"rule", zap.New(Wrap(app()))},
		{"one-liner", zap.New(app(), zapspan.WrapCore(core.BuildTimeOption()))},
	} {
		b.Run(bb.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				bb.logger.Info("charged card", zapspan.Context(ctx), zap.Int("cents", 1299))
			}
		})
	}
}
