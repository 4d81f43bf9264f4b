package otelsetup

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestReporterIsRateLimited(t *testing.T) {
	var out stringsBuilder
	r := newReporter(&out, time.Minute)
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	r.now = func() time.Time { return now }
	r.start()
	for range 100 {
		r.message("export failed")
	}
	now = now.Add(time.Minute)
	r.message("export failed")
	require.NoError(t, r.close(context.Background()))
	assert.Equal(t, "otelsetup: export failed\notelsetup: export failed (99 similar messages suppressed)\n", out.String())
}

// blockingWriter blocks every Write until released: a full pipe.
type blockingWriter struct {
	entered chan struct{}
	release chan struct{}
	out     stringsBuilder
}

func newBlockingWriter() *blockingWriter {
	return &blockingWriter{entered: make(chan struct{}, 1), release: make(chan struct{})}
}

func (w *blockingWriter) Write(p []byte) (int, error) {
	select {
	case w.entered <- struct{}{}:
	default:
	}
	<-w.release
	return w.out.Write(p)
}

// A blocked stderr costs reports, counted, never the caller's time.
func TestReporterNeverBlocks(t *testing.T) {
	w := newBlockingWriter()
	r := newReporter(w, 0) // no rate limit: every message tries to go out
	var stats Stats
	r.stats = func() Stats { return Stats{Received: 10, DroppedQueueFull: stats.DroppedQueueFull} }
	r.start()
	r.message("first")
	<-w.entered // the writer goroutine is stuck in Write
	start := time.Now()
	for i := range 10000 {
		r.message(fmt.Sprint("message ", i))
		r.changed()
		otelErr := errorHandler{r}
		otelErr.Handle(fmt.Errorf("otel error %d", i))
	}
	assert.Less(t, time.Since(start), time.Second, "reporting waited on the blocked writer")
	assert.Equal(t, uint64(2*10000-reportQueue), r.lost.Load(), "what did not fit in the queue is counted as lost")

	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start = time.Now()
	assert.ErrorIs(t, r.close(ctx), context.DeadlineExceeded, "close is bounded by its context")
	assert.Less(t, time.Since(start), time.Second)

	stats.DroppedQueueFull = 3
	close(w.release) // the pipe drains: the goroutine ends
	require.NoError(t, r.close(context.Background()))
	lines := strings.Split(strings.TrimSpace(w.out.String()), "\n")
	assert.Contains(t, []int{1 + reportQueue + 1, 1 + reportQueue + 2}, len(lines),
		"the first message, the queued ones, perhaps the totals so far, the final totals")
	assert.Equal(t, fmt.Sprintf("otelsetup: final totals: dropped 3 of 10 spans (queue full 3, export failed 0, shutdown 0), exported 0, pending 0; %d reports lost (stderr blocked)", 2*10000-reportQueue),
		lines[len(lines)-1])
}

// The totals are read when the report is written, so they are exact then,
// and written at most once per interval.
func TestReporterTotalsAreCurrent(t *testing.T) {
	var out stringsBuilder
	r := newReporter(&out, 50*time.Millisecond)
	var dropped atomic.Uint64
	r.stats = func() Stats { return Stats{Received: 100, DroppedQueueFull: dropped.Load()} }
	r.start()
	dropped.Store(1)
	r.changed()
	require.Eventually(t, func() bool { return strings.Contains(out.String(), "dropped 1 of 100") }, time.Second, time.Millisecond)
	for range 5 {
		dropped.Add(10) // drops in the same interval: one report, later, with the total then
		r.changed()
	}
	require.Eventually(t, func() bool { return strings.Contains(out.String(), "dropped 51 of 100") }, time.Second, time.Millisecond)
	require.NoError(t, r.close(context.Background()))
	assert.Equal(t, "otelsetup: dropped 1 of 100 spans (queue full 1, export failed 0, shutdown 0), exported 0, pending 0 so far\n"+
		"otelsetup: dropped 51 of 100 spans (queue full 51, export failed 0, shutdown 0), exported 0, pending 0 so far\n"+
		"otelsetup: final totals: dropped 51 of 100 spans (queue full 51, export failed 0, shutdown 0), exported 0, pending 0\n", out.String())
}
