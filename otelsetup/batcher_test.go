package otelsetup

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/logspan/logspan/core"
	"github.com/logspan/logspan/otelsetup/otlpexport"
)

// stuckExporter blocks every export until released: a backend that
// accepts connections and never answers. It records each batch's span
// names, in the order the exports finished.
type stuckExporter struct {
	release chan struct{}
	mu      sync.Mutex
	got     int
	batches [][]string
}

func (e *stuckExporter) ExportSpans(ctx context.Context, spans []sdktrace.ReadOnlySpan) error {
	select {
	case <-e.release:
	case <-ctx.Done():
		return ctx.Err()
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.got += len(spans)
	var names []string
	for _, s := range spans {
		names = append(names, s.Name())
	}
	e.batches = append(e.batches, names)
	return nil
}

func (e *stuckExporter) Shutdown(context.Context) error { return nil }

func (e *stuckExporter) exported() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.got
}

func newTestBatcher(t *testing.T, exp sdktrace.SpanExporter, cfg batchConfig) (*batcher, trace.Tracer, *stringsBuilder) {
	t.Helper()
	var diag stringsBuilder
	rep := newReporter(&diag, time.Hour)
	diag.rep = rep
	b := newBatcher(exp, cfg, rep)
	rep.stats = b.Stats
	rep.start()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(b))
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		_ = tp.Shutdown(ctx)
		_ = rep.close(ctx)
	})
	return b, tp.Tracer("test"), &diag
}

// logAt ends a log span at level with the given attributes.
func logAt(tr trace.Tracer, name string, level core.Level, attrs ...attribute.KeyValue) {
	_, s := tr.Start(context.Background(), name, trace.WithAttributes(append(attrs, core.KeyLevelNum.Int(int(level)))...))
	s.End()
}

func checkAccounting(t *testing.T, s Stats) {
	t.Helper()
	assert.Equal(t, s.Received, s.Exported+s.Dropped()+s.Pending, "received == exported + dropped + pending: %+v", s)
}

func TestBatcherDropsInsteadOfBlocking(t *testing.T) {
	exp := &stuckExporter{release: make(chan struct{})}
	b, tr, diag := newTestBatcher(t, exp, batchConfig{delay: 10 * time.Millisecond, exportTimeout: time.Minute, queueSize: 4, batchSize: 2, inFlight: 1})
	const total = 100
	start := time.Now()
	for range total {
		logAt(tr, "log", core.LevelInfo) // must return at once although the exporter is stuck
	}
	assert.Less(t, time.Since(start), 2*time.Second)
	assert.GreaterOrEqual(t, b.Dropped(), uint64(total-4-2), "at most the queue and one batch in flight are kept")
	require.Eventually(t, func() bool { return strings.Contains(diag.String(), "dropped") }, 5*time.Second, 10*time.Millisecond)
	assert.Regexp(t, `dropped \d+ of \d+ spans \(queue full \d+, export failed 0, shutdown 0\)`, diag.String(), "the report states the totals")

	close(exp.release)
	require.NoError(t, b.Shutdown(context.Background()))
	s := b.Stats()
	checkAccounting(t, s)
	assert.Equal(t, uint64(total), uint64(exp.exported())+b.Dropped(), "every span is either exported or counted as dropped")
	assert.Equal(t, b.Dropped(), s.DroppedQueueFull)
}

func TestBatcherExportsWithoutFlush(t *testing.T) {
	exp := tracetest.NewInMemoryExporter()
	_, tr, _ := newTestBatcher(t, exp, batchConfig{delay: 20 * time.Millisecond, exportTimeout: time.Second, queueSize: 16, batchSize: 8})
	logAt(tr, "log", core.LevelInfo)
	assert.Eventually(t, func() bool { return len(exp.GetSpans()) == 1 }, 5*time.Second, 5*time.Millisecond,
		"a span must leave after the schedule delay, without a flush")
}

func TestBatcherFlushAndShutdownRespectDeadlines(t *testing.T) {
	exp := &stuckExporter{release: make(chan struct{})}
	b, tr, _ := newTestBatcher(t, exp, batchConfig{delay: time.Hour, exportTimeout: time.Hour, queueSize: 4, batchSize: 4, inFlight: 1})
	logAt(tr, "first", core.LevelInfo)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	assert.ErrorIs(t, b.ForceFlush(ctx), context.DeadlineExceeded)

	// The only slot is taken by the stuck export: a second flush must not
	// wait for it past its own deadline.
	logAt(tr, "second", core.LevelFatal)
	start := time.Now()
	ctx2, cancel2 := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel2()
	assert.ErrorIs(t, b.ForceFlush(ctx2), context.DeadlineExceeded)
	assert.Less(t, time.Since(start), time.Second)

	ctx3, cancel3 := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel3()
	start = time.Now()
	assert.ErrorIs(t, b.Shutdown(ctx3), context.DeadlineExceeded)
	assert.Less(t, time.Since(start), time.Second, "shutdown cancels the stuck export and returns")
	s := b.Stats()
	assert.Equal(t, uint64(2), s.DroppedShutdown, "the span in flight and the queued one were lost at shutdown")
	checkAccounting(t, s)
	assert.Equal(t, b.Shutdown(context.Background()), b.Shutdown(context.Background()), "shutdown is idempotent")
}

// With the exporter stuck, a flood of 64 KiB logs keeps the pending bytes
// under the budget, and the accounting is exact.
func TestBatcherBoundsBytes(t *testing.T) {
	exp := &stuckExporter{release: make(chan struct{})}
	const budget = 4 << 20
	b, tr, _ := newTestBatcher(t, exp, batchConfig{delay: time.Millisecond, exportTimeout: time.Minute, batchSize: 512, maxBytes: budget})
	big := strings.Repeat("x", 64<<10)
	for range 1000 {
		logAt(tr, "big", core.LevelInfo, attribute.String("payload", big))
		assert.LessOrEqual(t, b.Stats().PendingBytes, int64(budget*3/4))
	}
	s := b.Stats()
	assert.Greater(t, s.DroppedQueueFull, uint64(900), "4 MiB holds about 40 logs of 64 KiB")
	assert.Positive(t, s.Pending)
	checkAccounting(t, s)
	close(exp.release)
	require.NoError(t, b.Shutdown(context.Background()))
	s = b.Stats()
	checkAccounting(t, s)
	assert.Zero(t, s.Pending)
	assert.Zero(t, s.PendingBytes, "every byte counted in is counted out")
	assert.Equal(t, s.Exported, uint64(exp.exported()))
}

// A burst of info logs never drops an error-level log: they have room of
// their own, and take the room of older info logs when that is full.
func TestBatcherKeepsRoomForErrors(t *testing.T) {
	exp := &stuckExporter{release: make(chan struct{})}
	b, tr, _ := newTestBatcher(t, exp, batchConfig{delay: time.Hour, exportTimeout: time.Minute, queueSize: 64, batchSize: 8, inFlight: 1})
	for range 1000 {
		logAt(tr, "info", core.LevelInfo)
	}
	for range 8 {
		logAt(tr, "error", core.LevelError) // within the reserved eighth
	}
	for range 40 {
		logAt(tr, "error", core.LevelError) // beyond it: evicts info logs
	}
	logAt(tr, "fatal", core.LevelFatal)
	close(exp.release)
	require.NoError(t, b.Shutdown(context.Background()))
	counts := map[string]int{}
	for _, batch := range exp.batches {
		for _, n := range batch {
			counts[n]++
		}
	}
	assert.Equal(t, 48, counts["error"], "no error log was dropped")
	assert.Equal(t, 1, counts["fatal"])
	s := b.Stats()
	checkAccounting(t, s)
	assert.Equal(t, uint64(1049-exp.exported()), s.DroppedQueueFull, "only info logs were dropped")
}

// When the queue is full of error logs, a fatal one still gets in, in
// place of the oldest error.
func TestBatcherFatalEvictsOldestError(t *testing.T) {
	exp := &stuckExporter{release: make(chan struct{})}
	b, tr, _ := newTestBatcher(t, exp, batchConfig{delay: time.Hour, exportTimeout: time.Minute, queueSize: 16, batchSize: 16, inFlight: 1})
	for range 100 {
		logAt(tr, "error", core.LevelError)
	}
	logAt(tr, "fatal", core.LevelFatal)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_ = b.ForceFlush(ctx) // takes the queue into the stuck export
	close(exp.release)
	require.NoError(t, b.Shutdown(context.Background()))
	var all []string
	for _, batch := range exp.batches {
		all = append(all, batch...)
	}
	assert.Contains(t, all, "fatal")
	assert.Len(t, all, exp.exported())
	checkAccounting(t, b.Stats())
}

// recordingExporter records each batch and takes delay per export.
type recordingExporter struct {
	delay   time.Duration
	mu      sync.Mutex
	batches [][]string
	active  atomic.Int32
	peak    atomic.Int32
	fail    bool
}

func (e *recordingExporter) ExportSpans(ctx context.Context, spans []sdktrace.ReadOnlySpan) error {
	n := e.active.Add(1)
	defer e.active.Add(-1)
	for {
		p := e.peak.Load()
		if n <= p || e.peak.CompareAndSwap(p, n) {
			break
		}
	}
	select {
	case <-time.After(e.delay):
	case <-ctx.Done():
		return ctx.Err()
	}
	if e.fail {
		return errors.New("backend says no")
	}
	var names []string
	for _, s := range spans {
		names = append(names, s.Name())
	}
	e.mu.Lock()
	e.batches = append(e.batches, names)
	e.mu.Unlock()
	return nil
}

func (e *recordingExporter) Shutdown(context.Context) error { return nil }

// A flush sends the newest error-level spans in its first batch: the
// fatal log that asked for it does not wait behind the queue.
func TestForceFlushSendsTheFatalFirst(t *testing.T) {
	exp := &recordingExporter{delay: 20 * time.Millisecond}
	b, tr, _ := newTestBatcher(t, exp, batchConfig{delay: time.Hour, exportTimeout: time.Minute, batchSize: 1000, inFlight: 1})
	for range 2000 {
		logAt(tr, "error", core.LevelError)
	}
	for range 100 {
		logAt(tr, "info", core.LevelInfo)
	}
	logAt(tr, "fatal", core.LevelFatal)
	time.Sleep(100 * time.Millisecond) // the dispatcher takes full batches meanwhile
	require.NoError(t, b.ForceFlush(context.Background()))
	exp.mu.Lock()
	defer exp.mu.Unlock()
	var flushFirst []string
	for _, batch := range exp.batches {
		if len(batch) > 0 && batch[0] == "fatal" {
			flushFirst = batch
		}
	}
	require.NotNil(t, flushFirst, "no batch began with the fatal span: %d batches", len(exp.batches))
	total := 0
	for _, batch := range exp.batches {
		total += len(batch)
	}
	assert.Equal(t, 2101, total, "the flush sent everything queued")
	checkAccounting(t, b.Stats())
}

// Exports run concurrently, up to the limit, so that a slow backend does
// not cap the throughput.
func TestBatcherExportsInParallel(t *testing.T) {
	exp := &recordingExporter{delay: 100 * time.Millisecond}
	b, tr, _ := newTestBatcher(t, exp, batchConfig{delay: time.Hour, exportTimeout: time.Minute, batchSize: 10, inFlight: 4})
	start := time.Now()
	for range 200 {
		logAt(tr, "info", core.LevelInfo)
	}
	require.NoError(t, b.ForceFlush(context.Background()))
	assert.Equal(t, int32(5), exp.peak.Load(), "four exports at once, and the one a flush keeps for itself")
	// 20 batches, four at a time, 100 ms each: 500 ms, not 2 s.
	assert.Less(t, time.Since(start), 1500*time.Millisecond)
	s := b.Stats()
	assert.Equal(t, uint64(200), s.Exported)
	checkAccounting(t, s)
}

func TestBatcherCountsFailedExports(t *testing.T) {
	exp := &recordingExporter{fail: true}
	b, tr, diag := newTestBatcher(t, exp, batchConfig{delay: time.Hour, exportTimeout: time.Minute, batchSize: 10})
	for range 25 {
		logAt(tr, "info", core.LevelInfo)
	}
	assert.ErrorContains(t, b.ForceFlush(context.Background()), "backend says no")
	s := b.Stats()
	assert.Equal(t, uint64(25), s.DroppedExportFailed)
	checkAccounting(t, s)
	require.NoError(t, b.Shutdown(context.Background()))
	require.NoError(t, diag.rep.close(context.Background()))
	assert.Regexp(t, `otelsetup: exporting \d+ spans: backend says no\n`, diag.String())
	assert.Contains(t, diag.String(), "final totals: dropped 25 of 25 spans (queue full 0, export failed 25, shutdown 0), exported 0, pending 0\n",
		"the final report states the exact totals")
}

func TestSpanSize(t *testing.T) {
	stub := tracetest.SpanStub{
		Name:       "name",
		Attributes: []attribute.KeyValue{attribute.String("k", strings.Repeat("v", 1000)), core.KeyLevelNum.Int(17), attribute.StringSlice("s", []string{"ab", "cd"})},
		Events:     []sdktrace.Event{{Name: "ev", Attributes: []attribute.KeyValue{attribute.String("e", "xyz")}}},
	}
	size, level := spanSize(stub.Snapshot())
	assert.Equal(t, int64(17), level)
	want := spanOverhead + 4 +
		(kvSize + 1 + 1000) + (kvSize + int64(len(core.KeyLevelNum))) + (kvSize + 1 + 2*(stringSize+2)) +
		(eventSize + 2 + kvSize + 1 + 3)
	assert.Equal(t, want, size)
}

// With two destinations, a flush does not wait for one before starting
// the other: a stuck OTEL_* endpoint leaves Logfire its chance.
func TestFanoutFlushesAtOnce(t *testing.T) {
	stuck := &stuckExporter{release: make(chan struct{})}
	fine := &timedExporter{got: make(chan time.Time, 1)}
	rep := newReporter(&stringsBuilder{}, time.Hour)
	cfg := batchConfig{delay: time.Hour, exportTimeout: time.Minute}
	f := fanout{newBatcher(stuck, cfg, rep), newBatcher(fine, cfg, rep)}
	rep.start()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(f))
	logAt(tp.Tracer("test"), "fatal", core.LevelFatal)
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	assert.ErrorIs(t, tp.ForceFlush(ctx), context.DeadlineExceeded)
	select {
	case at := <-fine.got:
		assert.Less(t, at.Sub(start), 100*time.Millisecond, "the second destination waited for the first")
	default:
		t.Error("the second destination got nothing")
	}
	close(stuck.release)
	require.NoError(t, tp.Shutdown(context.Background()))
	require.NoError(t, rep.close(context.Background()))
}

// timedExporter sends the time of each export on got.
type timedExporter struct{ got chan time.Time }

func (e *timedExporter) ExportSpans(context.Context, []sdktrace.ReadOnlySpan) error {
	select {
	case e.got <- time.Now():
	default:
	}
	return nil
}

func (e *timedExporter) Shutdown(context.Context) error { return nil }

// blockingExporter holds every export until release is closed, except the
// ones whose batch holds a span named pass.
type blockingExporter struct {
	release chan struct{}
	mu      sync.Mutex
	got     []string
}

func (e *blockingExporter) ExportSpans(ctx context.Context, spans []sdktrace.ReadOnlySpan) error {
	for _, s := range spans {
		if s.Name() == "fatal" {
			e.mu.Lock()
			for _, s := range spans {
				e.got = append(e.got, s.Name())
			}
			e.mu.Unlock()
			return nil
		}
	}
	select {
	case <-e.release:
	case <-ctx.Done():
	}
	return ctx.Err()
}

func (e *blockingExporter) Shutdown(context.Context) error { return nil }

// A fatal log's flush never waits behind exports a stalled backend holds:
// it has a slot of its own, and its first batch is the fatal span.
func TestFatalFlushBehindStuckExports(t *testing.T) {
	exp := &blockingExporter{release: make(chan struct{})}
	defer close(exp.release)
	b, tr, _ := newTestBatcher(t, exp, batchConfig{delay: 10 * time.Millisecond, exportTimeout: time.Minute, batchSize: 1, inFlight: 2})
	logAt(tr, "info", core.LevelInfo)
	logAt(tr, "info", core.LevelInfo)
	require.Eventually(t, func() bool { return len(b.slots) == 2 }, 5*time.Second, 5*time.Millisecond, "both slots held")
	logAt(tr, "fatal", core.LevelFatal)
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	_ = b.ForceFlush(ctx) // times out waiting for the stuck exports
	exp.mu.Lock()
	defer exp.mu.Unlock()
	assert.Equal(t, []string{"fatal"}, exp.got, "the fatal span left through the flush's own slot")
}

// partialExporter accepts every batch but says it rejected one span.
type partialExporter struct{}

func (partialExporter) ExportSpans(context.Context, []sdktrace.ReadOnlySpan) error {
	return &otlpexport.PartialSuccessError{RejectedSpans: 1, Message: "one too old"}
}

func (partialExporter) Shutdown(context.Context) error { return nil }

// A partial success loses only the spans the backend refused.
func TestPartialSuccessAccounting(t *testing.T) {
	b, tr, _ := newTestBatcher(t, partialExporter{}, batchConfig{delay: time.Hour, exportTimeout: time.Minute, batchSize: 10, inFlight: 1})
	for range 10 {
		logAt(tr, "info", core.LevelInfo)
	}
	_ = b.ForceFlush(context.Background())
	s := b.Stats()
	assert.Equal(t, uint64(9), s.Exported)
	assert.Equal(t, uint64(1), s.DroppedExportFailed)
	checkAccounting(t, s)
}
