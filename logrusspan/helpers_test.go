package logrusspan_test

import (
	"io"
	"testing"

	"github.com/sirupsen/logrus"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/core/spantest"
	"github.com/logspan/logspan/logrusspan"
)

// newLogger returns a logrus logger at Trace level, writing nowhere, with a
// span hook recording into rec. Extra options go to the hook.
func newLogger(t *testing.T, opts ...logspan.Option) (*logrus.Logger, *tracetest.SpanRecorder, *sdktrace.TracerProvider) {
	t.Helper()
	tp, rec := spantest.NewRecorder(t)
	logger := logrus.New()
	logger.Out = io.Discard
	logger.SetLevel(logrus.TraceLevel)
	logger.AddHook(logrusspan.NewHook(append([]logspan.Option{logspan.WithTracerProvider(tp)}, opts...)...))
	return logger, rec, tp
}
