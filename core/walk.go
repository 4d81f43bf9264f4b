package core

import (
	"cmp"
	"encoding"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// The walk: core writes maps, structs, slices and pointers as JSON itself,
// rather than through encoding/json, so that every limit holds during the
// walk and not after it. Depth stops at the depth limit (which also ends
// cycles and linked lists of any length), bytes stop at the value limit
// (nothing past it is visited), and a map is sorted only up to the number
// of entries that could fit. The output follows encoding/json's rules
// where they apply (json tags, omitempty, embedded structs, MarshalJSON,
// MarshalText, []byte as base64), so a value reads the same in the span as
// in a logger's JSON output.

var (
	jsonMarshalerType = reflect.TypeFor[json.Marshaler]()
	textMarshalerType = reflect.TypeFor[encoding.TextMarshaler]()
	errorType         = reflect.TypeFor[error]()
	stringerType      = reflect.TypeFor[fmt.Stringer]()
	jsonNumberType    = reflect.TypeFor[json.Number]()
	timeType          = reflect.TypeFor[time.Time]()
	durationType      = reflect.TypeFor[time.Duration]()
)

// walk writes v as JSON. A panic in the value's own methods is left to the
// caller, which knows how to report it.
func (w *JSONWriter) walk(v reflect.Value) {
	if !w.check() {
		return
	}
	if k := v.Kind(); k != reflect.Pointer && k != reflect.Interface {
		hops := w.hops
		w.hops = 0 // a value between: the next pointers start a new chain
		defer func() { w.hops = hops }()
	}
	if !v.IsValid() {
		w.Null()
		return
	}
	t := v.Type()
	// Methods first, as encoding/json looks for them, and on an
	// addressable value's pointer too.
	if t.Kind() != reflect.Pointer && t.Kind() != reflect.Interface && v.CanAddr() {
		if pt := reflect.PointerTo(t); pt.Implements(jsonMarshalerType) || pt.Implements(textMarshalerType) {
			v, t = v.Addr(), pt
		}
	}
	if (t.Kind() == reflect.Pointer || t.Kind() == reflect.Interface) && v.IsNil() {
		w.Null()
		return
	}
	switch {
	case t == timeType:
		w.Time(v.Interface().(time.Time))
		return
	case t == durationType:
		w.String(time.Duration(v.Int()).String())
		return
	case t.Implements(jsonMarshalerType):
		w.marshaled(v.Interface().(json.Marshaler))
		return
	case t.Implements(textMarshalerType):
		text, err := v.Interface().(encoding.TextMarshaler).MarshalText()
		if err != nil {
			w.String(errorText(t, err))
			return
		}
		w.String(string(text))
		return
	case t.Implements(errorType):
		w.String(v.Interface().(error).Error())
		return
	case t == jsonNumberType:
		// encoding/json writes a json.Number as the number it holds.
		if n := v.String(); n != "" && validNumber(n) {
			w.lit(n)
			return
		}
	}
	switch t.Kind() {
	case reflect.Bool:
		w.Bool(v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		w.Int64(v.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		w.Uint64(v.Uint())
	case reflect.Float32:
		w.Float32(float32(v.Float()))
	case reflect.Float64:
		w.Float64(v.Float())
	case reflect.Complex64:
		w.String(strconv.FormatComplex(v.Complex(), 'g', -1, 64))
	case reflect.Complex128:
		w.String(strconv.FormatComplex(v.Complex(), 'g', -1, 128))
	case reflect.String:
		w.String(v.String())
	case reflect.Pointer, reflect.Interface:
		// Pointers are not levels of the JSON, but a chain of them with no
		// value between (a pointer to itself, an any holding its own
		// address) must end too: count the hops in a row.
		if w.hops >= maxPointerHops {
			w.DepthExceeded()
			return
		}
		w.hops++
		w.walk(v.Elem())
		w.hops--
	case reflect.Slice:
		if v.IsNil() {
			w.Null()
			return
		}
		if t.Elem().Kind() == reflect.Uint8 && !t.Elem().Implements(jsonMarshalerType) {
			w.Bytes(v.Bytes())
			return
		}
		w.array(v)
	case reflect.Array:
		w.array(v)
	case reflect.Map:
		if v.IsNil() {
			w.Null()
			return
		}
		w.object(v)
	case reflect.Struct:
		w.structure(v)
	default: // chan, func, unsafe pointer: encoding/json refuses them
		w.String("<" + t.String() + ">")
	}
}

func (w *JSONWriter) array(v reflect.Value) {
	if w.TooDeep() {
		w.DepthExceeded()
		return
	}
	w.BeginArray()
	for i := range v.Len() {
		if w.full {
			break
		}
		w.walk(v.Index(i))
	}
	w.EndArray()
}

// object writes a map with its keys sorted, as encoding/json does. Only as
// many entries as could fit in the value limit are read and sorted.
func (w *JSONWriter) object(v reflect.Value) {
	if w.TooDeep() {
		w.DepthExceeded()
		return
	}
	type entry struct {
		key string
		val reflect.Value
	}
	// Each entry takes at least `"":0,` in the output, so no more than
	// limit entries can be written: the smallest keys, as encoding/json
	// would write first. A bigger map is read in one pass, keeping the
	// limit smallest keys (sorted and cut each time the slice doubles), so
	// the output is encoding/json's sorted prefix whatever the map's
	// iteration order, in O(n log limit) time and O(limit) memory.
	limit := w.maxBytes/6 + 1
	byKey := func(a, b entry) int { return cmp.Compare(a.key, b.key) }
	entries := make([]entry, 0, min(v.Len(), 2*limit))
	it := v.MapRange()
	for it.Next() {
		entries = append(entries, entry{mapKey(it.Key()), it.Value()})
		if len(entries) == 2*limit {
			slices.SortFunc(entries, byKey)
			clear(entries[limit:])
			entries = entries[:limit]
		}
	}
	slices.SortFunc(entries, byKey)
	if len(entries) > limit {
		entries = entries[:limit]
	}
	w.BeginObject()
	for _, e := range entries {
		if w.full {
			break
		}
		w.Key(e.key)
		w.walk(e.val)
	}
	w.EndObject()
}

// mapKey is a map key as encoding/json writes it: strings as they are,
// TextMarshalers as their text, integers in decimal; other kinds, which
// encoding/json refuses, as fmt prints them.
func mapKey(k reflect.Value) string {
	if k.Kind() == reflect.String {
		return k.String()
	}
	if tm, ok := k.Interface().(encoding.TextMarshaler); ok {
		if k.Kind() == reflect.Pointer && k.IsNil() {
			return ""
		}
		if b, err := tm.MarshalText(); err == nil {
			return string(b)
		}
	}
	switch k.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(k.Int(), 10)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return strconv.FormatUint(k.Uint(), 10)
	}
	return fmt.Sprint(k.Interface())
}

func (w *JSONWriter) structure(v reflect.Value) {
	if w.TooDeep() {
		w.DepthExceeded()
		return
	}
	w.BeginObject()
	for _, f := range fieldsOf(v.Type()) {
		if w.full {
			break
		}
		fv, ok := fieldByIndex(v, f.index)
		if !ok || (f.omitEmpty && isEmptyValue(fv)) {
			continue
		}
		w.Key(f.name)
		if f.quoted {
			w.quoted(fv)
			continue
		}
		w.walk(fv)
	}
	w.EndObject()
}

// quoted writes a field tagged `json:",string"`: a number or bool as a
// JSON string, as encoding/json does.
func (w *JSONWriter) quoted(v reflect.Value) {
	switch v.Kind() {
	case reflect.Bool:
		w.String(strconv.FormatBool(v.Bool()))
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		w.String(strconv.FormatInt(v.Int(), 10))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		w.String(strconv.FormatUint(v.Uint(), 10))
	case reflect.Float32, reflect.Float64:
		w.String(strconv.FormatFloat(v.Float(), 'g', -1, v.Type().Bits()))
	default:
		w.walk(v)
	}
}

// fieldByIndex follows an embedded field path; it reports false when a
// nil embedded pointer is on the way (encoding/json skips the field then).
func fieldByIndex(v reflect.Value, index []int) (reflect.Value, bool) {
	for i, x := range index {
		if i > 0 && v.Kind() == reflect.Pointer {
			if v.IsNil() {
				return reflect.Value{}, false
			}
			v = v.Elem()
		}
		v = v.Field(x)
	}
	return v, true
}

func isEmptyValue(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() == 0
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Interface, reflect.Pointer:
		return v.IsZero()
	}
	return false
}

// structField is one field of a struct as encoding/json sees it.
type structField struct {
	name      string
	index     []int
	depth     int
	tagged    bool
	omitEmpty bool
	quoted    bool
}

// structFields caches each struct type's fields: reflecting over tags on
// every log would cost more than the rest of the walk.
var structFields sync.Map // reflect.Type -> []structField

// maxCachedStructs bounds the cache; types are a fixed set in a program,
// but generated struct types (reflect.StructOf) are not.
const maxCachedStructs = 4096

var cachedStructs atomic.Int64

func fieldsOf(t reflect.Type) []structField {
	if f, ok := structFields.Load(t); ok {
		return f.([]structField)
	}
	fields := typeFields(t)
	if cachedStructs.Add(1) <= maxCachedStructs {
		structFields.Store(t, fields)
	}
	return fields
}

// typeFields lists t's JSON fields in encoding/json's order: exported
// fields under their tag name, embedded structs' fields promoted where the
// embedded struct stands. A name given at several depths goes to the
// shallowest field; at equal depth a tagged field wins, and with no tag to
// tell them apart encoding/json drops them all, and so does the walk.
func typeFields(t reflect.Type) []structField {
	var all []structField
	collectFields(t, nil, 0, &all)
	type best struct {
		i, n int // index in all of the winner, how many tie with it
	}
	byName := make(map[string]best, len(all))
	for i, f := range all {
		b, seen := byName[f.name]
		switch {
		case !seen:
			byName[f.name] = best{i, 1}
		case f.depth < all[b.i].depth || (f.depth == all[b.i].depth && f.tagged && !all[b.i].tagged):
			byName[f.name] = best{i, 1}
		case f.depth == all[b.i].depth && f.tagged == all[b.i].tagged:
			byName[f.name] = best{b.i, b.n + 1}
		}
	}
	out := make([]structField, 0, len(byName))
	for i, f := range all {
		if b := byName[f.name]; b.i == i && b.n == 1 {
			out = append(out, f)
		}
	}
	return out
}

func collectFields(t reflect.Type, index []int, depth int, out *[]structField) {
	for i := range t.NumField() {
		sf := t.Field(i)
		tag := sf.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		at := append(slices.Clone(index), i)
		if sf.Anonymous && name == "" {
			ft := sf.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				if depth < maxEmbedding {
					collectFields(ft, at, depth+1, out)
				}
				continue
			}
		}
		if !sf.IsExported() {
			continue
		}
		tagged := name != ""
		if !tagged {
			name = sf.Name
		}
		*out = append(*out, structField{
			name:      name,
			index:     at,
			depth:     depth,
			tagged:    tagged,
			omitEmpty: hasOption(opts, "omitempty"),
			quoted:    hasOption(opts, "string"),
		})
	}
}

// maxEmbedding bounds how deep embedded structs are followed (a struct
// embedding a pointer to itself would be followed forever).
const maxEmbedding = 8

func hasOption(opts, want string) bool {
	for opts != "" {
		var o string
		o, opts, _ = strings.Cut(opts, ",")
		if o == want {
			return true
		}
	}
	return false
}

// marshaled writes what a json.Marshaler returns, read back through the
// bounded JSON reader: compacted, depth-limited, and replaced by a marker
// when it is not valid JSON.
func (w *JSONWriter) marshaled(m json.Marshaler) {
	b, err := m.MarshalJSON()
	if err != nil {
		w.String(errorText(reflect.TypeOf(m), err))
		return
	}
	mark, depth := len(w.buf), w.depth
	if !w.rawJSON(b) {
		w.Rewind(mark, depth)
		w.String("<invalid JSON from " + reflect.TypeOf(m).String() + ">")
	}
}

// errorText is how a marshaler's error is written in place of its value.
func errorText(t reflect.Type, err error) string {
	return "<" + t.String() + ": " + safeError(err) + ">"
}

// validNumber reports whether s is one JSON number.
func validNumber(s string) bool {
	r := jsonReader{text: []byte(s)}
	_, ok := r.number()
	return ok && r.pos == len(s)
}
