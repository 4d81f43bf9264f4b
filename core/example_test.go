package core_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/logspan/logspan/core"
)

// An adapter's whole job: start the event, add its fields when the span
// records, end it.
func ExampleEmitter() {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	em := core.NewEmitter("example.com/mylogspan", "1.0.0", core.WithTracerProvider(tp))

	ev := em.Start(context.Background(), core.Record{
		Time:    time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC),
		Level:   core.LevelError,
		Message: "payment failed",
	}, nil)
	if ev != nil {
		if ev.Recording() {
			enc := ev.Encoder()
			enc.AddString("order", "A-17")
			enc.AddError("error", errors.New("card declined"))
		}
		ev.End()
	}

	s := rec.Ended()[0]
	fmt.Println(s.Name(), s.StartTime().Format(time.RFC3339), s.Status().Code)
	fmt.Println(s.Events()[0].Name, s.Events()[0].Attributes[1].Value.Emit())
	// Output:
	// payment failed 2026-11-25T09:00:00Z Error
	// exception card declined
}

func ExampleLevel_String() {
	fmt.Println(core.LevelWarn, core.LevelFatal+2, core.Level(0))
	// Output: warn fatal3 level(0)
}

// A nil value is written as Logfire writes None: the JSON null, listed as
// {"type":"null"} in logfire.json_schema.
func ExampleEncoder_AddNull() {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	em := core.NewEmitter("example.com/mylogspan", "1.0.0", core.WithTracerProvider(tp))
	ev := em.Start(context.Background(), core.Record{Level: core.LevelInfo, Message: "lookup"}, nil)
	ev.Encoder().AddNull("user")
	ev.End()
	for _, kv := range rec.Ended()[0].Attributes() {
		if kv.Key == "user" || kv.Key == core.KeyJSONSchema {
			fmt.Println(kv.Key, "=", kv.Value.AsString())
		}
	}
	// Output:
	// logfire.json_schema = {"type":"object","properties":{"user":{"type":"null"}}}
	// user = null
}
