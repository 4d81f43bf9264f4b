package core

import (
	"context"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"
)

// TestSpanKeyLearned: the key package trace keeps a context's span under
// is learned, so a record's context costs no allocation; and a context
// holding a span through it reads back as that span everywhere.
func TestSpanKeyLearned(t *testing.T) {
	if spanKey == nil {
		t.Fatal("spanKey not learned: every record in both models allocates its context")
	}
	type otherKey struct{}
	sc := trace.NewSpanContext(trace.SpanContextConfig{TraceID: trace.TraceID{7}, SpanID: trace.SpanID{8}, TraceFlags: trace.FlagsSampled})
	parentSC := trace.NewSpanContext(trace.SpanContextConfig{TraceID: trace.TraceID{1}, SpanID: trace.SpanID{2}})
	parent, cancel := context.WithCancel(context.WithValue(trace.ContextWithSpanContext(context.Background(), parentSC), otherKey{}, "v"))
	cancel()

	c := &recordContext{parent: parent}
	if got := trace.SpanContextFromContext(c.context()); !got.Equal(parentSC) {
		t.Errorf("without a log span: span context %v, want the parent's", got)
	}
	c.span = &contextSpan{sc: sc}
	ctx := c.context()
	if got := trace.SpanContextFromContext(ctx); !got.Equal(sc) {
		t.Errorf("span context %v, want the log span's %v", got, sc)
	}
	if trace.SpanFromContext(ctx).IsRecording() {
		t.Error("the record's span is recording: a processor could change the log span through it")
	}
	if ctx.Value(otherKey{}) != "v" {
		t.Error("the parent's values are lost")
	}
	if ctx.Err() != nil || ctx.Done() != nil {
		t.Error("the record's context is cancelled with the log's")
	}
	if _, ok := ctx.Deadline(); ok {
		t.Error("the record's context has a deadline")
	}
}

// TestRecordDedupIndex: past linearScan attributes the index takes over
// and stays right, from one log to the next in the same pooled state.
func TestRecordDedupIndex(t *testing.T) {
	var rs recordState
	for round := range 3 {
		rs.keepFixed(nil)
		for i := range 3 * linearScan {
			rs.add(attribute.Int(string(rune('A'+i%(2*linearScan))), i+round))
		}
		if len(rs.attrs) != 2*linearScan {
			t.Fatalf("round %d: %d attributes, want %d unique keys", round, len(rs.attrs), 2*linearScan)
		}
		for i, kv := range rs.attrs {
			if want := i + 2*linearScan + round; i < linearScan && kv.Value.AsInt64() != int64(want) {
				t.Errorf("round %d: %s = %d, want the last value %d", round, kv.Key, kv.Value.AsInt64(), want)
			}
		}
		rs.reset()
	}
}
