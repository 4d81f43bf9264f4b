package core_test

import (
	"encoding/json"
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/attribute"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/core"
)

// What Logfire does not promise and logspan does: fail closed where a
// value cannot be checked, find what JSON escapes hide, and keep every
// limit whatever the input.

func TestScrubDeepJSONFailsClosed(t *testing.T) {
	// 20,000 levels: more than encoding/json (10,000) or Python's
	// json.loads (about 1,000) can decode.
	deep := strings.Repeat("[", 20000) + `{"password":"hunter2"}` + strings.Repeat("]", 20000)
	a, _ := emit(t, func(e *core.Encoder) { e.AddString("payload", deep) })
	assert.Equal(t, "[Scrubbed due to 'password']", a["payload"].AsString())
	assert.Equal(t, []scrubbedEntry{{Path: []any{"attributes", "payload"}, Matched: "password"}}, scrubbedOf(t, a))

	// Deep but with nothing that matches, even once decoded: kept, as
	// the scan of the text checked it.
	clean := strings.Repeat("[", 20000) + `{"user":"ada"}` + strings.Repeat("]", 20000)
	a, _ = emit(t, func(e *core.Encoder) { e.AddString("payload", clean) })
	assert.Equal(t, clean, a["payload"].AsString())
	assert.NotContains(t, a, core.KeyScrubbed)

	// Deep, and the secret is only visible once an escape is decoded.
	hidden := strings.Repeat("[", 2000) + `{"pass\u0077ord":"hunter2"}` + strings.Repeat("]", 2000)
	a, _ = emit(t, func(e *core.Encoder) { e.AddString("payload", hidden) })
	assert.Equal(t, "[Scrubbed due to 'password']", a["payload"].AsString())
}

func TestScrubEscapedKeys(t *testing.T) {
	// Logfire's scrubber searches the raw text first, so it keeps this
	// value whole; logspan decodes the escapes and scrubs inside.
	a, _ := emit(t, func(e *core.Encoder) {
		e.AddString("payload", `{"pass\u0077ord": "hunter2", "user": "ada"}`)
		e.AddString("note", `["a \u0073ecret"]`)
	})
	assert.Equal(t, `{"pass\u0077ord": "[Scrubbed due to 'password']", "user": "ada"}`, a["payload"].AsString())
	assert.Equal(t, `["[Scrubbed due to 'secret']"]`, a["note"].AsString())
	assert.ElementsMatch(t, []scrubbedEntry{
		{Path: []any{"attributes", "payload", "password"}, Matched: "password"},
		{Path: []any{"attributes", "note", 0.0}, Matched: "secret"},
	}, scrubbedOf(t, a))
}

func TestScrubCutJSONAndMalformed(t *testing.T) {
	big := map[string]any{"a": "my secret is here", "z": strings.Repeat("y", 100)}
	a, _ := emit(t, func(e *core.Encoder) {
		e.AddAny("req", big)                                 // cut at 64 bytes: no longer JSON
		e.AddMalformed("raw", `{"k": "session=abc", "x": 1`) // not JSON at all
		e.AddMalformed("esc", `{"pass\u0077ord": "x"`)       // hidden by an escape
	}, core.WithMaxValueBytes(64))
	// Cut or malformed text cannot be scrubbed inside: a match anywhere
	// in it, in a key or a value, replaces it whole.
	for _, k := range []attribute.Key{"req", "raw", "esc"} {
		assert.True(t, strings.HasPrefix(a[k].AsString(), "[Scrubbed due to "), "%s = %q", k, a[k].AsString())
	}
	notes := scrubbedOf(t, a)
	assert.Len(t, notes, 3, "each value is listed once: %v", notes)
}

type jsonError struct{}

func (jsonError) Error() string { return `{"op": "login", "password": "hunter2"}` }

func TestScrubErrorTextFollowsItsAttribute(t *testing.T) {
	_, span := emit(t, func(e *core.Encoder) {
		e.AddError("error", jsonError{})
		e.AddError("other", errors.New("no luck here"))
	})
	var msgs []string
	for _, ev := range span.Events() {
		for _, kv := range ev.Attributes {
			if kv.Key == core.KeyExceptionMessage {
				msgs = append(msgs, kv.Value.AsString())
			}
		}
	}
	require.Len(t, msgs, 2)
	assert.NotContains(t, msgs[0], "hunter2", "a partly scrubbed error must not leave through its event")
	assert.Equal(t, "no luck here", msgs[1])
}

func TestScrubbedListIsBounded(t *testing.T) {
	// 1,400 secrets in one JSON value, each longer than its redaction.
	var b strings.Builder
	b.WriteString("{")
	for i := range 1400 {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString(`"password":"` + strings.Repeat("x", 30) + `"`)
	}
	b.WriteString("}")
	long := "pylf_v" + strings.Repeat("7", 60000) + "_"
	a, _ := emit(t, func(e *core.Encoder) {
		e.AddString("many", b.String())
		e.AddString("token", "x "+long)
	})
	assert.Equal(t, strings.Count(b.String(), "x"), 1400*30)
	assert.Equal(t, 1400, strings.Count(a["many"].AsString(), "[Scrubbed due to 'password']"))
	s := a[core.KeyScrubbed].AsString()
	assert.LessOrEqual(t, len(s), 17<<10)
	var notes []scrubbedEntry
	require.NoError(t, json.Unmarshal([]byte(s), &notes), "logfire.scrubbed stays JSON when cut")
	require.Len(t, notes, 101)
	last := notes[len(notes)-1]
	assert.Equal(t, []any{"logfire.scrubbed"}, last.Path)
	assert.Equal(t, "[1301 more not listed]", last.Matched)
	// A long match is quoted cut, in the value and in the list.
	assert.Less(t, len(a["token"].AsString()), 400)
	assert.Contains(t, a["token"].AsString(), "[truncated ")
}

func TestScrubGrowthIsBounded(t *testing.T) {
	// Replacing 4,000 one-byte values by their redaction would grow the
	// value by 112 KB: past the bound, the value goes whole.
	var b strings.Builder
	b.WriteString("{")
	for i := range 4000 {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString(`"password":1`)
	}
	b.WriteString("}")
	a, _ := emit(t, func(e *core.Encoder) { e.AddString("many", b.String()) })
	assert.Equal(t, "[Scrubbed due to 'password']", a["many"].AsString())
	assert.Len(t, scrubbedOf(t, a), 1)
}

func TestScrubCallback(t *testing.T) {
	var seen []core.ScrubMatch
	a, _ := emit(t, func(e *core.Encoder) {
		e.AddString("password", "p")                                             // replaced
		e.AddString("api_key", "k")                                              // kept
		e.AddString("session", "s")                                              // bad type: scrubbed
		e.AddString("note", "my secret")                                         // value match, replaced
		e.AddString("body", `{"user": "ada", "cookie": "c", "list": ["a jwt"]}`) // inside JSON
		e.AddStrings("labels", []string{"ok", "the credential"})                 // slice element
	}, logspan.WithScrubCallback(func(m core.ScrubMatch) (any, bool) {
		seen = append(seen, m)
		switch m.Path[len(m.Path)-1] {
		case "password":
			return "<redacted>", true
		case "api_key":
			return m.Value, true
		case "session":
			return struct{}{}, true
		case "note":
			return attribute.IntValue(7), true
		case "cookie":
			return json.RawMessage(`{"kept":false}`), true
		case "0":
			return nil, true
		}
		return nil, false
	}))
	assert.Equal(t, "<redacted>", a["password"].AsString())
	assert.Equal(t, "k", a["api_key"].AsString())
	assert.Equal(t, "[Scrubbed due to 'session']", a["session"].AsString())
	assert.Equal(t, int64(7), a["note"].AsInt64())
	assert.Equal(t, `{"user": "ada", "cookie": {"kept":false}, "list": [null]}`, a["body"].AsString())
	assert.Equal(t, []string{"ok", "[Scrubbed due to 'credential']"}, a["labels"].AsStringSlice())
	// Only what was scrubbed as usual is listed.
	assert.ElementsMatch(t, []scrubbedEntry{
		{Path: []any{"attributes", "session"}, Matched: "session"},
		{Path: []any{"attributes", "labels", 1.0}, Matched: "credential"},
	}, scrubbedOf(t, a))

	byPath := map[string]core.ScrubMatch{}
	for _, m := range seen {
		byPath[strings.Join(m.Path, "/")] = m
	}
	assert.Equal(t, `auth(?!ors?\b)`, patternOf(t, "authorization"), "the pattern is named as Logfire writes it")
	assert.Equal(t, "my secret", byPath["attributes/note"].Value.(attribute.Value).AsString())
	assert.Equal(t, "secret", byPath["attributes/note"].Matched)
	assert.Equal(t, "secret", byPath["attributes/note"].Pattern)
	assert.Equal(t, "c", byPath["attributes/body/cookie"].Value, "a JSON string is given decoded")
	assert.Equal(t, "a jwt", byPath["attributes/body/list/0"].Value)
	assert.Equal(t, `(?:\b|_)jwt(?:\b|_)`, byPath["attributes/body/list/0"].Pattern)

	panicky, _ := emit(t, func(e *core.Encoder) { e.AddString("password", "p") },
		logspan.WithScrubCallback(func(core.ScrubMatch) (any, bool) { panic("callback bug") }))
	assert.Equal(t, "[Scrubbed due to 'password']", panicky["password"].AsString(), "a panicking callback scrubs")

	custom, _ := emit(t, func(e *core.Encoder) { e.AddString("customer_iban", "DE00") },
		core.WithScrubPatterns(regexp.MustCompile(`(?i)iban`)),
		logspan.WithScrubCallback(func(m core.ScrubMatch) (any, bool) {
			return m.Pattern, true
		}))
	assert.Equal(t, "(?i)iban", custom["customer_iban"].AsString(), "an extra pattern is named by its String")
}

// patternOf returns the Pattern a callback sees for a key.
func patternOf(t *testing.T, key string) string {
	t.Helper()
	var got string
	emit(t, func(e *core.Encoder) { e.AddString(key, "v") }, logspan.WithScrubCallback(func(m core.ScrubMatch) (any, bool) {
		got = m.Pattern
		return nil, false
	}))
	return got
}

func TestScrubSafeKeys(t *testing.T) {
	a, _ := emit(t, func(e *core.Encoder) {
		e.AddString("http.url", "https://x/?session=abc")         // Logfire's list
		e.AddString("db.statement", "SELECT password FROM users") // Logfire's list
		e.AddString("code.file.path", "/src/secrets/main.go")     // logspan's own key
		e.AddString("code.api_key", "k")                          // no prefix exemption
		e.AddString("logfire.password", "p")
		e.AddString("body", `{"url.query": "session=1", "do_not_scrub": {"password": "x"}}`)
	})
	assert.Equal(t, "https://x/?session=abc", a["http.url"].AsString())
	assert.Equal(t, "SELECT password FROM users", a["db.statement"].AsString())
	assert.Equal(t, "/src/secrets/main.go", a["code.file.path"].AsString())
	assert.Equal(t, "[Scrubbed due to 'api_key']", a["code.api_key"].AsString())
	assert.Equal(t, "[Scrubbed due to 'password']", a["logfire.password"].AsString())
	assert.Equal(t, `{"url.query": "session=1", "do_not_scrub": {"password": "x"}}`, a["body"].AsString(),
		"safe keys are safe inside JSON too, and all they hold")
}
