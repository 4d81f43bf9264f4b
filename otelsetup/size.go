package otelsetup

import (
	"unsafe"

	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/logspan/logspan/core"
)

// Sizes used to estimate what a queued span keeps alive.
const (
	// spanOverhead covers the SDK's span snapshot (its fixed fields, about
	// 300 bytes), the queue entry, and the slack of the slices' arrays:
	// measured with faults.TestHeapBoundedSmallLogs, a small zap log keeps
	// about 1,150 bytes alive for an estimate of 1,190.
	spanOverhead = 640
	kvSize       = int64(unsafe.Sizeof(attribute.KeyValue{}))
	eventSize    = int64(unsafe.Sizeof(sdktrace.Event{}))
	linkSize     = int64(unsafe.Sizeof(sdktrace.Link{}))
	stringSize   = int64(unsafe.Sizeof(""))
)

// spanSize estimates the bytes a span keeps alive while it waits: its name,
// attributes, events and links, with the bytes of every string; and returns
// its logfire.level_num (0 when it has none). The resource and the
// instrumentation scope are shared by every span and not counted.
func spanSize(s sdktrace.ReadOnlySpan) (size, level int64) {
	size = spanOverhead + int64(len(s.Name())) + int64(len(s.Status().Description))
	for _, kv := range s.Attributes() {
		if kv.Key == core.KeyLevelNum && kv.Value.Type() == attribute.INT64 {
			level = kv.Value.AsInt64()
		}
		size += kvBytes(kv)
	}
	for _, ev := range s.Events() {
		size += eventSize + int64(len(ev.Name))
		for _, kv := range ev.Attributes {
			size += kvBytes(kv)
		}
	}
	for _, l := range s.Links() {
		size += linkSize
		for _, kv := range l.Attributes {
			size += kvBytes(kv)
		}
	}
	return size, level
}

func kvBytes(kv attribute.KeyValue) int64 {
	n := kvSize + int64(len(kv.Key))
	switch kv.Value.Type() {
	case attribute.STRING:
		n += int64(len(kv.Value.AsString()))
	case attribute.STRINGSLICE:
		for _, s := range kv.Value.AsStringSlice() {
			n += stringSize + int64(len(s))
		}
	case attribute.BOOLSLICE:
		n += int64(len(kv.Value.AsBoolSlice()))
	case attribute.INT64SLICE:
		n += 8 * int64(len(kv.Value.AsInt64Slice()))
	case attribute.FLOAT64SLICE:
		n += 8 * int64(len(kv.Value.AsFloat64Slice()))
	case attribute.BYTESLICE, attribute.SLICE, attribute.MAP:
		// Byte slices, slices and maps (spans from other instrumentation
		// and SetAttributes can hold them): weighed by their content, so
		// the byte budget holds whatever the value.
		n += valueBytes(kv.Value, 0)
	}
	return n
}

// maxValueDepth bounds valueBytes' walk of nested values; what is deeper
// is weighed by its emitted form.
const maxValueDepth = 16

func valueBytes(v attribute.Value, depth int) int64 {
	switch v.Type() {
	case attribute.STRING, attribute.BYTESLICE:
		return stringSize + int64(len(v.AsString()))
	case attribute.STRINGSLICE:
		var n int64
		for _, s := range v.AsStringSlice() {
			n += stringSize + int64(len(s))
		}
		return n
	case attribute.BOOLSLICE:
		return int64(len(v.AsBoolSlice()))
	case attribute.INT64SLICE:
		return 8 * int64(len(v.AsInt64Slice()))
	case attribute.FLOAT64SLICE:
		return 8 * int64(len(v.AsFloat64Slice()))
	case attribute.SLICE, attribute.MAP:
		if depth >= maxValueDepth {
			return int64(len(v.Emit()))
		}
		var n int64
		if v.Type() == attribute.SLICE {
			for _, e := range v.AsSlice() {
				n += kvSize + valueBytes(e, depth+1)
			}
			return n
		}
		for _, kv := range v.AsMap() {
			n += kvSize + int64(len(kv.Key)) + valueBytes(kv.Value, depth+1)
		}
		return n
	}
	return 8
}
