package logrusspan_test

import (
	"bytes"
	"context"
	"encoding/json"
	"sync"
	"testing"

	"github.com/sirupsen/logrus"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/core/spantest"
	"github.com/logspan/logspan/logrusspan"
)

// jsonLogger returns a logger writing JSON lines to the returned buffer,
// with hook recording into rec.
func jsonLogger(t *testing.T, hook func(...logspan.Option) *logrusspan.Hook) (*logrus.Logger, *bytes.Buffer, *tracetest.SpanRecorder, *sdktrace.TracerProvider) {
	t.Helper()
	tp, rec := spantest.NewRecorder(t)
	var out bytes.Buffer
	logger := logrus.New()
	logger.Out = &out
	logger.Formatter = &logrus.JSONFormatter{DisableTimestamp: true}
	logger.AddHook(hook(logspan.WithTracerProvider(tp)))
	return logger, &out, rec, tp
}

func lines(t *testing.T, out *bytes.Buffer) []map[string]any {
	t.Helper()
	var got []map[string]any
	dec := json.NewDecoder(out)
	for dec.More() {
		var m map[string]any
		require.NoError(t, dec.Decode(&m))
		got = append(got, m)
	}
	return got
}

func TestTraceCorrelation(t *testing.T) {
	logger, out, rec, tp := jsonLogger(t, logrusspan.NewHook)
	ctx, parent := tp.Tracer("test").Start(context.Background(), "request")
	unsampled, unsampledSC := unsampledContext()

	logger.WithContext(ctx).Info("with parent")
	logger.Info("without context")
	logger.WithContext(context.Background()).Info("empty context")
	logger.WithContext(unsampled).Info("unsampled parent")
	parent.End()

	got := lines(t, out)
	require.Len(t, got, 4)
	spans := map[string]sdktrace.ReadOnlySpan{}
	for _, s := range rec.Ended() {
		spans[s.Name()] = s
		for k := range spantest.Attributes(s) {
			assert.NotContains(t, []attribute.Key{logrusspan.TraceIDKey, logrusspan.SpanIDKey}, k, "ids must stay out of the span")
		}
	}

	// With a parent: the log span's own ids.
	log := spans["with parent"]
	assert.Equal(t, log.SpanContext().TraceID().String(), got[0][logrusspan.TraceIDKey])
	assert.Equal(t, log.SpanContext().SpanID().String(), got[0][logrusspan.SpanIDKey])
	assert.Equal(t, parent.SpanContext().TraceID().String(), got[0][logrusspan.TraceIDKey])

	// Without a context: nothing to join on.
	assert.NotContains(t, got[1], logrusspan.TraceIDKey)
	assert.NotContains(t, got[1], logrusspan.SpanIDKey)

	// A context without a span: the log starts a trace of its own, but, as
	// in every adapter, only a context holding a span gets ids.
	assert.NotContains(t, got[2], logrusspan.TraceIDKey)
	assert.NotContains(t, got[2], logrusspan.SpanIDKey)

	// An unsampled parent: no span is recorded, but the ids still name the
	// trace, which other services may have sampled.
	assert.NotContains(t, spans, "unsampled parent")
	assert.Equal(t, unsampledSC.TraceID().String(), got[3][logrusspan.TraceIDKey])
	assert.NotEqual(t, unsampledSC.SpanID().String(), got[3][logrusspan.SpanIDKey])
	assert.Len(t, got[3][logrusspan.SpanIDKey], 16)
}

func TestWithoutTraceCorrelation(t *testing.T) {
	for name, hook := range map[string]func(opts ...logspan.Option) *logrusspan.Hook{
		"method": func(opts ...logspan.Option) *logrusspan.Hook {
			return logrusspan.NewHook(opts...).WithoutTraceCorrelation()
		},
		"core option": func(opts ...logspan.Option) *logrusspan.Hook {
			return logrusspan.NewHook(append(opts, logspan.WithoutTraceCorrelation())...)
		},
	} {
		t.Run(name, func(t *testing.T) {
			logger, out, rec, tp := jsonLogger(t, hook)
			ctx, parent := tp.Tracer("test").Start(context.Background(), "request")
			logger.WithContext(ctx).Info("no ids")
			parent.End()
			got := lines(t, out)
			require.Len(t, got, 1)
			assert.NotContains(t, got[0], logrusspan.TraceIDKey)
			assert.NotContains(t, got[0], logrusspan.SpanIDKey)
			assert.Len(t, rec.Ended(), 2, "the span is still made")
		})
	}
}

// WithoutTraceCorrelation returns a copy: an installed hook keeps adding
// ids.
func TestWithoutTraceCorrelationLeavesReceiver(t *testing.T) {
	var original *logrusspan.Hook
	logger, out, _, tp := jsonLogger(t, func(opts ...logspan.Option) *logrusspan.Hook {
		original = logrusspan.NewHook(opts...)
		return original
	})
	_ = original.WithoutTraceCorrelation()
	ctx, parent := tp.Tracer("test").Start(context.Background(), "request")
	defer parent.End()
	logger.WithContext(ctx).Info("ids")
	assert.Contains(t, lines(t, out)[0], logrusspan.TraceIDKey)
}

// The ids are written into a copy of the entry's data: the caller's Fields
// and an entry reused for several logs never see them.
func TestCallerDataNeverMutated(t *testing.T) {
	logger, out, _, tp := jsonLogger(t, logrusspan.NewHook)
	ctx, parent := tp.Tracer("test").Start(context.Background(), "request")
	defer parent.End()

	fields := logrus.Fields{"user": "ada"}
	shared := logger.WithFields(fields).WithContext(ctx)
	for range 3 {
		shared.Info("reused entry")
	}
	shared.WithField("extra", 1).Warn("derived")
	logger.WithContext(ctx).WithFields(fields).Error("fields again")

	assert.Equal(t, logrus.Fields{"user": "ada"}, fields, "caller's Fields changed")
	assert.Equal(t, logrus.Fields{"user": "ada"}, shared.Data, "shared entry's Data changed")
	got := lines(t, out)
	require.Len(t, got, 5)
	for _, l := range got {
		assert.Contains(t, l, logrusspan.TraceIDKey)
		assert.Equal(t, "ada", l["user"])
	}

	// Fired directly on an entry the application keeps: the entry gets a
	// new map, the old one is untouched.
	hook := logrusspan.NewHook(logspan.WithTracerProvider(tp))
	data := logrus.Fields{"k": "v"}
	entry := &logrus.Entry{Logger: logger, Data: data, Level: logrus.InfoLevel, Context: ctx, Message: "direct"}
	require.NoError(t, hook.Fire(entry))
	assert.Equal(t, logrus.Fields{"k": "v"}, data)
	assert.Contains(t, entry.Data, logrusspan.TraceIDKey)
	assert.Equal(t, "v", entry.Data["k"])
}

// A shared entry with a context, logged from many goroutines: the ids are
// written into per-log copies, so the race detector sees no write to the
// shared map.
func TestConcurrentSharedEntry(t *testing.T) {
	logger, rec, tp := newLogger(t)
	ctx, parent := tp.Tracer("test").Start(context.Background(), "request")
	defer parent.End()
	shared := logger.WithContext(ctx).WithField("shared", true)
	hook := logrusspan.NewHook(logspan.WithTracerProvider(tp))
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 50 {
				shared.Info("concurrent")
				// Fire on the shared entry itself (not logrus's copy) reads
				// its Data and replaces only this goroutine's copy of it.
				e := *shared
				_ = hook.Fire(&e)
			}
		})
	}
	wg.Wait()
	assert.Len(t, rec.Ended(), 8*50*2)
	assert.Equal(t, logrus.Fields{"shared": true}, shared.Data)
}
