package main

import (
	"context"
	"encoding/json"
	"io"
	"testing"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/core"
)

var adapters = []string{"zap", "zerolog", "logrus", "slog"}

// run logs the quickstart's scenario into a span recorder and returns the
// spans by logger, then by message.
func run(t *testing.T) (map[string]map[string]sdktrace.ReadOnlySpan, sdktrace.ReadOnlySpan) {
	t.Helper()
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	prev := otel.GetTracerProvider()
	otel.SetTracerProvider(tp) // the loggers use the global provider, as in main
	t.Cleanup(func() { otel.SetTracerProvider(prev) })

	checkout(context.Background(), tp.Tracer("test"), newLoggers(io.Discard))

	byID := map[[8]byte]sdktrace.ReadOnlySpan{}
	var root sdktrace.ReadOnlySpan
	for _, s := range rec.Ended() {
		byID[s.SpanContext().SpanID()] = s
		if s.Name() == "POST /checkout" {
			root = s
		}
	}
	if root == nil {
		t.Fatal("no request span")
	}
	logs := map[string]map[string]sdktrace.ReadOnlySpan{}
	for _, s := range rec.Ended() {
		if !isLog(s) {
			continue
		}
		parent, ok := byID[s.Parent().SpanID()]
		if !ok {
			t.Fatalf("log %q has no recorded parent", s.Name())
		}
		if parent.Parent().SpanID() != root.SpanContext().SpanID() {
			t.Errorf("%q's parent %q is not under the request span", s.Name(), parent.Name())
		}
		if logs[parent.Name()] == nil {
			logs[parent.Name()] = map[string]sdktrace.ReadOnlySpan{}
		}
		logs[parent.Name()][s.Name()] = s
	}
	return logs, root
}

func isLog(s sdktrace.ReadOnlySpan) bool {
	for _, kv := range s.Attributes() {
		if kv.Key == core.KeySpanType {
			return true
		}
	}
	return false
}

func attrMap(kvs []attribute.KeyValue) map[attribute.Key]attribute.Value {
	m := map[attribute.Key]attribute.Value{}
	for _, kv := range kvs {
		if kv.Key == logspan.KeyJSONSchema {
			// The schema lists the fields in the logger's order (logrus
			// sorts them): compare it as the object it is.
			kv.Value = attribute.StringValue(canonicalJSON(kv.Value.AsString()))
		}
		m[kv.Key] = kv.Value
	}
	return m
}

// canonicalJSON re-encodes a JSON text with sorted object keys.
func canonicalJSON(s string) string {
	var v any
	if json.Unmarshal([]byte(s), &v) != nil {
		return s
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// TestSameSpansWhicheverLogger is the cross-adapter test: the same two log
// lines through zap, zerolog, logrus and slog make spans with equal
// attributes, events and status. The scope name is the only difference
// for this scenario (with zerologspan.CaptureErrors, as the quickstart
// calls it; README, "Caveats", lists the others).
func TestSameSpansWhicheverLogger(t *testing.T) {
	logs, root := run(t)
	for _, a := range adapters {
		if len(logs[a]) != 2 {
			t.Fatalf("%s made %d log spans, want 2: %v", a, len(logs[a]), logs[a])
		}
	}
	for _, msg := range []string{"checkout started", "card declined"} {
		want := logs["zap"][msg]
		for _, a := range adapters[1:] {
			got := logs[a][msg]
			if got == nil {
				t.Errorf("%s: no %q span", a, msg)
				continue
			}
			if got.SpanContext().TraceID() != root.SpanContext().TraceID() {
				t.Errorf("%s %q: not in the request's trace", a, msg)
			}
			if !got.StartTime().Equal(got.EndTime()) {
				t.Errorf("%s %q: not an instant span", a, msg)
			}
			wa, ga := attrMap(want.Attributes()), attrMap(got.Attributes())
			for k, v := range wa {
				if ga[k] != v {
					t.Errorf("%s %q: %s = %s %v, zap has %s %v", a, msg, k, ga[k].Type(), ga[k].Emit(), v.Type(), v.Emit())
				}
			}
			for k := range ga {
				if _, ok := wa[k]; !ok {
					t.Errorf("%s %q: extra attribute %s = %v", a, msg, k, ga[k].Emit())
				}
			}
			if got.Status() != want.Status() {
				t.Errorf("%s %q: status %v, zap %v", a, msg, got.Status(), want.Status())
			}
			if len(got.Events()) != len(want.Events()) {
				t.Errorf("%s %q: %d events, zap %d", a, msg, len(got.Events()), len(want.Events()))
				continue
			}
			for i := range want.Events() {
				we, ge := attrMap(want.Events()[i].Attributes), attrMap(got.Events()[i].Attributes)
				for k, v := range we {
					if ge[k] != v {
						t.Errorf("%s %q event: %s = %v, zap has %v", a, msg, k, ge[k].Emit(), v.Emit())
					}
				}
			}
			if got.InstrumentationScope().Name == want.InstrumentationScope().Name {
				t.Errorf("%s %q: scope %q, want the adapter's own", a, msg, got.InstrumentationScope().Name)
			}
		}
	}
	declined := logs["zap"]["card declined"]
	if declined.Status().Code != codes.Error || len(declined.Events()) != 1 {
		t.Errorf("the error log has status %v and %d events", declined.Status(), len(declined.Events()))
	}
}
