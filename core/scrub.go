package core

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"

	"go.opentelemetry.io/otel/attribute"

	"github.com/logspan/logspan"
)

// KeyScrubbed lists what scrubbing replaced; see [logspan.KeyScrubbed].
const KeyScrubbed = logspan.KeyScrubbed

// defaultScrubPattern holds Logfire's default patterns (logfire's
// scrubbing module), less `auth(?!ors?\b)`: Go's regexp has no
// look-ahead, so that rule is matchAuth.
var defaultScrubPattern = regexp.MustCompile(`(?i)password|passwd|mysql_pwd|secret|credential|private[._ -]?key|api[._ -]?key|session|cookie|social[._ -]?security|credit[._ -]?card|(?:\b|_)csrf(?:\b|_)|(?:\b|_)xsrf(?:\b|_)|(?:\b|_)jwt(?:\b|_)|(?:\b|_)ssn(?:\b|_)`)

// neverScrubbed are the prefixes of logspan's own keys: they hold the
// message, the level and the source location, never a secret.
var neverScrubbed = []string{"logfire.", "code.", "exception."}

// maxCachedKeys bounds the per-key cache: keys are usually a small fixed
// set, but an application that builds keys from data must not grow it
// without end. Past the bound, keys are matched without caching.
const maxCachedKeys = 4096

// ScrubMatch describes a value about to be scrubbed; see [logspan.ScrubMatch].
type ScrubMatch = logspan.ScrubMatch

// scrubber replaces the values of keys that look like they hold secrets.
// Safe for concurrent use; a key's verdict is cached.
type scrubber struct {
	extra  []*regexp.Regexp
	allow  func(ScrubMatch) bool
	cache  sync.Map // key -> matched substring ("" for no match)
	cached atomic.Int64
}

// scrubRecord is one entry of logfire.scrubbed.
type scrubRecord struct {
	Path    []string `json:"path"`
	Matched string   `json:"matched_substring"`
}

// match returns the part of key that matches a pattern.
func (s *scrubber) match(key string) (string, bool) {
	if v, ok := s.cache.Load(key); ok {
		m := v.(string)
		return m, m != ""
	}
	m := s.matchUncached(key)
	if s.cached.Load() < maxCachedKeys {
		if _, loaded := s.cache.LoadOrStore(strings.Clone(key), m); !loaded {
			s.cached.Add(1)
		}
	}
	return m, m != ""
}

func (s *scrubber) matchUncached(key string) string {
	for _, p := range neverScrubbed {
		if strings.HasPrefix(key, p) {
			return ""
		}
	}
	best, bestAt := "", len(key)+1
	if loc := defaultScrubPattern.FindStringIndex(key); loc != nil {
		best, bestAt = key[loc[0]:loc[1]], loc[0]
	}
	if at := matchAuth(key); at >= 0 && at < bestAt {
		best, bestAt = key[at:at+4], at
	}
	for _, re := range s.extra {
		if loc := re.FindStringIndex(key); loc != nil && loc[0] < bestAt && loc[1] > loc[0] {
			best, bestAt = key[loc[0]:loc[1]], loc[0]
		}
	}
	return best
}

// matchAuth finds "auth" (any case) not followed by "or" or "ors" and a
// word boundary: the meaning of Logfire's `auth(?!ors?\b)`, so "author"
// and "authors" pass and "auth_token", "authorization" and "author_id" do
// not. It returns the index of the match, or -1.
func matchAuth(key string) int {
	for i := 0; i+4 <= len(key); i++ {
		if !strings.EqualFold(key[i:i+4], "auth") {
			continue
		}
		rest := key[i+4:]
		if !followedByOrsBoundary(rest) {
			return i
		}
	}
	return -1
}

// followedByOrsBoundary reports whether rest matches `ors?\b` at its
// start, trying "ors" before "or" as the regexp would.
func followedByOrsBoundary(rest string) bool {
	if len(rest) < 2 || !strings.EqualFold(rest[:2], "or") {
		return false
	}
	if len(rest) >= 3 && (rest[2] == 's' || rest[2] == 'S') && boundaryAt(rest, 3) {
		return true
	}
	return boundaryAt(rest, 2)
}

// boundaryAt reports a \b between rest[i-1] (a word character here) and
// rest[i].
func boundaryAt(rest string, i int) bool {
	return i >= len(rest) || !isWordByte(rest[i])
}

func isWordByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func scrubbedText(matched string) string {
	return "[Scrubbed due to '" + matched + "']"
}

// scrub replaces, in attrs, the values of matching keys, and inside the
// JSON values (those listed in jsonKeys) the values of matching object
// keys. It appends what it replaced to records.
func (s *scrubber) scrub(attrs []attribute.KeyValue, jsonKeys []jsonKey, records []scrubRecord) []scrubRecord {
	for i := range attrs {
		key := string(attrs[i].Key)
		if m, ok := s.match(key); ok {
			path := []string{"attributes", key}
			if s.allowed(path, m, attrs[i].Value) {
				continue
			}
			attrs[i].Value = attribute.StringValue(scrubbedText(m))
			records = append(records, scrubRecord{Path: path, Matched: m})
			continue
		}
		if attrs[i].Value.Type() == attribute.STRING && isJSONKey(jsonKeys, key) {
			records = s.scrubJSON(&attrs[i], records)
		}
	}
	return records
}

func (s *scrubber) allowed(path []string, matched string, v any) bool {
	if s.allow == nil {
		return false
	}
	keep := false
	func() {
		defer func() { _ = recover() }() // a panicking callback scrubs
		keep = s.allow(ScrubMatch{Path: path, Matched: matched, Value: v})
	}()
	return keep
}

func isJSONKey(keys []jsonKey, key string) bool {
	for _, k := range keys {
		if k.key == key {
			return true
		}
	}
	return false
}

// scrubJSON scrubs inside one JSON attribute. The common case, no key
// matching, costs a scan of the text and no allocation; only a match
// decodes and re-encodes the value.
func (s *scrubber) scrubJSON(kv *attribute.KeyValue, records []scrubRecord) []scrubRecord {
	text := kv.Value.AsString()
	if !s.anyObjectKeyMatches(text) {
		return records
	}
	dec := json.NewDecoder(strings.NewReader(text))
	dec.UseNumber()
	var v any
	if dec.Decode(&v) != nil {
		return records
	}
	before := len(records)
	v, records = s.scrubValue(v, []string{"attributes", string(kv.Key)}, records)
	if len(records) == before {
		return records
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if enc.Encode(v) != nil {
		return records
	}
	kv.Value = attribute.StringValue(strings.TrimRight(b.String(), "\n"))
	return records
}

func (s *scrubber) scrubValue(v any, path []string, records []scrubRecord) (any, []scrubRecord) {
	switch x := v.(type) {
	case map[string]any:
		for k, val := range x {
			p := append(path[:len(path):len(path)], k)
			if m, ok := s.match(k); ok && !s.allowed(p, m, val) {
				x[k] = scrubbedText(m)
				records = append(records, scrubRecord{Path: p, Matched: m})
				continue
			}
			x[k], records = s.scrubValue(val, p, records)
		}
	case []any:
		for i, val := range x {
			x[i], records = s.scrubValue(val, append(path[:len(path):len(path)], itoa(i)), records)
		}
	}
	return v, records
}

// anyObjectKeyMatches scans JSON text for object keys (strings followed by
// a colon) and reports whether one matches.
func (s *scrubber) anyObjectKeyMatches(text string) bool {
	_, ok := s.firstObjectKeyMatch(text)
	return ok
}

// firstObjectKeyMatch returns the matched part of the first object key in
// JSON text (complete or cut) that matches a pattern.
func (s *scrubber) firstObjectKeyMatch(text string) (string, bool) {
	for i := 0; i < len(text); i++ {
		if text[i] != '"' {
			continue
		}
		start := i + 1
		escaped := false
		j := start
		for ; j < len(text); j++ {
			if text[j] == '\\' {
				escaped = true
				j++
				continue
			}
			if text[j] == '"' {
				break
			}
		}
		if j >= len(text) {
			return "", false
		}
		k := j + 1
		for k < len(text) && (text[k] == ' ' || text[k] == '\t' || text[k] == '\n' || text[k] == '\r') {
			k++
		}
		if k < len(text) && text[k] == ':' {
			key := text[start:j]
			if escaped {
				var unq string
				if json.Unmarshal([]byte(text[start-1:j+1]), &unq) == nil {
					key = unq
				}
			}
			if m, ok := s.match(key); ok {
				return m, true
			}
		}
		i = j
	}
	return "", false
}

func itoa(i int) string {
	var b [20]byte
	n := len(b)
	if i == 0 {
		return "0"
	}
	for i > 0 {
		n--
		b[n] = byte('0' + i%10)
		i /= 10
	}
	return string(b[n:])
}

// scrubbedAttr renders records as the logfire.scrubbed attribute.
func scrubbedAttr(records []scrubRecord) attribute.KeyValue {
	b, err := json.Marshal(records)
	if err != nil {
		return KeyScrubbed.String("[]")
	}
	return KeyScrubbed.String(string(b))
}
