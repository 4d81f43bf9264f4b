package slogspan_test

import (
	"context"
	"log/slog"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/logspan/logspan/core"
	"github.com/logspan/logspan/slogspan"
)

// recorder returns a tracer provider recording every span, closed when the
// test ends.
func recorder(t *testing.T) (*sdktrace.TracerProvider, *tracetest.SpanRecorder) {
	t.Helper()
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	t.Cleanup(func() { _ = tp.Shutdown(context.Background()) })
	return tp, rec
}

// newLogger returns a slog logger over a span handler recording into rec.
func newLogger(t *testing.T, opts ...core.Option) (*slog.Logger, *tracetest.SpanRecorder, *sdktrace.TracerProvider) {
	t.Helper()
	tp, rec := recorder(t)
	opts = append([]core.Option{core.WithTracerProvider(tp)}, opts...)
	return slog.New(slogspan.NewHandler(opts...)), rec, tp
}

func attrsOf(s sdktrace.ReadOnlySpan) map[attribute.Key]attribute.Value {
	m := map[attribute.Key]attribute.Value{}
	for _, kv := range s.Attributes() {
		m[kv.Key] = kv.Value
	}
	return m
}

// only returns the single ended span.
func only(t *testing.T, rec *tracetest.SpanRecorder) sdktrace.ReadOnlySpan {
	t.Helper()
	spans := rec.Ended()
	if len(spans) != 1 {
		t.Fatalf("got %d spans, want 1", len(spans))
	}
	return spans[0]
}

// userAttrs returns the attributes of s that are not part of the span
// model's fixed set: the ones the log's own attributes produced.
func userAttrs(s sdktrace.ReadOnlySpan) map[string]any {
	m := map[string]any{}
	for _, kv := range s.Attributes() {
		if !modelKeys[kv.Key] {
			m[string(kv.Key)] = kv.Value.AsInterface()
		}
	}
	return m
}

var modelKeys = map[attribute.Key]bool{
	core.KeySpanType:         true,
	core.KeyLevelNum:         true,
	core.KeyLogLevel:         true,
	core.KeyMsgTemplate:      true,
	core.KeyMsg:              true,
	core.KeyLoggerName:       true,
	core.KeyJSONSchema:       true,
	core.KeyCodeFilePath:     true,
	core.KeyCodeLineNumber:   true,
	core.KeyCodeFunctionName: true,
}
