package otlpexport

import (
	"context"
	"errors"

	sdklog "go.opentelemetry.io/otel/sdk/log"
)

// DefaultLogsEndpointURL is where a [LogExporter] posts without
// WithEndpointURL: the OTLP/HTTP default of the OpenTelemetry
// specification for logs.
const DefaultLogsEndpointURL = "http://localhost:4318/v1/logs"

var _ sdklog.Exporter = (*LogExporter)(nil)

// LogExporter is an sdklog.Exporter that posts log records to an
// OTLP/HTTP receiver as protobuf, writing the ExportLogsServiceRequest
// bytes itself from the SDK's records, as [Exporter] does for spans: the
// request decodes to exactly what otlploghttp sends for the same records
// (only the order of the ResourceLogs may differ: otlploghttp's follows map
// iteration, this one the records). Delivery (retries, timeouts, gzip,
// partial successes, Shutdown) is [Exporter]'s. It is safe for concurrent
// use.
type LogExporter struct {
	e *Exporter
}

// NewLogExporter returns a LogExporter configured by opts, the options of
// [New]; the endpoint URL defaults to [DefaultLogsEndpointURL].
func NewLogExporter(opts ...Option) (*LogExporter, error) {
	e, err := New(append([]Option{WithEndpointURL(DefaultLogsEndpointURL)}, opts...)...)
	if err != nil {
		return nil, err
	}
	return &LogExporter{e: e}, nil
}

// Export posts records in one request (no record, no request), retrying
// as the RetryConfig says, within the export timeout and ctx. The error,
// when not nil, is an *HTTPError for a status the receiver answered, a
// *PartialSuccessError when it accepted only part of the records (its
// RejectedSpans counts log records), ErrShutdown after Shutdown, or the
// network or context error.
func (x *LogExporter) Export(ctx context.Context, records []sdklog.Record) error {
	e := x.e
	e.mu.Lock()
	if e.closed {
		e.mu.Unlock()
		return ErrShutdown
	}
	e.inflight.Add(1)
	e.mu.Unlock()
	defer e.inflight.Done()

	enc := e.pool.Get().(*encoder) //nolint:forcetypeassert // the pool holds only encoders.
	enc.reset(maxKeep)
	n := enc.encodeLogs(records)
	if n == 0 {
		e.pool.Put(enc)
		return nil
	}
	err := e.deliver(ctx, enc, n)
	var ps *PartialSuccessError
	if errors.As(err, &ps) {
		ps.records = true
	}
	return err
}

// Shutdown stops the exporter, as [Exporter.Shutdown] does.
func (x *LogExporter) Shutdown(ctx context.Context) error { return x.e.Shutdown(ctx) }

// ForceFlush does nothing: Export holds nothing back.
func (x *LogExporter) ForceFlush(context.Context) error { return nil }

// Stats returns the exporter's counters; the Spans fields count log
// records.
func (x *LogExporter) Stats() Stats { return x.e.Stats() }
