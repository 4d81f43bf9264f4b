package otelsetup_test

import (
	"bytes"
	"context"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
	"go.uber.org/goleak"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/core"
	"github.com/logspan/logspan/otelsetup"
	"github.com/logspan/logspan/otelsetup/otlptest"
)

func envOf(m map[string]string) otelsetup.Option {
	return otelsetup.WithEnv(func(k string) (string, bool) { v, ok := m[k]; return v, ok })
}

// logOne makes one log span through core with tp.
func logOne(tp trace.TracerProvider, msg string) {
	em := core.NewEmitter("test", "v", logspan.WithTracerProvider(tp))
	em.Start(context.Background(), core.Record{Level: core.LevelInfo, Message: msg}, nil).End()
}

// With an OTEL_* endpoint and a Logfire token, spans go to both, each
// with its own headers: the token only to Logfire.
func TestOTLPHTTPAndLogfire(t *testing.T) {
	rec := otlptest.NewHTTP()
	defer rec.Close()
	logfire := otlptest.NewHTTP()
	defer logfire.Close()
	receiversOnly := goleak.IgnoreCurrent()
	p, err := otelsetup.New(t.Context(), otelsetup.WithErrorOutput(&bytes.Buffer{}), envOf(map[string]string{
		"OTEL_EXPORTER_OTLP_ENDPOINT": rec.URL,
		"OTEL_EXPORTER_OTLP_HEADERS":  "x-team=logs",
		"LOGFIRE_TOKEN":               "pylf_v1_eu_secret",
		"LOGFIRE_BASE_URL":            logfire.URL, // plain http: the user's explicit choice
		"OTEL_SERVICE_NAME":           "svc",
	}))
	require.NoError(t, err)
	logOne(p.TracerProvider(), "over http")
	assert.Eventually(t, func() bool { return len(rec.SpanNames()) == 1 && len(logfire.SpanNames()) == 1 }, 10*time.Second, 10*time.Millisecond,
		"the span leaves by itself after the schedule delay, to both")
	assert.Equal(t, []string{"over http"}, rec.SpanNames())
	assert.Equal(t, []string{"over http"}, logfire.SpanNames())
	assert.Empty(t, rec.Header("Authorization"), "the token went to the OTEL_* endpoint")
	assert.Equal(t, "logs", rec.Header("X-Team"))
	assert.Equal(t, "pylf_v1_eu_secret", logfire.Header("Authorization"))
	assert.Empty(t, logfire.Header("X-Team"), "the OTEL_* headers went to Logfire")
	require.NoError(t, p.Shutdown(context.Background()))
	require.NoError(t, p.Shutdown(context.Background()), "shutdown is idempotent")
	s := p.Stats()
	assert.Equal(t, otelsetup.Stats{Received: 2, Exported: 2}, s, "one span, two destinations")
	// No keep-alive connection is left, the receivers still up: its
	// goroutines (client and server side) would show.
	goleak.VerifyNone(t, receiversOnly)
}

func TestOTLPGRPC(t *testing.T) {
	rec, err := otlptest.NewGRPC()
	require.NoError(t, err)
	defer rec.Close()
	url := rec.URL
	p, err := otelsetup.New(t.Context(), envOf(map[string]string{
		"OTEL_EXPORTER_OTLP_ENDPOINT": url,
		"OTEL_EXPORTER_OTLP_PROTOCOL": "grpc",
		"OTEL_EXPORTER_OTLP_HEADERS":  "x-team=logs",
	}))
	require.NoError(t, err)
	logOne(p.TracerProvider(), "over grpc")
	require.NoError(t, p.ForceFlush(context.Background()))
	assert.Equal(t, []string{"over grpc"}, rec.SpanNames())
	assert.Equal(t, "logs", rec.Header("x-team"))
	require.NoError(t, p.Shutdown(context.Background()))
}

func TestBlackHoledBackendShutsDownInTime(t *testing.T) {
	// Accepts connections, never answers.
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer lis.Close()
	go func() {
		for {
			c, err := lis.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()
	var diag bytes.Buffer
	p, err := otelsetup.New(t.Context(), otelsetup.WithErrorOutput(&diag), envOf(map[string]string{
		"OTEL_EXPORTER_OTLP_ENDPOINT": "http://" + lis.Addr().String(),
		"OTEL_EXPORTER_OTLP_TIMEOUT":  "200",
		"OTEL_BSP_SCHEDULE_DELAY":     "10",
	}))
	require.NoError(t, err)
	for range 10 {
		logOne(p.TracerProvider(), "into the void")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- p.Shutdown(ctx) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("shutdown did not return within its deadline")
	}
}

func TestSetupInstallsGlobals(t *testing.T) {
	prevTP, prevProp := otel.GetTracerProvider(), otel.GetTextMapPropagator()
	t.Cleanup(func() { otel.SetTracerProvider(prevTP); otel.SetTextMapPropagator(prevProp) })

	var out bytes.Buffer
	shutdown, err := otelsetup.Setup(t.Context(), envOf(nil), otelsetup.WithConsole(&out, otelsetup.ConsoleOptions{}))
	require.NoError(t, err)
	defer func() { _ = shutdown(context.Background()) }()

	logOne(otel.GetTracerProvider(), "via the global provider")
	assert.Contains(t, out.String(), "INFO   via the global provider")
	fields := otel.GetTextMapPropagator().Fields()
	assert.Contains(t, fields, "traceparent")
	assert.Contains(t, fields, "baggage")
	_ = propagation.TraceContext{}
}

func TestDisabled(t *testing.T) {
	p, err := otelsetup.New(t.Context(), envOf(map[string]string{"OTEL_SDK_DISABLED": "true", "OTEL_TRACES_EXPORTER": "console"}))
	require.NoError(t, err)
	_, s := p.TracerProvider().Tracer("x").Start(context.Background(), "nothing")
	assert.False(t, s.IsRecording())
	assert.NoError(t, p.Shutdown(context.Background()))
}

func TestConsoleIsTheDefault(t *testing.T) {
	var out bytes.Buffer
	p, err := otelsetup.New(t.Context(), envOf(nil), otelsetup.WithConsole(&out, otelsetup.ConsoleOptions{}))
	require.NoError(t, err)
	logOne(p.TracerProvider(), "hello console")
	assert.True(t, strings.Contains(out.String(), "hello console"))
	assert.Zero(t, p.Dropped())
	require.NoError(t, p.Shutdown(context.Background()))
}

// An https endpoint is never downgraded to plain text by
// OTEL_EXPORTER_OTLP_INSECURE (which speaks for gRPC endpoints without a
// scheme): a plain-text receiver behind an https URL gets nothing, and the
// flush says so.
func TestInsecureNeverDowngradesHTTPS(t *testing.T) {
	rec := otlptest.NewHTTP()
	defer rec.Close()
	p, err := otelsetup.New(t.Context(), otelsetup.WithErrorOutput(&bytes.Buffer{}), envOf(map[string]string{
		"OTEL_EXPORTER_OTLP_ENDPOINT": strings.Replace(rec.URL, "http://", "https://", 1),
		"OTEL_EXPORTER_OTLP_INSECURE": "true",
		"OTEL_EXPORTER_OTLP_HEADERS":  "Authorization=secret",
		"OTEL_EXPORTER_OTLP_TIMEOUT":  "2000",
	}))
	require.NoError(t, err)
	defer func() { _ = p.Shutdown(context.Background()) }()
	logOne(p.TracerProvider(), "must go over TLS")
	assert.Error(t, p.ForceFlush(context.Background()), "a failed export must fail the flush")
	assert.Empty(t, rec.SpanNames(), "the span (and the token) went out in plain text")
	assert.Empty(t, rec.Header("Authorization"))
}
