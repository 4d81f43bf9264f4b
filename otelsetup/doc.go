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
//	OTEL_TRACES_EXPORTER                  otlp, console, none
//	OTEL_EXPORTER_OTLP_[TRACES_]ENDPOINT  http(s) URL; the general one gets /v1/traces appended
//	OTEL_EXPORTER_OTLP_[TRACES_]PROTOCOL  http/protobuf (default) or grpc
//	OTEL_EXPORTER_OTLP_[TRACES_]HEADERS   key=value,...
//	OTEL_EXPORTER_OTLP_[TRACES_]TIMEOUT   milliseconds (default 10000)
//	OTEL_EXPORTER_OTLP_[TRACES_]INSECURE  true for plain-text gRPC
//	OTEL_TRACES_SAMPLER, _ARG             the specification's samplers; parentbased_always_on by default
//	OTEL_BSP_SCHEDULE_DELAY               milliseconds (default 500, not the SDK's 5000: logs should show at once)
//	OTEL_BSP_EXPORT_TIMEOUT               milliseconds (default 30000)
//	OTEL_BSP_MAX_QUEUE_SIZE               spans (default 2048)
//	OTEL_BSP_MAX_EXPORT_BATCH_SIZE        spans (default 512)
//	LOGFIRE_TOKEN                         a Logfire write token: Logfire's OTLP endpoint for the
//	                                      token's region, with the token as the Authorization header
//	NO_COLOR                              any value: no colors in the console view
//
// A value that cannot be used is an error naming the variable, never a
// silent fallback. Options override the environment.
//
// # Never blocking the application
//
// Spans are exported in batches by a processor whose queue is bounded:
// when the backend is slow or gone, new spans are dropped rather than
// waited for. [Provider.Dropped] counts them, and a line on stderr reports
// them, at most once every ten seconds. OpenTelemetry's own errors go to
// stderr the same way, rate-limited, and never through a logger: a logger
// instrumented by logspan would turn each failed export into more spans.
package otelsetup
