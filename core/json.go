package core

import (
	"encoding/base64"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"time"
	"unicode/utf8"
)

// JSONWriter builds the compact JSON text of a nested value: an object, an
// array, or a value a logger hands over as a whole. Adapters use it to
// translate their own object and array marshalers; the [Encoder] turns the
// result into one string attribute.
//
// The writer inserts commas itself, repairs invalid UTF-8, writes NaN and
// infinities as strings (the way zap's JSON encoder does), and stops growing
// once the value passes the length limit. It never panics on the values it
// is given; recovering from a panicking marshaler is the caller's job, since
// only the caller runs foreign code.
type JSONWriter struct {
	buf      []byte
	depth    int
	maxDepth int
	maxBytes int
	full     bool
	hops     int // pointers followed in a row by the walk
}

func (w *JSONWriter) reset(maxBytes, maxDepth int) {
	w.buf = w.buf[:0]
	w.depth = 0
	w.hops = 0
	w.full = false
	w.maxBytes = maxBytes
	w.maxDepth = maxDepth
}

// Depth returns how many objects and arrays are open.
func (w *JSONWriter) Depth() int { return w.depth }

// TooDeep reports whether opening one more object or array would pass the
// depth limit. Callers about to run a marshaler check it first and write
// [JSONWriter.DepthExceeded] instead, which also stops runaway recursion in
// self-referencing marshalers.
func (w *JSONWriter) TooDeep() bool { return w.depth >= w.maxDepth }

// DepthExceeded writes the marker that stands for a value nested too deeply.
func (w *JSONWriter) DepthExceeded() { w.String("<max depth exceeded>") }

// Truncated reports whether the value passed the length limit.
func (w *JSONWriter) Truncated() bool { return w.full }

// Len returns the number of bytes written so far.
func (w *JSONWriter) Len() int { return len(w.buf) }

// Rewind drops everything written after the first n bytes; use it with
// [JSONWriter.Len] to undo a marshaler that failed halfway. Open objects and
// arrays are closed as they were at that point only if the caller tracked
// the depth: pass the depth returned by Depth at the same time.
func (w *JSONWriter) Rewind(n, depth int) {
	if n < len(w.buf) {
		w.buf = w.buf[:n]
	}
	w.depth = depth
	w.full = len(w.buf) > w.maxBytes
}

func (w *JSONWriter) check() bool {
	if len(w.buf) > w.maxBytes {
		w.full = true
	}
	return !w.full
}

// separator writes the comma needed before a new element, if any.
func (w *JSONWriter) separator() {
	if n := len(w.buf); n > 0 {
		switch w.buf[n-1] {
		case '{', '[', ':':
		default:
			w.buf = append(w.buf, ',')
		}
	}
}

// BeginObject opens an object.
func (w *JSONWriter) BeginObject() {
	w.depth++
	if w.check() {
		w.separator()
		w.buf = append(w.buf, '{')
	}
}

// EndObject closes the innermost object.
func (w *JSONWriter) EndObject() {
	w.depth--
	if !w.full {
		w.buf = append(w.buf, '}')
	}
}

// BeginArray opens an array.
func (w *JSONWriter) BeginArray() {
	w.depth++
	if w.check() {
		w.separator()
		w.buf = append(w.buf, '[')
	}
}

// EndArray closes the innermost array.
func (w *JSONWriter) EndArray() {
	w.depth--
	if !w.full {
		w.buf = append(w.buf, ']')
	}
}

// Key writes an object key; the value follows with the next call.
func (w *JSONWriter) Key(k string) {
	if w.check() {
		w.separator()
		w.buf = appendJSONString(w.buf, w.fit(k))
		w.buf = append(w.buf, ':')
	}
}

// String writes a string value.
func (w *JSONWriter) String(s string) {
	if w.check() {
		w.separator()
		w.buf = appendJSONString(w.buf, w.fit(s))
	}
}

// room is how many bytes the value may still grow by.
func (w *JSONWriter) room() int { return max(w.maxBytes-len(w.buf), 0) }

// fit cuts s to the room left, on a rune boundary, and marks the value
// full when it had to: a huge key or string costs what the limit allows,
// not its own size (escaping can still triple what is kept, a bounded
// factor; the value is cut at the limit in the end).
func (w *JSONWriter) fit(s string) string {
	if room := w.room(); len(s) > room {
		w.full = true
		return s[:cutUTF8(s, room)]
	}
	return s
}

// Bool writes a boolean value.
func (w *JSONWriter) Bool(b bool) {
	if w.check() {
		w.separator()
		w.buf = strconv.AppendBool(w.buf, b)
	}
}

// Int64 writes an integer value.
func (w *JSONWriter) Int64(i int64) {
	if w.check() {
		w.separator()
		w.buf = strconv.AppendInt(w.buf, i, 10)
	}
}

// Uint64 writes an unsigned integer value.
func (w *JSONWriter) Uint64(u uint64) {
	if w.check() {
		w.separator()
		w.buf = strconv.AppendUint(w.buf, u, 10)
	}
}

// Float64 writes a number; NaN and the infinities, which JSON cannot hold,
// are written as the strings "NaN", "+Inf" and "-Inf".
func (w *JSONWriter) Float64(f float64) {
	w.float(f, 64)
}

// Float32 writes a float32 without widening artefacts (0.1 stays 0.1).
func (w *JSONWriter) Float32(f float32) {
	w.float(float64(f), 32)
}

func (w *JSONWriter) float(f float64, bits int) {
	switch {
	case math.IsNaN(f):
		w.String("NaN")
	case math.IsInf(f, 1):
		w.String("+Inf")
	case math.IsInf(f, -1):
		w.String("-Inf")
	default:
		if w.check() {
			w.separator()
			w.buf = appendJSONFloat(w.buf, f, bits)
		}
	}
}

// Null writes null.
func (w *JSONWriter) Null() {
	if w.check() {
		w.separator()
		w.buf = append(w.buf, "null"...)
	}
}

// Bytes writes binary data as a base64 string; only what fits the room
// left is encoded.
func (w *JSONWriter) Bytes(b []byte) {
	if w.check() {
		w.separator()
		if keep := w.room() / 4 * 3; base64.StdEncoding.EncodedLen(len(b)) > w.room() {
			b, w.full = b[:keep], true
		}
		w.buf = append(w.buf, '"')
		w.buf = base64.StdEncoding.AppendEncode(w.buf, b)
		w.buf = append(w.buf, '"')
	}
}

// Time writes a time as an RFC 3339 string with nanoseconds.
func (w *JSONWriter) Time(t time.Time) {
	if w.check() {
		w.separator()
		w.buf = append(w.buf, '"')
		w.buf = t.AppendFormat(w.buf, time.RFC3339Nano)
		w.buf = append(w.buf, '"')
	}
}

// Any writes an arbitrary Go value. Errors are written as their message;
// everything else is walked by core with encoding/json's rules (json tags, MarshalJSON,
// MarshalText, as zap's reflected fields are), within the depth and length
// limits: a cyclic value ends in the depth marker. A panic in the value's
// own methods is recovered and written as "PANIC=<value>".
func (w *JSONWriter) Any(v any) {
	if !w.check() {
		return
	}
	mark, depth := len(w.buf), w.depth
	defer func() {
		if r := recover(); r != nil {
			w.Rewind(mark, depth)
			if isNilPointer(v) {
				w.Null() // a nil pointer is null inside JSON, as encoding/json writes it
				return
			}
			w.String(panicText(r))
		}
	}()
	w.any(v)
}

// any is Any without the recover, for callers that report a panic their
// own way.
func (w *JSONWriter) any(v any) {
	switch x := v.(type) {
	case nil:
		w.Null()
	case string:
		w.String(x)
	case bool:
		w.Bool(x)
	case int:
		w.Int64(int64(x))
	case int64:
		w.Int64(x)
	case int32:
		w.Int64(int64(x))
	case uint64:
		w.Uint64(x)
	case float64:
		w.Float64(x)
	case float32:
		w.Float32(x)
	case complex128:
		w.String(strconv.FormatComplex(x, 'g', -1, 128))
	case complex64:
		w.String(strconv.FormatComplex(complex128(x), 'g', -1, 64))
	case time.Time:
		w.Time(x)
	case time.Duration:
		w.String(x.String())
	case []byte:
		w.Bytes(x)
	case error:
		w.String(x.Error())
	default:
		w.reflected(v)
	}
}

func (w *JSONWriter) reflected(v any) { w.walk(reflect.ValueOf(v)) }

// appendJSONString appends s as a quoted JSON string, escaping what JSON
// requires and replacing invalid UTF-8 with U+FFFD.
func appendJSONString(buf []byte, s string) []byte {
	const hex = "0123456789abcdef"
	buf = append(buf, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			buf = append(buf, s[start:i]...)
			switch c {
			case '"', '\\':
				buf = append(buf, '\\', c)
			case '\n':
				buf = append(buf, '\\', 'n')
			case '\r':
				buf = append(buf, '\\', 'r')
			case '\t':
				buf = append(buf, '\\', 't')
			default:
				buf = append(buf, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			// A run of invalid bytes becomes one U+FFFD, as
			// strings.ToValidUTF8 repairs plain attribute values.
			buf = append(buf, s[start:i]...)
			buf = append(buf, "\ufffd"...)
			for i++; i < len(s); i++ {
				if r, size := utf8.DecodeRuneInString(s[i:]); r != utf8.RuneError || size != 1 {
					break
				}
			}
			start = i
			continue
		}
		i += size
	}
	buf = append(buf, s[start:]...)
	return append(buf, '"')
}

// panicText is how a recovered panic is written, matching zap's own
// "PANIC=<value>" form so the text reads the same in the app's logs.
// Printing the recovered value runs its methods, which may panic too; then
// only its type is written: recovery never prints a value unguarded.
func panicText(r any) (text string) {
	defer func() {
		if recover() != nil {
			text = "PANIC=<" + typeName(r) + " value whose printing panicked>"
		}
	}()
	return fmt.Sprintf("PANIC=%v", r)
}

// safeError returns err.Error(), or a marker naming err's type when that
// panics.
func safeError(err error) (text string) {
	defer func() {
		if recover() != nil {
			text = "<" + typeName(err) + " whose Error panicked>"
		}
	}()
	return err.Error()
}

// typeName is what %T prints, without fmt.
func typeName(v any) string {
	if v == nil {
		return "nil"
	}
	return reflect.TypeOf(v).String()
}

// appendJSONFloat writes a finite float the way encoding/json does, so a
// number reads the same whether core walked it or a logger's JSON held it:
// plain decimals between 1e-6 and 1e21, exponents outside with no
// leading zero ("1e-7").
func appendJSONFloat(buf []byte, f float64, bits int) []byte {
	format := byte('f')
	if abs := math.Abs(f); abs != 0 {
		if bits == 64 && (abs < 1e-6 || abs >= 1e21) ||
			bits == 32 && (float32(abs) < 1e-6 || float32(abs) >= 1e21) {
			format = 'e'
		}
	}
	buf = strconv.AppendFloat(buf, f, format, -1, bits)
	if format == 'e' {
		if n := len(buf); n >= 4 && buf[n-4] == 'e' && buf[n-3] == '-' && buf[n-2] == '0' {
			buf[n-2] = buf[n-1]
			buf = buf[:n-1]
		}
	}
	return buf
}
