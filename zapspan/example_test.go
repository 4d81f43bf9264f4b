package zapspan_test

import (
	"context"
	"fmt"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.uber.org/zap"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/zapspan"
)

func Example() {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	logger := zap.New(zapspan.NewCore(logspan.WithTracerProvider(tp)))

	ctx, request := tp.Tracer("app").Start(context.Background(), "GET /cart")
	logger.Warn("cart is large", zapspan.Context(ctx), zap.Int("items", 120))
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
	// logfire.json_schema = {"type":"object","properties":{"items":{}}}
	// items = 120
}

func ExampleWrapCore() {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))

	// The application's logger, as it was; one line adds the spans.
	logger := zap.NewExample()
	logger = logger.WithOptions(zapspan.WrapCore(logspan.WithTracerProvider(tp)))

	logger.Info("started", zap.String("version", "1.4.2"))
	fmt.Println("spans:", len(rec.Ended()))
	// Output:
	// {"level":"info","msg":"started","version":"1.4.2"}
	// spans: 1
}

func ExampleBuild() {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))

	cfg := zap.NewProductionConfig()
	cfg.OutputPaths = []string{"stdout"}
	cfg.EncoderConfig.TimeKey = "" // a stable output for this example
	cfg.DisableCaller = true
	cfg.InitialFields = map[string]any{"service": "checkout"}
	logger, err := zapspan.Build(cfg, logspan.WithTracerProvider(tp))
	if err != nil {
		panic(err)
	}

	logger.Info("started")
	for _, kv := range rec.Ended()[0].Attributes() {
		if kv.Key == "service" {
			fmt.Println("span:", kv.Key, "=", kv.Value.Emit())
		}
	}
	// Output:
	// {"level":"info","msg":"started","service":"checkout"}
	// span: service = checkout
}
