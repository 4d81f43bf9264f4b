package otelsetup

import (
	"context"
	"errors"
	"sync"
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

// take queues r itself, without the copy OnEmit makes: for a record made
// for the batcher alone (the direct path's), which nothing else holds.
func (b *recordBatcher) take(r *sdklog.Record) {
	size, level := recordSize(r)
	b.push(*r, size, level)
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

// recordOverhead covers the record itself (sdklog.Record, 584 bytes,
// holds five attributes inline, its fixed fields and limits), the queue
// entry, and the slack of the queue's array (up to as much again, as it
// doubles) or the record's copy in an export batch. Measured: 100,000
// queued records of seven attributes keep 916 bytes each alive, for an
// estimate of 1,530; the bound errs on the safe side.
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

// recordFanout is the processor of several destinations (an OTLP endpoint
// and Logfire), as fanout is for spans: the SDK flushes its processors one
// after the other, which would let a slow destination take a fatal log's
// whole flush timeout; recordFanout flushes and shuts them down at once.
// It sizes and copies each record once for all.
type recordFanout []*recordBatcher

var _ sdklog.Processor = recordFanout(nil)

// Enabled is true.
func (f recordFanout) Enabled(context.Context, sdklog.EnabledParameters) bool { return true }

// OnEmit gives a copy of r to every destination; they share it (a queued
// record is never modified).
func (f recordFanout) OnEmit(_ context.Context, r *sdklog.Record) error {
	size, level := recordSize(r)
	c := r.Clone()
	for _, b := range f {
		b.push(c, size, level)
	}
	return nil
}

// ForceFlush flushes every destination at once, within ctx.
func (f recordFanout) ForceFlush(ctx context.Context) error {
	return f.each(func(b *recordBatcher) error { return b.ForceFlush(ctx) })
}

// Shutdown shuts every destination down at once, within ctx.
func (f recordFanout) Shutdown(ctx context.Context) error {
	return f.each(func(b *recordBatcher) error { return b.Shutdown(ctx) })
}

func (f recordFanout) each(do func(*recordBatcher) error) error {
	errs := make([]error, len(f))
	var wg sync.WaitGroup
	for i, b := range f {
		wg.Go(func() { errs[i] = do(b) })
	}
	wg.Wait()
	return errors.Join(errs...)
}
