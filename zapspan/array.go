package zapspan

import (
	"reflect"
	"time"

	"go.uber.org/zap/zapcore"

	"github.com/logspan/logspan/core"
)

// typedArray is the zapcore.ArrayEncoder for a top-level array field: it
// hands each element to core's array builder, which applies the one array
// rule (zap.Strings and zap.Ints become typed slices, a mixed or nested
// array JSON text).
type typedArray struct{ a *core.ArrayEncoder }

// addArray adds an array field. A nil slice (zap.Ints(k, nil), and so
// zap.Any of a nil []int) is a null, as every other logger's nil slice is
// in the span and as encoding/json writes it; zap's own encoder writes [].
func addArray(enc *core.Encoder, key string, m zapcore.ArrayMarshaler) error {
	if rv := reflect.ValueOf(m); rv.Kind() == reflect.Slice && rv.IsNil() {
		enc.AddNull(key)
		return nil
	}
	a := typedArray{enc.BeginArray()}
	err := m.MarshalLogArray(a)
	a.a.End(key)
	return err
}

func (a typedArray) AppendString(v string)   { a.a.String(v) }
func (a typedArray) AppendInt64(v int64)     { a.a.Int64(v) }
func (a typedArray) AppendUint64(v uint64)   { a.a.Uint64(v) }
func (a typedArray) AppendFloat64(v float64) { a.a.Float64(v) }
func (a typedArray) AppendBool(v bool)       { a.a.Bool(v) }

// The rest are never primitive attribute values: they make the array JSON.

func (a typedArray) AppendArray(m zapcore.ArrayMarshaler) error {
	return marshalArray(a.a.JSON(), m)
}

func (a typedArray) AppendObject(m zapcore.ObjectMarshaler) error {
	return marshalObject(a.a.JSON(), m)
}

func (a typedArray) AppendReflected(v any) error {
	a.a.JSON().Any(v)
	return nil
}

func (a typedArray) AppendComplex128(v complex128) { a.a.JSON().Any(v) }
func (a typedArray) AppendComplex64(v complex64)   { a.a.JSON().Any(v) }
func (a typedArray) AppendDuration(v time.Duration) {
	a.a.JSON().String(v.String())
}
func (a typedArray) AppendTime(v time.Time) { a.a.JSON().Time(v) }

func (a typedArray) AppendByteString(v []byte) { a.AppendString(string(v)) }
func (a typedArray) AppendFloat32(v float32)   { a.AppendFloat64(core.Float32ToFloat64(v)) }
func (a typedArray) AppendInt(v int)           { a.AppendInt64(int64(v)) }
func (a typedArray) AppendInt32(v int32)       { a.AppendInt64(int64(v)) }
func (a typedArray) AppendInt16(v int16)       { a.AppendInt64(int64(v)) }
func (a typedArray) AppendInt8(v int8)         { a.AppendInt64(int64(v)) }
func (a typedArray) AppendUint(v uint)         { a.AppendUint64(uint64(v)) }
func (a typedArray) AppendUint32(v uint32)     { a.AppendInt64(int64(v)) }
func (a typedArray) AppendUint16(v uint16)     { a.AppendInt64(int64(v)) }
func (a typedArray) AppendUint8(v uint8)       { a.AppendInt64(int64(v)) }
func (a typedArray) AppendUintptr(v uintptr)   { a.AppendUint64(uint64(v)) }
