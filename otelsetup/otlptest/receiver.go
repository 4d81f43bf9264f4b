// Package otlptest is an in-process OTLP trace and logs receiver for
// tests: it serves OTLP/HTTP (protobuf) or OTLP/gRPC on a loopback port and
// keeps every span, log record and request header it receives. Point an exporter, or a child
// process through OTEL_EXPORTER_OTLP_ENDPOINT, at its URL.
package otlptest

import (
	"compress/gzip"
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"

	collogspb "go.opentelemetry.io/proto/otlp/collector/logs/v1"
	coltracepb "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	logspb "go.opentelemetry.io/proto/otlp/logs/v1"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"
	"google.golang.org/protobuf/proto"
)

// Receiver collects what exporters send it. It is safe for concurrent use.
type Receiver struct {
	// URL is the endpoint to export to: http://127.0.0.1:<port>.
	URL string

	mu      sync.Mutex
	spans   []*tracepb.Span
	logs    []*logspb.ResourceLogs // logs.go
	headers []map[string][]string
	close   func()
}

// NewHTTP starts a receiver serving OTLP/HTTP with protobuf bodies on
// /v1/traces and /v1/logs.
func NewHTTP() *Receiver {
	r := &Receiver{}
	srv := httptest.NewServer(http.HandlerFunc(r.serveHTTP))
	r.URL, r.close = srv.URL, srv.Close
	return r
}

// NewGRPC starts a receiver serving OTLP/gRPC without TLS.
func NewGRPC() (*Receiver, error) {
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	srv := grpc.NewServer()
	r := &Receiver{URL: "http://" + lis.Addr().String(), close: srv.Stop}
	coltracepb.RegisterTraceServiceServer(srv, grpcService{r: r})
	collogspb.RegisterLogsServiceServer(srv, grpcLogsService{r: r})
	go func() { _ = srv.Serve(lis) }()
	return r, nil
}

// Close stops the receiver.
func (r *Receiver) Close() { r.close() }

// Spans returns the spans received so far.
func (r *Receiver) Spans() []*tracepb.Span {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]*tracepb.Span(nil), r.spans...)
}

// SpanNames returns the names of the spans received so far.
func (r *Receiver) SpanNames() []string {
	var names []string
	for _, s := range r.Spans() {
		names = append(names, s.GetName())
	}
	return names
}

// Header returns the first value of a request header (gRPC metadata keys
// are lower case) seen on any request, or "".
func (r *Receiver) Header(name string) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, h := range r.headers {
		if v := h[name]; len(v) > 0 {
			return v[0]
		}
	}
	return ""
}

func (r *Receiver) add(req *coltracepb.ExportTraceServiceRequest, headers map[string][]string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, rs := range req.GetResourceSpans() {
		for _, ss := range rs.GetScopeSpans() {
			r.spans = append(r.spans, ss.GetSpans()...)
		}
	}
	r.headers = append(r.headers, headers)
}

func (r *Receiver) serveHTTP(w http.ResponseWriter, req *http.Request) {
	if req.URL.Path == "/v1/logs" {
		r.serveLogs(w, req)
		return
	}
	if req.URL.Path != "/v1/traces" {
		http.NotFound(w, req)
		return
	}
	body, err := readBody(req)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	var msg coltracepb.ExportTraceServiceRequest
	if err := proto.Unmarshal(body, &msg); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	r.add(&msg, req.Header.Clone())
	out, _ := proto.Marshal(&coltracepb.ExportTraceServiceResponse{})
	w.Header().Set("Content-Type", "application/x-protobuf")
	_, _ = w.Write(out)
}

type grpcService struct {
	coltracepb.UnimplementedTraceServiceServer
	r *Receiver
}

func (g grpcService) Export(ctx context.Context, req *coltracepb.ExportTraceServiceRequest) (*coltracepb.ExportTraceServiceResponse, error) {
	md, _ := metadata.FromIncomingContext(ctx)
	g.r.add(req, md)
	return &coltracepb.ExportTraceServiceResponse{}, nil
}

// readBody reads a request's body, un-gzipped when it says it is gzip (as
// Logfire's exporters and the collector's otlphttp exporter send it).
func readBody(req *http.Request) ([]byte, error) {
	var src io.Reader = req.Body
	if req.Header.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(req.Body)
		if err != nil {
			return nil, err
		}
		defer zr.Close()
		src = zr
	}
	return io.ReadAll(src)
}
