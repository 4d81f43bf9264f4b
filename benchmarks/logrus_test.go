package benchmarks_test

import (
	"context"
	"io"
	"testing"

	"github.com/sirupsen/logrus"
	"go.opentelemetry.io/contrib/bridges/otellogrus"
	"go.opentelemetry.io/otel/trace"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/logrusspan"
)

// logrusJSON is logrus with its JSON formatter writing to io.Discard at
// Info, the application's logger the hooks are added to.
func logrusJSON() *logrus.Logger {
	l := logrus.New()
	l.Out = io.Discard
	l.Formatter = &logrus.JSONFormatter{}
	l.SetLevel(logrus.InfoLevel)
	return l
}

// logrusLogs logs the scenario the way logrus is used: the fields as a
// map, built at the call site.
func logrusLogs(l *logrus.Logger) impl {
	return impl{
		info: func(ctx context.Context) {
			l.WithContext(ctx).WithFields(logrus.Fields{
				"user": "ada", "items": 3, "total": 42.5, "retry": true, logrus.ErrorKey: errBench,
			}).Info("checkout")
		},
		debug: func(ctx context.Context) {
			l.WithContext(ctx).WithFields(logrus.Fields{
				"user": "ada", "items": 3, "total": 42.5, "retry": true, logrus.ErrorKey: errBench,
			}).Debug("checkout")
		},
		fields1: func(ctx context.Context) { l.WithContext(ctx).WithField("n", 1).Info("checkout") },
		fields10: func(ctx context.Context) {
			l.WithContext(ctx).WithFields(logrus.Fields{
				"user": "ada", "items": 3, "total": 42.5, "retry": true, logrus.ErrorKey: errBench,
				"region": "eu-west-1", "attempt": 2, "latency": 12.5, "cached": false, "order": "A-1001",
			}).Info("checkout")
		},
		with10: func() func(context.Context) {
			w := l.WithFields(logrus.Fields{
				"a": "1", "b": "2", "c": "3", "d": "4", "e": "5",
				"f": 6, "g": 7, "h": 8, "i": true, "j": 10.0,
			})
			return func(ctx context.Context) { w.WithContext(ctx).WithField("n", 1).Info("checkout") }
		},
	}
}

func newLogrusJSON(testing.TB, trace.TracerProvider) impl { return logrusLogs(logrusJSON()) }

func newLogrusspan(_ testing.TB, tp trace.TracerProvider) impl {
	return logrusspanWith(logspan.WithTracerProvider(tp))
}

// logrusspanWith is the scenario through logrusspanLogger.
func logrusspanWith(opts ...logspan.Option) impl { return logrusLogs(logrusspanLogger(opts...)) }

// logrusspanLogger is logrus (JSONFormatter) with a logrusspan hook built
// with opts.
func logrusspanLogger(opts ...logspan.Option) *logrus.Logger {
	l := logrusJSON()
	l.AddHook(logrusspan.NewHook(opts...))
	return l
}

// newLogrusspanNoCorrelation leaves logrus's output alone: no trace_id
// and span_id fields, which the hook otherwise adds to the entry (a copy
// of its map) and the formatter then writes.
func newLogrusspanNoCorrelation(_ testing.TB, tp trace.TracerProvider) impl {
	l := logrusJSON()
	l.AddHook(logrusspan.NewHook(logspan.WithTracerProvider(tp)).WithoutTraceCorrelation())
	return logrusLogs(l)
}

func newContribOtellogrus(tb testing.TB, _ trace.TracerProvider) impl {
	l := logrusJSON()
	l.AddHook(otellogrus.NewHook("bench", otellogrus.WithLoggerProvider(logProvider(tb))))
	return logrusLogs(l)
}

// BenchmarkLogrus: logrus alone, with the logrusspan hook, and with the
// contrib otellogrus hook. Both hooks run inside logrus, which formats
// and writes the JSON either way.
func BenchmarkLogrus(b *testing.B) {
	run(b, "JSON", newLogrusJSON, baselineVariants)
	run(b, "Logrusspan", newLogrusspan, adapterVariants)
	run(b, "LogrusspanNoCorrelation", newLogrusspanNoCorrelation, []variant{vSampled, vUnsampled})
	run(b, "ContribOtellogrus", newContribOtellogrus, scenarioVariants)
}
