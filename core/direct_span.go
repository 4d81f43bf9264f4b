package core

import (
	"context"
	"reflect"
	"time"
	"unicode/utf8"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/sdk/instrumentation"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
	"go.opentelemetry.io/otel/trace/embedded"
)

// directSpan is a finished log span made by a [Pipeline]: what the SDK's
// snapshot of the same span would hold. It is immutable once handed to the
// processors.
type directSpan struct {
	// The embedded interface is nil; it only supplies ReadOnlySpan's
	// unexported method, as tracetest.SpanStub's snapshot does. Every
	// exported method is defined below.
	sdktrace.ReadOnlySpan

	name          string
	sc, parent    trace.SpanContext
	kind          trace.SpanKind
	at            time.Time // start and end: a log span is an instant
	attrs         []attribute.KeyValue
	events        []sdktrace.Event
	links         []sdktrace.Link
	status        sdktrace.Status
	scope         *instrumentation.Scope
	resource      *resource.Resource
	droppedAttrs  int
	droppedEvents int
	droppedLinks  int
}

var _ sdktrace.ReadOnlySpan = (*directSpan)(nil)

// Name returns the span's name.
func (s *directSpan) Name() string { return s.name }

// SpanContext returns the span's identity.
func (s *directSpan) SpanContext() trace.SpanContext { return s.sc }

// Parent returns the parent's identity; it is invalid for a new trace.
func (s *directSpan) Parent() trace.SpanContext { return s.parent }

// SpanKind returns the span's kind.
func (s *directSpan) SpanKind() trace.SpanKind { return s.kind }

// StartTime returns the log's time.
func (s *directSpan) StartTime() time.Time { return s.at }

// EndTime returns the log's time: the span is an instant.
func (s *directSpan) EndTime() time.Time { return s.at }

// Attributes returns the span's attributes, without duplicate keys.
func (s *directSpan) Attributes() []attribute.KeyValue { return s.attrs }

// Links returns the span's links (log spans have none).
func (s *directSpan) Links() []sdktrace.Link { return s.links }

// Events returns the span's events: one exception event per error.
func (s *directSpan) Events() []sdktrace.Event { return s.events }

// Status returns the span's status.
func (s *directSpan) Status() sdktrace.Status { return s.status }

// InstrumentationScope returns the scope of the emitter that made the span.
func (s *directSpan) InstrumentationScope() instrumentation.Scope { return *s.scope }

// InstrumentationLibrary returns the scope of the emitter that made the span.
//
// Deprecated: use InstrumentationScope.
func (s *directSpan) InstrumentationLibrary() instrumentation.Library { //nolint:staticcheck // ReadOnlySpan requires it.
	return *s.scope
}

// Resource returns the pipeline's resource.
func (s *directSpan) Resource() *resource.Resource { return s.resource }

// DroppedAttributes returns the number of attributes the limits dropped.
func (s *directSpan) DroppedAttributes() int { return s.droppedAttrs }

// DroppedLinks returns the number of links the limits dropped.
func (s *directSpan) DroppedLinks() int { return s.droppedLinks }

// DroppedEvents returns the number of events the limits dropped.
func (s *directSpan) DroppedEvents() int { return s.droppedEvents }

// ChildSpanCount returns 0: nothing can be a log span's child.
func (s *directSpan) ChildSpanCount() int { return 0 }

// directBuilder makes one log span on a pipeline. It lives in the pooled
// [Event], and is the event's trace.Span on the direct path, so the event
// code is the same on both paths. Its rules are those of the SDK's
// recordingSpan (sdk/trace/span.go at v1.47.0); it needs no lock, as an
// event belongs to one goroutine.
type directBuilder struct {
	embedded.Span

	p    *Pipeline
	tp   trace.TracerProvider
	sc   trace.SpanContext
	span *directSpan // nil when the span is not recorded, or has ended

	// attrs collects the attributes, without duplicates, in the order of
	// their first appearance; it is reused from log to log. Past
	// linearScan attributes, index finds a key's position.
	attrs   []attribute.KeyValue
	index   map[attribute.Key]int
	indexed bool
}

// linearScan is how many attributes are searched one by one for a
// duplicate key before an index is built: logs rarely have more fields, and
// comparing a few keys costs less than hashing them.
const linearScan = 24

var _ trace.Span = (*directBuilder)(nil)

// start begins the span for a log the way the SDK's tracer.Start does
// (sdk/trace/tracer.go newSpan, newRecordingSpan), and reports whether it
// is recorded. attrs are the start attributes; the builder does not keep
// them.
func (b *directBuilder) start(ctx context.Context, p *Pipeline, tp trace.TracerProvider, scope *instrumentation.Scope,
	name string, at time.Time, attrs []attribute.KeyValue,
) bool {
	b.p, b.tp, b.span = p, tp, nil
	psc := trace.SpanContextFromContext(ctx)
	var tid trace.TraceID
	var sid trace.SpanID
	if psc.TraceID().IsValid() {
		tid = psc.TraceID()
		sid = p.ids.NewSpanID(ctx, tid)
	} else {
		tid, sid = p.ids.NewIDs(ctx)
	}
	res := p.sampler.ShouldSample(sdktrace.SamplingParameters{
		ParentContext: ctx,
		TraceID:       tid,
		Name:          name,
		Kind:          trace.SpanKindInternal,
		// Not a copy (the SDK's path has one from trace.WithAttributes):
		// the event reuses attrs after the log, so a sampler must not
		// keep them past ShouldSample (documented on RegisterPipeline).
		Attributes: attrs[:len(attrs):len(attrs)],
	})
	scc := trace.SpanContextConfig{TraceID: tid, SpanID: sid, TraceState: res.Tracestate}
	if res.Decision == sdktrace.RecordAndSample {
		scc.TraceFlags = psc.TraceFlags() | trace.FlagsSampled
	} else {
		scc.TraceFlags = psc.TraceFlags() &^ trace.FlagsSampled
	}
	b.sc = trace.NewSpanContext(scc)
	if res.Decision != sdktrace.RecordOnly && res.Decision != sdktrace.RecordAndSample {
		return false
	}
	b.span = &directSpan{
		name:     name,
		sc:       b.sc,
		parent:   psc,
		kind:     trace.SpanKindInternal,
		at:       at,
		scope:    scope,
		resource: p.resource,
	}
	b.attrs = b.attrs[:0]
	b.SetAttributes(res.Attributes...)
	b.SetAttributes(attrs...)
	return true
}

// SpanContext returns the span's identity, valid even when the span is not
// recorded.
func (b *directBuilder) SpanContext() trace.SpanContext { return b.sc }

// IsRecording reports whether the span is recorded and has not ended.
func (b *directBuilder) IsRecording() bool { return b.span != nil }

// SetAttributes adds attrs with the SDK's rules: an attribute without a
// key is dropped; a key already present keeps its position and takes the
// new value; a new key past AttributeCountLimit is dropped. Drops are
// counted; values are cut to AttributeValueLengthLimit.
func (b *directBuilder) SetAttributes(attrs ...attribute.KeyValue) {
	s := b.span
	if s == nil || len(attrs) == 0 {
		return
	}
	limit := b.p.limits.AttributeCountLimit
	if limit == 0 {
		s.droppedAttrs += len(attrs)
		return
	}
	for _, a := range attrs {
		if !a.Valid() {
			s.droppedAttrs++
			continue
		}
		if b.p.normTypes&(1<<a.Value.Type()) != 0 {
			a = b.p.normAttr(a)
		}
		if i := b.find(a.Key); i >= 0 {
			b.attrs[i] = a
			continue
		}
		if limit > 0 && len(b.attrs) >= limit {
			s.droppedAttrs++
			continue
		}
		b.attrs = append(b.attrs, a)
		if b.indexed {
			b.index[a.Key] = len(b.attrs) - 1
		}
	}
}

// find returns the position of key among the attributes, or -1.
func (b *directBuilder) find(key attribute.Key) int {
	if !b.indexed {
		if len(b.attrs) < linearScan {
			return indexOf(b.attrs, key)
		}
		if b.index == nil {
			b.index = make(map[attribute.Key]int, 2*linearScan)
		}
		for i := range b.attrs {
			b.index[b.attrs[i].Key] = i
		}
		b.indexed = true
	}
	if i, ok := b.index[key]; ok {
		return i
	}
	return -1
}

// AddEvent adds an event with the SDK's rules (see addEvent).
func (b *directBuilder) AddEvent(name string, opts ...trace.EventOption) {
	if b.span == nil {
		return
	}
	c := trace.NewEventConfig(opts...)
	b.addEvent(name, c.Timestamp(), c.Attributes(), false)
}

// addEvent adds an event at t. attrs are copied when borrowed is true.
// As in the SDK: nested values are limited in depth (values are not cut
// to the length limit, nor are keyless attributes dropped), the first
// AttributePerEventCountLimit attributes are kept, and past EventCountLimit
// the oldest event is dropped.
func (b *directBuilder) addEvent(name string, t time.Time, attrs []attribute.KeyValue, borrowed bool) {
	s := b.span
	if s == nil {
		return
	}
	lim := b.p.limits
	e := sdktrace.Event{Name: name, Time: t}
	n := len(attrs)
	switch {
	case lim.AttributePerEventCountLimit == 0:
		e.DroppedAttributeCount, n = n, 0
	case lim.AttributePerEventCountLimit > 0 && n > lim.AttributePerEventCountLimit:
		e.DroppedAttributeCount, n = n-lim.AttributePerEventCountLimit, lim.AttributePerEventCountLimit
	}
	if n > 0 {
		e.Attributes = attrs[:n:n]
		if borrowed {
			e.Attributes = append([]attribute.KeyValue(nil), attrs[:n]...)
		}
		for i, a := range e.Attributes {
			if t := a.Value.Type(); t == attribute.SLICE || t == attribute.MAP {
				if !borrowed {
					e.Attributes = append([]attribute.KeyValue(nil), e.Attributes...)
					borrowed = true
				}
				e.Attributes[i].Value = limitNested(a.Value, lim.AttributeValueDepthLimit)
			}
		}
	}
	switch capacity := lim.EventCountLimit; {
	case capacity == 0:
		s.droppedEvents++
		return
	case capacity > 0 && len(s.events) == capacity:
		copy(s.events, s.events[1:])
		s.events = s.events[:capacity-1]
		s.droppedEvents++
	}
	s.events = append(s.events, e)
}

// SetStatus sets the status as the SDK does: a code lower than the current
// one is ignored, and the description is kept only for an error.
func (b *directBuilder) SetStatus(code codes.Code, description string) {
	s := b.span
	if s == nil || s.status.Code > code {
		return
	}
	st := sdktrace.Status{Code: code}
	if code == codes.Error {
		st.Description = description
	}
	s.status = st
}

// SetName renames the span.
func (b *directBuilder) SetName(name string) {
	if b.span != nil {
		b.span.name = name
	}
}

// RecordError adds an exception event for err, as the SDK does (without
// the stack trace option).
func (b *directBuilder) RecordError(err error, opts ...trace.EventOption) {
	if b.span == nil || err == nil {
		return
	}
	opts = append(opts, trace.WithAttributes(
		KeyExceptionType.String(errorTypeName(err)),
		KeyExceptionMessage.String(err.Error()),
	))
	b.AddEvent(ExceptionEventName, opts...)
}

// errorTypeName is the SDK's name for an error's type.
func errorTypeName(err error) string {
	t := reflect.TypeOf(err)
	if t.PkgPath() == "" && t.Name() == "" {
		return t.String()
	}
	return t.PkgPath() + "." + t.Name()
}

// AddLink adds a link with the SDK's rules.
func (b *directBuilder) AddLink(link trace.Link) {
	s := b.span
	if s == nil || (!link.SpanContext.IsValid() && len(link.Attributes) == 0 && link.SpanContext.TraceState().Len() == 0) {
		return
	}
	lim := b.p.limits
	l := sdktrace.Link{SpanContext: link.SpanContext, Attributes: link.Attributes}
	copied := false
	for i, a := range l.Attributes {
		if t := a.Value.Type(); t == attribute.SLICE || t == attribute.MAP {
			if !copied {
				l.Attributes, copied = append([]attribute.KeyValue(nil), l.Attributes...), true
			}
			l.Attributes[i].Value = limitNested(a.Value, lim.AttributeValueDepthLimit)
		}
	}
	switch n := lim.AttributePerLinkCountLimit; {
	case n == 0:
		l.DroppedAttributeCount, l.Attributes = len(l.Attributes), nil
	case n > 0 && len(l.Attributes) > n:
		l.DroppedAttributeCount, l.Attributes = len(l.Attributes)-n, l.Attributes[:n]
	}
	switch capacity := lim.LinkCountLimit; {
	case capacity == 0:
		s.droppedLinks++
		return
	case capacity > 0 && len(s.links) == capacity:
		copy(s.links, s.links[1:])
		s.links = s.links[:capacity-1]
		s.droppedLinks++
	}
	s.links = append(s.links, l)
}

// TracerProvider returns the provider the pipeline serves.
func (b *directBuilder) TracerProvider() trace.TracerProvider { return b.tp }

// End finishes the span and hands it to every processor's OnEnd, in order.
// The span ends at the log's time whatever the options say: a log span is
// an instant.
func (b *directBuilder) End(...trace.SpanEndOption) { b.end() }

// end finishes the span: the attributes go into a slice of their own,
// the dropped counts are settled as the SDK's snapshot does, and the
// processors get the span.
func (b *directBuilder) end() {
	s := b.span
	if s == nil {
		return
	}
	b.span = nil
	if len(b.attrs) > 0 {
		s.attrs = append(make([]attribute.KeyValue, 0, len(b.attrs)), b.attrs...)
	}
	clear(b.attrs)
	b.attrs = b.attrs[:0]
	if b.indexed {
		clear(b.index)
		b.indexed = false
	}
	if cap(b.attrs) > maxPooledAttrs {
		// An unusually large log does not pin its memory in the pool.
		b.attrs, b.index = nil, nil
	}
	// The SDK's snapshot reports dropped events and links only when some
	// are left.
	if len(s.events) == 0 {
		s.events, s.droppedEvents = nil, 0
	}
	if len(s.links) == 0 {
		s.links, s.droppedLinks = nil, 0
	}
	for _, sp := range b.p.processors {
		sp.OnEnd(s)
	}
}

// normAttr applies the value limits to a span attribute as the SDK does
// (span.go normAttr): nested values are limited in depth, then strings are
// cut to AttributeValueLengthLimit characters.
func (p *Pipeline) normAttr(a attribute.KeyValue) attribute.KeyValue {
	limit := p.limits.AttributeValueLengthLimit
	switch a.Value.Type() {
	case attribute.STRING:
		if limit >= 0 && len(a.Value.AsString()) > limit {
			a.Value = attribute.StringValue(truncateChars(a.Value.AsString(), limit))
		}
	case attribute.STRINGSLICE, attribute.BYTESLICE:
		if limit >= 0 {
			a.Value = truncateValue(a.Value, limit)
		}
	case attribute.SLICE, attribute.MAP:
		a.Value = limitNested(a.Value, p.limits.AttributeValueDepthLimit)
		if limit >= 0 {
			a.Value = truncateValue(a.Value, limit)
		}
	}
	return a
}

// truncateChars cuts s to limit characters when it is longer than limit
// bytes, the SDK's way: a byte that is not valid UTF-8 is removed and not
// counted, but only when s must be cut; a string not longer than limit
// bytes is returned as it is, valid or not.
func truncateChars(s string, limit int) string {
	if limit < 0 || len(s) <= limit {
		return s
	}
	n := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			return validPrefix(s, limit)
		}
		if n == limit {
			return s[:i]
		}
		n++
		i += size
	}
	return s
}

// validPrefix returns the first limit valid characters of s, without the
// bytes that are not valid UTF-8.
func validPrefix(s string, limit int) string {
	out := make([]byte, 0, min(len(s), 4*limit))
	for i, n := 0, 0; i < len(s) && n < limit; {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r != utf8.RuneError || size > 1 {
			out = append(out, s[i:i+size]...)
			n++
		}
		i += size
	}
	return string(out)
}

// truncateValue cuts the strings in v, recursively, to limit (limit >= 0).
// Byte slices are cut to limit bytes.
func truncateValue(v attribute.Value, limit int) attribute.Value {
	switch v.Type() {
	case attribute.STRING:
		if len(v.AsString()) > limit {
			return attribute.StringValue(truncateChars(v.AsString(), limit))
		}
	case attribute.BYTESLICE:
		if s := v.AsString(); len(s) > limit {
			return attribute.ByteSliceValue([]byte(s[:limit]))
		}
	case attribute.STRINGSLICE:
		ss := v.AsStringSlice() // a copy
		changed := false
		for i, s := range ss {
			if len(s) > limit {
				ss[i], changed = truncateChars(s, limit), true
			}
		}
		if changed {
			return attribute.StringSliceValue(ss)
		}
	case attribute.SLICE:
		vs := v.AsSlice()
		for i := range vs {
			vs[i] = truncateValue(vs[i], limit)
		}
		return attribute.SliceValue(vs...)
	case attribute.MAP:
		kvs := v.AsMap()
		for i := range kvs {
			kvs[i].Value = truncateValue(kvs[i].Value, limit)
		}
		return attribute.MapValue(kvs...)
	}
	return v
}

// limitNested normalizes a nested value as the SDK does (attrnorm's
// dedup with depth limit): a map keeps the last value of a repeated key,
// and an array or map deeper than depth levels (the value itself is level
// one) becomes the empty value. A negative depth is no limit.
func limitNested(v attribute.Value, depth int) attribute.Value {
	switch v.Type() {
	case attribute.BOOLSLICE, attribute.INT64SLICE, attribute.FLOAT64SLICE,
		attribute.STRINGSLICE, attribute.BYTESLICE:
		if depth == 0 {
			return attribute.Value{}
		}
	case attribute.SLICE:
		if depth == 0 {
			return attribute.Value{}
		}
		vs := v.AsSlice()
		for i := range vs {
			vs[i] = limitNested(vs[i], deeper(depth))
		}
		return attribute.SliceValue(vs...)
	case attribute.MAP:
		if depth == 0 {
			return attribute.Value{}
		}
		kvs := v.AsMap() // sorted by key, stably: equal keys are adjacent
		out := kvs[:0]
		for i, kv := range kvs {
			if i+1 < len(kvs) && kvs[i+1].Key == kv.Key {
				continue // a later value of the same key wins
			}
			kv.Value = limitNested(kv.Value, deeper(depth))
			out = append(out, kv)
		}
		return attribute.MapValue(out...)
	}
	return v
}

// deeper is the depth left one level down.
func deeper(depth int) int {
	if depth < 0 {
		return depth
	}
	return depth - 1
}
