//go:build !binary_log

package zerologspan_test

import (
	"errors"
	"math"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/attribute"

	"github.com/logspan/logspan/core"
	"github.com/logspan/logspan/core/spantest"
)

type obj struct{ name string }

func (o obj) MarshalZerologObject(e *zerolog.Event) { e.Str("name", o.name).Int("n", 1) }

type arr []string

func (a arr) MarshalZerologArray(z *zerolog.Array) {
	for _, s := range a {
		z.Str(s)
	}
}

// TestFieldTypes checks, field by field, what zerolog's own field methods
// become on the span: the decoding of zerolog's JSON keeps every type JSON
// can tell apart.
func TestFieldTypes(t *testing.T) {
	tests := []struct {
		name string
		give func(*zerolog.Event) *zerolog.Event
		want attribute.Value
	}{
		{"str", func(e *zerolog.Event) *zerolog.Event { return e.Str("k", "v") }, attribute.StringValue("v")},
		{"escaped", func(e *zerolog.Event) *zerolog.Event { return e.Str("k", "a\"b\\c\n\t\x01é😀") }, attribute.StringValue("a\"b\\c\n\t\x01é😀")},
		{"invalid_utf8", func(e *zerolog.Event) *zerolog.Event { return e.Str("k", "a\xffb") }, attribute.StringValue("a\uFFFDb")},
		{"int", func(e *zerolog.Event) *zerolog.Event { return e.Int("k", -42) }, attribute.Int64Value(-42)},
		{"max_int64", func(e *zerolog.Event) *zerolog.Event { return e.Int64("k", math.MaxInt64) }, attribute.Int64Value(math.MaxInt64)},
		{"min_int64", func(e *zerolog.Event) *zerolog.Event { return e.Int64("k", math.MinInt64) }, attribute.Int64Value(math.MinInt64)},
		{"big_uint64", func(e *zerolog.Event) *zerolog.Event { return e.Uint64("k", math.MaxUint64) }, attribute.StringValue("18446744073709551615")},
		{"float", func(e *zerolog.Event) *zerolog.Event { return e.Float64("k", 1.25) }, attribute.Float64Value(1.25)},
		{"float32", func(e *zerolog.Event) *zerolog.Event { return e.Float32("k", 0.1) }, attribute.Float64Value(0.1)},
		{"float_exp", func(e *zerolog.Event) *zerolog.Event { return e.Float64("k", 1e-9) }, attribute.Float64Value(1e-9)},
		// zerolog writes 2.0 as 2: JSON cannot tell it from an integer.
		{"integral_float", func(e *zerolog.Event) *zerolog.Event { return e.Float64("k", 2) }, attribute.Int64Value(2)},
		{"nan", func(e *zerolog.Event) *zerolog.Event { return e.Float64("k", math.NaN()) }, attribute.StringValue("NaN")},
		{"inf", func(e *zerolog.Event) *zerolog.Event { return e.Float64("k", math.Inf(-1)) }, attribute.StringValue("-Inf")},
		{"bool", func(e *zerolog.Event) *zerolog.Event { return e.Bool("k", false) }, attribute.BoolValue(false)},
		{"strs", func(e *zerolog.Event) *zerolog.Event { return e.Strs("k", []string{"a", "b\"c"}) }, attribute.StringSliceValue([]string{"a", "b\"c"})},
		{"ints", func(e *zerolog.Event) *zerolog.Event { return e.Ints64("k", []int64{1, -2, math.MaxInt64}) }, attribute.Int64SliceValue([]int64{1, -2, math.MaxInt64})},
		{"floats", func(e *zerolog.Event) *zerolog.Event { return e.Floats64("k", []float64{2, 0.5}) }, attribute.Float64SliceValue([]float64{2, 0.5})},
		{"floats_nan", func(e *zerolog.Event) *zerolog.Event { return e.Floats64("k", []float64{1.5, math.NaN()}) }, attribute.StringValue(`[1.5,"NaN"]`)},
		{"bools", func(e *zerolog.Event) *zerolog.Event { return e.Bools("k", []bool{true, false}) }, attribute.BoolSliceValue([]bool{true, false})},
		{"empty_array", func(e *zerolog.Event) *zerolog.Event { return e.Strs("k", nil) }, attribute.StringSliceValue([]string{})},
		{"big_uints", func(e *zerolog.Event) *zerolog.Event { return e.Uints64("k", []uint64{1, math.MaxUint64}) }, attribute.StringValue(`[1,18446744073709551615]`)},
		{"dict", func(e *zerolog.Event) *zerolog.Event {
			return e.Dict("k", zerolog.Dict().Str("a", "x").Int("b", 2).Dict("c", zerolog.Dict().Bool("d", true)))
		}, attribute.StringValue(`{"a":"x","b":2,"c":{"d":true}}`)},
		{"object", func(e *zerolog.Event) *zerolog.Event { return e.Object("k", obj{"o"}) }, attribute.StringValue(`{"name":"o","n":1}`)},
		{"array_marshaler", func(e *zerolog.Event) *zerolog.Event { return e.Array("k", arr{"x", "y"}) }, attribute.StringSliceValue([]string{"x", "y"})},
		{"mixed_array", func(e *zerolog.Event) *zerolog.Event {
			return e.Array("k", zerolog.Arr().Int(1).Str("s").Dict(zerolog.Dict().Int("z", 0)))
		}, attribute.StringValue(`[1,"s",{"z":0}]`)},
		{"interface_map", func(e *zerolog.Event) *zerolog.Event { return e.Interface("k", map[string]any{"a": 1.5, "b": nil}) }, attribute.StringValue(`{"a":1.5,"b":null}`)},
		{"nil", func(e *zerolog.Event) *zerolog.Event { return e.Interface("k", nil) }, attribute.StringValue("null")},
		{"raw_json", func(e *zerolog.Event) *zerolog.Event { return e.RawJSON("k", []byte(` { "a" : [ 1 , 2 ] } `)) }, attribute.StringValue(`{"a":[1,2]}`)},
		{"bytes", func(e *zerolog.Event) *zerolog.Event { return e.Bytes("k", []byte("raw")) }, attribute.StringValue("raw")},
		{"hex", func(e *zerolog.Event) *zerolog.Event { return e.Hex("k", []byte{0xca, 0xfe}) }, attribute.StringValue("cafe")},
		{"dur", func(e *zerolog.Event) *zerolog.Event { return e.Dur("k", 1500*time.Millisecond) }, attribute.Int64Value(1500)},
		{"time", func(e *zerolog.Event) *zerolog.Event { return e.Time("k", time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC)) }, attribute.StringValue("2026-01-02T03:04:05Z")},
		{"ip", func(e *zerolog.Event) *zerolog.Event { return e.IPAddr("k", net.IPv4(10, 0, 0, 1)) }, attribute.StringValue("10.0.0.1")},
		{"stringer_nil", func(e *zerolog.Event) *zerolog.Event { return e.Stringer("k", nil) }, attribute.StringValue("null")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, _, rec, _ := newLogger(t)
			tt.give(l.Info()).Msg("m")
			got, ok := spantest.Attributes(spantest.Only(t, rec))["k"]
			require.True(t, ok, "attribute missing")
			assert.Equal(t, tt.want.Type(), got.Type(), "type; got %s", got.Emit())
			assert.Equal(t, tt.want.AsInterface(), got.AsInterface())
		})
	}
}

func TestJSONSchema(t *testing.T) {
	l, _, rec, _ := newLogger(t)
	l.Info().Dict("d", zerolog.Dict().Int("a", 1)).Interface("list", []any{1, "x"}).Strs("plain", []string{"a"}).Msg("m")
	assert.JSONEq(t,
		`{"type":"object","properties":{"d":{"type":"object"},"list":{"type":"array"},"plain":{"type":"array"}}}`,
		spantest.Attributes(spantest.Only(t, rec))[core.KeyJSONSchema].AsString())
}

// TestWithContextFields checks that With() fields, written once into the
// logger and copied into each event's buffer, reach every span with their
// types, and that the levels and zerolog's own keys never become
// attributes.
func TestWithContextFields(t *testing.T) {
	l, _, rec, _ := newLogger(t)
	child := l.With().Str("service", "api").Int("attempt", 3).Dict("d", zerolog.Dict().Str("x", "y")).Logger()
	child.Warn().Bool("call", true).Msg("one")
	child.Info().Msg("two")

	spans := rec.Ended()
	require.Len(t, spans, 2)
	assert.Equal(t, map[attribute.Key]attribute.Value{
		"service": attribute.StringValue("api"),
		"attempt": attribute.Int64Value(3),
		"d":       attribute.StringValue(`{"x":"y"}`),
		"call":    attribute.BoolValue(true),
	}, fieldAttrs(spans[0]))
	assert.Equal(t, `{"type":"object","properties":{"service":{},"attempt":{},"d":{"type":"object"},"call":{}}}`,
		spantest.Attributes(spans[0])[core.KeyJSONSchema].AsString())
	assert.Len(t, fieldAttrs(spans[1]), 3)
}

// A user field named like zerolog's level key, after the level, is data.
func TestDuplicateLevelKey(t *testing.T) {
	l, _, rec, _ := newLogger(t)
	l.Info().Str("level", "custom").Msg("m")
	a := spantest.Attributes(spantest.Only(t, rec))
	assert.Equal(t, "custom", a["level"].AsString())
	assert.Equal(t, "info", a[core.KeyLogLevel].AsString())
}

// Fields must not leak into the spans of later events through the pooled
// buffers, zerolog's or zerologspan's.
func TestNoLeakBetweenEvents(t *testing.T) {
	l, _, rec, _ := newLogger(t)
	l.Info().Strs("a", []string{"x"}).Ints("b", []int{1}).Str("c", "v").Msg("first")
	l.Info().Msg("second")
	spans := rec.Ended()
	require.Len(t, spans, 2)
	assert.Len(t, fieldAttrs(spans[0]), 3)
	assert.Empty(t, fieldAttrs(spans[1]))
}

// TestMalformedBuffers: zerolog copies RawJSON unchecked, and (from v1.35)
// writes a key without a value for a nil error in Fields. The hook keeps
// what it can and never panics.
func TestMalformedBuffers(t *testing.T) {
	tests := []struct {
		name string
		give func(*zerolog.Event) *zerolog.Event
		want map[attribute.Key]attribute.Value
	}{
		{
			"raw_garbage",
			func(e *zerolog.Event) *zerolog.Event {
				return e.Int("a", 1).RawJSON("k", []byte("not json")).Int("b", 2)
			},
			map[attribute.Key]attribute.Value{"a": attribute.Int64Value(1), "k": attribute.StringValue(`not json,"b":2`)},
		},
		{
			"raw_unterminated",
			func(e *zerolog.Event) *zerolog.Event { return e.RawJSON("k", []byte(`{"a":[1,`)) },
			map[attribute.Key]attribute.Value{"k": attribute.StringValue(`{"a":[1,`)},
		},
		{
			"nil_error_in_fields",
			func(e *zerolog.Event) *zerolog.Event {
				var err *net.OpError
				return e.Fields([]any{"e", err, "after", 1})
			},
			map[attribute.Key]attribute.Value{"after": attribute.Int64Value(1)},
		},
		{
			"raw_empty",
			func(e *zerolog.Event) *zerolog.Event { return e.RawJSON("k", nil).Int("b", 2) },
			map[attribute.Key]attribute.Value{"b": attribute.Int64Value(2)},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, out, rec, _ := newLogger(t)
			tt.give(l.Info()).Msg("m")
			if tt.name == "nil_error_in_fields" && strings.Contains(out.String(), `"e":null`) {
				// zerolog before v1.35 writes the nil error as null: the
				// span follows.
				tt.want["e"] = attribute.StringValue("null")
			}
			assert.Equal(t, tt.want, fieldAttrs(spantest.Only(t, rec)))
		})
	}
}

func TestErrorWithoutCapture(t *testing.T) {
	l, _, rec, _ := newLogger(t)
	l.Error().Err(errors.New("boom")).AnErr("cause", errors.New("root")).Msg("failed")
	s := spantest.Only(t, rec)
	a := spantest.Attributes(s)
	assert.Equal(t, "boom", a["error"].AsString())
	assert.Equal(t, "root", a["cause"].AsString(), "without CaptureErrors only zerolog.ErrorFieldName is known to be an error")
	require.Len(t, s.Events(), 1)
	ev := map[attribute.Key]string{}
	for _, kv := range s.Events()[0].Attributes {
		ev[kv.Key] = kv.Value.AsString()
	}
	assert.Equal(t, map[attribute.Key]string{
		core.KeyExceptionType:    "zerologspan.untypedError",
		core.KeyExceptionMessage: "boom",
	}, ev)
}

// The error key is read from zerolog at run time.
func TestErrorFieldName(t *testing.T) {
	old := zerolog.ErrorFieldName
	zerolog.ErrorFieldName = "err"
	t.Cleanup(func() { zerolog.ErrorFieldName = old })
	l, _, rec, _ := newLogger(t)
	l.Info().Err(errors.New("boom")).Str("error", "not an error").Msg("m")
	s := spantest.Only(t, rec)
	assert.Len(t, s.Events(), 1)
	assert.Equal(t, "not an error", spantest.Attributes(s)["error"].AsString())
}
