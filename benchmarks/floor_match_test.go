package benchmarks_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
)

// recordOne logs once through the implementation mk builds and returns
// the log's span.
func recordOne(t *testing.T, mk newImpl) sdktrace.ReadOnlySpan {
	t.Helper()
	sr := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(sr))
	t.Cleanup(func() { _ = tp.Shutdown(context.Background()) })
	ctx, parent := tp.Tracer("bench").Start(context.Background(), "request")
	mk(t, tp).info(ctx)
	parent.End()
	spans := sr.Ended()
	require.Len(t, spans, 2, "the log's span and its parent")
	require.Equal(t, "checkout", spans[0].Name())
	return spans[0]
}

// withValue returns attrs with key's value replaced by the string v.
func withValue(attrs []attribute.KeyValue, key, v string) []attribute.KeyValue {
	out := make([]attribute.KeyValue, len(attrs))
	for i, kv := range attrs {
		if string(kv.Key) == key {
			kv = attribute.String(key, v)
		}
		out[i] = kv
	}
	return out
}

// comparable returns attrs as the floor comparison sees them: without the
// console flag a hook sets (logfire.disable_console_log: the logger prints
// its own line, one attribute more, the same work otherwise), and with
// logfire.json_schema re-encoded with sorted properties (logrus hands its
// fields over as a map, so their order is the map's).
func comparable(t *testing.T, attrs []attribute.KeyValue, hook bool) []attribute.KeyValue {
	t.Helper()
	out := make([]attribute.KeyValue, 0, len(attrs))
	for _, kv := range attrs {
		switch string(kv.Key) {
		case "logfire.disable_console_log":
			if hook {
				continue
			}
		case "logfire.json_schema":
			var schema map[string]any
			require.NoError(t, json.Unmarshal([]byte(kv.Value.AsString()), &schema))
			sorted, err := json.Marshal(schema) // encoding/json sorts map keys
			require.NoError(t, err)
			kv = attribute.String(string(kv.Key), string(sorted))
		}
		out = append(out, kv)
	}
	return out
}

// TestFloorMatchesLogspan keeps the floor honest: every adapter must emit
// the very span the floor builds by hand, so the ratios compare the same
// work.
func TestFloorMatchesLogspan(t *testing.T) {
	want := recordOne(t, newFloor)
	tests := []struct {
		give string
		mk   newImpl
		// untyped: the adapter cannot know the error's Go type, so its
		// exception.type differs (zerolog hands hooks the error's text
		// only, unless zerologspan.CaptureErrors is on); the span has the
		// same attributes and costs the same.
		untyped bool
		// hook: the adapter sits beside the logger's own output, so it
		// marks its spans for the console view to skip.
		hook bool
	}{
		{give: "zapspan", mk: newZapspan},
		{give: "zapspan WrapCore", mk: newWrapCore, hook: true},
		{give: "zerologspan", mk: newZerologspan, untyped: true, hook: true},
		{give: "zerologspan CaptureErrors", mk: newZerologspanCapture, hook: true},
		{give: "logrusspan", mk: newLogrusspan, hook: true},
		{give: "slogspan", mk: newSlogspan},
		{give: "slogspan Wrap", mk: newSlogWrap, hook: true},
	}
	for _, tt := range tests {
		t.Run(tt.give, func(t *testing.T) {
			got := recordOne(t, tt.mk)
			assert.Equal(t, want.SpanKind(), got.SpanKind())
			assert.Equal(t, got.StartTime(), got.EndTime(), "an instant span")
			assert.ElementsMatch(t, comparable(t, want.Attributes(), false), comparable(t, got.Attributes(), tt.hook))
			require.Len(t, got.Events(), len(want.Events()))
			for i, ev := range want.Events() {
				assert.Equal(t, ev.Name, got.Events()[i].Name)
				gotAttrs := got.Events()[i].Attributes
				if tt.untyped {
					gotAttrs = withValue(gotAttrs, "exception.type", "*errors.errorString")
				}
				assert.ElementsMatch(t, ev.Attributes, gotAttrs)
			}
			assert.Equal(t, want.Status(), got.Status())
		})
	}
}
