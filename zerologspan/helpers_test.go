package zerologspan_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/rs/zerolog"
	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/core"
	"github.com/logspan/logspan/core/spantest"
	"github.com/logspan/logspan/zerologspan"
)

// newLogger returns a zerolog logger writing JSON into out, with a span hook
// recording into rec.
func newLogger(t testing.TB, opts ...logspan.Option) (zerolog.Logger, *bytes.Buffer, *tracetest.SpanRecorder, *sdktrace.TracerProvider) {
	t.Helper()
	tp, rec := spantest.NewRecorder(t)
	out := new(bytes.Buffer)
	opts = append([]logspan.Option{logspan.WithTracerProvider(tp)}, opts...)
	return zerolog.New(zerolog.SyncWriter(out)).Hook(zerologspan.NewHook(opts...)), out, rec, tp
}

// fieldAttrs returns the span's attributes without the fixed ones core sets
// on every log span.
func fieldAttrs(s sdktrace.ReadOnlySpan) map[attribute.Key]attribute.Value {
	m := spantest.Attributes(s)
	for _, k := range []attribute.Key{
		core.KeySpanType, core.KeyLevelNum, core.KeyLogLevel, core.KeyMsgTemplate, core.KeyMsg,
		core.KeyJSONSchema, core.KeyDisableConsoleLog, core.KeySeverityNumber,
	} {
		delete(m, k)
	}
	return m
}

// lastLine decodes the last JSON line zerolog wrote.
func lastLine(t testing.TB, out *bytes.Buffer) map[string]any {
	t.Helper()
	return lineAt(t, out, -1)
}

// lineAt decodes the JSON line zerolog wrote at index i (from the end when
// negative).
func lineAt(t testing.TB, out *bytes.Buffer, i int) map[string]any {
	t.Helper()
	lines := bytes.Split(bytes.TrimSpace(out.Bytes()), []byte("\n"))
	if i < 0 {
		i += len(lines)
	}
	var m map[string]any
	if err := json.Unmarshal(lines[i], &m); err != nil {
		t.Fatalf("zerolog output is not JSON: %v: %s", err, out.Bytes())
	}
	return m
}
