package core_test

import (
	"context"
	"fmt"

	"go.opentelemetry.io/otel/log"
	lognoop "go.opentelemetry.io/otel/log/noop"
	"go.opentelemetry.io/otel/sdk/instrumentation"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/logspan/logspan"
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

// printEmitter is a log emitter that prints each record: a pipeline's
// emitter, in an application, hands it to the record processors.
type printEmitter struct{ scope string }

func (printEmitter) Enabled(context.Context, log.Severity) bool { return true }

func (e printEmitter) Emit(_ context.Context, r *core.LogRecord) {
	fmt.Println(e.scope, r.Severity, r.SeverityText, r.Body.AsString(), len(r.Attributes))
}

// The records' direct path: a package that builds the application's
// LoggerProvider registers an emitter per scope for it, and logspan's
// records of that provider go to the emitter rather than through the
// Logs API and the provider's loggers.
func ExampleRegisterLogPipeline() {
	lp := lognoop.NewLoggerProvider() // the SDK's provider, in an application
	unregister := core.RegisterLogPipeline(lp, core.NewLogPipeline(func(scope instrumentation.Scope) core.LogEmitter {
		return printEmitter{scope: scope.Name}
	}))
	defer unregister() // before shutting the provider down

	em := core.NewEmitter("example.com/mylogspan", "1.0.0",
		logspan.WithLoggerProvider(lp), logspan.WithLogsAs(logspan.LogsAsRecords))
	ev := em.Start(context.Background(), core.Record{Level: core.LevelWarn, Message: "disk low"}, nil)
	ev.Encoder().AddInt64("free_mb", 512)
	ev.End()
	// Output: example.com/mylogspan WARN warn disk low 7
}
