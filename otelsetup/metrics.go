package otelsetup

import (
	"context"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
)

// ScopeName is the instrumentation scope of the pipeline's own metrics.
const ScopeName = "github.com/logspan/logspan/otelsetup"

// Names of the pipeline's metrics. The first two are the OpenTelemetry
// semantic conventions' SDK self-observability metrics
// (https://opentelemetry.io/docs/specs/semconv/otel/sdk-metrics/:
// otel.sdk.processor.span.processed with error.type for the spans that
// were not exported, otel.sdk.processor.span.queue.size); the third is
// logspan's.
const (
	metricProcessed  = "otel.sdk.processor.span.processed"
	metricQueueSize  = "otel.sdk.processor.span.queue.size"
	metricQueueBytes = "logspan.processor.span.queue.bytes"
)

// error.type values of otel.sdk.processor.span.processed, one per drop
// reason of [Stats].
var (
	attrComponent   = attribute.String("otel.component.type", "logspan_span_processor")
	attrQueueFull   = attribute.String("error.type", "queue_full")
	attrExportError = attribute.String("error.type", "export_failed")
	attrShutdown    = attribute.String("error.type", "shutdown")
)

// registerMetrics reports p's [Stats] through mp, read at each collection,
// and returns the function that stops it.
func registerMetrics(mp metric.MeterProvider, p *Provider) (func() error, error) {
	m := mp.Meter(ScopeName)
	processed, err := m.Int64ObservableCounter(metricProcessed, metric.WithUnit("{span}"),
		metric.WithDescription("Spans the export pipeline finished with: exported, or dropped (error.type says why)."))
	if err != nil {
		return nil, err
	}
	size, err := m.Int64ObservableUpDownCounter(metricQueueSize, metric.WithUnit("{span}"),
		metric.WithDescription("Spans queued or being exported."))
	if err != nil {
		return nil, err
	}
	bytes, err := m.Int64ObservableUpDownCounter(metricQueueBytes, metric.WithUnit("By"),
		metric.WithDescription("Estimated memory of the spans queued or being exported."))
	if err != nil {
		return nil, err
	}
	reg, err := m.RegisterCallback(func(_ context.Context, o metric.Observer) error {
		s := p.Stats()
		o.ObserveInt64(processed, int64(s.Exported), metric.WithAttributes(attrComponent))
		o.ObserveInt64(processed, int64(s.DroppedQueueFull), metric.WithAttributes(attrComponent, attrQueueFull))
		o.ObserveInt64(processed, int64(s.DroppedExportFailed), metric.WithAttributes(attrComponent, attrExportError))
		o.ObserveInt64(processed, int64(s.DroppedShutdown), metric.WithAttributes(attrComponent, attrShutdown))
		o.ObserveInt64(size, int64(s.Pending), metric.WithAttributes(attrComponent))
		o.ObserveInt64(bytes, s.PendingBytes, metric.WithAttributes(attrComponent))
		return nil
	}, processed, size, bytes)
	if err != nil {
		return nil, err
	}
	return reg.Unregister, nil
}
