package benchmarks_test

import (
	"context"
	"io"
	"testing"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/otelsetup"
)

// setupLogsPipeline is otelsetup with LOGSPAN_LOGS_AS=as and the endpoint,
// nothing else: its LoggerProvider over the log-tuned record processor
// and the direct OTLP/HTTP logs exporter (otlpexport.LogExporter), beside
// the span pipeline setupPipeline measures. The adapter is built with the
// provider's model and providers, what Setup installs as the process
// defaults (New touches no global, so the cases cannot leak into each
// other).
func setupLogsPipeline(tb testing.TB, r *receiver, as string) (pipeline, []logspan.Option) {
	env := map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": r.url, "LOGSPAN_LOGS_AS": as}
	p, err := otelsetup.New(context.Background(),
		otelsetup.WithEnv(func(k string) (string, bool) { v, ok := env[k]; return v, ok }),
		otelsetup.WithErrorOutput(io.Discard),
	)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = p.Shutdown(context.Background()) })
	pl := pipeline{
		exported: func() int64 { return int64(p.LogRecordStats().Exported) },
		dropped:  func() uint64 { return p.Dropped() + p.LogRecordStats().Dropped() },
		flush:    p.ForceFlush,
		delivers: oneRecord,
	}
	switch p.LogsAs() {
	case logspan.LogsAsRecords:
	case logspan.LogsAsBoth:
		// A log is delivered when both its span and its record are.
		pl.exported = func() int64 { return int64(min(p.Stats().Exported, p.LogRecordStats().Exported)) }
		pl.delivers = spanAndRecord
	default:
		tb.Fatalf("LOGSPAN_LOGS_AS=%s: otelsetup says %v", as, p.LogsAs())
	}
	return pl, []logspan.Option{
		logspan.WithLogsAs(p.LogsAs()),
		logspan.WithTracerProvider(p.TracerProvider()),
		logspan.WithLoggerProvider(p.LoggerProvider()),
	}
}

// recordCase logs through an adapter built by mk over otelsetup's
// pipeline in the data model as (LOGSPAN_LOGS_AS).
func recordCase(name, as string, mk func(...logspan.Option) impl) e2eCase {
	return e2eCase{name, func(tb testing.TB, r *receiver) (pipeline, func(context.Context)) {
		p, opts := setupLogsPipeline(tb, r, as)
		return p, mk(opts...).info
	}}
}

// e2eCaseNamed returns the case of BenchmarkE2E named logger/name, so
// that both benchmarks measure the very same spans and peer cases.
func e2eCaseNamed(logger, name string) e2eCase {
	for _, lg := range e2eCases {
		if lg.logger != logger {
			continue
		}
		for _, c := range lg.cases {
			if c.name == name {
				return c
			}
		}
	}
	panic("no BenchmarkE2E case " + logger + "/" + name)
}

// recordAdapters are the adapters BenchmarkE2ERecords measures, each by
// its logger's group, the name of its case in BenchmarkE2E and its
// constructor from options; peer is the contrib bridge's case.
var recordAdapters = []struct {
	logger, name, peer string
	mk                 func(...logspan.Option) impl
}{
	{"Zap", "Zapspan", "ContribOtelzap", zapspanWith},
	{"Slog", "Slogspan", "ContribOtelslog", slogspanWith},
	{"Logrus", "Logrusspan", "ContribOtellogrus", logrusspanWith},
	{"Zerolog", "Zerologspan", "OTelLogHook", zerologspanWith},
}

// BenchmarkE2ERecords is BenchmarkE2E (the same receiver, pacer, checks
// and metrics) for the data models of logs: per adapter, logspan through
// otelsetup with LOGSPAN_LOGS_AS=records (one log record received at
// /v1/logs per log, no span), with LOGSPAN_LOGS_AS=both (one span and
// one record per log), and with spans (the default), beside the peer
// that exports log records over otlploghttp (the contrib bridge; for
// zerolog, the hook by hand), all in the same run:
//
//	BenchmarkE2ERecords/<Logger>/<Adapter>{Records,Both,Spans}
//	BenchmarkE2ERecords/<Logger>/<Peer>
//
// Run it with -benchtime 20000x, in rounds of -count 1 (benchreport
// does).
func BenchmarkE2ERecords(b *testing.B) {
	r := startReceiver(b)
	ctx := requestCtx()
	for _, a := range recordAdapters {
		cases := []e2eCase{
			recordCase(a.name+"Records", "records", a.mk),
			recordCase(a.name+"Both", "both", a.mk),
			e2eCaseNamed(a.logger, a.name),
			e2eCaseNamed(a.logger, a.peer),
		}
		cases[2].name = a.name + "Spans"
		b.Run(a.logger, func(b *testing.B) {
			for _, c := range cases {
				b.Run(c.name, func(b *testing.B) { deliver(b, r, c, ctx) })
			}
		})
	}
}
