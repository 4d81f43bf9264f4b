package logrusauto

import (
	"bytes"
	"context"
	"sync"
	"testing"

	"github.com/sirupsen/logrus"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/logspan/logspan/core"
	"github.com/logspan/logspan/logrusspan"
)

func recordGlobally(t *testing.T) *tracetest.SpanRecorder {
	t.Helper()
	sr := tracetest.NewSpanRecorder()
	prev := otel.GetTracerProvider()
	otel.SetTracerProvider(sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(sr)))
	t.Cleanup(func() { otel.SetTracerProvider(prev) })
	spansOnce, spans, levels = sync.Once{}, nil, [8]bool{} // built again, on this provider
	return sr
}

// newLogger is a logrus.Logger literal without Hooks, as the rule wraps it.
func newLogger(buf *bytes.Buffer) *logrus.Logger {
	return Logger(&logrus.Logger{
		Out:       buf,
		Formatter: &logrus.JSONFormatter{DisableTimestamp: true},
		Level:     logrus.DebugLevel,
	})
}

func TestLoggerBeforeReady(t *testing.T) {
	sr := recordGlobally(t)
	var buf bytes.Buffer
	ready.Store(false)
	t.Cleanup(func() { ready.Store(true) })
	l := newLogger(&buf) // as logrus.New in logrus's own init
	l.Info("before")
	assert.Empty(t, sr.Ended())

	ready.Store(true)
	ctx, parent := otel.Tracer("test").Start(context.Background(), "request")
	l.WithContext(ctx).Warn("after")
	l.WithContext(ctx).Debug("below Info")
	parent.End()

	spans := sr.Ended()
	require.Len(t, spans, 2, "one span for the Warn, none for the Debug")
	assert.Equal(t, "after", spans[0].Name())
	assert.Equal(t, parent.SpanContext().SpanID(), spans[0].Parent().SpanID())
	assert.Contains(t, buf.String(), `"trace_id":"`+parent.SpanContext().TraceID().String()+`"`)
	assert.Equal(t, 3, bytes.Count(buf.Bytes(), []byte("\n")), "logrus writes every entry")
}

func TestLoggerNilAndDisabled(t *testing.T) {
	assert.Nil(t, Logger(nil))
	t.Setenv("LOGSPAN_DISABLED", "true")
	l := &logrus.Logger{}
	assert.Nil(t, Logger(l).Hooks, "nothing added while disabled")
}

func TestMarkSkipsManual(t *testing.T) {
	sr := recordGlobally(t)
	mark()
	assert.True(t, core.BuildTime(core.LoggerLogrus))
	var buf bytes.Buffer
	l := newLogger(&buf)
	l.AddHook(logrusspan.NewHook()) // the manual one-liner
	l.Info("once")
	assert.Len(t, sr.Ended(), 1)
}
