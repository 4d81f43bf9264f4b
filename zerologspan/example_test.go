//go:build !binary_log

package zerologspan_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"

	"github.com/rs/zerolog"
	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/zerologspan"
)

func Example() {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))

	// The application's logger, as it was; one line adds the spans.
	var out bytes.Buffer
	logger := zerolog.New(&out).With().Str("service", "shop").Logger()
	logger = logger.Hook(zerologspan.NewHook(logspan.WithTracerProvider(tp)))

	ctx, request := tp.Tracer("app").Start(context.Background(), "GET /cart")
	logger.Warn().Ctx(ctx).Int("items", 120).Dict("cart", zerolog.Dict().Str("id", "c-42")).Msg("cart is large")
	request.End()

	log := rec.Ended()[0]
	var line map[string]any
	_ = json.Unmarshal(out.Bytes(), &line)
	fmt.Println("log line has the span's ids:",
		line["trace_id"] == log.SpanContext().TraceID().String() && line["span_id"] == log.SpanContext().SpanID().String())
	fmt.Println("span:", log.Name())
	fmt.Println("instant:", log.StartTime().Equal(log.EndTime()))
	fmt.Println("child of the request:", log.Parent().SpanID() == request.SpanContext().SpanID())
	attrs := map[attribute.Key]attribute.Value{}
	for _, kv := range log.Attributes() {
		attrs[kv.Key] = kv.Value
	}
	for _, k := range []attribute.Key{
		"logfire.level_num", "log.level", "logfire.msg", "service", "items", "cart", "logfire.json_schema",
	} {
		fmt.Printf("%s = %s\n", k, attrs[k].Emit())
	}
	// Output:
	// log line has the span's ids: true
	// span: cart is large
	// instant: true
	// child of the request: true
	// logfire.level_num = 13
	// log.level = warn
	// logfire.msg = cart is large
	// service = shop
	// items = 120
	// cart = {"id":"c-42"}
	// logfire.json_schema = {"type":"object","properties":{"service":{},"items":{},"cart":{"type":"object"}}}
}

func ExampleCaptureErrors() {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))

	restore := zerologspan.CaptureErrors() // once, at start-up
	defer restore()
	logger := zerolog.New(os.Stdout).Hook(zerologspan.NewHook(logspan.WithTracerProvider(tp)))

	_, err := os.Open("/no/such/file")
	logger.Error().Err(err).Msg("cannot load config")

	for _, ev := range rec.Ended()[0].Events() {
		for _, kv := range ev.Attributes {
			fmt.Printf("%s: %s = %s\n", ev.Name, kv.Key, kv.Value.Emit())
		}
	}
	// Output:
	// {"level":"error","error":"open /no/such/file: no such file or directory","message":"cannot load config"}
	// exception: exception.type = *fs.PathError
	// exception: exception.message = open /no/such/file: no such file or directory
}
