package core_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/log"
	sdklog "go.opentelemetry.io/otel/sdk/log"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/core"
	"github.com/logspan/logspan/core/spantest"
)

// logOne makes one error log with a few fields, a duplicate key and an
// error, through em, under ctx.
func logOne(em *core.Emitter, ctx context.Context) core.Correlation {
	ev := em.Start(ctx, core.Record{
		Time:    time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC),
		Level:   core.LevelError,
		Message: "payment failed",
		Caller:  core.Caller{File: "pay.go", Line: 7},
	}, nil)
	if ev.Recording() {
		enc := ev.Encoder()
		enc.AddString("order", "A-16")
		enc.AddString("order", "A-17") // the last value wins, as on the span
		enc.AddInt64("items", 3)
		enc.AddStrings("tags", []string{"a", "b"})
		enc.AddError("error", errors.New("card declined"))
	}
	return ev.End()
}

func TestRecordsOnly(t *testing.T) {
	tp, spans := spantest.NewRecorder(t)
	lp, recs := spantest.NewLogRecorderProvider(t)
	em := core.NewEmitter("example.com/x", "1.2.3", core.WithTracerProvider(tp),
		logspan.WithLoggerProvider(lp), logspan.WithLogsAs(logspan.LogsAsRecords))
	ctx, parent := tp.Tracer("t").Start(context.Background(), "parent")
	ids := logOne(em, ctx)
	parent.End()

	if n := len(spans.Ended()); n != 1 {
		t.Fatalf("%d spans ended, want only the parent", n)
	}
	got := recs.Records()
	if len(got) != 1 {
		t.Fatalf("%d records, want 1", len(got))
	}
	r := got[0]
	if r.Body().AsString() != "payment failed" {
		t.Errorf("body = %v", r.Body().Emit())
	}
	if r.Severity() != log.SeverityError1 || r.SeverityText() != "error" {
		t.Errorf("severity = %v %q", r.Severity(), r.SeverityText())
	}
	if !r.Timestamp().Equal(time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)) || r.ObservedTimestamp().IsZero() {
		t.Errorf("timestamps = %v, %v", r.Timestamp(), r.ObservedTimestamp())
	}
	if sc := spantest.RecordSpanContext(r); sc.TraceID() != parent.SpanContext().TraceID() || sc.SpanID() != parent.SpanContext().SpanID() {
		t.Errorf("record ids %v, want the context span's %v", sc, parent.SpanContext())
	}
	if ids.SpanID() != parent.SpanContext().SpanID() {
		t.Errorf("correlation span id %v, want the context span's", ids.SpanID())
	}
	if s := r.InstrumentationScope(); s.Name != "example.com/x" || s.Version != "1.2.3" {
		t.Errorf("scope = %+v", s)
	}
	a := spantest.RecordAttributes(t, r)
	want := map[attribute.Key]attribute.Value{
		core.KeyCodeFilePath:      attribute.StringValue("pay.go"),
		core.KeyCodeLineNumber:    attribute.IntValue(7),
		core.KeyCodeFilePathOld:   attribute.StringValue("pay.go"),
		core.KeyCodeLineNumberOld: attribute.IntValue(7),
		"order":                   attribute.StringValue("A-17"),
		"items":                   attribute.Int64Value(3),
		core.KeyTags:              attribute.StringSliceValue([]string{"a", "b"}),
		"error":                   attribute.StringValue("card declined"),
		core.KeyExceptionType:     attribute.StringValue("*errors.errorString"),
		core.KeyExceptionMessage:  attribute.StringValue("card declined"),
	}
	for k, v := range want {
		if got, ok := a[k]; !ok || got.Emit() != v.Emit() {
			t.Errorf("%s = %v, want %v", k, got.Emit(), v.Emit())
		}
	}
	// The message and the level are the record's own fields, and restated
	// under the span's keys, which Logfire reads.
	for _, k := range restatedKeys {
		if _, ok := a[k]; !ok {
			t.Errorf("record lacks %s", k)
		}
	}
	if _, ok := a[core.KeyJSONSchema]; !ok {
		t.Error("record lacks logfire.json_schema")
	}
	if n := len(want) + len(restatedKeys) + 1; len(a) != n { // + json_schema
		t.Errorf("record has %d attributes, want %d", len(a), n)
	}
}

var restatedKeys = []attribute.Key{core.KeySpanType, core.KeyLevelNum, core.KeyLogLevel, core.KeyMsgTemplate, core.KeyMsg}

func TestRecordsBothCarriesTheLogSpan(t *testing.T) {
	for _, direct := range []bool{false, true} {
		name := map[bool]string{false: "SDK", true: "Direct"}[direct]
		t.Run(name, func(t *testing.T) {
			tp, spans := spantest.NewRecorder(t)
			if direct {
				t.Cleanup(core.RegisterPipeline(tp, core.NewPipeline(core.PipelineConfig{
					SpanLimits: sdktrace.NewSpanLimits(), Processors: []sdktrace.SpanProcessor{spans},
				})))
			}
			lp, recs := spantest.NewLogRecorderProvider(t)
			em := core.NewEmitter("example.com/x", "1", core.WithTracerProvider(tp),
				logspan.WithLoggerProvider(lp), logspan.WithLogsAs(logspan.LogsAsBoth))
			ids := logOne(em, context.Background())
			if len(spans.Ended()) != 1 || len(recs.Records()) != 1 {
				t.Fatalf("%d spans, %d records, want one each", len(spans.Ended()), len(recs.Records()))
			}
			s, r := spans.Ended()[0], recs.Records()[0]
			if got := spantest.RecordSpanContext(r); got.TraceID() != s.SpanContext().TraceID() || got.SpanID() != s.SpanContext().SpanID() {
				t.Errorf("record ids %v, want the log span's %v", got, s.SpanContext())
			}
			_ = ids
			sa, ra := spantest.Attributes(s), spantest.RecordAttributes(t, r)
			for k, v := range sa {
				if ra[k].Emit() != v.Emit() {
					t.Errorf("%s: record %v, span %v", k, ra[k].Emit(), v.Emit())
				}
			}
			if len(ra) != len(sa)+2 { // + exception.type, exception.message
				t.Errorf("record has %d attributes, span %d (+2 exception)", len(ra), len(sa))
			}
		})
	}
}

func TestRecordsDisabledLogger(t *testing.T) {
	lp, recs := spantest.NewLogRecorderProvider(t)
	recs.SetMinSeverity(int(log.SeverityWarn1))
	em := core.NewEmitter("x", "1", logspan.WithLoggerProvider(lp), logspan.WithLogsAs(logspan.LogsAsRecords))
	ev := em.Start(context.Background(), core.Record{Level: core.LevelInfo, Message: "dropped"}, nil)
	if ev == nil || ev.Recording() {
		t.Fatalf("event %v, recording %v: want an event that wants no fields", ev, ev != nil && ev.Recording())
	}
	ev.End()
	if n := len(recs.Records()); n != 0 {
		t.Errorf("%d records from a disabled logger", n)
	}
}

func TestRecordsGlobalProviderAtTheTimeOfTheLog(t *testing.T) {
	old := otel.GetLoggerProvider()
	t.Cleanup(func() { otel.SetLoggerProvider(old) })
	em := core.NewEmitter("x", "1", logspan.WithLogsAs(logspan.LogsAsRecords))
	em.Start(context.Background(), core.Record{Level: core.LevelInfo, Message: "before"}, nil).End()
	lp, recs := spantest.NewLogRecorderProvider(t)
	otel.SetLoggerProvider(lp)
	em.Start(context.Background(), core.Record{Level: core.LevelInfo, Message: "after"}, nil).End()
	got := recs.Records()
	if len(got) != 1 || got[0].Body().AsString() != "after" {
		t.Fatalf("records %v, want the one made after the provider was set", got)
	}
}

func TestRecordsProcessDefault(t *testing.T) {
	lp, recs := spantest.NewLogRecorderProvider(t)
	tp, spans := spantest.NewRecorder(t)
	em := core.NewEmitter("x", "1", core.WithTracerProvider(tp), logspan.WithLoggerProvider(lp))
	em.Start(context.Background(), core.Record{Level: core.LevelInfo, Message: "span"}, nil).End()
	restore := core.SetDefaultLogsAs(logspan.LogsAsRecords)
	em.Start(context.Background(), core.Record{Level: core.LevelInfo, Message: "record"}, nil).End()
	restore()
	em.Start(context.Background(), core.Record{Level: core.LevelInfo, Message: "span again"}, nil).End()
	if len(spans.Ended()) != 2 || len(recs.Records()) != 1 || recs.Records()[0].Body().AsString() != "record" {
		t.Errorf("%d spans, records %v: want the default read per log", len(spans.Ended()), recs.Records())
	}
}

func TestRecordsCancelledContext(t *testing.T) {
	var seen context.Context
	lp := sdklog.NewLoggerProvider(sdklog.WithProcessor(ctxProcessor{&seen}))
	em := core.NewEmitter("x", "1", logspan.WithLoggerProvider(lp), logspan.WithLogsAs(logspan.LogsAsRecords))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	em.Start(ctx, core.Record{Level: core.LevelInfo, Message: "late"}, nil).End()
	if seen == nil || seen.Err() != nil {
		t.Errorf("record emitted with %v, want a context that is not cancelled", seen)
	}
}

func TestRecordsFatalFlushes(t *testing.T) {
	lp, recs := spantest.NewLogRecorderProvider(t)
	em := core.NewEmitter("x", "1", logspan.WithLoggerProvider(lp), logspan.WithLogsAs(logspan.LogsAsBoth))
	em.Start(context.Background(), core.Record{Level: core.LevelFatal, Message: "bye"}, nil).End()
	if recs.Flushes() != 1 {
		t.Errorf("logger provider flushed %d times, want 1", recs.Flushes())
	}
}

func TestRecordsManyFieldsUniqueKeys(t *testing.T) {
	lp, recs := spantest.NewLogRecorderProvider(t, sdklog.WithAllowKeyDuplication())
	em := core.NewEmitter("x", "1", logspan.WithLoggerProvider(lp), logspan.WithLogsAs(logspan.LogsAsRecords))
	ev := em.Start(context.Background(), core.Record{Level: core.LevelInfo, Message: "many"}, nil)
	enc := ev.Encoder()
	for i := range 100 {
		enc.AddInt64(string(rune('a'+i%40)), int64(i)) // 40 keys, each several times
	}
	ev.End()
	a := spantest.RecordAttributes(t, recs.Records()[0]) // fails on a duplicate
	if a["a"].AsInt64() != 80 {
		t.Errorf("a = %v, want the last value 80", a["a"].Emit())
	}
}

// ctxProcessor keeps the context of the last record.
type ctxProcessor struct{ ctx *context.Context }

func (p ctxProcessor) Enabled(context.Context, sdklog.EnabledParameters) bool { return true }
func (p ctxProcessor) OnEmit(ctx context.Context, _ *sdklog.Record) error {
	*p.ctx = ctx
	_ = trace.SpanFromContext(ctx)
	return nil
}
func (ctxProcessor) Shutdown(context.Context) error   { return nil }
func (ctxProcessor) ForceFlush(context.Context) error { return nil }

// sliceProvider is a logger provider of a type that cannot be compared:
// the emitter must not try to.
type sliceProvider struct {
	log.LoggerProvider
	_ []int
}

func TestRecordsProviderNotComparable(t *testing.T) {
	lp, recs := spantest.NewLogRecorderProvider(t)
	old := otel.GetLoggerProvider()
	t.Cleanup(func() { otel.SetLoggerProvider(old) })
	otel.SetLoggerProvider(sliceProvider{LoggerProvider: lp})
	em := core.NewEmitter("x", "1", logspan.WithLogsAs(logspan.LogsAsRecords))
	for range 3 {
		em.Start(context.Background(), core.Record{Level: core.LevelInfo, Message: "m"}, nil).End()
	}
	if n := len(recs.Records()); n != 3 {
		t.Errorf("%d records, want 3", n)
	}
}

func TestRecordsBothUnsampledParent(t *testing.T) {
	tp, spans := spantest.NewRecorder(t, sdktrace.WithSampler(sdktrace.ParentBased(sdktrace.AlwaysSample())))
	lp, recs := spantest.NewLogRecorderProvider(t)
	em := core.NewEmitter("x", "1", core.WithTracerProvider(tp), logspan.WithLoggerProvider(lp), logspan.WithLogsAs(logspan.LogsAsBoth))
	ctx := trace.ContextWithRemoteSpanContext(context.Background(), trace.NewSpanContext(trace.SpanContextConfig{
		TraceID: trace.TraceID{1}, SpanID: trace.SpanID{2}, Remote: true,
	}))
	ev := em.Start(ctx, core.Record{Level: core.LevelInfo, Message: "unsampled"}, nil)
	if !ev.Recording() {
		t.Fatal("Recording is false: the record wants the fields even when the span is not sampled")
	}
	ev.Encoder().AddString("k", "v")
	sc := ev.SpanContext()
	ev.End()
	if n := len(spans.Ended()); n != 0 {
		t.Errorf("%d spans recorded under an unsampled parent", n)
	}
	got := recs.Records()
	if len(got) != 1 {
		t.Fatalf("%d records, want 1", len(got))
	}
	if got[0].SpanID() != sc.SpanID() || got[0].SpanID() == (trace.SpanID{2}) || got[0].TraceFlags().IsSampled() {
		t.Errorf("record span %s flags %s, want the unsampled log span's %s", got[0].SpanID(), got[0].TraceFlags(), sc.SpanID())
	}
	if spantest.RecordAttributes(t, got[0])["k"].AsString() != "v" {
		t.Error("the record lost its field")
	}
}

// failingFlush is a logger provider whose flush fails.
type failingFlush struct{ log.LoggerProvider }

var errFlush = errors.New("flush failed")

func (failingFlush) ForceFlush(context.Context) error { return errFlush }

func TestRecordsFlushError(t *testing.T) {
	lp, _ := spantest.NewLogRecorderProvider(t)
	for _, m := range []logspan.LogsAs{logspan.LogsAsRecords, logspan.LogsAsBoth} {
		em := core.NewEmitter("x", "1", logspan.WithLoggerProvider(&failingFlush{lp}), logspan.WithLogsAs(m))
		if err := em.Flush(context.Background()); !errors.Is(err, errFlush) {
			t.Errorf("%v: Flush = %v, want the logger provider's error", m, err)
		}
	}
	em := core.NewEmitter("x", "1", logspan.WithLoggerProvider(&failingFlush{lp}), logspan.WithLogsAs(logspan.LogsAsSpans))
	if err := em.Flush(context.Background()); err != nil {
		t.Errorf("spans: Flush = %v, want the logger provider left alone", err)
	}
}

// nilLoggers is a provider that returns no logger.
type nilLoggers struct{ log.LoggerProvider }

func (*nilLoggers) Logger(string, ...log.LoggerOption) log.Logger { return nil }

func TestRecordsBadProviders(t *testing.T) {
	for _, lp := range []log.LoggerProvider{(*sdklog.LoggerProvider)(nil), &nilLoggers{}} {
		em := core.NewEmitter("x", "1", logspan.WithLoggerProvider(lp), logspan.WithLogsAs(logspan.LogsAsBoth))
		ev := em.Start(context.Background(), core.Record{Level: core.LevelFatal, Message: "m"}, nil)
		ev.Encoder().AddString("k", "v")
		ev.End() // must not panic, flush included
	}
}

// A record holds each key once, in the span's order with the span's
// values, however many the fields and whichever keys repeat: a field
// twice, a field named like an attribute logspan sets itself, a field
// named like the exception attributes. Past a few dozen attributes the
// record finds repeats without its index when the fields are unique.
func TestRecordKeysOnceManyFields(t *testing.T) {
	tp, spans := spantest.NewRecorder(t)
	// A provider that keeps duplicate keys, as otelsetup's direct path
	// does: a repeat core let through would show.
	lp, recs := spantest.NewLogRecorderProvider(t, sdklog.WithAllowKeyDuplication())
	em := core.NewEmitter("example.com/x", "", core.WithTracerProvider(tp),
		logspan.WithLoggerProvider(lp), logspan.WithLogsAs(logspan.LogsAsBoth))
	for _, n := range []int{3, 60} {
		for _, repeat := range []string{"", "f1", "log.level", "logfire.msg", "exception.type"} {
			for range 2 { // the second log has the first's shape: the schema's cached answer
				ev := em.Start(context.Background(), core.Record{Level: core.LevelError, Message: "m"}, nil)
				enc := ev.Encoder()
				for i := range n {
					enc.AddInt64(fmt.Sprintf("f%d", i), int64(i))
				}
				if repeat != "" {
					enc.AddString(repeat, "again")
				}
				enc.AddError("error", errors.New("boom"))
				ev.End()
			}
		}
	}
	ended, got := spans.Ended(), recs.Records()
	if len(got) != len(ended) || len(got) != 20 {
		t.Fatalf("%d spans, %d records; want 20 of each", len(ended), len(got))
	}
	for i, r := range got {
		var keys []attribute.Key
		vals := map[attribute.Key]attribute.Value{}
		r.WalkAttributes(func(kv attribute.KeyValue) bool {
			keys = append(keys, kv.Key)
			vals[kv.Key] = kv.Value
			return true
		})
		if len(vals) != len(keys) {
			t.Errorf("record %d has %d attributes for %d keys: a key twice", i, len(keys), len(vals))
		}
		var want []attribute.Key
		for _, kv := range ended[i].Attributes() {
			want = append(want, kv.Key)
			if strings.HasPrefix(string(kv.Key), "exception.") {
				continue // the record's first exception takes these keys (SameEvent)
			}
			if g := vals[kv.Key]; g.Emit() != kv.Value.Emit() {
				t.Errorf("record %d %s = %s, span %s", i, kv.Key, g.Emit(), kv.Value.Emit())
			}
		}
		// The exception attributes come last; the span's own come first,
		// in the span's order.
		if len(keys) < len(want) || !slices.Equal(keys[:len(want)], want) {
			t.Errorf("record %d keys %v,\nspan's %v", i, keys, want)
		}
	}
}

// The schema's answer that a log's fields are unique belongs to its shape:
// a log without fields between two logs of a shape with a repeated key
// does not make the second one's record skip the repeat.
func TestRecordUniqueFollowsShape(t *testing.T) {
	lp, recs := spantest.NewLogRecorderProvider(t, sdklog.WithAllowKeyDuplication())
	em := core.NewEmitter("x", "", logspan.WithLoggerProvider(lp), logspan.WithLogsAs(logspan.LogsAsRecords))
	repeated := func() {
		ev := em.Start(context.Background(), core.Record{Level: core.LevelInfo, Message: "m"}, nil)
		enc := ev.Encoder()
		for i := range 30 {
			enc.AddInt64(fmt.Sprintf("f%d", i), int64(i))
		}
		enc.AddString("f1", "again")
		ev.End()
	}
	repeated()
	em.Start(context.Background(), core.Record{Level: core.LevelInfo, Message: "no fields"}, nil).End()
	repeated()
	for i, r := range recs.Records() {
		seen := map[attribute.Key]int{}
		r.WalkAttributes(func(kv attribute.KeyValue) bool { seen[kv.Key]++; return true })
		for k, n := range seen {
			if n > 1 {
				t.Errorf("record %d: key %q %d times", i, k, n)
			}
		}
	}
}
