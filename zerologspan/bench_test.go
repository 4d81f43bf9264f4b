package zerologspan_test

import (
	"context"
	"errors"
	"io"
	"testing"

	"github.com/rs/zerolog"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/core/spantest"
	"github.com/logspan/logspan/zerologspan"
)

func benchProvider(b *testing.B, sampler sdktrace.Sampler) *sdktrace.TracerProvider {
	return spantest.NewBenchProvider(b, sampler)
}

var benchErr = errors.New("connection reset")

// fiveFields is the benchmarks' log line: five fields of the common types
// and an error, under ctx.
func fiveFields(e *zerolog.Event, ctx context.Context) {
	e.Ctx(ctx).Str("user", "ada").Int("items", 3).Float64("total", 42.5).Bool("retry", true).Err(benchErr).Msg("checkout")
}

// BenchmarkZerologJSON is zerolog alone, writing JSON to io.Discard: the
// baseline the hook adds to.
func BenchmarkZerologJSON(b *testing.B) {
	logger := zerolog.New(io.Discard)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		fiveFields(logger.Info(), ctx)
	}
}

func BenchmarkHook(b *testing.B) {
	for _, bc := range []struct {
		name    string
		sampler sdktrace.Sampler
		parent  bool
		debug   bool
	}{
		{"Sampled", sdktrace.ParentBased(sdktrace.AlwaysSample()), true, false},
		{"NoParent", sdktrace.ParentBased(sdktrace.AlwaysSample()), false, false},
		{"Unsampled", sdktrace.ParentBased(sdktrace.NeverSample()), true, false},
		// The hook's level is below zerolog's: zerolog writes, no span.
		{"Disabled", sdktrace.AlwaysSample(), true, true},
	} {
		b.Run(bc.name, func(b *testing.B) {
			tp := benchProvider(b, bc.sampler)
			logger := zerolog.New(io.Discard).Hook(zerologspan.NewHook(logspan.WithTracerProvider(tp)))
			ctx := context.Background()
			if bc.parent {
				var parent trace.Span
				ctx, parent = tp.Tracer("bench").Start(ctx, "parent")
				defer parent.End()
			}
			b.ReportAllocs()
			level := zerolog.InfoLevel
			if bc.debug {
				level = zerolog.DebugLevel
			}
			for b.Loop() {
				fiveFields(logger.WithLevel(level), ctx)
			}
		})
	}
}

// BenchmarkHookCaptureErrors is the sampled case with CaptureErrors in
// place: the exception event gets the error's type.
func BenchmarkHookCaptureErrors(b *testing.B) {
	defer zerologspan.CaptureErrors()()
	tp := benchProvider(b, sdktrace.ParentBased(sdktrace.AlwaysSample()))
	ctx, parent := tp.Tracer("bench").Start(context.Background(), "parent")
	defer parent.End()
	logger := zerolog.New(io.Discard).Hook(zerologspan.NewHook(logspan.WithTracerProvider(tp)))
	b.ReportAllocs()
	for b.Loop() {
		fiveFields(logger.Info(), ctx)
	}
}

// BenchmarkHookWith logs under a logger with ten With() fields: zerolog
// copies them into every event, and the hook decodes them every time.
func BenchmarkHookWith(b *testing.B) {
	tp := benchProvider(b, sdktrace.ParentBased(sdktrace.AlwaysSample()))
	ctx, parent := tp.Tracer("bench").Start(context.Background(), "parent")
	defer parent.End()
	logger := zerolog.New(io.Discard).Hook(zerologspan.NewHook(logspan.WithTracerProvider(tp))).With().
		Str("a", "1").Str("b", "2").Str("c", "3").Str("d", "4").Str("e", "5").
		Int("f", 6).Int("g", 7).Int("h", 8).Bool("i", true).Float64("j", 10.5).
		Logger()
	b.ReportAllocs()
	for b.Loop() {
		logger.Info().Ctx(ctx).Int("n", 1).Msg("checkout")
	}
}

// BenchmarkHookNested logs a nested object and an array: the JSON text
// path of the decoder.
func BenchmarkHookNested(b *testing.B) {
	tp := benchProvider(b, sdktrace.ParentBased(sdktrace.AlwaysSample()))
	ctx, parent := tp.Tracer("bench").Start(context.Background(), "parent")
	defer parent.End()
	logger := zerolog.New(io.Discard).Hook(zerologspan.NewHook(logspan.WithTracerProvider(tp)))
	b.ReportAllocs()
	for b.Loop() {
		logger.Info().Ctx(ctx).
			Dict("cart", zerolog.Dict().Str("id", "c-42").Int("items", 3).Floats64("prices", []float64{1.5, 2.25})).
			Ints("ids", []int{1, 2, 3}).
			Msg("checkout")
	}
}

func BenchmarkHookParallel(b *testing.B) {
	tp := benchProvider(b, sdktrace.ParentBased(sdktrace.AlwaysSample()))
	ctx, parent := tp.Tracer("bench").Start(context.Background(), "parent")
	defer parent.End()
	logger := zerolog.New(io.Discard).Hook(zerologspan.NewHook(logspan.WithTracerProvider(tp)))
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			fiveFields(logger.Info(), ctx)
		}
	})
}
