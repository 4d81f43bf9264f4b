package otlpexport_test

import (
	"compress/gzip"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"syscall"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/sdk/instrumentation"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/logspan/logspan/otelsetup/otlpexport"
)

const batchSize = 512

// typicalLogSpans is a batch of instant log spans as logspan makes them:
// one resource, one scope, a sampled parent, about 10 attributes.
func typicalLogSpans() []sdktrace.ReadOnlySpan {
	res := resource.NewWithAttributes("https://opentelemetry.io/schemas/1.26.0",
		attribute.String("service.name", "checkout"), attribute.String("service.version", "1.4.2"),
		attribute.String("deployment.environment.name", "prod"), attribute.Int("process.pid", 4242))
	scope := instrumentation.Scope{Name: "github.com/logspan/logspan/core", Version: "v0.1.0"}
	now := time.Date(2026, 12, 2, 5, 0, 0, 0, time.UTC)
	stubs := make(tracetest.SpanStubs, batchSize)
	for i := range stubs {
		t := now.Add(time.Duration(i) * time.Millisecond)
		stubs[i] = tracetest.SpanStub{
			Name: "request served",
			SpanContext: trace.NewSpanContext(trace.SpanContextConfig{
				TraceID: trace.TraceID{byte(i), 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
				SpanID:  trace.SpanID{byte(i), 1, 2, 3, 4, 5, 6, 7}, TraceFlags: trace.FlagsSampled,
			}),
			Parent: trace.NewSpanContext(trace.SpanContextConfig{
				TraceID: trace.TraceID{byte(i), 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
				SpanID:  trace.SpanID{9, 9, 9, 9, 9, 9, 9, byte(i)}, TraceFlags: trace.FlagsSampled,
			}),
			SpanKind:  trace.SpanKindInternal,
			StartTime: t,
			EndTime:   t,
			Attributes: []attribute.KeyValue{
				attribute.String("logfire.span_type", "log"),
				attribute.Int("logfire.level_num", 9),
				attribute.String("logfire.msg_template", "request served"),
				attribute.String("logfire.msg", "request served"),
				attribute.String("code.filepath", "internal/server/handler.go"),
				attribute.Int("code.lineno", 118),
				attribute.String("code.function", "server.(*Handler).ServeHTTP"),
				attribute.String("http.route", "/api/v1/orders/{id}"),
				attribute.Int("user_id", 100000+i),
				attribute.Float64("latency_ms", 12.5+float64(i)),
				attribute.Bool("cache_hit", i%2 == 0),
			},
			Resource:             res,
			InstrumentationScope: scope,
		}
	}
	return stubs.Snapshots()
}

// discardServer is a loopback OTLP/HTTP receiver that reads and drops
// every body.
func discardServer(b *testing.B) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		w.Header().Set("Content-Type", "application/x-protobuf")
		w.WriteHeader(http.StatusOK)
	}))
	b.Cleanup(srv.Close)
	return srv
}

// BenchmarkExport exports a batch of 512 typical log spans to a loopback
// receiver, with this package and with otlptracehttp, gzip off and on.
// ns/span and allocs/span include the receiver's share (the same for both).
func BenchmarkExport(b *testing.B) {
	spans := typicalLogSpans()
	for _, gz := range []bool{false, true} {
		name := "none"
		if gz {
			name = "gzip"
		}
		b.Run("exporter=otlpexport/compression="+name, func(b *testing.B) {
			srv := discardServer(b)
			opts := []otlpexport.Option{otlpexport.WithEndpointURL(srv.URL + "/v1/traces")}
			if gz {
				opts = append(opts, otlpexport.WithGzip())
			}
			e, err := otlpexport.New(opts...)
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { _ = e.Shutdown(context.Background()) })
			runExport(b, e, spans)
		})
		b.Run("exporter=otlptracehttp/compression="+name, func(b *testing.B) {
			srv := discardServer(b)
			tr := http.DefaultTransport.(*http.Transport).Clone()
			opts := []otlptracehttp.Option{
				otlptracehttp.WithEndpointURL(srv.URL + "/v1/traces"),
				otlptracehttp.WithHTTPClient(&http.Client{Transport: tr}),
			}
			if gz {
				opts = append(opts, otlptracehttp.WithCompression(otlptracehttp.GzipCompression))
			}
			e, err := otlptracehttp.New(context.Background(), opts...)
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { _ = e.Shutdown(context.Background()); tr.CloseIdleConnections() })
			runExport(b, e, spans)
		})
	}
}

func runExport(b *testing.B, e sdktrace.SpanExporter, spans []sdktrace.ReadOnlySpan) {
	ctx := context.Background()
	if err := e.ExportSpans(ctx, spans); err != nil { // warm the connection and pools
		b.Fatal(err)
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	cpu0 := cpuTime()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if err := e.ExportSpans(ctx, spans); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	cpu := cpuTime() - cpu0
	runtime.ReadMemStats(&after)
	n := float64(b.N) * float64(len(spans))
	b.ReportMetric(float64(cpu.Nanoseconds())/n, "cpu-ns/span")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/n, "ns/span")
	b.ReportMetric(float64(after.Mallocs-before.Mallocs)/n, "allocs/span")
	if oe, ok := e.(*otlpexport.Exporter); ok {
		st := oe.Stats()
		b.ReportMetric(float64(st.BytesSent)/float64(st.Requests)/float64(len(spans)), "wire-B/span")
	}
}

// BenchmarkExportParallel runs exports from GOMAXPROCS goroutines, as a
// pipeline with several exports in flight does.
func BenchmarkExportParallel(b *testing.B) {
	spans := typicalLogSpans()
	srv := discardServer(b)
	e, err := otlpexport.New(otlpexport.WithEndpointURL(srv.URL + "/v1/traces"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = e.Shutdown(context.Background()) })
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if err := e.ExportSpans(context.Background(), spans); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/batchSize, "ns/span")
}

// nopTransport answers every request with 200 after reading the body, so
// that allocation counts are the exporter's own.
type nopTransport struct{}

func (nopTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	_, _ = io.Copy(io.Discard, r.Body)
	_ = r.Body.Close()
	return &http.Response{StatusCode: http.StatusOK, Body: http.NoBody, Header: http.Header{}, Request: r}, nil
}

// BenchmarkEncode is the exporter's own cost: the request goes to a
// transport that only reads the body.
func BenchmarkEncode(b *testing.B) {
	spans := typicalLogSpans()
	for _, tt := range []struct {
		name string
		opts []otlpexport.Option
	}{
		{"none", nil},
		{"gzip", []otlpexport.Option{otlpexport.WithGzip()}},
		{"gzip-speed", []otlpexport.Option{otlpexport.WithGzipLevel(gzip.BestSpeed)}},
	} {
		b.Run("compression="+tt.name, func(b *testing.B) {
			e, err := otlpexport.New(append(tt.opts, otlpexport.WithHTTPClient(&http.Client{Transport: nopTransport{}}))...)
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { _ = e.Shutdown(context.Background()) })
			runExport(b, e, spans)
		})
	}
}

// cpuTime is the process's CPU time (user + system): on a shared machine it
// varies less than wall time, and it includes the work of every goroutine
// (the transport's, gzip's, the receiver's).
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
