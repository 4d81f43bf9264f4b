package slogauto

import (
	"bytes"
	"context"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/logspan/logspan/core"
	"github.com/logspan/logspan/slogspan"
)

func recordGlobally(t *testing.T) *tracetest.SpanRecorder {
	t.Helper()
	sr := tracetest.NewSpanRecorder()
	prev := otel.GetTracerProvider()
	otel.SetTracerProvider(sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(sr)))
	t.Cleanup(func() { otel.SetTracerProvider(prev) })
	spansOnce, spans = sync.Once{}, nil // built again, on this provider
	return sr
}

func noTime(_ []string, a slog.Attr) slog.Attr {
	if a.Key == slog.TimeKey {
		return slog.Attr{}
	}
	return a
}

func TestWrapBeforeReady(t *testing.T) {
	sr := recordGlobally(t)
	var buf bytes.Buffer
	ready.Store(false)
	t.Cleanup(func() { ready.Store(true) })

	l := slog.New(Wrap(slog.NewJSONHandler(&buf, &slog.HandlerOptions{ReplaceAttr: noTime}))).
		With("component", "lib").WithGroup("req")
	l.Info("before", "n", 1)
	assert.Empty(t, sr.Ended())

	ready.Store(true)
	ctx, parent := otel.Tracer("test").Start(context.Background(), "request")
	l.InfoContext(ctx, "after", "n", 2)
	parent.End()

	lines := bytes.Split(bytes.TrimSpace(buf.Bytes()), []byte("\n"))
	require.Len(t, lines, 2)
	assert.Equal(t, `{"level":"INFO","msg":"before","component":"lib","req":{"n":1}}`, string(lines[0]))
	assert.Contains(t, string(lines[1]), `"trace_id":"`+parent.SpanContext().TraceID().String()+`"`)
	spans := sr.Ended()
	require.Len(t, spans, 2)
	s := spans[0]
	assert.Equal(t, "after", s.Name())
	assert.Equal(t, parent.SpanContext().SpanID(), s.Parent().SpanID())
	assert.Contains(t, s.Attributes(), attribute.String("component", "lib"))
	assert.Contains(t, s.Attributes(), attribute.Int64("req.n", 2), "the group, replayed on the tee")
}

func TestWrapLeavesAlone(t *testing.T) {
	h := slog.NewTextHandler(&bytes.Buffer{}, nil)
	spansOnly := slogspan.NewHandler()
	assert.Nil(t, Wrap(nil))
	assert.Same(t, spansOnly, Wrap(spansOnly))
	w := Wrap(h)
	assert.Same(t, w, Wrap(w))
	t.Setenv("LOGSPAN_DISABLED", "true")
	assert.Same(t, h, Wrap(h))
}

// TestBuiltin is what the built-in default handler's Handle does first.
func TestBuiltin(t *testing.T) {
	sr := recordGlobally(t)
	ctx, parent := otel.Tracer("test").Start(context.Background(), "request")
	r := slog.NewRecord(time.Now(), slog.LevelInfo, "builtin", 0)
	got := builtin(ctx, r)
	parent.End()

	attrs := map[string]string{}
	got.Attrs(func(a slog.Attr) bool { attrs[a.Key] = a.Value.String(); return true })
	assert.Equal(t, parent.SpanContext().TraceID().String(), attrs[slogspan.TraceIDKey])
	assert.Equal(t, 0, r.NumAttrs(), "the caller's record is left alone")
	spans := sr.Ended()
	require.Len(t, spans, 2)
	assert.Equal(t, "builtin", spans[0].Name())
	assert.Equal(t, attrs[slogspan.SpanIDKey], spans[0].SpanContext().SpanID().String())

	// Below Info: no span, the record unchanged.
	r.Level = slog.LevelDebug
	assert.Equal(t, 0, builtin(ctx, r).NumAttrs())
	assert.Len(t, sr.Ended(), 2)
}

func TestMarkSkipsManual(t *testing.T) {
	sr := recordGlobally(t)
	mark()
	assert.True(t, core.BuildTime(core.LoggerSlog))
	var buf bytes.Buffer
	h := slog.NewJSONHandler(&buf, nil)
	assert.Same(t, h, slogspan.Wrap(h), "the manual one-liner does nothing")
	slog.New(Wrap(slogspan.Wrap(h))).Info("once")
	assert.Len(t, sr.Ended(), 1)
}
