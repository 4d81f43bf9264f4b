package otelsetup

import (
	"context"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/sdk/instrumentation"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
)

// Logfire's pending-span keys (logfire/_internal/constants.py): a pending
// span has logfire.span_type "pending_span", and logfire.pending_parent_id
// is the hex id of the real span's parent ("0000000000000000" for a root).
const (
	keySpanType        = attribute.Key("logfire.span_type")
	keyPendingParentID = attribute.Key("logfire.pending_parent_id")
	spanTypePending    = "pending_span"
	spanTypeSpan       = "span"
	zeroSpanIDHex      = "0000000000000000"
)

// pendingProcessor sends a pending span for each span that starts, the way
// Logfire's SDK does (logfire/_internal/tracer.py PendingSpanProcessor):
// Logfire's live view shows a long span while it runs only through it, and
// after a crash, when the real span never arrives, the logs inside it
// still find their parent's name.
//
// The pending span is the starting span's snapshot: same trace, name,
// kind, attributes, events, links, status, resource and scope, a new span
// id, the real span as its parent, and start == end == the real span's
// start. It goes to the batchers' OnEnd, which never blocks (a full queue
// drops it, counted like any span). Log spans (logfire.span_type "log",
// or any type but "span") get none: they start and end at once, and core's
// direct pipeline never calls OnStart for them anyway.
type pendingProcessor struct {
	ids     sdktrace.IDGenerator
	targets []sdktrace.SpanProcessor
}

var _ sdktrace.SpanProcessor = pendingProcessor{}

// OnStart sends the pending span of s to the targets.
func (p pendingProcessor) OnStart(ctx context.Context, s sdktrace.ReadWriteSpan) {
	sc := s.SpanContext()
	if !sc.IsSampled() || len(p.targets) == 0 {
		return
	}
	src := s.Attributes()
	attrs := make([]attribute.KeyValue, 0, len(src)+2)
	for _, kv := range src {
		switch kv.Key {
		case keySpanType:
			if kv.Value.AsString() != spanTypeSpan {
				return // a log, or a pending span itself
			}
		case keyPendingParentID:
		default:
			attrs = append(attrs, kv)
		}
	}
	parentID := zeroSpanIDHex
	if ps := s.Parent(); ps.SpanID().IsValid() {
		parentID = ps.SpanID().String()
	}
	attrs = append(attrs, keySpanType.String(spanTypePending), keyPendingParentID.String(parentID))
	id := p.ids.NewSpanID(ctx, sc.TraceID())
	ps := &pendingSpan{
		ReadOnlySpan: s,
		name:         s.Name(),
		sc: trace.NewSpanContext(trace.SpanContextConfig{
			TraceID: sc.TraceID(), SpanID: id, TraceFlags: sc.TraceFlags(), TraceState: sc.TraceState(),
		}),
		parent:   sc,
		kind:     s.SpanKind(),
		start:    s.StartTime(),
		attrs:    attrs,
		events:   s.Events(),
		links:    s.Links(),
		status:   s.Status(),
		scope:    s.InstrumentationScope(),
		resource: s.Resource(),
	}
	for _, t := range p.targets {
		t.OnEnd(ps)
	}
}

// OnEnd does nothing: the real span reaches the batchers by itself.
func (pendingProcessor) OnEnd(sdktrace.ReadOnlySpan) {}

// ForceFlush does nothing: the batchers flush themselves.
func (pendingProcessor) ForceFlush(context.Context) error { return nil }

// Shutdown does nothing: the batchers shut down themselves.
func (pendingProcessor) Shutdown(context.Context) error { return nil }

// pendingSpan is a pending span: a snapshot taken when the real span
// started. The real span is embedded only for ReadOnlySpan's unexported
// method; every accessor is the snapshot's, so what the real span becomes
// later does not leak into the pending one.
type pendingSpan struct {
	sdktrace.ReadOnlySpan
	name     string
	sc       trace.SpanContext
	parent   trace.SpanContext
	kind     trace.SpanKind
	start    time.Time
	attrs    []attribute.KeyValue
	events   []sdktrace.Event
	links    []sdktrace.Link
	status   sdktrace.Status
	scope    instrumentation.Scope
	resource *resource.Resource
}

func (s *pendingSpan) Name() string                                { return s.name }
func (s *pendingSpan) SpanContext() trace.SpanContext              { return s.sc }
func (s *pendingSpan) Parent() trace.SpanContext                   { return s.parent }
func (s *pendingSpan) SpanKind() trace.SpanKind                    { return s.kind }
func (s *pendingSpan) StartTime() time.Time                        { return s.start }
func (s *pendingSpan) EndTime() time.Time                          { return s.start }
func (s *pendingSpan) Attributes() []attribute.KeyValue            { return s.attrs }
func (s *pendingSpan) Links() []sdktrace.Link                      { return s.links }
func (s *pendingSpan) Events() []sdktrace.Event                    { return s.events }
func (s *pendingSpan) Status() sdktrace.Status                     { return s.status }
func (s *pendingSpan) InstrumentationScope() instrumentation.Scope { return s.scope }
func (s *pendingSpan) Resource() *resource.Resource                { return s.resource }
func (s *pendingSpan) DroppedAttributes() int                      { return 0 }
func (s *pendingSpan) DroppedLinks() int                           { return 0 }
func (s *pendingSpan) DroppedEvents() int                          { return 0 }
func (s *pendingSpan) ChildSpanCount() int                         { return 0 }

// InstrumentationLibrary is the deprecated form of InstrumentationScope.
func (s *pendingSpan) InstrumentationLibrary() instrumentation.Library { //nolint:staticcheck // ReadOnlySpan requires it.
	return s.scope
}

// isPending reports whether s is a pending span, and the real span's id.
func isPending(s sdktrace.ReadOnlySpan) (trace.SpanContext, bool) {
	if ps, ok := s.(*pendingSpan); ok {
		return ps.parent, true
	}
	return trace.SpanContext{}, false
}

// supersedingExporter drops from a batch the pending spans whose real span
// is in the same batch, as Logfire's SDK does
// (exporters/remove_pending.py): the real span says all the pending one
// would. It keeps the real span whatever its logfire.span_type.
type supersedingExporter struct {
	sdktrace.SpanExporter
}

// ExportSpans exports spans without the superseded pending spans. A
// batch without a pending span passes as it is, without a copy.
func (e supersedingExporter) ExportSpans(ctx context.Context, spans []sdktrace.ReadOnlySpan) error {
	pending := 0
	for _, s := range spans {
		if _, ok := isPending(s); ok {
			pending++
		}
	}
	if pending == 0 {
		return e.SpanExporter.ExportSpans(ctx, spans)
	}
	real := make(map[[24]byte]struct{}, len(spans)-pending)
	for _, s := range spans {
		if _, ok := isPending(s); !ok {
			real[spanKey(s.SpanContext())] = struct{}{}
		}
	}
	out := make([]sdktrace.ReadOnlySpan, 0, len(spans))
	for _, s := range spans {
		if parent, ok := isPending(s); ok {
			if _, superseded := real[spanKey(parent)]; superseded {
				continue
			}
		}
		out = append(out, s)
	}
	if len(out) == 0 {
		return nil
	}
	return e.SpanExporter.ExportSpans(ctx, out)
}

func spanKey(sc trace.SpanContext) (k [24]byte) {
	tid, sid := sc.TraceID(), sc.SpanID()
	copy(k[:16], tid[:])
	copy(k[16:], sid[:])
	return k
}

// pendingSpans decides whether a destination gets pending spans: the
// option, else LOGSPAN_PENDING_SPANS, else only the Logfire destinations.
func (c *config) pendingSpans(s settings, logfire bool) bool {
	switch {
	case s.pending != nil:
		return *s.pending
	case c.lf.pending != 0:
		return c.lf.pending > 0
	}
	return logfire
}
