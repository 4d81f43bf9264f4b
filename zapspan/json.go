package zapspan

import (
	"time"

	"go.uber.org/zap/zapcore"

	"github.com/logspan/logspan/core"
)

// jsonObject is the zapcore.ObjectEncoder for nested objects, writing JSON
// the way zap's JSON encoder does (namespaces become nested objects).
type jsonObject struct {
	w          *core.JSONWriter
	namespaces int
}

var _ zapcore.ObjectEncoder = (*jsonObject)(nil)

func (o *jsonObject) AddArray(key string, m zapcore.ArrayMarshaler) error {
	o.w.Key(key)
	return marshalArray(o.w, m)
}

func (o *jsonObject) AddObject(key string, m zapcore.ObjectMarshaler) error {
	o.w.Key(key)
	return marshalObject(o.w, m)
}

func (o *jsonObject) AddReflected(key string, v any) error {
	o.w.Key(key)
	o.w.Any(v)
	return nil
}

func (o *jsonObject) OpenNamespace(key string) {
	o.w.Key(key)
	o.w.BeginObject()
	o.namespaces++
}

func (o *jsonObject) AddBinary(key string, v []byte)     { o.w.Key(key); o.w.Bytes(v) }
func (o *jsonObject) AddByteString(key string, v []byte) { o.w.Key(key); o.w.String(string(v)) }
func (o *jsonObject) AddBool(key string, v bool)         { o.w.Key(key); o.w.Bool(v) }
func (o *jsonObject) AddComplex128(key string, v complex128) {
	o.w.Key(key)
	o.w.Any(v)
}
func (o *jsonObject) AddComplex64(key string, v complex64) { o.AddComplex128(key, complex128(v)) }
func (o *jsonObject) AddDuration(key string, v time.Duration) {
	o.w.Key(key)
	o.w.String(v.String())
}
func (o *jsonObject) AddFloat64(key string, v float64) { o.w.Key(key); o.w.Float64(v) }
func (o *jsonObject) AddFloat32(key string, v float32) { o.w.Key(key); o.w.Float32(v) }
func (o *jsonObject) AddInt(key string, v int)         { o.w.Key(key); o.w.Int64(int64(v)) }
func (o *jsonObject) AddInt64(key string, v int64)     { o.w.Key(key); o.w.Int64(v) }
func (o *jsonObject) AddInt32(key string, v int32)     { o.w.Key(key); o.w.Int64(int64(v)) }
func (o *jsonObject) AddInt16(key string, v int16)     { o.w.Key(key); o.w.Int64(int64(v)) }
func (o *jsonObject) AddInt8(key string, v int8)       { o.w.Key(key); o.w.Int64(int64(v)) }
func (o *jsonObject) AddString(key, v string)          { o.w.Key(key); o.w.String(v) }
func (o *jsonObject) AddTime(key string, v time.Time)  { o.w.Key(key); o.w.Time(v) }
func (o *jsonObject) AddUint(key string, v uint)       { o.w.Key(key); o.w.Uint64(uint64(v)) }
func (o *jsonObject) AddUint64(key string, v uint64)   { o.w.Key(key); o.w.Uint64(v) }
func (o *jsonObject) AddUint32(key string, v uint32)   { o.w.Key(key); o.w.Uint64(uint64(v)) }
func (o *jsonObject) AddUint16(key string, v uint16)   { o.w.Key(key); o.w.Uint64(uint64(v)) }
func (o *jsonObject) AddUint8(key string, v uint8)     { o.w.Key(key); o.w.Uint64(uint64(v)) }
func (o *jsonObject) AddUintptr(key string, v uintptr) { o.w.Key(key); o.w.Uint64(uint64(v)) }

// jsonArray is the zapcore.ArrayEncoder for nested arrays.
type jsonArray struct{ w *core.JSONWriter }

var _ zapcore.ArrayEncoder = jsonArray{}

func (a jsonArray) AppendArray(m zapcore.ArrayMarshaler) error   { return marshalArray(a.w, m) }
func (a jsonArray) AppendObject(m zapcore.ObjectMarshaler) error { return marshalObject(a.w, m) }
func (a jsonArray) AppendReflected(v any) error                  { a.w.Any(v); return nil }
func (a jsonArray) AppendBool(v bool)                            { a.w.Bool(v) }
func (a jsonArray) AppendByteString(v []byte)                    { a.w.String(string(v)) }
func (a jsonArray) AppendComplex128(v complex128)                { a.w.Any(v) }
func (a jsonArray) AppendComplex64(v complex64)                  { a.w.Any(complex128(v)) }
func (a jsonArray) AppendDuration(v time.Duration)               { a.w.String(v.String()) }
func (a jsonArray) AppendFloat64(v float64)                      { a.w.Float64(v) }
func (a jsonArray) AppendFloat32(v float32)                      { a.w.Float32(v) }
func (a jsonArray) AppendInt(v int)                              { a.w.Int64(int64(v)) }
func (a jsonArray) AppendInt64(v int64)                          { a.w.Int64(v) }
func (a jsonArray) AppendInt32(v int32)                          { a.w.Int64(int64(v)) }
func (a jsonArray) AppendInt16(v int16)                          { a.w.Int64(int64(v)) }
func (a jsonArray) AppendInt8(v int8)                            { a.w.Int64(int64(v)) }
func (a jsonArray) AppendString(v string)                        { a.w.String(v) }
func (a jsonArray) AppendTime(v time.Time)                       { a.w.Time(v) }
func (a jsonArray) AppendUint(v uint)                            { a.w.Uint64(uint64(v)) }
func (a jsonArray) AppendUint64(v uint64)                        { a.w.Uint64(v) }
func (a jsonArray) AppendUint32(v uint32)                        { a.w.Uint64(uint64(v)) }
func (a jsonArray) AppendUint16(v uint16)                        { a.w.Uint64(uint64(v)) }
func (a jsonArray) AppendUint8(v uint8)                          { a.w.Uint64(uint64(v)) }
func (a jsonArray) AppendUintptr(v uintptr)                      { a.w.Uint64(uint64(v)) }
