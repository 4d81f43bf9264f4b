package otlptest_test

import (
	"context"
	"fmt"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/exporters/otlp/otlplog/otlploghttp"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/log"
	sdklog "go.opentelemetry.io/otel/sdk/log"
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

func ExampleReceiver_LogBodies() {
	rec := otlptest.NewHTTP()
	defer rec.Close()

	exp, _ := otlploghttp.New(context.Background(), otlploghttp.WithEndpointURL(rec.URL+"/v1/logs"))
	lp := sdklog.NewLoggerProvider(sdklog.WithProcessor(sdklog.NewSimpleProcessor(exp)))
	var r log.Record
	r.SetBody(attribute.StringValue("sent over OTLP"))
	lp.Logger("example").Emit(context.Background(), r)
	_ = lp.Shutdown(context.Background())

	fmt.Println(rec.LogBodies())
	// Output: [sent over OTLP]
}
