package otelsetup

import (
	"context"
	"unsafe"

	"go.opentelemetry.io/otel/attribute"
	sdklog "go.opentelemetry.io/otel/sdk/log"
)

// recordBatcher is the log-record side of [queue]: a log-record processor
// with the span pipeline's guarantees. Its memory is bounded in bytes
// (each record's size estimated from its body and attributes, see
// recordSize), an eighth of the room is reserved for records of severity
// ERROR and above (an error evicts the oldest lower record when the queue
// is full, a fatal one the oldest error if it must), OnEmit never blocks,
// ForceFlush sends the newest error-level records first, and every record
// is counted: received = exported + dropped (by reason) + pending.
type recordBatcher struct {
	*queue[sdklog.Record]
}

var _ sdklog.Processor = (*recordBatcher)(nil)

func newRecordBatcher(exp sdklog.Exporter, cfg batchConfig, report *reporter) *recordBatcher {
	return &recordBatcher{newQueue[sdklog.Record](recordExporter{exp}, cfg, report)}
}

// Enabled is true: every record is queued or counted.
func (b *recordBatcher) Enabled(context.Context, sdklog.EnabledParameters) bool { return true }

// OnEmit queues a copy of r (the SDK reuses r once OnEmit returns), or
// counts it as dropped. It never blocks, and never fails: a dropped record
// is counted in [Provider.LogRecordStats], not returned as an error the
// SDK would report once per record.
func (b *recordBatcher) OnEmit(_ context.Context, r *sdklog.Record) error {
	size, level := recordSize(r)
	b.push(r.Clone(), size, level)
	return nil
}

// recordExporter is an sdklog.Exporter as a [queue] exports through it.
type recordExporter struct{ sdklog.Exporter }

func (e recordExporter) exportBatch(ctx context.Context, records []sdklog.Record) error {
	return e.Export(ctx, records)
}

// rejected reads how many records a partial success refused (logspan's
// OTLP/HTTP exporter returns it; otlploggrpc reports it through
// otel.Handle and returns nil).
func (recordExporter) rejected(err error) (int64, bool) { return spanExporter{}.rejected(err) }

func (recordExporter) noun() string { return "log records" }

// recordOverhead covers the record itself (sdklog.Record holds five
// attributes inline, its fixed fields and limits), the queue entry, the
// copy in the export batch, and the slack of the slices' arrays.
var recordOverhead = 2*int64(unsafe.Sizeof(sdklog.Record{})) + 64

// recordSize estimates the bytes a queued record keeps alive: the record,
// its body and its attributes with the bytes of every string (kvBytes and
// valueBytes, as for spans); and returns its severity number (ERROR is
// 17, as logfire.level_num). The resource and the instrumentation scope
// are shared by every record and not counted.
func recordSize(r *sdklog.Record) (size, level int64) {
	size = recordOverhead + int64(len(r.EventName())) + int64(len(r.SeverityText()))
	if body := r.Body(); body.Type() != attribute.INVALID {
		size += valueBytes(body, 0)
	}
	inline := 0
	r.WalkAttributes(func(kv attribute.KeyValue) bool {
		n := kvBytes(kv)
		if inline < 5 {
			n -= kvSize // held in the record's own array, counted above
			inline++
		}
		size += n
		return true
	})
	return size, int64(r.Severity())
}
