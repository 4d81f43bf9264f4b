package otlpexport

import (
	"bytes"
	"compress/gzip"
	"math"
	"strings"
	"unicode/utf8"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/sdk/instrumentation"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
	"google.golang.org/protobuf/encoding/protowire"
)

// Field numbers of the OTLP messages written here, from
// opentelemetry-proto v1.11.0 (go.opentelemetry.io/proto/otlp): collector/trace/v1,
// trace/v1, common/v1 and resource/v1.
const (
	reqResourceSpans = 1 // ExportTraceServiceRequest.resource_spans

	rsResource   = 1 // ResourceSpans.resource
	rsScopeSpans = 2 // ResourceSpans.scope_spans
	rsSchemaURL  = 3 // ResourceSpans.schema_url

	resAttributes = 1 // Resource.attributes

	ssScope     = 1 // ScopeSpans.scope
	ssSpans     = 2 // ScopeSpans.spans
	ssSchemaURL = 3 // ScopeSpans.schema_url

	scopeName       = 1 // InstrumentationScope.name
	scopeVersion    = 2 // InstrumentationScope.version
	scopeAttributes = 3 // InstrumentationScope.attributes

	spanTraceID       = 1  // Span.trace_id
	spanSpanID        = 2  // Span.span_id
	spanTraceState    = 3  // Span.trace_state
	spanParentSpanID  = 4  // Span.parent_span_id
	spanName          = 5  // Span.name
	spanKind          = 6  // Span.kind
	spanStart         = 7  // Span.start_time_unix_nano (fixed64)
	spanEnd           = 8  // Span.end_time_unix_nano (fixed64)
	spanAttributes    = 9  // Span.attributes
	spanDroppedAttrs  = 10 // Span.dropped_attributes_count
	spanEvents        = 11 // Span.events
	spanDroppedEvents = 12 // Span.dropped_events_count
	spanLinks         = 13 // Span.links
	spanDroppedLinks  = 14 // Span.dropped_links_count
	spanStatus        = 15 // Span.status
	spanFlags         = 16 // Span.flags (fixed32)

	eventTime         = 1 // Span.Event.time_unix_nano (fixed64)
	eventName         = 2 // Span.Event.name
	eventAttributes   = 3 // Span.Event.attributes
	eventDroppedAttrs = 4 // Span.Event.dropped_attributes_count

	linkTraceID      = 1 // Span.Link.trace_id
	linkSpanID       = 2 // Span.Link.span_id
	linkAttributes   = 4 // Span.Link.attributes
	linkDroppedAttrs = 5 // Span.Link.dropped_attributes_count
	linkFlags        = 6 // Span.Link.flags (fixed32)

	statusMessage = 2 // Status.message
	statusCode    = 3 // Status.code

	kvKey   = 1 // KeyValue.key
	kvValue = 2 // KeyValue.value

	anyString = 1 // AnyValue.string_value
	anyBool   = 2 // AnyValue.bool_value
	anyInt    = 3 // AnyValue.int_value
	anyDouble = 4 // AnyValue.double_value
	anyArray  = 5 // AnyValue.array_value
	anyKvlist = 6 // AnyValue.kvlist_value
	anyBytes  = 7 // AnyValue.bytes_value

	arrayValues  = 1 // ArrayValue.values
	kvlistValues = 1 // KeyValueList.values
)

// SpanFlags bits (trace/v1 SpanFlags): the low 8 bits are the W3C trace
// flags; these say whether the parent (or linked span) is known to be remote.
const (
	flagHasIsRemote = 0x100 // SPAN_FLAGS_CONTEXT_HAS_IS_REMOTE_MASK
	flagIsRemote    = 0x200 // SPAN_FLAGS_CONTEXT_IS_REMOTE_MASK
)

// maxValueDepth bounds the nesting of SLICE and MAP attribute values the
// encoder walks; deeper values are written as an empty AnyValue.
const maxValueDepth = 1000

// groupKey identifies one ScopeSpans: spans are grouped by resource, then by
// instrumentation scope, as otlptracehttp's transform does.
type groupKey struct {
	res   attribute.Distinct
	scope instrumentation.Scope
}

// group is one ScopeSpans of a request.
type group struct {
	res   int32 // index in encoder.resources
	scope instrumentation.Scope
	n     int32 // spans in the group
	next  int32 // fill position in encoder.order
}

// resGroup is one ResourceSpans of a request.
type resGroup struct {
	key attribute.Distinct
	res *resource.Resource // the first span's, as otlptracehttp keeps
}

// encoder writes ExportTraceServiceRequest bytes. It is not safe for
// concurrent use; the exporter keeps encoders in a sync.Pool.
type encoder struct {
	buf       []byte
	zbuf      *bytes.Buffer
	gz        *gzip.Writer
	resources []resGroup
	groups    []group
	spanGroup []int32 // group of each span, -1 for a nil span
	order     []int32 // span indices, grouped
	index     map[groupKey]int32
	resIndex  map[attribute.Distinct]int32
}

func newEncoder() *encoder {
	return &encoder{
		index:    make(map[groupKey]int32),
		resIndex: make(map[attribute.Distinct]int32),
	}
}

// reset forgets the last request and drops any scratch grown beyond what a
// pooled encoder may keep.
func (e *encoder) reset(maxKeep int) {
	if cap(e.buf) > maxKeep {
		e.buf = nil
	}
	e.buf = e.buf[:0]
	clear(e.resources)
	e.resources = e.resources[:0]
	clear(e.groups)
	e.groups = e.groups[:0]
	e.spanGroup = e.spanGroup[:0]
	e.order = e.order[:0]
	if len(e.index) > 0 {
		clear(e.index)
	}
	if len(e.resIndex) > 0 {
		clear(e.resIndex)
	}
	if cap(e.spanGroup) > maxKeep/64 {
		e.spanGroup, e.order = nil, nil
	}
}

// encode appends the request for spans to e.buf and returns the number of
// spans written (nil spans are skipped).
func (e *encoder) encode(spans []sdktrace.ReadOnlySpan) int {
	n := e.groupSpans(spans)
	if n == 0 {
		return 0
	}
	b := e.buf
	for ri := range e.resources {
		r := e.resources[ri].res
		var rs int
		b, rs = openFieldN(b, reqResourceSpans, 3)
		if r != nil {
			var m int
			b, m = openField(b, rsResource)
			b = appendIterator(b, resAttributes, r.Iter())
			b = closeField(b, m)
		}
		for gi := range e.groups {
			g := &e.groups[gi]
			if g.res != int32(ri) {
				continue
			}
			var ss int
			b, ss = openFieldN(b, rsScopeSpans, 3)
			if g.scope != (instrumentation.Scope{}) {
				var m int
				b, m = openField(b, ssScope)
				b = appendString(b, scopeName, g.scope.Name)
				b = appendString(b, scopeVersion, g.scope.Version)
				b = appendIterator(b, scopeAttributes, g.scope.Attributes.Iter())
				b = closeField(b, m)
			}
			start := g.next - g.n
			for _, si := range e.order[start:g.next] {
				var m int
				b, m = openFieldN(b, ssSpans, 2)
				b = appendSpan(b, spans[si])
				b = closeFieldN(b, m, 2)
			}
			b = appendString(b, ssSchemaURL, g.scope.SchemaURL)
			b = closeFieldN(b, ss, 3)
		}
		b = appendString(b, rsSchemaURL, r.SchemaURL())
		b = closeFieldN(b, rs, 3)
	}
	e.buf = b
	return n
}

// groupSpans assigns every span its ScopeSpans and orders the span indices
// by group: resources in the order first seen, a resource's scopes in the
// order first seen, spans in their order.
func (e *encoder) groupSpans(spans []sdktrace.ReadOnlySpan) int {
	var (
		n         int
		lastRes   *resource.Resource
		lastScope instrumentation.Scope
		last      int32 = -1
	)
	for _, s := range spans {
		if s == nil {
			e.spanGroup = append(e.spanGroup, -1)
			continue
		}
		n++
		r, sc := s.Resource(), s.InstrumentationScope()
		if last < 0 || r != lastRes || sc != lastScope {
			last = e.lookup(r, sc)
			lastRes, lastScope = r, sc
		}
		e.spanGroup = append(e.spanGroup, last)
		e.groups[last].n++
	}
	if n == 0 {
		return 0
	}
	// Counting sort: each group's spans are contiguous, groups in emission
	// order (by resource, then first seen).
	var pos int32
	for ri := range e.resources {
		for gi := range e.groups {
			if e.groups[gi].res == int32(ri) {
				e.groups[gi].next = pos
				pos += e.groups[gi].n
			}
		}
	}
	e.order = append(e.order[:0], make([]int32, n)...)
	for i, g := range e.spanGroup {
		if g < 0 {
			continue
		}
		e.order[e.groups[g].next] = int32(i) //nolint:gosec // len(spans) fits an int32 in any real batch.
		e.groups[g].next++
	}
	return n
}

func (e *encoder) lookup(r *resource.Resource, sc instrumentation.Scope) int32 {
	d := r.Equivalent()
	k := groupKey{res: d, scope: sc}
	if g, ok := e.index[k]; ok {
		return g
	}
	ri, ok := e.resIndex[d]
	if !ok {
		ri = int32(len(e.resources)) //nolint:gosec // bounded by the batch length.
		e.resources = append(e.resources, resGroup{key: d, res: r})
		e.resIndex[d] = ri
	}
	g := int32(len(e.groups)) //nolint:gosec // bounded by the batch length.
	e.groups = append(e.groups, group{res: ri, scope: sc})
	e.index[k] = g
	return g
}

func appendSpan(b []byte, s sdktrace.ReadOnlySpan) []byte {
	sc := s.SpanContext()
	tid, sid := sc.TraceID(), sc.SpanID()
	b = appendBytes(b, spanTraceID, tid[:])
	b = appendBytes(b, spanSpanID, sid[:])
	b = appendTraceState(b, spanTraceState, sc.TraceState())
	parent := s.Parent()
	if psid := parent.SpanID(); psid.IsValid() {
		b = appendBytes(b, spanParentSpanID, psid[:])
	}
	b = appendString(b, spanName, s.Name())
	b = appendVarint(b, spanKind, kindNumber(s.SpanKind()))
	b = appendFixed64(b, spanStart, unixNano(s.StartTime().UnixNano()))
	b = appendFixed64(b, spanEnd, unixNano(s.EndTime().UnixNano()))
	b = appendKeyValues(b, spanAttributes, s.Attributes())
	b = appendVarint(b, spanDroppedAttrs, clampUint32(s.DroppedAttributes()))
	for _, ev := range s.Events() {
		var m int
		b, m = openField(b, spanEvents)
		b = appendFixed64(b, eventTime, unixNano(ev.Time.UnixNano()))
		b = appendString(b, eventName, ev.Name)
		b = appendKeyValues(b, eventAttributes, ev.Attributes)
		b = appendVarint(b, eventDroppedAttrs, clampUint32(ev.DroppedAttributeCount))
		b = closeField(b, m)
	}
	b = appendVarint(b, spanDroppedEvents, clampUint32(s.DroppedEvents()))
	for _, l := range s.Links() {
		// otlptracehttp v1.47.0 does not send Span.Link.trace_state; neither
		// do we, so that both exporters deliver the same spans.
		var m int
		b, m = openField(b, spanLinks)
		ltid, lsid := l.SpanContext.TraceID(), l.SpanContext.SpanID()
		b = appendBytes(b, linkTraceID, ltid[:])
		b = appendBytes(b, linkSpanID, lsid[:])
		b = appendKeyValues(b, linkAttributes, l.Attributes)
		b = appendVarint(b, linkDroppedAttrs, clampUint32(l.DroppedAttributeCount))
		b = appendFixed32(b, linkFlags, flags(l.SpanContext.TraceFlags(), l.SpanContext.IsRemote()))
		b = closeField(b, m)
	}
	b = appendVarint(b, spanDroppedLinks, clampUint32(s.DroppedLinks()))
	// Status is always present, as in otlptracehttp.
	st := s.Status()
	var m int
	b, m = openField(b, spanStatus)
	b = appendString(b, statusMessage, st.Description)
	b = appendVarint(b, statusCode, statusNumber(st.Code))
	b = closeField(b, m)
	b = appendFixed32(b, spanFlags, flags(sc.TraceFlags(), parent.IsRemote()))
	return b
}

// flags is the OTLP span (or link) flags word: the W3C trace flags, and
// always the "remote is known" bit with the remote bit when it applies.
func flags(tf trace.TraceFlags, remote bool) uint32 {
	f := uint32(tf) | flagHasIsRemote
	if remote {
		f |= flagIsRemote
	}
	return f
}

// kindNumber maps a span kind to trace/v1 Span.SpanKind; an unknown kind is
// SPAN_KIND_UNSPECIFIED.
func kindNumber(k trace.SpanKind) uint64 {
	switch k {
	case trace.SpanKindInternal:
		return 1
	case trace.SpanKindServer:
		return 2
	case trace.SpanKindClient:
		return 3
	case trace.SpanKindProducer:
		return 4
	case trace.SpanKindConsumer:
		return 5
	default:
		return 0
	}
}

// statusNumber maps a status code to trace/v1 Status.StatusCode.
func statusNumber(c codes.Code) uint64 {
	switch c {
	case codes.Ok:
		return 1
	case codes.Error:
		return 2
	default:
		return 0
	}
}

func unixNano(ns int64) uint64 {
	return uint64(max(0, ns)) //nolint:gosec // negative clamped to zero, as otlptracehttp does.
}

func clampUint32(v int) uint64 {
	if v < 0 {
		return 0
	}
	return uint64(min(int64(v), math.MaxUint32))
}

// appendTraceState writes the W3C tracestate header form ("k=v,k=v") of
// ts without building the string.
func appendTraceState(b []byte, num protowire.Number, ts trace.TraceState) []byte {
	if ts.Len() == 0 {
		return b
	}
	n := -1
	ts.Walk(func(k, v string) bool {
		n += len(k) + len(v) + 2
		return true
	})
	b = appendTag(b, num, protowire.BytesType)
	b = protowire.AppendVarint(b, uint64(n)) //nolint:gosec // n > 0.
	first := true
	ts.Walk(func(k, v string) bool {
		if !first {
			b = append(b, ',')
		}
		first = false
		b = append(b, k...)
		b = append(b, '=')
		b = append(b, v...)
		return true
	})
	return b
}

func appendIterator(b []byte, num protowire.Number, it attribute.Iterator) []byte {
	for it.Next() {
		b = appendKeyValue(b, num, it.Attribute(), 0)
	}
	return b
}

func appendKeyValues(b []byte, num protowire.Number, kvs []attribute.KeyValue) []byte {
	for _, kv := range kvs {
		b = appendKeyValue(b, num, kv, 0)
	}
	return b
}

func appendKeyValue(b []byte, num protowire.Number, kv attribute.KeyValue, depth int) []byte {
	var m int
	b, m = openField(b, num)
	b = appendString(b, kvKey, string(kv.Key))
	var v int
	b, v = openField(b, kvValue)
	b = appendAnyValue(b, kv.Value, depth)
	b = closeField(b, v)
	return closeField(b, m)
}

// appendAnyValue writes the fields of an AnyValue for v, as otlptracehttp's
// transform maps attribute types (an unknown type becomes "INVALID").
func appendAnyValue(b []byte, v attribute.Value, depth int) []byte {
	switch v.Type() {
	case attribute.EMPTY:
	case attribute.BOOL:
		b = appendTag(b, anyBool, protowire.VarintType)
		b = protowire.AppendVarint(b, protowire.EncodeBool(v.AsBool()))
	case attribute.INT64:
		b = appendTag(b, anyInt, protowire.VarintType)
		b = protowire.AppendVarint(b, uint64(v.AsInt64())) //nolint:gosec // two's complement, as protobuf int64.
	case attribute.FLOAT64:
		b = appendTag(b, anyDouble, protowire.Fixed64Type)
		b = protowire.AppendFixed64(b, math.Float64bits(v.AsFloat64()))
	case attribute.STRING:
		b = appendTag(b, anyString, protowire.BytesType)
		b = protowire.AppendString(b, validUTF8(v.AsString()))
	case attribute.BYTESLICE:
		b = appendTag(b, anyBytes, protowire.BytesType)
		b = protowire.AppendBytes(b, v.AsByteSlice())
	case attribute.BOOLSLICE:
		var a int
		b, a = openField(b, anyArray)
		for _, x := range v.AsBoolSlice() {
			b = appendTag(b, arrayValues, protowire.BytesType)
			b = append(b, 2)
			b = appendTag(b, anyBool, protowire.VarintType)
			b = protowire.AppendVarint(b, protowire.EncodeBool(x))
		}
		b = closeField(b, a)
	case attribute.INT64SLICE:
		var a int
		b, a = openField(b, anyArray)
		for _, x := range v.AsInt64Slice() {
			u := uint64(x) //nolint:gosec // two's complement, as protobuf int64.
			b = appendTag(b, arrayValues, protowire.BytesType)
			b = protowire.AppendVarint(b, uint64(1+protowire.SizeVarint(u))) //nolint:gosec // small.
			b = appendTag(b, anyInt, protowire.VarintType)
			b = protowire.AppendVarint(b, u)
		}
		b = closeField(b, a)
	case attribute.FLOAT64SLICE:
		var a int
		b, a = openField(b, anyArray)
		for _, x := range v.AsFloat64Slice() {
			b = appendTag(b, arrayValues, protowire.BytesType)
			b = append(b, 9)
			b = appendTag(b, anyDouble, protowire.Fixed64Type)
			b = protowire.AppendFixed64(b, math.Float64bits(x))
		}
		b = closeField(b, a)
	case attribute.STRINGSLICE:
		var a int
		b, a = openField(b, anyArray)
		for _, x := range v.AsStringSlice() {
			var e int
			b, e = openField(b, arrayValues)
			b = appendTag(b, anyString, protowire.BytesType)
			b = protowire.AppendString(b, validUTF8(x))
			b = closeField(b, e)
		}
		b = closeField(b, a)
	case attribute.SLICE:
		var a int
		b, a = openField(b, anyArray)
		if depth < maxValueDepth {
			for _, x := range v.AsSlice() {
				var e int
				b, e = openField(b, arrayValues)
				b = appendAnyValue(b, x, depth+1)
				b = closeField(b, e)
			}
		}
		b = closeField(b, a)
	case attribute.MAP:
		var a int
		b, a = openField(b, anyKvlist)
		if depth < maxValueDepth {
			for _, kv := range v.AsMap() {
				b = appendKeyValue(b, kvlistValues, kv, depth+1)
			}
		}
		b = closeField(b, a)
	default:
		b = appendTag(b, anyString, protowire.BytesType)
		b = protowire.AppendString(b, "INVALID")
	}
	return b
}

// appendString writes a proto3 string field; the empty string is omitted,
// as proto3 does for a field without presence.
func appendString(b []byte, num protowire.Number, s string) []byte {
	if s == "" {
		return b
	}
	b = appendTag(b, num, protowire.BytesType)
	return protowire.AppendString(b, validUTF8(s))
}

// validUTF8 repairs s when it is not valid UTF-8, each invalid run becoming
// U+FFFD: protobuf strings must be UTF-8, and a receiver rejects the whole
// request otherwise (otlptracehttp fails the export in proto.Marshal).
func validUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	return strings.ToValidUTF8(s, "\uFFFD")
}

func appendBytes(b []byte, num protowire.Number, v []byte) []byte {
	b = appendTag(b, num, protowire.BytesType)
	return protowire.AppendBytes(b, v)
}

func appendVarint(b []byte, num protowire.Number, v uint64) []byte {
	if v == 0 {
		return b
	}
	b = appendTag(b, num, protowire.VarintType)
	return protowire.AppendVarint(b, v)
}

func appendFixed64(b []byte, num protowire.Number, v uint64) []byte {
	if v == 0 {
		return b
	}
	b = appendTag(b, num, protowire.Fixed64Type)
	return protowire.AppendFixed64(b, v)
}

func appendFixed32(b []byte, num protowire.Number, v uint32) []byte {
	if v == 0 {
		return b
	}
	b = protowire.AppendTag(b, num, protowire.Fixed32Type)
	return protowire.AppendFixed32(b, v)
}

// openField starts a length-delimited (message) field, reserving one byte
// for its length, and returns where the length goes.
func openField(b []byte, num protowire.Number) ([]byte, int) {
	b = appendTag(b, num, protowire.BytesType)
	return append(b, 0), len(b)
}

// closeField writes the length of the message opened by openField.
func closeField(b []byte, pos int) []byte {
	n := len(b) - pos - 1
	if n < 0x80 {
		b[pos] = byte(n)
		return b
	}
	return fixLength(b, pos, 1)
}

// openFieldN is openField reserving k bytes for the length: k = 2 for a
// span (128 B to 16 KiB), 3 for a ScopeSpans or ResourceSpans (16 KiB to
// 2 MiB), so that closing it rarely moves the message.
func openFieldN(b []byte, num protowire.Number, k int) ([]byte, int) {
	b = appendTag(b, num, protowire.BytesType)
	return append(b, zeros[:k]...), len(b)
}

// closeFieldN writes the length of the message opened by openFieldN(k).
func closeFieldN(b []byte, pos, k int) []byte {
	return fixLength(b, pos, k)
}

var zeros [9]byte

// fixLength writes the minimal varint length of the message that follows
// the k bytes reserved at pos, moving the message when the varint needs
// more or fewer bytes than reserved.
func fixLength(b []byte, pos, k int) []byte {
	n := len(b) - pos - k
	sz := protowire.SizeVarint(uint64(n))
	switch {
	case sz > k:
		b = append(b, zeros[:sz-k]...)
		copy(b[pos+sz:], b[pos+k:pos+k+n])
	case sz < k:
		copy(b[pos+sz:], b[pos+k:pos+k+n])
		b = b[:pos+sz+n]
	}
	protowire.AppendVarint(b[:pos], uint64(n))
	return b
}

// appendTag appends a field tag. Every field number written with it is
// below 16, so the tag is one byte (Span.flags, 16, uses protowire).
func appendTag(b []byte, num protowire.Number, typ protowire.Type) []byte {
	return append(b, byte(num)<<3|byte(typ))
}
