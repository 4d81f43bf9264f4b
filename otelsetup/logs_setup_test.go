package otelsetup_test

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/log"
	sdklog "go.opentelemetry.io/otel/sdk/log"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	commonpb "go.opentelemetry.io/proto/otlp/common/v1"
	"go.uber.org/goleak"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/core"
	"github.com/logspan/logspan/otelsetup"
	"github.com/logspan/logspan/otelsetup/otlptest"
)

// emit sends one record through lp, as an adapter in records mode does.
func emit(lp log.LoggerProvider, body string, sev log.Severity) {
	var r log.Record
	r.SetTimestamp(time.Now())
	r.SetSeverity(sev)
	r.SetBody(attribute.StringValue(body))
	r.AddAttributes(attribute.String("user", "ada"))
	lp.Logger("test").Emit(context.Background(), r)
}

// keepGlobalLogs restores the global logger provider after the test.
func keepGlobalLogs(t *testing.T) {
	old := otel.GetLoggerProvider()
	t.Cleanup(func() { otel.SetLoggerProvider(old) })
}

// LOGSPAN_LOGS_AS=records: Setup sets the process's data model and the
// global logger provider, whose records reach the OTLP endpoint at
// /v1/logs with the logs' headers; Shutdown restores the model.
func TestSetupRecordsOverOTLP(t *testing.T) {
	keepGlobalLogs(t)
	rec := otlptest.NewHTTP()
	defer rec.Close()
	receiverOnly := goleak.IgnoreCurrent()
	shutdown, err := otelsetup.Setup(t.Context(), otelsetup.WithErrorOutput(&bytes.Buffer{}), envOf(map[string]string{
		"LOGSPAN_LOGS_AS":                 "records",
		"OTEL_EXPORTER_OTLP_ENDPOINT":     rec.URL,
		"OTEL_EXPORTER_OTLP_HEADERS":      "x-team=spans",
		"OTEL_EXPORTER_OTLP_LOGS_HEADERS": "x-team=logs",
		"OTEL_SERVICE_NAME":               "svc",
	}))
	require.NoError(t, err)
	assert.Equal(t, logspan.LogsAsRecords, core.DefaultLogsAs())
	emit(otel.GetLoggerProvider(), "checkout", log.SeverityInfo)
	assert.Eventually(t, func() bool { return len(rec.LogBodies()) == 1 }, 10*time.Second, 10*time.Millisecond,
		"the record leaves by itself after the schedule delay")
	// The adapters' fatal flush goes through the global provider's ForceFlush.
	flusher, ok := otel.GetLoggerProvider().(interface{ ForceFlush(context.Context) error })
	require.True(t, ok, "the global logger provider can be flushed")
	emit(otel.GetLoggerProvider(), "fatal", log.SeverityFatal)
	require.NoError(t, flusher.ForceFlush(context.Background()))
	assert.Equal(t, []string{"checkout", "fatal"}, rec.LogBodies(), "flushed at once")
	assert.Equal(t, "logs", rec.Header("X-Team"))
	assert.Contains(t, rec.Header("User-Agent"), "logspan-otelsetup/")
	rl := rec.ResourceLogs()
	require.Len(t, rl, 2, "two exports")
	assert.Contains(t, rl[0].GetResource().GetAttributes(), attrOf("service.name", "svc"), "the spans' resource")
	lr := rec.LogRecords()[0]
	assert.Equal(t, int32(log.SeverityInfo), int32(lr.GetSeverityNumber()))
	require.NoError(t, shutdown(context.Background()))
	assert.Equal(t, logspan.LogsAsSpans, core.DefaultLogsAs(), "Shutdown restores the data model")
	goleak.VerifyNone(t, receiverOnly)
}

// New touches no global; its LoggerProvider exports, ForceFlush sends the
// records at once (the fatal flush), and LogRecordStats counts exactly.
func TestNewRecordsFlushAndStats(t *testing.T) {
	rec := otlptest.NewHTTP()
	defer rec.Close()
	before := otel.GetLoggerProvider()
	p, err := otelsetup.New(t.Context(), otelsetup.WithLogsAs(logspan.LogsAsBoth), otelsetup.WithErrorOutput(&bytes.Buffer{}), envOf(map[string]string{
		"LOGSPAN_LOGS_AS":                  "spans", // the option wins
		"OTEL_EXPORTER_OTLP_LOGS_ENDPOINT": rec.URL + "/v1/logs",
		"OTEL_BLRP_SCHEDULE_DELAY":         "3600000",
	}))
	require.NoError(t, err)
	assert.Equal(t, logspan.LogsAsBoth, p.LogsAs())
	assert.Same(t, before, otel.GetLoggerProvider(), "New sets no global")
	assert.Equal(t, logspan.LogsAsSpans, core.DefaultLogsAs(), "New sets no default model")
	for range 3 {
		emit(p.LoggerProvider(), "info", log.SeverityInfo)
	}
	emit(p.LoggerProvider(), "fatal", log.SeverityFatal)
	require.NoError(t, p.ForceFlush(context.Background()))
	assert.Equal(t, []string{"fatal", "info", "info", "info"}, rec.LogBodies(), "flushed at once, the fatal record first")
	assert.Equal(t, otelsetup.Stats{Received: 4, Exported: 4}, p.LogRecordStats())
	require.NoError(t, p.Shutdown(context.Background()))
	emit(p.LoggerProvider(), "late", log.SeverityInfo)
	assert.Equal(t, otelsetup.Stats{Received: 4, Exported: 4}, p.LogRecordStats(), "a shut-down provider takes no record")
}

// Spans by default: no logger provider, no record pipeline.
func TestSpansByDefaultNoRecords(t *testing.T) {
	p, err := otelsetup.New(t.Context(), envOf(map[string]string{"OTEL_TRACES_EXPORTER": "none"}))
	require.NoError(t, err)
	defer func() { require.NoError(t, p.Shutdown(context.Background())) }()
	assert.Equal(t, logspan.LogsAsDefault, p.LogsAs())
	emit(p.LoggerProvider(), "nowhere", log.SeverityInfo) // a no-op provider
	assert.Equal(t, otelsetup.Stats{}, p.LogRecordStats())
}

// With a Logfire token, records go to Logfire's /v1/logs with the token,
// and to the OTEL_* endpoint without it.
func TestRecordsToLogfire(t *testing.T) {
	rec := otlptest.NewHTTP()
	defer rec.Close()
	logfire := otlptest.NewHTTP()
	defer logfire.Close()
	p, err := otelsetup.New(t.Context(), otelsetup.WithErrorOutput(&bytes.Buffer{}), envOf(map[string]string{
		"LOGSPAN_LOGS_AS":             "records",
		"OTEL_EXPORTER_OTLP_ENDPOINT": rec.URL,
		"OTEL_EXPORTER_OTLP_HEADERS":  "x-team=logs",
		"LOGFIRE_TOKEN":               "pylf_v1_eu_secret",
		"LOGFIRE_BASE_URL":            logfire.URL,
	}))
	require.NoError(t, err)
	emit(p.LoggerProvider(), "both", log.SeverityWarn)
	require.NoError(t, p.ForceFlush(context.Background()))
	assert.Equal(t, []string{"both"}, rec.LogBodies())
	assert.Equal(t, []string{"both"}, logfire.LogBodies())
	assert.Empty(t, rec.Header("Authorization"), "the token went to the OTEL_* endpoint")
	assert.Equal(t, "pylf_v1_eu_secret", logfire.Header("Authorization"))
	assert.Empty(t, logfire.Header("X-Team"), "the OTEL_* headers went to Logfire")
	require.NoError(t, p.Shutdown(context.Background()))
	assert.Equal(t, otelsetup.Stats{Received: 2, Exported: 2}, p.LogRecordStats(), "one record, two destinations")
}

func TestRecordsOverGRPC(t *testing.T) {
	rec, err := otlptest.NewGRPC()
	require.NoError(t, err)
	defer rec.Close()
	p, err := otelsetup.New(t.Context(), otelsetup.WithErrorOutput(&bytes.Buffer{}), envOf(map[string]string{
		"LOGSPAN_LOGS_AS":                  "records",
		"OTEL_EXPORTER_OTLP_LOGS_ENDPOINT": rec.URL,
		"OTEL_EXPORTER_OTLP_LOGS_PROTOCOL": "grpc",
		"OTEL_EXPORTER_OTLP_LOGS_HEADERS":  "x-team=logs",
	}))
	require.NoError(t, err)
	emit(p.LoggerProvider(), "over grpc", log.SeverityError)
	require.NoError(t, p.ForceFlush(context.Background()))
	assert.Equal(t, []string{"over grpc"}, rec.LogBodies())
	assert.Equal(t, "logs", rec.Header("x-team"))
	require.NoError(t, p.Shutdown(context.Background()))
}

// The console exporter writes each record (OTEL_LOGS_EXPORTER=console).
func TestRecordsToConsole(t *testing.T) {
	var out lockedBuffer
	p, err := otelsetup.New(t.Context(), otelsetup.WithConsole(&out, otelsetup.ConsoleOptions{Color: otelsetup.ColorNever}), envOf(map[string]string{
		"LOGSPAN_LOGS_AS":    "records",
		"OTEL_LOGS_EXPORTER": "console",
	}))
	require.NoError(t, err)
	emit(p.LoggerProvider(), "shown\x1b[2J", log.SeverityWarn)
	require.NoError(t, p.Shutdown(context.Background()))
	assert.Contains(t, out.String(), "shown")
	assert.NotContains(t, out.String(), "\x1b", "control characters are escaped")
}

// The record pipeline's Stats are metrics, as the spans' are.
func TestLogRecordStatsAsMetrics(t *testing.T) {
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	defer func() { _ = mp.Shutdown(context.Background()) }()
	p, err := otelsetup.New(t.Context(), envOf(map[string]string{"LOGSPAN_LOGS_AS": "records"}),
		otelsetup.WithLogExporter(failingLogExporter{}), otelsetup.WithExporter(failingExporter{}),
		otelsetup.WithMeterProvider(mp), otelsetup.WithErrorOutput(&lockedBuffer{}))
	require.NoError(t, err)
	for range 3 {
		emit(p.LoggerProvider(), "lost", log.SeverityInfo)
	}
	assert.Error(t, p.ForceFlush(context.Background()))
	assert.Equal(t, otelsetup.Stats{Received: 3, DroppedExportFailed: 3}, p.LogRecordStats())
	var rm metricdata.ResourceMetrics
	require.NoError(t, reader.Collect(context.Background(), &rm))
	got := map[string]int64{}
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			if sum, ok := m.Data.(metricdata.Sum[int64]); ok {
				for _, dp := range sum.DataPoints {
					et, _ := dp.Attributes.Value("error.type")
					got[m.Name+"/"+et.AsString()] += dp.Value
				}
			}
		}
	}
	assert.Equal(t, int64(3), got["otel.sdk.processor.log.processed/export_failed"])
	assert.Equal(t, int64(0), got["otel.sdk.processor.log.processed/"])
	assert.Equal(t, int64(0), got["otel.sdk.processor.log.queue.size/"])
	require.NoError(t, p.Shutdown(context.Background()))
}

// failingLogExporter fails every export.
type failingLogExporter struct{}

func (failingLogExporter) Export(context.Context, []sdklog.Record) error {
	return errors.New("backend says no")
}
func (failingLogExporter) Shutdown(context.Context) error   { return nil }
func (failingLogExporter) ForceFlush(context.Context) error { return nil }

func attrOf(k, v string) *commonpb.KeyValue {
	return &commonpb.KeyValue{Key: k, Value: &commonpb.AnyValue{Value: &commonpb.AnyValue_StringValue{StringValue: v}}}
}

// The spans' and the records' diagnostics share the error output: both
// are written, and a writer unsafe for concurrent use (a bytes.Buffer) is
// safe (go test -race).
func TestRecordsAndSpansShareErrorOutput(t *testing.T) {
	var diag bytes.Buffer
	p, err := otelsetup.New(t.Context(), envOf(map[string]string{"LOGSPAN_LOGS_AS": "both"}),
		otelsetup.WithLogExporter(failingLogExporter{}), otelsetup.WithExporter(failingExporter{}),
		otelsetup.WithErrorOutput(&diag))
	require.NoError(t, err)
	for range 20 {
		logOne(p.TracerProvider(), "lost")
		emit(p.LoggerProvider(), "lost", log.SeverityInfo)
		_ = p.ForceFlush(context.Background())
	}
	require.NoError(t, p.Shutdown(context.Background()))
	out := diag.String()
	assert.Contains(t, out, "exporting 1 spans: backend says no")
	assert.Contains(t, out, "exporting 1 log records: backend says no")
	assert.Contains(t, out, "final totals: dropped 20 of 20 spans")
	assert.Contains(t, out, "final totals: dropped 20 of 20 log records")
}
