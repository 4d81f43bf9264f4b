package otelsetup

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/logspan/logspan/core"
	"github.com/logspan/logspan/otelsetup/otlpexport"
)

// shutdownGrace is how long Shutdown waits, once its context is done and the
// exports in flight are cancelled, for their goroutines to return.
const shutdownGrace = 250 * time.Millisecond

// batcher is a batch span processor designed for logs, plugged into the
// SDK's TracerProvider: the span side of [queue], which does the work.
type batcher struct {
	*queue[sdktrace.ReadOnlySpan]
}

var _ sdktrace.SpanProcessor = (*batcher)(nil)

func newBatcher(exp sdktrace.SpanExporter, cfg batchConfig, report *reporter) *batcher {
	return &batcher{newQueue[sdktrace.ReadOnlySpan](spanExporter{exp}, cfg, report)}
}

// OnStart does nothing: logs are instant spans, seen when they end.
func (b *batcher) OnStart(context.Context, sdktrace.ReadWriteSpan) {}

// OnEnd queues a sampled span, or counts it as dropped.
func (b *batcher) OnEnd(s sdktrace.ReadOnlySpan) {
	if !s.SpanContext().IsSampled() {
		return
	}
	size, level := spanSize(s)
	b.push(s, size, level)
}

// spanExporter is a SpanExporter as a [queue] exports through it.
type spanExporter struct{ sdktrace.SpanExporter }

func (e spanExporter) exportBatch(ctx context.Context, spans []sdktrace.ReadOnlySpan) error {
	return e.ExportSpans(ctx, spans)
}

// rejected reads how many spans a partial success refused.
func (spanExporter) rejected(err error) (int64, bool) {
	var partial *otlpexport.PartialSuccessError
	if errors.As(err, &partial) {
		return partial.RejectedSpans, true
	}
	return 0, false
}

func (spanExporter) noun() string { return "spans" }

// batchExporter is what a [queue] exports through: the spans' exporter
// or the log records'.
type batchExporter[T any] interface {
	exportBatch(ctx context.Context, batch []T) error
	// rejected says, for a partial success (the backend took the request
	// and refused some items, or none with a warning), how many it refused.
	rejected(err error) (n int64, partial bool)
	// noun names the items in diagnostics ("spans").
	noun() string
	Shutdown(ctx context.Context) error
}

// queue is a batch processor designed for logs, for spans ([batcher]) and
// log records ([recordBatcher]) alike; what is said of spans here holds
// for records (sized by recordSize, their severity as the level, the
// OTEL_BLRP_* settings). Unlike the SDK's:
//
//   - its memory is bounded in bytes (the estimated size of each span, see
//     spanSize), as well as in spans (OTEL_BSP_MAX_QUEUE_SIZE); a quarter
//     of the byte budget is kept for the requests being serialized and
//     sent, the rest holds the spans queued or in flight;
//   - it runs several exports at once (cfg.inFlight), so a distant
//     backend's latency does not cap the throughput;
//   - an eighth of the room is reserved for error-level spans
//     (logfire.level_num >= 17): a burst of info logs cannot fill it, and
//     an error-level span that finds the queue full evicts the oldest
//     lower-level span (a fatal one evicts the oldest error if it must);
//   - ForceFlush sends the newest error-level spans first, so the span of
//     the Fatal log that asked for the flush goes in the first batch;
//   - it counts every span exactly: received = exported + dropped (by
//     reason) + pending.
//
// push never blocks: it takes b.mu, which is held only to move entries
// and counters, never across an export or a write.
type queue[T any] struct {
	exp    batchExporter[T]
	cfg    batchConfig
	report *reporter

	// Limits, derived from cfg.
	spanBytes    int64 // what queued and in-flight spans may take
	lowBytes     int64 // what spans below error level may take
	lowCount     int   // the queued spans below error level
	batchBytes   int64 // the most one batch holds, but at least one span
	wantsWakeups bool

	mu       sync.Mutex
	high     deque[T] // error level and above
	low      deque[T]
	bytes    int64 // queued and in flight
	inflight map[*exportOp[T]]struct{}
	// free holds the batch arrays finished exports gave back, cleared, for
	// the next batches: no new array per batch (a record batch's is 300 KB).
	free  [][]T
	stats Stats
	shut  bool

	wake  chan struct{} // a full batch is waiting
	slots chan struct{} // one per export in flight
	// flushSlot is one more export, for flushes only: a flush (a fatal
	// log's) never waits behind exports that a slow backend holds.
	flushSlot chan struct{}
	stop      chan struct{}
	done      chan struct{} // the dispatcher has returned

	exportCtx     context.Context
	cancelExports context.CancelFunc
	exports       sync.WaitGroup

	stopOnce sync.Once
	stopErr  error
}

// exportOp is one batch being exported.
type exportOp[T any] struct {
	spans []T
	n     int
	bytes int64
	done  chan struct{}
	err   error         // set before done is closed
	slot  chan struct{} // the semaphore the export gives its slot back to
}

func newQueue[T any](exp batchExporter[T], cfg batchConfig, report *reporter) *queue[T] {
	cfg = cfg.withDefaults()
	b := &queue[T]{
		exp:       exp,
		cfg:       cfg,
		report:    report,
		inflight:  map[*exportOp[T]]struct{}{},
		wake:      make(chan struct{}, 1),
		slots:     make(chan struct{}, cfg.inFlight),
		flushSlot: make(chan struct{}, 1),
		stop:      make(chan struct{}),
		done:      make(chan struct{}),
	}
	body := cfg.maxBytes / 4
	b.spanBytes = cfg.maxBytes - body
	b.lowBytes = b.spanBytes - b.spanBytes/8
	b.lowCount = cfg.queueSize - cfg.queueSize/8
	b.batchBytes = max(body/int64(cfg.inFlight), 1)
	// An exporter that logs through an instrumented logger with this
	// context makes no spans: they would be fed back into this queue.
	b.exportCtx, b.cancelExports = context.WithCancel(core.WithoutLogSpans(context.Background()))
	go b.run()
	return b
}

// push queues s, of the given estimated size and level, or counts it as
// dropped.
func (b *queue[T]) push(s T, size, level int64) {
	e := entry[T]{s: s, size: size}
	b.mu.Lock()
	b.stats.Received++
	if b.shut {
		b.stats.DroppedShutdown++
		b.mu.Unlock()
		b.report.changed()
		return
	}
	ok := b.admit(e, level)
	wake := b.high.len()+b.low.len() >= b.cfg.batchSize || b.queuedBytes() >= b.batchBytes
	b.mu.Unlock()
	if !ok {
		b.report.changed()
	}
	if wake {
		select {
		case b.wake <- struct{}{}:
		default:
		}
	}
}

// admit queues e if there is room, making room for an error-level span by
// evicting older, lower-level ones. b.mu is held.
func (b *queue[T]) admit(e entry[T], level int64) bool {
	fits := func(limit int64, count int) bool {
		return b.bytes+e.size <= limit && b.high.len()+b.low.len() < count
	}
	if level < int64(core.LevelError) {
		if !fits(b.lowBytes, b.lowCount) {
			b.stats.DroppedQueueFull++
			return false
		}
		b.low.push(e)
		b.bytes += e.size
		return true
	}
	for !fits(b.spanBytes, b.cfg.queueSize) && b.low.len() > 0 {
		b.evict(&b.low)
	}
	if level >= int64(core.LevelFatal) {
		for !fits(b.spanBytes, b.cfg.queueSize) && b.high.len() > 0 {
			b.evict(&b.high)
		}
	}
	if !fits(b.spanBytes, b.cfg.queueSize) {
		b.stats.DroppedQueueFull++
		return false
	}
	b.high.push(e)
	b.bytes += e.size
	return true
}

func (b *queue[T]) evict(d *deque[T]) {
	old := d.popFront()
	b.bytes -= old.size
	b.stats.DroppedQueueFull++
}

// queuedBytes is what the queued spans take (b.mu held).
func (b *queue[T]) queuedBytes() int64 { return b.high.bytes + b.low.bytes }

// Dropped returns how many spans were dropped so far, for any reason.
func (b *queue[T]) Dropped() uint64 { return b.Stats().Dropped() }

// Stats returns the counters, consistent with each other.
func (b *queue[T]) Stats() Stats {
	b.mu.Lock()
	defer b.mu.Unlock()
	s := b.stats
	s.Pending = uint64(b.high.len() + b.low.len())
	s.PendingBytes = b.bytes
	for op := range b.inflight {
		s.Pending += uint64(op.n)
	}
	return s
}

// run dispatches full batches as they fill, and what is queued at every
// schedule delay, up to cfg.inFlight exports at once.
func (b *queue[T]) run() {
	defer close(b.done)
	tick := time.NewTicker(b.cfg.delay)
	defer tick.Stop()
	for {
		partial := false
		select {
		case <-b.wake:
		case <-tick.C:
			partial = true
		case <-b.stop:
			return
		}
		for b.ready(partial) {
			select {
			case b.slots <- struct{}{}:
			case <-b.stop:
				return
			}
			op := b.take(b.cfg.batchSize, false, false)
			if op == nil {
				<-b.slots
				break
			}
			op.slot = b.slots
			b.start(op)
		}
	}
}

// ready says whether a batch should leave now.
func (b *queue[T]) ready(partial bool) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	n := b.high.len() + b.low.len()
	return n >= b.cfg.batchSize || b.queuedBytes() >= b.batchBytes || (partial && n > 0)
}

// take moves up to n queued spans (and at most batchBytes, but at least
// one span) into a new export, error-level spans first; newest first takes
// the newest error-level spans rather than the oldest. It returns nil when
// nothing is queued.
func (b *queue[T]) take(n int, newestFirst, shutdown bool) *exportOp[T] {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.shut && !shutdown {
		return nil // Shutdown exports the rest itself
	}
	op := &exportOp[T]{done: make(chan struct{}), spans: b.batchArray(min(n, b.high.len()+b.low.len()))}
	for op.n < n {
		var d *deque[T]
		switch {
		case b.high.len() > 0:
			d = &b.high
		case b.low.len() > 0:
			d = &b.low
		default:
		}
		if d == nil {
			break
		}
		var next int64
		if newestFirst && d == &b.high {
			next = d.back().size
		} else {
			next = d.front().size
		}
		if op.n > 0 && op.bytes+next > b.batchBytes {
			break
		}
		var e entry[T]
		if newestFirst && d == &b.high {
			e = d.popBack()
		} else {
			e = d.popFront()
		}
		op.spans = append(op.spans, e.s)
		op.n++
		op.bytes += e.size
	}
	if op.n == 0 {
		return nil
	}
	b.inflight[op] = struct{}{}
	return op
}

// batchArray returns an empty array for n items, one given back if one is
// large enough (b.mu held).
func (b *queue[T]) batchArray(n int) []T {
	for i := len(b.free) - 1; i >= 0; i-- {
		if a := b.free[i]; cap(a) >= n {
			b.free[i] = b.free[len(b.free)-1]
			b.free[len(b.free)-1] = nil
			b.free = b.free[:len(b.free)-1]
			return a
		}
	}
	return make([]T, 0, n)
}

// start exports op in a goroutine of its own; the caller holds a slot,
// which the export gives back.
func (b *queue[T]) start(op *exportOp[T]) {
	b.exports.Add(1)
	go b.export(op)
}

func (b *queue[T]) export(op *exportOp[T]) {
	defer b.exports.Done()
	ctx, cancel := context.WithTimeout(b.exportCtx, b.cfg.exportTimeout)
	err := b.exp.exportBatch(ctx, op.spans)
	cancel()
	cancelled := err != nil && b.exportCtx.Err() != nil
	b.mu.Lock()
	b.bytes -= op.bytes
	delete(b.inflight, op)
	refused, partial := b.exp.rejected(err)
	switch {
	case err == nil:
		b.stats.Exported += uint64(op.n)
	case partial:
		// The backend took the request and refused some spans (or none,
		// with a warning): only those are lost.
		rejected := uint64(min(max(refused, 0), int64(op.n)))
		b.stats.Exported += uint64(op.n) - rejected
		b.stats.DroppedExportFailed += rejected
	case cancelled:
		b.stats.DroppedShutdown += uint64(op.n)
	default:
		b.stats.DroppedExportFailed += uint64(op.n)
	}
	// The memory is free now, whoever still holds op; the array serves
	// again (exporters do not retain the batch once they return).
	if len(b.free) <= b.cfg.inFlight {
		clear(op.spans)
		b.free = append(b.free, op.spans[:0])
	}
	op.spans = nil
	b.mu.Unlock()
	if err != nil {
		err = fmt.Errorf("exporting %d %s: %w", op.n, b.exp.noun(), err)
		b.report.message(err.Error())
		b.report.changed()
	}
	op.err = err
	close(op.done)
	<-op.slot
}

// ForceFlush exports what is queued now, the newest error-level spans
// first, and waits for it and for the exports already in flight, at most
// until ctx is done. It never waits for a slot longer than ctx allows.
func (b *queue[T]) ForceFlush(ctx context.Context) error {
	b.mu.Lock()
	if b.shut {
		b.mu.Unlock()
		return nil
	}
	n := b.high.len() + b.low.len()
	waits := b.inflightOps(nil)
	b.mu.Unlock()
	ops, err := b.send(ctx, n, false)
	if err != nil {
		return err
	}
	// The dispatcher may have taken some of what was queued meanwhile:
	// wait for its exports too.
	b.mu.Lock()
	waits = b.inflightOps(append(waits, ops...))
	b.mu.Unlock()
	return wait(ctx, waits)
}

// inflightOps adds the exports in flight to ops, once each (b.mu held).
func (b *queue[T]) inflightOps(ops []*exportOp[T]) []*exportOp[T] {
	for op := range b.inflight {
		if !slices.Contains(ops, op) {
			ops = append(ops, op)
		}
	}
	return ops
}

// send starts exports for up to n queued spans, newest error-level spans
// first.
func (b *queue[T]) send(ctx context.Context, n int, shutdown bool) ([]*exportOp[T], error) {
	var ops []*exportOp[T]
	for n > 0 {
		var slot chan struct{}
		select {
		case b.slots <- struct{}{}:
			slot = b.slots
		case b.flushSlot <- struct{}{}:
			slot = b.flushSlot
		case <-ctx.Done():
			return ops, ctx.Err()
		}
		op := b.take(min(n, b.cfg.batchSize), len(ops) == 0, shutdown)
		if op == nil {
			<-slot
			break
		}
		op.slot = slot
		n -= op.n
		ops = append(ops, op)
		b.start(op)
	}
	return ops, nil
}

func wait[T any](ctx context.Context, ops []*exportOp[T]) error {
	var errs []error
	for _, op := range ops {
		select {
		case <-op.done:
			errs = append(errs, op.err)
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return errors.Join(errs...)
}

// Shutdown exports what is queued and shuts the exporter down, within ctx.
// When ctx is done first, the exports in flight are cancelled and what was
// not exported is counted as dropped at shutdown.
func (b *queue[T]) Shutdown(ctx context.Context) error {
	b.stopOnce.Do(func() {
		b.mu.Lock()
		b.shut = true // from now on OnEnd queues nothing
		b.mu.Unlock()
		close(b.stop)
		<-b.done // the dispatcher only ever waits on a slot or stop
		b.mu.Lock()
		n := b.high.len() + b.low.len()
		waits := b.inflightOps(nil)
		b.mu.Unlock()
		ops, err := b.send(ctx, n, true)
		if err == nil {
			err = wait(ctx, append(waits, ops...))
		}
		if ctx.Err() != nil {
			b.cancelExports()
			finished := make(chan struct{})
			go func() { b.exports.Wait(); close(finished) }()
			select {
			case <-finished:
			case <-time.After(shutdownGrace):
			}
		}
		b.mu.Lock()
		b.stats.DroppedShutdown += uint64(b.high.len() + b.low.len())
		b.bytes -= b.queuedBytes()
		b.high.reset()
		b.low.reset()
		b.mu.Unlock()
		b.stopErr = errors.Join(err, b.exp.Shutdown(ctx))
		b.cancelExports()
	})
	return b.stopErr
}

// entry is a queued span (or record) and its estimated size.
type entry[T any] struct {
	s    T
	size int64
}

// deque is a FIFO queue that can also give up its newest entry.
type deque[T any] struct {
	buf   []entry[T]
	head  int
	bytes int64
}

func (d *deque[T]) len() int { return len(d.buf) - d.head }

func (d *deque[T]) push(e entry[T]) {
	if d.head > 0 && len(d.buf) == cap(d.buf) && d.head >= len(d.buf)/2 {
		n := copy(d.buf, d.buf[d.head:])
		clear(d.buf[n:])
		d.buf, d.head = d.buf[:n], 0
	}
	d.buf = append(d.buf, e)
	d.bytes += e.size
}

func (d *deque[T]) front() entry[T] { return d.buf[d.head] }
func (d *deque[T]) back() entry[T]  { return d.buf[len(d.buf)-1] }

func (d *deque[T]) popFront() entry[T] {
	e := d.buf[d.head]
	d.buf[d.head] = entry[T]{}
	d.head++
	d.bytes -= e.size
	d.shrink()
	return e
}

func (d *deque[T]) popBack() entry[T] {
	e := d.buf[len(d.buf)-1]
	d.buf[len(d.buf)-1] = entry[T]{}
	d.buf = d.buf[:len(d.buf)-1]
	d.bytes -= e.size
	d.shrink()
	return e
}

// shrink resets an empty deque, giving back a large array.
func (d *deque[T]) shrink() {
	if d.head < len(d.buf) {
		return
	}
	if cap(d.buf) > 4096 {
		d.buf = nil
	} else {
		d.buf = d.buf[:0]
	}
	d.head = 0
}

func (d *deque[T]) reset() {
	*d = deque[T]{}
}

// fanout is the processor of several destinations: the SDK flushes its
// processors one after the other, which would let a slow destination take
// a fatal log's whole flush timeout; fanout flushes and shuts them down at
// once.
type fanout []*batcher

// OnStart does nothing.
func (f fanout) OnStart(context.Context, sdktrace.ReadWriteSpan) {}

// OnEnd gives s to every destination.
func (f fanout) OnEnd(s sdktrace.ReadOnlySpan) {
	for _, b := range f {
		b.OnEnd(s)
	}
}

// ForceFlush flushes every destination at once, within ctx.
func (f fanout) ForceFlush(ctx context.Context) error {
	return f.each(func(b *batcher) error { return b.ForceFlush(ctx) })
}

// Shutdown shuts every destination down at once, within ctx.
func (f fanout) Shutdown(ctx context.Context) error {
	return f.each(func(b *batcher) error { return b.Shutdown(ctx) })
}

func (f fanout) each(do func(*batcher) error) error {
	errs := make([]error, len(f))
	var wg sync.WaitGroup
	for i, b := range f {
		wg.Go(func() { errs[i] = do(b) })
	}
	wg.Wait()
	return errors.Join(errs...)
}
