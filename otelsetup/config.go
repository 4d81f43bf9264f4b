package otelsetup

import (
	"fmt"
	"net"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Batch defaults, tuned for logs: a log should reach the backend within
// about half a second, not the SDK's five. The queue is bounded in bytes
// ([DefaultMaxQueueBytes]); the count limit only matters when
// OTEL_BSP_MAX_QUEUE_SIZE sets a smaller one.
const (
	DefaultScheduleDelay = 500 * time.Millisecond
	DefaultExportTimeout = 30 * time.Second
	DefaultMaxQueueSize  = 1 << 16
	DefaultMaxExportSize = 512
	// DefaultMaxQueueBytes bounds the memory of the export pipeline: the
	// spans queued or being exported, and the requests being sent.
	DefaultMaxQueueBytes = 64 << 20
	// DefaultMaxExportsInFlight is how many exports run at once.
	DefaultMaxExportsInFlight = 4
)

// Ranges of the numeric settings: a value outside is an error naming its
// variable or option.
const (
	maxMillis           = 60 * 60 * 1000 // one hour, for every delay and timeout
	maxQueueSize        = 10_000_000
	maxBatchSize        = 1_000_000
	minQueueBytes       = 64 << 10
	maxQueueBytes       = 1 << 40
	maxExportsInFlight  = 64
	logfireTracesPath   = "/v1/traces"
	logfireTokenEnv     = "LOGFIRE_TOKEN"
	logfireBaseURLEnv   = "LOGFIRE_BASE_URL"
	authorizationHeader = "Authorization"
)

// Exporter names accepted in OTEL_TRACES_EXPORTER.
const (
	ExporterOTLP    = "otlp"
	ExporterConsole = "console"
	ExporterNone    = "none"
)

// OTLP protocols accepted in OTEL_EXPORTER_OTLP_PROTOCOL.
const (
	ProtocolHTTP = "http/protobuf"
	ProtocolGRPC = "grpc"
)

// config is everything Setup needs, from the environment and the options.
type config struct {
	disabled    bool
	serviceName string
	resource    map[string]string
	exporters   []string

	otlp otlpConfig
	// logfire are the Logfire destinations, one per token in
	// LOGFIRE_TOKEN: each token goes to its own only, never to the OTEL_*
	// endpoint.
	logfire []otlpConfig
	lf      logfireEnv // the other LOGFIRE_* variables (logfire_env.go)

	sampler    string
	samplerArg string

	batch batchConfig

	console ConsoleOptions
	// consoleSwitch is LOGFIRE_CONSOLE (console_env.go).
	consoleSwitch consoleSwitch
}

type otlpConfig struct {
	protocol string
	endpoint string // full URL for HTTP, URL or host:port for gRPC
	headers  map[string]string
	timeout  time.Duration
	insecure bool
	// endpointIsTraces is true when the endpoint names the traces path
	// itself (OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, or a Logfire endpoint).
	endpointIsTraces bool
	// gzip compresses the requests (OTEL_EXPORTER_OTLP_COMPRESSION=gzip).
	gzip bool
	// logfire marks a Logfire destination (LOGFIRE_TOKEN).
	logfire bool
}

type batchConfig struct {
	delay         time.Duration
	exportTimeout time.Duration
	queueSize     int
	batchSize     int
	maxBytes      int64
	inFlight      int
}

// withDefaults fills what is unset, and keeps a batch within the queue.
func (c batchConfig) withDefaults() batchConfig {
	if c.delay <= 0 {
		c.delay = DefaultScheduleDelay
	}
	if c.exportTimeout <= 0 {
		c.exportTimeout = DefaultExportTimeout
	}
	if c.queueSize <= 0 {
		c.queueSize = DefaultMaxQueueSize
	}
	if c.batchSize <= 0 {
		c.batchSize = DefaultMaxExportSize
	}
	if c.maxBytes <= 0 {
		c.maxBytes = DefaultMaxQueueBytes
	}
	if c.inFlight <= 0 {
		c.inFlight = DefaultMaxExportsInFlight
	}
	c.batchSize = min(c.batchSize, c.queueSize)
	return c
}

// readEnv builds the configuration from the standard variables.
func readEnv(lookup lookupFunc) (config, error) {
	e := &env{lookup: lookup}
	var c config

	c.disabled, _ = e.bool("OTEL_SDK_DISABLED")
	c.serviceName = e.str("OTEL_SERVICE_NAME")
	c.resource = e.pairs("OTEL_RESOURCE_ATTRIBUTES")

	// OTLP: the traces-specific variables win over the general ones.
	o := &c.otlp
	o.protocol = firstSet(e, "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "OTEL_EXPORTER_OTLP_PROTOCOL")
	switch o.protocol {
	case "":
		o.protocol = ProtocolHTTP
	case ProtocolHTTP, ProtocolGRPC:
	default:
		name := "OTEL_EXPORTER_OTLP_PROTOCOL"
		if e.str("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL") != "" {
			name = "OTEL_EXPORTER_OTLP_TRACES_PROTOCOL"
		}
		e.fail(name, o.protocol, "want http/protobuf or grpc (http/json is not supported)")
	}
	if ep := e.str("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"); ep != "" {
		o.endpoint, o.endpointIsTraces = ep, true
		checkEndpoint(e, "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", ep, o.protocol)
	} else if ep := e.str("OTEL_EXPORTER_OTLP_ENDPOINT"); ep != "" {
		o.endpoint = ep
		checkEndpoint(e, "OTEL_EXPORTER_OTLP_ENDPOINT", ep, o.protocol)
	}
	// The traces-specific headers replace the general ones, as the
	// OpenTelemetry Go exporters read them.
	o.headers = e.pairs("OTEL_EXPORTER_OTLP_HEADERS")
	if h := e.pairs("OTEL_EXPORTER_OTLP_TRACES_HEADERS"); h != nil {
		o.headers = h
	}
	o.timeout = 10 * time.Second
	if d, ok := e.millis("OTEL_EXPORTER_OTLP_TRACES_TIMEOUT"); ok {
		o.timeout = d
	} else if d, ok := e.millis("OTEL_EXPORTER_OTLP_TIMEOUT"); ok {
		o.timeout = d
	}
	if name, v := firstSetName(e, "OTEL_EXPORTER_OTLP_TRACES_COMPRESSION", "OTEL_EXPORTER_OTLP_COMPRESSION"); v != "" {
		switch v {
		case "gzip":
			o.gzip = true
		case "none":
		default:
			e.fail(name, v, "want gzip or none")
		}
	}
	if b, ok := e.bool("OTEL_EXPORTER_OTLP_TRACES_INSECURE"); ok {
		o.insecure = b
	} else if b, ok := e.bool("OTEL_EXPORTER_OTLP_INSECURE"); ok {
		o.insecure = b
	}

	// Exporters: explicit list, else OTLP when an endpoint is known, else
	// the console view.
	if list := e.str("OTEL_TRACES_EXPORTER"); list != "" {
		for _, name := range strings.Split(list, ",") {
			name = strings.TrimSpace(strings.ToLower(name))
			switch name {
			case ExporterOTLP, ExporterConsole, ExporterNone:
				if !slices.Contains(c.exporters, name) { // twice would export twice
					c.exporters = append(c.exporters, name)
				}
			case "":
			default:
				e.fail("OTEL_TRACES_EXPORTER", list, fmt.Sprintf("unknown exporter %q (want otlp, console or none)", name))
			}
		}
	}

	c.sampler = strings.ToLower(e.str("OTEL_TRACES_SAMPLER"))
	c.samplerArg = e.str("OTEL_TRACES_SAMPLER_ARG")

	c.batch = batchConfig{DefaultScheduleDelay, DefaultExportTimeout, DefaultMaxQueueSize, DefaultMaxExportSize, DefaultMaxQueueBytes, DefaultMaxExportsInFlight}
	if d, ok := e.millis("OTEL_BSP_SCHEDULE_DELAY"); ok {
		c.batch.delay = d
	}
	if d, ok := e.millis("OTEL_BSP_EXPORT_TIMEOUT"); ok {
		c.batch.exportTimeout = d
	}
	if n, ok := e.positive("OTEL_BSP_MAX_QUEUE_SIZE", maxQueueSize); ok {
		c.batch.queueSize = n
	}
	if n, ok := e.positive("OTEL_BSP_MAX_EXPORT_BATCH_SIZE", maxBatchSize); ok {
		c.batch.batchSize = n
	}

	if v := e.str("NO_COLOR"); v != "" {
		c.console.Color = ColorNever
	}
	readLogfire(e, &c) // logfire_env.go
	c.console, c.consoleSwitch = readConsoleEnv(e, c.console)
	return c, e.err
}

// firstSetName is firstSet that also names the variable it read.
func firstSetName(e *env, names ...string) (name, value string) {
	for _, n := range names {
		if v := e.str(n); v != "" {
			return n, strings.ToLower(v)
		}
	}
	return "", ""
}

func firstSet(e *env, names ...string) string {
	for _, n := range names {
		if v := e.str(n); v != "" {
			return strings.ToLower(v)
		}
	}
	return ""
}

// checkEndpoint accepts an http:// or https:// URL, and for gRPC also a
// bare host:port, as the OpenTelemetry Go gRPC exporter does. The error
// quotes the endpoint without its user information.
func checkEndpoint(e *env, name, raw, protocol string) {
	if protocol == ProtocolGRPC && !strings.Contains(raw, "://") {
		if _, _, err := net.SplitHostPort(raw); err == nil {
			return
		}
		e.fail(name, redactURL(raw), "want host:port or an http:// or https:// URL")
		return
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		e.fail(name, redactURL(raw), "want an http:// or https:// URL")
	}
}

// redactURL drops what may be a credential from an endpoint: user
// information (anything before an @) and the query.
func redactURL(raw string) string {
	if i := strings.IndexAny(raw, "?#"); i >= 0 {
		raw = raw[:i] + "?REDACTED"
	}
	if at := strings.LastIndex(raw, "@"); at >= 0 {
		start := 0
		if i := strings.Index(raw, "://"); i >= 0 && i < at {
			start = i + len("://")
		}
		raw = raw[:start] + "REDACTED" + raw[at:]
	}
	return raw
}

// exporterList resolves the default exporter choice.
func (c *config) exporterList() []string {
	if len(c.exporters) > 0 {
		return c.exporters
	}
	if c.otlp.endpoint != "" || len(c.logfire) > 0 {
		return []string{ExporterOTLP}
	}
	return []string{ExporterConsole}
}

// destinations are the OTLP destinations of the otlp exporter: the OTEL_*
// endpoint (the exporter's default, localhost, when none is set and there
// is no Logfire token), and Logfire's, one per token.
func (c *config) destinations() []otlpConfig {
	var out []otlpConfig
	if c.otlp.endpoint != "" || len(c.logfire) == 0 {
		out = append(out, c.otlp)
	}
	return append(out, c.logfire...)
}

// samplerRatio parses the ratio argument of the ratio samplers.
func (c *config) samplerRatio() (float64, error) {
	if c.samplerArg == "" {
		return 1, nil
	}
	r, err := strconv.ParseFloat(c.samplerArg, 64)
	if err != nil || !(r >= 0 && r <= 1) { // NaN too
		return 0, fmt.Errorf("otelsetup: OTEL_TRACES_SAMPLER_ARG=%q: want a ratio between 0 and 1", c.samplerArg)
	}
	return r, nil
}
