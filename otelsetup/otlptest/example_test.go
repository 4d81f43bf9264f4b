package otlptest_test

import (
	"context"
	"fmt"

	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/logspan/logspan/otelsetup/otlptest"
)

func Example() {
	rec := otlptest.NewHTTP()
	defer rec.Close()

	exp, _ := otlptracehttp.New(context.Background(), otlptracehttp.WithEndpointURL(rec.URL+"/v1/traces"))
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exp))
	_, span := tp.Tracer("example").Start(context.Background(), "sent over OTLP")
	span.End()
	_ = tp.Shutdown(context.Background())

	fmt.Println(rec.SpanNames())
	// Output: [sent over OTLP]
}
