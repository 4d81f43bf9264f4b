package core_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/attribute"

	"github.com/logspan/logspan/core"
)

// logfireCase is one entry of testdata/scrub_logfire.json: attributes as
// [key, value] pairs (a string, bool, integer, float or list), Logfire's
// extra patterns, and what Logfire's scrubber returned for them.
type logfireCase struct {
	Name  string          `json:"name"`
	Extra []string        `json:"extra"`
	Give  [][2]any        `json:"give"`
	Want  [][2]any        `json:"want"`
	Notes []scrubbedEntry `json:"notes"`
}

// TestScrubbingMatchesLogfire is the differential test: each case is logged
// through a real span, and its attributes and logfire.scrubbed must be what
// Logfire's scrubber makes of the same attributes. The expected results in
// the file were computed by running Logfire's scrubber itself (see its
// "source" field: logfire/_internal/scrubbing.py, Scrubber.scrub_value);
// they follow its documented rules (docs/how-to-guides/scrubbing.md: the
// default patterns, matched case-insensitively in keys and values; a value
// that is only the matched word is kept; JSON in strings is parsed and
// scrubbed inside; the safe keys). Extra patterns are compiled with (?is),
// as Logfire compiles them (re.IGNORECASE | re.DOTALL).
func TestScrubbingMatchesLogfire(t *testing.T) {
	raw, err := os.ReadFile("testdata/scrub_logfire.json")
	require.NoError(t, err)
	var file struct {
		Source string        `json:"source"`
		Cases  []logfireCase `json:"cases"`
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	require.NoError(t, dec.Decode(&file))
	require.GreaterOrEqual(t, len(file.Cases), 100)
	for _, tt := range file.Cases {
		t.Run(tt.Name, func(t *testing.T) {
			var opts []core.Option
			for _, p := range tt.Extra {
				opts = append(opts, core.WithScrubPatterns(regexp.MustCompile(`(?is)`+p)))
			}
			a, _ := emit(t, func(e *core.Encoder) {
				for _, kv := range tt.Give {
					addLogfireValue(t, e, kv[0].(string), kv[1])
				}
			}, opts...)
			for _, kv := range tt.Want {
				key := attribute.Key(kv[0].(string))
				got, ok := a[key]
				require.True(t, ok, "attribute %s missing", key)
				assertLogfireValue(t, kv[1], got, string(key))
			}
			assert.Equal(t, normalizeNotes(tt.Notes), normalizeNotes(scrubbedOf(t, a)), "logfire.scrubbed")
		})
	}
}

// addLogfireValue logs a value decoded from the case file with the
// encoder method for its type.
func addLogfireValue(t *testing.T, e *core.Encoder, key string, v any) {
	t.Helper()
	switch x := v.(type) {
	case string:
		e.AddString(key, x)
	case bool:
		e.AddBool(key, x)
	case json.Number:
		if i, err := x.Int64(); err == nil {
			e.AddInt64(key, i)
			return
		}
		f, err := x.Float64()
		require.NoError(t, err)
		e.AddFloat64(key, f)
	case []any:
		if len(x) > 0 {
			if _, isNum := x[0].(json.Number); isNum {
				ints := make([]int64, len(x))
				for i, n := range x {
					ints[i], _ = n.(json.Number).Int64()
				}
				e.AddInt64s(key, ints)
				return
			}
		}
		ss := make([]string, len(x))
		for i, s := range x {
			ss[i] = s.(string)
		}
		e.AddStrings(key, ss)
	default:
		t.Fatalf("case value of type %T", v)
	}
}

// assertLogfireValue compares a span attribute with Logfire's result: a
// string exactly, or as JSON when Logfire re-encoded a JSON value with
// other spacing than the input's; a list element by element; a number or
// boolean Logfire left alone by value.
func assertLogfireValue(t *testing.T, want any, got attribute.Value, key string) {
	t.Helper()
	switch w := want.(type) {
	case string:
		require.Equal(t, attribute.STRING, got.Type(), "%s: %s", key, got.Emit())
		if g := got.AsString(); g != w {
			if json.Valid([]byte(w)) && json.Valid([]byte(g)) {
				assert.JSONEq(t, w, g, key)
				return
			}
			assert.Equal(t, w, g, key)
		}
	case []any:
		switch got.Type() {
		case attribute.STRINGSLICE:
			ws := make([]string, len(w))
			for i, s := range w {
				ws[i] = fmt.Sprint(s)
			}
			assert.Equal(t, ws, got.AsStringSlice(), key)
		case attribute.INT64SLICE:
			assert.Equal(t, fmt.Sprint(w), fmt.Sprint(got.AsInt64Slice()), key)
		default:
			t.Errorf("%s: got %s, want a list %v", key, got.Emit(), w)
		}
	default:
		assert.Equal(t, fmt.Sprint(w), got.Emit(), key)
	}
}

// normalizeNotes makes path indexes comparable: the case file's decode as
// json.Number, the span's as float64.
func normalizeNotes(ns []scrubbedEntry) []scrubbedEntry {
	out := make([]scrubbedEntry, len(ns))
	for i, n := range ns {
		p := make([]any, len(n.Path))
		for j, s := range n.Path {
			switch x := s.(type) {
			case json.Number:
				p[j] = "#" + x.String()
			case float64:
				p[j] = fmt.Sprintf("#%v", x)
			default:
				p[j] = s
			}
		}
		out[i] = scrubbedEntry{Path: p, Matched: n.Matched}
	}
	return out
}
