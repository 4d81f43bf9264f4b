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
	handled []int // positions of the fields that became the record's time and caller
}

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
	case c == '{' || c == '[':
		// Objects and arrays are core's to read: one array rule and one
		// bounded JSON reader for every adapter.
		if ok = s.skip(); ok {
			enc.AddJSONText(key, s.buf[start:s.pos])
		}
	default:
		var word string
		if word, ok = s.literal(); ok {
			switch word {
			case "true":
				enc.AddBool(key, true)
			case "false":
				enc.AddBool(key, false)
			default:
				enc.AddNull(key) // a nil value, as core writes nil
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
