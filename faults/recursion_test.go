package faults_test

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"go.opentelemetry.io/otel"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.uber.org/zap"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/otelsetup"
	"github.com/logspan/logspan/zapspan"
)

// loggingExporter logs through an instrumented logger on every export,
// with the context the pipeline gives it, as an exporter with logging
// would.
type loggingExporter struct {
	logger *zap.Logger
	countingExporter
}

func (e *loggingExporter) ExportSpans(ctx context.Context, s []sdktrace.ReadOnlySpan) error {
	e.logger.Info("exported a batch", zapspan.Context(ctx), zap.Int("spans", len(s)))
	return e.countingExporter.ExportSpans(ctx, s)
}

// An exporter that logs must not feed its own logs back into the queue it
// is draining: with the pipeline's context, its logs make no spans.
func TestExporterThatLogsDoesNotLoop(t *testing.T) {
	exp := &loggingExporter{}
	p, err := otelsetup.New(context.Background(), otelsetup.WithExporter(exp),
		otelsetup.WithEnv(func(k string) (string, bool) {
			if k == "OTEL_BSP_SCHEDULE_DELAY" {
				return "5", true
			}
			return "", false
		}))
	if err != nil {
		t.Fatal(err)
	}
	exp.logger = zap.New(zapspan.NewCore(logspan.WithTracerProvider(p.TracerProvider())))
	exp.logger.Info("the one application log")
	time.Sleep(100 * time.Millisecond) // twenty export rounds, were there a loop
	if err := p.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := exp.spans.Load(); got != 1 {
		t.Errorf("exported %d spans, want the application's one log: the exporter's logs came back", got)
	}
}

// OpenTelemetry's internal errors go to stderr, rate-limited, and never
// become spans, even when they come in a storm.
func TestErrorStormIsRateLimitedAndMakesNoSpans(t *testing.T) {
	prevTP, prevProp := otel.GetTracerProvider(), otel.GetTextMapPropagator()
	t.Cleanup(func() { otel.SetTracerProvider(prevTP); otel.SetTextMapPropagator(prevProp) })
	rec := tracetest.NewSpanRecorder()
	var stderr lockedBuffer
	shutdown, err := otelsetup.Setup(context.Background(),
		otelsetup.WithErrorOutput(&stderr),
		otelsetup.WithSpanProcessor(rec),
		otelsetup.WithEnv(func(k string) (string, bool) {
			if k == "OTEL_TRACES_EXPORTER" {
				return "none", true
			}
			return "", false
		}))
	if err != nil {
		t.Fatal(err)
	}
	for range 1000 {
		otel.Handle(errors.New("export failed: connection refused"))
	}
	// The reports are written by a goroutine of their own; shutdown lets
	// it finish.
	if err := shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(stderr.Bytes(), []byte("\n")); n != 1 {
		t.Errorf("1000 errors wrote %d lines, want 1 (rate-limited):\n%s", n, stderr.String())
	}
	if n := len(rec.Ended()); n != 0 {
		t.Errorf("errors became %d spans", n)
	}
}
