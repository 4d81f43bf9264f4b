package otlpexport_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	coltracepb "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	"google.golang.org/protobuf/proto"

	"github.com/logspan/logspan/otelsetup/otlpexport"
)

// The exporter plugs into a TracerProvider like any SpanExporter; here a
// loopback receiver prints what it gets.
func Example() {
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var req coltracepb.ExportTraceServiceRequest
		if err := proto.Unmarshal(body, &req); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		for _, rs := range req.ResourceSpans {
			for _, ss := range rs.ScopeSpans {
				for _, s := range ss.Spans {
					fmt.Printf("%s %q from %s\n", r.URL.Path, s.Name, ss.Scope.Name)
				}
			}
		}
	}))
	defer receiver.Close()

	exp, err := otlpexport.New(
		otlpexport.WithEndpointURL(receiver.URL+"/v1/traces"),
		otlpexport.WithHeaders(map[string]string{"Authorization": "Bearer token"}),
	)
	if err != nil {
		panic(err)
	}
	tp := sdktrace.NewTracerProvider(
		sdktrace.WithSyncer(exp), // a batcher in production
		sdktrace.WithResource(resource.NewSchemaless(attribute.String("service.name", "example"))),
	)
	_, span := tp.Tracer("example/app").Start(context.Background(), "checkout")
	span.End()
	_ = tp.Shutdown(context.Background()) // shuts the exporter down too

	st := exp.Stats()
	fmt.Println("requests:", st.Requests, "spans exported:", st.SpansExported)
	// Output:
	// /v1/traces "checkout" from example/app
	// requests: 1 spans exported: 1
}
