package otlpexport_test

import (
	"context"
	"net/http"
	"runtime"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/exporters/otlp/otlplog/otlploghttp"
	"go.opentelemetry.io/otel/log"
	"go.opentelemetry.io/otel/sdk/instrumentation"
	sdklog "go.opentelemetry.io/otel/sdk/log"
	"go.opentelemetry.io/otel/sdk/log/logtest"
	"go.opentelemetry.io/otel/sdk/resource"
	"go.opentelemetry.io/otel/trace"

	"github.com/logspan/logspan/otelsetup/otlpexport"
)

// typicalLogRecords is a batch of log records as logspan's records mode
// makes them: one resource, one scope, the span's ids, a body and about
// ten attributes (the spans' of typicalLogSpans, less the message).
func typicalLogRecords() []sdklog.Record {
	res := resource.NewWithAttributes("https://opentelemetry.io/schemas/1.26.0",
		attribute.String("service.name", "checkout"), attribute.String("service.version", "1.4.2"),
		attribute.String("deployment.environment.name", "prod"), attribute.Int("process.pid", 4242))
	scope := instrumentation.Scope{Name: "github.com/logspan/logspan/core", Version: "v0.1.0"}
	now := time.Date(2026, 12, 2, 5, 0, 0, 0, time.UTC)
	out := make([]sdklog.Record, batchSize)
	for i := range out {
		t := now.Add(time.Duration(i) * time.Millisecond)
		out[i] = logtest.RecordFactory{
			Timestamp:         t,
			ObservedTimestamp: t,
			Severity:          log.SeverityInfo,
			SeverityText:      "info",
			Body:              attribute.StringValue("request served"),
			Attributes: []attribute.KeyValue{
				attribute.String("logfire.span_type", "log"),
				attribute.Int("logfire.level_num", 9),
				attribute.String("logfire.msg_template", "request served"),
				attribute.String("code.filepath", "internal/server/handler.go"),
				attribute.Int("code.lineno", 118),
				attribute.String("code.function", "server.(*Handler).ServeHTTP"),
				attribute.String("http.route", "/api/v1/orders/{id}"),
				attribute.Int("user_id", 100000+i),
				attribute.Float64("latency_ms", 12.5+float64(i)),
				attribute.Bool("cache_hit", i%2 == 0),
			},
			TraceID:              trace.TraceID{byte(i), 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
			SpanID:               trace.SpanID{9, 9, 9, 9, 9, 9, 9, byte(i)},
			TraceFlags:           trace.FlagsSampled,
			Resource:             res,
			InstrumentationScope: &scope,
		}.NewRecord()
	}
	return out
}

// BenchmarkExportLogs exports a batch of 512 typical log records to a
// loopback receiver, with this package's LogExporter and with otlploghttp,
// gzip off and on. ns/record and allocs/record include the receiver's
// share (the same for both).
func BenchmarkExportLogs(b *testing.B) {
	records := typicalLogRecords()
	for _, gz := range []bool{false, true} {
		name := "none"
		if gz {
			name = "gzip"
		}
		b.Run("exporter=otlpexport/compression="+name, func(b *testing.B) {
			srv := discardServer(b)
			opts := []otlpexport.Option{otlpexport.WithEndpointURL(srv.URL + "/v1/logs")}
			if gz {
				opts = append(opts, otlpexport.WithGzip())
			}
			e, err := otlpexport.NewLogExporter(opts...)
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { _ = e.Shutdown(context.Background()) })
			runExportLogs(b, e, records)
		})
		b.Run("exporter=otlploghttp/compression="+name, func(b *testing.B) {
			srv := discardServer(b)
			tr := http.DefaultTransport.(*http.Transport).Clone()
			opts := []otlploghttp.Option{
				otlploghttp.WithEndpointURL(srv.URL + "/v1/logs"),
				otlploghttp.WithHTTPClient(&http.Client{Transport: tr}),
			}
			if gz {
				opts = append(opts, otlploghttp.WithCompression(otlploghttp.GzipCompression))
			}
			e, err := otlploghttp.New(context.Background(), opts...)
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { _ = e.Shutdown(context.Background()); tr.CloseIdleConnections() })
			runExportLogs(b, e, records)
		})
	}
}

func runExportLogs(b *testing.B, e sdklog.Exporter, records []sdklog.Record) {
	ctx := context.Background()
	if err := e.Export(ctx, records); err != nil { // warm the connection and pools
		b.Fatal(err)
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	cpu0 := cpuTime()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if err := e.Export(ctx, records); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	cpu := cpuTime() - cpu0
	runtime.ReadMemStats(&after)
	n := float64(b.N) * float64(len(records))
	b.ReportMetric(float64(cpu.Nanoseconds())/n, "cpu-ns/record")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/n, "ns/record")
	b.ReportMetric(float64(after.Mallocs-before.Mallocs)/n, "allocs/record")
}
