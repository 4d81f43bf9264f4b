package core

import (
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/sdk/instrumentation"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
)

// PipelineConfig describes a span pipeline exactly as the SDK's
// TracerProvider that serves it was built: the same sampler, id generator,
// limits, resource and processors, in the same order.
type PipelineConfig struct {
	// Sampler decides for every log span, as the provider's does. Nil
	// means the SDK's default, ParentBased(AlwaysSample()); the SDK reads
	// OTEL_TRACES_SAMPLER when it was given no sampler, the pipeline does
	// not, so pass the provider's sampler explicitly.
	Sampler sdktrace.Sampler
	// IDGenerator makes the log spans' ids. Nil means a
	// [RandomIDGenerator].
	IDGenerator sdktrace.IDGenerator
	// SpanLimits are the limits as given to [sdktrace.WithRawSpanLimits]:
	// used as they are, except that an AttributeValueDepthLimit of zero
	// means the default. The zero value therefore drops every attribute
	// and event: start from [sdktrace.NewSpanLimits].
	SpanLimits sdktrace.SpanLimits
	// Resource is the provider's resource. Nil means [resource.Default].
	Resource *resource.Resource
	// Processors receive every recorded log span in their OnEnd, in this
	// order. They are not called at the span's start.
	Processors []sdktrace.SpanProcessor
}

// A Pipeline lets core build log spans itself, without going through the
// SDK's tracer, when the application's TracerProvider is one whose
// configuration logspan knows (otelsetup builds both). Register it with
// [RegisterPipeline].
//
// A log span made by a pipeline is what the SDK would have made and handed
// to the processors' OnEnd for the same log: the same sampling decision
// asked the same way, the same ids from the same generator, the same
// parent, trace flags and trace state, the same attributes, events, status
// and dropped counts after the same limits, the same scope and resource.
// What it does not do:
//   - It calls no processor's OnStart: a processor that needs to see a
//     span start does not see log spans start; its OnEnd sees every one.
//   - It does not count the log span in its parent's ChildSpanCount, does
//     not start a runtime/trace task, and does not feed the SDK's
//     experimental self-observability metrics.
//   - Its processors are fixed: one registered on the provider later
//     (TracerProvider.RegisterSpanProcessor) does not see log spans.
//
// A Pipeline is immutable and safe for concurrent use.
type Pipeline struct {
	sampler    sdktrace.Sampler
	ids        sdktrace.IDGenerator
	limits     sdktrace.SpanLimits
	resource   *resource.Resource
	processors []sdktrace.SpanProcessor
	// normTypes has bit t set when the limits can change an attribute
	// value of type t.
	normTypes uint32
}

// NewPipeline returns a pipeline for cfg, with the SDK's defaults where
// cfg leaves a field unset (see [PipelineConfig]).
func NewPipeline(cfg PipelineConfig) *Pipeline {
	p := &Pipeline{
		sampler:    cfg.Sampler,
		ids:        cfg.IDGenerator,
		limits:     cfg.SpanLimits,
		resource:   cfg.Resource,
		processors: clip(cfg.Processors),
	}
	if p.sampler == nil {
		p.sampler = sdktrace.ParentBased(sdktrace.AlwaysSample())
	}
	if p.ids == nil {
		p.ids = RandomIDGenerator{}
	}
	if p.resource == nil {
		p.resource = resource.Default()
	}
	if p.limits.AttributeValueDepthLimit == 0 {
		p.limits.AttributeValueDepthLimit = sdktrace.DefaultAttributeValueDepthLimit
	}
	p.normTypes = 1<<attribute.SLICE | 1<<attribute.MAP
	if p.limits.AttributeValueLengthLimit >= 0 {
		p.normTypes |= 1<<attribute.STRING | 1<<attribute.STRINGSLICE | 1<<attribute.BYTESLICE
	}
	return p
}

// pipelines holds the span pipelines [RegisterPipeline] declared.
var pipelines providerRegistry[trace.TracerProvider, *Pipeline]

// RegisterPipeline declares that p builds exactly the spans tp would, so
// that emitters whose provider is tp (their [WithTracerProvider] one, or the
// global provider at the time of the log when they have none) make their
// log spans through p instead of tp's tracer. It returns the function that
// withdraws the declaration; call it before shutting tp down. Registering
// again for the same tp replaces the earlier pipeline.
//
// The pipeline's sampler gets the start attributes without a copy (the
// SDK's path copies them): it may read them and return them in its
// result, but must not keep them after ShouldSample returns.
//
// tp must be of a comparable type (a pointer, as the SDK's provider is);
// for any other, or a nil tp or p, nothing is registered. Looking the
// registration up costs one atomic load and no lock on the logging path.
func RegisterPipeline(tp trace.TracerProvider, p *Pipeline) (unregister func()) {
	return pipelines.register(tp, p)
}

// pipeline returns the pipeline to make this log's span with, or nil for
// the SDK path. With nothing registered it costs one atomic load.
func (em *Emitter) pipeline() (*Pipeline, trace.TracerProvider) {
	if pipelines.empty() {
		return nil, nil
	}
	tp := em.cfg.TracerProvider()
	if tp == nil {
		tp = otel.GetTracerProvider()
	}
	return pipelines.lookup(tp), tp
}

// pipelineScope is the scope the SDK's provider gives a tracer named name
// at version: an empty name is the SDK's default tracer name.
func pipelineScope(name, version string) instrumentation.Scope {
	if name == "" {
		name = "go.opentelemetry.io/otel/sdk/tracer" // sdk/trace/provider.go defaultTracerName
	}
	return instrumentation.Scope{Name: name, Version: version}
}
