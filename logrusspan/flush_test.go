package logrusspan_test

import (
	"context"
	"io"
	"testing"
	"time"

	"github.com/sirupsen/logrus"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/core"
	"github.com/logspan/logspan/core/spantest"
	"github.com/logspan/logspan/logrusspan"
)

// batchedLogger returns a logger whose spans go through a batch processor
// that, on its own, would export only after an hour: whatever the exporter
// holds was flushed by the hook.
func batchedLogger(t *testing.T) (*logrus.Logger, *tracetest.InMemoryExporter) {
	t.Helper()
	exp := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(exp, sdktrace.WithBatchTimeout(time.Hour)))
	t.Cleanup(func() { _ = tp.Shutdown(context.Background()) })
	logger := logrus.New()
	logger.Out = io.Discard
	logger.AddHook(logrusspan.NewHook(logspan.WithTracerProvider(tp)))
	return logger, exp
}

func TestFatalFlushesBeforeExit(t *testing.T) {
	logger, exp := batchedLogger(t)
	logger.Info("before")
	var exported []string
	exitCode := -1
	logger.ExitFunc = func(code int) {
		exitCode = code
		for _, s := range exp.GetSpans() {
			exported = append(exported, s.Name)
		}
	}
	logger.WithField("reason", "config").Fatal("cannot start")
	assert.Equal(t, 1, exitCode)
	assert.Equal(t, []string{"before", "cannot start"}, exported, "the fatal log and what preceded it must be exported before exit")
}

func TestPanicFlushesBeforePanicking(t *testing.T) {
	logger, exp := batchedLogger(t)
	var exported []string
	func() {
		defer func() {
			r := recover()
			require.NotNil(t, r, "Panic must still panic")
			for _, s := range exp.GetSpans() {
				exported = append(exported, s.Name)
			}
		}()
		logger.Panic("invariant broken")
	}()
	assert.Equal(t, []string{"invariant broken"}, exported)
	span := exp.GetSpans()[0]
	assert.Equal(t, "panic", spantest.Attributes(span.Snapshot())[core.KeyLogLevel].AsString())
}

func TestErrorIsNotFlushed(t *testing.T) {
	logger, exp := batchedLogger(t)
	logger.Error("just an error")
	assert.Empty(t, exp.GetSpans(), "only fatal and panic logs flush")
}
