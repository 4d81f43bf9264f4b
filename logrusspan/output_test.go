package logrusspan_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"regexp"
	"testing"
	"time"

	"github.com/sirupsen/logrus"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/attribute"

	"github.com/logspan/logspan/core"
	"github.com/logspan/logspan/core/spantest"
)

// A field logrus refuses (a func) is left out of the entry's data, and
// logrus's formatters print a logrus_error note instead: the span carries
// the same note, and a field of that name is renamed as logrus renames it.
func TestRefusedFieldNote(t *testing.T) {
	logger, rec, _ := newLogger(t)
	var out bytes.Buffer
	logger.Out = &out
	logger.Formatter = &logrus.JSONFormatter{}

	logger.WithField("f", func() {}).WithFields(logrus.Fields{"g": new(func()), "ok": 1}).Info("refused")
	logger.WithFields(logrus.Fields{"f": func() {}, logrus.FieldKeyLogrusError: "mine"}).Info("clash")
	logger.WithField("ok", 1).Info("accepted")

	var lines []map[string]any
	for _, l := range bytes.Split(bytes.TrimSpace(out.Bytes()), []byte("\n")) {
		var m map[string]any
		require.NoError(t, json.Unmarshal(l, &m))
		lines = append(lines, m)
	}
	spans := rec.Ended()
	require.Len(t, spans, 3)

	a := spantest.Attributes(spans[0])
	want := `skipping unsupported field "f", skipping unsupported field "g"`
	if lines[0]["logrus_error"] != `skipping unsupported field "g", skipping unsupported field "f"` {
		assert.Equal(t, want, lines[0]["logrus_error"], "logrus's own note")
	}
	assert.Equal(t, attribute.StringValue(lines[0]["logrus_error"].(string)), a["logrus_error"])
	assert.Equal(t, attribute.Int64Value(1), a["ok"])
	assert.NotContains(t, a, attribute.Key("f"))
	assert.NotContains(t, a, attribute.Key("g"))

	b := spantest.Attributes(spans[1])
	assert.Equal(t, attribute.StringValue(`skipping unsupported field "f"`), b["logrus_error"])
	assert.Equal(t, attribute.StringValue("mine"), b["fields.logrus_error"])
	assert.Equal(t, lines[1]["fields.logrus_error"], "mine", "logrus renames the field")

	assert.NotContains(t, spantest.Attributes(spans[2]), attribute.Key("logrus_error"))
}

type marshalsNil []int

func (m marshalsNil) MarshalJSON() ([]byte, error) { return []byte(`"custom"`), nil }

// A nil slice or map is null in logrus's JSON: null in the span too (as
// Logfire writes None), where an empty one stays empty. A type with its own JSON keeps it.
func TestNilCollections(t *testing.T) {
	logger, rec, _ := newLogger(t)
	logger.WithFields(logrus.Fields{
		"nil_ints":    []int(nil),
		"nil_strings": []string(nil),
		"nil_anys":    []any(nil),
		"nil_map":     map[string]int(nil),
		"nil_ptr":     (*int)(nil),
		"nil":         nil,
		"empty_ints":  []int{},
		"marshals":    marshalsNil(nil),
	}).Info("nils")
	a := spantest.Attributes(spantest.Only(t, rec))
	for _, k := range []attribute.Key{"nil_ints", "nil_strings", "nil_anys", "nil_map", "nil_ptr", "nil"} {
		assert.Equal(t, attribute.StringValue("null"), a[k], k)
		assert.Contains(t, a[core.KeyJSONSchema].AsString(), `"`+string(k)+`":{"type":"null"}`)
	}
	assert.Equal(t, attribute.StringSliceValue([]string{}), a["empty_ints"], "core's array rule")
	assert.Equal(t, attribute.StringValue("custom"), a["marshals"], "a MarshalJSON's string stays a string")
}

type point struct {
	X, Y int
	Name string `json:"name,omitempty"`
}

var idsRE = regexp.MustCompile(`"span_id":"[0-9a-f]{16}",|,?"trace_id":"[0-9a-f]{32}"| span_id=[0-9a-f]{16}| trace_id=[0-9a-f]{32}`)

// logrus's own output, JSON and text, for a table of fields is byte for
// byte what it is without the hook, apart from the ids the hook adds when
// the entry's context holds a span.
func TestOutputUnchanged(t *testing.T) {
	tests := []struct {
		name string
		give logrus.Fields
	}{
		{"scalars", logrus.Fields{"s": "a b", "i": -3, "u": uint64(1) << 63, "f": 2.5, "f32": float32(1.1), "b": true}},
		{"nil", logrus.Fields{"n": nil, "p": (*int)(nil)}},
		{"nil slice", logrus.Fields{"ints": []int(nil), "anys": []any(nil), "map": map[string]any(nil)}},
		{"empty slices", logrus.Fields{"ints": []int{}, "strings": []string{}, "anys": []any{}, "bools": []bool{}}},
		{"mixed slice", logrus.Fields{"mixed": []any{1, 2.5}, "strs": []any{"a", 1}}},
		{"maps", logrus.Fields{"m": map[string]any{"a": 1, "b": []int{1, 2}}, "empty": map[string]int{}}},
		{"structs", logrus.Fields{"pt": point{X: 1, Y: 2}, "ptr": &point{Name: "n"}}},
		{"errors", logrus.Fields{logrus.ErrorKey: errors.New("boom"), "wrapped": errors.Join(errors.New("a"), errors.New("b"))}},
		{"refused", logrus.Fields{"f": func() {}, "ok": 1}},
		{"clashes", logrus.Fields{"msg": "m", "level": "l", "time": "t"}},
		{"time and duration", logrus.Fields{"at": time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC), "d": 1500 * time.Millisecond}},
	}
	formatters := map[string]func() logrus.Formatter{
		"json": func() logrus.Formatter { return &logrus.JSONFormatter{} },
		"text": func() logrus.Formatter { return &logrus.TextFormatter{DisableColors: true} },
	}
	when := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	for fname, newFormatter := range formatters {
		for _, tt := range tests {
			t.Run(fname+"/"+tt.name, func(t *testing.T) {
				plain := logrus.New()
				var want bytes.Buffer
				plain.Out, plain.Formatter = &want, newFormatter()

				hooked, rec, tp := newLogger(t)
				var got bytes.Buffer
				hooked.Out, hooked.Formatter = &got, newFormatter()
				hooked.SetLevel(plain.GetLevel())

				ctx, parent := tp.Tracer("test").Start(context.Background(), "request")
				defer parent.End()
				for _, ctx := range []context.Context{ctx, context.Background(), nil} {
					plain.WithContext(ctx).WithTime(when).WithFields(tt.give).Warn("table")
					hooked.WithContext(ctx).WithTime(when).WithFields(tt.give).Warn("table")
				}
				assert.Equal(t, want.String(), idsRE.ReplaceAllString(got.String(), ""))
				assert.Equal(t, 2, len(idsRE.FindAllString(got.String(), -1)), "ids only for the context with a span:\n%s", got.String())
				assert.Len(t, rec.Ended(), 3)
			})
		}
	}
}
