package otelsetup

import (
	"context"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
)

// Names of the log-record pipeline's metrics: the semantic conventions'
// SDK self-observability metrics for log processors
// (https://opentelemetry.io/docs/specs/semconv/otel/sdk-metrics/:
// otel.sdk.processor.log.processed with error.type for the records that
// were not exported, otel.sdk.processor.log.queue.size), and logspan's
// byte gauge, as for spans (metrics.go).
const (
	metricLogProcessed  = "otel.sdk.processor.log.processed"
	metricLogQueueSize  = "otel.sdk.processor.log.queue.size"
	metricLogQueueBytes = "logspan.processor.log.queue.bytes"
)

var attrLogComponent = attribute.String("otel.component.type", "logspan_log_processor")

// registerLogMetrics reports the record pipeline's [Stats] through mp,
// read at each collection, and returns the function that stops it.
func registerLogMetrics(mp metric.MeterProvider, stats func() Stats) (func() error, error) {
	m := mp.Meter(ScopeName)
	processed, err := m.Int64ObservableCounter(metricLogProcessed, metric.WithUnit("{log_record}"),
		metric.WithDescription("Log records the export pipeline finished with: exported, or dropped (error.type says why)."))
	if err != nil {
		return nil, err
	}
	size, err := m.Int64ObservableUpDownCounter(metricLogQueueSize, metric.WithUnit("{log_record}"),
		metric.WithDescription("Log records queued or being exported."))
	if err != nil {
		return nil, err
	}
	bytes, err := m.Int64ObservableUpDownCounter(metricLogQueueBytes, metric.WithUnit("By"),
		metric.WithDescription("Estimated memory of the log records queued or being exported."))
	if err != nil {
		return nil, err
	}
	reg, err := m.RegisterCallback(func(_ context.Context, o metric.Observer) error {
		s := stats()
		o.ObserveInt64(processed, int64(s.Exported), metric.WithAttributes(attrLogComponent))
		o.ObserveInt64(processed, int64(s.DroppedQueueFull), metric.WithAttributes(attrLogComponent, attrQueueFull))
		o.ObserveInt64(processed, int64(s.DroppedExportFailed), metric.WithAttributes(attrLogComponent, attrExportError))
		o.ObserveInt64(processed, int64(s.DroppedShutdown), metric.WithAttributes(attrLogComponent, attrShutdown))
		o.ObserveInt64(size, int64(s.Pending), metric.WithAttributes(attrLogComponent))
		o.ObserveInt64(bytes, s.PendingBytes, metric.WithAttributes(attrLogComponent))
		return nil
	}, processed, size, bytes)
	if err != nil {
		return nil, err
	}
	return reg.Unregister, nil
}
