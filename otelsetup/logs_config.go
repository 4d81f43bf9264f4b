package otelsetup

import (
	"strings"

	"github.com/logspan/logspan"
)

// Names of the log-record variables. LOGSPAN_LOGS_AS is logspan's; the
// others are the OpenTelemetry specification's
// (https://opentelemetry.io/docs/specs/otel/configuration/sdk-environment-variables/
// and .../protocol/exporter/), read as the traces' are.
const (
	logsAsEnv       = "LOGSPAN_LOGS_AS"
	logsExporterEnv = "OTEL_LOGS_EXPORTER"
	logsSignalPath  = "/v1/logs"
)

// logsConfig is what the log-record pipeline needs, from the environment
// and the options.
type logsConfig struct {
	// as is the data model LOGSPAN_LOGS_AS (or WithLogsAs) names;
	// LogsAsDefault when neither does, which means spans.
	as        logspan.LogsAs
	exporters []string
	// otlp is the OTEL_* destination; its endpointIsTraces means, here,
	// that the endpoint names the logs path itself
	// (OTEL_EXPORTER_OTLP_LOGS_ENDPOINT).
	otlp otlpConfig
	// logfire are Logfire's logs endpoints, one per Logfire destination
	// of the span pipeline: the same base URL and headers, /v1/logs.
	logfire []otlpConfig
	batch   batchConfig
}

// records says whether logs become log records (records or both).
func (c *logsConfig) records() bool {
	return c.as == logspan.LogsAsRecords || c.as == logspan.LogsAsBoth
}

// exporterList resolves the default exporter choice, as the traces' does:
// OTLP when an endpoint is known, else the console view.
func (c *logsConfig) exporterList() []string {
	if len(c.exporters) > 0 {
		return c.exporters
	}
	if c.otlp.endpoint != "" || len(c.logfire) > 0 {
		return []string{ExporterOTLP}
	}
	return []string{ExporterConsole}
}

// destinations are the OTLP destinations of the otlp exporter, as for the
// spans: the OTEL_* endpoint (the default, localhost, when none is set and
// there is no Logfire token), and Logfire.
func (c *logsConfig) destinations() []otlpConfig {
	var out []otlpConfig
	if c.otlp.endpoint != "" || len(c.logfire) == 0 {
		out = append(out, c.otlp)
	}
	return append(out, c.logfire...)
}

// logfireLogs derives Logfire's logs destinations from the spans' ones:
// Logfire takes OTLP logs at /v1/logs of the same base URL, with the same
// Authorization header (Logfire's SDK, logfire/_internal/config.py, builds
// both exporters from one base URL and one header set).
func logfireLogs(traces []otlpConfig) []otlpConfig {
	var out []otlpConfig
	for _, t := range traces {
		l := t
		l.endpoint = strings.TrimSuffix(strings.TrimRight(l.endpoint, "/"), logfireTracesPath) + logsSignalPath
		l.endpointIsTraces = true
		l.headers = make(map[string]string, len(t.headers))
		for k, v := range t.headers {
			l.headers[k] = v
		}
		out = append(out, l)
	}
	return out
}
