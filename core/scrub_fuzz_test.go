package core

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"go.opentelemetry.io/otel/attribute"
)

// redaction matches the text scrubbing writes in place of a value.
var redaction = regexp.MustCompile(`\[Scrubbed due to '[^']*'\]`)

// checkScrubbed asserts the scrubber's properties on attrs (scrubbed from
// given, with records): every value within its bound, and nothing left
// that a pattern matches. For the second, the output is scrubbed again
// with the redactions taken out: a value scrubbed because of its key is
// scrubbed again (its key still matches), but no value may be scrubbed
// because of what it holds, since that would have been scrubbed the first
// time.
func checkScrubbed(t *testing.T, s *scrubber, given, attrs []attribute.KeyValue, records []scrubRecord) {
	t.Helper()
	for i, kv := range attrs {
		var in, out []string
		switch kv.Value.Type() {
		case attribute.STRING:
			in, out = []string{given[i].Value.AsString()}, []string{kv.Value.AsString()}
		case attribute.STRINGSLICE:
			in, out = given[i].Value.AsStringSlice(), kv.Value.AsStringSlice()
		}
		for j := range out {
			n := 0
			if j < len(in) {
				n = len(in[j])
			}
			if len(out[j]) > max(n+maxScrubGrowth, maxMatchedBytes+64) {
				t.Fatalf("%s[%d] grew from %d to %d bytes", kv.Key, j, n, len(out[j]))
			}
		}
	}
	if b := scrubbedAttr(records).Value.AsString(); len(b) > maxScrubbedBytes+2*maxMatchedBytes+256 || !json.Valid([]byte(b)) {
		t.Fatalf("logfire.scrubbed is %d bytes, valid JSON %v", len(b), json.Valid([]byte(b)))
	}
	again := make([]attribute.KeyValue, len(attrs))
	for i, kv := range attrs {
		again[i] = kv
		switch kv.Value.Type() {
		case attribute.STRING:
			again[i].Value = attribute.StringValue(redaction.ReplaceAllString(kv.Value.AsString(), ""))
		case attribute.STRINGSLICE:
			ss := kv.Value.AsStringSlice()
			for j := range ss {
				ss[j] = redaction.ReplaceAllString(ss[j], "")
			}
			again[i].Value = attribute.StringSliceValue(ss)
		}
	}
	for _, r := range s.scrub(again, nil, nil) {
		last := r.Path[len(r.Path)-1]
		if r.index != nil && r.index[len(r.Path)-1] {
			t.Fatalf("left unscrubbed at %v (matched %q)", r.Path, r.Matched)
		}
		if _, ok := s.find(last); !ok {
			t.Fatalf("left unscrubbed at %v (matched %q): %v", r.Path, r.Matched, again)
		}
	}
}

// FuzzScrubKey scrubs arbitrary keys, as attribute keys and as object keys
// inside JSON: never a panic, the matcher agrees with the regexp form of
// the patterns, a key that matches has its value replaced (unless it is a
// safe key), and the properties of checkScrubbed.
func FuzzScrubKey(f *testing.F) {
	for _, k := range []string{"password", "authors", "author_id", "x_csrf_token", "LOGFIRE_TOKEN",
		"pylf_v1_", "ſecret", "api_\u212aey", "éjwt", "http.url", "logfire.password", strings.Repeat("pass", 100)} {
		f.Add(k)
	}
	f.Fuzz(func(t *testing.T, key string) {
		if !utf8.ValidString(key) {
			key = strings.ToValidUTF8(key, "\uFFFD")
		}
		if isASCII(key) {
			// The one-pass matcher against the regexp form of the patterns
			// (Go's \b and \d are Python's on ASCII only).
			ws, we := referenceMatch(key)
			if gs, ge, _ := matchDefault(key); gs != ws || ge != we {
				t.Fatalf("matchDefault(%q) = [%d,%d), regexp [%d,%d)", key, gs, ge, ws, we)
			}
		}
		s := &scrubber{}
		obj, _ := json.Marshal(map[string]string{key: "v"})
		given := []attribute.KeyValue{
			attribute.String(key, "v"),
			attribute.String("body", string(obj)),
		}
		attrs := append([]attribute.KeyValue(nil), given...)
		records := s.scrub(attrs, nil, nil)
		m, matched := s.find(key)
		if matched && !isSafeKey(key) {
			if want := scrubbedText(m.text(key)); attrs[0].Value.AsString() != want {
				t.Fatalf("key %q: value %q, want %q", key, attrs[0].Value.AsString(), want)
			}
			var got map[string]string
			if err := json.Unmarshal([]byte(attrs[1].Value.AsString()), &got); err != nil || got[key] != scrubbedText(m.text(key)) {
				t.Fatalf("object key %q: %s", key, attrs[1].Value.AsString())
			}
		}
		if !matched && attrs[0].Value.AsString() != "v" {
			t.Fatalf("key %q matches nothing but its value became %q", key, attrs[0].Value.AsString())
		}
		checkScrubbed(t, s, given, attrs, records)
	})
}

// FuzzScrubValue scrubs arbitrary string values (plain, JSON, JSON in
// JSON, deep, escaped), as an attribute and as a slice element: never a
// panic, and the properties of checkScrubbed.
func FuzzScrubValue(f *testing.F) {
	for _, v := range []string{"SELECT * FROM sessions", "password", "my password", `{"password":"x"}`,
		`[{"a":{"Cookie":1}}]`, `{"k\u0065y":"v","api_key":null}`, `{"body": "{\"secret\": 1}"}`,
		`{"pass\u0077ord": "x"}`, strings.Repeat("[", 1200) + `"jwt x"` + strings.Repeat("]", 1200),
		`{"a": NaN, "s": "secret x"}`, `["a", "the credential"]`, "pylf_v12_token", `"\ud800 jwt"`} {
		f.Add(v)
	}
	f.Fuzz(func(t *testing.T, v string) {
		if !utf8.ValidString(v) {
			v = strings.ToValidUTF8(v, "\uFFFD")
		}
		s := &scrubber{}
		given := []attribute.KeyValue{
			attribute.String("note", v),
			attribute.StringSlice("list", []string{"ok", v}),
		}
		attrs := append([]attribute.KeyValue(nil), given...)
		records := s.scrub(attrs, nil, nil)
		out := attrs[0].Value.AsString()
		if json.Valid([]byte(v)) && !strings.HasPrefix(out, "[Scrubbed") && !json.Valid([]byte(out)) {
			t.Fatalf("scrubbing broke JSON %q into %q", v, out)
		}
		if attrs[1].Value.AsStringSlice()[1] != out {
			t.Fatalf("a value and the same value in a slice differ: %q, %q", out, attrs[1].Value.AsStringSlice()[1])
		}
		checkScrubbed(t, s, given, attrs, records)
	})
}
