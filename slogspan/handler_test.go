package slogspan_test

import (
	"context"
	"errors"
	"log/slog"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/core"
	"github.com/logspan/logspan/core/spantest"
	"github.com/logspan/logspan/slogspan"
)

func TestRecordTimeIsSpanTime(t *testing.T) {
	tp, rec := spantest.NewRecorder(t)
	h := slogspan.NewHandler(logspan.WithTracerProvider(tp))
	when := time.Date(2026, 11, 25, 12, 0, 0, 42, time.UTC)
	require.NoError(t, h.Handle(context.Background(), slog.NewRecord(when, slog.LevelWarn, "clocked", 0)))
	s := spantest.Only(t, rec)
	assert.True(t, s.StartTime().Equal(when), "start %v", s.StartTime())
	assert.True(t, s.EndTime().Equal(when), "end %v", s.EndTime())
}

func TestLevels(t *testing.T) {
	tests := []struct {
		give     slog.Level
		wantNum  int64
		wantName string
	}{
		{slog.Level(math.MinInt), 1, "debug-9223372036854775804"},
		{slog.LevelDebug - 6, 1, "debug-6"},
		{slog.LevelDebug - 4, 1, "debug-4"},
		{slog.LevelDebug, 5, "debug"},
		{slog.LevelDebug + 2, 7, "debug+2"},
		{slog.LevelInfo, 9, "info"},
		{slog.LevelInfo + 1, 10, "info+1"},
		{slog.LevelWarn, 13, "warn"},
		{slog.LevelError, 17, "error"},
		{slog.LevelError + 4, 21, "error+4"},
		{slog.LevelError + 7, 24, "error+7"},
		{slog.LevelError + 12, 24, "error+12"},
		{slog.Level(math.MaxInt), 24, "error+9223372036854775799"},
	}
	logger, rec, _ := newLogger(t, logspan.WithMinLevel(core.LevelTrace), logspan.WithFlushTimeout(0))
	for _, tt := range tests {
		logger.Log(context.Background(), tt.give, "")
	}
	spans := rec.Ended()
	require.Len(t, spans, len(tests))
	for i, tt := range tests {
		a := spantest.Attributes(spans[i])
		// wantNum is the severity; level_num the Logfire level it is in.
		lf := int64(core.Level(tt.wantNum).Logfire())
		assert.Equal(t, lf, a[core.KeyLevelNum].AsInt64(), "level_num of %v", tt.give)
		if lf != tt.wantNum {
			assert.Equal(t, tt.wantNum, a[core.KeySeverityNumber].AsInt64(), "severity_number of %v", tt.give)
		} else {
			assert.NotContains(t, a, core.KeySeverityNumber, "severity_number of %v", tt.give)
		}
		assert.Equal(t, tt.wantName, a[core.KeyLogLevel].AsString(), "log.level of %v", tt.give)
		assert.Equal(t, tt.wantName, spans[i].Name(), "an empty message names the span after the level")
		wantStatus := codes.Unset
		if tt.wantNum >= 17 {
			wantStatus = codes.Error
		}
		assert.Equal(t, wantStatus, spans[i].Status().Code, "status of %v", tt.give)
	}
}

func TestEnabled(t *testing.T) {
	tests := []struct {
		name string
		give core.Level // logspan.WithMinLevel; 0 for the default
		want map[slog.Level]bool
	}{
		{"default is info", 0, map[slog.Level]bool{slog.LevelDebug: false, slog.LevelInfo - 1: false, slog.LevelInfo: true, slog.LevelError: true}},
		{"warn", core.LevelWarn, map[slog.Level]bool{slog.LevelInfo: false, slog.LevelWarn: true, slog.Level(math.MaxInt): true}},
		{"trace lets everything through", core.LevelTrace, map[slog.Level]bool{slog.Level(math.MinInt): true, slog.LevelDebug: true}},
		{"above 24 lets nothing through", 25, map[slog.Level]bool{slog.Level(math.MaxInt): false, slog.LevelError + 7: false}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tp, _ := spantest.NewRecorder(t)
			opts := []logspan.Option{logspan.WithTracerProvider(tp)}
			if tt.give != 0 {
				opts = append(opts, logspan.WithMinLevel(tt.give))
			}
			h := slogspan.NewHandler(opts...)
			for l, want := range tt.want {
				assert.Equal(t, want, h.Enabled(context.Background(), l), "Enabled(%v)", l)
			}
		})
	}
}

func TestParent(t *testing.T) {
	logger, rec, tp := newLogger(t)
	ctx, parent := tp.Tracer("test").Start(context.Background(), "request")
	logger.InfoContext(ctx, "with context")
	logger.Info("without context", "ctx", ctx) // a context among the attributes is not the parent
	parent.End()
	var logs []sdktrace.ReadOnlySpan
	for _, s := range rec.Ended() {
		if s.Name() != "request" {
			logs = append(logs, s)
		}
	}
	require.Len(t, logs, 2)
	assert.Equal(t, parent.SpanContext().SpanID(), logs[0].Parent().SpanID())
	assert.Equal(t, parent.SpanContext().TraceID(), logs[0].SpanContext().TraceID())
	assert.False(t, logs[1].Parent().IsValid())
	assert.Empty(t, userAttrs(logs[1]), "a context must never be an attribute")
}

// user is a LogValuer standing for a group of its fields.
type user struct {
	id   int
	name string
}

func (u user) LogValue() slog.Value {
	return slog.GroupValue(slog.Int("id", u.id), slog.String("name", u.name))
}

func TestGroups(t *testing.T) {
	tests := []struct {
		name string
		give func(*slog.Logger)
		want map[string]any
	}{
		{
			"WithGroup prefixes the record's keys",
			func(l *slog.Logger) { l.WithGroup("g").Info("m", "a", 1) },
			map[string]any{"g.a": int64(1)},
		},
		{
			"Group value",
			func(l *slog.Logger) { l.Info("m", "a", "b", slog.Group("G", "c", "d"), "e", "f") },
			map[string]any{"a": "b", "G.c": "d", "e": "f"},
		},
		{
			"nested Group values",
			func(l *slog.Logger) { l.Info("m", slog.Group("G", slog.Group("H", "x", true))) },
			map[string]any{"G.H.x": true},
		},
		{
			"Group value inside WithGroup",
			func(l *slog.Logger) { l.WithGroup("w").Info("m", slog.Group("G", "c", 1.5)) },
			map[string]any{"w.G.c": 1.5},
		},
		{
			"WithAttrs and WithGroup interleaved",
			func(l *slog.Logger) {
				l.With("a", "b").WithGroup("G").With("c", "d").WithGroup("H").Info("m", "e", "f")
			},
			map[string]any{"a": "b", "G.c": "d", "G.H.e": "f"},
		},
		{
			"a group without attributes leaves nothing",
			func(l *slog.Logger) {
				l.WithGroup("G").WithGroup("H").Info("m", slog.Group("E"), slog.Group("F", slog.Group("I")))
			},
			map[string]any{},
		},
		{
			"a group with an empty key is inlined",
			func(l *slog.Logger) { l.Info("m", slog.Group("", "c", "d")) },
			map[string]any{"c": "d"},
		},
		{
			"an empty WithGroup name is no group",
			func(l *slog.Logger) { l.WithGroup("").Info("m", "a", "b") },
			map[string]any{"a": "b"},
		},
		{
			"empty attributes are dropped, empty keys kept",
			func(l *slog.Logger) {
				l.Info("m", slog.Attr{}, slog.Any("", nil), slog.String("", "top"), slog.Group("G", slog.Attr{}, slog.Int("", 1)))
			},
			map[string]any{"_": "top", "G._": int64(1)},
		},
		{
			"a LogValuer resolving to a group",
			func(l *slog.Logger) { l.WithGroup("req").Info("m", "user", user{7, "ada"}) },
			map[string]any{"req.user.id": int64(7), "req.user.name": "ada"},
		},
		{
			"a LogValuer given to With",
			func(l *slog.Logger) { l.With("user", user{8, "bob"}).Info("m") },
			map[string]any{"user.id": int64(8), "user.name": "bob"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			logger, rec, _ := newLogger(t)
			tt.give(logger)
			assert.Equal(t, tt.want, userAttrs(spantest.Only(t, rec)))
		})
	}
}

type point struct{ X, Y int }

func TestKinds(t *testing.T) {
	when := time.Date(2026, 11, 25, 10, 30, 0, 5, time.UTC)
	tests := []struct {
		give slog.Attr
		want attribute.Value
	}{
		{slog.String("k", "v"), attribute.StringValue("v")},
		{slog.Int("k", -3), attribute.Int64Value(-3)},
		{slog.Uint64("k", 7), attribute.Int64Value(7)},
		{slog.Uint64("k", math.MaxUint64), attribute.StringValue("18446744073709551615")},
		{slog.Float64("k", 0.25), attribute.Float64Value(0.25)},
		{slog.Float64("k", math.Inf(-1)), attribute.StringValue("-Inf")},
		{slog.Bool("k", true), attribute.BoolValue(true)},
		{slog.Duration("k", 90*time.Second), attribute.StringValue("1m30s")},
		{slog.Time("k", when), attribute.StringValue("2026-11-25T10:30:00.000000005Z")},
		{slog.Any("k", []string{"a"}), attribute.StringSliceValue([]string{"a"})},
		{slog.Any("k", point{1, 2}), attribute.StringValue(`{"X":1,"Y":2}`)},
		{slog.Any("k", []byte("hi")), attribute.StringValue("aGk=")},
	}
	for _, tt := range tests {
		t.Run(tt.give.String(), func(t *testing.T) {
			logger, rec, _ := newLogger(t)
			logger.LogAttrs(context.Background(), slog.LevelInfo, "m", tt.give)
			got := spantest.Attributes(spantest.Only(t, rec))["k"]
			assert.Equal(t, tt.want.Type(), got.Type())
			assert.Equal(t, tt.want.AsInterface(), got.AsInterface())
		})
	}
}

func TestErrorBecomesException(t *testing.T) {
	logger, rec, _ := newLogger(t)
	logger.Error("payment failed", "err", errors.New("card declined"), slog.Group("retry", "cause", errors.New("timeout")))
	s := spantest.Only(t, rec)
	a := spantest.Attributes(s)
	assert.Equal(t, "card declined", a["err"].AsString())
	assert.Equal(t, "timeout", a["retry.cause"].AsString())
	assert.Equal(t, codes.Error, s.Status().Code)
	assert.Equal(t, "*errors.errorString: card declined", s.Status().Description, "Logfire's <type>: <message> of the first error")
	require.Len(t, s.Events(), 2)
	for _, ev := range s.Events() {
		assert.Equal(t, core.ExceptionEventName, ev.Name)
	}
}

type panickingValuer struct{}

func (panickingValuer) LogValue() slog.Value { panic("valuer exploded") }

// selfNesting resolves to a group holding itself: only a depth bound ends it.
type selfNesting struct{}

func (selfNesting) LogValue() slog.Value { return slog.GroupValue(slog.Any("in", selfNesting{})) }

func TestBadLogValuers(t *testing.T) {
	logger, rec, _ := newLogger(t)
	assert.NotPanics(t, func() {
		logger.Info("bad valuers", "boom", panickingValuer{}, "loop", selfNesting{})
	})
	s := spantest.Only(t, rec)
	a := spantest.Attributes(s)
	assert.Contains(t, a["boom"].AsString(), "LogValue panicked", "slog's Resolve recovers and hands over an error")
	require.Len(t, s.Events(), 1, "that error is an exception event")

	deepest := "loop" + strings.Repeat(".in", core.DefaultMaxDepth)
	assert.Equal(t, "<max depth exceeded>", a[attribute.Key(deepest)].AsString(), "attributes: %v", userAttrs(s))
}

func TestHandlersAreImmutable(t *testing.T) {
	logger, rec, _ := newLogger(t)
	base := logger.With("a", 1)
	b := base.With("b", 2)
	c := base.With("c", 3)
	g := base.WithGroup("G")
	gh := g.WithGroup("H")
	gi := g.With("i", 4)
	for _, l := range []*slog.Logger{base, b, c, g, gh, gi} {
		l.Info("m", "x", 0)
	}
	want := []map[string]any{
		{"a": int64(1), "x": int64(0)},
		{"a": int64(1), "b": int64(2), "x": int64(0)},
		{"a": int64(1), "c": int64(3), "x": int64(0)},
		{"a": int64(1), "G.x": int64(0)},
		{"a": int64(1), "G.H.x": int64(0)},
		{"a": int64(1), "G.i": int64(4), "G.x": int64(0)},
	}
	spans := rec.Ended()
	require.Len(t, spans, len(want))
	for i, s := range spans {
		assert.Equal(t, want[i], userAttrs(s), "logger %d", i)
	}
}

// countingValuer counts LogValue calls.
type countingValuer struct{ n *int }

func (c countingValuer) LogValue() slog.Value { *c.n++; return slog.StringValue("counted") }

func TestWithAttrsConvertsOnce(t *testing.T) {
	logger, rec, _ := newLogger(t)
	var calls int
	child := logger.With("v", countingValuer{&calls})
	for range 5 {
		child.Info("log")
	}
	assert.Equal(t, 1, calls, "WithAttrs must convert once")
	require.Len(t, rec.Ended(), 5)
	for _, s := range rec.Ended() {
		assert.Equal(t, "counted", spantest.Attributes(s)["v"].AsString())
	}
}

func TestUnsampledSkipsConversion(t *testing.T) {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec), sdktrace.WithSampler(sdktrace.NeverSample()))
	logger := slog.New(slogspan.NewHandler(logspan.WithTracerProvider(tp)))
	var calls int
	logger.Error("dropped", "v", countingValuer{&calls}, "err", errors.New("x"))
	assert.Zero(t, calls, "attributes of an unsampled log must not be resolved")
	assert.Empty(t, rec.Ended())
}

func TestSource(t *testing.T) {
	tp, rec := spantest.NewRecorder(t)
	h := slogspan.NewHandler(logspan.WithTracerProvider(tp))
	withSource := h.WithSource(true)
	slog.New(h).Info("default")
	slog.New(withSource).Info("with source")
	slog.New(withSource.WithSource(false)).Info("turned off")
	slog.New(withSource).With("a", 1).WithGroup("G").Info("derived")
	spans := rec.Ended()
	require.Len(t, spans, 4)
	for _, i := range []int{1, 3} {
		a := spantest.Attributes(spans[i])
		assert.True(t, strings.HasSuffix(a[core.KeyCodeFilePath].AsString(), "slogspan/handler_test.go"), a[core.KeyCodeFilePath].AsString())
		assert.Positive(t, a[core.KeyCodeLineNumber].AsInt64())
		assert.Equal(t, "github.com/logspan/logspan/slogspan_test.TestSource", a[core.KeyCodeFunctionName].AsString())
	}
	for _, i := range []int{0, 2} {
		a := spantest.Attributes(spans[i])
		for _, k := range []attribute.Key{core.KeyCodeFilePath, core.KeyCodeLineNumber, core.KeyCodeFunctionName} {
			assert.NotContains(t, a, k, "%q", spans[i].Name())
		}
	}
	// A record without a program counter has no source to give.
	require.NoError(t, withSource.Handle(context.Background(), slog.NewRecord(time.Now(), slog.LevelInfo, "no pc", 0)))
	assert.NotContains(t, spantest.Attributes(rec.Ended()[4]), core.KeyCodeFilePath)
}

func TestSync(t *testing.T) {
	tp, _ := spantest.NewRecorder(t)
	assert.NoError(t, slogspan.NewHandler(logspan.WithTracerProvider(tp)).Sync())
}
