package slogspan_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/core"
	"github.com/logspan/logspan/core/spantest"
	"github.com/logspan/logspan/slogspan"
)

// jsonLines decodes every line of a JSON handler's output.
func jsonLines(t *testing.T, buf *bytes.Buffer) []map[string]any {
	t.Helper()
	var out []map[string]any
	for line := range strings.Lines(buf.String()) {
		var m map[string]any
		require.NoError(t, json.Unmarshal([]byte(line), &m), line)
		out = append(out, m)
	}
	return out
}

// logSpans returns the ended spans that are logs.
func logSpans(spans []sdktrace.ReadOnlySpan) []sdktrace.ReadOnlySpan {
	var out []sdktrace.ReadOnlySpan
	for _, s := range spans {
		if spantest.Attributes(s)[core.KeySpanType].AsString() == "log" {
			out = append(out, s)
		}
	}
	return out
}

func TestWrapAddsSpanIDs(t *testing.T) {
	tp, rec := spantest.NewRecorder(t)
	var buf bytes.Buffer
	app := slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug})
	logger := slog.New(slogspan.Wrap(app, logspan.WithTracerProvider(tp)))

	ctx, parent := tp.Tracer("test").Start(context.Background(), "request")
	logger.InfoContext(ctx, "in a request", "k", "v")
	logger.Info("no context")
	logger.DebugContext(ctx, "below the span level")
	parent.End()

	lines := jsonLines(t, &buf)
	require.Len(t, lines, 3, "the application's handler writes every record")
	logs := logSpans(rec.Ended())
	require.Len(t, logs, 2)

	sc := logs[0].SpanContext()
	assert.Equal(t, sc.TraceID().String(), lines[0][slogspan.TraceIDKey])
	assert.Equal(t, sc.SpanID().String(), lines[0][slogspan.SpanIDKey], "the log's own span, not its parent")
	assert.NotEqual(t, parent.SpanContext().SpanID().String(), lines[0][slogspan.SpanIDKey])
	assert.Equal(t, "v", lines[0]["k"])
	for _, l := range lines[1:] {
		assert.NotContains(t, l, slogspan.TraceIDKey, "%v", l["msg"])
		assert.NotContains(t, l, slogspan.SpanIDKey, "%v", l["msg"])
	}
}

// An unsampled parent makes no recorded span, but the log's span still has
// an identity in the parent's trace, which the application's output shows.
func TestWrapUnsampledParent(t *testing.T) {
	tp, rec := spantest.NewRecorder(t)
	var buf bytes.Buffer
	logger := slog.New(slogspan.Wrap(slog.NewJSONHandler(&buf, nil), logspan.WithTracerProvider(tp)))
	unsampled := trace.NewSpanContext(trace.SpanContextConfig{TraceID: trace.TraceID{9}, SpanID: trace.SpanID{9}, Remote: true})
	logger.InfoContext(trace.ContextWithRemoteSpanContext(context.Background(), unsampled), "unsampled")
	assert.Empty(t, rec.Ended())
	lines := jsonLines(t, &buf)
	require.Len(t, lines, 1)
	assert.Equal(t, unsampled.TraceID().String(), lines[0][slogspan.TraceIDKey])
	assert.NotEmpty(t, lines[0][slogspan.SpanIDKey])
}

func TestWrapEnabled(t *testing.T) {
	tests := []struct {
		name      string
		appLevel  slog.Level
		minLevel  core.Level
		give      slog.Level
		wantLine  bool
		wantSpan  bool
		wantCheck bool
	}{
		{"both", slog.LevelInfo, core.LevelInfo, slog.LevelInfo, true, true, true},
		{"application only", slog.LevelDebug, core.LevelInfo, slog.LevelDebug, true, false, true},
		{"the application's level decides", slog.LevelWarn, core.LevelDebug, slog.LevelInfo, false, false, false},
		{"spans at the minimum too", slog.LevelDebug, core.LevelError, slog.LevelWarn, true, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tp, rec := spantest.NewRecorder(t)
			var buf bytes.Buffer
			h := slogspan.Wrap(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: tt.appLevel}),
				logspan.WithTracerProvider(tp), logspan.WithMinLevel(tt.minLevel))
			assert.Equal(t, tt.wantCheck, h.Enabled(context.Background(), tt.give))
			slog.New(h).Log(context.Background(), tt.give, "m")
			assert.Equal(t, tt.wantLine, buf.Len() > 0, "application output")
			assert.Equal(t, tt.wantSpan, len(rec.Ended()) == 1, "span")
		})
	}
}

// captureHandler keeps the records it is given.
type captureHandler struct{ records *[]slog.Record }

func (captureHandler) Enabled(context.Context, slog.Level) bool { return true }
func (c captureHandler) Handle(_ context.Context, r slog.Record) error {
	*c.records = append(*c.records, r)
	return nil
}
func (c captureHandler) WithAttrs([]slog.Attr) slog.Handler { return c }
func (c captureHandler) WithGroup(string) slog.Handler      { return c }

func TestWrapLeavesCallersRecordAlone(t *testing.T) {
	tp, _ := spantest.NewRecorder(t)
	var got []slog.Record
	h := slogspan.Wrap(captureHandler{&got}, logspan.WithTracerProvider(tp))
	ctx, parent := tp.Tracer("test").Start(context.Background(), "request")
	defer parent.End()

	// More attributes than a Record keeps inline, with room to grow (5
	// inline, 5 of capacity 8 outside): an append that did not clone would
	// write into the caller's storage, which slog detects and marks with a
	// "!BUG" attribute when the caller appends in turn.
	r := slog.NewRecord(time.Now(), slog.LevelInfo, "m", 0)
	for i := range 10 {
		r.AddAttrs(slog.Int("a", i))
	}
	before := r.NumAttrs()
	require.NoError(t, h.Handle(ctx, r))
	assert.Equal(t, before, r.NumAttrs())
	r.AddAttrs(slog.String("later", "x"))
	r.Attrs(func(a slog.Attr) bool {
		assert.NotEqual(t, "!BUG", a.Key, "%s", a.Value)
		return true
	})

	require.Len(t, got, 1)
	keys := map[string]string{}
	got[0].Attrs(func(a slog.Attr) bool {
		keys[a.Key] = a.Value.String()
		return true
	})
	assert.Equal(t, parent.SpanContext().TraceID().String(), keys[slogspan.TraceIDKey])
	assert.NotContains(t, keys, "later")
	assert.Equal(t, before+2, got[0].NumAttrs())
}

func TestWrapWithAttrsAndGroups(t *testing.T) {
	tp, rec := spantest.NewRecorder(t)
	var buf bytes.Buffer
	base := slogspan.Wrap(slog.NewJSONHandler(&buf, nil), logspan.WithTracerProvider(tp))
	assert.Same(t, base, base.WithGroup(""), "an empty group name returns the handler")
	assert.Same(t, base, base.WithAttrs(nil))
	logger := slog.New(base).With("a", 1).WithGroup("g")
	ctx, parent := tp.Tracer("test").Start(context.Background(), "request")
	logger.InfoContext(ctx, "m", "b", 2)
	parent.End()

	lines := jsonLines(t, &buf)
	require.Len(t, lines, 1)
	assert.Equal(t, 1.0, lines[0]["a"])
	g, ok := lines[0]["g"].(map[string]any)
	require.True(t, ok, "%v", lines[0])
	assert.Equal(t, 2.0, g["b"])
	assert.Contains(t, g, slogspan.TraceIDKey, "record attributes land in the open groups")

	logs := logSpans(rec.Ended())
	require.Len(t, logs, 1)
	assert.Equal(t, map[string]any{"a": int64(1), "g.b": int64(2)}, userAttrs(logs[0]))
}

func TestWrapNil(t *testing.T) {
	h := slogspan.NewHandler()
	assert.Same(t, h, h.Wrap(nil))
	assert.IsType(t, (*slogspan.Handler)(nil), slogspan.Wrap(nil))
}

// slog's Logger never passes a nil context, but a direct Handle call may.
func TestNilContext(t *testing.T) {
	tp, rec := spantest.NewRecorder(t)
	var buf bytes.Buffer
	r := slog.NewRecord(time.Now(), slog.LevelInfo, "nil ctx", 0)
	for _, h := range []slog.Handler{
		slogspan.NewHandler(logspan.WithTracerProvider(tp)),
		slogspan.Wrap(slog.NewJSONHandler(&buf, nil), logspan.WithTracerProvider(tp)),
	} {
		//nolint:staticcheck // a nil context is the point of the test
		assert.NoError(t, h.Handle(nil, r))
	}
	assert.Len(t, rec.Ended(), 2)
	lines := jsonLines(t, &buf)
	require.Len(t, lines, 1)
	assert.NotContains(t, lines[0], slogspan.TraceIDKey)
}

func TestWrapWithoutTraceCorrelation(t *testing.T) {
	tp, rec := spantest.NewRecorder(t)
	var out bytes.Buffer
	logger := slog.New(slogspan.Wrap(slog.NewJSONHandler(&out, nil), logspan.WithTracerProvider(tp), logspan.WithoutTraceCorrelation()))
	ctx, parent := tp.Tracer("test").Start(context.Background(), "request")
	logger.InfoContext(ctx, "quiet")
	parent.End()
	if strings.Contains(out.String(), "trace_id") || len(rec.Ended()) != 2 {
		t.Errorf("output %q, %d spans; want no ids and the log span", out.String(), len(rec.Ended()))
	}
}
