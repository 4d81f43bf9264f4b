package benchmarks_test

import (
	"context"
	"io"
	"runtime"
	"testing"
	"time"

	"github.com/logspan/logspan/otelsetup"
)

// setupProvider is otelsetup's provider with its default batch settings
// (none of the OTEL_* variables is read) over a discarding exporter: the
// pipeline a program gets from otelsetup.Setup.
func setupProvider(tb testing.TB) *otelsetup.Provider {
	p, err := otelsetup.New(context.Background(),
		otelsetup.WithExporter(discardSpans{}),
		otelsetup.WithEnv(func(string) (string, bool) { return "", false }),
		otelsetup.WithErrorOutput(io.Discard),
	)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = p.Shutdown(context.Background()) })
	return p
}

// adapters are the logspan implementations the pipeline benchmarks run.
var adapters = []struct {
	name string
	mk   newImpl
}{
	{"Zapspan", newZapspan},
	{"WrapCore", newWrapCore},
	{"Zerologspan", newZerologspan},
	{"Logrusspan", newLogrusspan},
	{"Slogspan", newSlogspan},
	{"SlogWrap", newSlogWrap},
}

// BenchmarkThroughput logs the scenario from every core into otelsetup's
// pipeline and reports the logs per second sustained and the share of
// spans dropped because the export queue was full (run it for a few
// seconds: -benchtime=3s).
func BenchmarkThroughput(b *testing.B) {
	for _, a := range adapters {
		b.Run(a.name, func(b *testing.B) {
			p := setupProvider(b)
			tp := p.TracerProvider()
			ctx := parentCtx(b, tp)
			log := a.mk(b, tp).info
			dropped := p.Dropped()
			b.ReportAllocs()
			b.ResetTimer()
			start := time.Now()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					log(ctx)
				}
			})
			elapsed := time.Since(start)
			b.StopTimer()
			b.ReportMetric(float64(b.N)/elapsed.Seconds(), "logs/s")
			b.ReportMetric(100*float64(p.Dropped()-dropped)/float64(b.N), "%dropped")
		})
	}
}

// BenchmarkHeap logs b.N times (run it with -benchtime=1000000x) into
// otelsetup's pipeline and reports the live heap before and after, each
// measured after a flush and a collection: logging must not grow it.
func BenchmarkHeap(b *testing.B) {
	for _, a := range adapters {
		b.Run(a.name, func(b *testing.B) {
			p := setupProvider(b)
			tp := p.TracerProvider()
			ctx := parentCtx(b, tp)
			log := a.mk(b, tp).info
			// Warm up the pools and the batcher before the first reading.
			for range 10_000 {
				log(ctx)
			}
			before := liveHeap(b, p)
			b.ReportAllocs()
			for b.Loop() {
				log(ctx)
			}
			after := liveHeap(b, p)
			b.ReportMetric(float64(before)/1024, "KiB-heap-before")
			b.ReportMetric(float64(after)/1024, "KiB-heap-after")
			b.ReportMetric(float64(p.Dropped()), "dropped")
		})
	}
}

// liveHeap flushes the pipeline, collects garbage and returns the bytes
// of live heap objects.
func liveHeap(tb testing.TB, p *otelsetup.Provider) uint64 {
	if err := p.ForceFlush(context.Background()); err != nil {
		tb.Fatal(err)
	}
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}
