package otelsetup_test

import (
	"context"
	"fmt"

	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/logspan/logspan/otelsetup"
)

// A span sends its pending span when it starts, so a backend such as
// Logfire shows it while it runs, and knows the parent of its logs if the
// process dies before the span ends.
func ExampleWithPendingSpans() {
	exp := tracetest.NewInMemoryExporter()
	p, err := otelsetup.New(context.Background(),
		otelsetup.WithEnv(func(string) (string, bool) { return "", false }),
		otelsetup.WithExporter(exp),
		otelsetup.WithPendingSpans(true))
	if err != nil {
		panic(err)
	}
	ctx := context.Background()
	_, span := p.TracerProvider().Tracer("example").Start(ctx, "GET /report")
	_ = p.ForceFlush(ctx) // the request still runs
	span.End()
	_ = p.ForceFlush(ctx)
	for _, s := range exp.GetSpans() {
		kind := "span"
		for _, kv := range s.Attributes {
			if kv.Key == "logfire.span_type" {
				kind = kv.Value.AsString()
			}
		}
		fmt.Println(s.Name, kind, s.StartTime.Equal(s.EndTime))
	}
	_ = p.Shutdown(ctx)
	// Output:
	// GET /report pending_span true
	// GET /report span false
}
