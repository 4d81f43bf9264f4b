package zapspan_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync"
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
	"github.com/logspan/logspan/core"
	"github.com/logspan/logspan/core/spantest"
	"github.com/logspan/logspan/zapspan"
)

type fixedClock struct{ t time.Time }

func (c fixedClock) Now() time.Time                         { return c.t }
func (c fixedClock) NewTicker(d time.Duration) *time.Ticker { return time.NewTicker(d) }

func TestEntryTimeIsSpanTime(t *testing.T) {
	when := time.Date(2026, 11, 25, 12, 0, 0, 42, time.UTC)
	logger, rec, _ := newLogger(t, zap.WithClock(fixedClock{when}))
	logger.Warn("clocked")
	s := spantest.Only(t, rec)
	assert.True(t, s.StartTime().Equal(when), "start %v", s.StartTime())
	assert.True(t, s.EndTime().Equal(when), "end %v", s.EndTime())
}

func TestCallerAndName(t *testing.T) {
	logger, rec, _ := newLogger(t, zap.AddCaller())
	logger.Named("billing").Named("stripe").Info("with caller")
	logger.WithOptions(zap.WithCaller(false)).Info("without caller")
	spans := rec.Ended()
	require.Len(t, spans, 2)
	a := spantest.Attributes(spans[0])
	assert.Equal(t, "billing.stripe", a[core.KeyLoggerName].AsString())
	assert.True(t, strings.HasSuffix(a[core.KeyCodeFilePath].AsString(), "zapspan/core_test.go"), a[core.KeyCodeFilePath].AsString())
	assert.Positive(t, a[core.KeyCodeLineNumber].AsInt64())
	assert.Contains(t, a[core.KeyCodeFunctionName].AsString(), "TestCallerAndName")
	b := spantest.Attributes(spans[1])
	for _, k := range []attribute.Key{core.KeyLoggerName, core.KeyCodeFilePath, core.KeyCodeLineNumber, core.KeyCodeFunctionName} {
		assert.NotContains(t, b, k)
	}
}

func TestContextFields(t *testing.T) {
	logger, rec, tp := newLogger(t)
	ctx, parent := tp.Tracer("test").Start(context.Background(), "request")
	logger.Info("Context field", zapspan.Context(ctx))
	logger.Info("Any field", zap.Any("ctx", ctx))
	logger.Info("Reflect field", zap.Reflect("ctx", ctx))
	logger.With(zapspan.Context(ctx)).Info("With field")
	other, otherSpan := tp.Tracer("test").Start(context.Background(), "other")
	logger.With(zapspan.Context(other)).Info("call site wins", zapspan.Context(ctx))
	otherSpan.End()
	parent.End()
	var logs int
	for _, s := range rec.Ended() {
		if s.Name() == "request" || s.Name() == "other" {
			continue
		}
		logs++
		assert.Equal(t, parent.SpanContext().SpanID(), s.Parent().SpanID(), "%q", s.Name())
		for k := range spantest.Attributes(s) {
			assert.NotEqual(t, "ctx", string(k), "a context must never be an attribute")
			assert.NotEqual(t, "context", string(k), "a context must never be an attribute")
		}
	}
	assert.Equal(t, 5, logs)
}

// countingStringer counts String calls.
type countingStringer struct{ n *int }

func (c countingStringer) String() string { *c.n++; return "counted" }

func TestWithConvertsOnce(t *testing.T) {
	logger, rec, _ := newLogger(t)
	var calls int
	child := logger.With(zap.Stringer("s", countingStringer{&calls}))
	for range 5 {
		child.Info("log")
	}
	assert.Equal(t, 1, calls, "With fields must be converted once, at With")
	require.Len(t, rec.Ended(), 5)
	for _, s := range rec.Ended() {
		assert.Equal(t, "counted", spantest.Attributes(s)["s"].AsString())
	}
}

func TestUnsampledSkipsConversion(t *testing.T) {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec), sdktrace.WithSampler(sdktrace.NeverSample()))
	logger := zap.New(zapspan.NewCore(logspan.WithTracerProvider(tp)))
	var calls int
	logger.Error("dropped", zap.Stringer("s", countingStringer{&calls}), zap.Error(errors.New("x")))
	assert.Zero(t, calls, "fields of an unsampled log must not be converted")
	assert.Empty(t, rec.Ended())
}

func TestMinLevel(t *testing.T) {
	tp, rec := spantest.NewRecorder(t)
	c := zapspan.NewCore(logspan.WithTracerProvider(tp), logspan.WithMinLevel(core.LevelWarn))
	assert.Equal(t, zapcore.WarnLevel, zapcore.LevelOf(c))
	logger := zap.New(c)
	logger.Info("no")
	logger.Warn("yes")
	assert.Equal(t, "yes", spantest.Only(t, rec).Name())

	def := zapspan.NewCore()
	assert.Equal(t, zapcore.InfoLevel, zapcore.LevelOf(def), "default minimum level is Info")
}

func TestLevelTable(t *testing.T) {
	tp, rec := spantest.NewRecorder(t)
	logger := zap.New(zapspan.NewCore(logspan.WithTracerProvider(tp), logspan.WithMinLevel(core.LevelTrace)),
		zap.WithFatalHook(zapcore.WriteThenGoexit))
	logger.Debug("d")
	logger.Info("i")
	logger.Warn("w")
	logger.Error("e")
	logger.DPanic("dp")
	assert.Panics(t, func() { logger.Panic("p") })
	done := make(chan struct{})
	go func() { defer close(done); logger.Fatal("f") }()
	<-done
	// Panic and Fatal have no Logfire name: logfire.level_num is fatal
	// (21), logspan.severity_number keeps 22 and 23.
	want := map[string]struct {
		num, sev int64
		name     string
	}{"d": {5, 0, "debug"}, "i": {9, 0, "info"}, "w": {13, 0, "warn"}, "e": {17, 0, "error"}, "dp": {21, 0, "dpanic"}, "p": {21, 22, "panic"}, "f": {21, 23, "fatal"}}
	spans := rec.Ended()
	require.Len(t, spans, len(want))
	for _, s := range spans {
		a := spantest.Attributes(s)
		assert.Equal(t, want[s.Name()].num, a[core.KeyLevelNum].AsInt64(), s.Name())
		assert.Equal(t, want[s.Name()].sev, a[core.KeySeverityNumber].AsInt64(), s.Name())
		assert.Equal(t, want[s.Name()].name, a[core.KeyLogLevel].AsString(), s.Name())
	}
}

// slowExporter holds spans in memory; a batch processor with a long
// timeout in front of it only exports on flush.
func batched(t *testing.T) (*sdktrace.TracerProvider, *tracetest.InMemoryExporter) {
	exp := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(exp, sdktrace.WithBatchTimeout(time.Hour)))
	t.Cleanup(func() { _ = tp.Shutdown(context.Background()) })
	return tp, exp
}

func TestSyncFlushes(t *testing.T) {
	tp, exp := batched(t)
	logger := zap.New(zapspan.NewCore(logspan.WithTracerProvider(tp)))
	logger.Info("buffered")
	assert.Empty(t, exp.GetSpans(), "the batch processor should still hold the span")
	require.NoError(t, logger.Sync())
	assert.Len(t, exp.GetSpans(), 1)
}

func TestCrashLevelsFlushBeforeReturning(t *testing.T) {
	tp, exp := batched(t)
	logger := zap.New(zapspan.NewCore(logspan.WithTracerProvider(tp)), zap.WithFatalHook(zapcore.WriteThenGoexit))
	logger.Error("not flushed")
	assert.Empty(t, exp.GetSpans())

	logger.DPanic("dpanic")
	assert.Len(t, exp.GetSpans(), 2, "DPanic flushes before returning")

	assert.Panics(t, func() { logger.Panic("panic") })
	assert.Len(t, exp.GetSpans(), 3, "Panic flushes before zap panics")

	done := make(chan struct{})
	go func() { defer close(done); logger.Fatal("fatal") }()
	<-done
	assert.Len(t, exp.GetSpans(), 4, "Fatal flushes before zap exits")
}

// blockingProvider never finishes a flush; the timeout must bound it.
type blockingProvider struct{ trace.TracerProvider }

func (blockingProvider) ForceFlush(ctx context.Context) error { <-ctx.Done(); return ctx.Err() }

func TestFlushTimeoutBoundsFatal(t *testing.T) {
	tp, _ := spantest.NewRecorder(t)
	logger := zap.New(zapspan.NewCore(logspan.WithTracerProvider(blockingProvider{tp}), logspan.WithFlushTimeout(50*time.Millisecond)))
	start := time.Now()
	logger.DPanic("stuck backend")
	assert.Less(t, time.Since(start), 5*time.Second, "a stuck flush must not hold the application")
	start = time.Now()
	logger.DPanic("stuck backend again")
	assert.ErrorIs(t, logger.Sync(), core.ErrFlushSkipped, "after a timeout, flushes pause instead of waiting again")
	assert.Less(t, time.Since(start), 50*time.Millisecond)
}

func TestGlobalProviderByDefault(t *testing.T) {
	tp, rec := spantest.NewRecorder(t)
	prev := otelGlobal()
	t.Cleanup(func() { setOtelGlobal(prev) })
	logger := zap.New(zapspan.NewCore()) // built before the provider is set
	setOtelGlobal(tp)
	logger.Info("via global")
	assert.Equal(t, "via global", spantest.Only(t, rec).Name())
}

func TestWrapCoreOutput(t *testing.T) {
	tp, rec := spantest.NewRecorder(t)
	var out bytes.Buffer
	app := zapcore.NewCore(zapcore.NewJSONEncoder(zap.NewProductionEncoderConfig()), zapcore.AddSync(&out), zapcore.InfoLevel)
	logger := zap.New(app).WithOptions(zapspan.WrapCore(logspan.WithTracerProvider(tp)))

	ctx, parent := tp.Tracer("test").Start(context.Background(), "request")
	fields := []zap.Field{zapspan.Context(ctx), zap.String("k", "v"), zap.Any("ctx2", ctx)}
	logger.Info("with context", fields...)
	logger.Info("without context", zap.Int("n", 1))
	logger.Debug("below the app's level")
	parent.End()

	// The caller's field slice is never modified.
	assert.Equal(t, zapcore.SkipType, fields[0].Type)
	assert.Equal(t, "k", fields[1].Key)

	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	require.Len(t, lines, 2)
	var first, second map[string]any
	require.NoError(t, json.Unmarshal([]byte(lines[0]), &first))
	require.NoError(t, json.Unmarshal([]byte(lines[1]), &second))

	var logSpan sdktrace.ReadOnlySpan
	for _, s := range rec.Ended() {
		if s.Name() == "with context" {
			logSpan = s
		}
	}
	require.NotNil(t, logSpan)
	assert.Equal(t, logSpan.SpanContext().TraceID().String(), first["trace_id"])
	assert.Equal(t, logSpan.SpanContext().SpanID().String(), first["span_id"])
	assert.Equal(t, "v", first["k"])
	assert.NotContains(t, first, "context")
	assert.NotContains(t, first, "ctx2", "a context field must not print in the app's output")
	assert.NotContains(t, second, "trace_id")
	assert.NotContains(t, second, "span_id")
	assert.Len(t, rec.Ended(), 3, "two log spans and the parent; nothing below the app's level")
}

func TestWrapCoreKeepsSampling(t *testing.T) {
	tp, rec := spantest.NewRecorder(t)
	var out bytes.Buffer
	app := zapcore.NewSamplerWithOptions(
		zapcore.NewCore(zapcore.NewJSONEncoder(zap.NewProductionEncoderConfig()), zapcore.AddSync(&out), zapcore.InfoLevel),
		time.Minute, 1, 0)
	logger := zap.New(app).WithOptions(zapspan.WrapCore(logspan.WithTracerProvider(tp)))
	for range 3 {
		logger.Info("repeated")
	}
	assert.Equal(t, 1, strings.Count(out.String(), "repeated"), "the app's sampler must keep working")
	assert.Len(t, rec.Ended(), 1, "spans are made for the entries the app's core writes")
}

func TestWrapCoreWith(t *testing.T) {
	tp, rec := spantest.NewRecorder(t)
	var out bytes.Buffer
	app := zapcore.NewCore(zapcore.NewJSONEncoder(zap.NewProductionEncoderConfig()), zapcore.AddSync(&out), zapcore.InfoLevel)
	logger := zap.New(app).WithOptions(zapspan.WrapCore(logspan.WithTracerProvider(tp)))
	ctx, parent := tp.Tracer("test").Start(context.Background(), "request")
	logger.With(zap.Any("ctx", ctx), zap.String("svc", "api")).Info("derived")
	parent.End()
	var line map[string]any
	require.NoError(t, json.Unmarshal(out.Bytes(), &line))
	assert.Equal(t, "api", line["svc"])
	assert.NotContains(t, line, "ctx")
	assert.Equal(t, parent.SpanContext().TraceID().String(), line["trace_id"], "a context from With is the log's context")
	assert.Len(t, rec.Ended(), 2)
}

func TestConcurrentWrapCore(t *testing.T) {
	tp, rec := spantest.NewRecorder(t)
	app := zapcore.NewCore(zapcore.NewJSONEncoder(zap.NewProductionEncoderConfig()), zapcore.AddSync(&lockedDiscard{}), zapcore.InfoLevel)
	logger := zap.New(app).WithOptions(zapspan.WrapCore(logspan.WithTracerProvider(tp)))
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			l := logger.With(zap.Int("g", g))
			for i := range 100 {
				l.Info("parallel", zap.Int("i", i))
			}
		}()
	}
	wg.Wait()
	assert.Len(t, rec.Ended(), 800)
}

type lockedDiscard struct{ mu sync.Mutex }

func (l *lockedDiscard) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(p), nil
}

// A zero entry time (a Core driven directly, or a clock that returns the
// zero time) becomes the time of the call: a span needs a time.
func TestZeroTimeBecomesNow(t *testing.T) {
	tp, rec := spantest.NewRecorder(t)
	c := zapspan.NewCore(logspan.WithTracerProvider(tp))
	before := time.Now()
	require.NoError(t, c.Write(zapcore.Entry{Level: zapcore.InfoLevel, Message: "no time"}, nil))
	s := spantest.Only(t, rec)
	assert.False(t, s.StartTime().Before(before), "start %v before the call at %v", s.StartTime(), before)
	assert.True(t, s.StartTime().Equal(s.EndTime()))
}

// WrapCore must leave the application's output as it was: the caller and
// stack trace the logger adds after Check included.
func TestWrapCoreKeepsCallerAndStack(t *testing.T) {
	tp, _ := spantest.NewRecorder(t)
	var plain, wrapped bytes.Buffer
	newApp := func(out *bytes.Buffer) zapcore.Core {
		return zapcore.NewCore(zapcore.NewJSONEncoder(zap.NewProductionEncoderConfig()), zapcore.AddSync(out), zapcore.InfoLevel)
	}
	opts := []zap.Option{zap.AddCaller(), zap.AddStacktrace(zapcore.ErrorLevel)}
	zap.New(newApp(&plain), opts...).Error("boom")
	zap.New(newApp(&wrapped), opts...).WithOptions(zapspan.WrapCore(logspan.WithTracerProvider(tp))).Error("boom")
	var p, w map[string]any
	require.NoError(t, json.Unmarshal(plain.Bytes(), &p))
	require.NoError(t, json.Unmarshal(wrapped.Bytes(), &w))
	assert.NotEmpty(t, w["caller"])
	assert.NotEmpty(t, w["stacktrace"])
	assert.Contains(t, w["caller"], "zapspan/core_test.go:", "the caller of the logging call, as without WrapCore (%v)", p["caller"])
}

type failingSyncer struct{}

func (failingSyncer) Write([]byte) (int, error) { return 0, errors.New("disk full") }
func (failingSyncer) Sync() error               { return nil }

// A write error of the application's core reaches the logger's
// ErrorOutput through WrapCore, as it does without it.
func TestWrapCoreReportsWriteErrors(t *testing.T) {
	tp, rec := spantest.NewRecorder(t)
	var errOut bytes.Buffer
	app := zapcore.NewCore(zapcore.NewJSONEncoder(zap.NewProductionEncoderConfig()), failingSyncer{}, zapcore.InfoLevel)
	logger := zap.New(app, zap.ErrorOutput(zapcore.AddSync(&errOut))).WithOptions(zapspan.WrapCore(logspan.WithTracerProvider(tp)))
	logger.Info("lost")
	assert.Contains(t, errOut.String(), "disk full")
	assert.Len(t, rec.Ended(), 1, "the span is made all the same")
}

func TestWrapCoreWithoutTraceCorrelation(t *testing.T) {
	tp, rec := spantest.NewRecorder(t)
	var out bytes.Buffer
	app := zapcore.NewCore(zapcore.NewJSONEncoder(zap.NewProductionEncoderConfig()), zapcore.AddSync(&out), zapcore.InfoLevel)
	logger := zap.New(app).WithOptions(zapspan.WrapCore(logspan.WithTracerProvider(tp), logspan.WithoutTraceCorrelation()))
	ctx, parent := tp.Tracer("test").Start(context.Background(), "request")
	logger.Info("quiet", zapspan.Context(ctx))
	parent.End()
	var line map[string]any
	require.NoError(t, json.Unmarshal(out.Bytes(), &line))
	assert.NotContains(t, line, "trace_id")
	assert.NotContains(t, line, "context", "the context field is still kept out of the output")
	assert.Len(t, rec.Ended(), 2)
}
