package otelsetup

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/logspan/logspan"
)

// readLogsEnv reads the log-record pipeline's variables: LOGSPAN_LOGS_AS,
// OTEL_LOGS_EXPORTER, OTEL_EXPORTER_OTLP_LOGS_* over the general
// OTEL_EXPORTER_OTLP_* ones (as the specification says: the signal's
// variable wins, and only the general endpoint gets the signal's path
// appended), and OTEL_BLRP_*. Each value is range-checked like its span
// counterpart; the first bad one is the error, naming its variable.
// traces is the span configuration, whose Logfire destination the records
// share.
func readLogsEnv(lookup lookupFunc, traces *config) (logsConfig, error) {
	e := &env{lookup: lookup}
	var c logsConfig

	if v := e.str(logsAsEnv); v != "" {
		m, err := logspan.ParseLogsAs(v)
		if err != nil {
			e.fail(logsAsEnv, v, "want spans, records or both")
		}
		c.as = m
	}

	o := &c.otlp
	name, proto := firstSetName(e, "OTEL_EXPORTER_OTLP_LOGS_PROTOCOL", "OTEL_EXPORTER_OTLP_PROTOCOL")
	switch proto {
	case "":
		o.protocol = ProtocolHTTP
	case ProtocolHTTP, ProtocolGRPC:
		o.protocol = proto
	default:
		e.fail(name, proto, "want http/protobuf or grpc (http/json is not supported)")
	}
	if ep := e.str("OTEL_EXPORTER_OTLP_LOGS_ENDPOINT"); ep != "" {
		o.endpoint, o.endpointIsTraces = ep, true
		checkEndpoint(e, "OTEL_EXPORTER_OTLP_LOGS_ENDPOINT", ep, o.protocol)
	} else if ep := e.str("OTEL_EXPORTER_OTLP_ENDPOINT"); ep != "" {
		o.endpoint = ep
		checkEndpoint(e, "OTEL_EXPORTER_OTLP_ENDPOINT", ep, o.protocol)
	}
	// The logs headers replace the general ones, as the OpenTelemetry Go
	// exporters read them.
	o.headers = e.pairs("OTEL_EXPORTER_OTLP_HEADERS")
	if h := e.pairs("OTEL_EXPORTER_OTLP_LOGS_HEADERS"); h != nil {
		o.headers = h
	}
	o.timeout = 10 * time.Second
	if d, ok := e.millis("OTEL_EXPORTER_OTLP_LOGS_TIMEOUT"); ok {
		o.timeout = d
	} else if d, ok := e.millis("OTEL_EXPORTER_OTLP_TIMEOUT"); ok {
		o.timeout = d
	}
	if name, v := firstSetName(e, "OTEL_EXPORTER_OTLP_LOGS_COMPRESSION", "OTEL_EXPORTER_OTLP_COMPRESSION"); v != "" {
		switch v {
		case "gzip":
			o.gzip = true
		case "none":
		default:
			e.fail(name, v, "want gzip or none")
		}
	}
	if b, ok := e.bool("OTEL_EXPORTER_OTLP_LOGS_INSECURE"); ok {
		o.insecure = b
	} else if b, ok := e.bool("OTEL_EXPORTER_OTLP_INSECURE"); ok {
		o.insecure = b
	}

	if traces != nil {
		c.logfire = logfireLogs(traces.logfire)
	}

	if list := e.str(logsExporterEnv); list != "" {
		for _, n := range strings.Split(list, ",") {
			n = strings.TrimSpace(strings.ToLower(n))
			switch n {
			case ExporterOTLP, ExporterConsole, ExporterNone:
				if !slices.Contains(c.exporters, n) { // twice would export twice
					c.exporters = append(c.exporters, n)
				}
			case "":
			default:
				e.fail(logsExporterEnv, list, fmt.Sprintf("unknown exporter %q (want otlp, console or none)", n))
			}
		}
	}

	c.batch = batchConfig{DefaultScheduleDelay, DefaultExportTimeout, DefaultMaxQueueSize, DefaultMaxExportSize, DefaultMaxQueueBytes, DefaultMaxExportsInFlight}
	if d, ok := e.millis("OTEL_BLRP_SCHEDULE_DELAY"); ok {
		c.batch.delay = d
	}
	if d, ok := e.millis("OTEL_BLRP_EXPORT_TIMEOUT"); ok {
		c.batch.exportTimeout = d
	}
	if n, ok := e.positive("OTEL_BLRP_MAX_QUEUE_SIZE", maxQueueSize); ok {
		c.batch.queueSize = n
	}
	if n, ok := e.positive("OTEL_BLRP_MAX_EXPORT_BATCH_SIZE", maxBatchSize); ok {
		c.batch.batchSize = n
	}
	return c, e.err
}
