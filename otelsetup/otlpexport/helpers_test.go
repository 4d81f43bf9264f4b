package otlpexport_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"math"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/sdk/instrumentation"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
	coltracepb "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
	"google.golang.org/protobuf/proto"

	"github.com/logspan/logspan/otelsetup/otlpexport"
)

// request is one request a capture server received.
type request struct {
	header http.Header
	body   []byte // decompressed
	wire   int    // body bytes as sent
}

// capture is an OTLP/HTTP receiver keeping every request. respond, when
// set, answers the n-th request (0-based); otherwise 200 with an empty body.
type capture struct {
	srv     *httptest.Server
	mu      sync.Mutex
	reqs    []request
	respond func(w http.ResponseWriter, n int)
}

func newCapture(t testing.TB, respond func(w http.ResponseWriter, n int)) *capture {
	t.Helper()
	c := &capture{respond: respond}
	c.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		body := raw
		if r.Header.Get("Content-Encoding") == "gzip" {
			zr, err := gzip.NewReader(bytes.NewReader(raw))
			if err != nil {
				http.Error(w, err.Error(), http.StatusBadRequest)
				return
			}
			if body, err = io.ReadAll(zr); err != nil {
				http.Error(w, err.Error(), http.StatusBadRequest)
				return
			}
		}
		c.mu.Lock()
		n := len(c.reqs)
		c.reqs = append(c.reqs, request{header: r.Header.Clone(), body: body, wire: len(raw)})
		c.mu.Unlock()
		if c.respond != nil {
			c.respond(w, n)
			return
		}
		w.Header().Set("Content-Type", "application/x-protobuf")
		w.WriteHeader(http.StatusOK)
	}))
	t.Cleanup(c.srv.Close)
	return c
}

func (c *capture) url() string { return c.srv.URL + "/v1/traces" }

func (c *capture) requests() []request {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.reqs)
}

// last returns the body of the last request, decoded.
func (c *capture) last(t testing.TB) *coltracepb.ExportTraceServiceRequest {
	t.Helper()
	reqs := c.requests()
	if len(reqs) == 0 {
		t.Fatal("no request received")
	}
	return decode(t, reqs[len(reqs)-1].body)
}

func decode(t testing.TB, b []byte) *coltracepb.ExportTraceServiceRequest {
	t.Helper()
	var req coltracepb.ExportTraceServiceRequest
	if err := proto.Unmarshal(b, &req); err != nil {
		t.Fatalf("request does not decode: %v", err)
	}
	canonical(&req)
	return &req
}

// canonical sorts the ResourceSpans of req by resource: otlptracehttp
// emits them in map order, which carries no meaning.
func canonical(req *coltracepb.ExportTraceServiceRequest) {
	key := func(rs *tracepb.ResourceSpans) []byte {
		b, _ := proto.MarshalOptions{Deterministic: true}.Marshal(rs.GetResource())
		return append(b, rs.GetSchemaUrl()...)
	}
	slices.SortStableFunc(req.ResourceSpans, func(a, b *tracepb.ResourceSpans) int {
		return bytes.Compare(key(a), key(b))
	})
}

// newOurs returns an exporter to url, shut down at the end of the test.
func newOurs(t testing.TB, url string, opts ...otlpexport.Option) *otlpexport.Exporter {
	t.Helper()
	e, err := otlpexport.New(append([]otlpexport.Option{otlpexport.WithEndpointURL(url)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := e.Shutdown(context.Background()); err != nil {
			t.Error(err)
		}
	})
	return e
}

// newSDK returns otlptracehttp's exporter to url, with its own transport
// closed at the end of the test.
func newSDK(t testing.TB, url string, opts ...otlptracehttp.Option) sdktrace.SpanExporter {
	t.Helper()
	tr := http.DefaultTransport.(*http.Transport).Clone()
	e, err := otlptracehttp.New(context.Background(), append([]otlptracehttp.Option{
		otlptracehttp.WithEndpointURL(url),
		otlptracehttp.WithHTTPClient(&http.Client{Transport: tr}),
		otlptracehttp.WithRetry(otlptracehttp.RetryConfig{Enabled: false}),
	}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = e.Shutdown(context.Background())
		tr.CloseIdleConnections()
	})
	return e
}

// corpus generates spans varying every field the OTLP transform reads.
type corpus struct {
	r         *rand.Rand
	resources []*resource.Resource
	scopes    []instrumentation.Scope
}

func newCorpus(seed uint64) *corpus {
	c := &corpus{r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
	c.resources = []*resource.Resource{
		nil,
		resource.Empty(),
		resource.NewSchemaless(attribute.String("service.name", "api"), attribute.Int("pid", 42)),
		resource.NewWithAttributes("https://opentelemetry.io/schemas/1.26.0",
			attribute.String("service.name", "worker"), attribute.StringSlice("host.ips", []string{"10.0.0.1", ""}),
			attribute.Bool("débug", true), attribute.Float64("ratio", 0.25)),
		resource.NewWithAttributes("https://example.com/schema",
			attribute.String("service.name", "日本語サービス")),
	}
	c.scopes = []instrumentation.Scope{
		{},
		{Name: "github.com/logspan/logspan/core"},
		{Name: "github.com/logspan/logspan/core", Version: "v0.1.0", SchemaURL: "https://opentelemetry.io/schemas/1.26.0"},
		{Name: "net/http", Version: "1", Attributes: attribute.NewSet(attribute.String("scope.k", "v"), attribute.Int64("n", -1))},
		{Version: "only-version"},
	}
	return c
}

func (c *corpus) pick(n int) int { return c.r.IntN(n) }

func (c *corpus) str() string {
	switch c.pick(8) {
	case 0:
		return ""
	case 1:
		return "héllo wörld ✓ 🎉 日本語"
	case 2:
		return strings.Repeat("long-value-", 20+c.pick(40)) // > 127 bytes: multi-byte lengths
	case 3:
		if c.pick(8) == 0 {
			return strings.Repeat("x", 1<<14+c.pick(100)) // 3-byte length varint
		}
		return "\u00e9t\u00e9"
	case 4:
		return "\x00ctl\ttab\nnl"
	default:
		return "v" + string(rune('a'+c.pick(26)))
	}
}

func (c *corpus) float() float64 {
	return []float64{0, math.Copysign(0, -1), 1.5, -2.25e-300, math.MaxFloat64, math.Inf(1), math.Inf(-1), math.NaN(), c.r.NormFloat64()}[c.pick(9)]
}

func (c *corpus) int64() int64 {
	return []int64{0, 1, -1, 127, 128, math.MaxInt64, math.MinInt64, c.r.Int64()}[c.pick(8)]
}

func (c *corpus) value(depth int) attribute.Value {
	n := c.pick(4) // slice lengths: 0..3
	switch c.pick(13) {
	case 0:
		return attribute.Value{}
	case 1:
		return attribute.BoolValue(c.pick(2) == 0)
	case 2:
		return attribute.Int64Value(c.int64())
	case 3:
		return attribute.Float64Value(c.float())
	case 4, 5:
		return attribute.StringValue(c.str())
	case 6:
		v := make([]bool, n)
		for i := range v {
			v[i] = c.pick(2) == 0
		}
		return attribute.BoolSliceValue(v)
	case 7:
		v := make([]int64, n)
		for i := range v {
			v[i] = c.int64()
		}
		return attribute.Int64SliceValue(v)
	case 8:
		v := make([]float64, n)
		for i := range v {
			v[i] = c.float()
		}
		return attribute.Float64SliceValue(v)
	case 9:
		v := make([]string, n)
		for i := range v {
			v[i] = c.str()
		}
		return attribute.StringSliceValue(v)
	case 10:
		if c.pick(3) == 0 {
			return attribute.ByteSliceValue(nil)
		}
		return attribute.ByteSliceValue([]byte(c.str()))
	case 11:
		if depth > 3 {
			return attribute.SliceValue()
		}
		v := make([]attribute.Value, n+c.pick(5)) // past the 5-element fast path too
		for i := range v {
			v[i] = c.value(depth + 1)
		}
		return attribute.SliceValue(v...)
	default:
		if depth > 3 {
			return attribute.MapValue()
		}
		v := make([]attribute.KeyValue, n+c.pick(5))
		for i := range v {
			v[i] = attribute.KeyValue{Key: attribute.Key(c.str()), Value: c.value(depth + 1)}
		}
		return attribute.MapValue(v...)
	}
}

func (c *corpus) attrs(max int) []attribute.KeyValue {
	n := c.pick(max + 1)
	if n == 0 && c.pick(2) == 0 {
		return nil
	}
	kvs := make([]attribute.KeyValue, n)
	for i := range kvs {
		kvs[i] = attribute.KeyValue{Key: attribute.Key(c.str()), Value: c.value(0)}
	}
	return kvs
}

func (c *corpus) time() time.Time {
	switch c.pick(5) {
	case 0:
		return time.Time{}
	case 1:
		return time.Unix(0, 0)
	case 2:
		return time.Date(1969, 7, 20, 20, 17, 0, 0, time.UTC) // before the epoch: 0
	case 3:
		return time.Date(2262, 1, 1, 0, 0, 0, 0, time.UTC)
	default:
		return time.Unix(1_700_000_000+c.r.Int64N(1e8), c.r.Int64N(1e9))
	}
}

func (c *corpus) traceState() trace.TraceState {
	ts, err := trace.ParseTraceState([]string{"", "a=1", "vendor@tenant=x y,b=2,c-d=ok"}[c.pick(3)])
	if err != nil {
		panic(err)
	}
	return ts
}

func (c *corpus) spanContext() trace.SpanContext {
	var cfg trace.SpanContextConfig
	if c.pick(6) != 0 {
		for i := range cfg.TraceID {
			cfg.TraceID[i] = byte(c.r.Uint32())
		}
		for i := range cfg.SpanID {
			cfg.SpanID[i] = byte(c.r.Uint32())
		}
	}
	cfg.TraceFlags = trace.TraceFlags([]byte{0, 1, 0xff, 0x02}[c.pick(4)])
	cfg.TraceState = c.traceState()
	cfg.Remote = c.pick(2) == 0
	return trace.NewSpanContext(cfg)
}

func (c *corpus) count() int {
	return []int{0, 0, 0, 1, 127, 128, -5, math.MaxUint32 + 10}[c.pick(8)]
}

func (c *corpus) span() tracetest.SpanStub {
	s := tracetest.SpanStub{
		Name:                 c.str(),
		SpanContext:          c.spanContext(),
		SpanKind:             trace.SpanKind(c.pick(7)), // 6 is not a kind: UNSPECIFIED
		StartTime:            c.time(),
		EndTime:              c.time(),
		Attributes:           c.attrs(12),
		DroppedAttributes:    c.count(),
		DroppedEvents:        c.count(),
		DroppedLinks:         c.count(),
		Resource:             c.resources[c.pick(len(c.resources))],
		InstrumentationScope: c.scopes[c.pick(len(c.scopes))],
	}
	if c.pick(3) != 0 {
		s.Parent = c.spanContext()
	}
	s.Status = sdktrace.Status{Code: codes.Code(c.pick(4)), Description: c.str()} // 3 is not a code: UNSET
	for range c.pick(4) {
		s.Events = append(s.Events, sdktrace.Event{Name: c.str(), Attributes: c.attrs(4), DroppedAttributeCount: c.count(), Time: c.time()})
	}
	for range c.pick(4) {
		s.Links = append(s.Links, sdktrace.Link{SpanContext: c.spanContext(), Attributes: c.attrs(4), DroppedAttributeCount: c.count()})
	}
	return s
}

func (c *corpus) batch(n int) []sdktrace.ReadOnlySpan {
	stubs := make(tracetest.SpanStubs, n)
	for i := range stubs {
		stubs[i] = c.span()
	}
	return stubs.Snapshots()
}
