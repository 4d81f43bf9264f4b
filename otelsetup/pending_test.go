package otelsetup

import (
	"context"
	"encoding/hex"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/core"
	"github.com/logspan/logspan/otelsetup/otlptest"
)

func attrMap(kvs []attribute.KeyValue) map[attribute.Key]string {
	m := map[attribute.Key]string{}
	for _, kv := range kvs {
		m[kv.Key] = kv.Value.Emit()
	}
	return m
}

// A span that starts sends its pending span at once, Logfire's way: a
// snapshot with a new id, the real span as its parent, the real parent's
// id in logfire.pending_parent_id, start == end == the real start.
func TestPendingSpanProcessor(t *testing.T) {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(
		sdktrace.WithSpanProcessor(pendingProcessor{ids: core.RandomIDGenerator{}, targets: []sdktrace.SpanProcessor{rec}}),
		sdktrace.WithSpanProcessor(rec))
	tr := tp.Tracer("scope", trace.WithInstrumentationVersion("v1"))

	ctx, root := tr.Start(t.Context(), "GET /checkout", trace.WithAttributes(attribute.Int("a", 1)),
		trace.WithSpanKind(trace.SpanKindServer))
	root.SetAttributes(attribute.String("later", "x"))
	_, child := tr.Start(ctx, "charge", trace.WithAttributes(keySpanType.String(spanTypeSpan), keyPendingParentID.String("bogus")))
	require.Len(t, rec.Ended(), 2, "both pending spans, before either span ends")

	rootSC, childSC := root.SpanContext(), child.SpanContext()
	p := rec.Ended()[0]
	assert.Equal(t, "GET /checkout", p.Name())
	assert.Equal(t, rootSC.TraceID(), p.SpanContext().TraceID())
	assert.NotEqual(t, rootSC.SpanID(), p.SpanContext().SpanID(), "a span id of its own")
	assert.True(t, p.SpanContext().IsSampled())
	assert.Equal(t, rootSC, p.Parent(), "the real span is its parent")
	assert.Equal(t, p.StartTime(), p.EndTime())
	assert.Equal(t, trace.SpanKindServer, p.SpanKind())
	assert.Equal(t, "scope", p.InstrumentationScope().Name)
	assert.Equal(t, map[attribute.Key]string{"a": "1", keySpanType: "pending_span", keyPendingParentID: "0000000000000000"},
		attrMap(p.Attributes()), "the attributes at start, not the ones set later")

	c := rec.Ended()[1]
	assert.Equal(t, childSC, c.Parent())
	assert.Equal(t, map[attribute.Key]string{keySpanType: "pending_span", keyPendingParentID: rootSC.SpanID().String()},
		attrMap(c.Attributes()), "the real span's parent, replacing any value given")

	child.End()
	root.End()
	ended := rec.Ended()
	require.Len(t, ended, 4)
	assert.Equal(t, ended[0].StartTime(), ended[3].StartTime(), "the pending span starts when the real one does")

	// A log span (and any span typed other than "span") gets none.
	_, log := tr.Start(t.Context(), "log", trace.WithAttributes(keySpanType.String("log")))
	log.End()
	_, odd := tr.Start(t.Context(), "odd", trace.WithAttributes(keySpanType.String(spanTypePending)))
	odd.End()
	assert.Len(t, rec.Ended(), 6, "only the two spans themselves")
}

type recordOnly struct{}

func (recordOnly) ShouldSample(sdktrace.SamplingParameters) sdktrace.SamplingResult {
	return sdktrace.SamplingResult{Decision: sdktrace.RecordOnly}
}
func (recordOnly) Description() string { return "recordOnly" }

// A span recorded but not sampled is not exported: neither is its pending
// span.
func TestPendingSpanNotSampled(t *testing.T) {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSampler(recordOnly{}),
		sdktrace.WithSpanProcessor(pendingProcessor{ids: core.RandomIDGenerator{}, targets: []sdktrace.SpanProcessor{rec}}))
	_, s := tp.Tracer("t").Start(t.Context(), "x")
	s.End()
	assert.Empty(t, rec.Ended())
}

// A batch holding a real span drops its pending span; a pending span
// alone passes, and a batch without one is passed as it is.
func TestSupersedingExporter(t *testing.T) {
	mem := tracetest.NewInMemoryExporter()
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(
		sdktrace.WithSpanProcessor(pendingProcessor{ids: core.RandomIDGenerator{}, targets: []sdktrace.SpanProcessor{rec}}),
		sdktrace.WithSpanProcessor(rec))
	_, a := tp.Tracer("t").Start(t.Context(), "a")
	_, b := tp.Tracer("t").Start(t.Context(), "b")
	a.End()
	// rec: pending a, pending b, a.
	all := rec.Ended()
	require.Len(t, all, 3)
	exp := supersedingExporter{mem}
	require.NoError(t, exp.ExportSpans(t.Context(), all))
	var names []string
	for _, s := range mem.GetSpans() {
		names = append(names, s.Name+"/"+attrMap(s.Attributes)[keySpanType])
	}
	assert.ElementsMatch(t, []string{"b/pending_span", "a/"}, names, "a's pending span is superseded, b's stays")
	mem.Reset()
	require.NoError(t, exp.ExportSpans(t.Context(), all[:1]))
	assert.Len(t, mem.GetSpans(), 1)
	mem.Reset()
	require.NoError(t, exp.ExportSpans(t.Context(), all[2:]))
	assert.Len(t, mem.GetSpans(), 1)
	b.End()
}

func spanByName(spans []*tracepb.Span, name string, typ string) *tracepb.Span {
	for _, s := range spans {
		t := ""
		for _, kv := range s.GetAttributes() {
			if kv.GetKey() == string(keySpanType) {
				t = kv.GetValue().GetStringValue()
			}
		}
		if s.GetName() == name && t == typ {
			return s
		}
	}
	return nil
}

// Sending to Logfire, a long request shows while it runs: its pending span
// reaches Logfire (compressed) before the request ends, and the logs
// inside name the request as parent. The OTEL_* endpoint gets no pending
// span unless asked.
func TestPendingSpansReachLogfire(t *testing.T) {
	lf := otlptest.NewHTTP()
	defer lf.Close()
	otlp := otlptest.NewHTTP()
	defer otlp.Close()
	p, err := New(t.Context(), WithErrorOutput(&stringsBuilder{}), WithEnv(lookupMap(map[string]string{
		"LOGFIRE_TOKEN":               "pylf_v1_eu_t",
		"LOGFIRE_BASE_URL":            lf.URL,
		"OTEL_EXPORTER_OTLP_ENDPOINT": otlp.URL,
		"OTEL_BSP_SCHEDULE_DELAY":     "20",
	})))
	require.NoError(t, err)
	tp := p.TracerProvider()
	ctx, req := tp.Tracer("http").Start(t.Context(), "GET /slow")
	em := core.NewEmitter("test", "v", logspan.WithTracerProvider(tp))
	em.Start(ctx, core.Record{Level: core.LevelInfo, Message: "working"}, nil).End()

	require.Eventually(t, func() bool { return len(lf.Spans()) == 2 && len(otlp.Spans()) == 1 }, 10*time.Second, 5*time.Millisecond,
		"the pending span and the log leave while the request runs")
	pending := spanByName(lf.Spans(), "GET /slow", "pending_span")
	require.NotNil(t, pending)
	reqID := req.SpanContext().SpanID()
	assert.Equal(t, reqID[:], pending.GetParentSpanId())
	assert.Equal(t, pending.GetStartTimeUnixNano(), pending.GetEndTimeUnixNano())
	assert.NotEqual(t, reqID[:], pending.GetSpanId())
	log := spanByName(lf.Spans(), "working", "log")
	require.NotNil(t, log)
	assert.Equal(t, reqID[:], log.GetParentSpanId(), "the log's parent is the request the pending span shows")
	assert.Equal(t, "gzip", lf.Header("Content-Encoding"), "Logfire gets gzip")
	assert.Empty(t, otlp.Header("Content-Encoding"), "the OTEL_* endpoint keeps its own setting")
	assert.Nil(t, spanByName(otlp.Spans(), "GET /slow", "pending_span"), "no pending span to the OTEL_* endpoint")

	req.End()
	require.NoError(t, p.Shutdown(context.Background()))
	assert.NotNil(t, spanByName(lf.Spans(), "GET /slow", ""), "the request itself")
	assert.Len(t, lf.Spans(), 3)
	assert.Len(t, otlp.Spans(), 2)
	assert.Zero(t, p.Stats().Dropped())
	assert.Equal(t, "0000000000000000", attrOf(pending, keyPendingParentID))
}

func attrOf(s *tracepb.Span, key attribute.Key) string {
	for _, kv := range s.GetAttributes() {
		if kv.GetKey() == string(key) {
			return kv.GetValue().GetStringValue()
		}
	}
	return ""
}

// A short span that ends in the same batch as its pending span sends only
// itself; LOGSPAN_PENDING_SPANS=true sends pending spans to the OTEL_*
// endpoint too, and WithPendingSpans(false) sends none.
func TestPendingSpansSwitches(t *testing.T) {
	run := func(env map[string]string, opts ...Option) *otlptest.Receiver {
		t.Helper()
		r := otlptest.NewHTTP()
		t.Cleanup(r.Close)
		env["OTEL_EXPORTER_OTLP_ENDPOINT"] = r.URL
		p, err := New(t.Context(), append([]Option{WithErrorOutput(&stringsBuilder{}), WithEnv(lookupMap(env))}, opts...)...)
		require.NoError(t, err)
		_, long := p.TracerProvider().Tracer("t").Start(t.Context(), "long")
		require.NoError(t, p.ForceFlush(t.Context()))
		long.End()
		require.NoError(t, p.Shutdown(context.Background()))
		return r
	}
	r := run(map[string]string{"LOGSPAN_PENDING_SPANS": "true"})
	require.Len(t, r.Spans(), 2, "pending (flushed while it ran), then the span")
	assert.Equal(t, "pending_span", attrOf(r.Spans()[0], keySpanType))
	assert.Equal(t, hex.EncodeToString(r.Spans()[1].GetSpanId()), hex.EncodeToString(r.Spans()[0].GetParentSpanId()))

	r = run(map[string]string{}) // no Logfire: none by default
	assert.Len(t, r.Spans(), 1)
	r = run(map[string]string{"LOGSPAN_PENDING_SPANS": "true"}, WithPendingSpans(false))
	assert.Len(t, r.Spans(), 1)

	// Short: the pending span and the span share a batch; only the span goes.
	r2 := otlptest.NewHTTP()
	defer r2.Close()
	p, err := New(t.Context(), WithErrorOutput(&stringsBuilder{}), WithPendingSpans(true), WithEnv(lookupMap(map[string]string{
		"OTEL_EXPORTER_OTLP_ENDPOINT": r2.URL, "OTEL_BSP_SCHEDULE_DELAY": "600000",
	})))
	require.NoError(t, err)
	_, short := p.TracerProvider().Tracer("t").Start(t.Context(), "short")
	short.End()
	require.NoError(t, p.Shutdown(context.Background()))
	require.Len(t, r2.Spans(), 1)
	assert.Equal(t, "", attrOf(r2.Spans()[0], keySpanType))
	assert.Equal(t, Stats{Received: 2, Exported: 2}, p.Stats(), "the superseded pending span counts as delivered")
}
