package core

import (
	"bytes"
	"math"
	"reflect"
	"strconv"

	"go.opentelemetry.io/otel/attribute"
)

// The array rule, one for every adapter and every way an array arrives (a
// Go slice, a logger's array marshaler, JSON text):
//
//   - an empty array, of any element type, is an empty string slice
//     (OpenTelemetry's wire format carries no element type for an empty
//     array, so this is the one form every logger can produce);
//   - all strings, all bools, or all integers that fit int64: the typed
//     slice of that type;
//   - numbers mixing integers and finite floats: a float64 slice;
//   - anything else (nulls, nested arrays or objects, mixed kinds, NaN or
//     infinities, a slice past the value limit): compact JSON text, listed
//     in logfire.json_schema as an array.

// scalarArray collects the elements of an array while they fit the typed
// slice rule.
type scalarArray struct {
	kind   arrayKind
	strs   []string
	ints   []int64
	floats []float64
	bools  []bool
}

type arrayKind uint8

const (
	arrayEmpty arrayKind = iota
	arrayStrings
	arrayBools
	arrayInts
	arrayNumbers // ints and floats
	arrayMixed
)

// reset empties a, keeping its storage for the next array.
func (a *scalarArray) reset() {
	clear(a.strs)
	a.kind, a.strs, a.ints, a.floats, a.bools = arrayEmpty, a.strs[:0], a.ints[:0], a.floats[:0], a.bools[:0]
}

// fits reports whether an element of kind k keeps the array typed.
func (a *scalarArray) fits(k arrayKind) bool {
	return a.kind == arrayEmpty || a.kind == k ||
		(a.kind == arrayInts && k == arrayNumbers) || (a.kind == arrayNumbers && k == arrayInts)
}

// join records that an element of kind k was added; the caller has
// checked that it fits, or the array becomes mixed.
func (a *scalarArray) join(k arrayKind) bool {
	switch {
	case a.kind == arrayEmpty || a.kind == k:
		a.kind = k
	case (a.kind == arrayInts && k == arrayNumbers) || (a.kind == arrayNumbers && k == arrayInts):
		if a.kind == arrayInts {
			for _, i := range a.ints {
				a.floats = append(a.floats, float64(i))
			}
		}
		a.kind = arrayNumbers
	default:
		a.kind = arrayMixed
	}
	return a.kind != arrayMixed
}

func (a *scalarArray) addString(s string) bool {
	if !a.fits(arrayStrings) {
		return false
	}
	a.join(arrayStrings)
	a.strs = append(a.strs, s)
	return true
}

func (a *scalarArray) addBool(b bool) bool {
	if !a.fits(arrayBools) {
		return false
	}
	a.join(arrayBools)
	a.bools = append(a.bools, b)
	return true
}

func (a *scalarArray) addInt(i int64) bool {
	if a.kind == arrayNumbers {
		return a.addFloat(float64(i))
	}
	if !a.fits(arrayInts) {
		return false
	}
	a.join(arrayInts)
	a.ints = append(a.ints, i)
	return true
}

func (a *scalarArray) addFloat(f float64) bool {
	if math.IsNaN(f) || math.IsInf(f, 0) || !a.fits(arrayNumbers) {
		return false
	}
	a.join(arrayNumbers)
	a.floats = append(a.floats, f)
	return true
}

// put adds the collected array as its typed slice.
func (a *scalarArray) put(e *Encoder, key string) {
	switch a.kind {
	case arrayEmpty:
		e.put(emptySlice(e.key(key)))
	case arrayStrings:
		e.AddStrings(key, a.strs)
	case arrayBools:
		e.AddBools(key, a.bools)
	case arrayInts:
		e.AddInt64s(key, a.ints)
	case arrayNumbers:
		e.AddFloat64s(key, a.floats)
	}
}

// addArray adds a Go slice or array by the array rule.
func (e *Encoder) addArray(key string, rv reflect.Value) {
	n := rv.Len()
	if n == 0 {
		e.put(emptySlice(e.key(key)))
		return
	}
	if n*2 > e.maxBytes {
		e.addWalked(key, rv) // cut as JSON text; the walk stops at the limit
		return
	}
	var a scalarArray
	switch t := rv.Type().Elem(); {
	case t.Kind() == reflect.String && !hasTextMethods(t):
		a.kind, a.strs = arrayStrings, make([]string, n)
		for i := range n {
			a.strs[i] = rv.Index(i).String()
		}
	case t.Kind() == reflect.Bool && !hasTextMethods(t):
		a.kind, a.bools = arrayBools, make([]bool, n)
		for i := range n {
			a.bools[i] = rv.Index(i).Bool()
		}
	case isIntKind(t.Kind()) && !hasTextMethods(t) && t != durationType:
		a.kind, a.ints = arrayInts, make([]int64, n)
		for i := range n {
			a.ints[i] = rv.Index(i).Int()
		}
	case isFloatKind(t.Kind()) && !hasTextMethods(t):
		a.kind, a.floats = arrayNumbers, make([]float64, n)
		for i := range n {
			f := rv.Index(i).Float()
			if t.Kind() == reflect.Float32 {
				f = widen32(float32(f))
			}
			a.floats[i] = f
		}
	case t.Kind() == reflect.Interface || isUintKind(t.Kind()) && !hasTextMethods(t):
		for i := range n {
			if !a.addElem(rv.Index(i)) {
				e.addWalked(key, rv)
				return
			}
		}
	default:
		e.addWalked(key, rv)
		return
	}
	if a.kind == arrayNumbers {
		for _, f := range a.floats {
			if math.IsNaN(f) || math.IsInf(f, 0) {
				e.addWalked(key, rv) // JSON text, where they are strings
				return
			}
		}
	}
	a.put(e, key)
}

// addElem adds one element of a []any or an unsigned slice, if it is a
// plain scalar.
func (a *scalarArray) addElem(v reflect.Value) bool {
	for v.Kind() == reflect.Interface && !v.IsNil() {
		v = v.Elem()
	}
	if !v.IsValid() || hasTextMethods(v.Type()) {
		return false
	}
	switch k := v.Kind(); {
	case k == reflect.String:
		return a.addString(v.String())
	case k == reflect.Bool:
		return a.addBool(v.Bool())
	case isIntKind(k):
		return v.Type() != durationType && a.addInt(v.Int())
	case isUintKind(k):
		u := v.Uint()
		return u <= math.MaxInt64 && a.addInt(int64(u))
	case k == reflect.Float32:
		return a.addFloat(widen32(float32(v.Float())))
	case k == reflect.Float64:
		return a.addFloat(v.Float())
	}
	return false
}

// hasTextMethods reports whether t writes itself some other way than its
// kind (a marshaler, an error or a Stringer), so its elements are not
// plain scalars.
func hasTextMethods(t reflect.Type) bool {
	return t.Implements(jsonMarshalerType) || t.Implements(textMarshalerType) ||
		t.Implements(errorType) || t.Implements(stringerType)
}

func isIntKind(k reflect.Kind) bool { return k >= reflect.Int && k <= reflect.Int64 }
func isUintKind(k reflect.Kind) bool {
	return k >= reflect.Uint && k <= reflect.Uintptr
}
func isFloatKind(k reflect.Kind) bool { return k == reflect.Float32 || k == reflect.Float64 }

// AddJSONText adds a value a logger holds as JSON text (zerolog's event
// buffer, a json.RawMessage, what a MarshalJSON returned). A scalar stays a
// scalar: a string is a string attribute, a number an int64 (when it is an
// integer that fits) or a float64, true and false a bool, null a null (see [Encoder.AddNull]). An
// array follows the array rule; an object is kept as compact JSON text,
// within the depth and length limits. Text that is not one valid JSON
// value is added as by [Encoder.AddMalformed].
func (e *Encoder) AddJSONText(key string, text []byte) {
	r := jsonReader{text: text}
	r.space()
	switch c := r.peek(); {
	case c == '{':
		e.addRawJSON(key, text)
		return
	case c == '[':
		if e.addScalarArrayText(key, text) {
			return
		}
		e.addRawJSON(key, text)
		return
	}
	var ok bool
	switch c := r.peek(); {
	case c == '"':
		var s string
		if s, ok = r.str(); ok && r.end() {
			e.AddString(key, s)
			return
		}
	case c == 't':
		if r.literal("true") && r.end() {
			e.AddBool(key, true)
			return
		}
	case c == 'f':
		if r.literal("false") && r.end() {
			e.AddBool(key, false)
			return
		}
	case c == 'n':
		if r.literal("null") && r.end() {
			e.AddNull(key)
			return
		}
	default:
		var num []byte
		if num, ok = r.number(); ok && r.end() {
			e.addNumberText(key, num)
			return
		}
	}
	e.AddMalformed(key, string(text))
}

// end reports whether only white space is left.
func (r *jsonReader) end() bool {
	r.space()
	return r.pos == len(r.text)
}

// addNumberText adds a JSON number: an int64 when it is an integer that
// fits, else a float64, else (out of float64's range) its text.
func (e *Encoder) addNumberText(key string, num []byte) {
	if i, err := strconv.ParseInt(string(num), 10, 64); err == nil {
		e.AddInt64(key, i)
		return
	}
	if f, err := strconv.ParseFloat(string(num), 64); err == nil {
		e.AddFloat64(key, f)
		return
	}
	e.AddString(key, string(num))
}

// addScalarArrayText adds a JSON array of scalars as a typed slice; it
// reports false, having added nothing, when the array is not one.
func (e *Encoder) addScalarArrayText(key string, text []byte) bool {
	if len(text) > e.maxBytes {
		return false
	}
	r := jsonReader{text: text}
	r.space()
	r.pos++         // [
	a := &e.scratch // the attribute copies the elements: the storage is reused
	a.reset()
	defer a.reset()
	r.space()
	if r.peek() == ']' {
		r.pos++
		if !r.end() {
			return false
		}
		a.put(e, key)
		return true
	}
	for {
		r.space()
		var ok bool
		switch c := r.peek(); {
		case c == '"':
			var s string
			if s, ok = r.str(); ok {
				ok = a.addString(s)
			}
		case c == 't':
			ok = r.literal("true") && a.addBool(true)
		case c == 'f':
			ok = r.literal("false") && a.addBool(false)
		case c == '-' || (c >= '0' && c <= '9'):
			var num []byte
			if num, ok = r.number(); ok {
				if i, err := strconv.ParseInt(string(num), 10, 64); err == nil {
					ok = a.addInt(i)
				} else if f, err := strconv.ParseFloat(string(num), 64); err == nil && !integerText(num) {
					ok = a.addFloat(f)
				} else {
					ok = false // an integer past int64 is kept exact, in JSON text
				}
			}
		}
		if !ok {
			return false
		}
		r.space()
		switch r.peek() {
		case ',':
			r.pos++
			continue
		case ']':
			r.pos++
			if !r.end() {
				return false
			}
			a.put(e, key)
			return true
		}
		return false
	}
}

// addRawJSON adds an object or array held as JSON text, read through the
// bounded reader.
func (e *Encoder) addRawJSON(key string, text []byte) {
	w := e.BeginJSON()
	if !w.rawJSON(text) {
		e.AddMalformed(key, string(text))
		return
	}
	e.EndJSON(key)
}

// emptySlice is every empty array's attribute (see the array rule).
func emptySlice(key string) attribute.KeyValue { return attribute.StringSlice(key, []string{}) }

// integerText reports whether a JSON number has no fraction or exponent.
func integerText(num []byte) bool { return !bytes.ContainsAny(num, ".eE") }

// An ArrayEncoder builds one array field element by element, for loggers
// whose arrays arrive that way (zap's ArrayMarshaler), under the same
// array rule as every other array. Get it from [Encoder.BeginArray]; one
// is open at a time, and nested arrays and objects go through the
// [JSONWriter] that [ArrayEncoder.JSON] returns.
type ArrayEncoder struct {
	e    *Encoder
	w    *JSONWriter // set once the array is JSON text
	open bool
}

// BeginArray starts an array field; add its elements, then call
// [ArrayEncoder.End] with the field's key.
func (e *Encoder) BeginArray() *ArrayEncoder {
	e.scratch.reset()
	e.arr = ArrayEncoder{e: e, open: true}
	return &e.arr
}

// String adds a string element.
func (a *ArrayEncoder) String(s string) {
	if a.w == nil && a.e.scratch.addString(s) {
		return
	}
	a.JSON().String(s)
}

// Bool adds a boolean element.
func (a *ArrayEncoder) Bool(b bool) {
	if a.w == nil && a.e.scratch.addBool(b) {
		return
	}
	a.JSON().Bool(b)
}

// Int64 adds an integer element.
func (a *ArrayEncoder) Int64(i int64) {
	if a.w == nil && a.e.scratch.addInt(i) {
		return
	}
	a.JSON().Int64(i)
}

// Uint64 adds an unsigned element; past MaxInt64 it makes the array JSON
// text, where the number stays exact.
func (a *ArrayEncoder) Uint64(u uint64) {
	if u <= math.MaxInt64 {
		a.Int64(int64(u))
		return
	}
	a.JSON().Uint64(u)
}

// Float64 adds a float element (NaN and the infinities make the array
// JSON text, where they are strings).
func (a *ArrayEncoder) Float64(f float64) {
	if a.w == nil && a.e.scratch.addFloat(f) {
		return
	}
	a.JSON().Float64(f)
}

// JSON turns the array into JSON text, if it is not already, and returns
// the writer for the next element: nested arrays and objects, times,
// durations and anything else that is not a plain scalar.
func (a *ArrayEncoder) JSON() *JSONWriter {
	if a.w != nil {
		return a.w
	}
	// The elements so far are of one kind (ints read as floats once a
	// float came): write them again as the array's start.
	s := &a.e.scratch
	kind := s.kind
	a.w = a.e.BeginJSON()
	a.w.BeginArray()
	switch kind {
	case arrayStrings:
		for _, v := range s.strs {
			a.w.String(v)
		}
	case arrayBools:
		for _, v := range s.bools {
			a.w.Bool(v)
		}
	case arrayInts:
		for _, v := range s.ints {
			a.w.Int64(v)
		}
	case arrayNumbers:
		for _, v := range s.floats {
			a.w.Float64(v)
		}
	}
	s.reset()
	return a.w
}

// End adds the array as the field key: its typed slice, or JSON text.
func (a *ArrayEncoder) End(key string) {
	if !a.open {
		return
	}
	a.open = false
	if a.w != nil {
		a.w.EndArray()
		a.e.EndJSON(key)
		return
	}
	a.e.scratch.put(a.e, key)
	a.e.scratch.reset()
}
