package slogspan_test

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"testing/slogtest"
	"time"

	"github.com/stretchr/testify/require"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/core"
	"github.com/logspan/logspan/core/spantest"
	"github.com/logspan/logspan/slogspan"
)

// slogtestRun runs testing/slogtest on the handler newHandler builds over
// a tracer provider, reading each case's span back as slog's output.
func slogtestRun(t *testing.T, newHandler func(logspan.Option) slog.Handler) {
	var mu sync.Mutex
	type caseEnv struct {
		rec   *tracetest.SpanRecorder
		start time.Time
	}
	envs := map[*testing.T]*caseEnv{}
	slogtest.Run(t,
		func(t *testing.T) slog.Handler {
			tp, rec := spantest.NewRecorder(t)
			mu.Lock()
			envs[t] = &caseEnv{rec: rec, start: time.Now()}
			mu.Unlock()
			return newHandler(logspan.WithTracerProvider(tp))
		},
		func(t *testing.T) map[string]any {
			mu.Lock()
			env := envs[t]
			mu.Unlock()
			s := spantest.Only(t, env.rec)
			m := spanAsSlog(s)
			if strings.HasSuffix(t.Name(), "/zero-time") {
				// A span cannot go without a time: for a record with a
				// zero time, core uses the current time. That is this
				// handler's reading of "ignore a zero Record.Time", so
				// check it and drop the key the case wants absent, as
				// slogtest's doc asks of handlers that deliberately
				// differ.
				require.False(t, s.StartTime().Before(env.start), "zero time: span at %v, before the log", s.StartTime())
				require.False(t, s.StartTime().After(time.Now()), "zero time: span at %v, after the log", s.StartTime())
				delete(m, slog.TimeKey)
			}
			return m
		},
	)
}

// spanAsSlog reads a log span the way slogtest reads a handler's output:
// the built-in keys, the source when the span has code attributes, and the
// attributes nested back into maps at their dots.
func spanAsSlog(s sdktrace.ReadOnlySpan) map[string]any {
	a := spantest.Attributes(s)
	m := map[string]any{
		slog.TimeKey:    s.StartTime(),
		slog.LevelKey:   a[core.KeyLogLevel].AsString(),
		slog.MessageKey: a[core.KeyMsg].AsString(),
	}
	if file, ok := a[core.KeyCodeFilePath]; ok {
		m[slog.SourceKey] = map[string]any{
			"file":     file.AsString(),
			"line":     a[core.KeyCodeLineNumber].AsInt64(),
			"function": a[core.KeyCodeFunctionName].AsString(),
		}
	}
	for k, v := range userAttrs(s) {
		path := strings.Split(k, ".")
		group := m
		for _, g := range path[:len(path)-1] {
			sub, ok := group[g].(map[string]any)
			if !ok {
				sub = map[string]any{}
				group[g] = sub
			}
			group = sub
		}
		group[path[len(path)-1]] = v
	}
	return m
}

func TestSlogtest(t *testing.T) {
	slogtestRun(t, func(o logspan.Option) slog.Handler { return slogspan.NewHandler(o) })
}

func TestSlogtestWithSource(t *testing.T) {
	slogtestRun(t, func(o logspan.Option) slog.Handler { return slogspan.NewHandler(o).WithSource(true) })
}

// The spans of a wrapped handler follow slog's rules as well...
func TestSlogtestWrapSpans(t *testing.T) {
	slogtestRun(t, func(o logspan.Option) slog.Handler {
		return slogspan.Wrap(slog.NewJSONHandler(new(bytes.Buffer), nil), o)
	})
}

// ...and so does the application's own output through Wrap.
func TestSlogtestWrapOutput(t *testing.T) {
	var buf bytes.Buffer
	slogtest.Run(t,
		func(t *testing.T) slog.Handler {
			buf.Reset()
			tp, _ := spantest.NewRecorder(t)
			return slogspan.Wrap(slog.NewJSONHandler(&buf, nil), logspan.WithTracerProvider(tp))
		},
		func(t *testing.T) map[string]any {
			var m map[string]any
			require.NoError(t, json.Unmarshal(buf.Bytes(), &m), buf.String())
			return m
		},
	)
}
