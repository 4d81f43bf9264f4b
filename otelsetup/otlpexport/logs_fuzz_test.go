package otlpexport_test

import (
	"context"
	"net/http"
	"testing"
	"unicode/utf8"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/exporters/otlp/otlplog/otlploghttp"
	sdklog "go.opentelemetry.io/otel/sdk/log"
	"google.golang.org/protobuf/proto"

	"github.com/logspan/logspan/otelsetup/otlpexport"
)

// FuzzSameLogsRequest: for records drawn from a fuzzed seed, with a fuzzed
// string as body, key and value, our request decodes and equals
// otlploghttp's.
func FuzzSameLogsRequest(f *testing.F) {
	f.Add(uint64(1), uint8(1), "msg")
	f.Add(uint64(7), uint8(20), "")
	f.Add(uint64(42), uint8(3), "héllo \x00 🎉")
	f.Add(uint64(3), uint8(2), "bad\xff")
	ours, theirs := &keepTransport{}, &keepTransport{}
	ctx := context.Background()
	e, err := otlpexport.NewLogExporter(otlpexport.WithHTTPClient(&http.Client{Transport: ours}))
	if err != nil {
		f.Fatal(err)
	}
	sdk, err := otlploghttp.New(ctx, otlploghttp.WithHTTPClient(&http.Client{Transport: theirs}),
		otlploghttp.WithRetry(otlploghttp.RetryConfig{}))
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { _ = e.Shutdown(ctx); _ = sdk.Shutdown(ctx) })
	f.Fuzz(func(t *testing.T, seed uint64, n uint8, s string) {
		c := newCorpus(seed)
		records := make([]sdklog.Record, 0, n%32+1)
		for range n%32 + 1 {
			r := c.record()
			r.SetBody(attribute.StringValue(s))
			r.AddAttributes(attribute.String(s, s), attribute.StringSlice("s", []string{s}))
			records = append(records, r)
		}
		if err := e.Export(ctx, records); err != nil {
			t.Fatal(err)
		}
		got := decodeLogs(t, ours.last()) // always valid protobuf, valid UTF-8
		if !utf8.ValidString(s) {
			return // otlploghttp cannot marshal it; ours is repaired
		}
		if err := sdk.Export(ctx, records); err != nil {
			t.Fatal(err)
		}
		if want := decodeLogs(t, theirs.last()); !proto.Equal(got, want) {
			t.Fatalf("requests differ\n%s", firstLogDiff(got, want))
		}
	})
}
