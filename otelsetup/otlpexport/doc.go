// Package otlpexport is a direct OTLP/HTTP span exporter: an
// sdktrace.SpanExporter that writes the protobuf ExportTraceServiceRequest
// itself from the SDK's ReadOnlySpans, with protowire and reused buffers,
// instead of building the generated protobuf structs and marshalling them.
// It exports every span of an application, not only logspan's.
//
// [LogExporter] does the same for log records: an sdklog.Exporter writing
// the ExportLogsServiceRequest otlploghttp v0.23.0 would send (compared
// with proto.Equal over a generated corpus), with the delivery described
// below.
//
// # Wire format
//
// A request decodes to exactly what otlptracehttp v1.47.0 sends for the
// same spans (a test compares them with proto.Equal over a generated
// corpus): spans grouped by resource, then by instrumentation scope;
// resource and scope attributes and schema URLs; every span field, flags
// with the parent-is-remote bits, events, links, status and the dropped
// counts; every attribute.Value type, slices and maps included. Like
// otlptracehttp, it does not send a link's trace_state. Only the order of
// the ResourceSpans may differ (otlptracehttp's follows map iteration; this
// one follows the spans). The body is gzip-compressed with WithGzip.
//
// # Delivery
//
// A request is retried on HTTP 429, 502, 503 and 504 and on network errors,
// with exponential backoff and jitter, honouring Retry-After (seconds or an
// HTTP date), and always within the export timeout (WithTimeout, 10 s by
// default) and the caller's context: a wait that would pass the deadline
// ends the export at once with the last error. Other statuses (400 among
// them) are not retried; the error is an *HTTPError carrying the
// receiver's message, bounded in size. A 2xx response with a partial
// success that rejected spans returns a *PartialSuccessError.
//
// # Resources
//
// ExportSpans is safe for concurrent calls. New starts nothing; Shutdown
// waits for exports in flight (cancelling them when its context ends),
// then closes the idle connections of the exporter's own transport, so
// nothing of the exporter remains. Stats returns counters of requests,
// retries, spans and bytes.
package otlpexport
