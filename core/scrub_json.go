package core

import (
	"encoding/json"
	"errors"
	"math"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"go.opentelemetry.io/otel/attribute"
)

// walker scrubs strings and the JSON held in them, collecting records.
type walker struct {
	s       *scrubber
	path    *path
	records []scrubRecord
}

// stringVerdict is what checkString decides for a string.
type stringVerdict int

const (
	keepString    stringVerdict = iota
	rewriteString               // JSON scrubbed inside: the new text
	redactString                // replaced whole, because of the match
)

// checkString applies Logfire's rule for a string (SpanScrubber.scrub,
// the str case): no match, or a match that is the whole string, keeps
// it; else the string is parsed as JSON and scrubbed inside, and a string
// that is not JSON is replaced whole. Beyond Logfire, a string with no
// match but with escapes that looks like JSON is parsed too, so that
// `{"pass\u0077ord":"x"}` does not hide its key; and JSON that cannot be
// checked within maxScrubDepth is replaced whole (Logfire's parser raises
// a RecursionError there). depth is the nesting the string is found at.
func (w *walker) checkString(v string, depth int) (verdict stringVerdict, text string, pat int) {
	m, ok := w.s.find(v)
	if ok && m.whole(v) {
		return keepString, "", 0
	}
	if !ok && (strings.IndexByte(v, '\\') < 0 || !looksLikeJSON(v)) {
		return keepString, "", 0
	}
	before := len(w.records)
	j := jsonScrub{w: w, text: v, depth: depth}
	err := j.run()
	if err == nil && !j.changed {
		return keepString, "", 0
	}
	if err == nil && len(j.out)+len(v)-j.copied <= len(v)+maxScrubGrowth {
		return rewriteString, j.output(), 0
	}
	// What was recorded inside does not stand: the value goes whole.
	clear(w.records[before:])
	w.records = w.records[:before]
	if ok {
		return redactString, m.text(v), m.pat
	}
	if err == nil || errors.Is(err, errTooDeep) {
		// No match in the text, but escapes that hid one (the rewrite
		// grew past its bound) or that a parser too deep to run would
		// decode: look at every decoded string.
		if em, epat, eok := w.s.findEscaped(v, 0); eok {
			return redactString, em, epat
		}
	}
	return keepString, "", 0
}

// scrubString scrubs one string attribute value (or slice element).
func (w *walker) scrubString(v string, depth int) (attribute.Value, bool) {
	verdict, text, pat := w.checkString(v, depth)
	switch verdict {
	case rewriteString:
		return attribute.StringValue(text), true
	case redactString:
		orig := attribute.StringValue(v)
		if rep, decided := w.s.decide(w.path, text, pat, orig); decided {
			if nv, ok := toAttrValue(rep, orig); ok {
				return nv, true
			}
		}
		w.records = append(w.records, w.path.record(text))
		return attribute.StringValue(scrubbedText(text)), true
	}
	return attribute.Value{}, false
}

// looksLikeJSON reports whether v starts, past white space, like a JSON
// object, array or string (the values that can hold escapes).
func looksLikeJSON(v string) bool {
	for i := 0; i < len(v); i++ {
		switch v[i] {
		case ' ', '\t', '\n', '\r':
			continue
		case '{', '[', '"':
			return true
		}
		return false
	}
	return false
}

var (
	errNotJSON = errors.New("not JSON")
	errTooDeep = errors.New("JSON nested too deeply")
)

// jsonScrub parses JSON text as Python's json.loads accepts it (RFC 8259
// plus NaN, Infinity and -Infinity) and scrubs it as Logfire scrubs the
// value json.loads returns: object keys and string values, recursively.
// It rewrites only what it replaces, copying the rest of the text as it
// is, and allocates nothing when nothing is replaced. Nesting is bounded
// by maxScrubDepth, counted with the strings it is found in.
type jsonScrub struct {
	w       *walker
	text    string
	pos     int
	depth   int
	out     []byte
	copied  int
	changed bool
}

func (j *jsonScrub) run() error {
	j.ws()
	if err := j.value(true); err != nil {
		return err
	}
	j.ws()
	if j.pos != len(j.text) {
		return errNotJSON
	}
	return nil
}

func (j *jsonScrub) output() string {
	return string(append(j.out, j.text[j.copied:]...))
}

// replace writes r in place of text[a:b].
func (j *jsonScrub) replace(a, b int, r []byte) {
	if !j.changed {
		j.out = make([]byte, 0, len(j.text)+len(r))
		j.copied = 0
		j.changed = true
	}
	j.out = append(j.out, j.text[j.copied:a]...)
	j.out = append(j.out, r...)
	j.copied = b
}

func (j *jsonScrub) ws() {
	for j.pos < len(j.text) {
		switch j.text[j.pos] {
		case ' ', '\t', '\n', '\r':
			j.pos++
		default:
			return
		}
	}
}

// value parses the value at pos; with scrub false it only checks it (the
// value of a safe key, or of a key that matched and is replaced whole).
func (j *jsonScrub) value(scrub bool) error {
	if j.pos >= len(j.text) {
		return errNotJSON
	}
	switch c := j.text[j.pos]; {
	case c == '{':
		return j.object(scrub)
	case c == '[':
		return j.array(scrub)
	case c == '"':
		start := j.pos
		d, err := j.str()
		if err != nil {
			return err
		}
		if scrub {
			j.scrubInner(start, j.pos, d)
		}
		return nil
	case c == 't':
		return j.word("true")
	case c == 'f':
		return j.word("false")
	case c == 'n':
		return j.word("null")
	case c == 'N':
		return j.word("NaN")
	case c == 'I':
		return j.word("Infinity")
	case c == '-' || '0' <= c && c <= '9':
		return j.number()
	}
	return errNotJSON
}

func (j *jsonScrub) word(w string) error {
	if !strings.HasPrefix(j.text[j.pos:], w) {
		return errNotJSON
	}
	j.pos += len(w)
	return nil
}

// number checks `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?`, or
// -Infinity.
func (j *jsonScrub) number() error {
	t := j.text
	if t[j.pos] == '-' {
		j.pos++
		if j.pos < len(t) && t[j.pos] == 'I' {
			return j.word("Infinity")
		}
	}
	digits := func() int {
		n := 0
		for j.pos < len(t) && '0' <= t[j.pos] && t[j.pos] <= '9' {
			j.pos++
			n++
		}
		return n
	}
	if j.pos < len(t) && t[j.pos] == '0' {
		j.pos++
	} else if digits() == 0 {
		return errNotJSON
	}
	if j.pos < len(t) && t[j.pos] == '.' {
		j.pos++
		if digits() == 0 {
			return errNotJSON
		}
	}
	if j.pos < len(t) && (t[j.pos] == 'e' || t[j.pos] == 'E') {
		j.pos++
		if j.pos < len(t) && (t[j.pos] == '+' || t[j.pos] == '-') {
			j.pos++
		}
		if digits() == 0 {
			return errNotJSON
		}
	}
	return nil
}

func (j *jsonScrub) enter() error {
	j.depth++
	if j.depth > maxScrubDepth {
		return errTooDeep
	}
	j.pos++
	return nil
}

func (j *jsonScrub) object(scrub bool) error {
	if err := j.enter(); err != nil {
		return err
	}
	j.ws()
	if j.pos < len(j.text) && j.text[j.pos] == '}' {
		j.pos++
		j.depth--
		return nil
	}
	for {
		j.ws()
		if j.pos >= len(j.text) || j.text[j.pos] != '"' {
			return errNotJSON
		}
		k, err := j.str()
		if err != nil {
			return err
		}
		j.ws()
		if j.pos >= len(j.text) || j.text[j.pos] != ':' {
			return errNotJSON
		}
		j.pos++
		j.ws()
		switch m, matched, safe := j.w.s.matchKey(k); {
		case !scrub || safe:
			err = j.value(false)
		case matched:
			start := j.pos
			isArray := start < len(j.text) && j.text[start] == '['
			if err = j.value(false); err == nil {
				j.w.path.push(k)
				j.redactInner(start, j.pos, m.text(k), m.pat, isArray)
				j.w.path.pop()
			}
		default:
			j.w.path.push(k)
			err = j.value(true)
			j.w.path.pop()
		}
		if err != nil {
			return err
		}
		j.ws()
		if j.pos >= len(j.text) {
			return errNotJSON
		}
		switch j.text[j.pos] {
		case ',':
			j.pos++
			continue
		case '}':
			j.pos++
			j.depth--
			return nil
		}
		return errNotJSON
	}
}

func (j *jsonScrub) array(scrub bool) error {
	if err := j.enter(); err != nil {
		return err
	}
	j.ws()
	if j.pos < len(j.text) && j.text[j.pos] == ']' {
		j.pos++
		j.depth--
		return nil
	}
	for i := 0; ; i++ {
		j.ws()
		var err error
		if scrub {
			j.w.path.pushIndex(i)
			err = j.value(true)
			j.w.path.pop()
		} else {
			err = j.value(false)
		}
		if err != nil {
			return err
		}
		j.ws()
		if j.pos >= len(j.text) {
			return errNotJSON
		}
		switch j.text[j.pos] {
		case ',':
			j.pos++
			continue
		case ']':
			j.pos++
			j.depth--
			return nil
		}
		return errNotJSON
	}
}

// str reads the JSON string at pos and returns it decoded: the text
// itself when it has no escapes. A lone surrogate escape decodes to
// U+FFFD (Python keeps the surrogate; neither is a word character).
func (j *jsonScrub) str() (string, error) {
	s, n, err := decodeJSONString(j.text[j.pos:])
	j.pos += n
	return s, err
}

// decodeJSONString decodes the JSON string at the start of t (t[0] is the
// quote) and returns it and the length of its text.
func decodeJSONString(t string) (string, int, error) {
	i := 1
	for i < len(t) {
		c := t[i]
		if c == '"' {
			return t[1:i], i + 1, nil
		}
		if c == '\\' {
			break
		}
		if c < 0x20 {
			return "", i, errNotJSON
		}
		i++
	}
	if i >= len(t) {
		return "", i, errNotJSON
	}
	b := make([]byte, 0, len(t))
	b = append(b, t[1:i]...)
	for i < len(t) {
		c := t[i]
		switch {
		case c == '"':
			return string(b), i + 1, nil
		case c < 0x20:
			return "", i, errNotJSON
		case c != '\\':
			b = append(b, c)
			i++
			continue
		}
		if i+1 >= len(t) {
			return "", i, errNotJSON
		}
		switch e := t[i+1]; e {
		case '"', '\\', '/':
			b = append(b, e)
		case 'b':
			b = append(b, '\b')
		case 'f':
			b = append(b, '\f')
		case 'n':
			b = append(b, '\n')
		case 'r':
			b = append(b, '\r')
		case 't':
			b = append(b, '\t')
		case 'u':
			r, ok := hex4(t, i+2)
			if !ok {
				return "", i, errNotJSON
			}
			i += 6
			if utf16.IsSurrogate(r) {
				if r2, ok2 := hex4(t, i+2); ok2 && i+1 < len(t) && t[i] == '\\' && t[i+1] == 'u' {
					if d := utf16.DecodeRune(r, r2); d != utf8.RuneError {
						r = d
						i += 6
					}
				}
				if utf16.IsSurrogate(r) {
					r = utf8.RuneError
				}
			}
			b = utf8.AppendRune(b, r)
			continue
		default:
			return "", i, errNotJSON
		}
		i += 2
	}
	return "", i, errNotJSON
}

func hex4(t string, i int) (rune, bool) {
	if i+4 > len(t) {
		return 0, false
	}
	v, err := strconv.ParseUint(t[i:i+4], 16, 16)
	return rune(v), err == nil
}

// scrubInner applies the string rule to a JSON string value text[a:b],
// decoded d.
func (j *jsonScrub) scrubInner(a, b int, d string) {
	verdict, matched, pat := j.w.checkString(d, j.depth+1)
	switch verdict {
	case rewriteString:
		j.replace(a, b, appendJSONString(nil, matched))
	case redactString:
		if rep, decided := j.w.s.decide(j.w.path, matched, pat, d); decided {
			if r, ok := toJSON(rep, false); ok {
				j.replace(a, b, r)
				return
			}
		}
		j.w.records = append(j.w.records, j.w.path.record(matched))
		j.replace(a, b, appendJSONString(nil, scrubbedText(matched)))
	}
}

// redactInner replaces the value text[a:b] of an object key that matched;
// an array becomes a one-element array, as Logfire writes it.
func (j *jsonScrub) redactInner(a, b int, matched string, pat int, isArray bool) {
	var v any = json.RawMessage(j.text[a:b])
	if j.text[a] == '"' {
		d, _, _ := decodeJSONString(j.text[a:b])
		v = d
	}
	if rep, decided := j.w.s.decide(j.w.path, matched, pat, v); decided {
		if r, ok := toJSON(rep, isArray); ok {
			j.replace(a, b, r)
			return
		}
	}
	j.w.records = append(j.w.records, j.w.path.record(matched))
	r := appendJSONString(nil, scrubbedText(matched))
	if isArray {
		r = append(append([]byte{'['}, r...), ']')
	}
	j.replace(a, b, r)
}

// toJSON converts a callback's replacement to JSON; a string replacing an
// array is wrapped in one, as Logfire does. ok is false for a type it
// cannot write (the value is then scrubbed).
func toJSON(v any, wrap bool) ([]byte, bool) {
	switch x := v.(type) {
	case nil:
		return []byte("null"), true
	case string:
		b := appendJSONString(nil, x)
		if wrap {
			b = append(append([]byte{'['}, b...), ']')
		}
		return b, true
	case bool:
		return strconv.AppendBool(nil, x), true
	case int:
		return strconv.AppendInt(nil, int64(x), 10), true
	case int64:
		return strconv.AppendInt(nil, x, 10), true
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, false
		}
		return strconv.AppendFloat(nil, x, 'g', -1, 64), true
	case json.RawMessage:
		if !json.Valid(x) {
			return nil, false
		}
		return x, true
	case attribute.Value:
		switch x.Type() {
		case attribute.STRING:
			return toJSON(x.AsString(), wrap)
		case attribute.BOOL:
			return toJSON(x.AsBool(), false)
		case attribute.INT64:
			return toJSON(x.AsInt64(), false)
		case attribute.FLOAT64:
			return toJSON(x.AsFloat64(), false)
		}
	}
	return nil, false
}

// findEscaped returns the first match in a JSON string of text (a string
// between quotes, decoded), where the string has escapes: what the raw text
// hides from find. Strings that decode to text with escapes again are
// looked into in turn, up to maxScrubDepth. It needs no parse of the
// structure, so it checks text nested past any depth.
func (s *scrubber) findEscaped(text string, depth int) (matched string, pat int, ok bool) {
	for i := 0; i < len(text); i++ {
		if text[i] != '"' {
			continue
		}
		end := strings.IndexByte(text[i+1:], '"')
		esc := strings.IndexByte(text[i+1:], '\\')
		if end >= 0 && (esc < 0 || esc > end) {
			i += end + 1 // no escape in this string: find saw it
			continue
		}
		d, n, _ := decodeJSONStringLoose(text[i:])
		if m, found := s.find(d); found {
			return m.text(d), m.pat, true
		}
		if depth < maxScrubDepth && strings.IndexByte(d, '\\') >= 0 {
			if em, epat, found := s.findEscaped(d, depth+1); found {
				return em, epat, true
			}
		}
		i += n - 1
	}
	return "", 0, false
}

// decodeJSONStringLoose decodes like decodeJSONString but reads past bad
// escapes and control characters and to the end of the text when the
// string is not closed (text cut at a limit).
func decodeJSONStringLoose(t string) (string, int, error) {
	b := make([]byte, 0, len(t))
	i := 1
	for i < len(t) {
		c := t[i]
		if c == '"' {
			return string(b), i + 1, nil
		}
		if c != '\\' || i+1 >= len(t) {
			b = append(b, c)
			i++
			continue
		}
		switch e := t[i+1]; e {
		case 'b':
			b = append(b, '\b')
		case 'f':
			b = append(b, '\f')
		case 'n':
			b = append(b, '\n')
		case 'r':
			b = append(b, '\r')
		case 't':
			b = append(b, '\t')
		case 'u':
			if r, ok := hex4(t, i+2); ok {
				if utf16.IsSurrogate(r) {
					r2, ok2 := hex4(t, i+8)
					if ok2 && i+7 < len(t) && t[i+6] == '\\' && t[i+7] == 'u' && utf16.DecodeRune(r, r2) != utf8.RuneError {
						b = utf8.AppendRune(b, utf16.DecodeRune(r, r2))
						i += 12
						continue
					}
					r = utf8.RuneError
				}
				b = utf8.AppendRune(b, r)
				i += 6
				continue
			}
			b = append(b, e)
		default:
			b = append(b, e)
		}
		i += 2
	}
	return string(b), len(t), nil
}
