// Command standin exports, with the raw OpenTelemetry SDK, exactly the trace
// the e2e contract expects from examples/quickstart. It lets the e2e test be
// developed and checked before (and independently of) the real quickstart:
// run the test with LOGSPAN_E2E_PROGRAM=standin.
//
// The exporter is chosen like the OTel SDK environment specification says:
// OTEL_EXPORTER_OTLP_PROTOCOL=grpc or http/protobuf (the default), with the
// endpoint, insecure flag and service name read from the usual OTEL_*
// variables by the SDK itself.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracegrpc"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
)

// The contract's values, in one place.
const (
	levelInfo  = 9  // logfire.level_num of info
	levelError = 17 // logfire.level_num of error
	cause      = "insufficient funds"
)

func main() {
	if err := run(context.Background()); err != nil {
		fmt.Fprintln(os.Stderr, "standin:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context) error {
	exp, err := newExporter(ctx)
	if err != nil {
		return err
	}
	// The batch processor reports export failures only to the global error
	// handler: collect them, so a failed export makes the program fail
	// instead of passing silently with nothing in the backend.
	var (
		mu        sync.Mutex
		exportErr error
	)
	otel.SetErrorHandler(otel.ErrorHandlerFunc(func(err error) {
		mu.Lock()
		defer mu.Unlock()
		exportErr = errors.Join(exportErr, err)
	}))

	res, err := resource.New(ctx, resource.WithFromEnv(), resource.WithTelemetrySDK())
	if err != nil {
		return err
	}
	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(exp), sdktrace.WithResource(res))

	checkout(ctx, tp)

	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	err = errors.Join(tp.ForceFlush(ctx), tp.Shutdown(ctx))
	mu.Lock()
	defer mu.Unlock()
	return errors.Join(err, exportErr)
}

// newExporter picks the OTLP exporter named by OTEL_EXPORTER_OTLP_PROTOCOL.
func newExporter(ctx context.Context) (sdktrace.SpanExporter, error) {
	switch p := os.Getenv("OTEL_EXPORTER_OTLP_PROTOCOL"); p {
	case "grpc":
		return otlptracegrpc.New(ctx)
	case "", "http/protobuf":
		return otlptracehttp.New(ctx)
	default:
		return nil, fmt.Errorf("unsupported OTEL_EXPORTER_OTLP_PROTOCOL %q", p)
	}
}

// checkout makes the contract's trace: a root span, one child per logger,
// and under each the two log spans that logger's integration would make.
func checkout(ctx context.Context, tp trace.TracerProvider) {
	ctx, root := tp.Tracer("standin").Start(ctx, "POST /checkout")
	defer root.End()

	for _, logger := range []string{"zap", "zerolog", "logrus", "slog"} {
		ctx, span := tp.Tracer("standin").Start(ctx, logger)
		// Log spans come from the integration's own tracer, as the
		// library names it.
		logs := tp.Tracer("github.com/logspan/logspan/" + logger + "span")

		logSpan(ctx, logs, "checkout started", levelInfo, nil,
			attribute.String("user", "ada"),
			attribute.Int("items", 3),
			attribute.Float64("total", 42.5),
			attribute.Bool("express", true),
		)
		logSpan(ctx, logs, "card declined", levelError, errors.New(cause),
			attribute.String("user", "ada"),
		)
		span.End()
	}
}

// logSpan records one log line as an instant span (start == end).
func logSpan(ctx context.Context, tracer trace.Tracer, msg string, level int, err error, attrs ...attribute.KeyValue) {
	now := time.Now()
	attrs = append([]attribute.KeyValue{
		attribute.String("logfire.span_type", "log"),
		attribute.Int("logfire.level_num", level),
		attribute.String("logfire.msg", msg),
	}, attrs...)
	if err != nil {
		attrs = append(attrs, attribute.String("error", err.Error()))
	}
	_, span := tracer.Start(ctx, msg, trace.WithTimestamp(now), trace.WithAttributes(attrs...))
	if err != nil {
		span.RecordError(err, trace.WithTimestamp(now))
		span.SetStatus(codes.Error, err.Error())
	}
	span.End(trace.WithTimestamp(now))
}
