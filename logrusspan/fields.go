package logrusspan

import (
	"maps"
	"slices"
	"sync"

	"github.com/sirupsen/logrus"
	"go.opentelemetry.io/otel/trace"

	"github.com/logspan/logspan/core"
)

// keysPool holds the slices the keys of entry.Data are sorted in, so that a
// log does not allocate one.
var keysPool = sync.Pool{New: func() any { return new([]string) }}

// maxPooledKeys keeps an entry with unusually many fields from pinning that
// memory in the pool.
const maxPooledKeys = 256

// addData adds the entry's fields in key order: a Go map has none, and the
// attributes of a span should come out the same for the same log. Each value
// goes through AddAny, which keeps its type (a typed switch first, JSON for
// maps, structs and mixed slices) and turns errors, logrus.ErrorKey's
// included, into an attribute and an exception event.
func addData(enc *core.Encoder, data logrus.Fields) {
	kp := keysPool.Get().(*[]string)
	keys := (*kp)[:0]
	for k := range data {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		enc.AddAny(k, data[k])
	}
	if cap(keys) <= maxPooledKeys {
		clear(keys)
		*kp = keys[:0]
		keysPool.Put(kp)
	}
}

// withIDs returns a copy of data with the span's ids added. The copy is what
// keeps the caller's map safe whatever path fired the hook: logrus v1.10
// already hands hooks a private copy of the data, but LevelHooks.Fire and
// Hook.Fire are public and can be called with an entry the application
// keeps reusing.
func withIDs(data logrus.Fields, sc trace.SpanContext) logrus.Fields {
	out := make(logrus.Fields, len(data)+2)
	maps.Copy(out, data)
	out[TraceIDKey], out[SpanIDKey] = core.HexIDs(sc)
	return out
}
