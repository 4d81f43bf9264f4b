package core

import (
	"context"
	"encoding"
	"encoding/json"
	"fmt"
	"reflect"
	"time"
)

// AddAny adds a value whose type the logger did not pin down (zap.Any's
// reflected fields, logrus's Fields, slog.Any). The rules, in order:
//
//   - nil, and nil pointers, maps and slices: a null (see [Encoder.AddNull])
//   - context.Context: nothing (a context is how a log finds its parent,
//     never data)
//   - bool, integers, floats, strings, complex: as the typed Add methods,
//     named types included
//   - time.Time, time.Duration, []byte: as AddTime, AddDuration, AddBinary
//   - error: as AddError (attribute and exception event)
//   - json.Marshaler: its JSON read by [Encoder.AddJSONText], so a scalar
//     stays a scalar
//   - encoding.TextMarshaler, fmt.Stringer: their text
//   - slices and arrays: by the array rule (see [Encoder.AddJSONText])
//   - maps, structs: compact JSON, walked by core within the limits
//   - a pointer: the value it points to
//   - anything else (chan, func): its type, "<chan int>"
//
// A panic inside the value's own methods becomes the attribute key+"Error".
func (e *Encoder) AddAny(key string, val any) {
	if e.addKnown(key, val) {
		return
	}
	defer func() {
		if r := recover(); r != nil {
			e.AddPanic(key, r)
		}
	}()
	e.addReflected(key, reflect.ValueOf(val), 0)
}

// addKnown handles the types that need no reflection.
func (e *Encoder) addKnown(key string, val any) bool {
	switch v := val.(type) {
	case nil:
		e.AddNull(key)
	case string:
		e.AddString(key, v)
	case bool:
		e.AddBool(key, v)
	case int:
		e.AddInt64(key, int64(v))
	case int64:
		e.AddInt64(key, v)
	case int32:
		e.AddInt64(key, int64(v))
	case int16:
		e.AddInt64(key, int64(v))
	case int8:
		e.AddInt64(key, int64(v))
	case uint:
		e.AddUint64(key, uint64(v))
	case uint64:
		e.AddUint64(key, v)
	case uint32:
		e.AddInt64(key, int64(v))
	case uint16:
		e.AddInt64(key, int64(v))
	case uint8:
		e.AddInt64(key, int64(v))
	case uintptr:
		e.AddUint64(key, uint64(v))
	case float64:
		e.AddFloat64(key, v)
	case float32:
		e.AddFloat32(key, v)
	case complex128:
		e.AddComplex128(key, v)
	case complex64:
		e.AddComplex128(key, complex128(v))
	case time.Time:
		e.AddTime(key, v)
	case time.Duration:
		e.AddDuration(key, v)
	case []byte:
		if v == nil {
			e.AddNull(key)
			return true
		}
		e.AddBinary(key, v)
	case json.RawMessage:
		if v == nil {
			e.AddNull(key)
			return true
		}
		e.AddJSONText(key, v)
	case []string:
		if v == nil {
			e.AddNull(key)
			return true
		}
		e.AddStrings(key, v)
	case []int64:
		if v == nil {
			e.AddNull(key)
			return true
		}
		e.AddInt64s(key, v)
	case []float64:
		if v == nil {
			e.AddNull(key)
			return true
		}
		e.AddFloat64s(key, v)
	case []bool:
		if v == nil {
			e.AddNull(key)
			return true
		}
		e.AddBools(key, v)
	case context.Context:
		// Never data: adapters take it as the parent.
	case error:
		e.AddError(key, v)
	default:
		return false
	}
	return true
}

// maxPointerHops bounds how many pointers addReflected follows before
// handing the value to the walk, which has its own depth limit.
const maxPointerHops = 8

// addReflected handles named types, pointers and composite values.
func (e *Encoder) addReflected(key string, rv reflect.Value, hops int) {
	if !rv.IsValid() {
		e.AddNull(key)
		return
	}
	t := rv.Type()
	switch k := t.Kind(); {
	case (k == reflect.Pointer || k == reflect.Interface) && rv.IsNil():
		e.AddNull(key)
		return
	case t.Implements(errorType):
		e.AddError(key, rv.Interface().(error))
		return
	case t.Implements(jsonMarshalerType):
		b, err := rv.Interface().(json.Marshaler).MarshalJSON()
		if err != nil {
			e.AddString(key, errorText(t, err))
			return
		}
		e.AddJSONText(key, b)
		return
	case t.Implements(textMarshalerType):
		b, err := rv.Interface().(encoding.TextMarshaler).MarshalText()
		if err != nil {
			e.AddString(key, errorText(t, err))
			return
		}
		e.AddString(key, string(b))
		return
	case t.Implements(stringerType):
		e.AddStringer(key, rv.Interface().(fmt.Stringer))
		return
	case (k == reflect.Map || k == reflect.Slice) && rv.IsNil():
		// After the methods: a nil slice whose type writes itself (a
		// MarshalJSON) is what that method says, as encoding/json has it.
		e.AddNull(key)
		return
	case k == reflect.Pointer || k == reflect.Interface:
		if hops >= maxPointerHops {
			e.addWalked(key, rv)
			return
		}
		e.addReflected(key, rv.Elem(), hops+1)
		return
	}
	switch t.Kind() {
	case reflect.String:
		e.AddString(key, rv.String())
	case reflect.Bool:
		e.AddBool(key, rv.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if t == durationType {
			e.AddDuration(key, time.Duration(rv.Int()))
			return
		}
		e.AddInt64(key, rv.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		e.AddUint64(key, rv.Uint())
	case reflect.Float32:
		e.AddFloat32(key, float32(rv.Float()))
	case reflect.Float64:
		e.AddFloat64(key, rv.Float())
	case reflect.Complex64, reflect.Complex128:
		e.AddComplex128(key, rv.Complex())
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 && t.Kind() == reflect.Slice {
			e.AddBinary(key, rv.Bytes()) // a named []byte, as encoding/json writes it
			return
		}
		e.addArray(key, rv)
	case reflect.Struct:
		if t == timeType {
			e.AddTime(key, rv.Interface().(time.Time))
			return
		}
		e.addWalked(key, rv)
	case reflect.Map:
		e.addWalked(key, rv)
	default: // chan, func, unsafe pointer
		e.AddString(key, "<"+t.String()+">")
	}
}

// addWalked writes rv as JSON text through the walk.
func (e *Encoder) addWalked(key string, rv reflect.Value) {
	w := e.BeginJSON()
	w.walk(rv) // a panic reaches AddAny's recover: key+"Error"
	e.EndJSON(key)
}
