//go:build !race

package otlpexport_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/logspan/logspan/otelsetup/otlpexport"
)

// TestAllocationBudget: encoding and posting a batch of 512 typical log
// spans allocates a fixed amount per request (the HTTP request, headers,
// the context), not per span: at most 64 allocations per export, 0.125 per
// span. (otlptracehttp: about 39 per span.)
func TestAllocationBudget(t *testing.T) {
	spans := typicalLogSpans()
	for _, tt := range []struct {
		name string
		opts []otlpexport.Option
	}{{"none", nil}, {"gzip", []otlpexport.Option{otlpexport.WithGzip()}}} {
		t.Run(tt.name, func(t *testing.T) {
			e, err := otlpexport.New(append(tt.opts, otlpexport.WithHTTPClient(&http.Client{Transport: nopTransport{}}))...)
			if err != nil {
				t.Fatal(err)
			}
			defer func() { _ = e.Shutdown(context.Background()) }()
			allocs := testing.AllocsPerRun(20, func() {
				if err := e.ExportSpans(context.Background(), spans); err != nil {
					t.Fatal(err)
				}
			})
			if allocs > 64 {
				t.Fatalf("%.0f allocations per export of %d spans, budget 64", allocs, len(spans))
			}
			t.Logf("%.0f allocations per export of %d spans", allocs, len(spans))
		})
	}
}

// TestLogAllocationBudget: the logs exporter has the spans' budget, a
// fixed amount per request, not per record.
func TestLogAllocationBudget(t *testing.T) {
	records := typicalLogRecords()
	for _, tt := range []struct {
		name string
		opts []otlpexport.Option
	}{{"none", nil}, {"gzip", []otlpexport.Option{otlpexport.WithGzip()}}} {
		t.Run(tt.name, func(t *testing.T) {
			e, err := otlpexport.NewLogExporter(append(tt.opts, otlpexport.WithHTTPClient(&http.Client{Transport: nopTransport{}}))...)
			if err != nil {
				t.Fatal(err)
			}
			defer func() { _ = e.Shutdown(context.Background()) }()
			allocs := testing.AllocsPerRun(20, func() {
				if err := e.Export(context.Background(), records); err != nil {
					t.Fatal(err)
				}
			})
			if allocs > 64 {
				t.Fatalf("%.0f allocations per export of %d records, budget 64", allocs, len(records))
			}
			t.Logf("%.0f allocations per export of %d records", allocs, len(records))
		})
	}
}
