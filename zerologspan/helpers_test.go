package zerologspan_test

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"

	"github.com/rs/zerolog"
	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/logspan/logspan/core"
	"github.com/logspan/logspan/zerologspan"
)

// recorder returns a tracer provider recording every span, closed when the
// test ends.
func recorder(t testing.TB) (*sdktrace.TracerProvider, *tracetest.SpanRecorder) {
	t.Helper()
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	t.Cleanup(func() { _ = tp.Shutdown(context.Background()) })
	return tp, rec
}

// newLogger returns a zerolog logger writing JSON into out, with a span hook
// recording into rec.
func newLogger(t testing.TB, opts ...core.Option) (zerolog.Logger, *bytes.Buffer, *tracetest.SpanRecorder, *sdktrace.TracerProvider) {
	t.Helper()
	tp, rec := recorder(t)
	out := new(bytes.Buffer)
	opts = append([]core.Option{core.WithTracerProvider(tp)}, opts...)
	return zerolog.New(zerolog.SyncWriter(out)).Hook(zerologspan.NewHook(opts...)), out, rec, tp
}

func attrsOf(s sdktrace.ReadOnlySpan) map[attribute.Key]attribute.Value {
	m := map[attribute.Key]attribute.Value{}
	for _, kv := range s.Attributes() {
		m[kv.Key] = kv.Value
	}
	return m
}

// only returns the single ended span.
func only(t testing.TB, rec *tracetest.SpanRecorder) sdktrace.ReadOnlySpan {
	t.Helper()
	spans := rec.Ended()
	if len(spans) != 1 {
		t.Fatalf("got %d spans, want 1", len(spans))
	}
	return spans[0]
}

// fieldAttrs returns the span's attributes without the fixed ones core sets
// on every log span.
func fieldAttrs(s sdktrace.ReadOnlySpan) map[attribute.Key]attribute.Value {
	m := attrsOf(s)
	for _, k := range []attribute.Key{core.KeySpanType, core.KeyLevelNum, core.KeyLogLevel, core.KeyMsgTemplate, core.KeyMsg} {
		delete(m, k)
	}
	return m
}

// lastLine decodes the last JSON line zerolog wrote.
func lastLine(t testing.TB, out *bytes.Buffer) map[string]any {
	t.Helper()
	lines := bytes.Split(bytes.TrimSpace(out.Bytes()), []byte("\n"))
	var m map[string]any
	if err := json.Unmarshal(lines[len(lines)-1], &m); err != nil {
		t.Fatalf("zerolog output is not JSON: %v: %s", err, out.Bytes())
	}
	return m
}
