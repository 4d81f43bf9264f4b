package zapspan

import (
	"math"
	"time"

	"go.uber.org/zap/zapcore"

	"github.com/logspan/logspan/core"
)

// elemKind is the kind of the elements a top-level array has held so far.
type elemKind uint8

const (
	kindNone elemKind = iota
	kindString
	kindInt
	kindFloat
	kindBool
	kindJSON // mixed or nested elements: the array is JSON text
)

// typedArray is the zapcore.ArrayEncoder for a top-level array field. While
// every element has the same primitive type it collects them, so zap.Strings,
// zap.Ints and friends become typed slice attributes; the first element of
// another type (or a nested value) turns the whole array into JSON text.
type typedArray struct {
	enc    *core.Encoder
	w      *core.JSONWriter
	kind   elemKind
	strs   []string
	ints   []int64
	floats []float64
	bools  []bool
}

func addArray(enc *core.Encoder, key string, m zapcore.ArrayMarshaler) error {
	a := &typedArray{enc: enc}
	err := m.MarshalLogArray(a)
	switch a.kind {
	case kindNone, kindString:
		enc.AddStrings(key, a.strs)
	case kindInt:
		enc.AddInt64s(key, a.ints)
	case kindFloat:
		enc.AddFloat64s(key, a.floats)
	case kindBool:
		enc.AddBools(key, a.bools)
	case kindJSON:
		a.w.EndArray()
		enc.EndJSON(key)
	}
	return err
}

// is reports whether the array still collects elements of kind k, and
// switches it to JSON when k differs from the kind collected so far.
func (a *typedArray) is(k elemKind) bool {
	if a.kind == kindNone && k != kindJSON {
		a.kind = k
	}
	if a.kind == k && k != kindJSON {
		return true
	}
	if a.kind != kindJSON {
		a.toJSON()
	}
	return false
}

// toJSON rewrites the elements collected so far as the start of a JSON array.
func (a *typedArray) toJSON() {
	a.w = a.enc.BeginJSON()
	a.w.BeginArray()
	for _, s := range a.strs {
		a.w.String(s)
	}
	for _, i := range a.ints {
		a.w.Int64(i)
	}
	for _, f := range a.floats {
		a.w.Float64(f)
	}
	for _, b := range a.bools {
		a.w.Bool(b)
	}
	a.kind = kindJSON
}

func (a *typedArray) AppendString(v string) {
	if a.is(kindString) {
		a.strs = append(a.strs, v)
		return
	}
	a.w.String(v)
}

func (a *typedArray) AppendInt64(v int64) {
	if a.is(kindInt) {
		a.ints = append(a.ints, v)
		return
	}
	a.w.Int64(v)
}

func (a *typedArray) AppendUint64(v uint64) {
	if v <= math.MaxInt64 {
		a.AppendInt64(int64(v))
		return
	}
	a.is(kindJSON)
	a.w.Uint64(v)
}

func (a *typedArray) AppendFloat64(v float64) {
	if a.is(kindFloat) {
		a.floats = append(a.floats, v)
		return
	}
	a.w.Float64(v)
}

func (a *typedArray) AppendBool(v bool) {
	if a.is(kindBool) {
		a.bools = append(a.bools, v)
		return
	}
	a.w.Bool(v)
}

// The rest are never primitive attribute values: they make the array JSON.

func (a *typedArray) AppendArray(m zapcore.ArrayMarshaler) error {
	a.is(kindJSON)
	return marshalArray(a.w, m)
}

func (a *typedArray) AppendObject(m zapcore.ObjectMarshaler) error {
	a.is(kindJSON)
	return marshalObject(a.w, m)
}

func (a *typedArray) AppendReflected(v any) error {
	a.is(kindJSON)
	a.w.Any(v)
	return nil
}

func (a *typedArray) AppendComplex128(v complex128) { a.is(kindJSON); a.w.Any(v) }
func (a *typedArray) AppendComplex64(v complex64)   { a.is(kindJSON); a.w.Any(v) }
func (a *typedArray) AppendDuration(v time.Duration) {
	a.is(kindJSON)
	a.w.String(v.String())
}
func (a *typedArray) AppendTime(v time.Time) { a.is(kindJSON); a.w.Time(v) }

func (a *typedArray) AppendByteString(v []byte) { a.AppendString(string(v)) }
func (a *typedArray) AppendFloat32(v float32)   { a.AppendFloat64(core.Float32ToFloat64(v)) }
func (a *typedArray) AppendInt(v int)           { a.AppendInt64(int64(v)) }
func (a *typedArray) AppendInt32(v int32)       { a.AppendInt64(int64(v)) }
func (a *typedArray) AppendInt16(v int16)       { a.AppendInt64(int64(v)) }
func (a *typedArray) AppendInt8(v int8)         { a.AppendInt64(int64(v)) }
func (a *typedArray) AppendUint(v uint)         { a.AppendUint64(uint64(v)) }
func (a *typedArray) AppendUint32(v uint32)     { a.AppendInt64(int64(v)) }
func (a *typedArray) AppendUint16(v uint16)     { a.AppendInt64(int64(v)) }
func (a *typedArray) AppendUint8(v uint8)       { a.AppendInt64(int64(v)) }
func (a *typedArray) AppendUintptr(v uintptr)   { a.AppendUint64(uint64(v)) }
