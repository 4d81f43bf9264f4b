package logrusspan_test

import (
	"context"
	"io"
	"testing"

	"github.com/sirupsen/logrus"
	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/logspan/logspan/core"
	"github.com/logspan/logspan/logrusspan"
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

// newLogger returns a logrus logger at Trace level, writing nowhere, with a
// span hook recording into rec. Extra options go to the hook.
func newLogger(t *testing.T, opts ...core.Option) (*logrus.Logger, *tracetest.SpanRecorder, *sdktrace.TracerProvider) {
	t.Helper()
	tp, rec := recorder(t)
	logger := logrus.New()
	logger.Out = io.Discard
	logger.SetLevel(logrus.TraceLevel)
	logger.AddHook(logrusspan.NewHook(append([]core.Option{core.WithTracerProvider(tp)}, opts...)...))
	return logger, rec, tp
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
