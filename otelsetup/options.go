package otelsetup

import (
	"io"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
)

// An Option overrides what Setup reads from the environment.
type Option interface {
	apply(*settings)
}

type optionFunc func(*settings)

func (f optionFunc) apply(s *settings) { f(s) }

// settings are the options, applied over the environment's config.
type settings struct {
	lookup      lookupFunc
	serviceName string
	attrs       []attribute.KeyValue
	exporter    sdktrace.SpanExporter
	sampler     sdktrace.Sampler
	console     *ConsoleOptions
	consoleOut  io.Writer
	errOut      io.Writer
	processors  []sdktrace.SpanProcessor
	queueBytes  int64
	inFlight    int
	meters      metric.MeterProvider
	pending     *bool        // WithPendingSpans
	logs        logsSettings // logs_options.go
}

// WithServiceName sets service.name, over OTEL_SERVICE_NAME.
func WithServiceName(name string) Option {
	return optionFunc(func(s *settings) { s.serviceName = name })
}

// WithResourceAttributes adds resource attributes, over
// OTEL_RESOURCE_ATTRIBUTES for the same keys.
func WithResourceAttributes(attrs ...attribute.KeyValue) Option {
	return optionFunc(func(s *settings) { s.attrs = append(s.attrs, attrs...) })
}

// WithExporter sends spans to exp (through the log-tuned batcher) instead
// of the exporters OTEL_TRACES_EXPORTER names. The batcher calls
// exp.ExportSpans from up to [WithMaxExportsInFlight] goroutines at once
// (as the OTLP exporters allow); an exporter that is not safe for
// concurrent use needs WithMaxExportsInFlight(1).
func WithExporter(exp sdktrace.SpanExporter) Option {
	return optionFunc(func(s *settings) { s.exporter = exp })
}

// WithSampler sets the sampler, over OTEL_TRACES_SAMPLER.
func WithSampler(sampler sdktrace.Sampler) Option {
	return optionFunc(func(s *settings) { s.sampler = sampler })
}

// WithConsole turns the console view on, writing to w (stderr when nil),
// whatever the environment says, with opts.
func WithConsole(w io.Writer, opts ConsoleOptions) Option {
	return optionFunc(func(s *settings) { s.console, s.consoleOut = &opts, w })
}

// WithSpanProcessor adds a processor of your own (a span recorder in tests,
// say) to the provider.
func WithSpanProcessor(p sdktrace.SpanProcessor) Option {
	return optionFunc(func(s *settings) {
		if p != nil { // a nil processor would crash on the first span
			s.processors = append(s.processors, p)
		}
	})
}

// WithErrorOutput sets where diagnostics go (dropped spans, OpenTelemetry's
// internal errors); the default is os.Stderr. They are rate-limited, and
// written by a goroutine of their own through a bounded queue: when w
// blocks, reports are dropped (and counted), never waited for.
func WithErrorOutput(w io.Writer) Option {
	return optionFunc(func(s *settings) { s.errOut = w })
}

// WithEnv reads the configuration through lookup instead of
// os.LookupEnv, for tests and for programs that keep their configuration
// elsewhere.
func WithEnv(lookup func(name string) (string, bool)) Option {
	return optionFunc(func(s *settings) { s.lookup = lookup })
}

// WithMaxQueueBytes bounds the memory of the export pipeline, in bytes:
// the spans queued or being exported (three quarters of it, an eighth of
// that reserved for error-level logs) and the requests being sent (a
// quarter). With two destinations (an OTLP endpoint and Logfire), each
// gets half. The default is [DefaultMaxQueueBytes]; the range is 64 KiB to
// 1 TiB. OTEL_BSP_MAX_QUEUE_SIZE still bounds the number of queued spans.
// Not counted: the exporter's own buffers, such as one gzip writer (about
// 800 KiB) per export in flight when compression is on.
func WithMaxQueueBytes(n int64) Option {
	return optionFunc(func(s *settings) { s.queueBytes = n })
}

// WithMaxExportsInFlight sets how many exports may run at once, so that a
// distant backend's latency does not cap the throughput. The default is
// [DefaultMaxExportsInFlight]; the range is 1 to 64.
func WithMaxExportsInFlight(n int) Option {
	return optionFunc(func(s *settings) { s.inFlight = n })
}

// WithMeterProvider reports the pipeline's [Stats] as OpenTelemetry
// metrics through mp: otel.sdk.processor.span.processed (error.type
// queue_full, export_failed or shutdown for the spans dropped),
// otel.sdk.processor.span.queue.size and
// logspan.processor.span.queue.bytes. Without it, no metric is made.
func WithMeterProvider(mp metric.MeterProvider) Option {
	return optionFunc(func(s *settings) { s.meters = mp })
}

// WithPendingSpans turns Logfire's pending spans on or off, over
// LOGSPAN_PENDING_SPANS. A pending span is a copy of a span sent when it
// starts (logfire.span_type "pending_span"): Logfire's live view shows a
// long request while it runs only through it, and after a crash the
// request's logs still find their parent there. Log spans get none.
//
// By default they go to the Logfire destinations (LOGFIRE_TOKEN) only.
// On, they go to every destination, the OTLP endpoint and [WithExporter]'s
// exporter included (a collector that forwards to Logfire, say); off, to
// none. They take the same bounded queue as the other spans, and a batch
// that holds the real span drops its pending one.
func WithPendingSpans(on bool) Option {
	return optionFunc(func(s *settings) { s.pending = &on })
}
