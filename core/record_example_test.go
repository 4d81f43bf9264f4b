package core_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"go.opentelemetry.io/otel/attribute"
	sdklog "go.opentelemetry.io/otel/sdk/log"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/core"
	"github.com/logspan/logspan/core/spantest"
)

// The same adapter code makes a log record instead of a span when the
// emitter is built with logspan.WithLogsAs(logspan.LogsAsRecords): the
// record carries the span's content in the log data model, and the ids of
// the span in the log's context.
func ExampleEmitter_records() {
	rec := spantest.NewLogRecorder()
	lp := sdklog.NewLoggerProvider(sdklog.WithProcessor(rec))
	tp := sdktrace.NewTracerProvider()
	em := core.NewEmitter("example.com/mylogspan", "1.0.0",
		logspan.WithLogsAs(logspan.LogsAsRecords), logspan.WithLoggerProvider(lp), core.WithTracerProvider(tp))

	ctx, request := tp.Tracer("example").Start(context.Background(), "GET /pay")
	ev := em.Start(ctx, core.Record{
		Time:    time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC),
		Level:   core.LevelError,
		Message: "payment failed",
	}, nil)
	if ev != nil {
		if ev.Recording() {
			enc := ev.Encoder()
			enc.AddString("order", "A-17")
			enc.AddString("password", "hunter2")
			enc.AddError("error", errors.New("card declined"))
		}
		ids := ev.End()
		fmt.Println("ids are the request's:", ids.SpanID() == request.SpanContext().SpanID())
	}

	r := rec.Records()[0]
	fmt.Println(r.Timestamp().Format(time.RFC3339), r.Severity(), r.SeverityText(), r.Body().AsString())
	fmt.Println("span id is the request's:", r.SpanID() == request.SpanContext().SpanID())
	r.WalkAttributes(func(kv attribute.KeyValue) bool {
		fmt.Printf("%s=%s\n", kv.Key, kv.Value.Emit())
		return true
	})
	// Output:
	// ids are the request's: true
	// 2026-12-02T09:00:00Z ERROR error payment failed
	// span id is the request's: true
	// logfire.span_type=log
	// logfire.level_num=17
	// log.level=error
	// logfire.msg_template=payment failed
	// logfire.msg=payment failed
	// logfire.scrubbed=[{"path": ["attributes", "password"], "matched_substring": "password"}]
	// logfire.json_schema={"type":"object","properties":{"order":{},"password":{},"error":{}}}
	// order=A-17
	// password=[Scrubbed due to 'password']
	// error=card declined
	// exception.type=*errors.errorString
	// exception.message=card declined
}
