package benchmarks_test

import (
	"context"
	"io"
	"testing"

	uotelzap "github.com/uptrace/opentelemetry-go-extra/otelzap"
	otelzapbridge "go.opentelemetry.io/contrib/bridges/otelzap"
	"go.opentelemetry.io/otel/trace"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/zapspan"
)

// zapJSONCore is zap's production JSON encoder writing to io.Discard at
// Info, without the production config's sampling (it would drop most of
// a benchmark's logs).
func zapJSONCore() zapcore.Core {
	return zapcore.NewCore(zapcore.NewJSONEncoder(zap.NewProductionEncoderConfig()), zapcore.AddSync(io.Discard), zapcore.InfoLevel)
}

// zapLogs logs the scenario through l. The context goes in as
// zapspan.Context, a field other cores skip (the contrib bridge finds the
// context in it too), so every implementation logs the same fields.
func zapLogs(l *zap.Logger) impl {
	return impl{
		info: func(ctx context.Context) {
			l.Info("checkout", zapspan.Context(ctx),
				zap.String("user", "ada"), zap.Int("items", 3), zap.Float64("total", 42.5), zap.Bool("retry", true), zap.Error(errBench))
		},
		debug: func(ctx context.Context) {
			l.Debug("checkout", zapspan.Context(ctx),
				zap.String("user", "ada"), zap.Int("items", 3), zap.Float64("total", 42.5), zap.Bool("retry", true), zap.Error(errBench))
		},
		fields1: func(ctx context.Context) { l.Info("checkout", zapspan.Context(ctx), zap.Int("n", 1)) },
		fields10: func(ctx context.Context) {
			l.Info("checkout", zapspan.Context(ctx),
				zap.String("user", "ada"), zap.Int("items", 3), zap.Float64("total", 42.5), zap.Bool("retry", true), zap.Error(errBench),
				zap.String("region", "eu-west-1"), zap.Int("attempt", 2), zap.Float64("latency", 12.5), zap.Bool("cached", false), zap.String("order", "A-1001"))
		},
		with10: func() func(context.Context) {
			w := l.With(
				zap.String("a", "1"), zap.String("b", "2"), zap.String("c", "3"), zap.String("d", "4"), zap.String("e", "5"),
				zap.Int("f", 6), zap.Int("g", 7), zap.Int("h", 8), zap.Bool("i", true), zap.Float64("j", 10))
			return func(ctx context.Context) { w.Info("checkout", zapspan.Context(ctx), zap.Int("n", 1)) }
		},
	}
}

// uptraceLogs logs the scenario through uptrace's otelzap, which takes the
// context through Ctx instead of a field. Caller capture, on by default,
// is turned off: no other implementation here captures the caller. Its
// default minimum level, Warn, is lowered to Info so that it records the
// scenario.
func uptraceLogs(zl *zap.Logger) impl {
	l := uotelzap.New(zl, uotelzap.WithMinLevel(zap.InfoLevel), uotelzap.WithCaller(false))
	return impl{
		info: func(ctx context.Context) {
			l.Ctx(ctx).Info("checkout",
				zap.String("user", "ada"), zap.Int("items", 3), zap.Float64("total", 42.5), zap.Bool("retry", true), zap.Error(errBench))
		},
	}
}

// acceptCore accepts every entry at Info and above and drops it: what
// zap itself costs in front of any core (level check, entry, checked
// entry, the fields slice), the baseline of a standalone core such as
// zapspan's.
type acceptCore struct{}

func (acceptCore) Enabled(l zapcore.Level) bool        { return l >= zapcore.InfoLevel }
func (c acceptCore) With([]zapcore.Field) zapcore.Core { return c }
func (c acceptCore) Check(ent zapcore.Entry, ce *zapcore.CheckedEntry) *zapcore.CheckedEntry {
	if c.Enabled(ent.Level) {
		return ce.AddCore(ent, c)
	}
	return ce
}
func (acceptCore) Write(zapcore.Entry, []zapcore.Field) error { return nil }
func (acceptCore) Sync() error                                { return nil }

func newZapJSON(testing.TB, trace.TracerProvider) impl { return zapLogs(zap.New(zapJSONCore())) }

func newZapFrontend(testing.TB, trace.TracerProvider) impl { return zapLogs(zap.New(acceptCore{})) }

func newZapspan(_ testing.TB, tp trace.TracerProvider) impl {
	return zapspanWith(logspan.WithTracerProvider(tp))
}

// zapspanWith is the scenario through zapspanLogger.
func zapspanWith(opts ...logspan.Option) impl { return zapLogs(zapspanLogger(opts...)) }

// zapspanLogger is zap over a zapspan core built with opts.
func zapspanLogger(opts ...logspan.Option) *zap.Logger { return zap.New(zapspan.NewCore(opts...)) }

func newWrapCore(_ testing.TB, tp trace.TracerProvider) impl {
	return zapLogs(zap.New(zapJSONCore()).WithOptions(zapspan.WrapCore(logspan.WithTracerProvider(tp))))
}

func newContribOtelzap(tb testing.TB, _ trace.TracerProvider) impl {
	return zapLogs(zap.New(otelzapbridge.NewCore("bench", otelzapbridge.WithLoggerProvider(logProvider(tb)))))
}

func newContribOtelzapTee(tb testing.TB, _ trace.TracerProvider) impl {
	return zapLogs(zap.New(zapcore.NewTee(zapJSONCore(), otelzapbridge.NewCore("bench", otelzapbridge.WithLoggerProvider(logProvider(tb))))))
}

// The uptrace logger adds an event to the span in the context; the
// provider is the one that started it.
func newUptraceOtelzap(testing.TB, trace.TracerProvider) impl { return uptraceLogs(zap.NewNop()) }

func newUptraceOtelzapJSON(testing.TB, trace.TracerProvider) impl {
	return uptraceLogs(zap.New(zapJSONCore()))
}

// BenchmarkZap: zap alone, writing JSON and in front of a core that drops
// everything; zapspan standalone and teed with the JSON core
// (WrapCore); the contrib otelzap bridge standalone and teed the same way
// (zapcore.NewTee); uptrace's otelzap over a no-op logger and over the
// JSON logger.
func BenchmarkZap(b *testing.B) {
	run(b, "JSON", newZapJSON, baselineVariants)
	run(b, "Frontend", newZapFrontend, baselineVariants)
	run(b, "Zapspan", newZapspan, adapterVariants)
	run(b, "WrapCore", newWrapCore, adapterVariants)
	run(b, "ContribOtelzap", newContribOtelzap, scenarioVariants)
	run(b, "ContribOtelzapTee", newContribOtelzapTee, scenarioVariants)
	run(b, "UptraceOtelzap", newUptraceOtelzap, scenarioVariants)
	run(b, "UptraceOtelzapJSON", newUptraceOtelzapJSON, scenarioVariants)
}
