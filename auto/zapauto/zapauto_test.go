package zapauto

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"

	"github.com/logspan/logspan/core"
	"github.com/logspan/logspan/zapspan"
)

// recordGlobally makes the global tracer provider record, as auto.Start
// makes it export, and restores it after the test.
func recordGlobally(t *testing.T) *tracetest.SpanRecorder {
	t.Helper()
	sr := tracetest.NewSpanRecorder()
	prev := otel.GetTracerProvider()
	otel.SetTracerProvider(sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(sr)))
	t.Cleanup(func() { otel.SetTracerProvider(prev) })
	return sr
}

func TestWrapBeforeReady(t *testing.T) {
	sr := recordGlobally(t)
	obs, logs := observer.New(zapcore.InfoLevel)
	ready.Store(false)
	t.Cleanup(func() { ready.Store(true) })

	// As in a library's package variable initialized before this package.
	l := zap.New(Wrap(obs)).With(zap.String("component", "lib"))
	l.Info("before")
	assert.Empty(t, sr.Ended(), "no span before the runtime is initialized")

	ready.Store(true)
	ctx, parent := otel.Tracer("test").Start(context.Background(), "request")
	l.Info("after", zap.Any("ctx", ctx))
	parent.End()

	require.Equal(t, 2, logs.Len(), "the application's core gets every entry")
	assert.Equal(t, "lib", logs.All()[1].ContextMap()["component"])
	assert.Contains(t, logs.All()[1].ContextMap(), zapspan.SpanIDKey, "the context field became the ids")
	spans := sr.Ended()
	require.Len(t, spans, 2)
	s := spans[0]
	assert.Equal(t, "after", s.Name())
	assert.Equal(t, parent.SpanContext().SpanID(), s.Parent().SpanID())
	assert.Equal(t, s.StartTime(), s.EndTime())
	assert.Contains(t, s.Attributes(), attribute.String("component", "lib"), "With before the tee is replayed on it")
}

func TestWrapLeavesAlone(t *testing.T) {
	obs, _ := observer.New(zapcore.InfoLevel)
	spansOnly := zapspan.NewCore()
	assert.Nil(t, Wrap(nil))
	assert.Same(t, spansOnly, Wrap(spansOnly), "a core that already makes spans")
	w := Wrap(obs)
	assert.Same(t, w, Wrap(w), "wrapped once")

}

func TestDisabled(t *testing.T) {
	sr := recordGlobally(t)
	obs, logs := observer.New(zapcore.InfoLevel)
	t.Setenv("OTEL_SDK_DISABLED", "true")
	c := Wrap(obs)
	assert.Equal(t, obs, c)
	zap.New(c).Info("m")
	assert.Equal(t, 1, logs.Len())
	assert.Empty(t, sr.Ended())
}

// TestMarkSkipsManual marks zap as instrumented at build time for the rest
// of this test binary: the manual one-liner then makes no span, the
// instrumentation's own tee still does.
func TestMarkSkipsManual(t *testing.T) {
	sr := recordGlobally(t)
	t.Setenv("LOGSPAN_DISABLED", "true")
	mark()
	assert.False(t, core.BuildTime(core.LoggerZap), "not marked when disabled")
	t.Setenv("LOGSPAN_DISABLED", "")
	mark()
	assert.True(t, core.BuildTime(core.LoggerZap))

	obs, logs := observer.New(zapcore.InfoLevel)
	l := zap.New(Wrap(obs)).WithOptions(zapspan.WrapCore())
	l.Info("once")
	assert.Equal(t, 1, logs.Len())
	require.Len(t, sr.Ended(), 1, "one span: the manual one-liner does nothing")
	assert.Equal(t, "once", sr.Ended()[0].Name())
}
