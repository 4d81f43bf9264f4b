package otelsetup

import (
	sdklog "go.opentelemetry.io/otel/sdk/log"

	"github.com/logspan/logspan"
)

// logsSettings are the options of the log-record pipeline.
type logsSettings struct {
	as       logspan.LogsAs
	exporter sdklog.Exporter
}

// WithLogsAs sets the data model of logs, over LOGSPAN_LOGS_AS: instant
// spans (the default), OpenTelemetry log records, or both. With records
// (or both), the provider builds a LoggerProvider ([Provider.LoggerProvider])
// and [Setup] installs it globally, where the adapters emit. Values other
// than the [logspan.LogsAs] constants are ignored.
func WithLogsAs(m logspan.LogsAs) Option {
	return optionFunc(func(s *settings) {
		if m >= logspan.LogsAsDefault && m <= logspan.LogsAsBoth {
			s.logs.as = m
		}
	})
}

// WithLogExporter sends log records to exp (through the log-tuned
// processor, like [WithExporter] for spans) instead of the exporters
// OTEL_LOGS_EXPORTER names. It matters only when logs are records
// ([WithLogsAs]). The processor calls exp.Export from up to
// [WithMaxExportsInFlight] goroutines at once; an exporter that is not safe
// for concurrent use needs WithMaxExportsInFlight(1).
func WithLogExporter(exp sdklog.Exporter) Option {
	return optionFunc(func(s *settings) { s.logs.exporter = exp })
}
