package zapspan_test

import (
	"testing"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.uber.org/zap"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/core/spantest"
	"github.com/logspan/logspan/zapspan"
)

// newLogger returns a zap logger over a span core recording into rec.
func newLogger(t *testing.T, opts ...zap.Option) (*zap.Logger, *tracetest.SpanRecorder, *sdktrace.TracerProvider) {
	t.Helper()
	tp, rec := spantest.NewRecorder(t)
	return zap.New(zapspan.NewCore(logspan.WithTracerProvider(tp)), opts...), rec, tp
}
