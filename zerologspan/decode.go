package zerologspan

import (
	"github.com/logspan/logspan/core"
)

// names are the keys zerolog gives its own fields, read from zerolog's
// globals once per event (they may be changed at start-up).
type names struct {
	level, time, caller, err string
	// skipLevel: the event starts with the level field zerolog wrote.
	skipLevel bool
}

// decoder turns the fields of one event buffer into encoder calls. It is
// pooled by the hook: its scratch space survives between events.
type decoder struct {
	s       scanner
	strs    []string
	ints    []int64
	floats  []float64
	bools   []bool
	handled []int // positions of the fields that became the record's time and caller
}

// arrayKind is what a JSON array holds, when all its elements agree.
type arrayKind uint8

const (
	arrayEmpty arrayKind = iota
	arrayStrings
	arrayInts
	arrayFloats // numbers, at least one of them not an integer
	arrayBools
	arrayMixed // anything else: written as JSON text
)

// fields decodes every top-level field of buf (zerolog's event buffer: an
// object without its closing brace, or a whole one) into enc. It skips the
// level zerolog wrote and the fields at the positions in d.handled. A
// syntax error ends the decoding; the text from the broken value on is kept
// as a string under the value's key (under "_" when there is no key), so
// no data is silently dropped, and is scrubbed whole if any key in it looks
// like a secret's (core's AddMalformed).
func (d *decoder) fields(enc *core.Encoder, buf []byte, n names) {
	s := &d.s
	s.reset(buf)
	s.consume('{')
	for i := 0; ; i++ {
		s.sep()
		c := s.peek()
		start := s.pos
		switch c {
		case 0:
			return
		case '}': // the end of a whole object, or stray text from RawJSON
			s.pos++
			if s.peek() == 0 {
				return
			}
			enc.AddMalformed("_", string(s.buf[start:]))
			return
		case '"':
		default:
			enc.AddMalformed("_", string(s.buf[start:]))
			return
		}
		rawKey, ok := s.str(0)
		if !ok || !s.consume(':') {
			enc.AddMalformed("_", string(s.buf[start:]))
			return
		}
		if c := s.peek(); c == ',' || c == '}' || c == 0 {
			continue // zerolog wrote a key and no value (a nil error in Fields)
		}
		if (i == 0 && n.skipLevel && unsafeString(rawKey) == n.level) || d.isHandled(start) {
			if !s.skip() {
				return
			}
			continue
		}
		key := internKey(rawKey)
		if !d.value(enc, key, n) {
			return
		}
	}
}

func (d *decoder) isHandled(pos int) bool {
	for _, p := range d.handled {
		if p == pos {
			return true
		}
	}
	return false
}

// value decodes one top-level value under key. It returns false, after
// keeping the rest of the buffer under key, when the value is malformed.
func (d *decoder) value(enc *core.Encoder, key string, n names) bool {
	s := &d.s
	start := s.pos
	ok := true
	switch c := s.peek(); {
	case c == '"':
		var v []byte
		if v, ok = s.str(1); ok {
			d.addString(enc, key, v, n)
		}
	case c == '-' || '0' <= c && c <= '9':
		addNumber(enc, key, s)
	case c == '{':
		w := enc.BeginJSON()
		if ok = copyJSON(s, w); ok {
			enc.EndJSON(key)
		}
	case c == '[':
		ok = d.array(enc, key)
	default:
		var word string
		if word, ok = s.literal(); ok {
			switch word {
			case "true":
				enc.AddBool(key, true)
			case "false":
				enc.AddBool(key, false)
			default:
				enc.AddString(key, "<nil>") // a nil value, as core writes nil
			}
		}
	}
	if !ok {
		enc.AddMalformed(key, string(s.buf[start:]))
	}
	return ok
}

// addString adds a string field; an error field (zerolog.ErrorFieldName, or
// any field holding the message of an error CaptureErrors saw) becomes an
// error, with its exception event.
func (d *decoder) addString(enc *core.Encoder, key string, v []byte, n names) {
	if err, ok := capturedErr(v); ok {
		enc.AddError(key, err)
		return
	}
	if key == n.err {
		enc.AddError(key, untypedError(v))
		return
	}
	enc.AddString(key, string(v))
}

// addNumber adds a number, keeping zerolog's distinction: a literal without
// fraction or exponent is an integer (int64, or through AddUint64 above
// MaxInt64), anything else a float64. A number no Go type holds is kept as
// its literal text rather than rounded.
func addNumber(enc *core.Encoder, key string, s *scanner) {
	lit, integer := s.number()
	if integer {
		if i, ok := parseInt(lit); ok {
			enc.AddInt64(key, i)
			return
		}
		if u, ok := parseUint(lit); ok {
			enc.AddUint64(key, u)
			return
		}
	} else if f, ok := parseFloat(lit); ok {
		enc.AddFloat64(key, f)
		return
	}
	enc.AddString(key, string(lit))
}

// array adds an array: a typed slice attribute when every element is a
// string, every one a bool, or every one a number (int64 when they are all
// integers, float64 otherwise); compact JSON text for anything else,
// including the empty array, whose element type is unknown.
func (d *decoder) array(enc *core.Encoder, key string) bool {
	s := &d.s
	start := s.pos
	kind, count, ok := classify(s)
	if !ok {
		return false
	}
	s.pos = start
	s.consume('[')
	switch kind {
	case arrayStrings:
		d.strs = d.strs[:0]
		for range count {
			s.sep()
			v, _ := s.str(1)
			d.strs = append(d.strs, string(v))
		}
		enc.AddStrings(key, d.strs)
		clear(d.strs)
	case arrayInts:
		d.ints = d.ints[:0]
		for range count {
			s.sep()
			i, _ := parseInt(d.numberLit())
			d.ints = append(d.ints, i)
		}
		enc.AddInt64s(key, d.ints)
	case arrayFloats:
		d.floats = d.floats[:0]
		for range count {
			s.sep()
			f, _ := parseFloat(d.numberLit())
			d.floats = append(d.floats, f)
		}
		enc.AddFloat64s(key, d.floats)
	case arrayBools:
		d.bools = d.bools[:0]
		for range count {
			s.sep()
			w, _ := s.literal()
			d.bools = append(d.bools, w == "true")
		}
		enc.AddBools(key, d.bools)
	default:
		s.pos = start
		w := enc.BeginJSON()
		if !copyJSON(s, w) {
			return false
		}
		enc.EndJSON(key)
		return true
	}
	s.consume(']')
	return true
}

func (d *decoder) numberLit() []byte {
	lit, _ := d.s.number()
	return lit
}

// classify scans the array at s.pos (its opening bracket) and tells what it
// holds, leaving s after the array.
func classify(s *scanner) (kind arrayKind, count int, ok bool) {
	s.consume('[')
	for {
		s.sep()
		var k arrayKind
		switch c := s.peek(); {
		case c == ']':
			s.pos++
			return kind, count, true
		case c == '"':
			if _, ok := s.str(1); !ok {
				return 0, 0, false
			}
			k = arrayStrings
		case c == '-' || '0' <= c && c <= '9':
			lit, integer := s.number()
			k = arrayFloats
			if integer {
				if _, fits := parseInt(lit); !fits {
					k = arrayMixed // a big integer: JSON keeps it exact
				} else {
					k = arrayInts
				}
			} else if _, fits := parseFloat(lit); !fits {
				k = arrayMixed
			}
		case c == 't' || c == 'f':
			if _, ok := s.literal(); !ok {
				return 0, 0, false
			}
			k = arrayBools
		default:
			if !s.skip() {
				return 0, 0, false
			}
			k = arrayMixed
		}
		count++
		switch {
		case kind == arrayEmpty || kind == k:
			kind = k
		case kind == arrayInts && k == arrayFloats || kind == arrayFloats && k == arrayInts:
			kind = arrayFloats
		default:
			kind = arrayMixed
		}
	}
}

// copyJSON re-emits the value at s.pos through w, which escapes, limits and
// repairs it as core does for any nested value. Nesting deeper than the
// writer allows is skipped and replaced by its marker; the recursion is
// therefore bounded by the depth limit.
func copyJSON(s *scanner, w *core.JSONWriter) bool {
	switch c := s.peek(); {
	case c == '{' || c == '[':
		if w.TooDeep() {
			w.DepthExceeded()
			return s.skip()
		}
		s.pos++
		closer := byte('}')
		if c == '{' {
			w.BeginObject()
		} else {
			closer = ']'
			w.BeginArray()
		}
		for {
			s.sep()
			if s.consume(closer) {
				break
			}
			if c == '{' {
				k, ok := s.str(0)
				if !ok || !s.consume(':') {
					return false
				}
				w.Key(unsafeString(k))
			}
			if !copyJSON(s, w) {
				return false
			}
		}
		if c == '{' {
			w.EndObject()
		} else {
			w.EndArray()
		}
	case c == '"':
		v, ok := s.str(1)
		if !ok {
			return false
		}
		w.String(unsafeString(v))
	case c == '-' || '0' <= c && c <= '9':
		lit, integer := s.number()
		if integer {
			if i, ok := parseInt(lit); ok {
				w.Int64(i)
				return true
			}
			if u, ok := parseUint(lit); ok {
				w.Uint64(u)
				return true
			}
		}
		f, ok := parseFloat(lit)
		if !ok && f == 0 {
			return false // not a number at all
		}
		w.Float64(f) // a huge literal becomes the nearest float, or "+Inf"
	default:
		word, ok := s.literal()
		if !ok {
			return false
		}
		switch word {
		case "true":
			w.Bool(true)
		case "false":
			w.Bool(false)
		default:
			w.Null()
		}
	}
	return true
}
