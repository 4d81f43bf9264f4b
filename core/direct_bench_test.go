package core_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/logspan/logspan/core"
)

// discardProcessor takes every span and keeps none: what is measured is
// the making of the span.
type discardProcessor struct{}

func (discardProcessor) OnStart(context.Context, sdktrace.ReadWriteSpan) {}
func (discardProcessor) OnEnd(sdktrace.ReadOnlySpan)                     {}
func (discardProcessor) Shutdown(context.Context) error                  { return nil }
func (discardProcessor) ForceFlush(context.Context) error                { return nil }

// benchEmitters returns an emitter on the SDK path and one on the direct
// path, for the same pipeline ending in a discarding processor.
func benchEmitters(tb testing.TB, sampler sdktrace.Sampler) (sdkPath, directPath *core.Emitter, raw trace.Tracer) {
	ids := core.RandomIDGenerator{}
	limits := sdktrace.NewSpanLimits()
	opts := func(procs ...sdktrace.TracerProviderOption) []sdktrace.TracerProviderOption {
		return append(procs, sdktrace.WithSampler(sampler), sdktrace.WithIDGenerator(ids), sdktrace.WithRawSpanLimits(limits))
	}
	sdkTP := sdktrace.NewTracerProvider(opts(sdktrace.WithSpanProcessor(discardProcessor{}))...)
	directTP := sdktrace.NewTracerProvider(opts()...)
	unregister := core.RegisterPipeline(directTP, core.NewPipeline(core.PipelineConfig{
		Sampler: sampler, IDGenerator: ids, SpanLimits: limits,
		Processors: []sdktrace.SpanProcessor{discardProcessor{}},
	}))
	tb.Cleanup(unregister)
	return core.NewEmitter("bench", "v", core.WithTracerProvider(sdkTP)),
		core.NewEmitter("bench", "v", core.WithTracerProvider(directTP)),
		sdkTP.Tracer("bench")
}

// rawSpan is logFive's span made with the raw SDK, the cheapest correct
// way: the baseline both paths are measured against.
func rawSpan(tracer trace.Tracer, ctx context.Context, withError bool) {
	now := time.Now()
	level, name := int64(core.LevelInfo), "info"
	if withError {
		level, name = int64(core.LevelError), "error"
	}
	_, s := tracer.Start(ctx, "checkout", trace.WithTimestamp(now), trace.WithSpanKind(trace.SpanKindInternal),
		trace.WithAttributes(
			core.KeySpanType.String("log"),
			core.KeyLevelNum.Int64(level),
			core.KeyLogLevel.String(name),
			core.KeyMsgTemplate.String("checkout"),
			core.KeyMsg.String("checkout"),
			core.KeyLoggerName.String("shop"),
		))
	if s.IsRecording() {
		last := attribute.String("currency", "EUR")
		if withError {
			last = attribute.String("error", errBench.Error())
		}
		s.SetAttributes(
			attribute.String("user", "ada"),
			attribute.Int64("items", 3),
			attribute.Float64("total", 42.5),
			attribute.Bool("retry", true),
			last,
		)
		if withError {
			s.AddEvent(core.ExceptionEventName, trace.WithTimestamp(now), trace.WithAttributes(
				core.KeyExceptionType.String("*errors.errorString"),
				core.KeyExceptionMessage.String(errBench.Error()),
			))
			s.SetStatus(codes.Error, "checkout")
		}
	}
	s.End(trace.WithTimestamp(now))
}

// sampledParent is a context holding a sampled remote parent, as a request
// handler's context does.
func sampledParent(flags trace.TraceFlags) context.Context {
	return trace.ContextWithRemoteSpanContext(context.Background(), trace.NewSpanContext(trace.SpanContextConfig{
		TraceID: trace.TraceID{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16},
		SpanID:  trace.SpanID{1, 2, 3, 4, 5, 6, 7, 8}, TraceFlags: flags, Remote: true,
	}))
}

var errBench = errors.New("card declined")

// logFive is one log with five fields, as an adapter makes it.
func logFive(em *core.Emitter, ctx context.Context, withError bool) {
	level := core.LevelInfo
	if withError {
		level = core.LevelError
	}
	ev := em.Start(ctx, core.Record{Level: level, Message: "checkout", LoggerName: "shop"}, nil)
	if ev == nil {
		return
	}
	if ev.Recording() {
		enc := ev.Encoder()
		enc.AddString("user", "ada")
		enc.AddInt64("items", 3)
		enc.AddFloat64("total", 42.5)
		enc.AddBool("retry", true)
		if withError {
			enc.AddError("error", errBench)
		} else {
			enc.AddString("currency", "EUR")
		}
	}
	ev.End()
}

// BenchmarkLogPath compares the SDK path (tracer.Start … End) with the
// direct path for the same log of five fields, to a processor that
// discards, with the raw SDK span of the same log as the baseline: sampled (under a sampled parent, and a new trace), with an
// error, unsampled, and from parallel goroutines.
func BenchmarkLogPath(b *testing.B) {
	for _, bc := range []struct {
		name      string
		sampler   sdktrace.Sampler
		ctx       context.Context
		withError bool
		parallel  bool
	}{
		{"Sampled", sdktrace.ParentBased(sdktrace.AlwaysSample()), sampledParent(trace.FlagsSampled), false, false},
		{"NewTrace", sdktrace.ParentBased(sdktrace.AlwaysSample()), context.Background(), false, false},
		{"Error", sdktrace.ParentBased(sdktrace.AlwaysSample()), sampledParent(trace.FlagsSampled), true, false},
		{"Unsampled", sdktrace.ParentBased(sdktrace.AlwaysSample()), sampledParent(0), false, false},
		{"Parallel", sdktrace.ParentBased(sdktrace.AlwaysSample()), sampledParent(trace.FlagsSampled), false, true},
	} {
		sdkPath, directPath, raw := benchEmitters(b, bc.sampler)
		for _, path := range []struct {
			name string
			log  func()
		}{
			{"RawSDK", func() { rawSpan(raw, bc.ctx, bc.withError) }},
			{"SDK", func() { logFive(sdkPath, bc.ctx, bc.withError) }},
			{"Direct", func() { logFive(directPath, bc.ctx, bc.withError) }},
		} {
			b.Run(bc.name+"/"+path.name, func(b *testing.B) {
				b.ReportAllocs()
				defer reportCPU(b)()
				if bc.parallel {
					b.RunParallel(func(pb *testing.PB) {
						for pb.Next() {
							path.log()
						}
					})
					return
				}
				for b.Loop() {
					path.log()
				}
			})
		}
	}
}

// reportCPU returns the function that reports the process CPU time per
// operation ("cpu-ns/op") since reportCPU was called, GC included.
func reportCPU(b *testing.B) func() {
	start, ok := processCPU()
	return func() {
		if end, _ := processCPU(); ok && b.N > 0 {
			b.ReportMetric(float64(end-start)/float64(b.N), "cpu-ns/op")
		}
	}
}
