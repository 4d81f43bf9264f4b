//go:build !binary_log

package zerologspan_test

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/core"
	"github.com/logspan/logspan/core/spantest"
	"github.com/logspan/logspan/zerologspan"
)

func TestLevels(t *testing.T) {
	tests := []struct {
		give     zerolog.Level
		wantNum  int64
		wantName string
	}{
		{zerolog.TraceLevel, 1, "trace"},
		{zerolog.DebugLevel, 5, "debug"},
		{zerolog.InfoLevel, 9, "info"},
		{zerolog.WarnLevel, 13, "warn"},
		{zerolog.ErrorLevel, 17, "error"},
		{zerolog.NoLevel, 9, "info"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.give), func(t *testing.T) {
			l, _, rec, _ := newLogger(t, logspan.WithMinLevel(core.LevelTrace))
			l = l.Level(zerolog.TraceLevel - 5)
			l.WithLevel(tt.give).Msg("m")
			spans := rec.Ended()
			require.Len(t, spans, 1)
			a := spantest.Attributes(spans[0])
			assert.Equal(t, tt.wantNum, a[core.KeyLevelNum].AsInt64())
			assert.Equal(t, tt.wantName, a[core.KeyLogLevel].AsString())
		})
	}
}

// The hook runs with whatever level zerolog hands it, custom ones included.
func TestCustomLevel(t *testing.T) {
	tp, rec := spantest.NewRecorder(t)
	h := zerologspan.NewHook(logspan.WithTracerProvider(tp))
	zl := zerolog.New(io.Discard)
	e := zl.Info()
	h.Run(e, zerolog.Level(9), "custom")
	h.Run(e, zerolog.Disabled, "never")
	h = zerologspan.NewHook(logspan.WithTracerProvider(tp), logspan.WithMinLevel(core.LevelTrace))
	h.Run(e, zerolog.Level(-3), "below trace")
	spans := rec.Ended()
	require.Len(t, spans, 2)
	// Severity 24 is in Logfire's fatal; the exact number stays beside it.
	assert.Equal(t, int64(21), spantest.Attributes(spans[0])[core.KeyLevelNum].AsInt64())
	assert.Equal(t, int64(24), spantest.Attributes(spans[0])[core.KeySeverityNumber].AsInt64())
	assert.Equal(t, int64(1), spantest.Attributes(spans[1])[core.KeyLevelNum].AsInt64())
}

func TestMinLevel(t *testing.T) {
	l, _, rec, _ := newLogger(t)
	l.Debug().Msg("below the default minimum")
	assert.Empty(t, rec.Ended())
	l, _, rec, _ = newLogger(t, logspan.WithMinLevel(core.LevelWarn))
	l.Info().Msg("below")
	l.Warn().Msg("at")
	assert.Equal(t, "at", spantest.Only(t, rec).Name())
}

func TestParentFromEventContext(t *testing.T) {
	l, out, rec, tp := newLogger(t)
	ctx, parent := tp.Tracer("test").Start(context.Background(), "request")
	l.Info().Ctx(ctx).Msg("child")
	parent.End()

	log := rec.Ended()[0]
	psc := parent.SpanContext()
	assert.Equal(t, psc.SpanID(), log.Parent().SpanID())
	assert.Equal(t, psc.TraceID(), log.SpanContext().TraceID())

	// Trace correlation: zerolog's own line names the log span.
	line := lastLine(t, out)
	assert.Equal(t, log.SpanContext().TraceID().String(), line[zerologspan.TraceIDKey])
	assert.Equal(t, log.SpanContext().SpanID().String(), line[zerologspan.SpanIDKey])
	assert.Equal(t, "child", line["message"])
}

func TestParentFromLoggerContext(t *testing.T) {
	l, out, rec, tp := newLogger(t)
	ctx, parent := tp.Tracer("test").Start(context.Background(), "request")
	reqLog := l.With().Ctx(ctx).Str("req", "r1").Logger()
	reqLog.Info().Msg("from With")
	other, otherSpan := tp.Tracer("test").Start(context.Background(), "other")
	reqLog.Info().Ctx(other).Msg("event context wins")
	parent.End()
	otherSpan.End()

	var logs []sdktrace.ReadOnlySpan
	for _, s := range rec.Ended() {
		if spantest.Attributes(s)[core.KeySpanType].AsString() == "log" {
			logs = append(logs, s)
		}
	}
	require.Len(t, logs, 2)
	assert.Equal(t, parent.SpanContext().SpanID(), logs[0].Parent().SpanID())
	assert.Equal(t, "r1", spantest.Attributes(logs[0])["req"].AsString())
	assert.Equal(t, otherSpan.SpanContext().SpanID(), logs[1].Parent().SpanID())
	assert.Contains(t, out.String(), `"trace_id":"`+parent.SpanContext().TraceID().String())
}

func TestTraceCorrelationOnlyWithAParent(t *testing.T) {
	l, out, _, _ := newLogger(t)
	l.Info().Msg("no context")
	l.Info().Ctx(context.Background()).Msg("context without a span")
	assert.NotContains(t, out.String(), zerologspan.TraceIDKey)
}

func TestWithoutTraceCorrelation(t *testing.T) {
	tp, rec := spantest.NewRecorder(t)
	var out strings.Builder
	hook := zerologspan.NewHook(logspan.WithTracerProvider(tp))
	l := zerolog.New(&out).Hook(hook.WithoutTraceCorrelation())
	ctx, parent := tp.Tracer("test").Start(context.Background(), "request")
	l.Info().Ctx(ctx).Msg("quiet")
	parent.End()
	assert.NotContains(t, out.String(), zerologspan.TraceIDKey)
	assert.Len(t, rec.Ended(), 2, "the log span is still made")

	// The original hook is unchanged.
	out.Reset()
	loud := zerolog.New(&out).Hook(hook)
	loud.Info().Ctx(ctx).Msg("loud")
	assert.Contains(t, out.String(), zerologspan.TraceIDKey)

	// The core option does the same for every adapter.
	out.Reset()
	viaOption := zerolog.New(&out).Hook(zerologspan.NewHook(logspan.WithTracerProvider(tp), logspan.WithoutTraceCorrelation()))
	viaOption.Info().Ctx(ctx).Msg("quiet too")
	assert.NotContains(t, out.String(), zerologspan.TraceIDKey)
}

// An unsampled parent: no span is recorded, and no field is decoded.
func TestUnsampledParent(t *testing.T) {
	l, out, rec, _ := newLogger(t)
	sc := trace.NewSpanContext(trace.SpanContextConfig{TraceID: trace.TraceID{1}, SpanID: trace.SpanID{1}, Remote: true})
	ctx := trace.ContextWithRemoteSpanContext(context.Background(), sc)
	l.Error().Ctx(ctx).Str("k", "v").Msg("not sampled")
	assert.Empty(t, rec.Ended())
	assert.Contains(t, out.String(), `"trace_id":"01000000000000000000000000000000"`)
}

func TestStatus(t *testing.T) {
	l, _, rec, _ := newLogger(t)
	l.Error().Msg("failed")
	s := spantest.Only(t, rec)
	assert.Equal(t, codes.Error, s.Status().Code)
	assert.Equal(t, "failed", s.Status().Description)
}

func TestCaller(t *testing.T) {
	l, _, rec, _ := newLogger(t)
	_, file, line, _ := runtime.Caller(0)
	l.Info().Caller().Msg("here")
	a := spantest.Attributes(spantest.Only(t, rec))
	assert.Equal(t, file, a[core.KeyCodeFilePath].AsString())
	assert.Equal(t, int64(line+1), a[core.KeyCodeLineNumber].AsInt64())
	_, ok := a["caller"]
	assert.False(t, ok, "the caller field is zerolog's, not an attribute")
}

// A caller format that is not file:line stays an attribute.
func TestCustomCallerFormat(t *testing.T) {
	old := zerolog.CallerMarshalFunc
	zerolog.CallerMarshalFunc = func(uintptr, string, int) string { return "somewhere" }
	t.Cleanup(func() { zerolog.CallerMarshalFunc = old })
	l, _, rec, _ := newLogger(t)
	l.Info().Caller().Msg("here")
	a := spantest.Attributes(spantest.Only(t, rec))
	assert.Equal(t, "somewhere", a["caller"].AsString())
	_, ok := a[core.KeyCodeFilePath]
	assert.False(t, ok)
}

func TestTimestamp(t *testing.T) {
	defer restoreTimeGlobals()()
	fixed := time.Date(2026, 3, 4, 5, 6, 7, 890123456, time.UTC)
	tests := []struct {
		name   string
		format string
		clock  func() time.Time
		check  func(t *testing.T, start, before, after time.Time, attr attribute.Value, isAttr bool)
	}{
		{"rfc3339_seconds", time.RFC3339, time.Now, func(t *testing.T, start, before, after time.Time, _ attribute.Value, isAttr bool) {
			// Whole seconds: the clock's more precise reading is used.
			assert.False(t, isAttr)
			assert.True(t, !start.Before(before) && !start.After(after), "start %v not in [%v, %v]", start, before, after)
		}},
		{"rfc3339_nano", time.RFC3339Nano, func() time.Time { return time.Now().Add(-time.Millisecond) }, func(t *testing.T, start, before, _ time.Time, _ attribute.Value, isAttr bool) {
			// Precise: the span starts at the field's own time.
			assert.False(t, isAttr)
			assert.True(t, start.Before(before), "start %v should be the timestamp, a millisecond before the call %v", start, before)
		}},
		{"unix_ms", zerolog.TimeFormatUnixMs, time.Now, func(t *testing.T, start, before, after time.Time, _ attribute.Value, isAttr bool) {
			assert.False(t, isAttr)
			assert.True(t, !start.Before(before) && !start.After(after))
		}},
		{"unix_nano", zerolog.TimeFormatUnixNano, time.Now, func(t *testing.T, start, before, after time.Time, _ attribute.Value, isAttr bool) {
			assert.False(t, isAttr)
			assert.True(t, !start.Before(before) && !start.After(after))
		}},
		{"fixed_clock", time.RFC3339Nano, func() time.Time { return fixed }, func(t *testing.T, start, before, after time.Time, attr attribute.Value, isAttr bool) {
			// Not the time of the call: kept as data, the span is at the clock.
			assert.True(t, isAttr)
			assert.Equal(t, "2026-03-04T05:06:07.890123456Z", attr.AsString())
			assert.True(t, !start.Before(before) && !start.After(after))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			zerolog.TimeFieldFormat, zerolog.TimestampFunc = tt.format, tt.clock
			tp, rec := spantest.NewRecorder(t)
			// The timestamp hook before the span hook, as with the usual
			// log.Logger = zerolog.New(w).With().Timestamp().Logger().
			l := zerolog.New(io.Discard).With().Timestamp().Logger().Hook(zerologspan.NewHook(logspan.WithTracerProvider(tp)))
			before := time.Now()
			l.Info().Msg("timed")
			after := time.Now()
			s := spantest.Only(t, rec)
			assert.Equal(t, s.StartTime(), s.EndTime())
			attr, isAttr := spantest.Attributes(s)["time"]
			tt.check(t, s.StartTime(), before, after, attr, isAttr)
		})
	}
}

func restoreTimeGlobals() func() {
	format, clock := zerolog.TimeFieldFormat, zerolog.TimestampFunc
	return func() { zerolog.TimeFieldFormat, zerolog.TimestampFunc = format, clock }
}

// The hook sees only what earlier hooks wrote: a timestamp hook added
// after the span hook runs later, and the span takes the clock's time.
func TestHookOrder(t *testing.T) {
	l, _, rec, _ := newLogger(t)
	l = l.With().Timestamp().Logger()
	before := time.Now()
	l.Info().Msg("m")
	s := spantest.Only(t, rec)
	assert.False(t, s.StartTime().Before(before))
}

// Sampled-out and disabled events never reach hooks; Discard-ed ones reach
// them with the Disabled level.
func TestDiscard(t *testing.T) {
	l, _, rec, _ := newLogger(t)
	e := l.Info()
	e.Discard()
	e.Msg("discarded")
	assert.Empty(t, rec.Ended())
}

func TestZeroHook(t *testing.T) {
	var h zerologspan.Hook
	l := zerolog.New(io.Discard).Hook(&h)
	assert.NotPanics(t, func() { l.Info().Msg("m") })
}

func TestSync(t *testing.T) {
	tp, _ := spantest.NewRecorder(t)
	assert.NoError(t, zerologspan.NewHook(logspan.WithTracerProvider(tp)).Sync())
}

func TestConcurrentHook(t *testing.T) {
	l, _, rec, _ := newLogger(t)
	shared := l.With().Int("shared", 1).Logger()
	done := make(chan struct{})
	for g := range 4 {
		go func() {
			defer func() { done <- struct{}{} }()
			gl := shared.With().Int("g", g).Logger()
			for i := range 100 {
				gl.Info().Int("i", i).Strs("s", []string{fmt.Sprint(i)}).Msg("c")
			}
		}()
	}
	for range 4 {
		<-done
	}
	seen := map[[2]int64]bool{}
	for _, s := range rec.Ended() {
		a := spantest.Attributes(s)
		require.Equal(t, int64(1), a["shared"].AsInt64())
		require.Equal(t, []string{fmt.Sprint(a["i"].AsInt64())}, a["s"].AsStringSlice())
		seen[[2]int64{a["g"].AsInt64(), a["i"].AsInt64()}] = true
	}
	assert.Len(t, seen, 400)
}

// The event buffer is JSON whatever the writer: a ConsoleWriter formats
// the finished line, after the hooks ran.
func TestConsoleWriter(t *testing.T) {
	tp, rec := spantest.NewRecorder(t)
	var out strings.Builder
	l := zerolog.New(zerolog.ConsoleWriter{Out: &out, NoColor: true}).Hook(zerologspan.NewHook(logspan.WithTracerProvider(tp)))
	l.Info().Int("n", 7).Msg("pretty")
	assert.Equal(t, int64(7), spantest.Attributes(spantest.Only(t, rec))["n"].AsInt64())
	assert.Contains(t, out.String(), "n=7")
}
