package otelsetup

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/log"
	sdklog "go.opentelemetry.io/otel/sdk/log"
)

// stuckRecordExporter blocks every export until released, and keeps the
// bodies of each batch, in the order the exports finished.
type stuckRecordExporter struct {
	release chan struct{}
	fail    bool
	mu      sync.Mutex
	batches [][]string
}

func (e *stuckRecordExporter) Export(ctx context.Context, records []sdklog.Record) error {
	select {
	case <-e.release:
	case <-ctx.Done():
		return ctx.Err()
	}
	if e.fail {
		return errors.New("backend says no")
	}
	var bodies []string
	for i := range records {
		bodies = append(bodies, records[i].Body().AsString())
	}
	e.mu.Lock()
	e.batches = append(e.batches, bodies)
	e.mu.Unlock()
	return nil
}

func (e *stuckRecordExporter) Shutdown(context.Context) error   { return nil }
func (e *stuckRecordExporter) ForceFlush(context.Context) error { return nil }

func (e *stuckRecordExporter) all() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []string
	for _, b := range e.batches {
		out = append(out, b...)
	}
	return out
}

// newTestRecordBatcher is a record batcher behind a real LoggerProvider,
// and the logger to emit through it.
func newTestRecordBatcher(t *testing.T, exp sdklog.Exporter, cfg batchConfig) (*recordBatcher, log.Logger) {
	t.Helper()
	var diag stringsBuilder
	rep := newReporter(&diag, time.Hour)
	rep.noun = "log records"
	b := newRecordBatcher(exp, cfg, rep)
	rep.stats = b.Stats
	rep.start()
	lp := sdklog.NewLoggerProvider(sdklog.WithProcessor(b))
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		_ = lp.Shutdown(ctx)
		_ = rep.close(ctx)
	})
	return b, lp.Logger("test")
}

// emitAt emits a record of severity sev with body and the given number of
// attributes.
func emitAt(l log.Logger, body string, sev log.Severity, attrs ...attribute.KeyValue) {
	var r log.Record
	r.SetTimestamp(time.Now())
	r.SetSeverity(sev)
	r.SetBody(attribute.StringValue(body))
	r.AddAttributes(attrs...)
	l.Emit(context.Background(), r)
}

func TestRecordBatcherDropsInsteadOfBlocking(t *testing.T) {
	exp := &stuckRecordExporter{release: make(chan struct{})}
	b, l := newTestRecordBatcher(t, exp, batchConfig{delay: time.Millisecond, exportTimeout: time.Minute, queueSize: 100, batchSize: 10, inFlight: 1})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for range 10_000 {
			emitAt(l, "info", log.SeverityInfo)
		}
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("emitting blocked behind a stuck exporter")
	}
	s := b.Stats()
	assert.Equal(t, uint64(10_000), s.Received)
	assert.Greater(t, s.DroppedQueueFull, uint64(9_000))
	checkAccounting(t, s)
	close(exp.release)
	require.NoError(t, b.Shutdown(context.Background()))
	s = b.Stats()
	checkAccounting(t, s)
	assert.Zero(t, s.Pending)
	assert.Zero(t, s.PendingBytes)
	assert.Equal(t, s.Exported, uint64(len(exp.all())), "exported counts what the exporter got")
}

func TestRecordBatcherBoundsBytes(t *testing.T) {
	exp := &stuckRecordExporter{release: make(chan struct{})}
	const budget = 4 << 20
	b, l := newTestRecordBatcher(t, exp, batchConfig{delay: time.Millisecond, exportTimeout: time.Minute, batchSize: 512, maxBytes: budget})
	big := strings.Repeat("x", 64<<10)
	for i := range 1000 {
		if i%2 == 0 {
			emitAt(l, big, log.SeverityInfo) // a big body
		} else {
			emitAt(l, "small", log.SeverityInfo, attribute.String("payload", big)) // a big attribute
		}
		assert.LessOrEqual(t, b.Stats().PendingBytes, int64(budget*3/4))
	}
	s := b.Stats()
	assert.Greater(t, s.DroppedQueueFull, uint64(900), "4 MiB holds about 40 records of 64 KiB")
	checkAccounting(t, s)
	close(exp.release)
	require.NoError(t, b.Shutdown(context.Background()))
	s = b.Stats()
	checkAccounting(t, s)
	assert.Zero(t, s.PendingBytes, "every byte counted in is counted out")
}

// A burst of info records never drops an error: they have room of their
// own, and take the room of older info records when that is full; a fatal
// one gets in even when errors fill the queue.
func TestRecordBatcherKeepsRoomForErrors(t *testing.T) {
	exp := &stuckRecordExporter{release: make(chan struct{})}
	b, l := newTestRecordBatcher(t, exp, batchConfig{delay: time.Hour, exportTimeout: time.Minute, queueSize: 64, batchSize: 8, inFlight: 1})
	for range 1000 {
		emitAt(l, "info", log.SeverityInfo)
	}
	for range 48 {
		emitAt(l, "error", log.SeverityError)
	}
	emitAt(l, "fatal", log.SeverityFatal)
	close(exp.release)
	require.NoError(t, b.Shutdown(context.Background()))
	counts := map[string]int{}
	for _, body := range exp.all() {
		counts[body]++
	}
	assert.Equal(t, 48, counts["error"], "no error record was dropped")
	assert.Equal(t, 1, counts["fatal"])
	s := b.Stats()
	checkAccounting(t, s)
	assert.Equal(t, uint64(1049-len(exp.all())), s.DroppedQueueFull, "only info records were dropped")

	exp = &stuckRecordExporter{release: make(chan struct{})}
	b, l = newTestRecordBatcher(t, exp, batchConfig{delay: time.Hour, exportTimeout: time.Minute, queueSize: 16, batchSize: 16, inFlight: 1})
	for range 100 {
		emitAt(l, "error", log.SeverityError4)
	}
	emitAt(l, "fatal", log.SeverityFatal2)
	close(exp.release)
	require.NoError(t, b.Shutdown(context.Background()))
	assert.Contains(t, exp.all(), "fatal", "the fatal record evicted the oldest error")
	checkAccounting(t, b.Stats())
}

// A flush sends the newest error-level records in its first batch: the
// fatal record that asked for it does not wait behind the queue.
func TestRecordForceFlushSendsTheFatalFirst(t *testing.T) {
	exp := &stuckRecordExporter{release: make(chan struct{})}
	close(exp.release)
	b, l := newTestRecordBatcher(t, exp, batchConfig{delay: time.Hour, exportTimeout: time.Minute, batchSize: 100, inFlight: 1})
	for range 50 {
		emitAt(l, "error", log.SeverityError)
	}
	for range 30 {
		emitAt(l, "info", log.SeverityInfo)
	}
	emitAt(l, "fatal", log.SeverityFatal)
	require.NoError(t, b.ForceFlush(context.Background()))
	exp.mu.Lock()
	first := exp.batches[0]
	exp.mu.Unlock()
	assert.Equal(t, "fatal", first[0], "the flush's first batch begins with the fatal record")
	assert.Len(t, exp.all(), 81, "the flush sent everything queued")
	checkAccounting(t, b.Stats())
}

func TestRecordBatcherCountsFailedExports(t *testing.T) {
	exp := &stuckRecordExporter{release: make(chan struct{}), fail: true}
	close(exp.release)
	b, l := newTestRecordBatcher(t, exp, batchConfig{delay: time.Hour, exportTimeout: time.Minute, batchSize: 10, inFlight: 2})
	for range 25 {
		emitAt(l, "info", log.SeverityInfo)
	}
	err := b.ForceFlush(context.Background())
	assert.ErrorContains(t, err, "log records: backend says no")
	assert.Equal(t, Stats{Received: 25, DroppedExportFailed: 25}, b.Stats())
	require.NoError(t, b.Shutdown(context.Background()))
	emitAt(l, "late", log.SeverityInfo) // the processor is shut down: counted
	assert.Equal(t, Stats{Received: 26, DroppedExportFailed: 25, DroppedShutdown: 1}, b.Stats())
}

// The size of a record grows with its body and attributes, strings
// included; the severity is its level.
func TestRecordSize(t *testing.T) {
	size := func(body string, sev log.Severity, attrs ...attribute.KeyValue) (int64, int64) {
		var got sdklog.Record
		exp := exporterFunc(func(rs []sdklog.Record) { got = rs[0].Clone() })
		lp := sdklog.NewLoggerProvider(sdklog.WithProcessor(sdklog.NewSimpleProcessor(exp)))
		defer func() { _ = lp.Shutdown(context.Background()) }()
		emitAt(lp.Logger("t"), body, sev, attrs...)
		return recordSize(&got)
	}
	small, level := size("hi", log.SeverityWarn)
	assert.Equal(t, int64(log.SeverityWarn), level)
	assert.GreaterOrEqual(t, small, recordOverhead)
	bigBody, _ := size("hi"+strings.Repeat("x", 1000), log.SeverityWarn)
	assert.Equal(t, small+1000, bigBody)
	many := make([]attribute.KeyValue, 10)
	for i := range many {
		many[i] = attribute.String("k"+string(rune('a'+i)), strings.Repeat("v", 100))
	}
	withAttrs, _ := size("hi", log.SeverityWarn, many...)
	assert.GreaterOrEqual(t, withAttrs, small+10*(100+2)+5*kvSize, "strings, keys, and the attributes beyond the five inline")
}

type exporterFunc func([]sdklog.Record)

func (f exporterFunc) Export(_ context.Context, rs []sdklog.Record) error { f(rs); return nil }
func (exporterFunc) Shutdown(context.Context) error                       { return nil }
func (exporterFunc) ForceFlush(context.Context) error                     { return nil }

// timedRecordExporter notes when it first exports.
type timedRecordExporter struct{ got chan time.Time }

func (e *timedRecordExporter) Export(context.Context, []sdklog.Record) error {
	select {
	case e.got <- time.Now():
	default:
	}
	return nil
}
func (*timedRecordExporter) Shutdown(context.Context) error   { return nil }
func (*timedRecordExporter) ForceFlush(context.Context) error { return nil }

// A fatal record's flush reaches a working destination at once, even
// when the other one is stuck; both get the record.
func TestRecordFanoutFlushesAtOnce(t *testing.T) {
	stuck := &stuckRecordExporter{release: make(chan struct{})}
	fine := &timedRecordExporter{got: make(chan time.Time, 1)}
	rep := newReporter(&stringsBuilder{}, time.Hour)
	cfg := batchConfig{delay: time.Hour, exportTimeout: time.Minute}
	f := recordFanout{newRecordBatcher(stuck, cfg, rep), newRecordBatcher(fine, cfg, rep)}
	rep.start()
	lp := sdklog.NewLoggerProvider(sdklog.WithProcessor(f))
	emitAt(lp.Logger("test"), "fatal", log.SeverityFatal)
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	assert.ErrorIs(t, lp.ForceFlush(ctx), context.DeadlineExceeded)
	select {
	case at := <-fine.got:
		assert.Less(t, at.Sub(start), 100*time.Millisecond, "the second destination waited for the first")
	default:
		t.Error("the second destination got nothing")
	}
	close(stuck.release)
	require.NoError(t, lp.Shutdown(context.Background()))
	require.NoError(t, rep.close(context.Background()))
	assert.Equal(t, []string{"fatal"}, stuck.all())
	assert.Equal(t, Stats{Received: 1, Exported: 1}, f[0].Stats())
	assert.Equal(t, Stats{Received: 1, Exported: 1}, f[1].Stats())
}
