package zapspan_test

import (
	"errors"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/attribute"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/logspan/logspan/core/spantest"
)

type user struct {
	Name string
	Age  int
}

func (u user) MarshalLogObject(enc zapcore.ObjectEncoder) error {
	enc.AddString("name", u.Name)
	enc.AddInt("age", u.Age)
	return nil
}

type panicky struct{}

func (panicky) MarshalLogObject(zapcore.ObjectEncoder) error { panic("marshal exploded") }
func (panicky) MarshalLogArray(zapcore.ArrayEncoder) error   { panic("array exploded") }

type failing struct{}

func (failing) MarshalLogObject(enc zapcore.ObjectEncoder) error {
	enc.AddString("partial", "yes")
	return errors.New("gave up")
}

// recursive marshals itself forever; the depth limit must stop it.
type recursive struct{}

func (r recursive) MarshalLogObject(enc zapcore.ObjectEncoder) error {
	return enc.AddObject("again", r)
}

type namespaced struct{}

func (namespaced) MarshalLogObject(enc zapcore.ObjectEncoder) error {
	enc.AddInt("a", 1)
	enc.OpenNamespace("ns")
	enc.AddInt("b", 2)
	return nil
}

type mixed struct{}

func (mixed) MarshalLogArray(enc zapcore.ArrayEncoder) error {
	enc.AppendInt(1)
	enc.AppendString("two")
	enc.AppendObject(user{Name: "x"})
	return nil
}

func TestZapFieldTypes(t *testing.T) {
	logger, rec, _ := newLogger(t)
	when := time.Date(2026, 1, 2, 3, 4, 5, 6, time.FixedZone("X", 3600))
	logger.Info("fields",
		zap.Object("user", user{Name: "ada", Age: 36}),
		zap.Inline(user{Name: "inline", Age: 1}),
		zap.Dict("dict", zap.String("k", "v"), zap.Int("n", 1)),
		zap.Objects("users", []user{{Name: "a"}, {Name: "b"}}),
		zap.Array("mixed", mixed{}),
		zap.Strings("strs", []string{"a", "b"}),
		zap.Ints("ints", []int{1, 2}),
		zap.Uint64s("uints", []uint64{1, math.MaxUint64}),
		zap.Float64s("floats", []float64{1.5}),
		zap.Bools("bools", []bool{true}),
		zap.Durations("durs", []time.Duration{time.Second}),
		zap.Stringers("stringers", []fmt.Stringer{time.Second, time.Minute}),
		zap.Binary("bin", []byte("hi")),
		zap.ByteString("bstr", []byte("text")),
		zap.Complex128("c", complex(1, 2)),
		zap.Uintptr("ptr", 0x10),
		zap.Float32("f32", 0.1),
		zap.Float32s("f32s", []float32{0.1, 2.5}),
		zap.Time("time", when),
		zap.Duration("dur", 90*time.Second),
		zap.Skip(),
		zap.Reflect("reflect", map[string]int{"x": 1}),
		zap.Object("failing", failing{}),
		zap.Object("recursive", recursive{}),
		zap.Object("nsobj", namespaced{}),
		zap.Strings("empty", nil),
	)
	a := spantest.Attributes(spantest.Only(t, rec))
	want := map[attribute.Key]attribute.Value{
		"user":         attribute.StringValue(`{"name":"ada","age":36}`),
		"name":         attribute.StringValue("inline"),
		"age":          attribute.Int64Value(1),
		"dict":         attribute.StringValue(`{"k":"v","n":1}`),
		"users":        attribute.StringValue(`[{"name":"a","age":0},{"name":"b","age":0}]`),
		"mixed":        attribute.StringValue(`[1,"two",{"name":"x","age":0}]`),
		"strs":         attribute.StringSliceValue([]string{"a", "b"}),
		"ints":         attribute.Int64SliceValue([]int64{1, 2}),
		"uints":        attribute.StringValue(`[1,18446744073709551615]`),
		"floats":       attribute.Float64SliceValue([]float64{1.5}),
		"bools":        attribute.BoolSliceValue([]bool{true}),
		"durs":         attribute.StringValue(`["1s"]`),
		"stringers":    attribute.StringSliceValue([]string{"1s", "1m0s"}),
		"bin":          attribute.StringValue("aGk="),
		"bstr":         attribute.StringValue("text"),
		"c":            attribute.StringValue("(1+2i)"),
		"ptr":          attribute.Int64Value(16),
		"f32":          attribute.Float64Value(0.1),
		"time":         attribute.StringValue("2026-01-02T03:04:05.000000006+01:00"),
		"dur":          attribute.StringValue("1m30s"),
		"reflect":      attribute.StringValue(`{"x":1}`),
		"failing":      attribute.StringValue(`{"partial":"yes"}`),
		"failingError": attribute.StringValue("gave up"),
		"nsobj":        attribute.StringValue(`{"a":1,"ns":{"b":2}}`),
		"empty":        attribute.StringValue("null"), // a nil slice is null, as for every logger
	}
	for k, v := range want {
		assert.Equal(t, v.Emit(), a[k].Emit(), "attribute %s", k)
		assert.Equal(t, v.Type(), a[k].Type(), "type of %s", k)
	}
	assert.Contains(t, a["recursive"].AsString(), "<max depth exceeded>")
	assert.NotContains(t, a, attribute.Key(""), "zap.Skip must add nothing")
	// Every field is listed, with Logfire's entry for its kind.
	assert.JSONEq(t, `{"type":"object","properties":{
		"user":{"type":"object"},"name":{},"age":{},"dict":{"type":"object"},"users":{"type":"array"},
		"mixed":{"type":"array"},"strs":{"type":"array"},"ints":{"type":"array"},"uints":{"type":"array"},
		"floats":{"type":"array"},"bools":{"type":"array"},"durs":{"type":"array"},"stringers":{"type":"array"},
		"bin":{"type":"string","contentEncoding":"base64"},"bstr":{},"c":{},"ptr":{},"f32":{},
		"f32s":{"type":"array"},"time":{"type":"string","format":"date-time"},"dur":{},
		"reflect":{"type":"object"},"failing":{"type":"object"},"failingError":{},"recursive":{"type":"object"},
		"nsobj":{"type":"object"},"empty":{"type":"null"}}}`, a["logfire.json_schema"].AsString())
}

func TestPanickingMarshalers(t *testing.T) {
	logger, rec, _ := newLogger(t)
	require.NotPanics(t, func() {
		logger.Info("bad", zap.Object("obj", panicky{}), zap.Array("arr", panicky{}), zap.Inline(panicky{}), zap.String("after", "kept"))
	})
	a := spantest.Attributes(spantest.Only(t, rec))
	assert.Equal(t, "PANIC=marshal exploded", a["objError"].AsString())
	assert.Equal(t, "PANIC=array exploded", a["arrError"].AsString())
	assert.Equal(t, "kept", a["after"].AsString())
	assert.NotContains(t, a, attribute.Key("obj"))
}

func TestNamespace(t *testing.T) {
	logger, rec, _ := newLogger(t)
	logger.With(zap.String("top", "t"), zap.Namespace("req"), zap.String("id", "r1")).
		Info("ns", zap.String("path", "/x"), zap.Namespace("db"), zap.Int("rows", 3))
	logger.Info("plain", zap.String("path", "/y"))
	spans := rec.Ended()
	require.Len(t, spans, 2)
	a := spantest.Attributes(spans[0])
	assert.Equal(t, "t", a["top"].AsString())
	assert.Equal(t, "r1", a["req.id"].AsString())
	assert.Equal(t, "/x", a["req.path"].AsString())
	assert.Equal(t, int64(3), a["req.db.rows"].AsInt64())
	assert.Equal(t, "/y", spantest.Attributes(spans[1])["path"].AsString(), "a namespace must not leak to the parent logger")
}
