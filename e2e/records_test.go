//go:build unix

package e2e

import (
	"context"
	"encoding/hex"
	"fmt"
	"maps"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/trace"
	commonpb "go.opentelemetry.io/proto/otlp/common/v1"
	logspb "go.opentelemetry.io/proto/otlp/logs/v1"
	_ "google.golang.org/grpc/encoding/gzip" // the collector's otlp exporter compresses by default

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/otelsetup/otlptest"
	"github.com/logspan/logspan/zerologspan"
)

// TestLogRecords runs the app with LOGSPAN_LOGS_AS=both and =records
// against Jaeger as an OpenTelemetry collector (testdata/jaeger-logs.yaml):
// traces go to Jaeger's storage, log records through its logs pipeline and
// otlp exporter to an in-test OTLP/gRPC receiver. For one info and one
// error log of each adapter it checks the record field by field (body,
// severity number and text, timestamps, trace and span ids, flags,
// attributes, exception.*, resource, scope) and, with both, joins it to
// its log span in Jaeger: same span id, same time, the span's attributes.
// With records only, Jaeger has the request span and nothing else, and
// each record carries the request span's id.
//
// The app exports over OTLP/HTTP (logspan's own log exporter) with both,
// over OTLP/gRPC (otlploggrpc) with records, so that each exporter is
// read back once through a real collector.
func TestLogRecords(t *testing.T) {
	if ci, _ := strconv.ParseBool(os.Getenv("CI")); testing.Short() && !ci {
		t.Skip("end-to-end test against Jaeger; skipped with -short")
	}
	// zerolog hands hooks an error's text only; this keeps its Go type, so
	// that exception.type is the same for the four loggers.
	t.Cleanup(zerologspan.CaptureErrors())

	jaegerBin := jaegerForTest(t)
	recv, err := otlptest.NewGRPC()
	require.NoError(t, err)
	t.Cleanup(recv.Close)
	j := startJaegerConfigForTest(t, jaegerBin, "jaeger-logs.yaml", map[string]string{
		"LOGSPAN_RECORDS_BACKEND": strings.TrimPrefix(recv.URL, "http://"),
	})
	api := jaegerAPI{BaseURL: j.QueryURL}

	for _, tc := range []struct {
		name     string
		logsAs   logspan.LogsAs
		protocol string // OTEL_EXPORTER_OTLP_PROTOCOL
		endpoint string // OTEL_EXPORTER_OTLP_ENDPOINT
	}{
		{"both", logspan.LogsAsBoth, "http/protobuf", "http://" + j.OTLPHTTP},
		{"records", logspan.LogsAsRecords, "grpc", "http://" + j.OTLPGRPC},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx := t.Context()
			service := "e2e-records-" + tc.name + "-" + randomHex(t, 4)
			since := time.Now().Add(-time.Minute) // margin for clock steps
			errOut := &lockedBuffer{}
			a := mustApp(t, map[string]string{
				"OTEL_SERVICE_NAME":           service,
				"OTEL_EXPORTER_OTLP_PROTOCOL": tc.protocol,
				"OTEL_EXPORTER_OTLP_ENDPOINT": tc.endpoint,
				"OTEL_EXPORTER_OTLP_INSECURE": "true",
				"LOGSPAN_LOGS_AS":             tc.logsAs.String(),
			}, errOut)
			require.Equal(t, tc.logsAs, a.provider.LogsAs(), "LOGSPAN_LOGS_AS=%s", tc.logsAs)

			before := time.Now()
			tid, rootID := a.recordsRequest(ctx)
			after := time.Now()
			require.NoError(t, a.provider.Shutdown(ctx), "flushing to the collector")
			require.Empty(t, errOut.String(), "OpenTelemetry errors in the app")

			logs := 2 * len(recordLoggers)
			logSpans := 0
			if tc.logsAs == logspan.LogsAsBoth {
				logSpans = logs
			}
			// Exact counts at the source: what the collector must pass on.
			st, rst := a.provider.Stats(), a.provider.LogRecordStats()
			assert.Equal(t, uint64(1+logSpans), st.Received, "spans made: the request's and %d log spans; %s", logSpans, st)
			assert.Equal(t, st.Received, st.Exported, "spans exported; %s", st)
			assert.Equal(t, uint64(logs), rst.Received, "log records made; %s", rst)
			assert.Equal(t, rst.Received, rst.Exported, "log records exported; %s", rst)

			records := waitForRecords(ctx, recv, tid, logs)
			// Jaeger's storage exporter has no queue: the OTLP receiver
			// answers once the spans are stored, so after Shutdown the
			// trace is complete the first time its root can be found.
			td, err := waitForSpans(ctx, api, service, since, 1+logSpans)
			require.NoError(t, err, "no trace of service %q in Jaeger after %s", service, queryPatience)
			spans := flatten(td)
			t.Cleanup(func() {
				if t.Failed() {
					t.Logf("what Jaeger has for %s:\n%s", service, dumpTree(td))
					t.Logf("the records of trace %s:\n%s", tid, dumpRecords(records))
				}
			})

			roots := find(spans, func(s receivedSpan) bool { return s.ParentSpanID == "" })
			require.Len(t, roots, 1, "want one root span")
			root := roots[0]
			require.Equal(t, tid.String(), root.TraceID, "the request's trace id")
			require.Equal(t, rootID.String(), root.SpanID, "the request's span id")
			if tc.logsAs == logspan.LogsAsRecords {
				assert.Len(t, spans, 1, "records only: Jaeger must have the request span and no log span")
			} else {
				assert.Len(t, spans, 1+logSpans, "both: the request span and one log span per log")
			}
			require.Len(t, records, logs, "want one record per log, no more")

			bySpanID := map[string]receivedSpan{}
			for _, s := range spans {
				bySpanID[s.SpanID] = s
			}
			joined := map[string]bool{} // log span ids a record carries
			for _, l := range recordLoggers {
				t.Run(l.name, func(t *testing.T) {
					mine := findRecords(records, func(r receivedRecord) bool { return r.Scope == l.scope })
					require.Len(t, mine, 2, "want two records under scope %q", l.scope)
					for _, tt := range []struct {
						body string
						want wantRecord
					}{
						{requestInfoMsg, wantRecord{severity: logspb.SeverityNumber_SEVERITY_NUMBER_INFO, text: "info", fields: recordFields}},
						{requestErrorMsg, wantRecord{severity: logspb.SeverityNumber_SEVERITY_NUMBER_ERROR, text: "error",
							fields: map[string]any{"error": errPayment.Error()}, exception: true}},
					} {
						got := findRecords(mine, func(r receivedRecord) bool { return r.GetBody().GetStringValue() == tt.body })
						if !assert.Len(t, got, 1, "want one record with body %q", tt.body) {
							continue
						}
						r := got[0]
						want := tt.want
						want.body, want.logger, want.service = tt.body, l, service
						want.traceID, want.before, want.after = tid, before, after
						checkRecord(t, r, want)

						sid := hex.EncodeToString(r.GetSpanId())
						if tc.logsAs == logspan.LogsAsRecords {
							assert.Equal(t, root.SpanID, sid, "%q: records only: the span id is the request span's", tt.body)
							continue
						}
						assert.NotEqual(t, root.SpanID, sid, "%q: both: the span id is the log span's, not the request's", tt.body)
						assert.False(t, joined[sid], "%q: span id %s is carried by another record too", tt.body, sid)
						joined[sid] = true
						s, ok := bySpanID[sid]
						if assert.True(t, ok, "%q: both: no span %s in Jaeger to join the record to", tt.body, sid) {
							checkJoin(t, r, s, root)
						}
					}
				})
			}
		})
	}
}

// wantRecord is what checkRecord expects of one record.
type wantRecord struct {
	body      string
	severity  logspb.SeverityNumber
	text      string         // severity text: the logger's level name
	fields    map[string]any // the logged fields, typed as in OTLP
	exception bool           // an error log: exception.type and .message
	logger    recordLogger
	service   string
	traceID   trace.TraceID
	before    time.Time // the request's bounds: the record's time is inside
	after     time.Time
}

// checkRecord asserts every field of the record but its span id, which
// depends on the data model (the caller checks it).
func checkRecord(t *testing.T, r receivedRecord, want wantRecord) {
	t.Helper()
	name := want.body
	assert.Equal(t, want.body, r.GetBody().GetStringValue(), "%q: body", name)
	_, isString := r.GetBody().GetValue().(*commonpb.AnyValue_StringValue)
	assert.True(t, isString, "%q: the body is a string value", name)
	assert.Equal(t, want.severity, r.GetSeverityNumber(), "%q: severity number", name)
	assert.Equal(t, want.text, r.GetSeverityText(), "%q: severity text", name)
	assert.Empty(t, r.GetEventName(), "%q: a log line has no event name", name)

	ts, observed := unixNano(r.GetTimeUnixNano()), unixNano(r.GetObservedTimeUnixNano())
	assert.False(t, ts.Before(want.before) || ts.After(want.after),
		"%q: timestamp %s is outside the request [%s, %s]", name, ts, want.before, want.after)
	assert.False(t, observed.Before(ts) || observed.After(want.after),
		"%q: observed timestamp %s is outside [timestamp %s, end of request %s]", name, observed, ts, want.after)

	assert.Equal(t, want.traceID.String(), hex.EncodeToString(r.GetTraceId()), "%q: trace id: the request's", name)
	assert.Len(t, r.GetSpanId(), 8, "%q: span id", name)
	assert.Equal(t, uint32(trace.FlagsSampled), r.GetFlags(), "%q: flags: the sampled request's", name)

	attrs, err := recordAttrs(r.GetAttributes())
	assert.NoError(t, err, "%q: attributes", name)
	assert.Zero(t, r.GetDroppedAttributesCount(), "%q: dropped attributes", name)
	levelNum := int64(9)
	if want.severity == logspb.SeverityNumber_SEVERITY_NUMBER_ERROR {
		levelNum = 17
	}
	wantAttrs := map[string]any{
		"logfire.span_type":    "log",
		"logfire.level_num":    levelNum,
		"log.level":            want.text,
		"logfire.msg_template": want.body,
		"logfire.msg":          want.body,
	}
	maps.Copy(wantAttrs, want.fields)
	if want.exception {
		wantAttrs["exception.type"] = fmt.Sprintf("%T", errPayment)
		wantAttrs["exception.message"] = errPayment.Error()
	}
	for k, v := range wantAttrs {
		got, ok := attrs[k]
		if assert.True(t, ok, "%q: attribute %q missing", name, k) {
			assert.Equal(t, v, got, "%q: attribute %q (value and OTLP type)", name, k)
		}
	}
	if !want.exception {
		for k := range attrs {
			assert.False(t, strings.HasPrefix(k, "exception."), "%q: an info log has no %s", name, k)
		}
	}

	res, err := recordAttrs(r.Resource)
	assert.NoError(t, err, "%q: resource attributes", name)
	assert.Equal(t, want.service, res["service.name"], "%q: resource service.name", name)
	assert.Equal(t, "go", res["telemetry.sdk.language"], "%q: resource telemetry.sdk.language", name)
	assert.Equal(t, want.logger.scope, r.Scope, "%q: scope name: the adapter's import path", name)
	assert.Equal(t, want.logger.version, r.ScopeVersion, "%q: scope version: the adapter's", name)
}

// checkJoin asserts that record r and log span s, both models' two forms
// of one log, agree: the span is a child of the request's root, named by
// the message, under the same scope, at the record's time, and the record
// carries every attribute the span has (plus exception.*, which the span
// has as an event).
func checkJoin(t *testing.T, r receivedRecord, s, root receivedSpan) {
	t.Helper()
	name := r.GetBody().GetStringValue()
	assert.Equal(t, root.SpanID, s.ParentSpanID, "%q: the log span's parent is the request span", name)
	assert.Equal(t, name, s.Name, "%q: the log span's name", name)
	assert.Equal(t, r.Scope, s.Scope, "%q: the log span's scope", name)
	assert.Equal(t, strconv.FormatUint(r.GetTimeUnixNano(), 10), s.StartTimeUnixNano,
		"%q: the record's timestamp is the log span's start", name)
	d, err := s.duration()
	if assert.NoError(t, err, "%q: duration", name) {
		assert.True(t, d >= 0 && d <= maxLogSpanDuration, "%q: the log span is instant, got %s", name, d)
	}

	spanAttrs := map[string]any{}
	for _, kv := range s.Attributes {
		if jaegerAdded(kv.Key) {
			continue
		}
		v, err := kv.Value.typed()
		if assert.NoError(t, err, "%q: span attribute %q", name, kv.Key) {
			spanAttrs[kv.Key] = v
		}
	}
	recAttrs, _ := recordAttrs(r.GetAttributes())
	for k := range recAttrs {
		if strings.HasPrefix(k, "exception.") {
			delete(recAttrs, k)
		}
	}
	assert.Equal(t, spanAttrs, recAttrs, "%q: the record's attributes (but exception.*) are the log span's", name)
}

// jaegerAdded reports whether span attribute key is one Jaeger adds on its
// own: a warning about the instant span's duration.
func jaegerAdded(key string) bool {
	return key == "@jaeger@warnings"
}

// receivedRecord is a log record with the resource and scope it came
// under.
type receivedRecord struct {
	*logspb.LogRecord
	Resource            []*commonpb.KeyValue
	Scope, ScopeVersion string
}

// recordsOfTrace returns the records r has received for trace tid.
func recordsOfTrace(r *otlptest.Receiver, tid trace.TraceID) []receivedRecord {
	var out []receivedRecord
	for _, rl := range r.ResourceLogs() {
		for _, sl := range rl.GetScopeLogs() {
			for _, lr := range sl.GetLogRecords() {
				if len(lr.GetTraceId()) == len(tid) && trace.TraceID(lr.GetTraceId()) == tid {
					out = append(out, receivedRecord{
						LogRecord:    lr,
						Resource:     rl.GetResource().GetAttributes(),
						Scope:        sl.GetScope().GetName(),
						ScopeVersion: sl.GetScope().GetVersion(),
					})
				}
			}
		}
	}
	return out
}

// waitForRecords polls the receiver until it has n records of trace tid
// or queryPatience has passed, and returns those it has. The collector's
// exporter sends from a queue of its own: records can arrive after the
// app's Shutdown has returned.
func waitForRecords(ctx context.Context, r *otlptest.Receiver, tid trace.TraceID, n int) []receivedRecord {
	ctx, cancel := context.WithTimeout(ctx, queryPatience)
	defer cancel()
	for {
		got := recordsOfTrace(r, tid)
		if len(got) >= n {
			return got
		}
		select {
		case <-ctx.Done():
			return got
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// waitForSpans polls Jaeger until it has at least n spans of service, or
// queryPatience has passed; it then returns the last answer.
func waitForSpans(ctx context.Context, api jaegerAPI, service string, since time.Time, n int) (*tracesData, error) {
	ctx, cancel := context.WithTimeout(ctx, queryPatience)
	defer cancel()
	var (
		td  *tracesData
		err error
	)
	for {
		var got *tracesData
		if got, err = api.findTraces(ctx, service, since, time.Now().Add(time.Minute)); err == nil {
			td = got
			if len(flatten(td)) >= n {
				return td, nil
			}
		}
		select {
		case <-ctx.Done():
			if td != nil {
				return td, nil
			}
			return nil, err
		case <-time.After(100 * time.Millisecond):
		}
	}
}

func findRecords(rs []receivedRecord, keep func(receivedRecord) bool) []receivedRecord {
	var out []receivedRecord
	for _, r := range rs {
		if keep(r) {
			out = append(out, r)
		}
	}
	return out
}

// recordAttrs returns attributes as their OTLP scalar values (string,
// int64, float64, bool). A duplicate key or another kind of value is an
// error: logspan writes each key once, as scalars for these logs.
func recordAttrs(kvs []*commonpb.KeyValue) (map[string]any, error) {
	out := make(map[string]any, len(kvs))
	var errs []string
	for _, kv := range kvs {
		if _, dup := out[kv.GetKey()]; dup {
			errs = append(errs, fmt.Sprintf("key %q twice", kv.GetKey()))
		}
		switch v := kv.GetValue().GetValue().(type) {
		case *commonpb.AnyValue_StringValue:
			out[kv.GetKey()] = v.StringValue
		case *commonpb.AnyValue_IntValue:
			out[kv.GetKey()] = v.IntValue
		case *commonpb.AnyValue_DoubleValue:
			out[kv.GetKey()] = v.DoubleValue
		case *commonpb.AnyValue_BoolValue:
			out[kv.GetKey()] = v.BoolValue
		default:
			out[kv.GetKey()] = kv.GetValue().String()
			errs = append(errs, fmt.Sprintf("key %q: not a scalar: %T", kv.GetKey(), v))
		}
	}
	if errs != nil {
		return out, fmt.Errorf("%s", strings.Join(errs, "; "))
	}
	return out, nil
}

func unixNano(n uint64) time.Time { return time.Unix(0, int64(n)) }

// dumpRecords renders records for failure messages.
func dumpRecords(rs []receivedRecord) string {
	if len(rs) == 0 {
		return "(nothing)"
	}
	var b strings.Builder
	for _, r := range rs {
		attrs, _ := recordAttrs(r.GetAttributes())
		fmt.Fprintf(&b, "%q scope=%q severity=%d %q span=%x time=%d attributes=%v\n",
			r.GetBody().GetStringValue(), r.Scope, r.GetSeverityNumber(), r.GetSeverityText(),
			r.GetSpanId(), r.GetTimeUnixNano(), attrs)
	}
	return b.String()
}
