package core_test

import (
	"context"
	"encoding/json"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/logspan/logspan/core"
)

type scrubbedEntry struct {
	Path []any `json:"path"` // strings, and numbers for indexes

	Matched string `json:"matched_substring"`
}

func scrubbedOf(t *testing.T, a map[attribute.Key]attribute.Value) []scrubbedEntry {
	t.Helper()
	var out []scrubbedEntry
	if v, ok := a[core.KeyScrubbed]; ok {
		require.NoError(t, json.Unmarshal([]byte(v.AsString()), &out))
	}
	return out
}

func TestScrubbing(t *testing.T) {
	a, _ := emit(t, func(e *core.Encoder) {
		e.AddString("user", "ada")
		e.AddString("password", "hunter2")
		e.AddInt64("session_id", 42)
		e.AddAny("request", map[string]any{"headers": map[string]any{"Cookie": "abc", "accept": "*/*"}, "items": []any{map[string]any{"api_key": "k"}}})
		e.AddString("logfire.note", "secret stays") // no prefix exemption
		e.AddString("logfire.msg", "secret stays")  // a safe key
	})
	assert.Equal(t, "ada", a["user"].AsString())
	assert.Equal(t, "[Scrubbed due to 'password']", a["password"].AsString())
	assert.Equal(t, "[Scrubbed due to 'session']", a["session_id"].AsString(), "non-string values are scrubbed too")
	assert.JSONEq(t, `{"headers":{"Cookie":"[Scrubbed due to 'Cookie']","accept":"*/*"},"items":[{"api_key":"[Scrubbed due to 'api_key']"}]}`, a["request"].AsString())
	assert.Equal(t, "[Scrubbed due to 'secret']", a["logfire.note"].AsString())
	assert.Equal(t, "secret stays", a["logfire.msg"].AsString())
	assert.ElementsMatch(t, []scrubbedEntry{
		{Path: []any{"attributes", "password"}, Matched: "password"},
		{Path: []any{"attributes", "session_id"}, Matched: "session"},
		{Path: []any{"attributes", "request", "headers", "Cookie"}, Matched: "Cookie"},
		{Path: []any{"attributes", "request", "items", 0.0, "api_key"}, Matched: "api_key"},
		{Path: []any{"attributes", "logfire.note"}, Matched: "secret"},
	}, scrubbedOf(t, a))
	assert.Contains(t, a[core.KeyJSONSchema].AsString(), `"request"`, "a scrubbed JSON value is still JSON")
}

func TestNoScrubbedAttributeWithoutMatch(t *testing.T) {
	a, _ := emit(t, func(e *core.Encoder) {
		e.AddString("user", "ada")
		e.AddAny("obj", map[string]int{"author": 1})
	})
	assert.NotContains(t, a, core.KeyScrubbed)
	assert.Equal(t, `{"author":1}`, a["obj"].AsString())
}

func TestScrubOptions(t *testing.T) {
	var seen []core.ScrubMatch
	a, _ := emit(t, func(e *core.Encoder) {
		e.AddString("password", "p")
		e.AddString("csrf", "allowed")
		e.AddString("iban", "DE00")
	},
		core.WithScrubPatterns(regexp.MustCompile(`(?i)iban`)),
		core.WithScrubAllow(func(m core.ScrubMatch) bool {
			seen = append(seen, m)
			return m.Path[1] == "csrf"
		}),
	)
	assert.Equal(t, "[Scrubbed due to 'password']", a["password"].AsString())
	assert.Equal(t, "allowed", a["csrf"].AsString())
	assert.Equal(t, "[Scrubbed due to 'iban']", a["iban"].AsString())
	assert.Len(t, seen, 3)
	assert.Equal(t, attribute.StringValue("p"), seen[0].Value)

	off, _ := emit(t, func(e *core.Encoder) { e.AddString("password", "p") }, core.WithoutScrubbing())
	assert.Equal(t, "p", off["password"].AsString())
	assert.NotContains(t, off, core.KeyScrubbed)

	panicky, _ := emit(t, func(e *core.Encoder) { e.AddString("password", "p") },
		core.WithScrubAllow(func(core.ScrubMatch) bool { panic("callback bug") }))
	assert.Equal(t, "[Scrubbed due to 'password']", panicky["password"].AsString(), "a panicking callback scrubs")
}

func TestWithFieldsScrubbedOnce(t *testing.T) {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	calls := 0
	em := core.NewEmitter("test", "v", core.WithTracerProvider(tp), core.WithScrubAllow(func(core.ScrubMatch) bool {
		calls++
		return false
	}))
	enc := em.NewEncoder(nil)
	enc.AddString("token_secret", "s")
	base := enc.Fields()
	for range 3 {
		ev := em.Start(context.Background(), core.Record{Level: core.LevelInfo, Message: "m"}, base)
		ev.Encoder().AddString("password", "p")
		ev.End()
	}
	assert.Equal(t, 1+3, calls, "With fields are scrubbed at With, call-site fields at each log")
	for _, s := range rec.Ended() {
		a := map[attribute.Key]attribute.Value{}
		for _, kv := range s.Attributes() {
			a[kv.Key] = kv.Value
		}
		assert.Equal(t, "[Scrubbed due to 'secret']", a["token_secret"].AsString())
		assert.Len(t, scrubbedOf(t, a), 2, "logfire.scrubbed lists the With field and the call-site field")
	}
}
