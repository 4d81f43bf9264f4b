package zerologspan

import (
	"strconv"
	"unicode/utf8"
	"unsafe"
)

// scanner reads the JSON zerolog writes. It is lenient where zerolog's
// output may be imperfect (RawJSON is copied unchecked, a nil error in
// Fields leaves a key without a value) and never panics: every read is
// bounds-checked and a syntax error just stops the scan. It never
// allocates for what it only looks at; strings are unescaped into scratch
// buffers that the caller copies from when it keeps a value.
type scanner struct {
	buf     []byte
	pos     int
	scratch [2][]byte // one for a key, one for a value read after it
}

func (s *scanner) reset(buf []byte) {
	s.buf, s.pos = buf, 0
}

func (s *scanner) eof() bool { return s.pos >= len(s.buf) }

// peek returns the next byte after white space, or 0 at the end.
func (s *scanner) peek() byte {
	for s.pos < len(s.buf) {
		switch c := s.buf[s.pos]; c {
		case ' ', '\t', '\n', '\r':
			s.pos++
		default:
			return c
		}
	}
	return 0
}

// consume skips white space and then c, reporting whether c was there.
func (s *scanner) consume(c byte) bool {
	if s.peek() == c {
		s.pos++
		return true
	}
	return false
}

// sep skips white space and any commas (zerolog never writes two in a
// row, RawJSON might), leaving s at the next token.
func (s *scanner) sep() {
	for s.peek() == ',' {
		s.pos++
	}
}

// str reads a string starting at the opening quote. The result aliases the
// buffer when the string has no escapes, scratch slot n otherwise; it is
// valid until the next read into the same slot.
func (s *scanner) str(n int) ([]byte, bool) {
	if s.peek() != '"' {
		return nil, false
	}
	s.pos++
	start := s.pos
	for i := start; i < len(s.buf); i++ {
		switch s.buf[i] {
		case '"':
			s.pos = i + 1
			return s.buf[start:i], true
		case '\\':
			return s.unescape(n, start, i)
		}
	}
	s.pos = len(s.buf)
	return nil, false
}

// unescape finishes reading a string that has escapes, from esc (the first
// backslash) on.
func (s *scanner) unescape(n, start, esc int) ([]byte, bool) {
	out := append(s.scratch[n][:0], s.buf[start:esc]...)
	defer func() { s.scratch[n] = out[:0] }()
	i := esc
	for i < len(s.buf) {
		c := s.buf[i]
		if c == '"' {
			s.pos = i + 1
			return out, true
		}
		if c != '\\' {
			out = append(out, c)
			i++
			continue
		}
		if i+1 >= len(s.buf) {
			break
		}
		i += 2
		switch e := s.buf[i-1]; e {
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			r, ok := hex4(s.buf, i)
			if !ok {
				out = append(out, "\uFFFD"...)
				continue
			}
			i += 4
			if utf8.RuneLen(r) < 0 { // a surrogate: try to pair it
				r2, ok2 := rune(0), false
				if i+1 < len(s.buf) && s.buf[i] == '\\' && s.buf[i+1] == 'u' {
					r2, ok2 = hex4(s.buf, i+2)
				}
				if r = decodeSurrogates(r, r2); ok2 && r != utf8.RuneError {
					i += 6
				}
			}
			out = utf8.AppendRune(out, r)
		default: // '"', '\\', '/' and, leniently, anything else
			out = append(out, e)
		}
	}
	s.pos = len(s.buf)
	return nil, false
}

func hex4(b []byte, i int) (rune, bool) {
	if i+4 > len(b) {
		return 0, false
	}
	var r rune
	for _, c := range b[i : i+4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

// decodeSurrogates joins a UTF-16 surrogate pair; a lone surrogate is
// U+FFFD, as encoding/json decodes it.
func decodeSurrogates(hi, lo rune) rune {
	if hi >= 0xD800 && hi < 0xDC00 && lo >= 0xDC00 && lo < 0xE000 {
		return (hi-0xD800)<<10 | (lo - 0xDC00) + 0x10000
	}
	return utf8.RuneError
}

// number reads a number literal and reports whether it is an integer (no
// fraction, no exponent). It accepts what JSON allows and a little more;
// strconv has the last word on the value.
func (s *scanner) number() (lit []byte, integer bool) {
	start := s.pos
	integer = true
	for s.pos < len(s.buf) {
		switch c := s.buf[s.pos]; {
		case '0' <= c && c <= '9', c == '-', c == '+':
		case c == '.', c == 'e', c == 'E':
			integer = false
		default:
			return s.buf[start:s.pos], integer
		}
		s.pos++
	}
	return s.buf[start:s.pos], integer
}

// literal reads true, false or null.
func (s *scanner) literal() (word string, ok bool) {
	for _, w := range [...]string{"true", "false", "null"} {
		if len(s.buf)-s.pos >= len(w) && string(s.buf[s.pos:s.pos+len(w)]) == w {
			s.pos += len(w)
			return w, true
		}
	}
	return "", false
}

// skip passes over one value of any kind without recursion, so that a
// deeply nested value costs no stack. It checks the tokens, not the
// grammar: a malformed value is skipped as far as its brackets say.
func (s *scanner) skip() bool {
	depth := 0
	for {
		switch c := s.peek(); {
		case c == '"':
			if _, ok := s.str(1); !ok {
				return false
			}
		case c == '{' || c == '[':
			s.pos++
			depth++
			continue
		case (c == '}' || c == ']') && depth > 0:
			s.pos++
			depth--
		case (c == ',' || c == ':') && depth > 0:
			s.pos++
			continue
		case c == '-' || '0' <= c && c <= '9':
			s.number()
		case c == 't' || c == 'f' || c == 'n':
			if _, ok := s.literal(); !ok {
				return false
			}
		default:
			return false
		}
		if depth == 0 {
			return true
		}
	}
}

// parseInt parses an integer literal; ok is false when it overflows int64.
func parseInt(lit []byte) (int64, bool) {
	i, err := strconv.ParseInt(unsafeString(lit), 10, 64)
	return i, err == nil
}

func parseUint(lit []byte) (uint64, bool) {
	u, err := strconv.ParseUint(unsafeString(lit), 10, 64)
	return u, err == nil
}

func parseFloat(lit []byte) (float64, bool) {
	f, err := strconv.ParseFloat(unsafeString(lit), 64)
	return f, err == nil
}

// unsafeString views b as a string for a call that does not keep it
// (strconv, a map lookup, a comparison, JSONWriter, which copies).
func unsafeString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}
