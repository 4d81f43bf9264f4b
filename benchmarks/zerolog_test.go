package benchmarks_test

import (
	"context"
	"io"
	"testing"

	"github.com/rs/zerolog"
	"go.opentelemetry.io/otel/trace"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/zerologspan"
)

// zerologJSON is zerolog writing JSON with a timestamp to io.Discard at
// Info, the application's logger the hook is added to.
func zerologJSON() zerolog.Logger {
	return zerolog.New(io.Discard).Level(zerolog.InfoLevel).With().Timestamp().Logger()
}

func zerologLogs(l zerolog.Logger) impl {
	return impl{
		info: func(ctx context.Context) {
			l.Info().Ctx(ctx).Str("user", "ada").Int("items", 3).Float64("total", 42.5).Bool("retry", true).Err(errBench).Msg("checkout")
		},
		debug: func(ctx context.Context) {
			l.Debug().Ctx(ctx).Str("user", "ada").Int("items", 3).Float64("total", 42.5).Bool("retry", true).Err(errBench).Msg("checkout")
		},
		fields1: func(ctx context.Context) { l.Info().Ctx(ctx).Int("n", 1).Msg("checkout") },
		fields10: func(ctx context.Context) {
			l.Info().Ctx(ctx).Str("user", "ada").Int("items", 3).Float64("total", 42.5).Bool("retry", true).Err(errBench).
				Str("region", "eu-west-1").Int("attempt", 2).Float64("latency", 12.5).Bool("cached", false).Str("order", "A-1001").
				Msg("checkout")
		},
		with10: func() func(context.Context) {
			w := l.With().Str("a", "1").Str("b", "2").Str("c", "3").Str("d", "4").Str("e", "5").
				Int("f", 6).Int("g", 7).Int("h", 8).Bool("i", true).Float64("j", 10).Logger()
			return func(ctx context.Context) { w.Info().Ctx(ctx).Int("n", 1).Msg("checkout") }
		},
	}
}

func newZerologJSON(testing.TB, trace.TracerProvider) impl { return zerologLogs(zerologJSON()) }

func newZerologspan(_ testing.TB, tp trace.TracerProvider) impl {
	return zerologspanWith(logspan.WithTracerProvider(tp))
}

// zerologspanWith is the scenario through zerologspanLogger.
func zerologspanWith(opts ...logspan.Option) impl { return zerologLogs(zerologspanLogger(opts...)) }

// zerologspanLogger is zerolog (JSON) with a zerologspan hook built with
// opts.
func zerologspanLogger(opts ...logspan.Option) zerolog.Logger {
	return zerologJSON().Hook(zerologspan.NewHook(opts...))
}

// newZerologspanNoCorrelation leaves zerolog's output alone: no trace_id
// and span_id fields.
func newZerologspanNoCorrelation(_ testing.TB, tp trace.TracerProvider) impl {
	return zerologLogs(zerologJSON().Hook(zerologspan.NewHook(logspan.WithTracerProvider(tp)).WithoutTraceCorrelation()))
}

// newZerologspanCapture turns zerologspan.CaptureErrors on (a zerolog
// global, restored when the benchmark ends) so that the exception event
// carries the error's Go type, as the other adapters' do.
func newZerologspanCapture(tb testing.TB, tp trace.TracerProvider) impl {
	tb.Cleanup(zerologspan.CaptureErrors())
	return newZerologspan(tb, tp)
}

// BenchmarkZerolog: zerolog alone and with the zerologspan hook, also
// without trace correlation and with CaptureErrors. There is no OpenTelemetry contrib bridge for
// zerolog to compare with.
func BenchmarkZerolog(b *testing.B) {
	run(b, "JSON", newZerologJSON, baselineVariants)
	run(b, "Zerologspan", newZerologspan, adapterVariants)
	run(b, "ZerologspanNoCorrelation", newZerologspanNoCorrelation, []variant{vSampled, vUnsampled})
	run(b, "ZerologspanCapture", newZerologspanCapture, scenarioVariants)
}
