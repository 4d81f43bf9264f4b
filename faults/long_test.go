package faults_test

import (
	"context"
	"flag"
	"runtime"
	"slices"
	"testing"
	"time"

	"go.uber.org/zap"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/otelsetup"
	"github.com/logspan/logspan/zapspan"
)

// long runs the targets at their full length: 60 s at 10,000 logs/s to a
// backend 100 ms away, 1M small logs into a black hole.
var (
	long    = flag.Bool("long", false, "run the long delivery targets (a minute or more)")
	longFor = flag.Duration("long.duration", time.Minute, "how long -long runs TestZeroLossToSlowBackend")
)

// Zero loss at 10,000 logs/s to a backend taking 100 ms per request: the
// exports in flight hide the latency. Two seconds by default, 60 with
// -long.
func TestZeroLossToSlowBackend(t *testing.T) {
	d := 2 * time.Second
	if *long {
		d = *longFor
	}
	rec := newCountingReceiver(t)
	p := envProvider(t, map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": slowBackend(t, rec.URL, 100*time.Millisecond)})
	logger := zap.New(zapspan.NewCore(logspan.WithTracerProvider(p.TracerProvider())))
	start := time.Now()
	n := pace(10000, d, func(i int) { logger.Info("paced", zap.Int("i", i), zap.String("user", "ada")) })
	elapsed := time.Since(start)
	if err := p.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	s := p.Stats()
	t.Logf("%d logs in %v (%.0f/s) to a 100 ms backend: %s; receiver got %d", n, elapsed.Round(time.Millisecond), float64(n)/elapsed.Seconds(), s, rec.spans.Load())
	if s.Dropped() != 0 || rec.spans.Load() != int64(n) {
		t.Errorf("lost logs: %s; receiver got %d of %d", s, rec.spans.Load(), n)
	}
}

// With the backend black-holed, 1M small logs (100,000 without -long) grow
// the heap by less than the byte budget plus 16 MiB, and every one is
// accounted for.
func TestHeapBoundedSmallLogs(t *testing.T) {
	n := 100_000
	if *long {
		n = 1_000_000
	} else if raceEnabled {
		n = 20_000
	}
	const budget = otelsetup.DefaultMaxQueueBytes
	p := envProvider(t, map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": blackHole(t)})
	logger := zap.New(zapspan.NewCore(logspan.WithTracerProvider(p.TracerProvider())))
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for i := range n {
		logger.Info("small", zap.Int("i", i), zap.String("user", "ada"))
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	grew := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	s := p.Stats()
	t.Logf("%d logs: heap grew %.1f MiB (budget %d MiB): %s, pending %.1f MiB", n, float64(grew)/(1<<20), budget>>20, s, float64(s.PendingBytes)/(1<<20))
	if grew > budget+16<<20 {
		t.Errorf("heap grew by %.1f MiB, over the %d MiB budget plus 16 MiB", float64(grew)/(1<<20), budget>>20)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	_ = p.Shutdown(ctx)
	if s := p.Stats(); s.Received != uint64(n) || s.Exported+s.Dropped() != uint64(n) {
		t.Errorf("accounting: %s", s)
	}
}

// BenchmarkLogLatency logs at full speed into otelsetup's default pipeline
// exporting to a local OTLP receiver, and reports the latency of the
// logging call (p50, p99, p99.9) and the share of logs dropped, counted
// exactly. Run with -benchtime=200000x or more.
func BenchmarkLogLatency(b *testing.B) {
	rec := newCountingReceiver(b)
	p := envProvider(b, map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": rec.URL})
	logger := zap.New(zapspan.NewCore(logspan.WithTracerProvider(p.TracerProvider())))
	lat := make([]time.Duration, 0, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		start := time.Now()
		logger.Info("checkout", zap.String("user", "ada"), zap.Int("items", i))
		lat = append(lat, time.Since(start))
	}
	b.StopTimer()
	if err := p.Shutdown(context.Background()); err != nil {
		b.Fatal(err)
	}
	slices.Sort(lat)
	q := func(f float64) float64 { return float64(lat[int(f*float64(len(lat)-1))].Nanoseconds()) }
	b.ReportMetric(q(0.50), "p50-ns")
	b.ReportMetric(q(0.99), "p99-ns")
	b.ReportMetric(q(0.999), "p99.9-ns")
	s := p.Stats()
	b.ReportMetric(100*float64(s.Dropped())/float64(s.Received), "%dropped")
	if s.Received != s.Exported+s.Dropped() || uint64(rec.spans.Load()) != s.Exported {
		b.Errorf("accounting: %s, receiver got %d", s, rec.spans.Load())
	}
}
