package otelsetup

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logspan/logspan"
)

func TestLogsBadValuesNameTheVariable(t *testing.T) {
	tests := []struct {
		give map[string]string
		want string
	}{
		{map[string]string{"LOGSPAN_LOGS_AS": "events"}, "LOGSPAN_LOGS_AS"},
		{map[string]string{"LOGSPAN_LOGS_AS": "default"}, "LOGSPAN_LOGS_AS"},
		{map[string]string{"OTEL_LOGS_EXPORTER": "otlp,loki"}, "OTEL_LOGS_EXPORTER"},
		{map[string]string{"OTEL_EXPORTER_OTLP_LOGS_PROTOCOL": "http/json"}, "OTEL_EXPORTER_OTLP_LOGS_PROTOCOL"},
		{map[string]string{"OTEL_EXPORTER_OTLP_PROTOCOL": "udp"}, "OTEL_EXPORTER_OTLP_PROTOCOL"},
		{map[string]string{"OTEL_EXPORTER_OTLP_LOGS_ENDPOINT": "ftp://x"}, "OTEL_EXPORTER_OTLP_LOGS_ENDPOINT"},
		{map[string]string{"OTEL_EXPORTER_OTLP_LOGS_ENDPOINT": "localhost:4318"}, "OTEL_EXPORTER_OTLP_LOGS_ENDPOINT"},
		{map[string]string{"OTEL_EXPORTER_OTLP_LOGS_HEADERS": "novalue"}, "OTEL_EXPORTER_OTLP_LOGS_HEADERS"},
		{map[string]string{"OTEL_EXPORTER_OTLP_LOGS_TIMEOUT": "0"}, "OTEL_EXPORTER_OTLP_LOGS_TIMEOUT"},
		{map[string]string{"OTEL_EXPORTER_OTLP_LOGS_TIMEOUT": "3600001"}, "OTEL_EXPORTER_OTLP_LOGS_TIMEOUT"},
		{map[string]string{"OTEL_EXPORTER_OTLP_LOGS_TIMEOUT": "10s"}, "OTEL_EXPORTER_OTLP_LOGS_TIMEOUT"},
		{map[string]string{"OTEL_EXPORTER_OTLP_LOGS_COMPRESSION": "zstd"}, "OTEL_EXPORTER_OTLP_LOGS_COMPRESSION"},
		{map[string]string{"OTEL_EXPORTER_OTLP_LOGS_INSECURE": "yes"}, "OTEL_EXPORTER_OTLP_LOGS_INSECURE"},
		{map[string]string{"OTEL_BLRP_SCHEDULE_DELAY": "0"}, "OTEL_BLRP_SCHEDULE_DELAY"},
		{map[string]string{"OTEL_BLRP_SCHEDULE_DELAY": "-5"}, "OTEL_BLRP_SCHEDULE_DELAY"},
		{map[string]string{"OTEL_BLRP_SCHEDULE_DELAY": "3600001"}, "OTEL_BLRP_SCHEDULE_DELAY"},
		{map[string]string{"OTEL_BLRP_EXPORT_TIMEOUT": "0"}, "OTEL_BLRP_EXPORT_TIMEOUT"},
		{map[string]string{"OTEL_BLRP_EXPORT_TIMEOUT": "1.5"}, "OTEL_BLRP_EXPORT_TIMEOUT"},
		{map[string]string{"OTEL_BLRP_MAX_QUEUE_SIZE": "0"}, "OTEL_BLRP_MAX_QUEUE_SIZE"},
		{map[string]string{"OTEL_BLRP_MAX_QUEUE_SIZE": "10000001"}, "OTEL_BLRP_MAX_QUEUE_SIZE"},
		{map[string]string{"OTEL_BLRP_MAX_EXPORT_BATCH_SIZE": "many"}, "OTEL_BLRP_MAX_EXPORT_BATCH_SIZE"},
		{map[string]string{"OTEL_BLRP_MAX_EXPORT_BATCH_SIZE": "1000001"}, "OTEL_BLRP_MAX_EXPORT_BATCH_SIZE"},
	}
	for _, tt := range tests {
		_, err := readLogsEnv(lookupMap(tt.give), nil)
		if assert.Error(t, err, "%v", tt.give) {
			assert.Regexp(t, "^otelsetup: "+tt.want+"[=:]", err.Error())
		}
		// Setup (New) refuses them too, whatever the data model.
		_, err = New(t.Context(), WithEnv(lookupMap(tt.give)))
		assert.ErrorContains(t, err, tt.want, "%v", tt.give)
	}
	// The limits themselves are accepted.
	_, err := readLogsEnv(lookupMap(map[string]string{
		"OTEL_BLRP_SCHEDULE_DELAY": "1", "OTEL_BLRP_EXPORT_TIMEOUT": "3600000",
		"OTEL_BLRP_MAX_QUEUE_SIZE": "10000000", "OTEL_BLRP_MAX_EXPORT_BATCH_SIZE": "1",
	}), nil)
	assert.NoError(t, err)
}

func TestLogsDefaults(t *testing.T) {
	c, err := readLogsEnv(lookupMap(nil), nil)
	require.NoError(t, err)
	assert.Equal(t, logspan.LogsAsDefault, c.as)
	assert.False(t, c.records(), "spans by default")
	assert.Equal(t, []string{ExporterConsole}, c.exporterList())
	assert.Equal(t, ProtocolHTTP, c.otlp.protocol)
	assert.Equal(t, "http://localhost:4318/v1/logs", logsEndpointURL(c.otlp))
	assert.Equal(t, 10*time.Second, c.otlp.timeout)
	assert.Equal(t, batchConfig{DefaultScheduleDelay, DefaultExportTimeout, DefaultMaxQueueSize, DefaultMaxExportSize, DefaultMaxQueueBytes, DefaultMaxExportsInFlight}, c.batch)
}

// The logs' variables win over the general ones; only the general
// endpoint gets /v1/logs appended; the traces' variables do not apply.
func TestLogsVariablesPrecedence(t *testing.T) {
	general := map[string]string{
		"LOGSPAN_LOGS_AS":                    " Both ",
		"OTEL_EXPORTER_OTLP_ENDPOINT":        "http://collector:4318/",
		"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://traces:4318/v1/traces",
		"OTEL_EXPORTER_OTLP_HEADERS":         "a=1,b=2",
		"OTEL_EXPORTER_OTLP_TRACES_HEADERS":  "t=1",
		"OTEL_EXPORTER_OTLP_TIMEOUT":         "2000",
		"OTEL_EXPORTER_OTLP_TRACES_TIMEOUT":  "3000",
		"OTEL_EXPORTER_OTLP_COMPRESSION":     "gzip",
		"OTEL_EXPORTER_OTLP_TRACES_PROTOCOL": "grpc",
		"OTEL_BSP_SCHEDULE_DELAY":            "9",
	}
	c, err := readLogsEnv(lookupMap(general), nil)
	require.NoError(t, err)
	assert.Equal(t, logspan.LogsAsBoth, c.as)
	assert.Equal(t, "http://collector:4318/v1/logs", logsEndpointURL(c.otlp), "the general endpoint is a base")
	assert.Equal(t, map[string]string{"a": "1", "b": "2"}, c.otlp.headers)
	assert.Equal(t, 2*time.Second, c.otlp.timeout)
	assert.True(t, c.otlp.gzip)
	assert.Equal(t, ProtocolHTTP, c.otlp.protocol, "the traces' protocol is not the logs'")
	assert.Equal(t, DefaultScheduleDelay, c.batch.delay, "OTEL_BSP_* is the spans'")
	assert.Equal(t, []string{ExporterOTLP}, c.exporterList(), "an endpoint: otlp")

	specific := map[string]string{
		"OTEL_EXPORTER_OTLP_LOGS_ENDPOINT":    "https://logs.example/custom/path",
		"OTEL_EXPORTER_OTLP_LOGS_HEADERS":     "l=1",
		"OTEL_EXPORTER_OTLP_LOGS_TIMEOUT":     "4000",
		"OTEL_EXPORTER_OTLP_LOGS_COMPRESSION": "none",
		"OTEL_EXPORTER_OTLP_LOGS_PROTOCOL":    "grpc",
		"OTEL_LOGS_EXPORTER":                  "OTLP, console,otlp",
		"OTEL_BLRP_SCHEDULE_DELAY":            "7",
		"OTEL_BLRP_EXPORT_TIMEOUT":            "8",
		"OTEL_BLRP_MAX_QUEUE_SIZE":            "100",
		"OTEL_BLRP_MAX_EXPORT_BATCH_SIZE":     "10",
	}
	for k, v := range general {
		if _, ok := specific[k]; !ok {
			specific[k] = v
		}
	}
	c, err = readLogsEnv(lookupMap(specific), nil)
	require.NoError(t, err)
	assert.Equal(t, "https://logs.example/custom/path", c.otlp.endpoint)
	assert.True(t, c.otlp.endpointIsTraces, "the logs endpoint is used as is")
	assert.Equal(t, map[string]string{"l": "1"}, c.otlp.headers, "the logs headers replace the general ones")
	assert.Equal(t, 4*time.Second, c.otlp.timeout)
	assert.False(t, c.otlp.gzip)
	assert.Equal(t, ProtocolGRPC, c.otlp.protocol)
	assert.Equal(t, []string{ExporterOTLP, ExporterConsole}, c.exporterList(), "each once, in order")
	assert.Equal(t, batchConfig{7 * time.Millisecond, 8 * time.Millisecond, 100, 10, DefaultMaxQueueBytes, DefaultMaxExportsInFlight}, c.batch)
}

// A Logfire destination of the spans is the records' too: /v1/logs of the
// same base URL, with the token, and never the OTEL_* headers.
func TestLogsGoToLogfire(t *testing.T) {
	env := lookupMap(map[string]string{
		"LOGFIRE_TOKEN":              "pylf_v1_us_secret",
		"OTEL_EXPORTER_OTLP_HEADERS": "x-team=logs",
	})
	traces, err := readEnv(env)
	require.NoError(t, err)
	c, err := readLogsEnv(env, &traces)
	require.NoError(t, err)
	assert.Equal(t, []string{ExporterOTLP}, c.exporterList())
	dests := c.destinations()
	require.Len(t, dests, 1, "the token alone: Logfire only")
	assert.Equal(t, "https://logfire-us.pydantic.dev/v1/logs", logsEndpointURL(dests[0]))
	assert.Equal(t, "pylf_v1_us_secret", dests[0].headers[authorizationHeader])
	assert.NotContains(t, dests[0].headers, "x-team")
	traces.logfire[0].headers["changed"] = "x"
	assert.NotContains(t, dests[0].headers, "changed", "the records' headers are a copy")
}

// With records, the byte budget is shared: the whole stays WithMaxQueueBytes.
func TestShareBudget(t *testing.T) {
	spans := batchConfig{maxBytes: 64 << 20, inFlight: 3}
	lc := logsConfig{as: logspan.LogsAsSpans, batch: batchConfig{maxBytes: 64 << 20}}
	shareBudget(&spans, &lc)
	assert.Equal(t, int64(64<<20), spans.maxBytes, "spans only: all of it")
	lc.as = logspan.LogsAsRecords
	shareBudget(&spans, &lc)
	assert.Equal(t, int64(32<<20), spans.maxBytes)
	assert.Equal(t, int64(32<<20), lc.batch.maxBytes)
	assert.Equal(t, 3, lc.batch.inFlight)
}
