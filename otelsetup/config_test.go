package otelsetup

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func lookupMap(m map[string]string) lookupFunc {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

func TestBadValuesNameTheVariable(t *testing.T) {
	tests := []struct {
		give map[string]string
		want string
	}{
		{map[string]string{"OTEL_SDK_DISABLED": "maybe"}, "OTEL_SDK_DISABLED"},
		{map[string]string{"OTEL_TRACES_EXPORTER": "jaeger"}, "OTEL_TRACES_EXPORTER"},
		{map[string]string{"OTEL_EXPORTER_OTLP_PROTOCOL": "http/json"}, "OTEL_EXPORTER_OTLP_PROTOCOL"},
		{map[string]string{"OTEL_EXPORTER_OTLP_TRACES_PROTOCOL": "udp"}, "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL"},
		{map[string]string{"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "ftp://x"}, "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"},
		{map[string]string{"OTEL_EXPORTER_OTLP_HEADERS": "novalue"}, "OTEL_EXPORTER_OTLP_HEADERS"},
		{map[string]string{"OTEL_EXPORTER_OTLP_TIMEOUT": "10s"}, "OTEL_EXPORTER_OTLP_TIMEOUT"},
		{map[string]string{"OTEL_EXPORTER_OTLP_INSECURE": "yes please"}, "OTEL_EXPORTER_OTLP_INSECURE"},
		{map[string]string{"OTEL_RESOURCE_ATTRIBUTES": "a=%zz"}, "OTEL_RESOURCE_ATTRIBUTES"},
		{map[string]string{"OTEL_BSP_SCHEDULE_DELAY": "-1"}, "OTEL_BSP_SCHEDULE_DELAY"},
		{map[string]string{"OTEL_BSP_SCHEDULE_DELAY": "0"}, "OTEL_BSP_SCHEDULE_DELAY"},
		{map[string]string{"OTEL_BSP_EXPORT_TIMEOUT": "0"}, "OTEL_BSP_EXPORT_TIMEOUT"},
		{map[string]string{"OTEL_SDK_DISABLED": "1"}, "OTEL_SDK_DISABLED"},
		{map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "localhost:4317"}, "OTEL_EXPORTER_OTLP_ENDPOINT"},
		{map[string]string{"OTEL_BSP_MAX_QUEUE_SIZE": "0"}, "OTEL_BSP_MAX_QUEUE_SIZE"},
		{map[string]string{"OTEL_BSP_MAX_EXPORT_BATCH_SIZE": "many"}, "OTEL_BSP_MAX_EXPORT_BATCH_SIZE"},
	}
	for _, tt := range tests {
		_, err := readEnv(lookupMap(tt.give))
		if assert.Error(t, err, "%v", tt.give) {
			assert.Contains(t, err.Error(), tt.want+"=")
		}
	}
	_, err := New(t.Context(), WithEnv(func(k string) (string, bool) {
		return map[string]string{"OTEL_TRACES_SAMPLER": "sometimes"}[k], k == "OTEL_TRACES_SAMPLER"
	}))
	assert.ErrorContains(t, err, "OTEL_TRACES_SAMPLER=")
	_, err = New(t.Context(), WithEnv(lookupMap(map[string]string{"OTEL_TRACES_SAMPLER": "traceidratio", "OTEL_TRACES_SAMPLER_ARG": "2"})))
	assert.ErrorContains(t, err, "OTEL_TRACES_SAMPLER_ARG=")
}

func TestDefaults(t *testing.T) {
	c, err := readEnv(lookupMap(nil))
	require.NoError(t, err)
	assert.Equal(t, []string{ExporterConsole}, c.exporterList(), "no endpoint: the console view")
	assert.Equal(t, ProtocolHTTP, c.otlp.protocol)
	assert.Equal(t, 500*time.Millisecond, c.batch.delay, "logs should leave within half a second")
	assert.Equal(t, DefaultMaxQueueSize, c.batch.queueSize)

	c, err = readEnv(lookupMap(map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:4318"}))
	require.NoError(t, err)
	assert.Equal(t, []string{ExporterOTLP}, c.exporterList(), "an endpoint: OTLP")

	c, err = readEnv(lookupMap(map[string]string{
		"OTEL_TRACES_EXPORTER":              "otlp, console",
		"OTEL_EXPORTER_OTLP_PROTOCOL":       "grpc",
		"OTEL_EXPORTER_OTLP_HEADERS":        "a=1,b=x%20y",
		"OTEL_EXPORTER_OTLP_TRACES_HEADERS": "b=2",
		"OTEL_EXPORTER_OTLP_TIMEOUT":        "1500",
		"OTEL_RESOURCE_ATTRIBUTES":          "deployment.environment=prod,team=a%2Cb",
		"OTEL_BSP_SCHEDULE_DELAY":           "100",
		"NO_COLOR":                          "1",
	}))
	require.NoError(t, err)
	assert.Equal(t, []string{ExporterOTLP, ExporterConsole}, c.exporterList())
	assert.Equal(t, ProtocolGRPC, c.otlp.protocol)
	assert.Equal(t, map[string]string{"b": "2"}, c.otlp.headers, "traces headers replace the general ones")
	assert.Equal(t, 1500*time.Millisecond, c.otlp.timeout)
	assert.Equal(t, map[string]string{"deployment.environment": "prod", "team": "a,b"}, c.resource)
	assert.Equal(t, 100*time.Millisecond, c.batch.delay)
	assert.Equal(t, ColorNever, c.console.Color)
}

func TestLogfireToken(t *testing.T) {
	tests := []struct{ give, want string }{
		{"pylf_v1_eu_abc123", "https://logfire-eu.pydantic.dev/v1/traces"},
		{"pylf_v1_us_abc123", "https://logfire-us.pydantic.dev/v1/traces"},
		{"oldtoken", "https://logfire-api.pydantic.dev/v1/traces"},
	}
	for _, tt := range tests {
		c, err := readEnv(lookupMap(map[string]string{"LOGFIRE_TOKEN": tt.give}))
		require.NoError(t, err)
		assert.Equal(t, tt.want, c.otlp.endpoint)
		assert.True(t, c.otlp.endpointIsTraces)
		assert.Equal(t, tt.give, c.otlp.headers["Authorization"])
		assert.Equal(t, []string{ExporterOTLP}, c.exporterList())
	}
	c, err := readEnv(lookupMap(map[string]string{"LOGFIRE_TOKEN": "t", "OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:1"}))
	require.NoError(t, err)
	assert.Equal(t, "http://127.0.0.1:1", c.otlp.endpoint, "an explicit endpoint wins over Logfire's")
}

func TestReporterIsRateLimited(t *testing.T) {
	var out stringsBuilder
	r := newReporter(&out, time.Minute)
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	r.now = func() time.Time { return now }
	for range 100 {
		r.report("export failed")
	}
	now = now.Add(time.Minute)
	r.report("export failed")
	assert.Equal(t, "otelsetup: export failed\notelsetup: export failed (99 similar messages suppressed)\n", out.String())
}

func TestEndpointForms(t *testing.T) {
	c, err := readEnv(lookupMap(map[string]string{
		"OTEL_EXPORTER_OTLP_PROTOCOL": "grpc",
		"OTEL_EXPORTER_OTLP_ENDPOINT": "collector:4317",
	}))
	require.NoError(t, err, "gRPC takes a bare host:port")
	assert.Equal(t, "collector:4317", c.otlp.endpoint)

	c, err = readEnv(lookupMap(map[string]string{"OTEL_TRACES_EXPORTER": "otlp,console,otlp"}))
	require.NoError(t, err)
	assert.Equal(t, []string{ExporterOTLP, ExporterConsole}, c.exporterList(), "an exporter named twice is used once")

	c, err = readEnv(lookupMap(map[string]string{"OTEL_SDK_DISABLED": "TRUE"}))
	require.NoError(t, err)
	assert.True(t, c.disabled)
}
