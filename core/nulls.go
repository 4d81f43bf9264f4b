package core

import "go.opentelemetry.io/otel/attribute"

// Kinds of [jsonKey] marks beyond JSON's "object" and "array": what the
// field's logfire.json_schema entry says (see schema.go).
const (
	kindNull  = "null"
	kindTime  = "time"
	kindBytes = "bytes"
)

// nullText is how a nil value is written: the JSON text of null, as
// Logfire's SDK writes None (prepare_otlp_attribute dumps it to JSON; its
// json_schema entry is {"type":"null"}, logfire/_internal/json_schema.py).
// Logfire once collected such keys in logfire.null_args instead, and
// dropped that in pydantic/logfire#845 for this form.
const nullText = "null"

// AddNull adds a field whose value is nil (a nil interface, pointer, map,
// slice or error, zerolog's null): the attribute holds "null" and
// logfire.json_schema lists it as {"type":"null"}, so Logfire shows None
// rather than a string. Inside a JSON value a nil is null, as JSON has it.
func (e *Encoder) AddNull(key string) {
	e.putMarked(attribute.String(e.key(key), nullText), kindNull)
}

// putMarked adds kv and, when it was kept, marks it with kind for the
// schema.
func (e *Encoder) putMarked(kv attribute.KeyValue, kind string) {
	at := e.fields()
	if e.put(kv) {
		e.marks = append(e.marks, jsonKey{key: string(kv.Key), kind: kind, at: at})
	}
}
