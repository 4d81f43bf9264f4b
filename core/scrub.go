package core

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.opentelemetry.io/otel/attribute"

	"github.com/logspan/logspan"
)

// KeyScrubbed lists what scrubbing replaced on a span; see
// [logspan.KeyScrubbed]. It is bounded: past [maxScrubbedEntries] entries
// or [maxScrubbedBytes] bytes the list ends with an entry whose path is
// ["logfire.scrubbed"] and whose matched_substring counts the entries left
// out.
const KeyScrubbed = logspan.KeyScrubbed

// Limits of scrubbing.
const (
	// maxScrubDepth is how deeply the scrubber descends into JSON text
	// (objects, arrays and JSON held in strings, together). A value that
	// needs a deeper look to be checked is replaced whole.
	maxScrubDepth = 1000
	// maxCachedKeyBytes is the longest key whose verdict is cached; longer
	// keys are rare and matched each time (the matcher is linear).
	maxCachedKeyBytes = 256
	// maxCacheBytes bounds the verdict cache: the bytes of the keys held
	// plus cacheEntryOverhead per key. Past it, keys are matched uncached.
	maxCacheBytes      = 256 << 10
	cacheEntryOverhead = 64
	// maxMatchedBytes bounds the matched text quoted in a redaction and in
	// logfire.scrubbed (a pylf_v\d+_ token or a custom pattern can match
	// a whole value).
	maxMatchedBytes = 256
	// maxScrubGrowth bounds how much longer scrubbing inside JSON text
	// can make it (a short value replaced by its redaction grows); past it
	// the value is replaced whole.
	maxScrubGrowth = 4 << 10
	// maxScrubbedEntries and maxScrubbedBytes bound logfire.scrubbed.
	maxScrubbedEntries = 100
	maxScrubbedBytes   = 16 << 10
)

// ScrubMatch describes a value about to be scrubbed; see
// [logspan.ScrubMatch].
type ScrubMatch = logspan.ScrubMatch

// scrubber replaces the values of keys that look like they hold secrets,
// and string values that contain what looks like one, as Logfire's
// scrubber does. Safe for concurrent use; a short key's verdict is cached.
type scrubber struct {
	extra    []*regexp.Regexp
	allow    func(ScrubMatch) bool
	callback func(ScrubMatch) (any, bool)
	cache    verdictCache
}

// keyVerdict is a cached verdict on a key: its match (start -1 for
// none), and whether it is a safe key.
type keyVerdict struct {
	start, end, pat int32
	safe            bool
}

// scrubRecord is one entry of logfire.scrubbed. Path holds indexes in
// decimal; index marks which segments are indexes (nil when none), written
// as JSON numbers as Logfire does.
type scrubRecord struct {
	Path    []string
	Matched string
	index   []bool
}

// patMatch is a pattern match in a text: text[start:end], by pattern pat
// (an index into defaultScrubPatterns, or len(defaultScrubPatterns)+i for
// extra pattern i).
type patMatch struct{ start, end, pat int }

func (m patMatch) text(s string) string { return s[m.start:m.end] }

// whole reports whether the match is all of s: Logfire keeps such a value
// ("password" logged as a mode, say).
func (m patMatch) whole(s string) bool { return m.start == 0 && m.end == len(s) }

func (s *scrubber) patternName(pat int) string {
	if pat < len(defaultScrubPatterns) {
		return defaultScrubPatterns[pat]
	}
	return s.extra[pat-len(defaultScrubPatterns)].String()
}

// find returns the leftmost match in text of the default patterns and the
// extra ones, as Logfire's combined pattern `defaults|extra1|extra2...`
// finds it: the earliest start, and there the defaults before the extra
// patterns in their order. An extra pattern's empty match is ignored, so a
// pattern like `x*` does not scrub everything.
func (s *scrubber) find(text string) (patMatch, bool) {
	best := patMatch{start: -1}
	if st, e, p := matchDefault(text); st >= 0 {
		best = patMatch{st, e, p}
	}
	for i, re := range s.extra {
		if best.start == 0 {
			break
		}
		loc := re.FindStringIndex(text)
		if loc == nil || loc[1] == loc[0] {
			continue
		}
		if best.start < 0 || loc[0] < best.start {
			best = patMatch{loc[0], loc[1], len(defaultScrubPatterns) + i}
		}
	}
	return best, best.start >= 0
}

// matchKey returns the match in a key and whether it is a safe key (then
// its value is never scrubbed, match or not), cached for short keys
// within the cache's byte budget.
func (s *scrubber) matchKey(key string) (m patMatch, matched, safe bool) {
	if len(key) > maxCachedKeyBytes {
		m, matched = s.find(key)
		return m, matched, isSafeKey(key)
	}
	if kv, ok := s.cache.load(key); ok {
		return patMatch{int(kv.start), int(kv.end), int(kv.pat)}, kv.start >= 0, kv.safe
	}
	m, matched = s.find(key)
	safe = isSafeKey(key)
	s.cache.store(key, keyVerdict{int32(m.start), int32(m.end), int32(m.pat), safe})
	return m, matched, safe
}

// safeKeys are the keys whose values are never scrubbed, wherever they
// are (attribute or JSON object key): Logfire's BaseScrubber.SAFE_KEYS
// (logfire/_internal/scrubbing.py, with the constants it names), plus
// logspan's own fixed attribute keys (keys.go). Only these exact keys:
// a user key such as "logfire.password" or "code.api_key" is scrubbed.
var safeKeys = func() map[string]struct{} {
	m := map[string]struct{}{}
	for _, k := range []string{
		// Logfire's list.
		"logfire.msg", "logfire.msg_template", "logfire.json_schema", "logfire.tags",
		"logfire.level_name", "logfire.level_num", "logfire.span_type",
		"logfire.pending_parent_id", "logfire.sample_rate", "logfire.logger_name",
		"logfire.scrubbed", "logfire.config", "logfire.package_versions", "logfire.version",
		"code.filepath", "code.lineno", "code.function",
		"exception.stacktrace", "exception.type", "exception.message", "error.type",
		"http.method", "http.status_code", "http.scheme", "http.url", "http.target", "http.route",
		"db.statement", "db.query.text", "db.plan",
		"fastapi.route.name", "fastapi.route.operation_id",
		"url.full", "url.path", "url.query", "event.name",
		"agent_session_id", "do_not_scrub", "binary_content", "pydantic_ai.all_messages",
		"rpc.method", "model_request_parameters",
		"langsmith.metadata.session_id", "langsmith.trace.session_name",
		"gen_ai.input.messages", "gen_ai.output.messages", "gen_ai.system_instructions",
		"gen_ai.tool.definitions", "gen_ai.tool.name", "gen_ai.tool.call.id",
		"gen_ai.usage.input_tokens", "gen_ai.usage.output_tokens",
		"gen_ai.usage.cache_read.input_tokens", "gen_ai.usage.cache_creation.input_tokens",
		"gen_ai.usage.raw", "gen_ai.conversation.id", "gen_ai.system", "gen_ai.provider.name",
		"gen_ai.request.model", "gen_ai.response.model",
	} {
		m[k] = struct{}{}
	}
	for _, k := range []attribute.Key{
		KeySpanType, KeyLevelNum, KeyLogLevel, KeyMsgTemplate, KeyMsg, KeyLoggerName,
		KeyJSONSchema, KeyDroppedFields, KeyScrubbed,
		KeyCodeFilePath, KeyCodeLineNumber, KeyCodeFunctionName,
		KeyExceptionType, KeyExceptionMessage, KeyExceptionStacktrace,
	} {
		m[string(k)] = struct{}{}
	}
	return m
}()

func isSafeKey(k string) bool {
	_, ok := safeKeys[k]
	return ok
}

// scrubbedText is the redaction of a value, as Logfire writes it:
// f"[Scrubbed due to {matched!r}]".
func scrubbedText(matched string) string {
	return "[Scrubbed due to " + pyRepr(cutMatched(matched)) + "]"
}

// cutMatched bounds a matched text to maxMatchedBytes, marking the cut.
func cutMatched(m string) string {
	if len(m) <= maxMatchedBytes {
		return m
	}
	n := cutUTF8(m, maxMatchedBytes)
	return m[:n] + truncatedMarker + strconv.Itoa(len(m)-n) + " bytes]"
}

// pyRepr quotes s as Python's repr does for a str: single quotes unless s
// holds a single quote and no double quote; backslash, the quote and
// non-printable characters escaped.
func pyRepr(s string) string {
	q := byte('\'')
	if strings.IndexByte(s, '\'') >= 0 && strings.IndexByte(s, '"') < 0 {
		q = '"'
	}
	simple := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == q || c == '\\' || c < 0x20 || c == 0x7f || c >= utf8.RuneSelf {
			simple = false
			break
		}
	}
	if simple {
		return string(q) + s + string(q)
	}
	b := make([]byte, 0, len(s)+8)
	b = append(b, q)
	for _, r := range s {
		switch {
		case r == rune(q) || r == '\\':
			b = append(b, '\\', byte(r))
		case r == '\n':
			b = append(b, `\n`...)
		case r == '\r':
			b = append(b, `\r`...)
		case r == '\t':
			b = append(b, `\t`...)
		case r < 0x20 || r == 0x7f:
			b = append(b, `\x`...)
			b = appendHex(b, uint32(r), 2)
		case r >= utf8.RuneSelf && !strconv.IsPrint(r):
			switch {
			case r < 0x100:
				b = append(b, `\x`...)
				b = appendHex(b, uint32(r), 2)
			case r < 0x10000:
				b = append(b, `\u`...)
				b = appendHex(b, uint32(r), 4)
			default:
				b = append(b, `\U`...)
				b = appendHex(b, uint32(r), 8)
			}
		default:
			b = utf8.AppendRune(b, r)
		}
	}
	return string(append(b, q))
}

func appendHex(b []byte, v uint32, digits int) []byte {
	for i := digits - 1; i >= 0; i-- {
		b = append(b, "0123456789abcdef"[v>>(4*uint(i))&15])
	}
	return b
}

// path is the path of the value being scrubbed, grown and shrunk as the
// walk descends; records copy it.
type path struct {
	segs []string
	idx  []int // the index for an index segment, else -1
}

// reset returns p (a new path if nil) holding "attributes", key.
func (p *path) reset(key string) *path {
	if p == nil {
		p = new(path)
	}
	p.segs = append(p.segs[:0], "attributes", key)
	p.idx = append(p.idx[:0], -1, -1)
	return p
}

func (p *path) push(key string) {
	p.segs = append(p.segs, key)
	p.idx = append(p.idx, -1)
}

func (p *path) pushIndex(i int) {
	p.segs = append(p.segs, "")
	p.idx = append(p.idx, i)
}

func (p *path) pop() {
	p.segs = p.segs[:len(p.segs)-1]
	p.idx = p.idx[:len(p.idx)-1]
}

// strings returns the path with indexes in decimal.
func (p *path) strings() []string {
	out := make([]string, len(p.segs))
	for i, s := range p.segs {
		if p.idx[i] >= 0 {
			s = strconv.Itoa(p.idx[i])
		}
		out[i] = s
	}
	return out
}

func (p *path) record(matched string) scrubRecord {
	r := scrubRecord{Path: p.strings(), Matched: matched}
	for i, ix := range p.idx {
		if ix >= 0 {
			if r.index == nil {
				r.index = make([]bool, len(p.idx))
			}
			r.index[i] = true
		}
	}
	return r
}

// scrub scrubs attrs in place as Logfire scrubs a span's attributes: a
// safe key is left alone; a key matching a pattern has its value replaced
// ("[Scrubbed due to '<match>']", in a one-element slice for a slice); a
// string (or string slice element) containing a match that is not the
// whole string is parsed as JSON and scrubbed inside, or replaced whole
// when it is not JSON or cannot be checked within the limits. What it
// replaced is appended to out. The jsonKeys are not needed any more (every
// string is checked) and are kept for the encoder's call.
func (s *scrubber) scrub(attrs []attribute.KeyValue, _ []jsonKey, out []scrubRecord) []scrubRecord {
	var p *path // made at the first value to scrub: most logs have none
	for i := range attrs {
		kv := &attrs[i]
		key := string(kv.Key)
		m, matched, safe := s.matchKey(key)
		if safe {
			continue
		}
		if matched {
			p = p.reset(key)
			out = s.redactAttr(kv, p, m.text(key), m.pat, out)
			continue
		}
		switch kv.Value.Type() {
		case attribute.STRING:
			v := kv.Value.AsString()
			if !s.mayScrub(v) || isOwnRedaction(v, key, out) {
				continue
			}
			p = p.reset(key)
			w := walker{s: s, path: p, records: out}
			if nv, changed := w.scrubString(v, 0); changed {
				kv.Value = nv
			}
			out = w.records
		case attribute.STRINGSLICE:
			if !slices.ContainsFunc(kv.Value.AsStringSlice(), s.mayScrub) {
				continue
			}
			var ss []string
			p = p.reset(key)
			w := walker{s: s, path: p, records: out}
			for j, v := range kv.Value.AsStringSlice() {
				p.pushIndex(j)
				nv, changed := w.scrubString(v, 0)
				p.pop()
				if !changed {
					continue
				}
				if ss == nil {
					ss = kv.Value.AsStringSlice()
				}
				ss[j] = attrString(nv)
			}
			if ss != nil {
				kv.Value = attribute.StringSliceValue(ss)
			}
			out = w.records
		}
	}
	return out
}

// mayScrub reports whether checkString could change v: the common case,
// a string with no match, costs one scan and no allocation.
func (s *scrubber) mayScrub(v string) bool {
	m, ok := s.find(v)
	if ok {
		return !m.whole(v)
	}
	return strings.IndexByte(v, '\\') >= 0 && looksLikeJSON(v)
}

// attrString is a replacement value as a slice element.
func attrString(v attribute.Value) string {
	if v.Type() == attribute.STRING {
		return v.AsString()
	}
	return v.Emit()
}

// isOwnRedaction reports whether v is a redaction the encoder already made
// for this attribute (a cut JSON value or malformed text replaced whole,
// see firstObjectKeyMatch), so that it is not scrubbed twice.
func isOwnRedaction(v, key string, out []scrubRecord) bool {
	if !strings.HasPrefix(v, "[Scrubbed due to ") {
		return false
	}
	for i := range out {
		if r := &out[i]; len(r.Path) == 2 && r.Path[1] == key && v == scrubbedText(r.Matched) {
			return true
		}
	}
	return false
}

// redactAttr replaces the value of an attribute whose key matched.
func (s *scrubber) redactAttr(kv *attribute.KeyValue, p *path, matched string, pat int, out []scrubRecord) []scrubRecord {
	if rep, decided := s.decide(p, matched, pat, kv.Value); decided {
		if v, ok := toAttrValue(rep, kv.Value); ok {
			kv.Value = v
			return out
		}
	}
	text := scrubbedText(matched)
	switch kv.Value.Type() {
	case attribute.STRINGSLICE, attribute.BOOLSLICE, attribute.INT64SLICE, attribute.FLOAT64SLICE:
		kv.Value = attribute.StringSliceValue([]string{text})
	default:
		kv.Value = attribute.StringValue(text)
	}
	return append(out, p.record(matched))
}

// decide asks the callbacks about a match: decided is false when the
// value is to be scrubbed; else rep is what to write, the value itself to
// keep it. The WithScrubCallback callback is asked first, then the
// WithScrubAllow one; a panicking callback scrubs.
func (s *scrubber) decide(p *path, matched string, pat int, value any) (rep any, decided bool) {
	if s.allow == nil && s.callback == nil {
		return nil, false
	}
	m := ScrubMatch{Path: p.strings(), Matched: matched, Pattern: s.patternName(pat), Value: value}
	if s.callback != nil {
		var ok bool
		func() {
			defer func() {
				if recover() != nil {
					rep, ok = nil, false
				}
			}()
			rep, ok = s.callback(m)
		}()
		if ok {
			return rep, true
		}
	}
	if s.allow != nil {
		keep := false
		func() {
			defer func() { _ = recover() }()
			keep = s.allow(m)
		}()
		if keep {
			return value, true
		}
	}
	return nil, false
}

// toAttrValue converts a callback's replacement for an attribute; ok is
// false for a type an attribute cannot hold (the value is then scrubbed).
func toAttrValue(v any, orig attribute.Value) (attribute.Value, bool) {
	switch x := v.(type) {
	case attribute.Value:
		if x.Type() == attribute.INVALID {
			return orig, false
		}
		return x, true
	case string:
		return attribute.StringValue(cleanString(x, maxReplacementBytes)), true
	case bool:
		return attribute.BoolValue(x), true
	case int:
		return attribute.IntValue(x), true
	case int64:
		return attribute.Int64Value(x), true
	case float64:
		return attribute.Float64Value(x), true
	case []string:
		out := make([]string, len(x))
		for i, e := range x {
			out[i] = cleanString(e, maxReplacementBytes)
		}
		return attribute.StringSliceValue(out), true
	}
	return orig, false
}

// maxReplacementBytes bounds a string a WithScrubCallback returns, which is
// also repaired to valid UTF-8: the callback's text is data like any
// other.
const maxReplacementBytes = DefaultMaxValueBytes

// firstObjectKeyMatch returns what makes text, which cannot be parsed as
// JSON (a value cut at the limit, malformed input), be replaced whole, as
// Logfire replaces a string that is not JSON: the first match anywhere in
// it (in keys and values alike) unless the match is the whole text, or
// else the first match in a JSON string in it once its escapes are
// decoded (`"pass\u0077ord"`).
func (s *scrubber) firstObjectKeyMatch(text string) (string, bool) {
	if m, ok := s.find(text); ok {
		if m.whole(text) {
			return "", false
		}
		return m.text(text), true
	}
	if strings.IndexByte(text, '\\') >= 0 {
		m, _, ok := s.findEscaped(text, 0)
		return m, ok
	}
	return "", false
}

// scrubbedAttr renders records as the logfire.scrubbed attribute, in
// Logfire's shape, within maxScrubbedEntries and maxScrubbedBytes; path
// segments and matched texts are cut at maxMatchedBytes.
func scrubbedAttr(records []scrubRecord) attribute.KeyValue {
	b := make([]byte, 0, 64*min(len(records), maxScrubbedEntries))
	b = append(b, '[')
	n := 0
	for i := range records {
		r := &records[i]
		mark := len(b)
		if n > 0 {
			b = append(b, ", "...)
		}
		b = append(b, `{"path": [`...)
		for j, seg := range r.Path {
			if j > 0 {
				b = append(b, ", "...)
			}
			if r.index != nil && r.index[j] {
				b = append(b, seg...)
			} else {
				b = appendJSONString(b, cutMatched(seg))
			}
		}
		b = append(b, `], "matched_substring": `...)
		b = appendJSONString(b, cutMatched(r.Matched))
		b = append(b, '}')
		if n == maxScrubbedEntries || len(b) > maxScrubbedBytes {
			b = b[:mark]
			if n > 0 {
				b = append(b, ", "...)
			}
			b = append(b, `{"path": ["logfire.scrubbed"], "matched_substring": "[`...)
			b = strconv.AppendInt(b, int64(len(records)-n), 10)
			b = append(b, ` more not listed]"}`...)
			break
		}
		n++
	}
	b = append(b, ']')
	return KeyScrubbed.String(string(b))
}

// match returns the text of key that matches a pattern.
func (s *scrubber) match(key string) (string, bool) {
	m, ok, _ := s.matchKey(key)
	if !ok {
		return "", false
	}
	return m.text(key), true
}
