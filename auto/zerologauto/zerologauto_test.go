package zerologauto

import (
	"bytes"
	"context"
	"sync"
	"testing"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/logspan/logspan/core"
	"github.com/logspan/logspan/zerologspan"
)

func recordGlobally(t *testing.T) *tracetest.SpanRecorder {
	t.Helper()
	sr := tracetest.NewSpanRecorder()
	prev := otel.GetTracerProvider()
	otel.SetTracerProvider(sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(sr)))
	t.Cleanup(func() { otel.SetTracerProvider(prev) })
	hookOnce, hook = sync.Once{}, nil // built again, on this provider
	return sr
}

// newLogger calls run where the rule does, first in the event's message
// path: a zerolog hook is the same place without the rewrite.
func newLogger(buf *bytes.Buffer) zerolog.Logger {
	return zerolog.New(buf).Hook(zerolog.HookFunc(run))
}

func TestRun(t *testing.T) {
	sr := recordGlobally(t)
	var buf bytes.Buffer
	l := newLogger(&buf)
	ready.Store(false)
	l.Info().Msg("before")
	ready.Store(true)
	assert.Empty(t, sr.Ended())

	ctx, parent := otel.Tracer("test").Start(context.Background(), "request")
	l.Info().Ctx(ctx).Str("user", "ada").Msg("after")
	parent.End()
	spans := sr.Ended()
	require.Len(t, spans, 2)
	assert.Equal(t, "after", spans[0].Name())
	assert.Equal(t, parent.SpanContext().SpanID(), spans[0].Parent().SpanID())
	assert.Contains(t, buf.String(), `"span_id":"`+spans[0].SpanContext().SpanID().String()+`"`)
}

func TestMarkSkipsManual(t *testing.T) {
	sr := recordGlobally(t)
	mark()
	assert.True(t, core.BuildTime(core.LoggerZerolog))
	var buf bytes.Buffer
	l := newLogger(&buf).Hook(zerologspan.NewHook()) // the manual one-liner
	l.Info().Msg("once")
	assert.Len(t, sr.Ended(), 1)
	assert.Equal(t, 1, bytes.Count(buf.Bytes(), []byte("\n")))
}
