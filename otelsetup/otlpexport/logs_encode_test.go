package otlpexport_test

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/exporters/otlp/otlplog/otlploghttp"
	"go.opentelemetry.io/otel/log"
	sdklog "go.opentelemetry.io/otel/sdk/log"
	"go.opentelemetry.io/otel/sdk/log/logtest"
	"go.opentelemetry.io/otel/trace"
	collogspb "go.opentelemetry.io/proto/otlp/collector/logs/v1"
	logspb "go.opentelemetry.io/proto/otlp/logs/v1"
	"google.golang.org/protobuf/encoding/prototext"
	"google.golang.org/protobuf/proto"

	"github.com/logspan/logspan/otelsetup/otlpexport"
)

// record generates a log record varying every field otlploghttp's
// transform reads.
func (c *corpus) record() sdklog.Record {
	sc := c.spanContext()
	f := logtest.RecordFactory{
		EventName:         c.str(),
		Timestamp:         c.time(),
		ObservedTimestamp: c.time(),
		Severity:          log.Severity(c.pick(27) - 1), // -1 and 25: not severities, UNSPECIFIED
		SeverityText:      c.str(),
		Attributes:        c.attrs(12),
		TraceID:           sc.TraceID(),
		SpanID:            sc.SpanID(),
		TraceFlags:        sc.TraceFlags(),
		Resource:          c.resources[c.pick(len(c.resources))],
		DroppedAttributes: c.count(),
	}
	if c.pick(4) != 0 {
		f.Body = c.value(0)
	}
	if i := c.pick(len(c.scopes) + 1); i < len(c.scopes) {
		f.InstrumentationScope = &c.scopes[i]
	}
	return f.NewRecord()
}

func (c *corpus) records(n int) []sdklog.Record {
	out := make([]sdklog.Record, n)
	for i := range out {
		out[i] = c.record()
	}
	return out
}

func (c *capture) logsURL() string { return c.srv.URL + "/v1/logs" }

func decodeLogs(t testing.TB, b []byte) *collogspb.ExportLogsServiceRequest {
	t.Helper()
	var req collogspb.ExportLogsServiceRequest
	if err := proto.Unmarshal(b, &req); err != nil {
		t.Fatalf("request does not decode: %v", err)
	}
	// otlploghttp emits the ResourceLogs in map order, which carries no
	// meaning.
	key := func(rl *logspb.ResourceLogs) []byte {
		b, _ := proto.MarshalOptions{Deterministic: true}.Marshal(rl.GetResource())
		return append(b, rl.GetSchemaUrl()...)
	}
	slices.SortStableFunc(req.ResourceLogs, func(a, b *logspb.ResourceLogs) int { return bytes.Compare(key(a), key(b)) })
	return &req
}

func newOurLogs(t testing.TB, url string, opts ...otlpexport.Option) *otlpexport.LogExporter {
	t.Helper()
	e, err := otlpexport.NewLogExporter(append([]otlpexport.Option{otlpexport.WithEndpointURL(url)}, opts...)...)
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

func newSDKLogs(t testing.TB, url string, opts ...otlploghttp.Option) sdklog.Exporter {
	t.Helper()
	tr := http.DefaultTransport.(*http.Transport).Clone()
	e, err := otlploghttp.New(context.Background(), append([]otlploghttp.Option{
		otlploghttp.WithEndpointURL(url),
		otlploghttp.WithHTTPClient(&http.Client{Transport: tr}),
		otlploghttp.WithRetry(otlploghttp.RetryConfig{Enabled: false}),
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

// sameLogsAsSDK sends records through otlploghttp and through our
// exporter and fails unless both requests decode to the same message.
func sameLogsAsSDK(t *testing.T, records []sdklog.Record, gzip bool) {
	t.Helper()
	srv := newCapture(t, nil)
	var sdkOpts []otlploghttp.Option
	var ourOpts []otlpexport.Option
	if gzip {
		sdkOpts = append(sdkOpts, otlploghttp.WithCompression(otlploghttp.GzipCompression))
		ourOpts = append(ourOpts, otlpexport.WithGzip())
	}
	ctx := context.Background()
	if err := newSDKLogs(t, srv.logsURL(), sdkOpts...).Export(ctx, records); err != nil {
		t.Fatalf("otlploghttp: %v", err)
	}
	if err := newOurLogs(t, srv.logsURL(), ourOpts...).Export(ctx, records); err != nil {
		t.Fatalf("otlpexport: %v", err)
	}
	reqs := srv.requests()
	if len(reqs) != 2 {
		t.Fatalf("got %d requests, want 2", len(reqs))
	}
	want, got := decodeLogs(t, reqs[0].body), decodeLogs(t, reqs[1].body)
	if !proto.Equal(got, want) {
		t.Fatalf("requests differ\n%s", firstLogDiff(got, want))
	}
}

// firstLogDiff shows the first record (or the request) that differs.
func firstLogDiff(got, want *collogspb.ExportLogsServiceRequest) string {
	if len(got.ResourceLogs) == len(want.ResourceLogs) {
		for i, g := range got.ResourceLogs {
			w := want.ResourceLogs[i]
			if !proto.Equal(g.Resource, w.Resource) || g.SchemaUrl != w.SchemaUrl || len(g.ScopeLogs) != len(w.ScopeLogs) {
				return "resource " + prototext.Format(g) + "\nwant\n" + prototext.Format(w)
			}
			for j, gs := range g.ScopeLogs {
				ws := w.ScopeLogs[j]
				if len(gs.LogRecords) != len(ws.LogRecords) || !proto.Equal(gs.Scope, ws.Scope) || gs.SchemaUrl != ws.SchemaUrl {
					return "scope " + prototext.Format(gs.Scope) + "\nwant\n" + prototext.Format(ws.Scope)
				}
				for k, lr := range gs.LogRecords {
					if !proto.Equal(lr, ws.LogRecords[k]) {
						return "record\n" + prototext.Format(lr) + "\nwant\n" + prototext.Format(ws.LogRecords[k])
					}
				}
			}
		}
	}
	return prototext.Format(got) + "\nwant\n" + prototext.Format(want)
}

// TestSameLogsRequestAsOTLPLogHTTP is the differential test of the logs
// exporter: a generated corpus varying every record field decodes to
// exactly what otlploghttp sends for the same records, with and without
// gzip, in batches of several sizes mixing resources and scopes.
func TestSameLogsRequestAsOTLPLogHTTP(t *testing.T) {
	sizes := []int{1, 2, 7, 64, 512}
	var total int
	for seed := range uint64(30) {
		c := newCorpus(seed)
		n := sizes[seed%uint64(len(sizes))]
		total += n
		sameLogsAsSDK(t, c.records(n), seed%2 == 1)
		if t.Failed() {
			t.Fatalf("seed %d", seed)
		}
	}
	t.Logf("%d log records compared", total)
}

// TestSameLogsRequestRealProvider compares records made by a real
// LoggerProvider (limits, scope, resource), and huge values needing long
// length varints.
func TestSameLogsRequestRealProvider(t *testing.T) {
	var got []sdklog.Record
	lp := sdklog.NewLoggerProvider(sdklog.WithProcessor(sdklog.NewSimpleProcessor(collect(func(rs []sdklog.Record) {
		for i := range rs {
			got = append(got, rs[i].Clone())
		}
	}))))
	l := lp.Logger("github.com/logspan/logspan/core", log.WithInstrumentationVersion("v1"))
	big := strings.Repeat("0123456789", 1<<18) // 2.5 MiB
	for i, body := range []string{"checkout", big, ""} {
		var r log.Record
		r.SetSeverity(log.SeverityError + log.Severity(i))
		r.SetSeverityText("ERROR")
		r.SetBody(attribute.StringValue(body))
		r.AddAttributes(attribute.String("user", "ada"), attribute.Int("items", 3), attribute.StringSlice("s", []string{big[:300], ""}))
		l.Emit(trace.ContextWithSpanContext(context.Background(), trace.NewSpanContext(trace.SpanContextConfig{
			TraceID: trace.TraceID{1}, SpanID: trace.SpanID{2}, TraceFlags: trace.FlagsSampled,
		})), r)
	}
	_ = lp.Shutdown(context.Background())
	if len(got) != 3 {
		t.Fatalf("%d records", len(got))
	}
	sameLogsAsSDK(t, got, false)
	sameLogsAsSDK(t, got, true)
}

// TestLogsNoRecordNoRequest: an empty batch sends nothing.
func TestLogsNoRecordNoRequest(t *testing.T) {
	srv := newCapture(t, nil)
	e := newOurLogs(t, srv.logsURL())
	for _, batch := range [][]sdklog.Record{nil, {}} {
		if err := e.Export(context.Background(), batch); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(srv.requests()); n != 0 {
		t.Fatalf("%d requests for no record, want 0", n)
	}
}

// TestLogsPartialSuccess: a partial success counts log records.
func TestLogsPartialSuccess(t *testing.T) {
	srv := newCapture(t, func(w http.ResponseWriter, _ int) {
		b, _ := proto.Marshal(&collogspb.ExportLogsServiceResponse{PartialSuccess: &collogspb.ExportLogsPartialSuccess{RejectedLogRecords: 2, ErrorMessage: "too old"}})
		w.Header().Set("Content-Type", "application/x-protobuf")
		_, _ = w.Write(b)
	})
	e := newOurLogs(t, srv.logsURL())
	err := e.Export(context.Background(), newCorpus(1).records(5))
	var ps *otlpexport.PartialSuccessError
	if !errors.As(err, &ps) || ps.RejectedSpans != 2 || !strings.Contains(err.Error(), "2 log records: too old") {
		t.Fatalf("got %v", err)
	}
	if s := e.Stats(); s.SpansExported != 3 || s.SpansRejected != 2 {
		t.Fatalf("stats %+v", s)
	}
}

type collect func([]sdklog.Record)

func (f collect) Export(_ context.Context, rs []sdklog.Record) error { f(rs); return nil }
func (collect) Shutdown(context.Context) error                       { return nil }
func (collect) ForceFlush(context.Context) error                     { return nil }
