package otelsetup_test

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/otelsetup"
	"github.com/logspan/logspan/slogspan"
)

// With otelsetup's pipeline, log spans take core's direct path: every
// processor sees each of them when it ends (never when it starts, which is
// the direct path's documented difference), the exporter receives them,
// and other spans still go through the SDK.
func TestLogSpansTakeTheDirectPath(t *testing.T) {
	rec := tracetest.NewSpanRecorder()
	exp := tracetest.NewInMemoryExporter()
	p, err := otelsetup.New(context.Background(),
		otelsetup.WithEnv(func(string) (string, bool) { return "", false }),
		otelsetup.WithExporter(exp),
		otelsetup.WithSpanProcessor(rec),
		otelsetup.WithErrorOutput(io.Discard),
	)
	require.NoError(t, err)
	tp := p.TracerProvider()
	ctx, request := tp.Tracer("test").Start(context.Background(), "request")
	logger := slog.New(slogspan.NewHandler(logspan.WithTracerProvider(tp)))
	logger.InfoContext(ctx, "checkout", "items", 3)
	request.End()
	require.NoError(t, p.ForceFlush(context.Background()))
	names := []string{}
	for _, s := range exp.GetSpans() {
		names = append(names, s.Name)
	}
	assert.ElementsMatch(t, []string{"checkout", "request"}, names, "both reach the exporter")
	require.NoError(t, p.Shutdown(context.Background()))

	require.Len(t, rec.Started(), 1, "only the request span is started through the SDK")
	assert.Equal(t, "request", rec.Started()[0].Name())
	require.Len(t, rec.Ended(), 2)
	log := rec.Ended()[0]
	assert.Equal(t, "checkout", log.Name())
	assert.Equal(t, request.SpanContext().SpanID(), log.Parent().SpanID())
	assert.Equal(t, log.StartTime(), log.EndTime())
	assert.IsType(t, &sdktrace.TracerProvider{}, tp)

	// After Shutdown, the pipeline is withdrawn: a log goes the SDK's way
	// (to a provider that is shut down, so nowhere).
	logger.InfoContext(ctx, "after")
	assert.Len(t, rec.Ended(), 2)
}
