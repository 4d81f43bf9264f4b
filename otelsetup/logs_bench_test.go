package otelsetup

import (
	"context"
	"syscall"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/log"
	sdklog "go.opentelemetry.io/otel/sdk/log"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/logspan/logspan/core"
)

// discardRecords accepts and forgets.
type discardRecords struct{}

func (discardRecords) Export(context.Context, []sdklog.Record) error { return nil }
func (discardRecords) Shutdown(context.Context) error                { return nil }
func (discardRecords) ForceFlush(context.Context) error              { return nil }

// BenchmarkRecordProcessor emits log records with five attributes through
// the log-tuned record processor and, as the baseline in the same run, the
// SDK's BatchProcessor, from parallel goroutines.
func BenchmarkRecordProcessor(b *testing.B) {
	attrs := []attribute.KeyValue{
		attribute.Int("logfire.level_num", 9), attribute.String("logfire.msg_template", "checkout"), attribute.String("user", "ada"),
		attribute.Int("items", 3), attribute.String("logfire.span_type", "log"),
	}
	for _, bc := range []struct {
		name string
		p    func() sdklog.Processor
	}{
		{"RecordBatcher", func() sdklog.Processor {
			rep := newReporter(discardWriter{}, time.Hour)
			rb := newRecordBatcher(discardRecords{}, batchConfig{}, rep)
			rep.stats = rb.Stats
			rep.start()
			b.Cleanup(func() { _ = rep.close(context.Background()) })
			return rb
		}},
		{"SDKBatchProcessor", func() sdklog.Processor { return sdklog.NewBatchProcessor(discardRecords{}) }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			lp := sdklog.NewLoggerProvider(sdklog.WithProcessor(bc.p()))
			defer func() { _ = lp.Shutdown(context.Background()) }()
			l := lp.Logger("bench")
			b.ReportAllocs()
			cpu0 := cpuTime()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					var r log.Record
					now := time.Now()
					r.SetTimestamp(now)
					r.SetObservedTimestamp(now)
					r.SetSeverity(log.SeverityInfo)
					r.SetBody(attribute.StringValue("checkout"))
					r.AddAttributes(attrs...)
					l.Emit(context.Background(), r)
				}
			})
			// CPU time, every goroutine's (the exports' too): on a shared
			// machine it varies less than wall time.
			b.ReportMetric(float64((cpuTime()-cpu0).Nanoseconds())/float64(b.N), "cpu-ns/op")
		})
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkBatcherOnEnd is the span processor's own cost: OnEnd of a
// ready span snapshot, the exports discarded.
func BenchmarkBatcherOnEnd(b *testing.B) {
	spans := tracetest.SpanStubs{{
		Name: "checkout",
		Attributes: []attribute.KeyValue{
			core.KeyLevelNum.Int(9), attribute.String("logfire.msg", "checkout"), attribute.String("user", "ada"),
			attribute.Int("items", 3), attribute.String("logfire.span_type", "log"),
		},
	}}.Snapshots()
	rep := newReporter(discardWriter{}, time.Hour)
	bt := newBatcher(discardExporter{}, batchConfig{}, rep)
	rep.stats = bt.Stats
	rep.start()
	b.Cleanup(func() {
		_ = bt.Shutdown(context.Background())
		_ = rep.close(context.Background())
	})
	s := spans[0]
	b.ReportAllocs()
	for b.Loop() {
		bt.OnEnd(s)
	}
}
