package benchmarks_test

import (
	"context"
	"errors"
	"testing"

	sdklog "go.opentelemetry.io/otel/sdk/log"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
)

// errBench is the scenario's error field. errors.New prints no stack, so
// no implementation adds a stack trace.
var errBench = errors.New("connection reset")

// discardSpans drops every span, so the benchmarks measure logging, not
// export.
type discardSpans struct{}

func (discardSpans) ExportSpans(context.Context, []sdktrace.ReadOnlySpan) error { return nil }
func (discardSpans) Shutdown(context.Context) error                             { return nil }

// discardLogs is the log SDK's counterpart of discardSpans, for the
// contrib bridges.
type discardLogs struct{}

func (discardLogs) Export(context.Context, []sdklog.Record) error { return nil }
func (discardLogs) Shutdown(context.Context) error                { return nil }
func (discardLogs) ForceFlush(context.Context) error              { return nil }

// spanProvider is the SDK tracer provider every span-based implementation
// writes to: the SDK's batch span processor over a discarding exporter.
func spanProvider(tb testing.TB, sampler sdktrace.Sampler) *sdktrace.TracerProvider {
	tp := sdktrace.NewTracerProvider(
		sdktrace.WithBatcher(discardSpans{}),
		sdktrace.WithSampler(sampler),
	)
	tb.Cleanup(func() { _ = tp.Shutdown(context.Background()) })
	return tp
}

// logProvider is the log SDK provider the contrib bridges write to: the
// batch processor over a discarding exporter, the log SDK's counterpart
// of spanProvider.
func logProvider(tb testing.TB) *sdklog.LoggerProvider {
	lp := sdklog.NewLoggerProvider(sdklog.WithProcessor(sdklog.NewBatchProcessor(discardLogs{})))
	tb.Cleanup(func() { _ = lp.Shutdown(context.Background()) })
	return lp
}

// parentCtx returns a context holding a span of tp, ended when the
// benchmark is.
func parentCtx(tb testing.TB, tp trace.TracerProvider) context.Context {
	ctx, parent := tp.Tracer("bench").Start(context.Background(), "request")
	tb.Cleanup(func() { parent.End() })
	return ctx
}

// An impl is one way of logging the scenario, through one logger, with or
// without logspan. The functions are built once, outside the timed loop;
// a nil function is a variant the implementation does not take part in.
type impl struct {
	// info is the scenario: Info, "checkout", five fields (string, int,
	// float64, bool, error) under ctx.
	info func(ctx context.Context)
	// debug is the same log at Debug, a level nothing writes.
	debug func(ctx context.Context)
	// fields1 logs one field at the call site; fields10 ten (the five of
	// info and five more of the same kinds).
	fields1, fields10 func(ctx context.Context)
	// with10 returns the log of a logger derived once with ten fields
	// (With), which adds one field at the call site.
	with10 func() func(ctx context.Context)
}

// newImpl builds an implementation over tp, the tracer provider of the
// variant being run (a baseline ignores it).
type newImpl func(tb testing.TB, tp trace.TracerProvider) impl

// A variant is one of the conditions an implementation is measured in.
type variant struct {
	name     string
	sampler  sdktrace.Sampler
	parent   bool
	parallel bool
	log      func(impl) func(ctx context.Context)
}

var (
	sampled   = sdktrace.ParentBased(sdktrace.AlwaysSample())
	unsampled = sdktrace.ParentBased(sdktrace.NeverSample())
)

// The variants, by name. Disabled runs a sampled parent, so only the
// level differs from Sampled.
var (
	vSampled   = variant{name: "Sampled", sampler: sampled, parent: true, log: func(im impl) func(context.Context) { return im.info }}
	vDisabled  = variant{name: "Disabled", sampler: sampled, parent: true, log: func(im impl) func(context.Context) { return im.debug }}
	vNoParent  = variant{name: "NoParent", sampler: sampled, log: func(im impl) func(context.Context) { return im.info }}
	vUnsampled = variant{name: "Unsampled", sampler: unsampled, parent: true, log: func(im impl) func(context.Context) { return im.info }}
	vFields1   = variant{name: "Fields1", sampler: sampled, parent: true, log: func(im impl) func(context.Context) { return im.fields1 }}
	vFields10  = variant{name: "Fields10", sampler: sampled, parent: true, log: func(im impl) func(context.Context) { return im.fields10 }}
	vWith10    = variant{name: "With10", sampler: sampled, parent: true, log: func(im impl) func(context.Context) {
		if im.with10 == nil {
			return nil
		}
		return im.with10()
	}}
	vParallel = variant{name: "Parallel", sampler: sampled, parent: true, parallel: true, log: func(im impl) func(context.Context) { return im.info }}
)

// Variant sets: a logspan adapter runs all of them, a logger alone those
// that mean something without spans, a peer the scenario only.
var (
	adapterVariants  = []variant{vSampled, vDisabled, vNoParent, vUnsampled, vFields1, vFields10, vWith10, vParallel}
	baselineVariants = []variant{vSampled, vDisabled, vFields1, vFields10, vWith10, vParallel}
	scenarioVariants = []variant{vSampled}
)

// run runs implementation name of a logger in each variant, as
// sub-benchmarks name/variant.
func run(b *testing.B, name string, mk newImpl, variants []variant) {
	b.Run(name, func(b *testing.B) {
		for _, v := range variants {
			b.Run(v.name, func(b *testing.B) {
				tp := spanProvider(b, v.sampler)
				ctx := context.Background()
				if v.parent {
					ctx = parentCtx(b, tp)
				}
				log := v.log(mk(b, tp))
				if log == nil {
					b.Skip("not applicable")
				}
				b.ReportAllocs()
				cpu := cpuTime()
				if v.parallel {
					b.RunParallel(func(pb *testing.PB) {
						for pb.Next() {
							log(ctx)
						}
					})
				} else {
					for b.Loop() {
						log(ctx)
					}
				}
				reportCPU(b, cpu)
			})
		}
	})
}

// reportCPU reports the process's CPU time per op since start, the
// cpu-ns/op metric. On a machine shared with other work, wall time counts
// the time the benchmark waited for a core; CPU time does not, and it
// includes the work logging causes elsewhere (garbage collection, the
// batch processor), so the report compares implementations on it.
func reportCPU(b *testing.B, start int64) {
	if d := cpuTime() - start; start > 0 && d > 0 && b.N > 0 {
		b.ReportMetric(float64(d)/float64(b.N), "cpu-ns/op")
	}
}
