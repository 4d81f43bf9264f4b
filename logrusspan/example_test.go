package logrusspan_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/sirupsen/logrus"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/logrusspan"
)

func Example() {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	logger := logrus.New()
	logger.Out = io.Discard
	logger.AddHook(logrusspan.NewHook(logspan.WithTracerProvider(tp)))

	ctx, request := tp.Tracer("app").Start(context.Background(), "GET /cart")
	logger.WithContext(ctx).WithField("items", 120).Warn("cart is large")
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
	// log.level = warning
	// logfire.msg_template = cart is large
	// logfire.msg = cart is large
	// logfire.disable_console_log = true
	// logfire.json_schema = {"type":"object","properties":{"items":{}}}
	// items = 120
}

// The hook adds trace_id and span_id of the log's span to logrus's own
// output, so a text log leads to its trace.
func ExampleNewHook_traceCorrelation() {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	var out bytes.Buffer
	logger := logrus.New()
	logger.Out = &out
	logger.Formatter = &logrus.JSONFormatter{DisableTimestamp: true}
	logger.AddHook(logrusspan.NewHook(logspan.WithTracerProvider(tp)))

	ctx, request := tp.Tracer("app").Start(context.Background(), "GET /cart")
	logger.WithContext(ctx).Info("cart shown")
	request.End()

	var line map[string]any
	_ = json.Unmarshal(out.Bytes(), &line)
	log := rec.Ended()[0]
	fmt.Println("trace_id is the request's:", line["trace_id"] == request.SpanContext().TraceID().String())
	fmt.Println("span_id is the log's:", line["span_id"] == log.SpanContext().SpanID().String())
	// Output:
	// trace_id is the request's: true
	// span_id is the log's: true
}

func ExampleHook_WithoutTraceCorrelation() {
	tp := sdktrace.NewTracerProvider()
	logger := logrus.New()
	logger.Out = os.Stdout
	logger.Formatter = &logrus.TextFormatter{DisableTimestamp: true}
	logger.AddHook(logrusspan.NewHook(logspan.WithTracerProvider(tp), logspan.WithoutTraceCorrelation()))

	ctx, request := tp.Tracer("app").Start(context.Background(), "GET /cart")
	defer request.End()
	logger.WithContext(ctx).WithField("items", 2).Info("cart shown")
	// Output:
	// level=info msg="cart shown" items=2
}
