package spantest

import (
	"context"
	"sync"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	sdklog "go.opentelemetry.io/otel/sdk/log"
	"go.opentelemetry.io/otel/trace"
)

// LogRecorder is an sdklog.Processor that keeps a copy of every log record
// emitted through its provider, the way tracetest.SpanRecorder keeps
// spans: tests of the records mode assert on what a real LoggerProvider
// made. It is safe for concurrent use.
type LogRecorder struct {
	mu      sync.Mutex
	records []sdklog.Record
	flushes int
	minimum int // severity below which Enabled says no; 0 takes all
}

var _ sdklog.Processor = (*LogRecorder)(nil)

// NewLogRecorder returns an empty recorder that takes every record.
func NewLogRecorder() *LogRecorder { return new(LogRecorder) }

// NewLogRecorderProvider returns a LoggerProvider that records every log
// record in the returned recorder (with the given extra options), shut down
// when the test ends.
func NewLogRecorderProvider(tb testing.TB, opts ...sdklog.LoggerProviderOption) (*sdklog.LoggerProvider, *LogRecorder) {
	tb.Helper()
	rec := NewLogRecorder()
	lp := sdklog.NewLoggerProvider(append([]sdklog.LoggerProviderOption{sdklog.WithProcessor(rec)}, opts...)...)
	tb.Cleanup(func() { _ = lp.Shutdown(context.Background()) })
	return lp, rec
}

// Enabled reports that the recorder takes every record, or those at or
// above the severity set by SetMinSeverity.
func (r *LogRecorder) Enabled(_ context.Context, p sdklog.EnabledParameters) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return int(p.Severity) >= r.minimum
}

// SetMinSeverity makes Enabled refuse records below severity n, so a test
// can check that a logger's refusal is heeded.
func (r *LogRecorder) SetMinSeverity(n int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.minimum = n
}

// OnEmit keeps a copy of rec.
func (r *LogRecorder) OnEmit(_ context.Context, rec *sdklog.Record) error {
	c := rec.Clone()
	r.mu.Lock()
	defer r.mu.Unlock()
	r.records = append(r.records, c)
	return nil
}

// Records returns the records emitted so far, oldest first.
func (r *LogRecorder) Records() []sdklog.Record {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]sdklog.Record(nil), r.records...)
}

// Flushes returns how many times the provider was flushed.
func (r *LogRecorder) Flushes() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.flushes
}

// Reset forgets the records emitted so far.
func (r *LogRecorder) Reset() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.records = nil
}

// Shutdown does nothing.
func (r *LogRecorder) Shutdown(context.Context) error { return nil }

// ForceFlush counts the flush.
func (r *LogRecorder) ForceFlush(context.Context) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.flushes++
	return nil
}

// RecordAttributes returns a record's attributes by key, and fails the
// test when a key appears twice (core gives every key once).
func RecordAttributes(tb testing.TB, rec sdklog.Record) map[attribute.Key]attribute.Value {
	tb.Helper()
	m := make(map[attribute.Key]attribute.Value, rec.AttributesLen())
	rec.WalkAttributes(func(kv attribute.KeyValue) bool {
		if _, dup := m[kv.Key]; dup {
			tb.Errorf("record attribute %s appears twice", kv.Key)
		}
		m[kv.Key] = kv.Value
		return true
	})
	return m
}

// RecordSpanContext returns the trace and span ids a record carries, as a
// span context, for comparison with a span's.
func RecordSpanContext(rec sdklog.Record) trace.SpanContext {
	return trace.NewSpanContext(trace.SpanContextConfig{TraceID: rec.TraceID(), SpanID: rec.SpanID(), TraceFlags: rec.TraceFlags()})
}

// DiscardLogProcessor drops every record: benchmarks over it measure
// logging, not export.
type DiscardLogProcessor struct{}

var _ sdklog.Processor = DiscardLogProcessor{}

// Enabled reports true: every record is wanted, and dropped.
func (DiscardLogProcessor) Enabled(context.Context, sdklog.EnabledParameters) bool { return true }

// OnEmit drops the record.
func (DiscardLogProcessor) OnEmit(context.Context, *sdklog.Record) error { return nil }

// Shutdown does nothing.
func (DiscardLogProcessor) Shutdown(context.Context) error { return nil }

// ForceFlush does nothing.
func (DiscardLogProcessor) ForceFlush(context.Context) error { return nil }
