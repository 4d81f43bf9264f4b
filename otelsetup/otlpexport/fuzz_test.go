package otlpexport_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"sync"
	"testing"
	"unicode/utf8"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"google.golang.org/protobuf/proto"

	"github.com/logspan/logspan/otelsetup/otlpexport"
)

// keepTransport answers 200 and keeps the last request body, without a
// network.
type keepTransport struct {
	mu   sync.Mutex
	body []byte
}

func (k *keepTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	b, err := io.ReadAll(r.Body)
	_ = r.Body.Close()
	if err != nil {
		return nil, err
	}
	k.mu.Lock()
	k.body = b
	k.mu.Unlock()
	return &http.Response{StatusCode: http.StatusOK, Body: http.NoBody, Header: http.Header{}, Request: r}, nil
}

func (k *keepTransport) last() []byte {
	k.mu.Lock()
	defer k.mu.Unlock()
	return bytes.Clone(k.body)
}

// FuzzSameRequest: for spans drawn from a fuzzed seed, with a fuzzed string
// as name, key and value, our request decodes and equals otlptracehttp's.
func FuzzSameRequest(f *testing.F) {
	f.Add(uint64(1), uint8(1), "msg")
	f.Add(uint64(7), uint8(20), "")
	f.Add(uint64(42), uint8(3), "héllo \x00 🎉")
	f.Add(uint64(3), uint8(2), "bad\xff")
	ours, theirs := &keepTransport{}, &keepTransport{}
	ctx := context.Background()
	e, err := otlpexport.New(otlpexport.WithHTTPClient(&http.Client{Transport: ours}))
	if err != nil {
		f.Fatal(err)
	}
	sdk, err := otlptracehttp.New(ctx, otlptracehttp.WithHTTPClient(&http.Client{Transport: theirs}),
		otlptracehttp.WithRetry(otlptracehttp.RetryConfig{}))
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { _ = e.Shutdown(ctx); _ = sdk.Shutdown(ctx) })
	f.Fuzz(func(t *testing.T, seed uint64, n uint8, s string) {
		c := newCorpus(seed)
		stubs := make([]sdktrace.ReadOnlySpan, 0, n%32+1)
		for range n%32 + 1 {
			st := c.span()
			st.Name = s
			st.Attributes = append(st.Attributes, attribute.String(s, s), attribute.StringSlice("s", []string{s}))
			stubs = append(stubs, st.Snapshot())
		}
		if err := e.ExportSpans(ctx, stubs); err != nil {
			t.Fatal(err)
		}
		got := decode(t, ours.last()) // always valid protobuf, valid UTF-8
		if !utf8.ValidString(s) {
			return // otlptracehttp cannot marshal it; ours is repaired
		}
		if err := sdk.ExportSpans(ctx, stubs); err != nil {
			t.Fatal(err)
		}
		if want := decode(t, theirs.last()); !proto.Equal(got, want) {
			t.Fatalf("requests differ\n%s", firstDiff(got, want))
		}
	})
}
