package core_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

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
	assert.Contains(t, a["cyclic"].AsString(), "<max depth exceeded>", "a cycle ends at the depth limit")
	assert.Contains(t, a["loop"].AsString(), "<max depth exceeded>", "a cycle ends at the depth limit")
	assert.True(t, json.Valid([]byte(a["deep"].AsString())), "1000 levels of plain nesting stay valid JSON")
	assert.Equal(t, "PANIC=json exploded", a["panicError"].AsString())
	assert.Equal(t, "null", a["nil_map"].AsString())
	assert.Equal(t, "null", a["nil_ptr"].AsString())
	assert.Equal(t, "<chan int>", a["chan"].AsString())
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
	assert.Equal(t, attribute.STRING, a["ss"].Type(), "a slice past the limit becomes cut JSON text")
	assert.Contains(t, a["ss"].AsString(), "...[truncated")
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
	assert.Equal(t, "null", a["typed_nil"].AsString())
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

func TestLongSlicesAreBounded(t *testing.T) {
	a, _ := emit(t, func(e *core.Encoder) {
		e.AddInt64s("ints", make([]int64, 1_000_000))
		e.AddStrings("strs", make([]string, 1_000_000))
		e.AddBools("bools", make([]bool, 1_000_000))
		e.AddFloat64s("floats", make([]float64, 1_000_000))
		e.AddInt64s("short", []int64{1, 2})
	})
	for _, k := range []attribute.Key{"ints", "strs", "bools", "floats"} {
		assert.Equal(t, attribute.STRING, a[k].Type(), k)
		assert.LessOrEqual(t, len(a[k].AsString()), core.DefaultMaxValueBytes+64, k)
		assert.Contains(t, a[k].AsString(), "...[truncated", k)
	}
	assert.Equal(t, []int64{1, 2}, a["short"].AsInt64Slice())
}

func TestNamespacePrefixIsBounded(t *testing.T) {
	name := strings.Repeat("n", 1000)
	a, _ := emit(t, func(e *core.Encoder) {
		for range 200 {
			e.OpenNamespace(name)
		}
		e.AddString("k", "v")
	}, core.WithMaxValueBytes(4096))
	for k := range a {
		assert.LessOrEqual(t, len(k), 2*4096+64, "key of %d bytes", len(k))
	}
}

func TestTruncatedJSONIsScrubbed(t *testing.T) {
	a, _ := emit(t, func(e *core.Encoder) {
		e.AddAny("big", map[string]any{"password": "hunter2", "zzz": strings.Repeat("x", 200)})
	}, core.WithMaxValueBytes(64))
	assert.Equal(t, "[Scrubbed due to 'password']", a["big"].AsString())
	assert.Contains(t, a[core.KeyScrubbed].AsString(), `"big"`)
}

type tokenError struct{}

func (tokenError) Error() string { return "token abc123 rejected" }

func TestScrubbedErrorLeavesNoTrace(t *testing.T) {
	a, s := emit(t, func(e *core.Encoder) {
		e.AddError("session_token", tokenError{})
	})
	assert.Equal(t, "[Scrubbed due to 'session']", a["session_token"].AsString())
	require.Len(t, s.Events(), 1)
	for _, kv := range s.Events()[0].Attributes {
		assert.NotContains(t, kv.Value.Emit(), "abc123", "%s leaks the scrubbed error", kv.Key)
	}
}

// stuckProvider never finishes a flush.
type stuckProvider struct{ trace.TracerProvider }

func (stuckProvider) ForceFlush(ctx context.Context) error { <-ctx.Done(); return ctx.Err() }

func TestStalledFlushIsNotWaitedTwice(t *testing.T) {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	em := core.NewEmitter("test", "v", core.WithTracerProvider(stuckProvider{tp}), core.WithFlushTimeout(100*time.Millisecond))
	assert.ErrorIs(t, em.Sync(), context.DeadlineExceeded, "the first flush waits out its timeout")
	start := time.Now()
	em.Start(context.Background(), core.Record{Level: core.LevelFatal, Message: "again"}, nil).End()
	assert.ErrorIs(t, em.Sync(), core.ErrFlushSkipped)
	assert.Less(t, time.Since(start), 100*time.Millisecond, "later flushes are skipped while the backend is stalled")
	assert.Len(t, rec.Ended(), 1, "the span is made all the same")
}

func TestHexIDs(t *testing.T) {
	sc := trace.NewSpanContext(trace.SpanContextConfig{
		TraceID: trace.TraceID{0x4b, 0xf9, 0x2f, 0x35, 0x77, 0xb3, 0x4d, 0xa6, 0xa3, 0xce, 0x92, 0x9d, 0x0e, 0x0e, 0x47, 0x36},
		SpanID:  trace.SpanID{0x00, 0xf0, 0x67, 0xaa, 0x0b, 0xa9, 0x02, 0xb7},
	})
	tid, sid := core.HexIDs(sc)
	assert.Equal(t, sc.TraceID().String(), tid)
	assert.Equal(t, sc.SpanID().String(), sid)
}
