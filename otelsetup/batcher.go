package otelsetup

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/logspan/logspan/core"
)

// batcher is a batch span processor tuned for logs. Unlike the SDK's, it
// counts the spans it drops when its queue is full, and reports them.
// OnEnd never blocks: a slow or dead backend costs the application a
// failed channel send, nothing more.
type batcher struct {
	exp     sdktrace.SpanExporter
	cfg     batchConfig
	queue   chan sdktrace.ReadOnlySpan
	flushes chan chan error
	stop    chan struct{}
	done    chan struct{}
	dropped atomic.Uint64
	report  *reporter

	stopOnce sync.Once
	stopErr  error
}

func newBatcher(exp sdktrace.SpanExporter, cfg batchConfig, report *reporter) *batcher {
	if cfg.batchSize > cfg.queueSize {
		cfg.batchSize = cfg.queueSize
	}
	b := &batcher{
		exp:     exp,
		cfg:     cfg,
		queue:   make(chan sdktrace.ReadOnlySpan, cfg.queueSize),
		flushes: make(chan chan error),
		stop:    make(chan struct{}),
		done:    make(chan struct{}),
		report:  report,
	}
	go b.run()
	return b
}

func (b *batcher) OnStart(context.Context, sdktrace.ReadWriteSpan) {}

// OnEnd queues a sampled span, or counts it as dropped when the queue is
// full or the batcher is shut down.
func (b *batcher) OnEnd(s sdktrace.ReadOnlySpan) {
	if !s.SpanContext().IsSampled() {
		return
	}
	select {
	case <-b.stop:
		b.dropped.Add(1)
		return
	default:
	}
	select {
	case b.queue <- s:
	default:
		n := b.dropped.Add(1)
		// Reported here, not by the export loop, which may be the thing
		// stuck on a dead backend; written by a goroutine of its own (at
		// most one per interval), since stderr may block too.
		if b.report.allow() {
			go b.report.write(fmt.Sprintf("dropped %d spans in all: the export queue (%d) was full", n, b.cfg.queueSize))
		}
	}
}

// Dropped returns how many spans were dropped so far.
func (b *batcher) Dropped() uint64 { return b.dropped.Load() }

func (b *batcher) run() {
	defer close(b.done)
	ticker := time.NewTicker(b.cfg.delay)
	defer ticker.Stop()
	batch := make([]sdktrace.ReadOnlySpan, 0, b.cfg.batchSize)
	for {
		select {
		case s := <-b.queue:
			batch = append(batch, s)
			if len(batch) >= b.cfg.batchSize {
				batch, _ = b.export(batch)
			}
		case <-ticker.C:
			batch, _ = b.export(batch)
		case reply := <-b.flushes:
			var err error
			batch, err = b.drain(batch)
			reply <- err
		case <-b.stop:
			_, _ = b.drain(batch) // reported on stderr by export
			return
		}
	}
}

// drain exports everything queued now, and returns the export errors.
func (b *batcher) drain(batch []sdktrace.ReadOnlySpan) ([]sdktrace.ReadOnlySpan, error) {
	var errs []error
	for {
		select {
		case s := <-b.queue:
			batch = append(batch, s)
			if len(batch) >= b.cfg.batchSize {
				var err error
				batch, err = b.export(batch)
				errs = append(errs, err)
			}
		default:
			batch, err := b.export(batch)
			return batch, errors.Join(append(errs, err)...)
		}
	}
}

func (b *batcher) export(batch []sdktrace.ReadOnlySpan) ([]sdktrace.ReadOnlySpan, error) {
	if len(batch) == 0 {
		return batch, nil
	}
	// An exporter that logs through an instrumented logger with this
	// context makes no spans: they would be fed back into this queue.
	ctx, cancel := context.WithTimeout(core.WithoutLogSpans(context.Background()), b.cfg.exportTimeout)
	err := b.exp.ExportSpans(ctx, batch)
	cancel()
	if err != nil {
		err = fmt.Errorf("exporting %d spans: %w", len(batch), err)
		b.report.report(err.Error())
	}
	clear(batch)
	return batch[:0], err
}

// ForceFlush exports what is queued, waiting at most until ctx is done.
func (b *batcher) ForceFlush(ctx context.Context) error {
	reply := make(chan error, 1)
	select {
	case b.flushes <- reply:
	case <-b.done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case err := <-reply:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Shutdown exports what is queued and shuts the exporter down, within ctx.
func (b *batcher) Shutdown(ctx context.Context) error {
	b.stopOnce.Do(func() {
		close(b.stop)
		select {
		case <-b.done:
			// A span that passed OnEnd's stop check as the loop made its
			// last drain is still queued: count it, it was not exported.
			b.dropped.Add(uint64(len(b.queue)))
		case <-ctx.Done():
			b.stopErr = ctx.Err()
		}
		b.stopErr = errors.Join(b.stopErr, b.exp.Shutdown(ctx))
	})
	return b.stopErr
}
