package otlpexport_test

import (
	"context"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/sdk/instrumentation"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	coltracepb "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	"google.golang.org/protobuf/encoding/prototext"
	"google.golang.org/protobuf/proto"

	"github.com/logspan/logspan/otelsetup/otlpexport"
)

// sameAsSDK sends spans through otlptracehttp and through our exporter and
// fails unless both requests decode to the same message.
func sameAsSDK(t *testing.T, spans []sdktrace.ReadOnlySpan, gzip bool) {
	t.Helper()
	srv := newCapture(t, nil)
	var sdkOpts []otlptracehttp.Option
	var ourOpts []otlpexport.Option
	if gzip {
		sdkOpts = append(sdkOpts, otlptracehttp.WithCompression(otlptracehttp.GzipCompression))
		ourOpts = append(ourOpts, otlpexport.WithGzip())
	}
	ctx := context.Background()
	if err := newSDK(t, srv.url(), sdkOpts...).ExportSpans(ctx, spans); err != nil {
		t.Fatalf("otlptracehttp: %v", err)
	}
	want := srv.last(t)
	if err := newOurs(t, srv.url(), ourOpts...).ExportSpans(ctx, spans); err != nil {
		t.Fatalf("otlpexport: %v", err)
	}
	got := srv.last(t)
	if reqs := srv.requests(); len(reqs) != 2 {
		t.Fatalf("got %d requests, want 2", len(reqs))
	}
	if !proto.Equal(got, want) {
		t.Fatalf("requests differ\n%s", firstDiff(got, want))
	}
}

// firstDiff shows the first span (or the request) that differs.
func firstDiff(got, want *coltracepb.ExportTraceServiceRequest) string {
	if len(got.ResourceSpans) == len(want.ResourceSpans) {
		for i, g := range got.ResourceSpans {
			w := want.ResourceSpans[i]
			if !proto.Equal(g.Resource, w.Resource) || g.SchemaUrl != w.SchemaUrl || len(g.ScopeSpans) != len(w.ScopeSpans) {
				return "resource " + prototext.Format(g.Resource) + "\nwant\n" + prototext.Format(w.Resource)
			}
			for j, gs := range g.ScopeSpans {
				ws := w.ScopeSpans[j]
				if len(gs.Spans) != len(ws.Spans) || !proto.Equal(gs.Scope, ws.Scope) || gs.SchemaUrl != ws.SchemaUrl {
					return "scope " + prototext.Format(gs.Scope) + "\nwant\n" + prototext.Format(ws.Scope)
				}
				for k, sp := range gs.Spans {
					if !proto.Equal(sp, ws.Spans[k]) {
						return "span\n" + prototext.Format(sp) + "\nwant\n" + prototext.Format(ws.Spans[k])
					}
				}
			}
		}
	}
	return prototext.Format(got) + "\nwant\n" + prototext.Format(want)
}

// TestSameRequestAsOTLPTraceHTTP is the differential test: a generated
// corpus varying every span field decodes to exactly what otlptracehttp
// sends for the same spans, with and without gzip, in batches of several
// sizes mixing resources and scopes.
func TestSameRequestAsOTLPTraceHTTP(t *testing.T) {
	sizes := []int{1, 2, 7, 64, 512}
	var total int
	for seed := range uint64(30) {
		c := newCorpus(seed)
		n := sizes[seed%uint64(len(sizes))]
		spans := c.batch(n)
		total += n
		sameAsSDK(t, spans, seed%2 == 1)
		if t.Failed() {
			t.Fatalf("seed %d", seed)
		}
	}
	t.Logf("%d spans compared", total)
}

// TestSameRequestNilAndEmpty covers nil spans in a batch (skipped by both)
// and a batch with no span (no request from either).
func TestSameRequestNilAndEmpty(t *testing.T) {
	c := newCorpus(99)
	spans := c.batch(3)
	sameAsSDK(t, []sdktrace.ReadOnlySpan{nil, spans[0], nil, spans[1], spans[2]}, false)

	srv := newCapture(t, nil)
	e := newOurs(t, srv.url())
	for _, batch := range [][]sdktrace.ReadOnlySpan{nil, {}, {nil, nil}} {
		if err := e.ExportSpans(context.Background(), batch); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(srv.requests()); n != 0 {
		t.Fatalf("%d requests for no span, want 0", n)
	}
}

// TestSameRequestRealProvider compares spans made by a real TracerProvider.
func TestSameRequestRealProvider(t *testing.T) {
	rec := tracetestRecorder(t)
	sameAsSDK(t, rec, true)
}

// TestSameRequestHugeValues covers lengths needing 4-byte varints, at the
// attribute, span, scope and resource levels.
func TestSameRequestHugeValues(t *testing.T) {
	big := strings.Repeat("0123456789", 1<<18) // 2.5 MiB
	stubs := tracetest.SpanStubs{
		{Name: "big", Attributes: []attribute.KeyValue{attribute.String("big", big), attribute.StringSlice("s", []string{big[:300], ""})}},
		{Name: "small"},
	}
	sameAsSDK(t, stubs.Snapshots(), false)
}

// TestInvalidUTF8Repaired: protobuf strings must be UTF-8. otlptracehttp
// fails the whole export on such a string; this exporter repairs it (each
// invalid run becomes U+FFFD) so that the batch is delivered.
func TestInvalidUTF8Repaired(t *testing.T) {
	spans := tracetest.SpanStubs{{
		Name: "bad\xffname",
		Attributes: []attribute.KeyValue{
			attribute.String("k\xfe", "v\xc3"),
			attribute.StringSlice("s", []string{"ok", "\xff\xff"}),
		},
		Status:               sdktrace.Status{Code: codes.Error, Description: "x\x80"},
		InstrumentationScope: instrumentation.Scope{Name: "s\xff"},
	}}.Snapshots()
	srv := newCapture(t, nil)
	if err := newSDK(t, srv.url()).ExportSpans(context.Background(), spans); err == nil {
		t.Log("otlptracehttp now accepts invalid UTF-8")
	}
	if err := newOurs(t, srv.url()).ExportSpans(context.Background(), spans); err != nil {
		t.Fatal(err)
	}
	got := srv.last(t) // proto.Unmarshal checks UTF-8
	ss := got.ResourceSpans[0].ScopeSpans[0]
	sp := ss.Spans[0]
	if ss.Scope.Name != "s\uFFFD" || sp.Name != "bad\uFFFDname" || sp.Status.Message != "x\uFFFD" ||
		sp.Attributes[0].Key != "k\uFFFD" || sp.Attributes[0].Value.GetStringValue() != "v\uFFFD" ||
		sp.Attributes[1].Value.GetArrayValue().Values[1].GetStringValue() != "\uFFFD" {
		t.Fatalf("not repaired:\n%s", prototext.Format(got))
	}
}
