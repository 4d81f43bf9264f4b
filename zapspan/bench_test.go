package zapspan_test

import (
	"context"
	"errors"
	"io"
	"testing"
	"time"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/core/spantest"
	"github.com/logspan/logspan/zapspan"
)

func benchProvider(b *testing.B, sampler sdktrace.Sampler) *sdktrace.TracerProvider {
	return spantest.NewBenchProvider(b, sampler)
}

var benchErr = errors.New("connection reset")

func fiveFields(ctx context.Context) []zap.Field {
	return []zap.Field{
		zapspan.Context(ctx),
		zap.String("user", "ada"),
		zap.Int("items", 3),
		zap.Float64("total", 42.5),
		zap.Bool("retry", true),
		zap.Error(benchErr),
	}
}

// BenchmarkFloor is the raw SDK instant span carrying the attributes
// zapspan emits for the same log: the cost zapspan is measured against.
func BenchmarkFloor(b *testing.B) { spantest.BenchmarkFloor(b, zapspan.ScopeName) }

func BenchmarkZapJSON(b *testing.B) {
	logger := zap.New(zapcore.NewCore(zapcore.NewJSONEncoder(zap.NewProductionEncoderConfig()), zapcore.AddSync(io.Discard), zapcore.InfoLevel))
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		logger.Info("checkout", fiveFields(ctx)...)
	}
}

func BenchmarkZapspan(b *testing.B) {
	for _, bc := range []struct {
		name    string
		sampler sdktrace.Sampler
		parent  bool
		level   zapcore.Level
	}{
		{"Sampled", sdktrace.ParentBased(sdktrace.AlwaysSample()), true, zapcore.InfoLevel},
		{"NoParent", sdktrace.ParentBased(sdktrace.AlwaysSample()), false, zapcore.InfoLevel},
		{"Unsampled", sdktrace.ParentBased(sdktrace.NeverSample()), true, zapcore.InfoLevel},
		{"Disabled", sdktrace.AlwaysSample(), true, zapcore.DebugLevel},
	} {
		b.Run(bc.name, func(b *testing.B) {
			tp := benchProvider(b, bc.sampler)
			logger := zap.New(zapspan.NewCore(logspan.WithTracerProvider(tp)))
			ctx := context.Background()
			if bc.parent {
				var parent trace.Span
				ctx, parent = tp.Tracer("bench").Start(ctx, "parent")
				defer parent.End()
			}
			b.ReportAllocs()
			for b.Loop() {
				if ce := logger.Check(bc.level, "checkout"); ce != nil {
					ce.Write(fiveFields(ctx)...)
				}
			}
		})
	}
}

func BenchmarkZapspanWith(b *testing.B) {
	tp := benchProvider(b, sdktrace.ParentBased(sdktrace.AlwaysSample()))
	ctx, parent := tp.Tracer("bench").Start(context.Background(), "parent")
	defer parent.End()
	logger := zap.New(zapspan.NewCore(logspan.WithTracerProvider(tp))).With(
		zap.String("a", "1"), zap.String("b", "2"), zap.String("c", "3"), zap.String("d", "4"), zap.String("e", "5"),
		zap.Int("f", 6), zap.Int("g", 7), zap.Int("h", 8), zap.Bool("i", true), zap.Float64("j", 10),
	)
	b.ReportAllocs()
	for b.Loop() {
		logger.Info("checkout", zapspan.Context(ctx), zap.Int("n", 1))
	}
}

func BenchmarkWrapCore(b *testing.B) {
	tp := benchProvider(b, sdktrace.ParentBased(sdktrace.AlwaysSample()))
	ctx, parent := tp.Tracer("bench").Start(context.Background(), "parent")
	defer parent.End()
	app := zapcore.NewCore(zapcore.NewJSONEncoder(zap.NewProductionEncoderConfig()), zapcore.AddSync(io.Discard), zapcore.InfoLevel)
	logger := zap.New(app).WithOptions(zapspan.WrapCore(logspan.WithTracerProvider(tp)))
	b.ReportAllocs()
	for b.Loop() {
		logger.Info("checkout", fiveFields(ctx)...)
	}
}

func BenchmarkZapspanParallel(b *testing.B) {
	tp := benchProvider(b, sdktrace.ParentBased(sdktrace.AlwaysSample()))
	ctx, parent := tp.Tracer("bench").Start(context.Background(), "parent")
	defer parent.End()
	logger := zap.New(zapspan.NewCore(logspan.WithTracerProvider(tp)))
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			logger.Info("checkout", fiveFields(ctx)...)
		}
	})
}

// BenchmarkFloorUnsampled is the raw SDK span under an unsampled parent,
// with the same start options zapspan uses.
func BenchmarkFloorUnsampled(b *testing.B) { spantest.BenchmarkFloorUnsampled(b, zapspan.ScopeName) }

// BenchmarkWrapCoreSampledOut logs an entry the application's sampler
// drops, with zap alone as the baseline in the same run: WrapCore makes no
// span for it, so both should cost about the same.
func BenchmarkWrapCoreSampledOut(b *testing.B) {
	tp := benchProvider(b, sdktrace.ParentBased(sdktrace.AlwaysSample()))
	ctx, parent := tp.Tracer("bench").Start(context.Background(), "parent")
	defer parent.End()
	newApp := func() zapcore.Core {
		app := zapcore.NewCore(zapcore.NewJSONEncoder(zap.NewProductionEncoderConfig()), zapcore.AddSync(io.Discard), zapcore.InfoLevel)
		return zapcore.NewSamplerWithOptions(app, time.Hour, 1, 0)
	}
	for _, bc := range []struct {
		name string
		opts []zap.Option
	}{
		{"Zap", nil},
		{"WrapCore", []zap.Option{zapspan.WrapCore(logspan.WithTracerProvider(tp))}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			logger := zap.New(newApp(), bc.opts...)
			logger.Info("checkout") // the one the sampler keeps
			b.ReportAllocs()
			for b.Loop() {
				logger.Info("checkout", fiveFields(ctx)...)
			}
		})
	}
}
