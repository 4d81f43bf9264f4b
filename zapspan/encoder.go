package zapspan

import (
	"fmt"
	"math"
	"time"

	"go.uber.org/zap/zapcore"

	"github.com/logspan/logspan/core"
)

// addFields converts zap fields into attributes on enc.
func addFields(enc *core.Encoder, fields []zapcore.Field) {
	top := topEncoder{enc}
	for i := range fields {
		addField(enc, top, &fields[i])
	}
}

// addField handles the field types whose meaning logspan defines itself
// (errors, contexts) and the common scalars directly; the rest go through
// zap's own Field.AddTo, so they are encoded exactly as zap encodes them.
func addField(enc *core.Encoder, top topEncoder, f *zapcore.Field) {
	switch f.Type {
	case zapcore.StringType:
		enc.AddString(f.Key, f.String)
	case zapcore.Int64Type, zapcore.Int32Type, zapcore.Int16Type, zapcore.Int8Type:
		enc.AddInt64(f.Key, f.Integer)
	case zapcore.BoolType:
		enc.AddBool(f.Key, f.Integer == 1)
	case zapcore.Float64Type:
		enc.AddFloat64(f.Key, math.Float64frombits(uint64(f.Integer)))
	case zapcore.ErrorType:
		err, _ := f.Interface.(error)
		enc.AddError(f.Key, err)
	case zapcore.SkipType:
		// Skipped, like every core does; a context in it is the parent.
	case zapcore.StringerType:
		if _, isCtx := contextField(*f); isCtx {
			return
		}
		s, _ := f.Interface.(fmt.Stringer)
		enc.AddStringer(f.Key, s)
	case zapcore.UnknownType:
		// zap panics here; a log line must not.
		enc.AddString(f.Key, "<zap field of unknown type>")
	default:
		addWithRecover(enc, top, f)
	}
}

// addWithRecover runs zap's AddTo, which calls user marshalers, and turns a
// panic into the attribute key+"Error".
func addWithRecover(enc *core.Encoder, top topEncoder, f *zapcore.Field) {
	defer func() {
		if r := recover(); r != nil {
			enc.AddPanic(f.Key, r)
		}
	}()
	f.AddTo(top)
}

// topEncoder is the zapcore.ObjectEncoder for top-level fields: each key
// becomes an attribute, nested values become JSON text.
type topEncoder struct{ enc *core.Encoder }

var _ zapcore.ObjectEncoder = topEncoder{}

func (t topEncoder) AddArray(key string, m zapcore.ArrayMarshaler) error {
	return addArray(t.enc, key, m)
}

func (t topEncoder) AddObject(key string, m zapcore.ObjectMarshaler) error {
	w := t.enc.BeginJSON()
	err := marshalObject(w, m)
	t.enc.EndJSON(key)
	return err
}

func (t topEncoder) AddBinary(key string, v []byte)     { t.enc.AddBinary(key, v) }
func (t topEncoder) AddByteString(key string, v []byte) { t.enc.AddString(key, string(v)) }
func (t topEncoder) AddBool(key string, v bool)         { t.enc.AddBool(key, v) }
func (t topEncoder) AddComplex128(key string, v complex128) {
	t.enc.AddComplex128(key, v)
}
func (t topEncoder) AddComplex64(key string, v complex64) {
	t.enc.AddComplex128(key, complex128(v))
}
func (t topEncoder) AddDuration(key string, v time.Duration) { t.enc.AddDuration(key, v) }
func (t topEncoder) AddFloat64(key string, v float64)        { t.enc.AddFloat64(key, v) }
func (t topEncoder) AddFloat32(key string, v float32)        { t.enc.AddFloat32(key, v) }
func (t topEncoder) AddInt(key string, v int)                { t.enc.AddInt64(key, int64(v)) }
func (t topEncoder) AddInt64(key string, v int64)            { t.enc.AddInt64(key, v) }
func (t topEncoder) AddInt32(key string, v int32)            { t.enc.AddInt64(key, int64(v)) }
func (t topEncoder) AddInt16(key string, v int16)            { t.enc.AddInt64(key, int64(v)) }
func (t topEncoder) AddInt8(key string, v int8)              { t.enc.AddInt64(key, int64(v)) }
func (t topEncoder) AddString(key, v string)                 { t.enc.AddString(key, v) }
func (t topEncoder) AddTime(key string, v time.Time)         { t.enc.AddTime(key, v) }
func (t topEncoder) AddUint(key string, v uint)              { t.enc.AddUint64(key, uint64(v)) }
func (t topEncoder) AddUint64(key string, v uint64)          { t.enc.AddUint64(key, v) }
func (t topEncoder) AddUint32(key string, v uint32)          { t.enc.AddUint64(key, uint64(v)) }
func (t topEncoder) AddUint16(key string, v uint16)          { t.enc.AddUint64(key, uint64(v)) }
func (t topEncoder) AddUint8(key string, v uint8)            { t.enc.AddUint64(key, uint64(v)) }
func (t topEncoder) AddUintptr(key string, v uintptr)        { t.enc.AddUint64(key, uint64(v)) }
func (t topEncoder) OpenNamespace(key string)                { t.enc.OpenNamespace(key) }

func (t topEncoder) AddReflected(key string, v any) error {
	t.enc.AddAny(key, v)
	return nil
}

// marshalObject writes m as a JSON object, closing the namespaces it opens.
// Past the depth limit the object is replaced by a marker, which also ends
// marshalers that recurse into themselves.
func marshalObject(w *core.JSONWriter, m zapcore.ObjectMarshaler) error {
	if w.TooDeep() {
		w.DepthExceeded()
		return nil
	}
	w.BeginObject()
	obj := &jsonObject{w: w}
	err := m.MarshalLogObject(obj)
	for ; obj.namespaces > 0; obj.namespaces-- {
		w.EndObject()
	}
	w.EndObject()
	return err
}

// marshalArray writes m as a JSON array.
func marshalArray(w *core.JSONWriter, m zapcore.ArrayMarshaler) error {
	if w.TooDeep() {
		w.DepthExceeded()
		return nil
	}
	w.BeginArray()
	err := m.MarshalLogArray(jsonArray{w})
	w.EndArray()
	return err
}
