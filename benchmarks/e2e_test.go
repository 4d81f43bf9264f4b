package benchmarks_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"go.opentelemetry.io/contrib/bridges/otellogrus"
	"go.opentelemetry.io/contrib/bridges/otelslog"
	otelzapbridge "go.opentelemetry.io/contrib/bridges/otelzap"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/exporters/otlp/otlplog/otlploghttp"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	otellog "go.opentelemetry.io/otel/log"
	sdklog "go.opentelemetry.io/otel/sdk/log"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/logspan/logspan/otelsetup"
)

// The pacer of BenchmarkE2E: every paceEvery logs, the loop waits until
// no more than paceWindow logs are queued or being exported. Both batch
// processors of the SDKs queue 2,048 items and export batches of 512, so
// at most paceWindow+paceEvery (1,524) are ever pending: nothing is
// dropped for a full queue, and each batch still leaves full.
const (
	paceEvery  = 500
	paceWindow = 1024
	// paceTimeout bounds a wait for the exporter, so that a dead
	// receiver fails the benchmark instead of hanging it.
	paceTimeout = 30 * time.Second
)

// sinkEnv names a prebuilt cmd/otlpsink to run instead of building one.
const sinkEnv = "LOGSPAN_OTLPSINK"

// sinkBin is cmd/otlpsink, built once per test process into sinkBin.dir
// (removed by TestMain).
var sinkBin struct {
	once      sync.Once
	dir, path string
	err       error
}

// TestMain removes the receiver binary the benchmarks built.
func TestMain(m *testing.M) {
	code := m.Run()
	if sinkBin.dir != "" {
		_ = os.RemoveAll(sinkBin.dir)
	}
	os.Exit(code)
}

// sinkBinary returns the path of the receiver: $LOGSPAN_OTLPSINK, or
// cmd/otlpsink built with go build on first use.
func sinkBinary(tb testing.TB) string {
	sinkBin.once.Do(func() {
		if p := os.Getenv(sinkEnv); p != "" {
			sinkBin.path = p
			return
		}
		dir, err := os.MkdirTemp("", "otlpsink")
		if err != nil {
			sinkBin.err = err
			return
		}
		sinkBin.dir = dir
		sinkBin.path = filepath.Join(dir, "otlpsink")
		out, err := exec.Command("go", "build", "-o", sinkBin.path, "./cmd/otlpsink").CombinedOutput()
		if err != nil {
			sinkBin.err = fmt.Errorf("go build ./cmd/otlpsink: %w\n%s", err, out)
		}
	})
	if sinkBin.err != nil {
		tb.Fatal(sinkBin.err)
	}
	return sinkBin.path
}

// A receiver is a running cmd/otlpsink, another process.
type receiver struct {
	url    string
	client *http.Client
}

// sinkCounts are the totals GET /count reports.
type sinkCounts struct {
	Spans    int64 `json:"spans"`
	Logs     int64 `json:"logs"`
	Requests int64 `json:"requests"`
	Rejected int64 `json:"rejected"`
}

// startReceiver starts the receiver, stopped when tb ends: it exits when
// its standard input, held here, closes.
func startReceiver(tb testing.TB) *receiver {
	cmd := exec.Command(sinkBinary(tb))
	stdin, err := cmd.StdinPipe()
	if err != nil {
		tb.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		tb.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		_ = stdin.Close()
		done := make(chan struct{})
		go func() { _ = cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
	})
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		tb.Fatalf("otlpsink: %v", err)
	}
	url, ok := strings.CutPrefix(strings.TrimSpace(line), "listening ")
	if !ok {
		tb.Fatalf("otlpsink said %q", line)
	}
	return &receiver{url: url, client: &http.Client{Timeout: 10 * time.Second}}
}

// counts asks the receiver for its totals.
func (r *receiver) counts(tb testing.TB) sinkCounts {
	resp, err := r.client.Get(r.url + "/count")
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	var c sinkCounts
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<16)).Decode(&c); err != nil {
		tb.Fatal(err)
	}
	return c
}

// A pipeline is what a case logs through, up to its exporter.
type pipeline struct {
	// exported returns how many items the exporter delivered so far.
	exported func() int64
	// dropped returns the pipeline's drop counter, nil when it has none
	// (the SDKs' batch processors count nothing they can tell).
	dropped func() uint64
	flush   func(context.Context) error
	// delivers is what the receiver must count for each log.
	delivers delivered
}

// delivered says what one log becomes at the receiver.
type delivered int

const (
	oneSpan       delivered = iota // one span (the zero value)
	oneRecord                      // one log record
	spanAndRecord                  // one span and one log record
)

// setupPipeline is otelsetup with its defaults, the endpoint the only
// variable set: logspan's own pipeline (the direct log-span path, the
// otlpexport exporter).
func setupPipeline(tb testing.TB, r *receiver) (pipeline, trace.TracerProvider) {
	env := map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": r.url}
	p, err := otelsetup.New(context.Background(),
		otelsetup.WithEnv(func(k string) (string, bool) { v, ok := env[k]; return v, ok }),
		otelsetup.WithErrorOutput(io.Discard),
	)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = p.Shutdown(context.Background()) })
	return pipeline{
		exported: func() int64 { return int64(p.Stats().Exported) },
		dropped:  p.Dropped,
		flush:    p.ForceFlush,
	}, p.TracerProvider()
}

// countingSpans counts the spans its exporter delivered.
type countingSpans struct {
	sdktrace.SpanExporter
	n atomic.Int64
}

func (c *countingSpans) ExportSpans(ctx context.Context, spans []sdktrace.ReadOnlySpan) error {
	err := c.SpanExporter.ExportSpans(ctx, spans)
	if err == nil {
		c.n.Add(int64(len(spans)))
	}
	return err
}

// sdkTracePipeline is the SDK's: a TracerProvider with the batch span
// processor over otlptracehttp, what logspan's adapters write to with any
// provider other than otelsetup's.
func sdkTracePipeline(tb testing.TB, r *receiver) (pipeline, trace.TracerProvider) {
	exp, err := otlptracehttp.New(context.Background(), otlptracehttp.WithEndpointURL(r.url+"/v1/traces"))
	if err != nil {
		tb.Fatal(err)
	}
	c := &countingSpans{SpanExporter: exp}
	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(c))
	tb.Cleanup(func() { _ = tp.Shutdown(context.Background()) })
	return pipeline{exported: c.n.Load, flush: tp.ForceFlush}, tp
}

// countingLogs counts the log records its exporter delivered.
type countingLogs struct {
	sdklog.Exporter
	n atomic.Int64
}

func (c *countingLogs) Export(ctx context.Context, records []sdklog.Record) error {
	err := c.Exporter.Export(ctx, records)
	if err == nil {
		c.n.Add(int64(len(records)))
	}
	return err
}

// logPipeline is the OTel log SDK's, the contrib bridges' pipeline: the
// batch processor over otlploghttp.
func logPipeline(tb testing.TB, r *receiver) (pipeline, *sdklog.LoggerProvider) {
	exp, err := otlploghttp.New(context.Background(), otlploghttp.WithEndpointURL(r.url+"/v1/logs"))
	if err != nil {
		tb.Fatal(err)
	}
	c := &countingLogs{Exporter: exp}
	lp := sdklog.NewLoggerProvider(sdklog.WithProcessor(sdklog.NewBatchProcessor(c)))
	tb.Cleanup(func() { _ = lp.Shutdown(context.Background()) })
	return pipeline{exported: c.n.Load, flush: lp.ForceFlush, delivers: oneRecord}, lp
}

// zerologOTelHook is zerolog with the OTel log SDK by hand, as there is
// no contrib bridge: a hook that emits a record with the message, the
// level and the trace context. zerolog has already encoded the fields
// into its JSON buffer when a hook runs, so they are not in the record:
// the peer does less than zerologspan, which converts them.
type zerologOTelHook struct{ l otellog.Logger }

func (h zerologOTelHook) Run(e *zerolog.Event, level zerolog.Level, msg string) {
	var r otellog.Record
	r.SetTimestamp(time.Now())
	r.SetBody(attribute.StringValue(msg))
	r.SetSeverity(zerologSeverity(level))
	r.SetSeverityText(level.String())
	h.l.Emit(e.GetCtx(), r)
}

func zerologSeverity(l zerolog.Level) otellog.Severity {
	switch l {
	case zerolog.TraceLevel:
		return otellog.SeverityTrace
	case zerolog.DebugLevel:
		return otellog.SeverityDebug
	case zerolog.InfoLevel:
		return otellog.SeverityInfo
	case zerolog.WarnLevel:
		return otellog.SeverityWarn
	case zerolog.ErrorLevel:
		return otellog.SeverityError
	case zerolog.FatalLevel:
		return otellog.SeverityFatal
	case zerolog.PanicLevel:
		return otellog.SeverityFatal4
	default:
		return otellog.SeverityUndefined
	}
}

// An e2eCase is one logger and pipeline of BenchmarkE2E.
type e2eCase struct {
	name  string
	build func(tb testing.TB, r *receiver) (pipeline, func(context.Context))
}

// spanCase logs through a logspan implementation over pipe.
func spanCase(name string, pipe func(testing.TB, *receiver) (pipeline, trace.TracerProvider), mk newImpl) e2eCase {
	return e2eCase{name, func(tb testing.TB, r *receiver) (pipeline, func(context.Context)) {
		p, tp := pipe(tb, r)
		return p, mk(tb, tp).info
	}}
}

// logCase logs through a contrib bridge over the log SDK's pipeline.
func logCase(name string, mk func(*sdklog.LoggerProvider) func(context.Context)) e2eCase {
	return e2eCase{name, func(tb testing.TB, r *receiver) (pipeline, func(context.Context)) {
		p, lp := logPipeline(tb, r)
		return p, mk(lp)
	}}
}

// e2eCases, by logger: logspan through otelsetup, logspan through the
// SDK's pipeline (the path before the direct one), and the contrib peer.
var e2eCases = []struct {
	logger string
	cases  []e2eCase
}{
	{"Zap", []e2eCase{
		spanCase("Zapspan", setupPipeline, newZapspan),
		spanCase("ZapspanSDK", sdkTracePipeline, newZapspan),
		logCase("ContribOtelzap", func(lp *sdklog.LoggerProvider) func(context.Context) {
			return zapLogs(zap.New(otelzapbridge.NewCore("bench", otelzapbridge.WithLoggerProvider(lp)))).info
		}),
		spanCase("WrapCore", setupPipeline, newWrapCore),
		spanCase("WrapCoreSDK", sdkTracePipeline, newWrapCore),
		logCase("ContribOtelzapTee", func(lp *sdklog.LoggerProvider) func(context.Context) {
			return zapLogs(zap.New(zapcore.NewTee(zapJSONCore(), otelzapbridge.NewCore("bench", otelzapbridge.WithLoggerProvider(lp))))).info
		}),
	}},
	{"Slog", []e2eCase{
		spanCase("Slogspan", setupPipeline, newSlogspan),
		spanCase("SlogspanSDK", sdkTracePipeline, newSlogspan),
		logCase("ContribOtelslog", func(lp *sdklog.LoggerProvider) func(context.Context) {
			return slogLogs(slog.New(otelslog.NewHandler("bench", otelslog.WithLoggerProvider(lp)))).info
		}),
	}},
	{"Logrus", []e2eCase{
		spanCase("Logrusspan", setupPipeline, newLogrusspan),
		spanCase("LogrusspanSDK", sdkTracePipeline, newLogrusspan),
		logCase("ContribOtellogrus", func(lp *sdklog.LoggerProvider) func(context.Context) {
			l := logrusJSON()
			l.AddHook(otellogrus.NewHook("bench", otellogrus.WithLoggerProvider(lp)))
			return logrusLogs(l).info
		}),
	}},
	{"Zerolog", []e2eCase{
		spanCase("Zerologspan", setupPipeline, newZerologspan),
		spanCase("ZerologspanSDK", sdkTracePipeline, newZerologspan),
		logCase("OTelLogHook", func(lp *sdklog.LoggerProvider) func(context.Context) {
			return zerologLogs(zerologJSON().Hook(zerologOTelHook{lp.Logger("bench")})).info
		}),
	}},
}

// requestCtx holds the sampled span context of the request the logs
// belong to (a remote parent would sample the same way; this one exports
// no span of its own).
func requestCtx() context.Context {
	sc := trace.NewSpanContext(trace.SpanContextConfig{
		TraceID:    trace.TraceID{0x4b, 0xf9, 0x2f, 0x35, 0x77, 0xb3, 0x4d, 0xa6, 0xa3, 0xce, 0x92, 0x9d, 0x0e, 0x0e, 0x47, 0x36},
		SpanID:     trace.SpanID{0x00, 0xf0, 0x67, 0xaa, 0x0b, 0xa9, 0x02, 0xb7},
		TraceFlags: trace.FlagsSampled,
	})
	return trace.ContextWithSpanContext(context.Background(), sc)
}

// BenchmarkE2E delivers one log per iteration, end to end: the scenario
// (Info, "checkout", five fields, a sampled request) goes through the
// logger and its pipeline, whose OTLP/HTTP exporter sends it to
// cmd/otlpsink, a receiver in another process. A pacer keeps the queue
// from overflowing (nothing may be dropped); the final flush is part of
// the measurement, and the benchmark fails unless the receiver counted
// exactly b.N spans or log records, whichever the pipeline makes, and
// none of the other kind. It reports the CPU time of this
// process per log (cpu-ns/log: user and system, every thread, the
// exporter's included; the receiver's is not), and allocs/op, which are
// per log. ns/op is wall time, pacer waits included: do not compare it.
//
// Run it with -benchtime 20000x, in rounds of -count 1 for interleaving
// (benchreport does).
func BenchmarkE2E(b *testing.B) {
	r := startReceiver(b)
	ctx := requestCtx()
	for _, lg := range e2eCases {
		b.Run(lg.logger, func(b *testing.B) {
			for _, c := range lg.cases {
				b.Run(c.name, func(b *testing.B) { deliver(b, r, c, ctx) })
			}
		})
	}
}

// deliver runs one case: b.N logs, paced, flushed, counted.
func deliver(b *testing.B, r *receiver, c e2eCase, ctx context.Context) {
	p, log := c.build(b, r)
	before := r.counts(b)
	b.ReportAllocs()
	b.ResetTimer()
	cpu := cpuTime()
	for i := range b.N {
		log(ctx)
		if n := i + 1; n%paceEvery == 0 {
			pace(b, p, int64(n-paceWindow))
		}
	}
	if err := p.flush(context.Background()); err != nil {
		b.Fatalf("flush: %v", err)
	}
	used := cpuTime() - cpu
	b.StopTimer()
	if cpu > 0 && used > 0 {
		b.ReportMetric(float64(used)/float64(b.N), "cpu-ns/log")
	}
	if p.dropped != nil {
		if d := p.dropped(); d != 0 {
			b.Fatalf("the pipeline dropped %d of %d logs", d, b.N)
		}
	}
	after := r.counts(b)
	if rej := after.Rejected - before.Rejected; rej != 0 {
		b.Fatalf("the receiver rejected %d requests", rej)
	}
	spans, logs := after.Spans-before.Spans, after.Logs-before.Logs
	wantSpans, wantLogs := int64(b.N), int64(0)
	switch p.delivers {
	case oneRecord:
		wantSpans, wantLogs = 0, int64(b.N)
	case spanAndRecord:
		wantLogs = int64(b.N)
	}
	if spans != wantSpans || logs != wantLogs {
		b.Fatalf("the receiver got %d spans and %d log records for %d logs, want %d and %d",
			spans, logs, b.N, wantSpans, wantLogs)
	}
}

// pace waits until the exporter has delivered at least want items.
func pace(b *testing.B, p pipeline, want int64) {
	if p.exported() >= want {
		return
	}
	deadline := time.Now().Add(paceTimeout)
	for p.exported() < want {
		if time.Now().After(deadline) {
			b.Fatalf("the exporter delivered %d items, want %d, after %v", p.exported(), want, paceTimeout)
		}
		time.Sleep(100 * time.Microsecond)
	}
}
