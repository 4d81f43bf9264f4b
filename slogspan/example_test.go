package slogspan_test

import (
	"context"
	"fmt"
	"log/slog"
	"os"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/core"
	"github.com/logspan/logspan/slogspan"
)

func Example() {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	logger := slog.New(slogspan.NewHandler(logspan.WithTracerProvider(tp)))

	ctx, request := tp.Tracer("app").Start(context.Background(), "GET /cart")
	logger.WarnContext(ctx, "cart is large", "items", 120, slog.Group("user", "id", 7))
	request.End()

	log := rec.Ended()[0]
	fmt.Println("span:", log.Name())
	fmt.Println("instant:", log.StartTime().Equal(log.EndTime()))
	fmt.Println("child of the request:", log.Parent().SpanID() == request.SpanContext().SpanID())
	for _, kv := range log.Attributes() {
		fmt.Printf("%s = %s\n", kv.Key, kv.Value.Emit())
	}
	// Output:
	// span: cart is large
	// instant: true
	// child of the request: true
	// logfire.span_type = log
	// logfire.level_num = 13
	// log.level = warn
	// logfire.msg_template = cart is large
	// logfire.msg = cart is large
	// logfire.json_schema = {"type":"object","properties":{"items":{},"user.id":{}}}
	// items = 120
	// user.id = 7
}

func ExampleWrap() {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))

	// The application's handler, as it was (without the time, to keep the
	// output stable); one line adds the spans.
	handler := slog.NewJSONHandler(os.Stdout, &slog.HandlerOptions{
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey {
				return slog.Attr{}
			}
			return a
		},
	})
	logger := slog.New(slogspan.Wrap(handler, logspan.WithTracerProvider(tp)))

	logger.Info("started", "version", "1.4.2")
	fmt.Println("spans:", len(rec.Ended()))
	// Output:
	// {"level":"INFO","msg":"started","version":"1.4.2"}
	// spans: 1
}

func ExampleHandler_WithSource() {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	logger := slog.New(slogspan.NewHandler(logspan.WithTracerProvider(tp)).WithSource(true))

	logger.Info("with source")
	for _, kv := range rec.Ended()[0].Attributes() {
		if kv.Key == core.KeyCodeFunctionName {
			fmt.Println(kv.Value.Emit())
		}
	}
	// Output:
	// github.com/logspan/logspan/slogspan_test.ExampleHandler_WithSource
}
