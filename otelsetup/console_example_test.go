package otelsetup_test

import (
	"context"
	"errors"
	"os"
	"time"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/core"
	"github.com/logspan/logspan/otelsetup"
)

// The console view shows each log's fields after its message and an error
// log's error under it; Verbose adds where the log was made.
func ExampleNewConsoleProcessor() {
	view := otelsetup.NewConsoleProcessor(os.Stdout, otelsetup.ConsoleOptions{
		Color:         otelsetup.ColorNever,
		HideTimestamp: true,
		Verbose:       true,
		SpanStyle:     otelsetup.SpanStyleIndented,
	})
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(view),
		sdktrace.WithIDGenerator(&seqIDs{})) // trace ids 1, 2...: a stable output here
	defer func() { _ = tp.Shutdown(context.Background()) }()
	em := core.NewEmitter("example", "v", logspan.WithTracerProvider(tp))

	ctx, span := tp.Tracer("example").Start(context.Background(), "checkout")
	ev := em.Start(ctx, core.Record{Time: time.Now(), Level: core.LevelInfo, Message: "checkout started",
		Caller: core.Caller{File: "shop/checkout.go", Line: 42}}, nil)
	ev.Encoder().AddString("user", "ada")
	ev.Encoder().AddInt64("items", 3)
	ev.Encoder().AddFloat64("total", 42.5)
	ev.End()
	ev = em.Start(ctx, core.Record{Time: time.Now(), Level: core.LevelError, Message: "card declined",
		Caller: core.Caller{File: "shop/checkout.go", Line: 57}}, nil)
	ev.Encoder().AddError("error", errors.New("insufficient funds"))
	ev.End()
	span.End()
	// Output:
	// checkout
	// │ trace_id=00000000000000000000000000000001
	//   INFO   checkout started user=ada items=3 total=42.5
	//   │ shop/checkout.go:42
	//   ERROR  card declined error="insufficient funds"
	//   │ shop/checkout.go:57
	//   │ *errors.errorString: insufficient funds
}
