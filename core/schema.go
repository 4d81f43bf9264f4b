package core

import (
	"strconv"
	"strings"

	"go.opentelemetry.io/otel/attribute"
)

// schemaManyFields is from how many attributes on the schema finds a key's
// last value through a map rather than by scanning the later attributes:
// linear time for many fields, no map for the usual few.
const schemaManyFields = 32

// schemaState builds the logfire.json_schema of each log in a buffer the
// pooled event reuses. The last schema's string is kept: logs from one
// call site have the same fields, so the same schema, and reusing the
// string saves its allocation. It holds field keys only, never values, so
// keeping it in the pool keeps nothing of a log's data.
type schemaState struct {
	buf  []byte
	last string
	// The keys and kinds last's fields had, and its value limit: a log
	// with the same ones has the same schema, found by comparing them
	// rather than by writing it again.
	keys     []attribute.Key
	kinds    []string
	next     []string // this log's kinds, swapped with kinds on a change
	maxBytes int
	pos      map[attribute.Key]int // the last index of each key, for many fields
	// unique reports, after build, that no key appears twice among the
	// log's fields, so that its record need not look for duplicates.
	// keysUnique is the same for the remembered shape (keys), which a
	// log of that shape takes for free.
	unique, keysUnique bool
	fp                 []byte // the text an issue fingerprint hashes
}

// Logfire's entries per kind of value (create_json_schema in
// logfire/_internal/json_schema.py): {} for strings, numbers and bools,
// whose attributes show as they are; object and array for JSON text and
// slices; null for None. A time is Logfire's datetime entry without the
// Python type; bytes are base64 text here (Logfire writes their repr),
// said with JSON Schema's contentEncoding.
func schemaEntry(kind string) string {
	switch kind {
	case "object":
		return `{"type":"object"}`
	case "array":
		return `{"type":"array"}`
	case kindNull:
		return `{"type":"null"}`
	case kindTime:
		return `{"type":"string","format":"date-time"}`
	case kindBytes:
		return `{"type":"string","contentEncoding":"base64"}`
	}
	return `{}`
}

// ownKey reports whether an attribute among the fields is one logspan
// puts there itself (the logger's stack, the tags), which Logfire's
// schema leaves out as it leaves out its own stack-info keys.
func ownKey(k attribute.Key) bool {
	return k == KeyCodeStacktrace || strings.HasPrefix(string(k), "logfire.")
}

// build returns the logfire.json_schema value listing every field of the
// log, the base's first, and false when there is none to list. A key a
// later field replaced takes the later field's entry, in the later
// field's place: the span keeps the last value. The value is bounded
// like any other: entries that would pass maxBytes are left out and
// counted in a "logspan.more" property. Marks (jsonKeys and marks) are in
// attribute order, so one pass over the attributes reads them.
func (st *schemaState) build(base *Fields, enc *Encoder) (string, bool) {
	var battrs []attribute.KeyValue
	var bjson, bmarks []jsonKey
	if base != nil {
		battrs, bjson, bmarks = base.attrs, base.jsonKeys, base.marks
	}
	own := enc.attrs
	n := len(battrs) + len(own)
	if n == 0 {
		st.unique = true
		return "", false
	}
	at := func(i int) attribute.KeyValue {
		if i < len(battrs) {
			return battrs[i]
		}
		return own[i-len(battrs)]
	}
	// The marks of the base, then the log's own, each in index order.
	jsonMarks := [2][]jsonKey{bjson, enc.jsonKeys}
	otherMarks := [2][]jsonKey{bmarks, enc.marks}
	next := func(lists *[2][]jsonKey, i int) string {
		for s := range lists {
			for len(lists[s]) > 0 && lists[s][0].at < i {
				lists[s] = lists[s][1:]
			}
			if len(lists[s]) > 0 && lists[s][0].at == i {
				return lists[s][0].kind
			}
		}
		return ""
	}

	// The kind of each field, compared with the last schema's as it goes.
	maxBytes := enc.maxBytes
	kinds := st.next[:0]
	same := n == len(st.keys) && maxBytes == st.maxBytes && st.last != ""
	for i := range n {
		kv := at(i)
		kind := next(&jsonMarks, i)
		if other := next(&otherMarks, i); other != "" {
			kind = other
		}
		if kind == "" {
			switch kv.Value.Type() {
			case attribute.BOOLSLICE, attribute.INT64SLICE, attribute.FLOAT64SLICE, attribute.STRINGSLICE:
				kind = "array"
			}
		}
		kinds = append(kinds, kind)
		same = same && kv.Key == st.keys[i] && kind == st.kinds[i]
	}
	st.next = kinds
	if same {
		st.unique = st.keysUnique
		return st.last, true
	}
	st.next, st.kinds = st.kinds, kinds
	st.keys = st.keys[:0]
	for i := range n {
		st.keys = append(st.keys, at(i).Key)
	}
	st.maxBytes = maxBytes

	// Only a schema written anew needs to know which fields a later one
	// replaced; the map for many fields is built for it alone.
	many := n > schemaManyFields
	if many {
		if st.pos == nil {
			st.pos = make(map[attribute.Key]int, n)
		}
		clear(st.pos)
		for i := range n {
			st.pos[at(i).Key] = i
		}
	}
	replaced := func(i int, k attribute.Key) bool {
		if many {
			return st.pos[k] != i
		}
		for j := i + 1; j < n; j++ {
			if at(j).Key == k {
				return true
			}
		}
		return false
	}

	b := append(st.buf[:0], `{"type":"object","properties":{`...)
	listed, left := 0, 0
	st.unique = true
	for i := range n {
		kv := at(i)
		if replaced(i, kv.Key) {
			st.unique = false
			continue
		}
		if ownKey(kv.Key) {
			continue
		}
		entry := schemaEntry(kinds[i])
		mark := len(b)
		if listed > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, string(kv.Key))
		b = append(b, ':')
		b = append(b, entry...)
		if len(b)+len(`},"logspan.more":`)+20 > maxBytes {
			b = b[:mark]
			left++
			continue
		}
		listed++
	}
	st.keysUnique = st.unique
	if listed == 0 && left == 0 {
		st.buf = b
		st.last, st.keys = "", st.keys[:0] // nothing to reuse
		return "", false
	}
	b = append(b, '}')
	if left > 0 {
		b = append(b, `,"logspan.more":`...)
		b = strconv.AppendInt(b, int64(left), 10)
	}
	b = append(b, '}')
	st.buf = b
	if string(b) != st.last {
		st.last = string(b)
	}
	return st.last, true
}

// trim lets the garbage collector have what an unusually large log grew,
// rather than the pool keeping it.
func (st *schemaState) trim() {
	if len(st.pos) > maxPooledAttrs || len(st.keys) > maxPooledAttrs {
		st.pos, st.keys, st.kinds, st.next, st.last = nil, nil, nil, nil, ""
	}
	if cap(st.buf) > 2*DefaultMaxValueBytes {
		st.buf = nil
	}
	if cap(st.fp) > 2*DefaultMaxValueBytes {
		st.fp = nil
	}
}
