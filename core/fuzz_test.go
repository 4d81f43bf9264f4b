package core

import (
	"encoding/json"
	"math"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"go.opentelemetry.io/otel/attribute"
)

// FuzzEncoder feeds arbitrary keys and values through the encoder and
// checks what every attribute must be: a valid key, valid UTF-8, within
// the length limit (plus the truncation marker), and valid JSON where the
// schema says JSON.
func FuzzEncoder(f *testing.F) {
	f.Add("key", "value", int64(1), 1.5, []byte("raw"), 64)
	f.Add("", "\xff\xfe", int64(math.MinInt64), math.NaN(), []byte{0, 0xff}, 1)
	f.Add("a.b", strings.Repeat("é", 100), int64(-1), math.Inf(1), []byte(`{"a":[1,2]}`), 7)
	f.Add("password", "hunter2", int64(0), 0.0, []byte(`{"api_key":"x","n":{"secret":1}}`), 100)
	f.Fuzz(func(t *testing.T, key, val string, i int64, fl float64, raw []byte, limit int) {
		if limit < 1 || limit > 1<<12 {
			limit = 64
		}
		var e Encoder
		e.reset(nil, limits{maxBytes: limit, maxLogBytes: 1 << 20, maxDepth: 4, maxFields: 64, scrub: &scrubber{}})
		e.AddString(key, val)
		e.AddInt64(key+"i", i)
		e.AddUint64(key+"u", uint64(i))
		e.AddFloat64(key+"f", fl)
		e.AddBinary(key+"b", raw)
		e.AddStrings(key+"ss", []string{val, key})
		e.AddFloat64s(key+"fs", []float64{fl, 1})
		var decoded any
		if json.Unmarshal(raw, &decoded) == nil {
			e.AddAny(key+"j", decoded)
		}
		e.AddAny(key+"m", map[string]any{val: []any{fl, i, val}})
		e.OpenNamespace(val)
		w := e.BeginJSON()
		w.BeginObject()
		w.Key(key)
		w.String(val)
		w.Key(val)
		w.Float64(fl)
		w.EndObject()
		e.EndJSON(key + "o")
		e.scrubRest()

		checkEncoded(t, &e, func(s string) int {
			if strings.Contains(s, "[Scrubbed") {
				// Replacing a short secret by its marker inside a JSON
				// value can grow it, by a bounded factor.
				return 4*limit + 64
			}
			return limit + len(truncatedMarker) + 32
		}, 0)
	})
}

// checkEncoded checks what every attribute an encoder made must be: a
// valid key of valid UTF-8, strings of valid UTF-8 no longer than maxLen
// says, and valid JSON (nested at most depth levels, when depth > 0)
// where logfire.json_schema says JSON.
func checkEncoded(t *testing.T, e *Encoder, maxLen func(s string) int, depth int) {
	t.Helper()
	jsonKeys := map[string]bool{}
	for _, k := range e.jsonKeys {
		jsonKeys[k.key] = true
	}
	for _, kv := range e.attrs {
		if !kv.Valid() {
			t.Fatalf("invalid attribute %q", kv.Key)
		}
		if !utf8.ValidString(string(kv.Key)) {
			t.Fatalf("key %q is not valid UTF-8", kv.Key)
		}
		var strs []string
		switch kv.Value.Type() {
		case attribute.STRING:
			strs = []string{kv.Value.AsString()}
		case attribute.STRINGSLICE:
			strs = kv.Value.AsStringSlice()
		}
		for _, s := range strs {
			if !utf8.ValidString(s) {
				t.Fatalf("%s holds invalid UTF-8 %q", kv.Key, s)
			}
			if max := maxLen(s); len(s) > max {
				t.Fatalf("%s holds %d bytes, at most %d wanted", kv.Key, len(s), max)
			}
		}
		// Keys cut at the limit can collide; only a string can be JSON.
		if !jsonKeys[string(kv.Key)] || kv.Value.Type() != attribute.STRING || strings.Contains(string(kv.Key), truncatedMarker) {
			continue
		}
		text := kv.Value.AsString()
		if !json.Valid([]byte(text)) {
			t.Fatalf("%s is listed as JSON but is not: %q", kv.Key, text)
		}
		if d := jsonDepth(text); depth > 0 && d > depth {
			t.Fatalf("%s nests %d levels, limit %d: %q", kv.Key, d, depth, text)
		}
	}
}

// authReference is the auth rule written with the regexp package, one
// occurrence at a time: "auth" matches where `ors?\b` does not match right
// after it.
var authRest = regexp.MustCompile(`(?i)^ors?\b`)

func authReference(key string) int {
	for i := 0; i+4 <= len(key); i++ {
		if strings.EqualFold(key[i:i+4], "auth") && !authRest.MatchString(key[i+4:]) {
			return i
		}
	}
	return -1
}

// FuzzScrubber checks the scrubber never panics, agrees with the regexp
// form of the auth rule, and keeps JSON values valid JSON.
func FuzzScrubber(f *testing.F) {
	f.Add("authors", `{"password":"x"}`)
	f.Add("author_id", `[{"a":{"Cookie":1}}]`)
	f.Add("AUTHORS.x", `{"k\u0065y":"v","api_key":null}`)
	f.Add("coauthorship", `"plain"`)
	f.Fuzz(func(t *testing.T, key, text string) {
		// On ASCII keys only: Python's (and so matchAuth's) \b and case
		// folding are Unicode-aware, Go regexp's \b is not.
		if isASCII(key) {
			if got, want := matchAuth(key), authReference(key); got != want {
				t.Fatalf("matchAuth(%q) = %d, regexp form %d", key, got, want)
			}
		}
		s := &scrubber{}
		s.match(key)
		attrs := []attribute.KeyValue{attribute.String(key, text)}
		s.scrub(attrs, []jsonKey{{key: key, kind: "object"}}, nil)
		if json.Valid([]byte(text)) && !strings.HasPrefix(attrs[0].Value.AsString(), "[Scrubbed") &&
			!json.Valid([]byte(attrs[0].Value.AsString())) {
			t.Fatalf("scrubbing broke JSON %q into %q", text, attrs[0].Value.AsString())
		}
	})
}
