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
	}
	return n
}
