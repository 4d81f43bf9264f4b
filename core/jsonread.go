package core

import (
	"strconv"
	"unicode/utf8"
)

// rawJSON reads JSON text that came from outside (a MarshalJSON, a
// logger's raw field, zerolog's buffer) and writes it through w: compacted,
// with invalid UTF-8 repaired, objects and arrays nested past the depth
// limit replaced by the depth marker, and nothing past the value limit. It
// reports false, having written an unknown amount, when the text is not
// one valid JSON value; the caller rewinds.
//
// The reader is iterative where the text can be deep: skipping a value
// past the depth limit uses a counter, not the stack, so 20 KB of "[[[…"
// costs a loop, not a stack overflow.
func (w *JSONWriter) rawJSON(text []byte) bool {
	r := jsonReader{text: text}
	r.space()
	if !r.value(w) {
		return false
	}
	r.space()
	return r.pos == len(r.text)
}

type jsonReader struct {
	text []byte
	pos  int
}

func (r *jsonReader) space() {
	for r.pos < len(r.text) {
		switch r.text[r.pos] {
		case ' ', '\t', '\n', '\r':
			r.pos++
		default:
			return
		}
	}
}

func (r *jsonReader) peek() byte {
	if r.pos < len(r.text) {
		return r.text[r.pos]
	}
	return 0
}

// value reads one value and writes it to w.
func (r *jsonReader) value(w *JSONWriter) bool {
	switch c := r.peek(); {
	case c == '{' || c == '[':
		if w.TooDeep() {
			if !r.skip() {
				return false
			}
			w.DepthExceeded()
			return true
		}
		if c == '{' {
			return r.object(w)
		}
		return r.array(w)
	case c == '"':
		return r.copyString(w, false)
	case c == 't':
		return r.literal("true") && w.lit("true")
	case c == 'f':
		return r.literal("false") && w.lit("false")
	case c == 'n':
		return r.literal("null") && w.lit("null")
	default:
		num, ok := r.number()
		if ok && w.check() {
			w.separator()
			if len(num) > w.room() {
				w.full = true // a number cannot be cut: the value is
			} else {
				w.buf = append(w.buf, num...)
			}
		}
		return ok
	}
}

func (r *jsonReader) object(w *JSONWriter) bool {
	r.pos++ // {
	w.BeginObject()
	r.space()
	if r.peek() == '}' {
		r.pos++
		w.EndObject()
		return true
	}
	for {
		r.space()
		if r.peek() != '"' || !r.copyString(w, true) {
			return false
		}
		r.space()
		if r.peek() != ':' {
			return false
		}
		r.pos++
		r.space()
		if !r.value(w) {
			return false
		}
		r.space()
		switch r.peek() {
		case ',':
			r.pos++
		case '}':
			r.pos++
			w.EndObject()
			return true
		default:
			return false
		}
	}
}

func (r *jsonReader) array(w *JSONWriter) bool {
	r.pos++ // [
	w.BeginArray()
	r.space()
	if r.peek() == ']' {
		r.pos++
		w.EndArray()
		return true
	}
	for {
		r.space()
		if !r.value(w) {
			return false
		}
		r.space()
		switch r.peek() {
		case ',':
			r.pos++
		case ']':
			r.pos++
			w.EndArray()
			return true
		default:
			return false
		}
	}
}

// skip passes over one object or array, checking only that its brackets
// balance and its strings end: it is replaced by a marker anyway.
func (r *jsonReader) skip() bool {
	var stack []byte
	for r.pos < len(r.text) {
		c := r.text[r.pos]
		switch c {
		case '"':
			if _, ok := r.str(); !ok {
				return false
			}
			continue
		case '{':
			stack = append(stack, '}')
		case '[':
			stack = append(stack, ']')
		case '}', ']':
			if len(stack) == 0 || stack[len(stack)-1] != c {
				return false
			}
			stack = stack[:len(stack)-1]
			if len(stack) == 0 {
				r.pos++
				return true
			}
		}
		r.pos++
	}
	return false
}

func (r *jsonReader) literal(lit string) bool {
	if len(r.text)-r.pos < len(lit) || string(r.text[r.pos:r.pos+len(lit)]) != lit {
		return false
	}
	r.pos += len(lit)
	return true
}

// number reads a JSON number and returns its text, which aliases the
// input.
func (r *jsonReader) number() ([]byte, bool) {
	start := r.pos
	if r.peek() == '-' {
		r.pos++
	}
	digits := func() int {
		n := 0
		for r.pos < len(r.text) && r.text[r.pos] >= '0' && r.text[r.pos] <= '9' {
			r.pos++
			n++
		}
		return n
	}
	if r.peek() == '0' {
		r.pos++
	} else if digits() == 0 {
		return nil, false
	}
	if r.peek() == '.' {
		r.pos++
		if digits() == 0 {
			return nil, false
		}
	}
	if c := r.peek(); c == 'e' || c == 'E' {
		r.pos++
		if c := r.peek(); c == '+' || c == '-' {
			r.pos++
		}
		if digits() == 0 {
			return nil, false
		}
	}
	return r.text[start:r.pos], true
}

// copyString reads a JSON string and writes it to w, as a key when key is
// set. A string with no escapes and valid UTF-8, the usual case, is copied
// as it stands, without decoding it into a Go string first.
func (r *jsonReader) copyString(w *JSONWriter, key bool) bool {
	start := r.pos + 1
	end := start
	for end < len(r.text) {
		c := r.text[end]
		if c == '"' || c == '\\' || c < 0x20 || c >= utf8.RuneSelf {
			break
		}
		end++
	}
	if end < len(r.text) && r.text[end] == '"' {
		r.pos = end + 1
		if w.check() {
			w.separator()
			raw := r.text[start:end]
			if room := w.room(); len(raw) > room {
				raw, w.full = raw[:room], true // ASCII: any cut is a rune boundary
			}
			w.buf = append(w.buf, '"')
			w.buf = append(w.buf, raw...)
			w.buf = append(w.buf, '"')
			if key {
				w.buf = append(w.buf, ':')
			}
		}
		return true
	}
	s, ok := r.str()
	if !ok {
		return false
	}
	if key {
		w.Key(s)
	} else {
		w.String(s)
	}
	return true
}

// str reads a JSON string and returns its decoded value, invalid UTF-8
// repaired.
func (r *jsonReader) str() (string, bool) {
	r.pos++ // opening quote
	start := r.pos
	// Fast path: no escapes.
	for r.pos < len(r.text) {
		c := r.text[r.pos]
		if c == '"' {
			s := string(r.text[start:r.pos])
			r.pos++
			return s, true
		}
		if c == '\\' || c < 0x20 {
			break
		}
		r.pos++
	}
	buf := append([]byte(nil), r.text[start:r.pos]...)
	for r.pos < len(r.text) {
		c := r.text[r.pos]
		switch {
		case c == '"':
			r.pos++
			return string(buf), true
		case c < 0x20:
			return "", false
		case c != '\\':
			buf = append(buf, c)
			r.pos++
			continue
		}
		r.pos++
		if r.pos >= len(r.text) {
			return "", false
		}
		e := r.text[r.pos]
		r.pos++
		switch e {
		case '"', '\\', '/':
			buf = append(buf, e)
		case 'b':
			buf = append(buf, '\b')
		case 'f':
			buf = append(buf, '\f')
		case 'n':
			buf = append(buf, '\n')
		case 'r':
			buf = append(buf, '\r')
		case 't':
			buf = append(buf, '\t')
		case 'u':
			cp, ok := r.hex4()
			if !ok {
				return "", false
			}
			if utf16High(cp) && r.pos+1 < len(r.text) && r.text[r.pos] == '\\' && r.text[r.pos+1] == 'u' {
				save := r.pos
				r.pos += 2
				if lo, ok := r.hex4(); ok && utf16Low(lo) {
					cp = 0x10000 + (cp-0xD800)<<10 + (lo - 0xDC00)
				} else {
					r.pos = save
				}
			}
			if utf16High(cp) || utf16Low(cp) {
				cp = utf8.RuneError
			}
			buf = utf8.AppendRune(buf, cp)
		default:
			return "", false
		}
	}
	return "", false
}

func (r *jsonReader) hex4() (rune, bool) {
	if len(r.text)-r.pos < 4 {
		return 0, false
	}
	v, err := strconv.ParseUint(string(r.text[r.pos:r.pos+4]), 16, 32)
	if err != nil {
		return 0, false
	}
	r.pos += 4
	return rune(v), true
}

func utf16High(r rune) bool { return r >= 0xD800 && r < 0xDC00 }
func utf16Low(r rune) bool  { return r >= 0xDC00 && r < 0xE000 }

// lit writes a literal (a number's text, true, false, null) as it is.
func (w *JSONWriter) lit(s string) bool {
	if w.check() {
		w.separator()
		w.buf = append(w.buf, s...)
	}
	return true
}
