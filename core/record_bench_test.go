package core_test

import (
	"context"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/log"
	sdklog "go.opentelemetry.io/otel/sdk/log"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/core"
	"github.com/logspan/logspan/core/spantest"
)

// modelEmitters returns an emitter per data model over the same discarding
// providers: spans to a discarding span processor, records to a
// discarding log processor (spantest.DiscardLogProcessor), so the numbers
// are the producer's side, the same for each model.
func modelEmitters(tb testing.TB, lpOpts ...sdklog.LoggerProviderOption) map[string]*core.Emitter {
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(discardProcessor{}))
	lp := sdklog.NewLoggerProvider(append([]sdklog.LoggerProviderOption{sdklog.WithProcessor(spantest.DiscardLogProcessor{})}, lpOpts...)...)
	tb.Cleanup(func() { _ = lp.Shutdown(context.Background()); _ = tp.Shutdown(context.Background()) })
	mk := func(m logspan.LogsAs) *core.Emitter {
		return core.NewEmitter("bench", "v", core.WithTracerProvider(tp), logspan.WithLoggerProvider(lp), logspan.WithLogsAs(m))
	}
	return map[string]*core.Emitter{
		"Spans":   mk(logspan.LogsAsSpans),
		"Records": mk(logspan.LogsAsRecords),
		"Both":    mk(logspan.LogsAsBoth),
	}
}

// rawRecord is logFive's record made with the log API directly, the
// cheapest correct way: the floor of the records model.
func rawRecord(l log.Logger, ctx context.Context) {
	now := time.Now()
	var r log.Record
	r.SetTimestamp(now)
	r.SetObservedTimestamp(now)
	r.SetSeverity(log.SeverityInfo)
	r.SetSeverityText("info")
	r.SetBody(attribute.StringValue("checkout"))
	r.AddAttributes(
		core.KeyLoggerName.String("shop"),
		attribute.String("user", "ada"), attribute.Int64("items", 3), attribute.Float64("total", 42.5),
		attribute.Bool("retry", true), attribute.String("currency", "EUR"),
	)
	l.Emit(ctx, r)
}

// BenchmarkLogsAs compares the data models for the same log of five
// fields under a sampled parent: an instant span, a log record (with the
// SDK's key de-duplication and without it, which core's unique keys make
// safe), both, and a record whose logger is disabled; RawRecord is the
// same record made with the log API by hand.
func BenchmarkLogsAs(b *testing.B) {
	ctx := sampledParent(trace.FlagsSampled)
	ems := modelEmitters(b)
	noDedup := modelEmitters(b, sdklog.WithAllowKeyDuplication())
	disabledLP := sdklog.NewLoggerProvider() // no processor: Enabled says no
	disabled := core.NewEmitter("bench", "v", logspan.WithLoggerProvider(disabledLP), logspan.WithLogsAs(logspan.LogsAsRecords))
	for _, bc := range []struct {
		name string
		em   *core.Emitter
	}{
		{"Spans", ems["Spans"]},
		{"Records", ems["Records"]},
		{"RecordsNoDedup", noDedup["Records"]},
		{"Both", ems["Both"]},
		{"BothNoDedup", noDedup["Both"]},
		{"RecordsDisabled", disabled},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			defer reportCPU(b)()
			for b.Loop() {
				logFive(bc.em, ctx, false)
			}
		})
		b.Run(bc.name+"/Error", func(b *testing.B) {
			b.ReportAllocs()
			defer reportCPU(b)()
			for b.Loop() {
				logFive(bc.em, ctx, true)
			}
		})
	}
	b.Run("RawRecord", func(b *testing.B) {
		lp := sdklog.NewLoggerProvider(sdklog.WithProcessor(spantest.DiscardLogProcessor{}), sdklog.WithAllowKeyDuplication())
		l := lp.Logger("bench", log.WithInstrumentationVersion("v"))
		b.ReportAllocs()
		defer reportCPU(b)()
		for b.Loop() {
			rawRecord(l, ctx)
		}
	})
}

// BenchmarkLogsAsFields measures records by field count: the cost per
// field stays flat (the de-duplication is a scan, then an index, never a
// map per field).
func BenchmarkLogsAsFields(b *testing.B) {
	ctx := sampledParent(trace.FlagsSampled)
	em := modelEmitters(b, sdklog.WithAllowKeyDuplication())["Records"]
	keys := make([]string, 200)
	for i := range keys {
		keys[i] = "field" + string(rune('A'+i%26)) + string(rune('a'+i/26))
	}
	for _, n := range []int{5, 20, 100} {
		b.Run(string(rune('0'+n/100))+string(rune('0'+n/10%10))+string(rune('0'+n%10)), func(b *testing.B) {
			b.ReportAllocs()
			defer reportCPU(b)()
			for b.Loop() {
				ev := em.Start(ctx, core.Record{Level: core.LevelInfo, Message: "many"}, nil)
				enc := ev.Encoder()
				for _, k := range keys[:n] {
					enc.AddInt64(k, 1)
				}
				ev.End()
			}
		})
	}
}

// recordsEmitter returns an emitter of records only, to lp.
func recordsEmitter(lp log.LoggerProvider) *core.Emitter {
	return core.NewEmitter("bench", "v", logspan.WithLoggerProvider(lp), logspan.WithLogsAs(logspan.LogsAsRecords))
}
