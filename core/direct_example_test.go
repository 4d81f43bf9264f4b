package core_test

import (
	"context"
	"fmt"

	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/logspan/logspan/core"
)

// What a package that builds the application's pipeline (otelsetup) does
// to give logspan the direct path: build the provider and the pipeline
// from the same parts, and register the pipeline for the provider.
func ExampleRegisterPipeline() {
	var (
		sampler    = sdktrace.ParentBased(sdktrace.TraceIDRatioBased(1))
		ids        = core.RandomIDGenerator{}
		limits     = sdktrace.NewSpanLimits()
		res        = resource.Default()
		processors = []sdktrace.SpanProcessor{tracetest.NewSpanRecorder()} // a batcher, in an application
	)
	opts := []sdktrace.TracerProviderOption{
		sdktrace.WithSampler(sampler), sdktrace.WithIDGenerator(ids),
		sdktrace.WithRawSpanLimits(limits), sdktrace.WithResource(res),
	}
	for _, sp := range processors {
		opts = append(opts, sdktrace.WithSpanProcessor(sp))
	}
	tp := sdktrace.NewTracerProvider(opts...)
	unregister := core.RegisterPipeline(tp, core.NewPipeline(core.PipelineConfig{
		Sampler: sampler, IDGenerator: ids, SpanLimits: limits, Resource: res, Processors: processors,
	}))
	// At shutdown: withdraw the pipeline, then shut the provider down.
	defer func() { _ = tp.Shutdown(context.Background()) }()
	defer unregister()

	em := core.NewEmitter("example.com/mylogspan", "1.0.0", core.WithTracerProvider(tp))
	ev := em.Start(context.Background(), core.Record{Level: core.LevelInfo, Message: "direct"}, nil)
	ev.Encoder().AddString("path", "fast")
	ev.End()

	s := processors[0].(*tracetest.SpanRecorder).Ended()[0]
	// Seven attributes: the model's five, the json_schema and the field.
	fmt.Println(s.Name(), s.SpanContext().IsSampled(), s.StartTime().Equal(s.EndTime()), len(s.Attributes()))
	// Output: direct true true 7
}
