package logrusspan

import (
	"maps"
	"reflect"
	"slices"
	"sync"

	"github.com/sirupsen/logrus"

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
//
// A nil slice or map is a null ("null", {"type":"null"} in the schema), as
// core writes every nil, and null in logrus's JSON. When logrus refused a field (a func, see
// logrus's Entry.WithFields), note is its message, and the span gets it as
// logrus_error, as logrus's formatters print it; a field of that name is
// then fields.logrus_error, as logrus renames it.
func addData(enc *core.Encoder, data logrus.Fields, note string) {
	kp := keysPool.Get().(*[]string)
	keys := (*kp)[:0]
	for k := range data {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		v := data[k]
		if note != "" && k == logrus.FieldKeyLogrusError {
			k = "fields." + k
		}
		enc.AddAny(k, v)
	}
	if note != "" {
		enc.AddString(logrus.FieldKeyLogrusError, note)
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
func withIDs(data logrus.Fields, ids core.Correlation) logrus.Fields {
	out := make(logrus.Fields, len(data)+2)
	maps.Copy(out, data)
	out[TraceIDKey], out[SpanIDKey] = ids.IDs()
	return out
}

// errField is the index of logrus.Entry's unexported err field, the
// message of the fields WithFields refused (logrus v1.10 has it), or
// nil when this logrus has none.
var errField = func() []int {
	f, ok := reflect.TypeFor[logrus.Entry]().FieldByName("err")
	if !ok || f.Type.Kind() != reflect.String {
		return nil
	}
	return f.Index
}()

// refusedNote returns the message logrus keeps on entry for the fields it
// refused, which its formatters print as logrus_error, or "". Logrus
// exports no accessor; the field is read, never written.
func refusedNote(entry *logrus.Entry) string {
	if errField == nil {
		return ""
	}
	return reflect.ValueOf(entry).Elem().FieldByIndex(errField).String()
}
