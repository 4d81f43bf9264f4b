package otlpexport_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	coltracepb "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"

	"github.com/logspan/logspan/otelsetup/otlpexport"
)

// fastRetry retries quickly so that tests take milliseconds.
var fastRetry = otlpexport.WithRetry(otlpexport.RetryConfig{
	Enabled: true, InitialInterval: time.Millisecond, MaxInterval: 5 * time.Millisecond,
})

func logSpans(n int) []sdktrace.ReadOnlySpan {
	stubs := make(tracetest.SpanStubs, n)
	for i := range stubs {
		stubs[i] = tracetest.SpanStub{Name: fmt.Sprintf("log %d", i), Attributes: []attribute.KeyValue{attribute.Int("i", i)}}
	}
	return stubs.Snapshots()
}

func countSpans(req *coltracepb.ExportTraceServiceRequest) int {
	var n int
	for _, rs := range req.ResourceSpans {
		for _, ss := range rs.ScopeSpans {
			n += len(ss.Spans)
		}
	}
	return n
}

func answer(code int, header ...string) func(http.ResponseWriter, int) {
	return func(w http.ResponseWriter, _ int) {
		for i := 0; i+1 < len(header); i += 2 {
			w.Header().Set(header[i], header[i+1])
		}
		w.WriteHeader(code)
	}
}

// sequence answers request n with steps[n], the last step thereafter.
func sequence(steps ...func(http.ResponseWriter, int)) func(http.ResponseWriter, int) {
	return func(w http.ResponseWriter, n int) { steps[min(n, len(steps)-1)](w, n) }
}

func TestNewRejectsBadConfig(t *testing.T) {
	tests := []struct {
		name string
		give []otlpexport.Option
	}{
		{"unparsable URL", []otlpexport.Option{otlpexport.WithEndpointURL("http://[::1")}},
		{"no scheme", []otlpexport.Option{otlpexport.WithEndpointURL("localhost:4318/v1/traces")}},
		{"ftp", []otlpexport.Option{otlpexport.WithEndpointURL("ftp://h/v1/traces")}},
		{"header name", []otlpexport.Option{otlpexport.WithHeaders(map[string]string{"Bad Name": "v"})}},
		{"header value", []otlpexport.Option{otlpexport.WithHeaders(map[string]string{"X-A": "v\r\nInjected: 1"})}},
		{"user agent", []otlpexport.Option{otlpexport.WithUserAgent("a\nb")}},
		{"gzip level", []otlpexport.Option{otlpexport.WithGzipLevel(42)}},
		{"client and TLS", []otlpexport.Option{otlpexport.WithHTTPClient(http.DefaultClient), otlpexport.WithTLSConfig(&tls.Config{})}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if e, err := otlpexport.New(tt.give...); err == nil {
				_ = e.Shutdown(context.Background())
				t.Fatal("New succeeded")
			}
		})
	}
}

func TestGzip(t *testing.T) {
	for _, tt := range []struct {
		name string
		opts []otlpexport.Option
	}{
		{"none", nil},
		{"gzip", []otlpexport.Option{otlpexport.WithGzip()}},
		{"gzip-best-speed", []otlpexport.Option{otlpexport.WithGzipLevel(gzip.BestSpeed)}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := newCapture(t, nil)
			opts, gz := tt.opts, tt.opts != nil
			e := newOurs(t, srv.url(), opts...)
			spans := logSpans(100)
			if err := e.ExportSpans(context.Background(), spans); err != nil {
				t.Fatal(err)
			}
			r := srv.requests()[0]
			if got := r.header.Get("Content-Encoding") == "gzip"; got != gz {
				t.Fatalf("Content-Encoding %q, gzip %v", r.header.Get("Content-Encoding"), gz)
			}
			if gz && r.wire >= len(r.body) {
				t.Fatalf("gzip sent %d bytes for %d", r.wire, len(r.body))
			}
			if n := countSpans(decode(t, r.body)); n != 100 {
				t.Fatalf("%d spans, want 100", n)
			}
			st := e.Stats()
			if st.BytesSent != uint64(r.wire) || st.BytesEncoded != uint64(len(r.body)) {
				t.Fatalf("stats %+v, request %d wire / %d bytes", st, r.wire, len(r.body))
			}
		})
	}
}

func TestHeaders(t *testing.T) {
	srv := newCapture(t, nil)
	e := newOurs(t, srv.url(), otlpexport.WithHeaders(map[string]string{
		"Authorization": "Bearer t0k", "X-Tenant": "a", "Content-Type": "text/plain", "Content-Encoding": "br",
	}))
	if err := e.ExportSpans(context.Background(), logSpans(1)); err != nil {
		t.Fatal(err)
	}
	h := srv.requests()[0].header
	for k, want := range map[string]string{
		"Authorization":    "Bearer t0k",
		"X-Tenant":         "a",
		"Content-Type":     "application/x-protobuf",
		"Content-Encoding": "",
		"User-Agent":       "logspan-otlpexport/" + otlpexport.Version,
	} {
		if got := h.Get(k); got != want {
			t.Errorf("%s: %q, want %q", k, got, want)
		}
	}

	e2 := newOurs(t, srv.url(), otlpexport.WithUserAgent("app/2"))
	if err := e2.ExportSpans(context.Background(), logSpans(1)); err != nil {
		t.Fatal(err)
	}
	if got := srv.requests()[1].header.Get("User-Agent"); got != "app/2" {
		t.Errorf("User-Agent %q, want app/2", got)
	}
}

func TestRetryHonoursRetryAfter(t *testing.T) {
	var times []time.Time
	var mu sync.Mutex
	mark := func(next func(http.ResponseWriter, int)) func(http.ResponseWriter, int) {
		return func(w http.ResponseWriter, n int) {
			mu.Lock()
			times = append(times, time.Now())
			mu.Unlock()
			next(w, n)
		}
	}
	srv := newCapture(t, sequence(mark(answer(http.StatusTooManyRequests, "Retry-After", "1")), mark(answer(http.StatusOK))))
	e := newOurs(t, srv.url(), fastRetry)
	if err := e.ExportSpans(context.Background(), logSpans(3)); err != nil {
		t.Fatal(err)
	}
	if len(times) != 2 {
		t.Fatalf("%d requests, want 2", len(times))
	}
	if d := times[1].Sub(times[0]); d < 900*time.Millisecond {
		t.Fatalf("retried after %v, Retry-After said 1s", d)
	}
	if st := e.Stats(); st.Retries != 1 || st.Requests != 2 || st.SpansExported != 3 || st.SpansFailed != 0 {
		t.Fatalf("stats %+v", st)
	}
	if !proto.Equal(decode(t, srv.requests()[0].body), decode(t, srv.requests()[1].body)) {
		t.Fatal("the retry sent another body")
	}
}

func TestRetryOnRetryableStatus(t *testing.T) {
	for _, code := range []int{http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout} {
		t.Run(fmt.Sprint(code), func(t *testing.T) {
			srv := newCapture(t, sequence(answer(code), answer(code), answer(http.StatusOK)))
			e := newOurs(t, srv.url(), fastRetry, otlpexport.WithGzip())
			if err := e.ExportSpans(context.Background(), logSpans(2)); err != nil {
				t.Fatal(err)
			}
			if n := len(srv.requests()); n != 3 {
				t.Fatalf("%d requests, want 3", n)
			}
			if st := e.Stats(); st.Retries != 2 || st.SpansExported != 2 {
				t.Fatalf("stats %+v", st)
			}
		})
	}
}

func TestNoRetryOn400(t *testing.T) {
	// google.rpc.Status{code: 3, message: "..."}, as a collector answers.
	rpc := protowire.AppendTag(nil, 1, protowire.VarintType)
	rpc = protowire.AppendVarint(rpc, 3)
	rpc = protowire.AppendTag(rpc, 2, protowire.BytesType)
	rpc = protowire.AppendString(rpc, "span 7: invalid trace_id")
	tests := []struct {
		name        string
		contentType string
		body        []byte
		want        string
	}{
		{"google.rpc.Status", "application/x-protobuf", rpc, "span 7: invalid trace_id"},
		{"text", "text/plain", []byte("  bad\x00request\n"), "bad request"},
		{"huge", "text/plain", bytes.Repeat([]byte("é"), 1<<20), strings.Repeat("é", 512) + "…"},
		{"invalid UTF-8", "text/plain", []byte("a\xffb"), "a\uFFFDb"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newCapture(t, func(w http.ResponseWriter, _ int) {
				w.Header().Set("Content-Type", tt.contentType)
				w.WriteHeader(http.StatusBadRequest)
				_, _ = w.Write(tt.body)
			})
			e := newOurs(t, srv.url(), fastRetry)
			err := e.ExportSpans(context.Background(), logSpans(4))
			var herr *otlpexport.HTTPError
			if !errors.As(err, &herr) {
				t.Fatalf("error %v, want *HTTPError", err)
			}
			if herr.StatusCode != http.StatusBadRequest || herr.Message != tt.want || herr.Retryable() {
				t.Fatalf("got %d %q (retryable %v), want 400 %q", herr.StatusCode, herr.Message, herr.Retryable(), tt.want)
			}
			if n := len(srv.requests()); n != 1 {
				t.Fatalf("%d requests, want 1 (no retry)", n)
			}
			if st := e.Stats(); st.ExportsFailed != 1 || st.SpansFailed != 4 || st.Retries != 0 {
				t.Fatalf("stats %+v", st)
			}
		})
	}
}

func TestRetryAfterPastDeadlineGivesUp(t *testing.T) {
	srv := newCapture(t, answer(http.StatusServiceUnavailable, "Retry-After", "30"))
	e := newOurs(t, srv.url(), fastRetry, otlpexport.WithTimeout(2*time.Second))
	start := time.Now()
	err := e.ExportSpans(context.Background(), logSpans(1))
	var herr *otlpexport.HTTPError
	if !errors.As(err, &herr) || herr.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("error %v, want the 503", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Fatalf("took %v: waited for a Retry-After past the deadline", d)
	}
	if n := len(srv.requests()); n != 1 {
		t.Fatalf("%d requests, want 1", n)
	}
}

func TestTimeoutBoundsRetries(t *testing.T) {
	srv := newCapture(t, answer(http.StatusServiceUnavailable))
	e := newOurs(t, srv.url(), otlpexport.WithTimeout(300*time.Millisecond), otlpexport.WithRetry(otlpexport.RetryConfig{
		Enabled: true, InitialInterval: 20 * time.Millisecond, MaxInterval: 40 * time.Millisecond,
	}))
	start := time.Now()
	if err := e.ExportSpans(context.Background(), logSpans(1)); err == nil {
		t.Fatal("export succeeded")
	}
	if d := time.Since(start); d > 2*time.Second { // generous: the machine may be loaded
		t.Fatalf("took %v, timeout 300ms", d)
	}
	if n := len(srv.requests()); n < 2 {
		t.Fatalf("%d requests: no retries within the timeout", n)
	}
}

// hang is a handler that answers only when the client goes away; it
// signals arrived (when not nil) on each request.
func hang(release <-chan struct{}, arrived chan<- struct{}) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if arrived != nil {
			select {
			case arrived <- struct{}{}:
			default:
			}
		}
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}
}

func newHangServer(t *testing.T, arrived chan<- struct{}) *httptest.Server {
	t.Helper()
	release := make(chan struct{})
	srv := httptest.NewServer(hang(release, arrived))
	t.Cleanup(func() { close(release); srv.Close() })
	return srv
}

func TestTimeoutHonoured(t *testing.T) {
	srv := newHangServer(t, nil)
	e := newOurs(t, srv.URL+"/v1/traces", otlpexport.WithTimeout(200*time.Millisecond))
	start := time.Now()
	err := e.ExportSpans(context.Background(), logSpans(1))
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("error %v, want deadline exceeded", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Fatalf("took %v, timeout 200ms", d)
	}
	if st := e.Stats(); st.ExportsFailed != 1 || st.Retries != 0 {
		t.Fatalf("stats %+v", st)
	}
}

func TestContextCancel(t *testing.T) {
	srv := newHangServer(t, nil)
	e := newOurs(t, srv.URL+"/v1/traces")
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	start := time.Now()
	err := e.ExportSpans(ctx, logSpans(1))
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error %v, want canceled", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Fatalf("took %v after a cancel at 100ms", d)
	}
}

func TestPartialSuccess(t *testing.T) {
	resp, err := proto.Marshal(&coltracepb.ExportTraceServiceResponse{
		PartialSuccess: &coltracepb.ExportTracePartialSuccess{RejectedSpans: 2, ErrorMessage: "2 spans too old"},
	})
	if err != nil {
		t.Fatal(err)
	}
	srv := newCapture(t, func(w http.ResponseWriter, _ int) {
		w.Header().Set("Content-Type", "application/x-protobuf")
		_, _ = w.Write(resp)
	})
	e := newOurs(t, srv.url(), fastRetry)
	err = e.ExportSpans(context.Background(), logSpans(5))
	var ps *otlpexport.PartialSuccessError
	if !errors.As(err, &ps) || ps.RejectedSpans != 2 || ps.Message != "2 spans too old" {
		t.Fatalf("error %v, want partial success of 2", err)
	}
	if n := len(srv.requests()); n != 1 {
		t.Fatalf("%d requests, want 1", n)
	}
	if st := e.Stats(); st.SpansRejected != 2 || st.SpansExported != 3 || st.ExportsFailed != 0 {
		t.Fatalf("stats %+v", st)
	}
}

func TestSuccessBodiesIgnored(t *testing.T) {
	empty, _ := proto.Marshal(&coltracepb.ExportTraceServiceResponse{PartialSuccess: &coltracepb.ExportTracePartialSuccess{}})
	for name, respond := range map[string]func(http.ResponseWriter, int){
		"empty partial success": func(w http.ResponseWriter, _ int) {
			w.Header().Set("Content-Type", "application/x-protobuf")
			_, _ = w.Write(empty)
		},
		"garbage protobuf, 4 MiB": func(w http.ResponseWriter, _ int) {
			w.Header().Set("Content-Type", "application/x-protobuf")
			_, _ = w.Write(bytes.Repeat([]byte{0xff}, 4<<20))
		},
		"json": func(w http.ResponseWriter, _ int) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{"partialSuccess":{}}`))
		},
	} {
		t.Run(name, func(t *testing.T) {
			srv := newCapture(t, respond)
			if err := newOurs(t, srv.url()).ExportSpans(context.Background(), logSpans(1)); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestNetworkErrorRetried drops the first connection without an answer.
func TestNetworkErrorRetried(t *testing.T) {
	srv := newCapture(t, sequence(func(w http.ResponseWriter, _ int) {
		conn, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			_ = conn.Close()
		}
	}, answer(http.StatusOK)))
	e := newOurs(t, srv.url(), fastRetry)
	if err := e.ExportSpans(context.Background(), logSpans(2)); err != nil {
		t.Fatal(err)
	}
	if n := len(srv.requests()); n != 2 {
		t.Fatalf("%d requests, want 2", n)
	}
	if st := e.Stats(); st.Retries != 1 || st.SpansExported != 2 {
		t.Fatalf("stats %+v", st)
	}
}

func TestTLS(t *testing.T) {
	var got atomic.Int32
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { got.Add(1) }))
	t.Cleanup(srv.Close)
	pool := x509.NewCertPool()
	pool.AddCert(srv.Certificate())
	e := newOurs(t, srv.URL+"/v1/traces", otlpexport.WithTLSConfig(&tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}))
	if err := e.ExportSpans(context.Background(), logSpans(1)); err != nil {
		t.Fatal(err)
	}
	// An unknown certificate is not retried.
	e2 := newOurs(t, srv.URL+"/v1/traces", otlpexport.WithRetry(otlpexport.DefaultRetryConfig))
	start := time.Now()
	if err := e2.ExportSpans(context.Background(), logSpans(1)); err == nil {
		t.Fatal("export to an unknown certificate succeeded")
	}
	if d, st := time.Since(start), e2.Stats(); d > 2*time.Second || st.Requests != 1 || st.Retries != 0 {
		t.Fatalf("took %v, stats %+v", d, st)
	}
	if got.Load() != 1 {
		t.Fatalf("server got %d requests, want 1", got.Load())
	}
}

func TestHTTPClient(t *testing.T) {
	srv := newCapture(t, nil)
	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	var used atomic.Bool
	client := &http.Client{Transport: roundTripper(func(r *http.Request) (*http.Response, error) {
		used.Store(true)
		return tr.RoundTrip(r)
	})}
	e := newOurs(t, srv.url(), otlpexport.WithHTTPClient(client))
	if err := e.ExportSpans(context.Background(), logSpans(1)); err != nil {
		t.Fatal(err)
	}
	if !used.Load() {
		t.Fatal("the client was not used")
	}
}

type roundTripper func(*http.Request) (*http.Response, error)

func (f roundTripper) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// TestConcurrentExports runs exports from several goroutines over pooled
// buffers: every span arrives once, every body intact.
func TestConcurrentExports(t *testing.T) {
	srv := newCapture(t, nil)
	e := newOurs(t, srv.url(), otlpexport.WithGzip())
	const workers, rounds = 8, 25
	typical := typicalLogSpans()
	mixed := newCorpus(7).batch(20) // several resources and scopes
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for r := range rounds {
				batch := typical[:1+(w*rounds+r)%len(typical)]
				if r%5 == 0 {
					batch = mixed
				}
				if err := e.ExportSpans(context.Background(), batch); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	var spans uint64
	for _, r := range srv.requests() {
		spans += uint64(countSpans(decode(t, r.body)))
	}
	st := e.Stats()
	if st.Exports != workers*rounds || st.SpansExported != spans || st.Requests != workers*rounds {
		t.Fatalf("stats %+v, server got %d spans", st, spans)
	}
}

func TestShutdown(t *testing.T) {
	srv := newCapture(t, nil)
	e, err := otlpexport.New(otlpexport.WithEndpointURL(srv.url()))
	if err != nil {
		t.Fatal(err)
	}
	if err := e.ExportSpans(context.Background(), logSpans(1)); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := e.Shutdown(context.Background()); err != nil {
			t.Fatalf("Shutdown: %v", err)
		}
	}
	if err := e.ExportSpans(context.Background(), logSpans(1)); !errors.Is(err, otlpexport.ErrShutdown) {
		t.Fatalf("ExportSpans after Shutdown: %v, want ErrShutdown", err)
	}
	if n := len(srv.requests()); n != 1 {
		t.Fatalf("%d requests, want 1", n)
	}
}

// TestShutdownClosesConnections watches the server side: after Shutdown,
// the exporter's keep-alive connection is closed.
func TestShutdownClosesConnections(t *testing.T) {
	var open atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		switch s {
		case http.StateNew:
			open.Add(1)
		case http.StateClosed, http.StateHijacked:
			open.Add(-1)
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	e, err := otlpexport.New(otlpexport.WithEndpointURL(srv.URL + "/v1/traces"))
	if err != nil {
		t.Fatal(err)
	}
	if err := e.ExportSpans(context.Background(), logSpans(1)); err != nil {
		t.Fatal(err)
	}
	if open.Load() != 1 {
		t.Fatalf("%d connections open after an export, want 1 kept alive", open.Load())
	}
	if err := e.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(2 * time.Second)
	for open.Load() != 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if n := open.Load(); n != 0 {
		t.Fatalf("%d connections still open after Shutdown", n)
	}
}

// TestShutdownCancelsInFlight: Shutdown waits for an export in flight,
// and when its context ends first it cancels the export and returns.
func TestShutdownCancelsInFlight(t *testing.T) {
	arrived := make(chan struct{}, 1)
	srv := newHangServer(t, arrived)
	e, err := otlpexport.New(otlpexport.WithEndpointURL(srv.URL+"/v1/traces"), otlpexport.WithTimeout(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	exported := make(chan error, 1)
	go func() { exported <- e.ExportSpans(context.Background(), logSpans(1)) }()
	<-arrived // the export is in flight
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	if err := e.Shutdown(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Shutdown: %v, want deadline exceeded", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Fatalf("Shutdown took %v", d)
	}
	select {
	case err := <-exported:
		if err == nil {
			t.Fatal("the cancelled export succeeded")
		}
	case <-time.After(time.Second):
		t.Fatal("the export in flight did not return after Shutdown")
	}
}

func TestConnectionRefusedRetried(t *testing.T) {
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := lis.Addr().String()
	_ = lis.Close() // nothing listens there now
	e := newOurs(t, "http://"+addr+"/v1/traces", fastRetry, otlpexport.WithTimeout(200*time.Millisecond))
	start := time.Now()
	if err := e.ExportSpans(context.Background(), logSpans(1)); err == nil {
		t.Fatal("export to a closed port succeeded")
	}
	if d, st := time.Since(start), e.Stats(); d > time.Second || st.Retries == 0 || st.ExportsFailed != 1 || st.SpansFailed != 1 {
		t.Fatalf("took %v, stats %+v", d, st)
	}
}

func TestRetryDisabledAndMaxElapsed(t *testing.T) {
	srv := newCapture(t, answer(http.StatusServiceUnavailable))
	for i, opt := range []otlpexport.Option{otlpexport.WithoutRetry(), otlpexport.WithRetry(otlpexport.RetryConfig{})} {
		off := newOurs(t, srv.url(), fastRetry, opt)
		if err := off.ExportSpans(context.Background(), logSpans(1)); err == nil {
			t.Fatal("export succeeded")
		}
		if n := len(srv.requests()); n != i+1 {
			t.Fatalf("retries off: %d requests, want 1", n-i)
		}
	}

	capped := newOurs(t, srv.url(), otlpexport.WithRetry(otlpexport.RetryConfig{
		Enabled: true, InitialInterval: 10 * time.Millisecond, MaxInterval: 10 * time.Millisecond, MaxElapsedTime: 100 * time.Millisecond,
	}))
	start := time.Now()
	if err := capped.ExportSpans(context.Background(), logSpans(1)); err == nil {
		t.Fatal("export succeeded")
	}
	if d := time.Since(start); d > 2*time.Second { // the export timeout is 10s
		t.Fatalf("took %v with MaxElapsedTime 100ms", d)
	}
	if st := capped.Stats(); st.Retries < 2 {
		t.Fatalf("stats %+v: want retries within MaxElapsedTime", st)
	}
}

// TestShutdownWaitsForInFlight: an export in flight when Shutdown starts
// completes, and Shutdown returns after it.
func TestShutdownWaitsForInFlight(t *testing.T) {
	arrived := make(chan struct{}, 1)
	srv := newCapture(t, func(w http.ResponseWriter, _ int) {
		arrived <- struct{}{}
		time.Sleep(200 * time.Millisecond)
		w.WriteHeader(http.StatusOK)
	})
	e, err := otlpexport.New(otlpexport.WithEndpointURL(srv.url()))
	if err != nil {
		t.Fatal(err)
	}
	exported := make(chan error, 1)
	go func() { exported <- e.ExportSpans(context.Background(), logSpans(3)) }()
	<-arrived // the export is in flight
	if err := e.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-exported:
		if err != nil {
			t.Fatalf("export in flight failed: %v", err)
		}
	default:
		t.Fatal("Shutdown returned before the export in flight")
	}
	if st := e.Stats(); st.SpansExported != 3 {
		t.Fatalf("stats %+v", st)
	}
}
