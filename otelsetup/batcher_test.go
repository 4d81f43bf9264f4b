package otelsetup

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
)

// stuckExporter blocks every export until released: a backend that
// accepts connections and never answers.
type stuckExporter struct {
	release chan struct{}
	mu      sync.Mutex
	got     int
}

func (e *stuckExporter) ExportSpans(ctx context.Context, spans []sdktrace.ReadOnlySpan) error {
	select {
	case <-e.release:
	case <-ctx.Done():
		return ctx.Err()
	}
	e.mu.Lock()
	e.got += len(spans)
	e.mu.Unlock()
	return nil
}

func (e *stuckExporter) Shutdown(context.Context) error { return nil }

func TestBatcherDropsInsteadOfBlocking(t *testing.T) {
	exp := &stuckExporter{release: make(chan struct{})}
	var diag stringsBuilder
	b := newBatcher(exp, batchConfig{delay: 10 * time.Millisecond, exportTimeout: time.Minute, queueSize: 4, batchSize: 2}, newReporter(&diag, time.Hour))
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(b))
	tracer := tp.Tracer("test")
	const total = 100
	for range total {
		_, s := tracer.Start(context.Background(), "log")
		s.End() // must return at once although the exporter is stuck
	}
	assert.GreaterOrEqual(t, b.Dropped(), uint64(total-4-2-2), "at most the queue, one batch in flight and one being built are kept")
	require.Eventually(t, func() bool { return diag.String() != "" }, 5*time.Second, 10*time.Millisecond)
	assert.Contains(t, diag.String(), "dropped")

	close(exp.release)
	require.NoError(t, tp.Shutdown(context.Background()))
	exp.mu.Lock()
	defer exp.mu.Unlock()
	assert.Equal(t, uint64(total), uint64(exp.got)+b.Dropped(), "every span is either exported or counted as dropped")
}

func TestBatcherExportsWithoutFlush(t *testing.T) {
	exp := tracetest.NewInMemoryExporter()
	b := newBatcher(exp, batchConfig{delay: 20 * time.Millisecond, exportTimeout: time.Second, queueSize: 16, batchSize: 8}, newReporter(&stringsBuilder{}, time.Hour))
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(b))
	defer func() { _ = tp.Shutdown(context.Background()) }()
	_, s := tp.Tracer("test").Start(context.Background(), "log")
	s.End()
	assert.Eventually(t, func() bool { return len(exp.GetSpans()) == 1 }, 5*time.Second, 5*time.Millisecond,
		"a span must leave after the schedule delay, without a flush")
}

func TestBatcherFlushAndShutdownRespectDeadlines(t *testing.T) {
	exp := &stuckExporter{release: make(chan struct{})}
	b := newBatcher(exp, batchConfig{delay: time.Hour, exportTimeout: time.Hour, queueSize: 4, batchSize: 4}, newReporter(&stringsBuilder{}, time.Hour))
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(b))
	_, s := tp.Tracer("test").Start(context.Background(), "log")
	s.End()

	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	assert.ErrorIs(t, b.ForceFlush(ctx), context.DeadlineExceeded)

	ctx2, cancel2 := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel2()
	assert.ErrorIs(t, tp.Shutdown(ctx2), context.DeadlineExceeded)
	close(exp.release) // let the run loop finish
	assert.Equal(t, b.Shutdown(context.Background()), b.Shutdown(context.Background()), "shutdown is idempotent")
}
