//go:build !race

package zapspan_test

import (
	"context"
	"io"
	"testing"
	"time"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/zapspan"
)

// Allocation budgets; the race detector changes allocation counts, hence
// the build tag.
func TestDisabledLevelAddsNoAllocation(t *testing.T) {
	tp := sdktrace.NewTracerProvider()
	defer func() { _ = tp.Shutdown(context.Background()) }()
	logger := zap.New(zapspan.NewCore(logspan.WithTracerProvider(tp)))
	ctx := context.Background()
	allocs := testing.AllocsPerRun(100, func() {
		logger.Debug("off", zapspan.Context(ctx), zap.Int("n", 1))
	})
	// zap's own disabled path, with the same call: the variadic fields
	// escape in zap itself.
	plain := zap.NewNop()
	baseline := testing.AllocsPerRun(100, func() {
		plain.Debug("off", zapspan.Context(ctx), zap.Int("n", 1))
	})
	if allocs > baseline {
		t.Errorf("a disabled level allocated %.0f times per log, zap alone %.0f", allocs, baseline)
	}
	checked := testing.AllocsPerRun(100, func() {
		if ce := logger.Check(zap.DebugLevel, "off"); ce != nil {
			ce.Write(zap.Int("n", 1))
		}
	})
	if checked != 0 {
		t.Errorf("a disabled level checked first allocated %.0f times, want 0", checked)
	}
}

// An entry the application's sampler drops costs with WrapCore what it
// costs without: no span, no conversion.
func TestWrapCoreSampledOutAllocatesLikeZap(t *testing.T) {
	tp := sdktrace.NewTracerProvider()
	defer func() { _ = tp.Shutdown(context.Background()) }()
	ctx, parent := tp.Tracer("test").Start(context.Background(), "parent")
	defer parent.End()
	allocs := func(opts ...zap.Option) float64 {
		app := zapcore.NewSamplerWithOptions(
			zapcore.NewCore(zapcore.NewJSONEncoder(zap.NewProductionEncoderConfig()), zapcore.AddSync(io.Discard), zapcore.InfoLevel),
			time.Hour, 1, 0)
		logger := zap.New(app, opts...)
		logger.Info("repeated") // the one the sampler keeps
		return testing.AllocsPerRun(100, func() {
			logger.Info("repeated", zapspan.Context(ctx), zap.Int("n", 1))
		})
	}
	plain := allocs()
	wrapped := allocs(zapspan.WrapCore(logspan.WithTracerProvider(tp)))
	if wrapped > plain {
		t.Errorf("a sampled-out entry allocated %.0f times with WrapCore, %.0f without", wrapped, plain)
	}
}
