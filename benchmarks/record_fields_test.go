package benchmarks_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"testing"

	"github.com/rs/zerolog"
	"github.com/sirupsen/logrus"
	"go.uber.org/zap"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/otelsetup"
	"github.com/logspan/logspan/zapspan"
)

// recordFieldCounts are the field counts of BenchmarkRecordFields; the
// report reads the per-field cost as the slope between them.
var recordFieldCounts = []int{5, 20, 100}

// fieldKeys are the keys of the fields, f0 to f99, made once.
var fieldKeys = func() []string {
	k := make([]string, 100)
	for i := range k {
		k[i] = fmt.Sprintf("f%d", i)
	}
	return k
}()

// Field i is a string when i is even, an int when odd: the two kinds logs
// carry most.

func zapFields(l *zap.Logger, n int) func(context.Context) {
	fs := make([]zap.Field, n+1)
	for i := range n {
		if i%2 == 0 {
			fs[i+1] = zap.String(fieldKeys[i], "value")
		} else {
			fs[i+1] = zap.Int(fieldKeys[i], i)
		}
	}
	return func(ctx context.Context) {
		fs[0] = zapspan.Context(ctx) // one goroutine: the slice is the loop's own
		l.Info("checkout", fs...)
	}
}

func slogFields(l *slog.Logger, n int) func(context.Context) {
	as := make([]slog.Attr, n)
	for i := range as {
		if i%2 == 0 {
			as[i] = slog.String(fieldKeys[i], "value")
		} else {
			as[i] = slog.Int(fieldKeys[i], i)
		}
	}
	return func(ctx context.Context) { l.LogAttrs(ctx, slog.LevelInfo, "checkout", as...) }
}

// logrusFields builds the map once, as a derived entry would hold it;
// logrus copies it into each entry.
func logrusFields(l *logrus.Logger, n int) func(context.Context) {
	fs := make(logrus.Fields, n)
	for i := range n {
		if i%2 == 0 {
			fs[fieldKeys[i]] = "value"
		} else {
			fs[fieldKeys[i]] = i
		}
	}
	return func(ctx context.Context) { l.WithContext(ctx).WithFields(fs).Info("checkout") }
}

func zerologFields(l zerolog.Logger, n int) func(context.Context) {
	return func(ctx context.Context) {
		e := l.Info().Ctx(ctx)
		for i := range n {
			if i%2 == 0 {
				e = e.Str(fieldKeys[i], "value")
			} else {
				e = e.Int(fieldKeys[i], i)
			}
		}
		e.Msg("checkout")
	}
}

// recordFieldLoggers are, per logger, the adapter in records mode and the
// logger alone the adapter's cost is measured beyond (the front-end that
// drops for a standalone core or handler, the JSON logger for a hook).
var recordFieldLoggers = []struct {
	logger        string
	logspan, base func(n int, opts ...logspan.Option) func(context.Context)
}{
	{"Zap",
		func(n int, o ...logspan.Option) func(context.Context) { return zapFields(zapspanLogger(o...), n) },
		func(n int, _ ...logspan.Option) func(context.Context) { return zapFields(zap.New(acceptCore{}), n) }},
	{"Slog",
		func(n int, o ...logspan.Option) func(context.Context) { return slogFields(slogspanLogger(o...), n) },
		func(n int, _ ...logspan.Option) func(context.Context) {
			return slogFields(slog.New(acceptHandler{}), n)
		}},
	{"Logrus",
		func(n int, o ...logspan.Option) func(context.Context) { return logrusFields(logrusspanLogger(o...), n) },
		func(n int, _ ...logspan.Option) func(context.Context) { return logrusFields(logrusJSON(), n) }},
	{"Zerolog",
		func(n int, o ...logspan.Option) func(context.Context) {
			return zerologFields(zerologspanLogger(o...), n)
		},
		func(n int, _ ...logspan.Option) func(context.Context) { return zerologFields(zerologJSON(), n) }},
}

// discardingPipeline is otelsetup in the data model as over exporters
// that drop everything (WithExporter, WithLogExporter): the producer side,
// the weighing of each span or record by its processor included. It
// returns the adapter options and the processors' drop counter.
func discardingPipeline(tb testing.TB, as logspan.LogsAs) ([]logspan.Option, func() uint64) {
	p, err := otelsetup.New(context.Background(),
		otelsetup.WithEnv(func(string) (string, bool) { return "", false }),
		otelsetup.WithErrorOutput(io.Discard),
		otelsetup.WithLogsAs(as),
		otelsetup.WithExporter(discardSpans{}),
		otelsetup.WithLogExporter(discardLogs{}),
	)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = p.Shutdown(context.Background()) })
	return []logspan.Option{
		logspan.WithLogsAs(as),
		logspan.WithTracerProvider(p.TracerProvider()),
		logspan.WithLoggerProvider(p.LoggerProvider()),
	}, func() uint64 { return p.Dropped() + p.LogRecordStats().Dropped() }
}

// BenchmarkRecordFields logs Info "checkout" with 5, 20 and 100 fields
// (strings and ints) under a sampled request, per logger: the adapter in
// records mode through otelsetup's record processor over a discarding
// exporter, the same in spans mode (its span processor, for comparison),
// and the logger alone (its base), so that the report can read logspan's
// cost per field as the slope between the counts, beyond the logger's
// own:
//
//	BenchmarkRecordFields/<Logger>/{Records,Spans,Alone}/Fields<N>
//
// It reports cpu-ns/op, and dropped/op: the share of logs the processor
// dropped for a full queue (a dropped log is cheaper than an exported
// one, so a slope with drops is an underestimate).
func BenchmarkRecordFields(b *testing.B) {
	ctx := requestCtx()
	for _, lg := range recordFieldLoggers {
		b.Run(lg.logger, func(b *testing.B) {
			for _, mode := range []string{"Records", "Spans", "Alone"} {
				b.Run(mode, func(b *testing.B) {
					for _, n := range recordFieldCounts {
						b.Run(fmt.Sprintf("Fields%d", n), func(b *testing.B) {
							var log func(context.Context)
							dropped := func() uint64 { return 0 }
							switch mode {
							case "Records", "Spans":
								as := logspan.LogsAsRecords
								if mode == "Spans" {
									as = logspan.LogsAsSpans
								}
								var opts []logspan.Option
								opts, dropped = discardingPipeline(b, as)
								log = lg.logspan(n, opts...)
							default:
								log = lg.base(n)
							}
							b.ReportAllocs()
							d0 := dropped()
							cpu := cpuTime()
							for b.Loop() {
								log(ctx)
							}
							reportCPU(b, cpu)
							if mode != "Alone" {
								b.ReportMetric(float64(dropped()-d0)/float64(b.N), "dropped/op")
							}
						})
					}
				})
			}
		})
	}
}
