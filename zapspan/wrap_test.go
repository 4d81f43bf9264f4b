package zapspan_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/core/spantest"
	"github.com/logspan/logspan/zapspan"
)

// jsonCore is an application's core writing JSON lines without a time
// (so outputs made at different moments compare equal).
func jsonCore(w zapcore.WriteSyncer, lvl zapcore.LevelEnabler) zapcore.Core {
	cfg := zap.NewProductionEncoderConfig()
	cfg.TimeKey = ""
	return zapcore.NewCore(zapcore.NewJSONEncoder(cfg), w, lvl)
}

func lines(t *testing.T, out *bytes.Buffer) []map[string]any {
	t.Helper()
	var got []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		if l == "" {
			continue
		}
		var m map[string]any
		require.NoError(t, json.Unmarshal([]byte(l), &m), l)
		got = append(got, m)
	}
	return got
}

// logSpan returns the recorded span named name.
func logSpan(t *testing.T, rec *tracetest.SpanRecorder, name string) sdktrace.ReadOnlySpan {
	t.Helper()
	for _, s := range rec.Ended() {
		if s.Name() == name {
			return s
		}
	}
	t.Fatalf("no span %q among %d", name, len(rec.Ended()))
	return nil
}

// Ids go into the output only for a context holding a valid span context,
// as logrusspan, zerologspan and slogspan do: a log under a bare context is
// a new trace of one span, and its ids lead nowhere.
func TestWrapCoreIDsOnlyUnderASpan(t *testing.T) {
	tp, rec := spantest.NewRecorder(t)
	var out bytes.Buffer
	logger := zap.New(jsonCore(zapcore.AddSync(&out), zapcore.InfoLevel), zapspan.WrapCore(logspan.WithTracerProvider(tp)))
	ctx, parent := tp.Tracer("test").Start(context.Background(), "request")
	remote := trace.ContextWithRemoteSpanContext(context.Background(), trace.NewSpanContext(trace.SpanContextConfig{
		TraceID: trace.TraceID{1}, SpanID: trace.SpanID{2}, TraceFlags: trace.FlagsSampled, Remote: true,
	}))
	tests := []struct {
		msg     string
		logger  *zap.Logger
		fields  []zap.Field
		wantIDs bool
	}{
		{"bare", logger, []zap.Field{zapspan.Context(context.Background())}, false},
		{"bare any", logger, []zap.Field{zap.Any("ctx", context.TODO())}, false},
		{"invalid span context", logger, []zap.Field{zapspan.Context(trace.ContextWithSpanContext(context.Background(), trace.SpanContext{}))}, false},
		{"bare from With", logger.With(zapspan.Context(context.Background())), nil, false},
		{"no context", logger, nil, false},
		{"span", logger, []zap.Field{zapspan.Context(ctx)}, true},
		{"remote span", logger, []zap.Field{zapspan.Context(remote)}, true},
		{"span from With", logger.With(zapspan.Context(ctx)), nil, true},
	}
	for _, tt := range tests {
		tt.logger.Info(tt.msg, tt.fields...)
	}
	parent.End()
	got := lines(t, &out)
	require.Len(t, got, len(tests))
	for i, tt := range tests {
		s := logSpan(t, rec, tt.msg)
		line := got[i]
		assert.Equal(t, tt.msg, line["msg"])
		if !tt.wantIDs {
			assert.NotContains(t, line, zapspan.TraceIDKey, tt.msg)
			assert.NotContains(t, line, zapspan.SpanIDKey, tt.msg)
			assert.False(t, s.Parent().IsValid(), "%s: the span is a new trace", tt.msg)
			continue
		}
		assert.Equal(t, s.SpanContext().TraceID().String(), line[zapspan.TraceIDKey], tt.msg)
		assert.Equal(t, s.SpanContext().SpanID().String(), line[zapspan.SpanIDKey], tt.msg)
		assert.True(t, s.Parent().IsValid(), tt.msg)
	}
}

// counter counts calls of a zap hook and a sampler hook.
type counter struct {
	hook             atomic.Int64
	sampled, dropped atomic.Int64
}

func (c *counter) entryHook(zapcore.Entry) error { c.hook.Add(1); return nil }

func (c *counter) samplerHook(_ zapcore.Entry, d zapcore.SamplingDecision) {
	if d&zapcore.LogDropped != 0 {
		c.dropped.Add(1)
	} else {
		c.sampled.Add(1)
	}
}

// The output side (hooks, sampler, cores around the tee) must see what it
// saw without WrapCore, whatever the order of the options.
func TestWrapCoreKeepsHooksAndSampling(t *testing.T) {
	type build func(app zapcore.Core, c *counter, wrap []zap.Option) *zap.Logger
	sampler := func(app zapcore.Core, c *counter) zapcore.Core {
		return zapcore.NewSamplerWithOptions(app, time.Minute, 3, 0, zapcore.SamplerHook(c.samplerHook))
	}
	tests := []struct {
		name  string
		build build
	}{
		{"zap.Hooks around the tee", func(app zapcore.Core, c *counter, wrap []zap.Option) *zap.Logger {
			opts := append(wrap, zap.Hooks(c.entryHook))
			return zap.New(sampler(app, c), opts...)
		}},
		{"zapcore.RegisterHooks around the tee", func(app zapcore.Core, c *counter, wrap []zap.Option) *zap.Logger {
			opts := append(wrap, zap.WrapCore(func(in zapcore.Core) zapcore.Core { return zapcore.RegisterHooks(in, c.entryHook) }))
			return zap.New(sampler(app, c), opts...)
		}},
		{"hooks inside the tee", func(app zapcore.Core, c *counter, wrap []zap.Option) *zap.Logger {
			return zap.New(sampler(app, c), zap.Hooks(c.entryHook)).WithOptions(wrap...)
		}},
		{"sampler around the tee", func(app zapcore.Core, c *counter, wrap []zap.Option) *zap.Logger {
			opts := append(wrap, zap.WrapCore(func(in zapcore.Core) zapcore.Core { return sampler(in, c) }), zap.Hooks(c.entryHook))
			return zap.New(app, opts...)
		}},
		{"a tee of cores around the tee", func(app zapcore.Core, c *counter, wrap []zap.Option) *zap.Logger {
			opts := append(wrap, zap.WrapCore(func(in zapcore.Core) zapcore.Core {
				return zapcore.NewTee(zapcore.RegisterHooks(in, c.entryHook), zapcore.NewNopCore())
			}))
			return zap.New(sampler(app, c), opts...)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			run := func(wrap []zap.Option) (*counter, string) {
				var c counter
				var out bytes.Buffer
				logger := tt.build(jsonCore(zapcore.AddSync(&out), zapcore.InfoLevel), &c, wrap)
				for i := range 10 {
					logger.Info("repeated", zap.Int("i", i))
					logger.Debug("below the level")
				}
				logger.Warn("once")
				return &c, out.String()
			}
			plain, plainOut := run(nil)
			tp, rec := spantest.NewRecorder(t)
			wrapped, wrappedOut := run([]zap.Option{zapspan.WrapCore(logspan.WithTracerProvider(tp))})

			assert.Equal(t, plainOut, wrappedOut)
			assert.Equal(t, plain.hook.Load(), wrapped.hook.Load(), "entry hook calls")
			assert.Equal(t, plain.sampled.Load(), wrapped.sampled.Load(), "sampler kept")
			assert.Equal(t, plain.dropped.Load(), wrapped.dropped.Load(), "sampler dropped")
			assert.Equal(t, int64(4), plain.hook.Load(), "3 sampled + 1 warn")
			assert.Len(t, rec.Ended(), 4, "a span for each entry the app's core writes")
		})
	}
}

// zap's own TestConfig/production: a production config, a counting hook,
// then 200 repeated logs. The hook runs 103 times without logspan; it must
// with WrapCore too (it ran 202 times).
func TestWrapCoreZapConfigProduction(t *testing.T) {
	run := func(t *testing.T, build func(zap.Config, zap.Option) (*zap.Logger, error)) (int64, string) {
		cfg := zap.NewProductionConfig()
		path := filepath.Join(t.TempDir(), "out.log")
		cfg.OutputPaths = []string{path}
		cfg.EncoderConfig.TimeKey = ""
		cfg.DisableCaller = true
		cfg.InitialFields = map[string]any{"z": "zz", "k": "v"}
		var n atomic.Int64
		logger, err := build(cfg, zap.Hooks(func(zapcore.Entry) error { n.Add(1); return nil }))
		require.NoError(t, err)
		logger.Debug("debug")
		logger.Info("info")
		logger.Warn("warn")
		for range 200 {
			logger.Info("sampling")
		}
		require.NoError(t, logger.Sync())
		out, err := os.ReadFile(path)
		require.NoError(t, err)
		return n.Load(), string(out)
	}
	plainN, plainOut := run(t, func(cfg zap.Config, hook zap.Option) (*zap.Logger, error) { return cfg.Build(hook) })
	require.Equal(t, int64(103), plainN)

	tp, rec := spantest.NewRecorder(t)
	span := logspan.WithTracerProvider(tp)
	n, out := run(t, func(cfg zap.Config, hook zap.Option) (*zap.Logger, error) {
		return cfg.Build(zapspan.WrapCore(span), hook)
	})
	assert.Equal(t, plainN, n, "cfg.Build(zapspan.WrapCore(), zap.Hooks(...))")
	assert.Equal(t, plainOut, out)
	assert.Len(t, rec.Ended(), int(plainN), "one span per entry written: the hook's count")

	n, out = run(t, func(cfg zap.Config, hook zap.Option) (*zap.Logger, error) {
		logger, err := zapspan.Build(cfg, span)
		if err != nil {
			return nil, err
		}
		return logger.WithOptions(hook), nil
	})
	assert.Equal(t, plainN, n, "zapspan.Build(cfg).WithOptions(zap.Hooks(...))")
	assert.Equal(t, plainOut, out)
}

// spanHas reports whether the span named msg carries the attribute key=val.
func spanHas(t *testing.T, rec *tracetest.SpanRecorder, msg, key, val string) bool {
	t.Helper()
	v, ok := spantest.Attributes(logSpan(t, rec, msg))[attribute.Key(key)]
	return ok && v.AsString() == val
}

// The common migration paths, and the order that keeps a logger's fields
// out of its spans (documented on WrapCore).
func TestWrapCoreMigrationPaths(t *testing.T) {
	t.Run("Config.InitialFields", func(t *testing.T) {
		build := func(t *testing.T, f func(zap.Config) (*zap.Logger, error)) string {
			cfg := zap.NewProductionConfig()
			path := filepath.Join(t.TempDir(), "out.log")
			cfg.OutputPaths = []string{path}
			cfg.EncoderConfig.TimeKey = ""
			cfg.DisableCaller = true
			cfg.InitialFields = map[string]any{"svc": "api", "region": "eu", "n": 3}
			logger, err := f(cfg)
			require.NoError(t, err)
			logger.Info("initial")
			logger.With(zap.String("req", "r1")).Info("initial with")
			out, err := os.ReadFile(path)
			require.NoError(t, err)
			return string(out)
		}
		plain := build(t, func(cfg zap.Config) (*zap.Logger, error) { return cfg.Build() })

		tp, rec := spantest.NewRecorder(t)
		out := build(t, func(cfg zap.Config) (*zap.Logger, error) { return zapspan.Build(cfg, logspan.WithTracerProvider(tp)) })
		assert.Equal(t, plain, out, "zapspan.Build's output is cfg.Build's")
		for _, msg := range []string{"initial", "initial with"} {
			a := spantest.Attributes(logSpan(t, rec, msg))
			assert.Equal(t, "api", a["svc"].AsString(), msg)
			assert.Equal(t, "eu", a["region"].AsString(), msg)
			assert.Equal(t, int64(3), a["n"].AsInt64(), msg)
		}
		assert.Equal(t, "r1", spantest.Attributes(logSpan(t, rec, "initial with"))["req"].AsString())

		// Documented: cfg.Build(zapspan.WrapCore()) adds the initial fields first.
		tp2, rec2 := spantest.NewRecorder(t)
		out = build(t, func(cfg zap.Config) (*zap.Logger, error) {
			return cfg.Build(zapspan.WrapCore(logspan.WithTracerProvider(tp2)))
		})
		assert.Equal(t, plain, out)
		assert.NotContains(t, spantest.Attributes(logSpan(t, rec2, "initial")), attribute.Key("svc"))
	})

	t.Run("zap.Fields", func(t *testing.T) {
		tp, rec := spantest.NewRecorder(t)
		var before, after bytes.Buffer
		fields := zap.Fields(zap.String("svc", "api"))
		wrap := zapspan.WrapCore(logspan.WithTracerProvider(tp))
		zap.New(jsonCore(zapcore.AddSync(&after), zapcore.InfoLevel), wrap, fields).Info("wrap first")
		zap.New(jsonCore(zapcore.AddSync(&before), zapcore.InfoLevel), fields, wrap).Info("fields first")
		assert.True(t, spanHas(t, rec, "wrap first", "svc", "api"), "WrapCore before zap.Fields")
		assert.False(t, spanHas(t, rec, "fields first", "svc", "api"), "documented: zap.Fields before WrapCore")
		assert.Equal(t, "api", lines(t, &before)[0]["svc"], "the output keeps them either way")
		assert.Equal(t, "api", lines(t, &after)[0]["svc"])
	})

	t.Run("With", func(t *testing.T) {
		tp, rec := spantest.NewRecorder(t)
		var out bytes.Buffer
		root := zap.New(jsonCore(zapcore.AddSync(&out), zapcore.InfoLevel))
		wrap := zapspan.WrapCore(logspan.WithTracerProvider(tp))
		root.WithOptions(wrap).With(zap.String("svc", "api")).Info("wrap first")
		root.With(zap.String("svc", "api")).WithOptions(wrap).Info("with first")
		assert.True(t, spanHas(t, rec, "wrap first", "svc", "api"), "With after WrapCore")
		assert.False(t, spanHas(t, rec, "with first", "svc", "api"), "documented: With before WrapCore")
		for _, l := range lines(t, &out) {
			assert.Equal(t, "api", l["svc"], "the output keeps them either way")
		}
	})
}

// syncer is a WriteSyncer whose Sync fails with err.
type syncer struct {
	bytes.Buffer
	err error
}

func (s *syncer) Sync() error { return s.err }

// flushFailing is a tracer provider whose ForceFlush fails with err.
type flushFailing struct {
	trace.TracerProvider
	err error
}

func (f flushFailing) ForceFlush(context.Context) error { return f.err }

// err == syscall.EINVAL is a common check after Sync, which fails so on a
// terminal or pipe; it must hold through WrapCore as it does without.
func TestWrapCoreSyncError(t *testing.T) {
	tp, _ := spantest.NewRecorder(t)
	flushErr := errors.New("collector unreachable")
	tests := []struct {
		name     string
		appErr   error
		provider trace.TracerProvider
		check    func(t *testing.T, err error)
	}{
		{"app fails", syscall.EINVAL, tp, func(t *testing.T, err error) {
			assert.True(t, err == syscall.EINVAL, "got %#v, want syscall.EINVAL itself", err)
		}},
		{"neither fails", nil, tp, func(t *testing.T, err error) { assert.NoError(t, err) }},
		{"flush fails", nil, flushFailing{tp, flushErr}, func(t *testing.T, err error) {
			assert.True(t, err == flushErr, "got %#v, want the flush error itself", err)
		}},
		{"both fail", syscall.EINVAL, flushFailing{tp, flushErr}, func(t *testing.T, err error) {
			assert.ErrorIs(t, err, syscall.EINVAL)
			assert.ErrorIs(t, err, flushErr)
			assert.Equal(t, errors.Join(syscall.EINVAL, flushErr).Error(), err.Error())
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := &syncer{err: tt.appErr}
			plain := zap.New(jsonCore(w, zapcore.InfoLevel))
			assert.Equal(t, tt.appErr, plain.Sync(), "plain zap")
			logger := plain.WithOptions(zapspan.WrapCore(logspan.WithTracerProvider(tt.provider)))
			logger.Info("x")
			tt.check(t, logger.Sync())
		})
	}
}

// The stack zap.AddStacktrace captures is the span's code.stacktrace, the
// very text the output's "stacktrace" holds.
func TestStacktrace(t *testing.T) {
	tp, rec := spantest.NewRecorder(t)
	var out bytes.Buffer
	logger := zap.New(jsonCore(zapcore.AddSync(&out), zapcore.InfoLevel),
		zap.AddStacktrace(zapcore.ErrorLevel), zapspan.WrapCore(logspan.WithTracerProvider(tp)))
	logger.With(zap.String("svc", "api")).Error("boom", zap.Namespace("ns"), zap.Int("n", 1))
	logger.Warn("no stack")
	got := lines(t, &out)
	require.Len(t, got, 2)
	stack, _ := got[0]["stacktrace"].(string)
	require.Contains(t, stack, "TestStacktrace")
	a := spantest.Attributes(logSpan(t, rec, "boom"))
	assert.Equal(t, stack, a["code.stacktrace"].AsString())
	assert.Equal(t, int64(1), a["ns.n"].AsInt64(), "the log's namespace applies to its fields only")
	assert.NotContains(t, spantest.Attributes(logSpan(t, rec, "no stack")), attribute.Key("code.stacktrace"))

	// core carries the stack (Record.Stack): no namespace prefixes it.
	logger.With(zap.Namespace("req")).Error("namespaced")
	assert.Contains(t, spantest.Attributes(logSpan(t, rec, "namespaced"))["code.stacktrace"].AsString(), "TestStacktrace")

	// A span-only logger carries it as well.
	tp2, rec2 := spantest.NewRecorder(t)
	zap.New(zapspan.NewCore(logspan.WithTracerProvider(tp2)), zap.AddStacktrace(zapcore.WarnLevel)).Warn("warned")
	assert.Contains(t, spantest.Attributes(spantest.Only(t, rec2))["code.stacktrace"].AsString(), "TestStacktrace")
}

// The application's own ErrorOutput reads as it does without WrapCore.
func TestWrapCoreErrorOutputUnchanged(t *testing.T) {
	when := time.Date(2026, 12, 2, 5, 0, 0, 0, time.UTC)
	run := func(wrap ...zap.Option) string {
		var errOut bytes.Buffer
		app := zapcore.NewTee(jsonCore(failingSyncer{}, zapcore.InfoLevel), jsonCore(failingSyncer{}, zapcore.InfoLevel))
		logger := zap.New(app, zap.ErrorOutput(zapcore.AddSync(&errOut)), zap.WithClock(fixedClock{when})).WithOptions(wrap...)
		logger.Info("lost")
		return errOut.String()
	}
	plain := run()
	require.Contains(t, plain, "disk full")
	tp, _ := spantest.NewRecorder(t)
	assert.Equal(t, plain, run(zapspan.WrapCore(logspan.WithTracerProvider(tp))))
}

// zap.Logger.Level reads the application core's level, custom levels too.
func TestWrapCoreLevel(t *testing.T) {
	custom := zapcore.DebugLevel - 2
	logger := zap.New(jsonCore(zapcore.AddSync(&bytes.Buffer{}), zap.NewAtomicLevelAt(custom)))
	assert.Equal(t, custom, logger.Level())
	assert.Equal(t, custom, logger.WithOptions(zapspan.WrapCore()).Level())
}
