package logrusspan_test

import (
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/sirupsen/logrus"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/core"
	"github.com/logspan/logspan/core/spantest"
	"github.com/logspan/logspan/logrusspan"
)

func TestEntryTimeIsSpanTime(t *testing.T) {
	logger, rec, _ := newLogger(t)
	when := time.Date(2026, 11, 25, 12, 0, 0, 42, time.UTC)
	logger.WithTime(when).Warn("clocked")
	s := spantest.Only(t, rec)
	assert.True(t, s.StartTime().Equal(when), "start %v", s.StartTime())
	assert.True(t, s.EndTime().Equal(when), "end %v", s.EndTime())
}

func TestCaller(t *testing.T) {
	logger, rec, _ := newLogger(t)
	logger.SetReportCaller(true)
	logger.Info("with caller")
	logger.SetReportCaller(false)
	logger.Info("without caller")
	spans := rec.Ended()
	require.Len(t, spans, 2)
	a := spantest.Attributes(spans[0])
	assert.True(t, strings.HasSuffix(a[core.KeyCodeFilePath].AsString(), "logrusspan/hook_test.go"), a[core.KeyCodeFilePath].AsString())
	assert.Positive(t, a[core.KeyCodeLineNumber].AsInt64())
	assert.Contains(t, a[core.KeyCodeFunctionName].AsString(), "TestCaller")
	b := spantest.Attributes(spans[1])
	for _, k := range []attribute.Key{core.KeyLoggerName, core.KeyCodeFilePath, core.KeyCodeLineNumber, core.KeyCodeFunctionName} {
		assert.NotContains(t, b, k)
	}
}

func TestLevelsFollowMinLevel(t *testing.T) {
	assert.Equal(t, []logrus.Level{logrus.PanicLevel, logrus.FatalLevel, logrus.ErrorLevel, logrus.WarnLevel, logrus.InfoLevel},
		logrusspan.NewHook().Levels())
	h := logrusspan.NewHook(logspan.WithMinLevel(core.LevelError))
	levels := h.Levels()
	assert.Equal(t, []logrus.Level{logrus.PanicLevel, logrus.FatalLevel, logrus.ErrorLevel}, levels)
	levels[0] = logrus.TraceLevel
	assert.Equal(t, logrus.PanicLevel, h.Levels()[0], "Levels must return a copy")
}

// The logger's level filters before the hook: a span is made only for an
// entry both accept.
func TestLoggerLevelApplies(t *testing.T) {
	logger, rec, _ := newLogger(t, logspan.WithMinLevel(core.LevelTrace))
	logger.SetLevel(logrus.WarnLevel)
	logger.Info("dropped by logrus")
	logger.Warn("kept")
	assert.Equal(t, "kept", spantest.Only(t, rec).Name())
}

func TestParentFromEntryContext(t *testing.T) {
	logger, rec, tp := newLogger(t)
	ctx, parent := tp.Tracer("test").Start(context.Background(), "request")
	requestLog := logger.WithContext(ctx).WithField("request_id", "r1")
	requestLog.Info("first")
	requestLog.WithField("step", 2).Warn("derived entry keeps the context")
	logrus.NewEntry(logger).WithContext(ctx).Error("from NewEntry")
	parent.End()
	var logs int
	for _, s := range rec.Ended() {
		if s.Name() == "request" {
			continue
		}
		logs++
		assert.Equal(t, parent.SpanContext().SpanID(), s.Parent().SpanID(), "%q", s.Name())
		assert.Equal(t, parent.SpanContext().TraceID(), s.SpanContext().TraceID(), "%q", s.Name())
	}
	assert.Equal(t, 3, logs)
}

// A context among the fields is never data, and only entry.Context is the
// parent.
func TestContextFieldIsNotAttribute(t *testing.T) {
	logger, rec, tp := newLogger(t)
	ctx, parent := tp.Tracer("test").Start(context.Background(), "request")
	logger.WithField("ctx", ctx).Info("context as a field")
	parent.End()
	s := rec.Ended()[0]
	assert.NotContains(t, spantest.Attributes(s), attribute.Key("ctx"))
	assert.False(t, s.Parent().IsValid())
}

func TestFieldsInKeyOrder(t *testing.T) {
	logger, rec, _ := newLogger(t)
	logger.WithFields(logrus.Fields{"zeta": 1, "alpha": 2, "mu": 3, "beta": 4}).Info("ordered")
	var keys []string
	for _, kv := range spantest.Only(t, rec).Attributes() {
		if !strings.HasPrefix(string(kv.Key), "logfire.") && kv.Key != core.KeyLogLevel {
			keys = append(keys, string(kv.Key))
		}
	}
	assert.Equal(t, []string{"alpha", "beta", "mu", "zeta"}, keys)
}

func TestErrors(t *testing.T) {
	logger, rec, _ := newLogger(t)
	logger.WithError(errors.New("disk full")).WithField("cause", errors.New("quota")).Error("write failed")
	s := spantest.Only(t, rec)
	a := spantest.Attributes(s)
	assert.Equal(t, "disk full", a[attribute.Key(logrus.ErrorKey)].AsString())
	assert.Equal(t, "quota", a["cause"].AsString())
	assert.Equal(t, codes.Error, s.Status().Code)
	// Logfire's "<type>: <message>" of the first error, in logrus's
	// sorted field order.
	assert.Equal(t, "*errors.errorString: quota", s.Status().Description)
	var msgs []string
	for _, ev := range s.Events() {
		require.Equal(t, core.ExceptionEventName, ev.Name)
		for _, kv := range ev.Attributes {
			if kv.Key == core.KeyExceptionMessage {
				msgs = append(msgs, kv.Value.AsString())
			}
		}
	}
	assert.Equal(t, []string{"quota", "disk full"}, msgs, "one exception per error, in key order")
}

// countingStringer counts String calls.
type countingStringer struct{ n *int }

func (c countingStringer) String() string { *c.n++; return "counted" }

func TestUnsampledSkipsConversion(t *testing.T) {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec), sdktrace.WithSampler(sdktrace.NeverSample()))
	logger := logrus.New()
	logger.Out = io.Discard
	logger.AddHook(logrusspan.NewHook(logspan.WithTracerProvider(tp)))
	var calls int
	// logrus's formatter calls String once; the hook must not.
	logger.WithField("s", countingStringer{&calls}).WithError(errors.New("x")).Error("dropped")
	assert.Equal(t, 1, calls, "fields of an unsampled log must not be converted by the hook")
	assert.Empty(t, rec.Ended())
}

// The hook works on logrus's standard logger, the way most applications
// use logrus.
func TestStandardLogger(t *testing.T) {
	tp, rec := spantest.NewRecorder(t)
	std := logrus.StandardLogger()
	oldOut, oldHooks := std.Out, std.ReplaceHooks(make(logrus.LevelHooks))
	t.Cleanup(func() { std.SetOutput(oldOut); std.ReplaceHooks(oldHooks) })
	std.SetOutput(io.Discard)

	logrus.AddHook(logrusspan.NewHook(logspan.WithTracerProvider(tp)))
	ctx, parent := tp.Tracer("test").Start(context.Background(), "request")
	logrus.WithContext(ctx).WithField("items", 3).Info("from the standard logger")
	parent.End()
	s := rec.Ended()[0]
	assert.Equal(t, "from the standard logger", s.Name())
	assert.Equal(t, parent.SpanContext().SpanID(), s.Parent().SpanID())
	assert.Equal(t, int64(3), spantest.Attributes(s)["items"].AsInt64())
}

func TestFireDirectly(t *testing.T) {
	tp, rec := spantest.NewRecorder(t)
	hook := logrusspan.NewHook(logspan.WithTracerProvider(tp))
	assert.NoError(t, hook.Fire(nil))
	below := &logrus.Entry{Logger: logrus.New(), Level: logrus.DebugLevel, Message: "below the minimum"}
	assert.NoError(t, hook.Fire(below))
	assert.Empty(t, rec.Ended())
	ctx, parent := tp.Tracer("test").Start(context.Background(), "parent")
	noData := &logrus.Entry{Level: logrus.InfoLevel, Message: "no data, no logger", Context: ctx}
	assert.NoError(t, hook.Fire(noData))
	assert.Equal(t, "no data, no logger", spantest.Only(t, rec).Name())
	parent.End()
	assert.Len(t, noData.Data, 2, "trace_id and span_id in a new map")
}

func TestSync(t *testing.T) {
	exp := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(exp, sdktrace.WithBatchTimeout(time.Hour)))
	t.Cleanup(func() { _ = tp.Shutdown(context.Background()) })
	hook := logrusspan.NewHook(logspan.WithTracerProvider(tp))
	logger := logrus.New()
	logger.Out = io.Discard
	logger.AddHook(hook)
	logger.Info("buffered")
	assert.Empty(t, exp.GetSpans(), "an info log is not flushed on its own")
	require.NoError(t, hook.Sync())
	assert.Len(t, exp.GetSpans(), 1)
}

// A field whose String method logs through the same logger must not
// deadlock: logrus v1.10 fires hooks without its lock, and the hook takes
// none of its own.
func TestReentrantLogDoesNotDeadlock(t *testing.T) {
	logger, rec, _ := newLogger(t)
	done := make(chan struct{})
	go func() {
		defer close(done)
		logger.WithField("s", reentrant{logger}).Info("outer")
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("logging from inside a field's String deadlocked")
	}
	var names []string
	for _, s := range rec.Ended() {
		names = append(names, s.Name())
	}
	assert.Contains(t, names, "outer")
	assert.Contains(t, names, "inner")
}

type reentrant struct{ l *logrus.Logger }

func (r reentrant) String() string {
	r.l.Info("inner")
	return "logged"
}

// unsampledContext returns a context whose remote parent is not sampled.
func unsampledContext() (context.Context, trace.SpanContext) {
	sc := trace.NewSpanContext(trace.SpanContextConfig{TraceID: trace.TraceID{1}, SpanID: trace.SpanID{2}, Remote: true})
	return trace.ContextWithRemoteSpanContext(context.Background(), sc), sc
}
