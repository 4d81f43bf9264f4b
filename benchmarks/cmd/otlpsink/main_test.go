package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	collogs "go.opentelemetry.io/proto/otlp/collector/logs/v1"
	coltrace "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	commonpb "go.opentelemetry.io/proto/otlp/common/v1"
	logspb "go.opentelemetry.io/proto/otlp/logs/v1"
	resourcepb "go.opentelemetry.io/proto/otlp/resource/v1"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
	"google.golang.org/protobuf/proto"
)

// traceRequest has spans[i] spans in scope i of each of two resources,
// with every other field filled so that the counter must skip them.
func traceRequest(spans ...int) *coltrace.ExportTraceServiceRequest {
	req := &coltrace.ExportTraceServiceRequest{}
	for range 2 {
		rs := &tracepb.ResourceSpans{
			Resource:  &resourcepb.Resource{Attributes: []*commonpb.KeyValue{{Key: "service.name", Value: &commonpb.AnyValue{Value: &commonpb.AnyValue_StringValue{StringValue: "bench"}}}}},
			SchemaUrl: "https://opentelemetry.io/schemas/1.26.0",
		}
		for _, n := range spans {
			ss := &tracepb.ScopeSpans{Scope: &commonpb.InstrumentationScope{Name: "logspan", Version: "1"}}
			for range n {
				ss.Spans = append(ss.Spans, &tracepb.Span{
					TraceId: bytes.Repeat([]byte{1}, 16), SpanId: bytes.Repeat([]byte{2}, 8), Name: "checkout",
					StartTimeUnixNano: 1, EndTimeUnixNano: 1,
					Events: []*tracepb.Span_Event{{Name: "exception"}},
				})
			}
			rs.ScopeSpans = append(rs.ScopeSpans, ss)
		}
		req.ResourceSpans = append(req.ResourceSpans, rs)
	}
	return req
}

func logsRequest(records int) *collogs.ExportLogsServiceRequest {
	sl := &logspb.ScopeLogs{Scope: &commonpb.InstrumentationScope{Name: "bench"}}
	for range records {
		sl.LogRecords = append(sl.LogRecords, &logspb.LogRecord{
			TimeUnixNano: 1, SeverityNumber: logspb.SeverityNumber_SEVERITY_NUMBER_INFO, SeverityText: "INFO",
			Body: &commonpb.AnyValue{Value: &commonpb.AnyValue_StringValue{StringValue: "checkout"}},
		})
	}
	return &collogs.ExportLogsServiceRequest{ResourceLogs: []*logspb.ResourceLogs{{ScopeLogs: []*logspb.ScopeLogs{sl}}}}
}

func marshal(t *testing.T, m proto.Message) []byte {
	t.Helper()
	b, err := proto.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func gzipped(t *testing.T, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestCountItems(t *testing.T) {
	tests := []struct {
		name string
		give proto.Message
		want int
	}{
		{"no spans", traceRequest(), 0},
		{"one scope", traceRequest(3), 6},
		{"scopes", traceRequest(1, 0, 512), 2 * 513},
		{"logs", logsRequest(7), 7},
		{"empty logs", logsRequest(0), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := countItems(marshal(t, tt.give), itemPath)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("countItems = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestCountItemsMalformed(t *testing.T) {
	good := marshal(t, traceRequest(2))
	for _, give := range [][]byte{
		good[:len(good)-1],       // truncated
		{0x0a, 0xff, 0xff, 0xff}, // length past the end
		{0xff, 0xff, 0xff, 0xff}, // unterminated tag
		{0x0a, 0x02, 0x12, 0x05}, // nested length past its message
	} {
		if n, err := countItems(give, itemPath); err == nil {
			t.Errorf("countItems(%x) = %d, nil; want an error", give, n)
		}
	}
}

// TestHandler posts both signals, plain and gzip, and bad requests, and
// reads the totals back.
func TestHandler(t *testing.T) {
	s := &sink{}
	srv := httptest.NewServer(s.handler())
	defer srv.Close()
	post := func(path, encoding string, body []byte) int {
		t.Helper()
		req, err := http.NewRequest(http.MethodPost, srv.URL+path, bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/x-protobuf")
		if encoding != "" {
			req.Header.Set("Content-Encoding", encoding)
		}
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	spans := marshal(t, traceRequest(5))
	logs := marshal(t, logsRequest(4))
	for _, c := range []struct {
		path, encoding string
		body           []byte
		want           int
	}{
		{"/v1/traces", "", spans, http.StatusOK},
		{"/v1/traces", "gzip", gzipped(t, spans), http.StatusOK},
		{"/v1/logs", "", logs, http.StatusOK},
		{"/v1/logs", "gzip", gzipped(t, logs), http.StatusOK},
		{"/v1/traces", "", []byte{0x0a, 0xff}, http.StatusBadRequest},
		{"/v1/logs", "gzip", []byte("not gzip"), http.StatusBadRequest},
		{"/v1/logs", "br", logs, http.StatusBadRequest},
	} {
		if got := post(c.path, c.encoding, c.body); got != c.want {
			t.Errorf("POST %s (%q): status %d, want %d", c.path, c.encoding, got, c.want)
		}
	}
	resp, err := srv.Client().Get(srv.URL + "/count")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var got map[string]int64
	if err := json.NewDecoder(resp.Body).Decode(&got); err != nil {
		t.Fatal(err)
	}
	want := map[string]int64{"spans": 20, "logs": 8, "requests": 4, "rejected": 3}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("count %s = %d, want %d (all: %v)", k, got[k], v, got)
		}
	}
}
