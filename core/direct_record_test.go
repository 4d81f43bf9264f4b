package core_test

import (
	"context"
	"sync"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/log"
	"go.opentelemetry.io/otel/log/embedded"
	"go.opentelemetry.io/otel/sdk/instrumentation"
	sdklog "go.opentelemetry.io/otel/sdk/log"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/core"
	"github.com/logspan/logspan/core/spantest"
)

// fakeLogPipeline keeps what its emitters are given, copied (the record is
// core's and reused).
type fakeLogPipeline struct {
	mu      sync.Mutex
	scopes  []instrumentation.Scope
	records []core.LogRecord
	enabled bool
}

func (f *fakeLogPipeline) pipeline() *core.LogPipeline {
	return core.NewLogPipeline(func(scope instrumentation.Scope) core.LogEmitter {
		f.mu.Lock()
		defer f.mu.Unlock()
		f.scopes = append(f.scopes, scope)
		return fakeEmitter{f}
	})
}

type fakeEmitter struct{ f *fakeLogPipeline }

func (e fakeEmitter) Enabled(context.Context, log.Severity) bool { return e.f.enabled }

func (e fakeEmitter) Emit(_ context.Context, r *core.LogRecord) {
	e.f.mu.Lock()
	defer e.f.mu.Unlock()
	c := *r
	c.Attributes = append([]attribute.KeyValue(nil), r.Attributes...)
	e.f.records = append(e.f.records, c)
}

// A registered log pipeline takes the records of emitters whose provider
// it serves, with the content the provider's logger gets; withdrawn, the
// records go to the provider again. A disabled emitter gets none.
func TestRegisterLogPipeline(t *testing.T) {
	tp, _ := spantest.NewRecorder(t)
	lp, recs := spantest.NewLogRecorderProvider(t)
	em := core.NewEmitter("example.com/x", "1.2.3", core.WithTracerProvider(tp),
		logspan.WithLoggerProvider(lp), logspan.WithLogsAs(logspan.LogsAsRecords))
	ctx, parent := tp.Tracer("t").Start(context.Background(), "parent")
	defer parent.End()

	logOne(em, ctx)
	want := recs.Records()
	if len(want) != 1 {
		t.Fatalf("%d records through the provider, want 1", len(want))
	}

	f := &fakeLogPipeline{enabled: true}
	unregister := core.RegisterLogPipeline(lp, f.pipeline())
	logOne(em, ctx)
	logOne(em, ctx)
	if n := len(recs.Records()); n != 1 {
		t.Errorf("the provider got %d records while the pipeline was registered, want none more", n-1)
	}
	if len(f.records) != 2 {
		t.Fatalf("the pipeline got %d records, want 2", len(f.records))
	}
	if len(f.scopes) != 1 || f.scopes[0] != (instrumentation.Scope{Name: "example.com/x", Version: "1.2.3"}) {
		t.Errorf("emitters asked for %v, want the emitter's scope once", f.scopes)
	}
	sameAsSDK(t, want[0], f.records[0])
	if f.records[0].TraceID != parent.SpanContext().TraceID() || f.records[0].SpanID != parent.SpanContext().SpanID() {
		t.Errorf("record under %v/%v, want the parent's ids", f.records[0].TraceID, f.records[0].SpanID)
	}

	f.enabled = false
	logOne(em, ctx)
	if len(f.records) != 2 {
		t.Errorf("a disabled emitter got a record")
	}

	unregister()
	unregister() // a second call does nothing
	logOne(em, ctx)
	if n := len(recs.Records()); n != 2 {
		t.Errorf("after unregister the provider got %d records, want 2", n)
	}
}

// sameAsSDK checks that the pipeline's record has the content the SDK's
// record has for the same log.
func sameAsSDK(t *testing.T, want sdklog.Record, got core.LogRecord) {
	t.Helper()
	if got.Timestamp != want.Timestamp() || got.Severity != want.Severity() ||
		got.SeverityText != want.SeverityText() || got.Body.Emit() != want.Body().Emit() {
		t.Errorf("record = %v %v %q %q, want %v %v %q %q", got.Timestamp, got.Severity, got.SeverityText,
			got.Body.Emit(), want.Timestamp(), want.Severity(), want.SeverityText(), want.Body().Emit())
	}
	if got.ObservedTimestamp.IsZero() {
		t.Error("no observed timestamp")
	}
	var attrs []attribute.KeyValue
	want.WalkAttributes(func(kv attribute.KeyValue) bool {
		attrs = append(attrs, kv)
		return true
	})
	if len(attrs) != len(got.Attributes) {
		t.Fatalf("%d attributes, want %d", len(got.Attributes), len(attrs))
	}
	for i := range attrs {
		if attrs[i] != got.Attributes[i] {
			t.Errorf("attribute %d = %v, want %v", i, got.Attributes[i], attrs[i])
		}
	}
}

// Registering nothing, for nothing, or for a provider that cannot be
// compared, registers nothing and cannot make the logging path panic.
func TestRegisterLogPipelineRefuses(t *testing.T) {
	f := &fakeLogPipeline{enabled: true}
	core.RegisterLogPipeline(nil, f.pipeline())()
	lp, _ := spantest.NewLogRecorderProvider(t)
	core.RegisterLogPipeline(lp, nil)()
	if core.NewLogPipeline(nil) != nil {
		t.Error("NewLogPipeline(nil) made a pipeline")
	}
	type uncomparable struct {
		log.LoggerProvider
		_ []int
	}
	u := uncomparable{LoggerProvider: lp}
	unregister := core.RegisterLogPipeline(u, f.pipeline())
	defer unregister()
	em := core.NewEmitter("x", "", logspan.WithLoggerProvider(u), logspan.WithLogsAs(logspan.LogsAsRecords))
	logOne(em, context.Background())
	if len(f.records) != 0 {
		t.Error("an uncomparable provider's pipeline got a record")
	}
}

// A pipeline registered again for the same provider replaces the first;
// the first's unregister then withdraws nothing.
func TestRegisterLogPipelineReplaces(t *testing.T) {
	lp, _ := spantest.NewLogRecorderProvider(t)
	first, second := &fakeLogPipeline{enabled: true}, &fakeLogPipeline{enabled: true}
	unFirst := core.RegisterLogPipeline(lp, first.pipeline())
	unSecond := core.RegisterLogPipeline(lp, second.pipeline())
	defer unSecond()
	unFirst()
	em := core.NewEmitter("x", "", logspan.WithLoggerProvider(lp), logspan.WithLogsAs(logspan.LogsAsRecords))
	logOne(em, context.Background())
	if len(first.records) != 0 || len(second.records) != 1 {
		t.Errorf("first got %d, second %d records; want 0 and 1", len(first.records), len(second.records))
	}
}

// hostileProvider is of a comparable type holding a value that is not:
// comparing two of them panics.
type hostileProvider struct {
	embedded.LoggerProvider
	v any
}

func (hostileProvider) Logger(string, ...log.LoggerOption) log.Logger { return nil }

// A provider whose value cannot be compared is neither registered nor
// cached, and logging through it cannot panic.
func TestRegisterLogPipelineHostileProvider(t *testing.T) {
	h := hostileProvider{v: []int{1}}
	f := &fakeLogPipeline{enabled: true}
	unregister := core.RegisterLogPipeline(h, f.pipeline())
	defer unregister()
	em := core.NewEmitter("x", "", logspan.WithLoggerProvider(h), logspan.WithLogsAs(logspan.LogsAsRecords))
	logOne(em, context.Background())
	logOne(em, context.Background())
	if len(f.records) != 0 {
		t.Error("the pipeline of an uncomparable provider got a record")
	}
}

// An unregister from an earlier registration of the same pipeline does
// not withdraw a later one.
func TestRegisterLogPipelineStaleUnregister(t *testing.T) {
	lp, _ := spantest.NewLogRecorderProvider(t)
	a, b := &fakeLogPipeline{enabled: true}, &fakeLogPipeline{enabled: true}
	pa := a.pipeline()
	stale := core.RegisterLogPipeline(lp, pa)
	core.RegisterLogPipeline(lp, b.pipeline())
	current := core.RegisterLogPipeline(lp, pa)
	defer current()
	stale()
	em := core.NewEmitter("x", "", logspan.WithLoggerProvider(lp), logspan.WithLogsAs(logspan.LogsAsRecords))
	logOne(em, context.Background())
	if len(a.records) != 1 {
		t.Errorf("the current registration got %d records, want 1", len(a.records))
	}
}
