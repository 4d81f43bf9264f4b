//go:build !binary_log

package zerologspan

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/core"
)

// decodeAttrs decodes buf as the hook does and returns the field
// attributes of the span.
func decodeAttrs(t *testing.T, buf string, opts ...logspan.Option) map[attribute.Key]attribute.Value {
	t.Helper()
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	t.Cleanup(func() { _ = tp.Shutdown(context.Background()) })
	em := core.NewEmitter(ScopeName, Version, append([]logspan.Option{logspan.WithTracerProvider(tp)}, opts...)...)
	n := names{level: "level", time: "time", caller: "caller", err: "error", skipLevel: true}
	var d decoder
	r := core.Record{Level: core.LevelInfo}
	d.meta([]byte(buf), &r, n)
	ev := em.Start(context.Background(), r, nil)
	d.fields(ev.Encoder(), []byte(buf), n)
	ev.End()
	out := map[attribute.Key]attribute.Value{}
	for _, kv := range rec.Ended()[0].Attributes() {
		if !strings.HasPrefix(string(kv.Key), "logfire.") && kv.Key != core.KeyLogLevel {
			out[kv.Key] = kv.Value
		}
	}
	return out
}

func TestDecode(t *testing.T) {
	tests := []struct {
		name string
		give string
		want map[attribute.Key]attribute.Value
	}{
		{"empty", `{`, map[attribute.Key]attribute.Value{}},
		{"level_skipped", `{"level":"info","a":1`, map[attribute.Key]attribute.Value{"a": attribute.Int64Value(1)}},
		{"whole_object", `{"level":"info","a":1}`, map[attribute.Key]attribute.Value{"a": attribute.Int64Value(1)}},
		{"white_space", " { \"a\" : [ 1 , 2 ] ,\n\t\"b\" : { \"c\" : \"d\" } ", map[attribute.Key]attribute.Value{
			"a": attribute.Int64SliceValue([]int64{1, 2}),
			"b": attribute.StringValue(`{"c":"d"}`),
		}},
		{"escapes", `{"k\"ey":"\u00e9\ud83d\ude00\n\/\\"`, map[attribute.Key]attribute.Value{"k\"ey": attribute.StringValue("é😀\n/\\")}},
		{"lone_surrogate", `{"a":"x\ud800y","b":"\ud800\u0041"`, map[attribute.Key]attribute.Value{
			"a": attribute.StringValue("x\uFFFDy"), "b": attribute.StringValue("\uFFFDA"),
		}},
		{"bad_escape", `{"a":"\u12zz"`, map[attribute.Key]attribute.Value{"a": attribute.StringValue("\uFFFD12zz")}},
		{"numbers", `{"a":-0,"b":1E3,"c":-9223372036854775809,"d":1e999,"e":18446744073709551615`, map[attribute.Key]attribute.Value{
			"a": attribute.Int64Value(0),
			"b": attribute.Float64Value(1000),
			"c": attribute.StringValue("-9223372036854775809"),
			"d": attribute.StringValue("1e999"),
			"e": attribute.StringValue("18446744073709551615"),
		}},
		{"int_float_array", `{"a":[1,2.5,-3]`, map[attribute.Key]attribute.Value{"a": attribute.Float64SliceValue([]float64{1, 2.5, -3})}},
		{"mixed_array", `{"a":[1,"x",null]`, map[attribute.Key]attribute.Value{"a": attribute.StringValue(`[1,"x",null]`)}},
		{"nested_arrays", `{"a":[[1],[2]]`, map[attribute.Key]attribute.Value{"a": attribute.StringValue(`[[1],[2]]`)}},
		{"literals", `{"t":true,"f":false,"n":null`, map[attribute.Key]attribute.Value{
			"t": attribute.BoolValue(true), "f": attribute.BoolValue(false), "n": attribute.StringValue("null"),
		}},
		{"missing_value", `{"a":,"b":1`, map[attribute.Key]attribute.Value{"b": attribute.Int64Value(1)}},
		{"bad_literal", `{"a":nope,"b":1`, map[attribute.Key]attribute.Value{"a": attribute.StringValue(`nope,"b":1`)}},
		{"bad_key", `{"a":1,bare:2`, map[attribute.Key]attribute.Value{"a": attribute.Int64Value(1), "_": attribute.StringValue("bare:2")}},
		{"stray_brace", `{"a":1},"b":2`, map[attribute.Key]attribute.Value{"a": attribute.Int64Value(1), "_": attribute.StringValue(`},"b":2`)}},
		{"unterminated_key", `{"a":1,"b`, map[attribute.Key]attribute.Value{"a": attribute.Int64Value(1), "_": attribute.StringValue(`"b`)}},
		{"caller_and_time_unparsed", `{"caller":"nowhere","time":"yesterday"`, map[attribute.Key]attribute.Value{
			"caller": attribute.StringValue("nowhere"), "time": attribute.StringValue("yesterday"),
		}},
		{"caller_parsed", `{"caller":"/src/a.go:12","x":1`, map[attribute.Key]attribute.Value{
			"code.file.path": attribute.StringValue("/src/a.go"), "code.line.number": attribute.Int64Value(12), "x": attribute.Int64Value(1),
			"code.filepath": attribute.StringValue("/src/a.go"), "code.lineno": attribute.Int64Value(12),
		}},
		{"error_field", `{"error":"boom"`, map[attribute.Key]attribute.Value{"error": attribute.StringValue("boom")}},
		{"error_not_string", `{"error":{"code":1}`, map[attribute.Key]attribute.Value{"error": attribute.StringValue(`{"code":1}`)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, decodeAttrs(t, tt.give))
		})
	}
}

// Nesting past the depth limit is skipped without recursion and marked.
func TestDecodeDepth(t *testing.T) {
	deep := `{"a":` + strings.Repeat("[", 100000) + strings.Repeat("]", 100000)
	got := decodeAttrs(t, deep, logspan.WithMaxDepth(3))["a"].AsString()
	assert.Equal(t, `[[["<max depth exceeded>"]]]`, got)
}

// The limits are core's: a long value inside JSON is cut by the writer.
func TestDecodeLongValue(t *testing.T) {
	got := decodeAttrs(t, `{"a":["`+strings.Repeat("x", 100)+`",1]`, logspan.WithMaxValueBytes(10))["a"].AsString()
	assert.LessOrEqual(t, len(got), 64)
}

func TestSpanTime(t *testing.T) {
	now := testNow
	tests := []struct {
		name      string
		give      string
		precision string
		wantOK    bool
		wantNow   bool
	}{
		{"seconds_now", "0s", "1s", true, true},
		{"seconds_truncated", "-900ms", "1s", true, true},
		{"nanos_just_before", "-1ms", "1ns", true, false},
		{"far_past", "-1h", "1s", false, false},
		{"future", "+1s", "1s", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			off, _ := parseDur(tt.give)
			p, _ := parseDur(tt.precision)
			ts := now.Add(off)
			got, ok := spanTime(ts, p, now)
			assert.Equal(t, tt.wantOK, ok)
			if ok && tt.wantNow {
				assert.Equal(t, now, got)
			} else if ok {
				assert.Equal(t, ts, got)
			}
		})
	}
}

var testNow = mustTime("2026-11-25T12:00:00.5Z")

func mustTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t
}

func parseDur(s string) (time.Duration, error) { return time.ParseDuration(s) }
