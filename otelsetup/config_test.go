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
			assert.Regexp(t, tt.want+"[=:]", err.Error())
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
	assert.Equal(t, int64(64<<20), c.batch.maxBytes, "64 MiB")
	assert.Equal(t, 4, c.batch.inFlight)

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
		{"oldtoken", "https://logfire-us.pydantic.dev/v1/traces"}, // Logfire's SDK: no region is the US
		{"pylf_v2_stagingeu_x", "https://logfire-eu.pydantic.info/v1/traces"},
		{"pylf_v1_mars_x", "https://logfire-us.pydantic.dev/v1/traces"},
		{"pylf_v1_eu", "https://logfire-us.pydantic.dev/v1/traces"},
		{"pylf_vx_eu_x", "https://logfire-us.pydantic.dev/v1/traces"},
	}
	for _, tt := range tests {
		c, err := readEnv(lookupMap(map[string]string{"LOGFIRE_TOKEN": tt.give}))
		require.NoError(t, err)
		require.Len(t, c.logfire, 1)
		assert.Equal(t, c.logfire, c.destinations(), "Logfire only")
		assert.Equal(t, tt.want, c.logfire[0].endpoint)
		assert.True(t, c.logfire[0].endpointIsTraces)
		assert.True(t, c.logfire[0].gzip, "Logfire's SDK compresses")
		assert.Equal(t, map[string]string{"Authorization": tt.give}, c.logfire[0].headers)
		assert.Equal(t, []string{ExporterOTLP}, c.exporterList())
	}

	// Both set: both destinations, each with its own headers; the token
	// never goes to the OTEL_* endpoint, even over https.
	c, err := readEnv(lookupMap(map[string]string{
		"LOGFIRE_TOKEN":               "pylf_v1_eu_t",
		"OTEL_EXPORTER_OTLP_ENDPOINT": "https://collector.example:4318",
		"OTEL_EXPORTER_OTLP_HEADERS":  "x-team=logs",
		"OTEL_EXPORTER_OTLP_TIMEOUT":  "1500",
	}))
	require.NoError(t, err)
	dests := c.destinations()
	require.Len(t, dests, 2)
	assert.Equal(t, "https://collector.example:4318", dests[0].endpoint)
	assert.Equal(t, map[string]string{"x-team": "logs"}, dests[0].headers)
	assert.Equal(t, "https://logfire-eu.pydantic.dev/v1/traces", dests[1].endpoint)
	assert.Equal(t, map[string]string{"Authorization": "pylf_v1_eu_t"}, dests[1].headers)
	assert.Equal(t, 1500*time.Millisecond, dests[1].timeout)
	assert.Equal(t, ProtocolHTTP, dests[1].protocol)

	// LOGFIRE_BASE_URL is the user's explicit choice, plain http included.
	c, err = readEnv(lookupMap(map[string]string{"LOGFIRE_TOKEN": "t", "LOGFIRE_BASE_URL": "http://127.0.0.1:1/"}))
	require.NoError(t, err)
	require.Len(t, c.logfire, 1)
	assert.Equal(t, "http://127.0.0.1:1/v1/traces", c.logfire[0].endpoint)
	_, err = readEnv(lookupMap(map[string]string{"LOGFIRE_TOKEN": "pylf_v1_us_s3cret", "LOGFIRE_BASE_URL": "ftp://x"}))
	assert.ErrorContains(t, err, "LOGFIRE_BASE_URL=")
	assert.NotContains(t, err.Error(), "s3cret")

	// Without a token, no Logfire destination, whatever the base URL.
	c, err = readEnv(lookupMap(map[string]string{"LOGFIRE_BASE_URL": "http://127.0.0.1:1"}))
	require.NoError(t, err)
	assert.Nil(t, c.logfire)
	assert.Equal(t, []string{ExporterConsole}, c.exporterList())
}

func TestNumbersAreRangeChecked(t *testing.T) {
	tests := []struct{ give, value string }{
		{"OTEL_BSP_MAX_QUEUE_SIZE", "9999999999"},
		{"OTEL_BSP_MAX_QUEUE_SIZE", "100000000000000"},
		{"OTEL_BSP_MAX_QUEUE_SIZE", "99999999999999999999999"},
		{"OTEL_BSP_MAX_EXPORT_BATCH_SIZE", "10000000000"},
		{"OTEL_BSP_SCHEDULE_DELAY", "9223372036854775807"},
		{"OTEL_BSP_SCHEDULE_DELAY", "9223372036855"},
		{"OTEL_BSP_EXPORT_TIMEOUT", "9223372036855"},
		{"OTEL_BSP_EXPORT_TIMEOUT", "3600001"},
		{"OTEL_EXPORTER_OTLP_TIMEOUT", "9223372036855"},
		{"OTEL_EXPORTER_OTLP_TRACES_TIMEOUT", "-5"},
	}
	for _, tt := range tests {
		_, err := readEnv(lookupMap(map[string]string{tt.give: tt.value}))
		if assert.Error(t, err, "%s=%s", tt.give, tt.value) {
			assert.Contains(t, err.Error(), tt.give+"=")
			assert.Contains(t, err.Error(), "want a whole number from 1 to ")
		}
	}
	c, err := readEnv(lookupMap(map[string]string{"OTEL_BSP_MAX_QUEUE_SIZE": "10000000", "OTEL_BSP_EXPORT_TIMEOUT": "3600000"}))
	require.NoError(t, err, "the bounds themselves are accepted")
	assert.Equal(t, 10_000_000, c.batch.queueSize)
	assert.Equal(t, time.Hour, c.batch.exportTimeout)

	_, err = New(t.Context(), WithEnv(lookupMap(nil)), WithMaxQueueBytes(1), WithErrorOutput(&stringsBuilder{}))
	assert.ErrorContains(t, err, "WithMaxQueueBytes(1)")
	_, err = New(t.Context(), WithEnv(lookupMap(nil)), WithMaxExportsInFlight(1000), WithErrorOutput(&stringsBuilder{}))
	assert.ErrorContains(t, err, "WithMaxExportsInFlight(1000)")
}

// Setup errors name the variable and the bad part, never a header value
// (often a credential), nor a password in an endpoint URL.
func TestErrorsNeverQuoteSecrets(t *testing.T) {
	tests := []map[string]string{
		{"OTEL_EXPORTER_OTLP_HEADERS": "Authorization=Bearer s3cret,Bearer s3cret"},
		{"OTEL_EXPORTER_OTLP_HEADERS": "Authorization=s3cret%zz"},
		{"OTEL_EXPORTER_OTLP_TRACES_HEADERS": "x=1,s3cret"},
		{"OTEL_EXPORTER_OTLP_ENDPOINT": "ftp://user:s3cret@host/?token=s3cret"},
		{"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "user:s3cret@host:1"},
		{"LOGFIRE_TOKEN": "s3cret", "LOGFIRE_BASE_URL": "gopher://u:s3cret@x"},
		{"LOGFIRE_TOKEN": "a,s3cret", "LOGFIRE_SEND_TO_LOGFIRE": "sometimes"},
		{"LOGFIRE_TOKEN": "s3cret", "LOGFIRE_TRACE_SAMPLE_RATE": "2"},
		{"LOGFIRE_TOKEN": "s3cret", "LOGFIRE_MIN_LEVEL": "loud"},
		{"LOGFIRE_TOKEN": "s3cret", "LOGFIRE_RESOURCE_ATTRIBUTES": "k"},
		{"LOGFIRE_TOKEN": "s3cret", "LOGSPAN_PENDING_SPANS": "on"},
	}
	for _, give := range tests {
		_, err := readEnv(lookupMap(give))
		if assert.Error(t, err, "%v", give) {
			assert.NotContains(t, err.Error(), "s3cret")
			for name := range give {
				if name != "LOGFIRE_TOKEN" {
					assert.Contains(t, err.Error(), name)
				}
			}
		}
	}
	_, err := readEnv(lookupMap(map[string]string{"OTEL_EXPORTER_OTLP_HEADERS": "a=1,b=%zz"}))
	assert.EqualError(t, err, `otelsetup: OTEL_EXPORTER_OTLP_HEADERS: the value of key "b" (item 2) is not percent-encoded correctly`)
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
