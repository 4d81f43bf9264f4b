package core

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"time"
)

// AddAny adds a value whose type the logger did not pin down (zap.Any's
// reflected fields, logrus's Fields, slog.Any). The rules, in order:
//
//   - nil: the string "<nil>"
//   - context.Context: nothing (a context is how a log finds its parent,
//     never data)
//   - bool, integers, floats, strings, complex: as the typed Add methods
//   - slices of one primitive type: typed slice attributes
//   - time.Time, time.Duration, []byte: as AddTime, AddDuration, AddBinary
//   - error: as AddError (attribute and exception event)
//   - fmt.Stringer: its String()
//   - json.Marshaler, maps, structs, arrays and other slices: compact JSON
//   - a pointer: the value it points to ("<nil>" when nil)
//   - anything else: fmt's %v
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
	e.addReflected(key, val)
}

// addKnown handles the types that need no reflection.
func (e *Encoder) addKnown(key string, val any) bool {
	switch v := val.(type) {
	case nil:
		e.AddString(key, "<nil>")
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
		e.AddBinary(key, v)
	case []string:
		e.AddStrings(key, v)
	case []int64:
		e.AddInt64s(key, v)
	case []int:
		e.AddInt64s(key, convertSlice(v, func(i int) int64 { return int64(i) }))
	case []int32:
		e.AddInt64s(key, convertSlice(v, func(i int32) int64 { return int64(i) }))
	case []float64:
		e.AddFloat64s(key, v)
	case []float32:
		e.AddFloat64s(key, convertSlice(v, widen32))
	case []bool:
		e.AddBools(key, v)
	case context.Context:
		// Never data: adapters take it as the parent.
	case error:
		e.AddError(key, v)
	case fmt.Stringer:
		e.AddStringer(key, v)
	default:
		return false
	}
	return true
}

func convertSlice[S, T any](in []S, f func(S) T) []T {
	out := make([]T, len(in))
	for i, v := range in {
		out[i] = f(v)
	}
	return out
}

// addReflected handles named types, pointers and composite values.
func (e *Encoder) addReflected(key string, val any) {
	if _, ok := val.(json.Marshaler); ok {
		e.addJSON(key, val)
		return
	}
	rv := reflect.ValueOf(val)
	switch rv.Kind() {
	case reflect.Pointer, reflect.Interface:
		if rv.IsNil() {
			e.AddString(key, "<nil>")
			return
		}
		elem := rv.Elem()
		if elem.Kind() == reflect.Pointer || elem.Kind() == reflect.Interface {
			// Pointer chains end in JSON; following them one by one could
			// loop on a cycle.
			e.addJSON(key, val)
			return
		}
		if elem.CanInterface() {
			e.AddAny(key, elem.Interface())
			return
		}
		e.addJSON(key, val)
	case reflect.String:
		e.AddString(key, rv.String())
	case reflect.Bool:
		e.AddBool(key, rv.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
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
		if !e.addPrimitiveSlice(key, rv) {
			e.addJSON(key, val)
		}
	case reflect.Map, reflect.Struct:
		e.addJSON(key, val)
	default: // chan, func, unsafe pointer
		e.AddString(key, fmt.Sprintf("%v", val))
	}
}

// addPrimitiveSlice writes a slice or array of one primitive kind (a named
// element type included) as a typed slice attribute.
func (e *Encoder) addPrimitiveSlice(key string, rv reflect.Value) bool {
	if rv.Kind() == reflect.Slice && rv.IsNil() {
		return false
	}
	n := rv.Len()
	switch rv.Type().Elem().Kind() {
	case reflect.String:
		out := make([]string, n)
		for i := range n {
			out[i] = rv.Index(i).String()
		}
		e.AddStrings(key, out)
	case reflect.Bool:
		out := make([]bool, n)
		for i := range n {
			out[i] = rv.Index(i).Bool()
		}
		e.AddBools(key, out)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		out := make([]int64, n)
		for i := range n {
			out[i] = rv.Index(i).Int()
		}
		e.AddInt64s(key, out)
	case reflect.Float32, reflect.Float64:
		out := make([]float64, n)
		for i := range n {
			out[i] = rv.Index(i).Float()
		}
		e.AddFloat64s(key, out)
	default:
		return false
	}
	return true
}

// addJSON writes val as JSON text through the shared writer.
func (e *Encoder) addJSON(key string, val any) {
	w := e.BeginJSON()
	w.any(val) // a panic reaches AddAny's recover: key+"Error"
	e.EndJSON(key)
}
