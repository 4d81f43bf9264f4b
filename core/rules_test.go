package core_test

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/core"
)

type (
	quotedJSON   struct{}
	numberJSON   struct{}
	boolJSON     struct{}
	nullJSON     struct{}
	objectJSON   struct{}
	brokenJSON   struct{}
	textOnly     struct{}
	namedBytes   []byte
	namedFloats  []float32
	floatArray   [2]float32
	namedInts    []int16
	namedStrings []string
)

func (quotedJSON) MarshalJSON() ([]byte, error) { return []byte(`"as text"`), nil }
func (numberJSON) MarshalJSON() ([]byte, error) { return []byte(` 5 `), nil }
func (boolJSON) MarshalJSON() ([]byte, error)   { return []byte(`true`), nil }
func (nullJSON) MarshalJSON() ([]byte, error)   { return []byte(`null`), nil }
func (objectJSON) MarshalJSON() ([]byte, error) { return []byte(`{ "a" : [1, 2] }`), nil }
func (brokenJSON) MarshalJSON() ([]byte, error) { return []byte(`{"a":`), nil }
func (textOnly) MarshalText() ([]byte, error)   { return []byte("text form"), nil }

// TestValueRules pins the one set of value rules every adapter goes
// through: scalars stay scalars whatever produced them, and arrays follow
// one rule.
func TestValueRules(t *testing.T) {
	tests := []struct {
		name string
		give any
		want attribute.Value
	}{
		{"marshaler returning a string", quotedJSON{}, attribute.StringValue("as text")},
		{"marshaler returning a number", numberJSON{}, attribute.Int64Value(5)},
		{"marshaler returning a bool", boolJSON{}, attribute.BoolValue(true)},
		{"marshaler returning null", nullJSON{}, attribute.StringValue("null")},
		{"marshaler returning an object", objectJSON{}, attribute.StringValue(`{"a":[1,2]}`)},
		{"text marshaler", textOnly{}, attribute.StringValue("text form")},
		{"ip (text marshaler)", net.IPv4(10, 0, 0, 1), attribute.StringValue("10.0.0.1")},
		{"named []byte", namedBytes("hi"), attribute.StringValue("aGk=")},
		{"raw message", json.RawMessage(`[1,2.5]`), attribute.Float64SliceValue([]float64{1, 2.5})},
		{"empty int slice", []int{}, attribute.StringSliceValue([]string{})},
		{"empty any slice", []any{}, attribute.StringSliceValue([]string{})},
		{"empty array", [0]int{}, attribute.StringSliceValue([]string{})},
		{"empty int64s", []int64{}, attribute.StringSliceValue([]string{})},
		{"int and float", []any{1, 2.5}, attribute.Float64SliceValue([]float64{1, 2.5})},
		{"ints in any", []any{1, int8(2), uint16(3)}, attribute.Int64SliceValue([]int64{1, 2, 3})},
		{"strings in any", []any{"a", "b"}, attribute.StringSliceValue([]string{"a", "b"})},
		{"mixed kinds", []any{1, "a"}, attribute.StringValue(`[1,"a"]`)},
		{"nested", []any{[]int{1}}, attribute.StringValue(`[[1]]`)},
		{"nil in any", []any{nil, 1}, attribute.StringValue(`[null,1]`)},
		{"named float32 elements", namedFloats{1.1, 2.2}, attribute.Float64SliceValue([]float64{1.1, 2.2})},
		{"float32 array", floatArray{0.1, 0.2}, attribute.Float64SliceValue([]float64{0.1, 0.2})},
		{"float32 in any", []any{float32(1.1)}, attribute.Float64SliceValue([]float64{1.1})},
		{"named ints", namedInts{1, 2}, attribute.Int64SliceValue([]int64{1, 2})},
		{"named strings", namedStrings{"x"}, attribute.StringSliceValue([]string{"x"})},
		{"uints", []uint{1, 2}, attribute.Int64SliceValue([]int64{1, 2})},
		{"huge uint", []uint64{1 << 63}, attribute.StringValue(`[9223372036854775808]`)},
		{"NaN", []float64{1, nanValue()}, attribute.StringValue(`[1,"NaN"]`)},
		{"durations", []time.Duration{time.Second}, attribute.StringValue(`["1s"]`)},
		{"nil slice", []int(nil), attribute.StringValue("null")},
		{"nil map", map[string]int(nil), attribute.StringValue("null")},
		{"map sorted", map[string]int{"b": 2, "a": 1}, attribute.StringValue(`{"a":1,"b":2}`)},
		{"int keys", map[int]string{2: "b", 1: "a"}, attribute.StringValue(`{"1":"a","2":"b"}`)},
		{"struct tags", struct {
			A    int `json:"a"`
			B    int `json:"-"`
			C    int `json:"c,omitempty"`
			D    int `json:"d,string"`
			priv int
		}{A: 1, B: 2, D: 4, priv: 5}, attribute.StringValue(`{"a":1,"d":"4"}`)},
		{"embedded", struct {
			Inner
			Z int
		}{Inner{X: 1}, 2}, attribute.StringValue(`{"X":1,"Z":2}`)},
		{"pointer", new(42), attribute.Int64Value(42)},
		{"pointer to pointer", ptrTo(new(7)), attribute.Int64Value(7)},
		{"func", func() {}, attribute.StringValue("<func()>")},
		{"error in map", map[string]any{"e": errors.New("boom")}, attribute.StringValue(`{"e":"boom"}`)},
		{"time in struct", struct{ T time.Time }{time.Unix(0, 0).UTC()}, attribute.StringValue(`{"T":"1970-01-01T00:00:00Z"}`)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, _ := emit(t, func(e *core.Encoder) { e.AddAny("k", tt.give) })
			assert.Equal(t, tt.want, a["k"])
		})
	}
}

type Inner struct{ X int }

func ptrTo[T any](v T) *T { return &v }

func nanValue() float64 { var z float64; return z / z }

// TestJSONText: zerolog's buffer values and raw JSON go through one input
// with the same rules.
func TestJSONText(t *testing.T) {
	tests := []struct {
		give string
		want attribute.Value
	}{
		{`"s"`, attribute.StringValue("s")},
		{`12`, attribute.Int64Value(12)},
		{`-1.5e3`, attribute.Float64Value(-1500)},
		{`1e400`, attribute.StringValue("1e400")},
		{`false`, attribute.BoolValue(false)},
		{`null`, attribute.StringValue("null")},
		{`[]`, attribute.StringSliceValue([]string{})},
		{`[1,2]`, attribute.Int64SliceValue([]int64{1, 2})},
		{`[1,2.5]`, attribute.Float64SliceValue([]float64{1, 2.5})},
		{`["a","\u00e9"]`, attribute.StringSliceValue([]string{"a", "é"})},
		{`[true]`, attribute.BoolSliceValue([]bool{true})},
		{`{"b":1, "a":[1]}`, attribute.StringValue(`{"b":1,"a":[1]}`)},
		{`{"a":`, attribute.StringValue(`{"a":`)},
		{`[1,]`, attribute.StringValue(`[1,]`)},
		{`"unterminated`, attribute.StringValue(`"unterminated`)},
	}
	for _, tt := range tests {
		t.Run(tt.give, func(t *testing.T) {
			a, _ := emit(t, func(e *core.Encoder) { e.AddJSONText("k", []byte(tt.give)) })
			assert.Equal(t, tt.want, a["k"])
		})
	}
}

// TestWalkLimitsHoldDuringTheWalk: deep, long and cyclic values cost what
// the limits allow, not what the value holds.
func TestWalkLimitsHoldDuringTheWalk(t *testing.T) {
	var deep any = "bottom"
	for range 100 {
		deep = map[string]any{"d": deep}
	}
	type list struct{ Next *list }
	var long *list
	for range 3_000_000 {
		long = &list{Next: long}
	}
	big := make(map[string]int, 200_000)
	for i := range 200_000 {
		big[strings.Repeat("k", 8)+string(rune('a'+i%26))+time.Duration(i).String()] = i
	}
	deepJSON := []byte(strings.Repeat("[", 20_000) + `{"password":"x"}` + strings.Repeat("]", 20_000))

	a, _ := emit(t, func(e *core.Encoder) {
		e.AddAny("deep", deep)
		e.AddAny("long", long)
		e.AddAny("big", big)
		e.AddJSONText("deepjson", deepJSON)
	}, logspan.WithMaxValueBytes(4096))
	d := a["deep"].AsString()
	assert.Equal(t, core.DefaultMaxDepth, strings.Count(d, "{"), "a 100-level map is cut at the depth limit")
	assert.Contains(t, d, "<max depth exceeded>")
	assert.True(t, json.Valid([]byte(d)))
	assert.Contains(t, a["long"].AsString(), "<max depth exceeded>")
	assert.LessOrEqual(t, len(a["big"].AsString()), 4096+64)
	assert.NotContains(t, a["deepjson"].AsString(), "password", "JSON past the depth limit is replaced, never sent")
}

// TestGroupsAreBoundedByDepth: groups past the depth limit add one marker.
func TestGroupsAreBoundedByDepth(t *testing.T) {
	a, _ := emit(t, func(e *core.Encoder) {
		for range 10 {
			e.OpenGroup("g")
		}
		e.AddString("k", "v")
		for range 10 {
			e.CloseGroup()
		}
		e.CloseGroup() // one too many: ignored
		e.AddString("top", "v")
		e.OpenGroup("")
		e.AddString("empty", "v")
	}, logspan.WithMaxDepth(3))
	assert.Equal(t, "v", a["g.g.g.<max depth exceeded>.k"].AsString())
	assert.Equal(t, "v", a["top"].AsString())
	assert.Equal(t, "v", a["empty"].AsString(), "an empty group adds nothing")
}

// TestLogByteBudget: one log's fields are bounded in all, the cut counted.
func TestLogByteBudget(t *testing.T) {
	big := strings.Repeat("x", 60<<10)
	a, _ := emit(t, func(e *core.Encoder) {
		for i := range 40 {
			e.AddString("f"+string(rune('A'+i)), big)
		}
	}, logspan.WithMaxLogBytes(256<<10))
	total := 0
	for k, v := range a {
		if strings.HasPrefix(string(k), "f") {
			total += len(k) + len(v.AsString())
		}
	}
	assert.LessOrEqual(t, total, 256<<10)
	assert.Equal(t, int64(36), a[core.KeyDroppedFields].AsInt64(), "40 fields of 60 KiB, 4 fit in 256 KiB")
}

// TestJSONSchemaFollowsTheLastValue: a key used twice is described by the
// value the span keeps, the last.
func TestJSONSchemaFollowsTheLastValue(t *testing.T) {
	a, _ := emit(t, func(e *core.Encoder) {
		e.AddAny("k", map[string]int{"a": 1})
		e.AddString("k", "plain")
		e.AddAny("m", map[string]int{"b": 1})
	})
	assert.Equal(t, "plain", a["k"].AsString())
	// Every field is listed; k in the place of its last value.
	assert.Equal(t, `{"type":"object","properties":{"k":{},"m":{"type":"object"}}}`, a[core.KeyJSONSchema].AsString())
}

type printPanics struct{}

func (printPanics) Error() string  { panic(printPanics{}) }
func (printPanics) String() string { panic(printPanics{}) }

type panicsWithPanickingValue struct{}

func (panicsWithPanickingValue) MarshalJSON() ([]byte, error) { panic(printPanics{}) }
func (panicsWithPanickingValue) String() string               { panic(printPanics{}) }

// TestPanicValuesThatPanicWhenPrinted: recovery never prints a value
// unguarded, however hostile.
func TestPanicValuesThatPanicWhenPrinted(t *testing.T) {
	a, _ := emit(t, func(e *core.Encoder) {
		e.AddAny("json", panicsWithPanickingValue{})
		e.AddStringer("str", panicsWithPanickingValue{})
		e.AddError("err", printPanics{})
		e.AddAny("nested", map[string]any{"v": panicsWithPanickingValue{}})
	})
	for _, k := range []attribute.Key{"jsonError", "strError", "errError", "nestedError"} {
		assert.Equal(t, "PANIC=<core_test.printPanics value whose printing panicked>", a[k].AsString(), "%s", k)
	}
}

// TestCausesAndStack: a multi-error lists its causes, and the logger's
// captured stack reaches the span.
func TestCausesAndStack(t *testing.T) {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	em := core.NewEmitter("test", "v", logspan.WithTracerProvider(tp))
	ev := em.Start(context.Background(), core.Record{Level: core.LevelError, Message: "m", Stack: "main.f\n\tf.go:1"}, nil)
	ev.Encoder().AddError("error", errors.Join(errors.New("a"), errors.New("b")))
	ev.End()
	s := rec.Ended()[0]
	a := map[attribute.Key]attribute.Value{}
	for _, kv := range s.Attributes() {
		a[kv.Key] = kv.Value
	}
	assert.Equal(t, `[{"error":"a"},{"error":"b"}]`, a["errorCauses"].AsString())
	assert.Equal(t, "main.f\n\tf.go:1", a[core.KeyCodeStacktrace].AsString())
	require.Len(t, s.Events(), 1)
	assert.Contains(t, s.Events()[0].Attributes, core.KeyExceptionStacktrace.String("main.f\n\tf.go:1"),
		"an error without a stack of its own gets the logger's")
}

// TestCorrelationDecidedByCore: ids are returned only when the log joins
// an existing trace and correlation is on.
func TestCorrelationDecidedByCore(t *testing.T) {
	tp := sdktrace.NewTracerProvider()
	parent, span := tp.Tracer("t").Start(context.Background(), "request")
	defer span.End()
	tests := []struct {
		name string
		ctx  context.Context
		opts []logspan.Option
		want bool
	}{
		{"span in ctx", parent, nil, true},
		{"bare ctx", context.Background(), nil, false},
		{"nil ctx", nil, nil, false},
		{"remote parent", trace.ContextWithRemoteSpanContext(context.Background(), span.SpanContext()), nil, true},
		{"correlation off", parent, []logspan.Option{logspan.WithoutTraceCorrelation()}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			em := core.NewEmitter("test", "v", append(tt.opts, logspan.WithTracerProvider(tp))...)
			ev := em.Start(tt.ctx, core.Record{Level: core.LevelInfo, Message: "m"}, nil)
			sc := ev.SpanContext()
			c := ev.End()
			assert.Equal(t, tt.want, c.OK())
			tid, sid := c.IDs()
			if tt.want {
				assert.Equal(t, span.SpanContext().TraceID().String(), tid)
				assert.Equal(t, sc.SpanID().String(), sid)
				assert.Equal(t, sc.SpanID(), c.SpanID())
			} else {
				assert.Empty(t, tid+sid)
			}
		})
	}
}

// TestDynamicLevel: a LevelVar turns levels on and off while running.
func TestDynamicLevel(t *testing.T) {
	var lv logspan.LevelVar
	em := core.NewEmitter("test", "v", logspan.WithLeveler(&lv))
	assert.False(t, em.Enabled(core.LevelDebug))
	lv.Set(core.LevelDebug)
	assert.True(t, em.Enabled(core.LevelDebug))
	assert.Equal(t, core.LevelDebug, em.MinLevel())
}

// TestSharedWithFields: a derived logger's fields reach every log, with
// their errors, schema and groups, and stay unchanged by it.
func TestSharedWithFields(t *testing.T) {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	em := core.NewEmitter("test", "v", logspan.WithTracerProvider(tp))
	enc := em.NewEncoder(nil)
	enc.AddString("svc", "api")
	enc.AddAny("cfg", map[string]int{"a": 1})
	enc.AddError("base", errors.New("base err"))
	enc.OpenGroup("req")
	base := enc.Fields()
	for i := range 2 {
		ev := em.Start(context.Background(), core.Record{Level: core.LevelInfo, Message: "m"}, base)
		ev.Encoder().AddInt64("n", int64(i))
		ev.End()
	}
	require.Len(t, rec.Ended(), 2)
	for i, s := range rec.Ended() {
		a := map[attribute.Key]attribute.Value{}
		for _, kv := range s.Attributes() {
			a[kv.Key] = kv.Value
		}
		assert.Equal(t, "api", a["svc"].AsString())
		assert.Equal(t, int64(i), a["req.n"].AsInt64())
		assert.Equal(t, `{"type":"object","properties":{"svc":{},"cfg":{"type":"object"},"base":{},"req.n":{}}}`, a[core.KeyJSONSchema].AsString())
		assert.Len(t, s.Events(), 1)
	}
	assert.Equal(t, 3, base.Len())
}

// TestArrayEncoder: arrays built element by element follow the same rule.
func TestArrayEncoder(t *testing.T) {
	a, _ := emit(t, func(e *core.Encoder) {
		arr := e.BeginArray()
		arr.End("empty")
		arr = e.BeginArray()
		arr.Int64(1)
		arr.Float64(2.5)
		arr.End("numbers")
		arr = e.BeginArray()
		arr.String("a")
		arr.Int64(1)
		arr.End("mixed")
		arr = e.BeginArray()
		arr.Int64(1)
		w := arr.JSON()
		w.BeginObject()
		w.Key("x")
		w.Int64(1)
		w.EndObject()
		arr.End("nested")
		arr = e.BeginArray()
		arr.Float64(nanValue())
		arr.End("nan")
		arr = e.BeginArray()
		arr.Uint64(1 << 63)
		arr.End("big")
		arr = e.BeginArray()
		arr.Bool(true)
		arr.Bool(false)
		arr.End("bools")
	})
	assert.Equal(t, attribute.StringSliceValue([]string{}), a["empty"])
	assert.Equal(t, attribute.Float64SliceValue([]float64{1, 2.5}), a["numbers"])
	assert.Equal(t, attribute.StringValue(`["a",1]`), a["mixed"])
	assert.Equal(t, attribute.StringValue(`[1,{"x":1}]`), a["nested"])
	assert.Equal(t, attribute.StringValue(`["NaN"]`), a["nan"])
	assert.Equal(t, attribute.StringValue(`[9223372036854775808]`), a["big"])
	assert.Equal(t, attribute.BoolSliceValue([]bool{true, false}), a["bools"])
}
