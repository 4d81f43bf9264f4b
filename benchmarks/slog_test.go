package benchmarks_test

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"go.opentelemetry.io/contrib/bridges/otelslog"
	"go.opentelemetry.io/otel/trace"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/slogspan"
)

// slogJSON is slog's JSON handler writing to io.Discard at Info.
func slogJSON() slog.Handler { return slog.NewJSONHandler(io.Discard, nil) }

// slogLogs logs the scenario through LogAttrs, slog's allocation-free
// call.
func slogLogs(l *slog.Logger) impl {
	return impl{
		info: func(ctx context.Context) {
			l.LogAttrs(ctx, slog.LevelInfo, "checkout",
				slog.String("user", "ada"), slog.Int("items", 3), slog.Float64("total", 42.5), slog.Bool("retry", true), slog.Any("error", errBench))
		},
		debug: func(ctx context.Context) {
			l.LogAttrs(ctx, slog.LevelDebug, "checkout",
				slog.String("user", "ada"), slog.Int("items", 3), slog.Float64("total", 42.5), slog.Bool("retry", true), slog.Any("error", errBench))
		},
		fields1: func(ctx context.Context) { l.LogAttrs(ctx, slog.LevelInfo, "checkout", slog.Int("n", 1)) },
		fields10: func(ctx context.Context) {
			l.LogAttrs(ctx, slog.LevelInfo, "checkout",
				slog.String("user", "ada"), slog.Int("items", 3), slog.Float64("total", 42.5), slog.Bool("retry", true), slog.Any("error", errBench),
				slog.String("region", "eu-west-1"), slog.Int("attempt", 2), slog.Float64("latency", 12.5), slog.Bool("cached", false), slog.String("order", "A-1001"))
		},
		with10: func() func(context.Context) {
			w := l.With(
				slog.String("a", "1"), slog.String("b", "2"), slog.String("c", "3"), slog.String("d", "4"), slog.String("e", "5"),
				slog.Int("f", 6), slog.Int("g", 7), slog.Int("h", 8), slog.Bool("i", true), slog.Float64("j", 10))
			return func(ctx context.Context) { w.LogAttrs(ctx, slog.LevelInfo, "checkout", slog.Int("n", 1)) }
		},
	}
}

// acceptHandler accepts every record at Info and above and drops it: what
// slog itself costs in front of any handler, the baseline of a standalone
// handler such as slogspan's.
type acceptHandler struct{}

func (acceptHandler) Enabled(_ context.Context, l slog.Level) bool { return l >= slog.LevelInfo }
func (acceptHandler) Handle(context.Context, slog.Record) error    { return nil }
func (h acceptHandler) WithAttrs([]slog.Attr) slog.Handler         { return h }
func (h acceptHandler) WithGroup(string) slog.Handler              { return h }

func newSlogJSON(testing.TB, trace.TracerProvider) impl { return slogLogs(slog.New(slogJSON())) }

func newSlogFrontend(testing.TB, trace.TracerProvider) impl {
	return slogLogs(slog.New(acceptHandler{}))
}

func newSlogspan(_ testing.TB, tp trace.TracerProvider) impl {
	return slogspanWith(logspan.WithTracerProvider(tp))
}

// slogspanWith is the scenario through slogspanLogger.
func slogspanWith(opts ...logspan.Option) impl { return slogLogs(slogspanLogger(opts...)) }

// slogspanLogger is slog over a slogspan handler built with opts.
func slogspanLogger(opts ...logspan.Option) *slog.Logger {
	return slog.New(slogspan.NewHandler(opts...))
}

func newSlogWrap(_ testing.TB, tp trace.TracerProvider) impl {
	return slogLogs(slog.New(slogspan.Wrap(slogJSON(), logspan.WithTracerProvider(tp))))
}

func newContribOtelslog(tb testing.TB, _ trace.TracerProvider) impl {
	return slogLogs(slog.New(otelslog.NewHandler("bench", otelslog.WithLoggerProvider(logProvider(tb)))))
}

// newContribOtelslogMulti sends each record to the JSON handler and the
// contrib bridge with the standard library's MultiHandler, the contrib
// counterpart of slogspan.Wrap.
func newContribOtelslogMulti(tb testing.TB, _ trace.TracerProvider) impl {
	return slogLogs(slog.New(slog.NewMultiHandler(slogJSON(),
		otelslog.NewHandler("bench", otelslog.WithLoggerProvider(logProvider(tb))))))
}

// BenchmarkSlog: slog's JSON handler alone; slog in front of a handler
// that drops everything; slogspan standalone and
// wrapping the JSON handler; the contrib otelslog bridge standalone and
// next to the JSON handler.
func BenchmarkSlog(b *testing.B) {
	run(b, "JSON", newSlogJSON, baselineVariants)
	run(b, "Frontend", newSlogFrontend, baselineVariants)
	run(b, "Slogspan", newSlogspan, adapterVariants)
	run(b, "Wrap", newSlogWrap, adapterVariants)
	run(b, "ContribOtelslog", newContribOtelslog, scenarioVariants)
	run(b, "ContribOtelslogMulti", newContribOtelslogMulti, scenarioVariants)
}
