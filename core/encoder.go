package core

import (
	"encoding/base64"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"time"

	"go.opentelemetry.io/otel/attribute"
)

// emptyKey replaces an empty field key: OpenTelemetry drops attributes whose
// key is empty, and a field should not vanish for that.
const emptyKey = "_"

// An Encoder turns a logger's fields into span attributes. Adapters call
// its Add methods, one per field, with the field's native type; the encoder
// applies the span model's conversion rules, the limits, the UTF-8 repair
// and the namespace prefix. An Encoder comes from [Event.Encoder] for the
// fields of one log, or from [Emitter.NewEncoder] to convert fields once for
// a derived logger. It is not safe for concurrent use.
type Encoder struct {
	// base holds the fields of a derived logger, shared by all its logs
	// and never copied: attrs holds only this log's own fields.
	base     *Fields
	attrs    []attribute.KeyValue
	jsonKeys []jsonKey
	marks    []jsonKey // fields whose schema entry is not {} and not JSON's: times, bytes, nulls
	errs     []exception
	groups   groupStack
	json     JSONWriter
	scratch  scalarArray // elements of an array on their way to a typed slice
	arr      ArrayEncoder
	maxBytes int
	maxDepth int

	maxFields   int
	maxLogBytes int
	bytes       int // keys and values kept, base included
	dropped     int // fields left out past maxFields or maxLogBytes

	// Scrubbing: attrs[:clean] are scrubbed already (those of the base
	// Fields were scrubbed when the Fields were made).
	scrub    *scrubber
	clean    int
	scrubbed []scrubRecord
}

// jsonKey records an attribute whose value is JSON text, for the
// logfire.json_schema attribute.
type jsonKey struct {
	key  string
	kind string // "object" or "array"
	at   int    // the attribute's index among the log's, its base's first
}

// exception is an error field, ready to become an exception span event.
type exception struct {
	key             string // the attribute key, to follow scrubbing
	typ, msg, stack string
}

func (e *Encoder) reset(base *Fields, lim limits) {
	e.attrs = e.attrs[:0]
	e.jsonKeys = e.jsonKeys[:0]
	e.marks = e.marks[:0]
	e.errs = e.errs[:0]
	e.scrubbed = e.scrubbed[:0]
	e.groups.reset(lim.maxDepth, lim.maxBytes)
	e.maxBytes, e.maxDepth, e.maxFields, e.scrub = lim.maxBytes, lim.maxDepth, lim.maxFields, lim.scrub
	e.maxLogBytes = lim.maxLogBytes
	e.dropped, e.bytes = 0, 0
	e.base = nil
	if base != nil && (len(base.attrs) > 0 || base.groups.depth() > 0 || base.dropped > 0 || len(base.errs) > 0) {
		e.base = base
		e.groups.copyFrom(&base.groups)
		e.dropped, e.bytes = base.dropped, base.bytes
	}
	e.clean = 0
}

// fields returns how many fields the log has, its base's included.
func (e *Encoder) fields() int { return e.base.Len() + len(e.attrs) }

// put adds an attribute unless the field cap or the log's byte budget is
// reached, in which case the field is counted in logspan.dropped_fields
// instead.
func (e *Encoder) put(kv attribute.KeyValue) bool { return e.putSized(kv, attrSize(kv)) }

// putSized is put for an attribute whose weight the caller knows: reading
// a slice attribute's length back would copy the slice.
func (e *Encoder) putSized(kv attribute.KeyValue, size int) bool {
	if e.fields() >= e.maxFields || e.bytes+size > e.maxLogBytes {
		e.dropped++
		return false
	}
	e.bytes += size
	e.attrs = append(e.attrs, kv)
	return true
}

// attrSize is what a scalar attribute weighs against the log's byte
// budget: its key and value bytes, eight for a number or a bool. Slices
// are weighed by their callers (putSized).
func attrSize(kv attribute.KeyValue) int {
	if kv.Value.Type() == attribute.STRING {
		return len(kv.Key) + len(kv.Value.AsString())
	}
	return len(kv.Key) + 8
}

// Full reports whether the field cap or the byte budget is reached:
// adapters may stop converting fields then, since the rest will only be
// counted.
func (e *Encoder) Full() bool { return e.fields() >= e.maxFields || e.bytes >= e.maxLogBytes }

// scrubRest scrubs the attributes added since the last call.
func (e *Encoder) scrubRest() {
	if e.scrub != nil && e.clean < len(e.attrs) {
		before := len(e.scrubbed)
		e.scrubbed = e.scrub.scrub(e.attrs[e.clean:], e.jsonKeys, e.scrubbed)
		for _, r := range e.scrubbed[before:] {
			if len(r.Path) < 2 {
				continue
			}
			if len(r.Path) == 2 {
				// A JSON value replaced whole is no longer JSON: unlist it.
				e.jsonKeys = slices.DeleteFunc(e.jsonKeys, func(k jsonKey) bool { return k.key == r.Path[1] })
			}
			if len(r.Path) == 2 && len(e.marks) > 0 {
				// Nor is a replaced time, bytes or null what its mark says.
				e.marks = slices.DeleteFunc(e.marks, func(k jsonKey) bool { return k.key == r.Path[1] })
			}
			// An error's text must not leave through its exception event
			// (or the status) when its attribute was scrubbed, in whole
			// or in part (JSON text scrubbed inside).
			for i := range e.errs {
				if e.errs[i].key == r.Path[1] {
					e.errs[i].msg, e.errs[i].stack = scrubbedText(r.Matched), ""
				}
			}
		}
	}
	e.clean = len(e.attrs)
}

// key returns the attribute key for a field key: repaired, bounded, and
// prefixed by the open groups.
func (e *Encoder) key(k string) string {
	if k == "" {
		k = emptyKey
	}
	k = cleanString(k, e.maxBytes)
	if e.groups.prefix == "" {
		return k
	}
	return e.groups.prefix + k
}

func (e *Encoder) str(s string) string { return cleanString(s, e.maxBytes) }

// OpenNamespace makes every later key start with name and a dot, the way
// zap's JSON encoder nests the fields after zap.Namespace in an object. It
// is [Encoder.OpenGroup] without a matching close.
func (e *Encoder) OpenNamespace(name string) { e.OpenGroup(name) }

// OpenGroup makes every later key start with name and a dot, until the
// matching [Encoder.CloseGroup]: a slog group, a zap namespace, a nested
// logrus map. Groups nest up to the depth limit (see
// [logspan.WithMaxDepth]); the groups past it add the marker segment
// "<max depth exceeded>" once, so groups opened in a loop cannot make
// keys grow without end. An empty name opens a group that adds nothing,
// as slog's empty groups do.
func (e *Encoder) OpenGroup(name string) {
	if name != "" {
		name = cleanString(name, e.maxBytes)
	}
	e.groups.open(name)
}

// CloseGroup closes the innermost open group; with none open it does
// nothing.
func (e *Encoder) CloseGroup() { e.groups.close() }

// AddString adds a string attribute.
func (e *Encoder) AddString(key, val string) {
	kv := attribute.String(e.key(key), e.str(val))
	if isTags(kv.Key) {
		kv = KeyTags.StringSlice([]string{kv.Value.AsString()})
	}
	e.put(kv)
}

// AddBool adds a boolean attribute.
func (e *Encoder) AddBool(key string, val bool) {
	e.put(attribute.Bool(e.key(key), val))
}

// AddInt64 adds an integer attribute. Every signed integer type goes here.
func (e *Encoder) AddInt64(key string, val int64) {
	e.put(attribute.Int64(e.key(key), val))
}

// AddUint64 adds an unsigned integer: an int64 attribute when it fits, its
// decimal string otherwise (OpenTelemetry has no unsigned type).
func (e *Encoder) AddUint64(key string, val uint64) {
	if val <= math.MaxInt64 {
		e.AddInt64(key, int64(val))
		return
	}
	e.put(attribute.String(e.key(key), strconv.FormatUint(val, 10)))
}

// AddFloat64 adds a float attribute; NaN and the infinities become the
// strings "NaN", "+Inf" and "-Inf", which every backend can store.
func (e *Encoder) AddFloat64(key string, val float64) {
	if s, ok := nonFinite(val); ok {
		e.put(attribute.String(e.key(key), s))
		return
	}
	e.put(attribute.Float64(e.key(key), val))
}

// AddFloat32 adds a float32 as the float64 with the same shortest decimal
// form, so 0.1 stays 0.1 rather than 0.10000000149011612.
func (e *Encoder) AddFloat32(key string, val float32) {
	e.AddFloat64(key, widen32(val))
}

// AddComplex128 adds a complex number as its string, like "(1+2i)".
func (e *Encoder) AddComplex128(key string, val complex128) {
	e.put(attribute.String(e.key(key), strconv.FormatComplex(val, 'g', -1, 128)))
}

// AddTime adds a time as an RFC 3339 string with nanoseconds.
func (e *Encoder) AddTime(key string, val time.Time) {
	e.putMarked(attribute.String(e.key(key), val.Format(time.RFC3339Nano)), kindTime)
}

// AddDuration adds a duration as its String form, like "1.5s".
func (e *Encoder) AddDuration(key string, val time.Duration) {
	e.put(attribute.String(e.key(key), val.String()))
}

// AddBinary adds opaque bytes as a standard base64 string.
func (e *Encoder) AddBinary(key string, val []byte) {
	if n := base64.StdEncoding.EncodedLen(len(val)); n > e.maxBytes {
		// Encode only what survives the cut, then mark it as cut.
		keep := e.maxBytes / 4 * 3
		s := base64.StdEncoding.EncodeToString(val[:keep])
		e.put(attribute.String(e.key(key), s+truncatedMarker+strconv.Itoa(n-len(s))+" bytes]"))
		return
	}
	e.putMarked(attribute.String(e.key(key), base64.StdEncoding.EncodeToString(val)), kindBytes)
}

// AddStrings adds a string slice attribute. A slice longer in all than
// the value limit is written as JSON text instead, which is cut at the
// limit: a slice is one value, and one value must not make the export
// request too big for the backend.
func (e *Encoder) AddStrings(key string, val []string) {
	if len(val) == 0 {
		e.put(emptySlice(e.key(key)))
		return
	}
	total := 0
	for _, s := range val {
		total += len(s) + 3 // quotes and a comma, as in the JSON form
	}
	if total > e.maxBytes {
		addJSONArray(e, key, val, (*JSONWriter).String)
		return
	}
	out := make([]string, len(val))
	for i, s := range val {
		out[i] = e.str(s)
	}
	k := e.key(key)
	if isTags(attribute.Key(k)) {
		k = string(KeyTags)
	}
	e.putSized(attribute.StringSlice(k, out), len(k)+total)
}

// addJSONArray adds vals as a JSON array written element by element.
func addJSONArray[T any](e *Encoder, key string, vals []T, write func(*JSONWriter, T)) {
	w := e.BeginJSON()
	w.BeginArray()
	for _, v := range vals {
		write(w, v)
	}
	w.EndArray()
	e.EndJSON(key)
}

// tooLong reports whether a slice of n fixed-size elements of size bytes
// passes the value limit (see AddStrings).
func (e *Encoder) tooLong(n, size int) bool { return n*size > e.maxBytes }

// AddInt64s adds an integer slice attribute (JSON text past the limit).
func (e *Encoder) AddInt64s(key string, val []int64) {
	if len(val) == 0 {
		e.put(emptySlice(e.key(key)))
		return
	}
	if e.tooLong(len(val), 8) {
		addJSONArray(e, key, val, (*JSONWriter).Int64)
		return
	}
	k := e.key(key)
	e.putSized(attribute.Int64Slice(k, val), len(k)+8*len(val))
}

// AddFloat64s adds a float slice attribute. A slice holding NaN or an
// infinity, or passing the limit, is written as JSON text instead, where
// those become strings.
func (e *Encoder) AddFloat64s(key string, val []float64) {
	if len(val) == 0 {
		e.put(emptySlice(e.key(key)))
		return
	}
	asJSON := e.tooLong(len(val), 8)
	for _, f := range val {
		if _, bad := nonFinite(f); bad || asJSON {
			addJSONArray(e, key, val, (*JSONWriter).Float64)
			return
		}
	}
	k := e.key(key)
	e.putSized(attribute.Float64Slice(k, val), len(k)+8*len(val))
}

// AddBools adds a boolean slice attribute (JSON text past the limit).
func (e *Encoder) AddBools(key string, val []bool) {
	if len(val) == 0 {
		e.put(emptySlice(e.key(key)))
		return
	}
	if e.tooLong(len(val), 5) {
		addJSONArray(e, key, val, (*JSONWriter).Bool)
		return
	}
	k := e.key(key)
	e.putSized(attribute.BoolSlice(k, val), len(k)+8*len(val))
}

// AddStringer adds the String() of val. A nil pointer gives a null (see
// [Encoder.AddNull]); a panicking String method gives the attribute
// key+"Error" with the panic.
func (e *Encoder) AddStringer(key string, val fmt.Stringer) {
	if val == nil {
		e.AddNull(key)
		return
	}
	defer func() {
		if r := recover(); r != nil {
			if isNilPointer(val) {
				e.AddNull(key)
				return
			}
			e.AddPanic(key, r)
		}
	}()
	e.AddString(key, val.String())
}

// AddError adds an error field: the attribute key = err.Error(), and an
// exception event (type, message and, when the error's %+v form differs
// from its message, a stack trace) on the span. A nil error adds nothing; a
// typed nil adds a null (see [Encoder.AddNull]) and no event; a panicking Error method gives the
// attribute key+"Error" with the panic.
func (e *Encoder) AddError(key string, err error) {
	if err == nil {
		return
	}
	ex, ok := e.describe(key, err)
	if ok {
		ex.key = e.key(key)
		if e.put(attribute.String(ex.key, ex.msg)) {
			// The exception event weighs against the log's byte budget
			// too: its type, its message again, its stack. Past the
			// budget the stack goes first, then the event (counted).
			cost := len(ex.typ) + len(ex.msg) + len(ex.stack)
			if e.bytes+cost > e.maxLogBytes {
				ex.stack = ""
				cost = len(ex.typ) + len(ex.msg)
			}
			if e.bytes+cost > e.maxLogBytes {
				e.dropped++
			} else {
				e.bytes += cost
				e.errs = append(e.errs, ex)
			}
		}
	}
	// A multi-error whose own Error panics still lists its causes.
	e.addCauses(key, err)
}

// describe calls the error's methods under recover.
func (e *Encoder) describe(key string, err error) (ex exception, ok bool) {
	defer func() {
		if r := recover(); r != nil {
			if isNilPointer(err) {
				e.AddNull(key)
			} else {
				e.AddPanic(key, r)
			}
			ok = false
		}
	}()
	ex.msg = e.str(err.Error())
	ex.typ = reflect.TypeOf(err).String() // what %T prints, without fmt's allocation
	if f, isFormatter := err.(fmt.Formatter); isFormatter {
		if verbose := fmt.Sprintf("%+v", f); verbose != ex.msg {
			ex.stack = e.str(verbose)
		}
	}
	return ex, true
}

// AddMalformed adds text that should have been JSON but could not be read:
// a logger's raw field with broken syntax, say, or the rest of a record
// that could not be decoded past it. It is kept as a string, cut at the
// limit. Fields may hide inside it, out of reach of the scrubber's key
// checks, so a text in which anything that looks like an object key
// matches a pattern is replaced whole.
func (e *Encoder) AddMalformed(key, text string) {
	if e.scrub != nil {
		if m, ok := e.scrub.firstObjectKeyMatch(text); ok {
			k := e.key(key)
			if e.put(attribute.String(k, scrubbedText(m))) {
				e.scrubbed = append(e.scrubbed, scrubRecord{Path: []string{"attributes", k}, Matched: m})
			}
			return
		}
	}
	e.AddString(key, text)
}

// AddPanic records that producing the value of key panicked: the attribute
// key+"Error" holds "PANIC=<recovered value>", as zap writes it.
func (e *Encoder) AddPanic(key string, recovered any) {
	e.AddString(key+"Error", panicText(recovered))
}

// BeginJSON starts a JSON-encoded value and returns the writer to build it
// with; [Encoder.EndJSON] turns it into an attribute. Only one JSON value
// is built at a time: nested objects go through the same writer.
func (e *Encoder) BeginJSON() *JSONWriter {
	e.json.reset(e.maxBytes, e.maxDepth)
	return &e.json
}

// EndJSON adds the value built since [Encoder.BeginJSON] as a string
// attribute holding compact JSON, and lists key in logfire.json_schema when
// the value is an object or an array. A value cut at the length limit is no
// longer valid JSON: it is added as a marked string and not listed.
func (e *Encoder) EndJSON(key string) {
	w := &e.json
	k := e.key(key)
	if w.full || len(w.buf) > e.maxBytes {
		// Cut JSON is no longer JSON, so scrubbing cannot rewrite inside
		// it later: a value with a secret-looking key is replaced whole.
		text := string(w.buf)
		if e.scrub != nil {
			if m, ok := e.scrub.firstObjectKeyMatch(text); ok {
				if e.put(attribute.String(k, scrubbedText(m))) {
					e.scrubbed = append(e.scrubbed, scrubRecord{Path: []string{"attributes", k}, Matched: m})
				}
				return
			}
		}
		e.put(attribute.String(k, cleanString(text, e.maxBytes)))
		return
	}
	at := e.fields()
	if !e.put(attribute.String(k, string(w.buf))) {
		return
	}
	if len(w.buf) > 0 {
		switch w.buf[0] {
		case '{':
			e.jsonKeys = append(e.jsonKeys, jsonKey{key: k, kind: "object", at: at})
		case '[':
			e.jsonKeys = append(e.jsonKeys, jsonKey{key: k, kind: "array", at: at})
		}
	}
}

func nonFinite(f float64) (string, bool) {
	switch {
	case math.IsNaN(f):
		return "NaN", true
	case math.IsInf(f, 1):
		return "+Inf", true
	case math.IsInf(f, -1):
		return "-Inf", true
	}
	return "", false
}

// Float32ToFloat64 converts f to the float64 with the same shortest decimal
// form, so 0.1 stays 0.1 rather than 0.10000000149011612. Adapters use it
// for float32 values that reach core as float64.
func Float32ToFloat64(f float32) float64 { return widen32(f) }

// widen32 converts a float32 to the float64 with the same shortest decimal
// representation.
func widen32(f float32) float64 {
	v, err := strconv.ParseFloat(strconv.FormatFloat(float64(f), 'g', -1, 32), 64)
	if err != nil {
		return float64(f) // NaN and infinities: the plain conversion is exact
	}
	return v
}
