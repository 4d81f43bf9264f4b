package faults_test

import (
	"context"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"go.opentelemetry.io/otel"
	"go.uber.org/goleak"
	"go.uber.org/zap"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/otelsetup"
	"github.com/logspan/logspan/zapspan"
)

func envProvider(t testing.TB, env map[string]string, opts ...otelsetup.Option) *otelsetup.Provider {
	t.Helper()
	opts = append([]otelsetup.Option{
		otelsetup.WithErrorOutput(&discardWriter{}),
		otelsetup.WithEnv(func(k string) (string, bool) { v, ok := env[k]; return v, ok }),
	}, opts...)
	p, err := otelsetup.New(context.Background(), opts...)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// pace calls log rate times a second for d, in steps of a millisecond,
// catching up when it falls behind, and returns how many logs it made.
func pace(rate int, d time.Duration, log func(i int)) int {
	start := time.Now()
	tick := time.NewTicker(time.Millisecond)
	defer tick.Stop()
	n := 0
	for now := start; now.Sub(start) < d; now = <-tick.C {
		for due := int(now.Sub(start).Seconds() * float64(rate)); n < due; n++ {
			log(n)
		}
	}
	return n
}

// Zero loss at 50,000 logs/s to a local receiver, with the defaults: the
// exports in flight keep up, nothing is dropped, every span arrives.
func TestZeroLossAtRate(t *testing.T) {
	rate, d := 50000, 3*time.Second
	if raceEnabled {
		rate = 10000 // the race detector slows logging and export tenfold
	}
	rec := newCountingReceiver(t)
	p := envProvider(t, map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": rec.URL})
	logger := zap.New(zapspan.NewCore(logspan.WithTracerProvider(p.TracerProvider())))
	start := time.Now()
	n := pace(rate, d, func(i int) { logger.Info("paced", zap.Int("i", i), zap.String("user", "ada")) })
	elapsed := time.Since(start)
	if err := p.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	s := p.Stats()
	t.Logf("%d logs in %v (%.0f/s): %s; receiver got %d", n, elapsed.Round(time.Millisecond), float64(n)/elapsed.Seconds(), s, rec.spans.Load())
	if s.Dropped() != 0 || s.Exported != uint64(n) || rec.spans.Load() != int64(n) {
		t.Errorf("lost logs at %d/s: %s; receiver got %d of %d", rate, s, rec.spans.Load(), n)
	}
}

// With the backend black-holed, 1,000 logs of 64 KiB grow the heap by less
// than the byte budget plus 16 MiB: the queue is bounded in bytes, and so
// are the requests in flight.
func TestHeapBoundedWhenBlackHoled(t *testing.T) {
	const budget = otelsetup.DefaultMaxQueueBytes
	p := envProvider(t, map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": blackHole(t)})
	logger := zap.New(zapspan.NewCore(logspan.WithTracerProvider(p.TracerProvider())))
	payload := strings.Repeat("x", 64<<10-1)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for i := range 1000 {
		// A fresh string each time, as a real payload would be.
		logger.Info("big", zap.String("payload", payload[:len(payload)-i%7]+strconv.Itoa(i)))
	}
	time.Sleep(200 * time.Millisecond) // the exports are under way, stuck
	runtime.GC()
	runtime.ReadMemStats(&after)
	grew := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	s := p.Stats()
	t.Logf("heap grew %.1f MiB (budget %d MiB): %s, pending %.1f MiB", float64(grew)/(1<<20), budget>>20, s, float64(s.PendingBytes)/(1<<20))
	if grew > budget+16<<20 {
		t.Errorf("heap grew by %.1f MiB, over the %d MiB budget plus 16 MiB", float64(grew)/(1<<20), budget>>20)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	_ = p.Shutdown(ctx)
	s = p.Stats()
	if s.Received != 1000 || s.Exported+s.Dropped() != 1000 {
		t.Errorf("accounting: %s", s)
	}
}

// blockedWriter blocks every Write until released: stderr on a full pipe,
// or a container runtime's blocking log mode.
type blockedWriter struct{ release chan struct{} }

func (w blockedWriter) Write(p []byte) (int, error) {
	<-w.release
	return len(p), nil
}

// A blocked stderr plus a down backend never blocks a logging call, nor
// OpenTelemetry's error handler, nor shutdown past its deadline.
func TestBlockedStderrNeverBlocksLogging(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	prevTP := otel.GetTracerProvider()
	t.Cleanup(func() { otel.SetTracerProvider(prevTP) })
	stderr := blockedWriter{release: make(chan struct{})}
	released := sync.OnceFunc(func() { close(stderr.release) })
	defer released()
	env := map[string]string{
		"OTEL_EXPORTER_OTLP_ENDPOINT": closedPort(t),
		"OTEL_EXPORTER_OTLP_TIMEOUT":  "100",
		"OTEL_BSP_SCHEDULE_DELAY":     "5",
		"OTEL_BSP_MAX_QUEUE_SIZE":     "64", // drops, hence reports, at once
	}
	shutdown, err := otelsetup.Setup(context.Background(), otelsetup.WithErrorOutput(stderr),
		otelsetup.WithEnv(func(k string) (string, bool) { v, ok := env[k]; return v, ok }))
	if err != nil {
		t.Fatal(err)
	}
	logger := zap.New(zapspan.NewCore())
	done := make(chan time.Duration, 1)
	go func() {
		var worst time.Duration
		for i := range 20000 {
			start := time.Now()
			logger.Info("nobody hears this", zap.Int("i", i))
			if i%100 == 0 {
				otel.Handle(context.DeadlineExceeded)
				logger.Error("nor this")
			}
			worst = max(worst, time.Since(start))
		}
		done <- worst
	}()
	select {
	case worst := <-done:
		t.Logf("slowest logging call: %v", worst)
		// Generous: on a loaded machine a goroutine can wait that long
		// for a core; a blocked call would wait forever.
		if worst > time.Second {
			t.Errorf("a logging call took %v", worst)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("logging is blocked by stderr")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	_ = shutdown(ctx)
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("shutdown took %v with a 300 ms deadline", d)
	}
	released() // the writer goroutine may end now
}
