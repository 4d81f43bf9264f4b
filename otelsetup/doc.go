// Package otelsetup configures OpenTelemetry tracing in one call, from the
// standard OTEL_* environment variables, for programs whose logs become
// spans through logspan.
//
//	shutdown, err := otelsetup.Setup(ctx)
//	if err != nil { ... }
//	defer shutdown(context.Background())
//
// # Exporters
//
// OTEL_TRACES_EXPORTER names them (otlp, console, none; a comma-separated
// list). Unset, it is otlp when an endpoint is configured
// (OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT or
// LOGFIRE_TOKEN), and otherwise the console view: one line per span and
// per log on stderr, indented under the spans that contain it, the level
// shown by color on a terminal (NO_COLOR turns colors off; output that is
// not a terminal is plain text with the level as a word).
//
// # Variables
//
//	OTEL_SDK_DISABLED                     true: a no-op provider
//	OTEL_SERVICE_NAME                     service.name
//	OTEL_RESOURCE_ATTRIBUTES              key=value,... (percent-encoded values)
//	OTEL_SERVICE_VERSION                  service.version (read by Logfire's SDK too)
//	OTEL_TRACES_EXPORTER                  otlp, console, none
//	OTEL_EXPORTER_OTLP_[TRACES_]ENDPOINT  http(s) URL; the general one gets /v1/traces appended
//	OTEL_EXPORTER_OTLP_[TRACES_]PROTOCOL  http/protobuf (default) or grpc
//	OTEL_EXPORTER_OTLP_[TRACES_]HEADERS   key=value,...
//	OTEL_EXPORTER_OTLP_[TRACES_]TIMEOUT   milliseconds (default 10000)
//	OTEL_EXPORTER_OTLP_[TRACES_]INSECURE  true for plain-text gRPC
//	OTEL_EXPORTER_OTLP_[TRACES_]COMPRESSION  gzip or none (default none)
//	OTEL_TRACES_SAMPLER, _ARG             the specification's samplers; parentbased_always_on by default;
//	                                      logspan_errors_traceidratio: the ratio, plus every error log (ErrorLogsSampler)
//	OTEL_BSP_SCHEDULE_DELAY               milliseconds, 1 to 3600000 (default 500, not the SDK's 5000: logs should show at once)
//	OTEL_BSP_EXPORT_TIMEOUT               milliseconds, 1 to 3600000 (default 30000)
//	OTEL_BSP_MAX_QUEUE_SIZE               spans queued, 1 to 10000000 (default 65536; the byte budget bounds the memory)
//	OTEL_BSP_MAX_EXPORT_BATCH_SIZE        spans per export, 1 to 1000000 (default 512)
//	LOGFIRE_TOKEN                         Logfire write tokens, comma-separated: spans also go to each token's
//	                                      project, with the token as the Authorization header there and nowhere else
//	LOGFIRE_BASE_URL                      Logfire's base URL for every token (default: each token's region, over https)
//	LOGFIRE_SEND_TO_LOGFIRE               if-token-present (default), true (LOGFIRE_TOKEN must be set), false
//	LOGFIRE_SERVICE_NAME                  service.name; OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES win
//	LOGFIRE_SERVICE_VERSION               service.version; OTEL_SERVICE_VERSION and OTEL_RESOURCE_ATTRIBUTES win
//	LOGFIRE_ENVIRONMENT                   deployment.environment.name; OTEL_RESOURCE_ATTRIBUTES wins
//	LOGFIRE_RESOURCE_ATTRIBUTES           key=value,... (values as they are); OTEL_RESOURCE_ATTRIBUTES wins per key
//	LOGFIRE_TRACE_SAMPLE_RATE             0 to 1: below 1, parentbased_traceidratio at that rate;
//	                                      OTEL_TRACES_SAMPLER and OTEL_TRACES_SAMPLER_ARG win
//	LOGFIRE_MIN_LEVEL                     the adapters' default minimum level (trace, debug, info, notice, warn,
//	                                      warning, error, fatal, or 1 to 24); read by logspan.NewConfig, checked here
//	LOGSPAN_PENDING_SPANS                 true or false: pending spans to every destination, or to none
//	                                      (default: to the Logfire destinations only)
//	LOGSPAN_LOGS_AS                       spans (default), records or both: what each log becomes (see Log records)
//	OTEL_LOGS_EXPORTER                    otlp, console, none, for log records (default as for spans)
//	OTEL_EXPORTER_OTLP_LOGS_ENDPOINT      http(s) URL of the logs, used as is; else the general one + /v1/logs
//	OTEL_EXPORTER_OTLP_LOGS_PROTOCOL, _HEADERS, _TIMEOUT, _COMPRESSION, _INSECURE
//	                                      as the traces' ones, over the general OTEL_EXPORTER_OTLP_* ones
//	OTEL_BLRP_SCHEDULE_DELAY              milliseconds, 1 to 3600000 (default 500)
//	OTEL_BLRP_EXPORT_TIMEOUT              milliseconds, 1 to 3600000 (default 30000)
//	OTEL_BLRP_MAX_QUEUE_SIZE              records queued, 1 to 10000000 (default 65536; the byte budget bounds the memory)
//	OTEL_BLRP_MAX_EXPORT_BATCH_SIZE       records per export, 1 to 1000000 (default 512)
//	NO_COLOR                              any value: no colors in the console view
//
// A value that cannot be used, or is out of its range, is an error naming
// the variable, never a silent fallback; errors never quote a header
// value, nor the user information of an endpoint URL. The timeouts
// (OTEL_EXPORTER_OTLP_[TRACES_]TIMEOUT) are 1 to 3600000 ms too. Options
// override the environment.
//
// # Logfire
//
// With LOGFIRE_TOKEN set, spans go to Logfire over OTLP/HTTP, compressed
// with gzip as Logfire's SDK sends them: to the token's region
// (https://logfire-us.pydantic.dev or https://logfire-eu.pydantic.dev; a
// token without a region goes to the US one), or to LOGFIRE_BASE_URL (a
// plain http:// base URL is the user's explicit choice, a local test
// server say). Several tokens (at most 16) are several projects: each gets
// every span, through an exporter and a queue of its own. With an
// OTEL_EXPORTER_OTLP_[TRACES_]ENDPOINT set too, spans go there as well,
// as Logfire's own SDK does, each destination with its own headers: a
// token never goes to the OTEL_* endpoint, and neither the
// OTEL_EXPORTER_OTLP_HEADERS nor the OTEL_* compression setting apply to
// Logfire.
//
// The LOGFIRE_* variables mean what they mean to Logfire's Python SDK,
// with one difference: where an OTEL_* variable says the same thing, the
// OTEL_* one wins (Logfire's SDK prefers its own), so that a deployment's
// standard OpenTelemetry settings are never silently overridden.
//
// # Resource
//
// Every span carries what Logfire's Services and Hosts views read, from
// the lowest precedence to the highest: what is detected (telemetry.sdk.*,
// process.pid, process.runtime.name, .version and .description, host.name,
// host.arch, os.type, os.description, a random service.instance.id for the
// process, 32 hex digits as Logfire's SDK makes it, and service.version
// from the binary's module version unless it is "(devel)"); then
// LOGFIRE_RESOURCE_ATTRIBUTES; then LOGFIRE_SERVICE_NAME,
// LOGFIRE_SERVICE_VERSION (or OTEL_SERVICE_VERSION) and
// LOGFIRE_ENVIRONMENT; then OTEL_RESOURCE_ATTRIBUTES and OTEL_SERVICE_NAME;
// then [WithServiceName] and [WithResourceAttributes]. The command line,
// the executable's path, the user and host.id are not detected: the first
// may hold credentials, and Logfire's SDK leaves them all out unless asked.
//
// # Pending spans
//
// Logfire shows a span in its live view while it runs only through a
// pending span, a copy sent when the span starts (logfire.span_type
// "pending_span", the real span as its parent, logfire.pending_parent_id
// the real span's parent id, start == end == the real start; Logfire's
// SDK, tracer.py PendingSpanProcessor). Without it a long request shows
// only when it ends, and after a crash, when it never ends, the fatal log
// shows under a parent that never arrives. So every span that starts
// sends one to the Logfire destinations, through their bounded queues
// (never blocking: a full queue drops it, counted in [Provider.Stats] like
// any span); a batch that holds the real span too sends only the real one.
// Log spans get none: they start and end at once. LOGSPAN_PENDING_SPANS
// and [WithPendingSpans] send them to every destination, or to none.
//
// # Log records
//
// LOGSPAN_LOGS_AS (or [WithLogsAs], which wins) says what a log becomes:
// an instant span (spans, the default), an OpenTelemetry log record
// (records), or both, the record carrying the span's ids. Setup sets it
// for every adapter built without logspan.WithLogsAs
// (core.SetDefaultLogsAs; Shutdown restores the previous model). With
// records or both, the provider also builds an SDK LoggerProvider
// ([Provider.LoggerProvider]) over the same resource, which Setup installs
// as the global one (otel.SetLoggerProvider), where the
// adapters emit; [New] touches no global. Its records go through a
// processor with the span pipeline's guarantees: bounded in bytes (each
// record weighed by its body and attributes), an eighth of the room for
// records of severity ERROR and above, never blocking the caller, the
// newest error-level records first in a flush ([Provider.ForceFlush], and
// the fatal flush of the adapters), and exact counts
// ([Provider.LogRecordStats], and the metrics otel.sdk.processor.log.*).
// The byte budget ([WithMaxQueueBytes]) is then shared: half for spans,
// half for records. Over OTLP/HTTP the exporter is logspan's own
// (otlpexport.LogExporter, the request otlploghttp would send); gRPC uses
// otlploggrpc. With a Logfire token, records go to Logfire's /v1/logs too,
// with the token, as spans do. With both models and no OTEL_LOGS_EXPORTER,
// the console view of the spans shows each log once: the records have no
// console view of their own.
//
// # The export pipeline
//
// Log spans do not go through the SDK's span machinery: the provider
// registers core's direct pipeline (core.RegisterPipeline) with the same
// sampler, id generator, span limits, resource and processors, so core
// builds each log span exactly as the SDK would and hands it to the
// processors' OnEnd (never OnStart: a processor added with
// [WithSpanProcessor] sees every log span when it ends). Other spans are
// the SDK's as usual.
//
// Log records take the same kind of direct path (core.RegisterLogPipeline):
// logspan's adapters hand each record to the record processors as the
// SDK's record, built once from a template of the provider's resource,
// scope and attribute limits, without the Logs API's record in between
// and without the SDK's search for duplicate keys (core gives each key
// once; the SDK looks every attribute up in a map of those before it). The
// provider [Provider.LoggerProvider] returns is still the SDK's, with
// that search, for every other caller. What the direct path does not do:
// it does not feed the SDK's experimental self-observability metrics
// (beyond the one record each scope's template costs). A log that started
// before Shutdown and ends after it is dropped, as the SDK drops it.
//
// Over OTLP/HTTP the exporter is logspan's own (package otlpexport): it
// writes the request otlptracehttp would send, directly from the spans.
// gRPC uses the SDK's exporter.
//
// Spans are exported by a processor designed for logs, plugged into the
// SDK's TracerProvider over any SpanExporter (the OTLP exporters, or the
// one [WithExporter] gives):
//
//   - Its memory is bounded in bytes, 64 MiB by default
//     ([WithMaxQueueBytes]): three quarters for the spans queued or being
//     exported (each span's size is estimated from its name, attributes,
//     events and links, strings included), a quarter for the requests being
//     sent (a batch holds at most its share). OTEL_BSP_MAX_QUEUE_SIZE still
//     bounds the number of queued spans.
//   - Up to 4 exports run at once ([WithMaxExportsInFlight]), each bounded by
//     OTEL_BSP_EXPORT_TIMEOUT, so a distant backend's latency does not cap
//     the throughput. The OTLP/HTTP exporter retries 429, 502, 503 and
//     504 responses and temporary network errors with exponential backoff,
//     honouring Retry-After, within that timeout.
//   - An eighth of the room is reserved for error-level logs
//     (logfire.level_num 17 and above): a burst of info logs cannot take it,
//     and an error-level log that finds the queue full evicts the oldest
//     lower-level one (a fatal log evicts the oldest error if it must).
//   - A flush ([Provider.ForceFlush], which the adapters call for fatal and
//     panic logs) sends the newest error-level spans in its first batch, so
//     the fatal span leaves first, through an export slot of its own beyond
//     the ones above: exports a stalled backend holds never keep it waiting.
//
// # Never blocking the application
//
// When the backend is slow or gone, new spans are dropped rather than
// waited for: logging costs the application a lock held for a few
// instructions, never an export or a write. [Provider.Stats] counts every
// span: received, exported, dropped by reason (queue full, export failed,
// shutdown) and pending, adding up exactly. A line on stderr states those
// totals, read when it is written, at most once every ten seconds, and
// [Provider.Shutdown] writes the final totals when anything was lost.
// OpenTelemetry's own errors go to stderr the same way, rate-limited, and
// never through a logger: a logger instrumented by logspan would turn each
// failed export into more spans. Every report is written by a goroutine of
// its own through a bounded queue: when stderr blocks (a full pipe, a
// container runtime's blocking log mode), reports are dropped and counted,
// and neither logging nor otel.Handle waits.
//
// # Shutting down
//
// Shutdown exports what is queued within its context; when the context
// ends first, the exports in flight are cancelled and what was not sent is
// counted as dropped at shutdown. It closes the exporters' connections
// (idle keep-alive connections included): no goroutine or connection of
// the pipeline outlives it, except a report writer stuck in a stderr that
// never returns from Write. [ShutdownOnSignal] runs the shutdown on SIGTERM
// and SIGINT. Go cannot run any code for SIGKILL, and os.Exit called
// directly skips deferred calls: what is still queued then is lost.
package otelsetup
