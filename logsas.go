package logspan

import (
	"fmt"
	"strings"

	"go.opentelemetry.io/otel/log"
)

// LogsAs is the data model a log takes on its way out: an instant span
// (Logfire's model, shown by Jaeger, Tempo and Zipkin), an OpenTelemetry
// log record (stored natively by Logfire, Loki or Elastic), or both. The
// same adapters, value rules, limits, scrubbing and correlation serve each.
type LogsAs int

const (
	// LogsAsDefault leaves the choice to the process: the model set by
	// the pipeline's owner (otelsetup, from LOGSPAN_LOGS_AS), spans when
	// nothing set one.
	LogsAsDefault LogsAs = iota
	// LogsAsSpans makes each log an instant span.
	LogsAsSpans
	// LogsAsRecords makes each log an OpenTelemetry log record, emitted
	// through the logger provider (see [WithLoggerProvider]). No span is
	// made: the record carries the ids of the span in the log's context,
	// and those are the ids written into the logger's own output.
	LogsAsRecords
	// LogsAsBoth makes each log an instant span and a log record that
	// carries the span's id, so the two are joinable.
	LogsAsBoth
)

// String returns the name ParseLogsAs reads: "spans", "records", "both",
// or "default".
func (m LogsAs) String() string {
	switch m {
	case LogsAsSpans:
		return "spans"
	case LogsAsRecords:
		return "records"
	case LogsAsBoth:
		return "both"
	case LogsAsDefault:
		return "default"
	}
	return fmt.Sprintf("LogsAs(%d)", int(m))
}

// ParseLogsAs reads a data model by name, as LOGSPAN_LOGS_AS gives it:
// "spans", "records" or "both", in any case, surrounding spaces ignored.
func ParseLogsAs(s string) (LogsAs, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "spans":
		return LogsAsSpans, nil
	case "records":
		return LogsAsRecords, nil
	case "both":
		return LogsAsBoth, nil
	}
	return LogsAsDefault, fmt.Errorf("logspan: unknown data model %q (want spans, records or both)", s)
}

// WithLogsAs sets the data model of this adapter's logs, over the
// process's default. Values other than the [LogsAs] constants are ignored.
func WithLogsAs(m LogsAs) Option {
	return optionFunc(func(c *Config) {
		if m >= LogsAsDefault && m <= LogsAsBoth {
			c.logsAs = m
		}
	})
}

// WithLoggerProvider sets the provider log records are emitted through.
// The default is the global one (go.opentelemetry.io/otel/log/global), as
// it is at the time of each log.
func WithLoggerProvider(lp log.LoggerProvider) Option {
	return optionFunc(func(c *Config) { c.loggerProvider = lp })
}

// LogsAs returns the data model set by [WithLogsAs], or [LogsAsDefault].
func (c Config) LogsAs() LogsAs { return c.logsAs }

// LoggerProvider returns the provider set by [WithLoggerProvider], or nil
// for the global one.
func (c Config) LoggerProvider() log.LoggerProvider { return c.loggerProvider }
