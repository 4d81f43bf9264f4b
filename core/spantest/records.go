package spantest

import (
	"bytes"
	"context"
	"errors"
	"io"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	sdklog "go.opentelemetry.io/otel/sdk/log"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/core"
)

// The records and both models (logspan.WithLogsAs). In both, every span
// check of the suite runs again and each log span it looks at must have
// its log record, the same event: same content, the log span's ids. In
// records only, the checks below compare each record with the span the
// same log makes in the spans model.

// modelName names a model's pass.
func modelName(m logspan.LogsAs) string {
	switch m {
	case logspan.LogsAsBoth:
		return "Both"
	case logspan.LogsAsRecords:
		return "Records"
	}
	return "Spans"
}

// inModel returns the harness with its loggers made in model m: the
// options the suite passes come after the model's, so a check can still
// ask for another model, or its own logger provider.
func (h Harness) inModel(m logspan.LogsAs) Harness {
	h.logsAs = m
	newLogger := h.NewLogger
	h.NewLogger = func(t *testing.T, opts ...core.Option) Logger {
		lp, _ := NewLogRecorderProvider(t)
		return newLogger(t, append([]core.Option{logspan.WithLogsAs(m), logspan.WithLoggerProvider(lp)}, opts...)...)
	}
	if newOutput := h.NewOutput; newOutput != nil {
		h.NewOutput = func(t *testing.T, w io.Writer, spans bool, opts ...core.Option) Logger {
			if !spans {
				return newOutput(t, w, spans, opts...)
			}
			lp, _ := NewLogRecorderProvider(t)
			return newOutput(t, w, spans, append([]core.Option{logspan.WithLogsAs(m), logspan.WithLoggerProvider(lp)}, opts...)...)
		}
	}
	return h
}

// checkTwins wants, for every log span of the adapter, the log record with
// its ids and its content.
func (e *env) checkTwins(spans []sdktrace.ReadOnlySpan) {
	e.t.Helper()
	bySpan := map[trace.SpanID]sdklog.Record{}
	for _, r := range e.logs.Records() {
		bySpan[r.SpanID()] = r
	}
	for _, s := range spans {
		if s.InstrumentationScope().Name != e.h.ScopeName {
			continue // a reference span core made in the spans model
		}
		r, ok := bySpan[s.SpanContext().SpanID()]
		if !ok {
			e.t.Errorf("log span %q has no log record with its span id", s.Name())
			continue
		}
		SameEvent(e.t, s, r)
	}
}

// records returns the log records, failing the test when there are not n.
func (e *env) records(n int) []sdklog.Record {
	e.t.Helper()
	got := e.logs.Records()
	if len(got) != n {
		e.t.Fatalf("got %d log records, want %d", len(got), n)
	}
	return got
}

// SameEvent checks that a log record and the instant span of the same log
// (in the both model) are one event: the record carries the span's trace
// and span ids and timestamp, and the span's content in the log data
// model (see core's package doc, "Log records").
func SameEvent(tb testing.TB, s sdktrace.ReadOnlySpan, r sdklog.Record) {
	tb.Helper()
	if r.TraceID() != s.SpanContext().TraceID() || r.SpanID() != s.SpanContext().SpanID() {
		tb.Errorf("record ids %s/%s, want the log span's %s/%s", r.TraceID(), r.SpanID(), s.SpanContext().TraceID(), s.SpanContext().SpanID())
	}
	if !r.Timestamp().Equal(s.StartTime()) {
		tb.Errorf("record time %v, want the span's %v", r.Timestamp(), s.StartTime())
	}
	sameContent(tb, s, r, false)
}

// sameContent checks that r carries s's content: body the message,
// severity the level, the span's attributes and its first exception. With
// noCaller, the code.* attributes are left out (two logs made from two
// call sites).
func sameContent(tb testing.TB, s sdktrace.ReadOnlySpan, r sdklog.Record, noCaller bool) {
	tb.Helper()
	sa := Attributes(s)
	if got, want := r.Body().AsString(), sa[core.KeyMsg].AsString(); r.Body().Type() != attribute.STRING || got != want {
		tb.Errorf("body = %s, want the message %q", r.Body().Emit(), want)
	}
	level := sa[core.KeyLevelNum].AsInt64() // on Logfire's scale; the exact one when it differs:
	if exact, ok := sa[core.KeySeverityNumber]; ok {
		level = exact.AsInt64()
	}
	if got, want := int64(r.Severity()), min(max(level, 1), 24); got != want {
		tb.Errorf("severity = %d, want the level %d", got, want)
	}
	if got, want := r.SeverityText(), sa[core.KeyLogLevel].AsString(); got != want {
		tb.Errorf("severity text = %q, want the level name %q", got, want)
	}
	if r.InstrumentationScope().Name != s.InstrumentationScope().Name || r.InstrumentationScope().Version != s.InstrumentationScope().Version {
		tb.Errorf("record scope %+v, want the span's %+v", r.InstrumentationScope(), s.InstrumentationScope())
	}
	if r.ObservedTimestamp().IsZero() {
		tb.Error("record has no observed time")
	}
	want := sa
	if ex := exceptionEvents(s); len(ex) > 0 {
		for _, kv := range ex[0].Attributes {
			want[kv.Key] = kv.Value
		}
	}
	got := RecordAttributes(tb, r)
	skip := func(k attribute.Key) bool { return noCaller && strings.HasPrefix(string(k), "code.") }
	for k, w := range want {
		if skip(k) {
			continue
		}
		if g, ok := got[k]; !ok {
			tb.Errorf("record lacks %s = %s", k, w.Emit())
		} else if g.Type() != w.Type() || !reflect.DeepEqual(g.AsInterface(), w.AsInterface()) {
			tb.Errorf("record %s = %s %s, span %s %s", k, g.Type(), g.Emit(), w.Type(), w.Emit())
		}
	}
	if s.DroppedAttributes() > 0 {
		// Past the attribute count limit the record, whose limit is the
		// log SDK's, may keep other fields than its span.
		return
	}
	for k, g := range got {
		if _, ok := want[k]; !ok && !skip(k) {
			tb.Errorf("record has %s = %s, which the span has not", k, g.Emit())
		}
	}
}

var recordChecks = []check{
	{"SameAsSpans", checkRecordsSameAsSpans},
	{"NoSpan", checkRecordsNoSpan},
	{"Levels", checkRecordLevels},
	{"DisabledLogger", checkRecordsDisabledLogger},
	{"CancelledContext", checkRecordsCancelledContext},
	{"Concurrent", checkRecordsConcurrent},
	{"FatalFlushes", checkRecordsFatalFlushes},
	{"Sync", checkRecordsSync},
	{"OutputCorrelation", checkRecordsOutput},
}

// sample is one log the records are compared on.
type sample struct {
	name string
	log  func(t *testing.T, l Logger, ctx context.Context)
}

// samples are the logs of the span checks whose content a record must
// carry too: the cross-logger table, the conversion table, errors, a
// derived logger, scrubbing and bad input.
func (h Harness) samples() []sample {
	var out []sample
	for _, row := range Table {
		if _, ok := h.Differences[row.Name]; ok {
			continue
		}
		if _, ok := h.level(row.Level); !ok {
			continue
		}
		out = append(out, sample{"Table/" + row.Name, func(t *testing.T, l Logger, ctx context.Context) { logRow(t, l, ctx, row) }})
	}
	fields := make([]Field, len(fieldTypes))
	for i, ft := range fieldTypes {
		fields[i] = Field{ft.name, ft.give}
	}
	out = append(out,
		sample{"FieldTypes", func(_ *testing.T, l Logger, ctx context.Context) { l.Log(ctx, core.LevelInfo, "typed", fields...) }},
		sample{"Error", func(_ *testing.T, l Logger, ctx context.Context) {
			l.Log(ctx, core.LevelError, "request failed", Field{"error", &codedError{code: 7}}, Field{"second", errors.New("other")})
		}},
		sample{"ErrorStack", func(_ *testing.T, l Logger, ctx context.Context) {
			l.Log(ctx, core.LevelError, "", Field{"error", stackError{}})
		}},
		sample{"With", func(_ *testing.T, l Logger, ctx context.Context) {
			l.With(Field{"service", "api"}).With(Field{"user", "ada"}).Log(ctx, core.LevelInfo, "derived", Field{"call", true})
		}},
		sample{"Scrubbing", func(_ *testing.T, l Logger, ctx context.Context) {
			l.Log(ctx, core.LevelInfo, "login", Field{"password", "hunter2"}, Field{"request", map[string]any{"api_key": "k"}})
		}},
	)
	for _, bad := range badInputs() {
		if _, ok := h.Unsupported[bad.name]; ok {
			continue
		}
		out = append(out, sample{"BadInput/" + bad.name, func(_ *testing.T, l Logger, ctx context.Context) {
			l.Log(ctx, core.LevelInfo, "bad input", bad.give...)
		}})
	}
	return out
}

// checkRecordsSameAsSpans logs each sample in the spans model and in the
// records model: the record carries what the span does.
func checkRecordsSameAsSpans(t *testing.T, h Harness) {
	spans := h
	spans.logsAs = logspan.LogsAsSpans
	for _, smp := range h.samples() {
		t.Run(smp.name, func(t *testing.T) {
			se := newEnv(t, spans)
			ctx, parent := se.parent()
			smp.log(t, se.logger, ctx)
			parent.End()
			s := se.one()

			re := newEnv(t, h)
			smp.log(t, re.logger, ctx)
			r := re.records(1)[0]
			sameContent(t, s, r, true)
			if r.TraceID() != parent.SpanContext().TraceID() || r.SpanID() != parent.SpanContext().SpanID() {
				t.Errorf("record ids %s/%s, want the context span's %s/%s", r.TraceID(), r.SpanID(),
					parent.SpanContext().TraceID(), parent.SpanContext().SpanID())
			}
		})
	}
}

// countingSampler counts the spans it is asked about.
type countingSampler struct {
	sdktrace.Sampler
	n atomic.Int64
}

func (c *countingSampler) ShouldSample(p sdktrace.SamplingParameters) sdktrace.SamplingResult {
	c.n.Add(1)
	return c.Sampler.ShouldSample(p)
}

// checkRecordsNoSpan: in the records model no span is made and no sampler
// asked; a record under a span carries the span's ids, one outside any
// span none.
func checkRecordsNoSpan(t *testing.T, h Harness) {
	sampler := &countingSampler{Sampler: sdktrace.AlwaysSample()}
	sr := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSampler(sampler), sdktrace.WithSpanProcessor(sr))
	t.Cleanup(func() { _ = tp.Shutdown(context.Background()) })
	if h.direct {
		t.Cleanup(core.RegisterPipeline(tp, core.NewPipeline(core.PipelineConfig{
			Sampler: sampler, SpanLimits: sdktrace.NewSpanLimits(), Processors: []sdktrace.SpanProcessor{sr},
		})))
	}
	lp, logs := NewLogRecorderProvider(t)
	l := h.NewLogger(t, core.WithTracerProvider(tp), logspan.WithLoggerProvider(lp))
	ctx, parent := tp.Tracer("spantest").Start(context.Background(), "parent")
	asked := sampler.n.Load()
	l.Log(ctx, core.LevelError, "under a span", Field{"error", errors.New("boom")})
	l.Log(nil, core.LevelInfo, "outside any span")
	parent.End()
	if n := sampler.n.Load() - asked; n != 0 {
		t.Errorf("the sampler was asked %d times for records", n)
	}
	if n := len(sr.Ended()); n != 1 {
		t.Errorf("%d spans ended, want only the parent", n)
	}
	recs := logs.Records()
	if len(recs) != 2 {
		t.Fatalf("got %d records, want 2", len(recs))
	}
	if recs[0].TraceID() != parent.SpanContext().TraceID() || recs[0].SpanID() != parent.SpanContext().SpanID() {
		t.Errorf("record under a span has ids %s/%s, want the span's", recs[0].TraceID(), recs[0].SpanID())
	}
	if recs[1].TraceID().IsValid() || recs[1].SpanID().IsValid() {
		t.Errorf("record outside any span has ids %s/%s, want none", recs[1].TraceID(), recs[1].SpanID())
	}
}

// checkRecordLevels: each level is its severity number and name; the
// minimum level holds for records too.
func checkRecordLevels(t *testing.T, h Harness) {
	e := newEnv(t, h, core.WithMinLevel(core.LevelTrace))
	for _, l := range h.Levels {
		e.logger.Log(nil, l.Level, "at "+l.Name)
	}
	recs := e.records(len(h.Levels))
	for i, l := range h.Levels {
		if got := int(recs[i].Severity()); got != min(max(int(l.Level), 1), 24) {
			t.Errorf("%s: severity %d, want %d", l.Name, got, l.Level)
		}
		if got := recs[i].SeverityText(); got != l.Name {
			t.Errorf("%s: severity text %q", l.Name, got)
		}
		if got := recs[i].Body().AsString(); got != "at "+l.Name {
			t.Errorf("%s: body %q", l.Name, got)
		}
	}
	m := newEnv(t, h, core.WithMinLevel(core.LevelError))
	m.logger.Log(nil, core.LevelInfo, "below")
	m.logger.Log(nil, core.LevelError, "at")
	if r := m.records(1)[0]; r.Body().AsString() != "at" {
		t.Errorf("got record %q, want only the one at the minimum level", r.Body().AsString())
	}
}

// checkRecordsDisabledLogger: a logger that would drop the record gets
// none, and the log call still returns normally.
func checkRecordsDisabledLogger(t *testing.T, h Harness) {
	e := newEnv(t, h)
	e.logs.SetMinSeverity(25)
	e.logger.Log(nil, core.LevelError, "dropped", Field{"k", "v"}, Field{"error", errors.New("x")})
	e.records(0)
}

// checkRecordsCancelledContext: the log of a cancelled request is still a
// record, under the request's span.
func checkRecordsCancelledContext(t *testing.T, h Harness) {
	e := newEnv(t, h)
	ctx, parent := e.parent()
	ctx, cancel := context.WithCancel(ctx)
	cancel()
	e.logger.Log(ctx, core.LevelInfo, "after cancel")
	parent.End()
	if r := e.records(1)[0]; r.SpanID() != parent.SpanContext().SpanID() {
		t.Error("a cancelled context lost its span")
	}
}

// checkRecordsConcurrent: records of concurrent logs keep their own
// fields.
func checkRecordsConcurrent(t *testing.T, h Harness) {
	e := newEnv(t, h)
	base := e.logger.With(Field{"shared", 1})
	const goroutines, logs = 8, 50
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			l := base.With(Field{"g", g})
			for i := range logs {
				l.Log(nil, core.LevelInfo, "concurrent", Field{"i", i})
			}
		}()
	}
	wg.Wait()
	seen := map[[2]int64]bool{}
	for _, r := range e.records(goroutines * logs) {
		a := RecordAttributes(t, r)
		if a["shared"].AsInt64() != 1 {
			t.Fatal("a concurrent record lost its With field")
		}
		seen[[2]int64{a["g"].AsInt64(), a["i"].AsInt64()}] = true
	}
	if len(seen) != goroutines*logs {
		t.Errorf("got %d distinct (goroutine, log) pairs, want %d", len(seen), goroutines*logs)
	}
}

// checkRecordsFatalFlushes: a fatal log flushes the logger provider before
// the call returns.
func checkRecordsFatalFlushes(t *testing.T, h Harness) {
	e := newEnv(t, h)
	f, ok := e.logger.(Fataler)
	if !ok {
		t.Skip("the harness cannot intercept the logger's exit")
	}
	f.Fatal(context.Background(), "last words")
	e.records(1)
	if e.logs.Flushes() == 0 {
		t.Error("the logger provider was not flushed when Fatal returned")
	}
}

// checkRecordsSync: the logger's Sync flushes the logger provider.
func checkRecordsSync(t *testing.T, h Harness) {
	e := newEnv(t, h)
	s, ok := e.logger.(Syncer)
	if !ok {
		t.Skip("the logger has no Sync")
	}
	e.logger.Log(nil, core.LevelInfo, "before sync")
	if err := s.Sync(); errors.Is(err, ErrUnsupported) {
		t.Skip("the logger has no Sync")
	} else if err != nil {
		t.Errorf("Sync: %v", err)
	}
	if e.logs.Flushes() == 0 {
		t.Error("Sync did not flush the logger provider")
	}
}

// checkRecordsOutput: the logger's output is unchanged but for the ids,
// which are the context span's (there is no log span); none outside a
// span.
func checkRecordsOutput(t *testing.T, h Harness) {
	if h.NewOutput == nil {
		t.Skip("the harness gives no output")
	}
	tp := h.provider(t, tracetest.NewSpanRecorder())
	ctx, parent := tp.Tracer("spantest").Start(context.Background(), "request")
	defer parent.End()
	for _, row := range Table {
		t.Run(row.Name, func(t *testing.T) {
			if _, ok := h.level(row.Level); !ok {
				t.Skipf("the logger has no level %d", row.Level)
			}
			var plain, teed bytes.Buffer
			logRow(t, h.NewOutput(t, &plain, false), ctx, row)
			logRow(t, h.NewOutput(t, &teed, true, core.WithTracerProvider(tp)), ctx, row)
			if got, want := idsInOutput.ReplaceAllString(teed.String(), ""), plain.String(); got != want {
				t.Errorf("output changed by logspan:\n got %s\nwant %s", got, want)
			}
			for _, id := range []string{parent.SpanContext().TraceID().String(), parent.SpanContext().SpanID().String()} {
				if !strings.Contains(teed.String(), id) {
					t.Errorf("output %s: want %s, the context span's", teed.String(), id)
				}
			}
		})
	}
	var out bytes.Buffer
	h.NewOutput(t, &out, true, core.WithTracerProvider(tp)).Log(context.Background(), core.LevelInfo, "no ids")
	if idsInOutput.MatchString(out.String()) {
		t.Errorf("output %s has ids outside any span", out.String())
	}
}
