package core_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/logspan/logspan/core"
)

// emit logs one record whose fields are added by add, and returns the
// span's attributes.
func emit(t *testing.T, add func(*core.Encoder), opts ...core.Option) (map[attribute.Key]attribute.Value, sdktrace.ReadOnlySpan) {
	t.Helper()
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	em := core.NewEmitter("test", "v", append([]core.Option{core.WithTracerProvider(tp)}, opts...)...)
	ev := em.Start(context.Background(), core.Record{Level: core.LevelInfo, Message: "m"}, nil)
	require.NotNil(t, ev)
	require.True(t, ev.Recording())
	add(ev.Encoder())
	ev.End()
	spans := rec.Ended()
	require.Len(t, spans, 1)
	m := map[attribute.Key]attribute.Value{}
	for _, kv := range spans[0].Attributes() {
		m[kv.Key] = kv.Value
	}
	return m, spans[0]
}

type panicJSON struct{}

func (panicJSON) MarshalJSON() ([]byte, error) { panic("json exploded") }

type node struct {
	Next *node `json:"next"`
}

func TestAnyBadValues(t *testing.T) {
	cyclic := map[string]any{}
	cyclic["self"] = cyclic
	loop := &node{}
	loop.Next = loop
	var deep any = "bottom"
	for range 1000 {
		deep = map[string]any{"d": deep}
	}
	var nilMap map[string]int
	var nilPtr *node

	a, _ := emit(t, func(e *core.Encoder) {
		e.AddAny("cyclic", cyclic)
		e.AddAny("loop", loop)
		e.AddAny("deep", deep)
		e.AddAny("panic", panicJSON{})
		e.AddAny("nil_map", nilMap)
		e.AddAny("nil_ptr", nilPtr)
		e.AddAny("chan", make(chan int))
		e.AddAny("", "empty key")
		e.AddAny("ctx", context.Background())
	})
	assert.Contains(t, a["cyclic"].AsString(), "cycle")
	assert.Contains(t, a["loop"].AsString(), "cycle")
	assert.True(t, json.Valid([]byte(a["deep"].AsString())), "1000 levels of plain nesting stay valid JSON")
	assert.Equal(t, "PANIC=json exploded", a["panicError"].AsString())
	assert.Equal(t, "null", a["nil_map"].AsString())
	assert.Equal(t, "<nil>", a["nil_ptr"].AsString())
	assert.True(t, strings.HasPrefix(a["chan"].AsString(), "0x"))
	assert.Equal(t, "empty key", a["_"].AsString())
	assert.NotContains(t, a, attribute.Key("ctx"))
}

func TestValueLimit(t *testing.T) {
	long := strings.Repeat("ü", 100) // 200 bytes
	a, _ := emit(t, func(e *core.Encoder) {
		e.AddString("s", long)
		e.AddAny("m", map[string]string{"k": long})
		e.AddBinary("b", []byte(long))
		e.AddStrings("ss", []string{long})
	}, core.WithMaxValueBytes(51))
	s := a["s"].AsString()
	assert.True(t, strings.HasPrefix(s, strings.Repeat("ü", 25)+"...[truncated 150 bytes]"), s)
	assert.True(t, utf8.ValidString(a["m"].AsString()))
	assert.Contains(t, a["m"].AsString(), "...[truncated")
	assert.NotContains(t, a[core.KeyJSONSchema].AsString(), `"m"`, "a cut JSON value is no longer JSON")
	assert.Contains(t, a["b"].AsString(), "...[truncated")
	assert.Contains(t, a["ss"].AsStringSlice()[0], "...[truncated")
}

func TestDepthLimit(t *testing.T) {
	a, _ := emit(t, func(e *core.Encoder) {
		w := e.BeginJSON()
		for range 10 {
			if w.TooDeep() {
				w.DepthExceeded()
				break
			}
			w.BeginArray()
		}
		for w.Depth() > 0 {
			w.EndArray()
		}
		e.EndJSON("nested")
	}, core.WithMaxDepth(3))
	assert.Equal(t, `[[["<max depth exceeded>"]]]`, a["nested"].AsString())
}

func TestErrorsAndStatus(t *testing.T) {
	var typedNil *wrapped
	a, s := emit(t, func(e *core.Encoder) {
		e.AddError("nil", nil)
		e.AddError("typed_nil", typedNil)
		e.AddError("wrapped", &wrapped{errors.New("inner")})
	})
	assert.NotContains(t, a, attribute.Key("nil"), "a nil error adds nothing")
	assert.Equal(t, "<nil>", a["typed_nil"].AsString())
	assert.Equal(t, "wrapped: inner", a["wrapped"].AsString())
	require.Len(t, s.Events(), 1, "only the real error makes an exception event")
	assert.Equal(t, "*core_test.wrapped", s.Events()[0].Attributes[0].Value.AsString())
}

type wrapped struct{ err error }

func (w *wrapped) Error() string { return "wrapped: " + w.err.Error() }

func TestNamespacePrefix(t *testing.T) {
	a, _ := emit(t, func(e *core.Encoder) {
		e.AddString("a", "1")
		e.OpenNamespace("http")
		e.AddString("method", "GET")
		e.OpenNamespace("req")
		e.AddInt64("size", 10)
	})
	assert.Equal(t, "1", a["a"].AsString())
	assert.Equal(t, "GET", a["http.method"].AsString())
	assert.Equal(t, int64(10), a["http.req.size"].AsInt64())
}

func TestFieldsAreImmutable(t *testing.T) {
	em := core.NewEmitter("test", "v")
	enc := em.NewEncoder(nil)
	enc.AddString("a", "1")
	base := enc.Fields()
	enc.AddString("b", "2")
	left := em.NewEncoder(base)
	left.AddString("left", "x")
	right := em.NewEncoder(base)
	right.AddString("right", "y")
	assert.Equal(t, 1, base.Len())
	assert.Equal(t, []attribute.KeyValue{attribute.String("a", "1"), attribute.String("left", "x")}, left.Fields().Attributes())
	assert.Equal(t, []attribute.KeyValue{attribute.String("a", "1"), attribute.String("right", "y")}, right.Fields().Attributes())
}

func TestDisabledLevelStartsNothing(t *testing.T) {
	em := core.NewEmitter("test", "v", core.WithMinLevel(core.LevelWarn))
	assert.Nil(t, em.Start(context.Background(), core.Record{Level: core.LevelInfo}, nil))
	assert.False(t, em.Enabled(core.LevelInfo))
	assert.True(t, em.Enabled(core.LevelWarn))
}

func TestWithoutLogSpans(t *testing.T) {
	em := core.NewEmitter("test", "v")
	ctx := core.WithoutLogSpans(context.Background())
	assert.True(t, core.LogSpansSuppressed(ctx))
	assert.False(t, core.LogSpansSuppressed(context.Background()))
	assert.False(t, core.LogSpansSuppressed(nil)) //nolint:staticcheck // nil is allowed
	assert.Nil(t, em.Start(ctx, core.Record{Level: core.LevelError}, nil), "a marked context makes no span")
}
