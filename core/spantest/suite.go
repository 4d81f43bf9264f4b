package spantest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/core"
)

// Run checks the adapter described by h against the span model. Each point
// is a subtest, so a failure names the rule that broke.
func Run(t *testing.T, h Harness) {
	t.Helper()
	if h.NewLogger == nil || h.ScopeName == "" {
		t.Fatal("spantest: Harness needs NewLogger and ScopeName")
	}
	for _, need := range []core.Level{core.LevelInfo, core.LevelError} {
		if _, ok := h.level(need); !ok {
			t.Fatalf("spantest: Harness.Levels must include severity %d", need)
		}
	}
	// Every check runs twice: through the SDK's tracer (any provider) and
	// through core's direct path (the pipeline otelsetup registers), which
	// must make the same spans.
	paths := []struct {
		name   string
		direct bool
	}{{"SDK", false}, {"Direct", true}}
	for _, path := range paths {
		t.Run(path.name, func(t *testing.T) {
			h := h
			h.direct = path.direct
			for _, c := range checks {
				t.Run(c.name, func(t *testing.T) { c.run(t, h) })
			}
		})
	}
	// Then in the other data models (logspan.WithLogsAs): with both, every
	// span check again, each log span checked against its log record; with
	// records only, the record checks.
	for _, model := range []struct {
		logsAs logspan.LogsAs
		checks []check
	}{{logspan.LogsAsBoth, checks}, {logspan.LogsAsRecords, recordChecks}} {
		t.Run(modelName(model.logsAs), func(t *testing.T) {
			for _, path := range paths {
				t.Run(path.name, func(t *testing.T) {
					h := h.inModel(model.logsAs)
					h.direct = path.direct
					for _, c := range model.checks {
						t.Run(c.name, func(t *testing.T) { c.run(t, h) })
					}
				})
			}
		})
	}
}

// check is one rule of the suite.
type check struct {
	name string
	run  func(*testing.T, Harness)
}

var checks = []check{
	{"InstantSpan", checkInstantSpan},
	{"Scope", checkScope},
	{"ModelAttributes", checkModelAttributes},
	{"EmptyMessage", checkEmptyMessage},
	{"LongMessage", checkLongMessage},
	{"Levels", checkLevels},
	{"MinLevel", checkMinLevel},
	{"ParentFromContext", checkParent},
	{"RemoteParent", checkRemoteParent},
	{"NoParent", checkNoParent},
	{"UnsampledParent", checkUnsampledParent},
	{"CancelledContext", checkCancelledContext},
	{"FieldTypes", checkFieldTypes},
	{"JSONSchema", checkJSONSchema},
	{"Error", checkError},
	{"ErrorStack", checkErrorStack},
	{"With", checkWith},
	{"BadValues", checkBadValues},
	{"Scrubbing", checkScrubbing},
	{"BadInput", checkBadInput},
	{"Concurrent", checkConcurrent},
	{"SameAsCore", checkSameAsCore},
	{"Groups", checkGroups},
	{"FatalFlushes", checkFatalFlushes},
	{"Sync", checkSync},
	{"OutputUnchanged", checkOutputUnchanged},
	{"OutputCorrelation", checkOutputCorrelation},
	{"CodeKeys", checkCodeKeys},
	{"SourceRoot", checkSourceRoot},
	{"Fingerprint", checkFingerprint},
	{"FingerprintStack", checkFingerprintStack},
	{"ErrorStatus", checkErrorStatus},
	{"Nulls", checkNulls},
	{"Tags", checkTags},
	{"ConsoleLog", checkConsoleLog},
	{"FatalLevel", checkFatalLevel},
}

func checkInstantSpan(t *testing.T, h Harness) {
	e := newEnv(t, h)
	before := time.Now()
	e.logger.Log(nil, core.LevelInfo, "hello")
	after := time.Now()
	s := e.one()
	if s.Name() != "hello" {
		t.Errorf("name = %q, want the message %q", s.Name(), "hello")
	}
	if s.SpanKind() != trace.SpanKindInternal {
		t.Errorf("kind = %v, want internal", s.SpanKind())
	}
	if !s.StartTime().Equal(s.EndTime()) {
		t.Errorf("start %v != end %v: a log span is an instant", s.StartTime(), s.EndTime())
	}
	// Loggers may round their timestamps (zerolog to the second by
	// default), so allow a second of slack below.
	if s.StartTime().Before(before.Add(-time.Second)) || s.StartTime().After(after) {
		t.Errorf("start %v outside the logging call [%v, %v]", s.StartTime(), before, after)
	}
	if s.ChildSpanCount() != 0 {
		t.Errorf("log span has %d children", s.ChildSpanCount())
	}
	if len(s.Links()) != 0 {
		t.Errorf("log span has links: %v", s.Links())
	}
}

func checkScope(t *testing.T, h Harness) {
	e := newEnv(t, h)
	e.logger.Log(nil, core.LevelInfo, "scoped")
	scope := e.one().InstrumentationScope()
	if scope.Name != h.ScopeName {
		t.Errorf("scope name = %q, want %q", scope.Name, h.ScopeName)
	}
	if scope.Version == "" {
		t.Error("scope version is empty, want the module version")
	}
}

func checkModelAttributes(t *testing.T, h Harness) {
	e := newEnv(t, h)
	e.logger.Log(nil, core.LevelInfo, "user logged in")
	a := attrs(e.one())
	lvl, _ := h.level(core.LevelInfo)
	want := map[attribute.Key]attribute.Value{
		core.KeySpanType:    attribute.StringValue("log"),
		core.KeyLevelNum:    attribute.IntValue(int(core.LevelInfo)),
		core.KeyLogLevel:    attribute.StringValue(lvl.Name),
		core.KeyMsgTemplate: attribute.StringValue("user logged in"),
		core.KeyMsg:         attribute.StringValue("user logged in"),
	}
	for k, v := range want {
		if got, ok := a[k]; !ok || got != v {
			t.Errorf("%s = %v, want %v", k, got.Emit(), v.Emit())
		}
	}
	if _, ok := a[core.KeyJSONSchema]; ok {
		t.Errorf("%s present with no JSON value", core.KeyJSONSchema)
	}
}

func checkEmptyMessage(t *testing.T, h Harness) {
	e := newEnv(t, h)
	e.logger.Log(nil, core.LevelInfo, "")
	lvl, _ := h.level(core.LevelInfo)
	if got := e.one().Name(); got != lvl.Name {
		t.Errorf("name of an empty message = %q, want the level name %q", got, lvl.Name)
	}
}

func checkLongMessage(t *testing.T, h Harness) {
	e := newEnv(t, h)
	msg := strings.Repeat("é", 1000) // 2000 bytes, no ASCII boundary at 512
	e.logger.Log(nil, core.LevelInfo, msg)
	s := e.one()
	if n := len(s.Name()); n > core.MaxNameBytes || n < core.MaxNameBytes-3 {
		t.Errorf("name is %d bytes, want at most %d and cut at the last rune boundary", n, core.MaxNameBytes)
	}
	if !utf8.ValidString(s.Name()) || !strings.HasPrefix(msg, s.Name()) {
		t.Error("name is not a valid UTF-8 prefix of the message")
	}
	if got := attrs(s)[core.KeyMsg].AsString(); got != msg {
		t.Errorf("%s holds %d bytes, want the whole message", core.KeyMsg, len(got))
	}
}

func checkLevels(t *testing.T, h Harness) {
	e := newEnv(t, h, core.WithMinLevel(core.LevelTrace))
	for _, l := range h.Levels {
		e.logger.Log(nil, l.Level, "at "+l.Name)
	}
	spans := e.logSpans()
	if len(spans) != len(h.Levels) {
		t.Fatalf("got %d spans for %d levels", len(spans), len(h.Levels))
	}
	for i, l := range h.Levels {
		s := spans[i]
		a := attrs(s)
		// logfire.level_num is the Logfire level the severity falls in;
		// the exact severity, when it differs, is logspan.severity_number.
		if got := a[core.KeyLevelNum].AsInt64(); got != int64(l.Level.Logfire()) {
			t.Errorf("%s: level_num = %d, want %d", l.Name, got, l.Level.Logfire())
		}
		sev, hasSev := a[core.KeySeverityNumber]
		if l.Level.Logfire() != l.Level && (!hasSev || sev.AsInt64() != int64(l.Level)) {
			t.Errorf("%s: %s = %v, want %d", l.Name, core.KeySeverityNumber, sev.Emit(), l.Level)
		}
		if l.Level.Logfire() == l.Level && hasSev {
			t.Errorf("%s: %s = %v on a level Logfire names", l.Name, core.KeySeverityNumber, sev.Emit())
		}
		if got := a[core.KeyLogLevel].AsString(); got != l.Name {
			t.Errorf("%s: log.level = %q", l.Name, got)
		}
		wantStatus := codes.Unset
		wantDesc := ""
		if l.Level >= core.LevelError {
			wantStatus, wantDesc = codes.Error, "at "+l.Name
		}
		if s.Status().Code != wantStatus || s.Status().Description != wantDesc {
			t.Errorf("%s: status = %v %q, want %v %q", l.Name, s.Status().Code, s.Status().Description, wantStatus, wantDesc)
		}
	}
}

func checkMinLevel(t *testing.T, h Harness) {
	e := newEnv(t, h, core.WithMinLevel(core.LevelError))
	e.logger.Log(nil, core.LevelInfo, "below")
	e.logger.Log(nil, core.LevelError, "at")
	s := e.one()
	if s.Name() != "at" {
		t.Errorf("got span %q, want only the one at the minimum level", s.Name())
	}
	if below, ok := h.level(core.LevelDebug); ok {
		d := newEnv(t, h) // default minimum: info
		d.logger.Log(nil, below.Level, "debug by default")
		if n := len(d.logSpans()); n != 0 {
			t.Errorf("default minimum level let %d debug spans through", n)
		}
	}
}

func checkParent(t *testing.T, h Harness) {
	e := newEnv(t, h)
	ctx, parent := e.parent()
	e.logger.Log(ctx, core.LevelInfo, "child")
	parent.End()
	s := e.one()
	psc := parent.SpanContext()
	if s.Parent().SpanID() != psc.SpanID() || s.SpanContext().TraceID() != psc.TraceID() {
		t.Errorf("parent = %v in trace %v, want %v in %v", s.Parent().SpanID(), s.SpanContext().TraceID(), psc.SpanID(), psc.TraceID())
	}
	if s.SpanContext().SpanID() == psc.SpanID() {
		t.Error("log reused the parent's span id")
	}
	// The log span must not have become the parent of later spans.
	_, later := e.tp.Tracer("spantest").Start(ctx, "later")
	later.End()
	if later.(sdktrace.ReadOnlySpan).Parent().SpanID() != psc.SpanID() {
		t.Error("the log span became current in the caller's context")
	}
}

func checkRemoteParent(t *testing.T, h Harness) {
	e := newEnv(t, h)
	remote := trace.NewSpanContext(trace.SpanContextConfig{
		TraceID:    trace.TraceID{0x4b, 0xf9, 0x2f, 0x35, 0x77, 0xb3, 0x4d, 0xa6, 0xa3, 0xce, 0x92, 0x9d, 0x0e, 0x0e, 0x47, 0x36},
		SpanID:     trace.SpanID{0x00, 0xf0, 0x67, 0xaa, 0x0b, 0xa9, 0x02, 0xb7},
		TraceFlags: trace.FlagsSampled,
		Remote:     true,
	})
	ctx := trace.ContextWithRemoteSpanContext(context.Background(), remote)
	e.logger.Log(ctx, core.LevelInfo, "from afar")
	s := e.one()
	if s.Parent().SpanID() != remote.SpanID() || s.SpanContext().TraceID() != remote.TraceID() {
		t.Errorf("parent = %v in %v, want the remote %v in %v", s.Parent().SpanID(), s.SpanContext().TraceID(), remote.SpanID(), remote.TraceID())
	}
	if !s.Parent().IsRemote() {
		t.Error("parent span context lost its remote flag")
	}
}

func checkNoParent(t *testing.T, h Harness) {
	e := newEnv(t, h)
	e.logger.Log(nil, core.LevelInfo, "nil context")
	e.logger.Log(context.Background(), core.LevelInfo, "empty context")
	spans := e.logSpans()
	if len(spans) != 2 {
		t.Fatalf("got %d spans, want 2", len(spans))
	}
	for _, s := range spans {
		if s.Parent().IsValid() {
			t.Errorf("%q has parent %v, want a new trace", s.Name(), s.Parent())
		}
		if !s.SpanContext().TraceID().IsValid() {
			t.Errorf("%q has no trace id", s.Name())
		}
	}
	if spans[0].SpanContext().TraceID() == spans[1].SpanContext().TraceID() {
		t.Error("two logs without a parent share a trace")
	}
}

func checkUnsampledParent(t *testing.T, h Harness) {
	e := newEnv(t, h)
	unsampled := trace.NewSpanContext(trace.SpanContextConfig{
		TraceID: trace.TraceID{1}, SpanID: trace.SpanID{1}, Remote: true,
	})
	ctx := trace.ContextWithRemoteSpanContext(context.Background(), unsampled)
	e.logger.Log(ctx, core.LevelError, "not sampled", Field{"k", "v"}, Field{"err", errors.New("boom")})
	if n := len(e.rec.Ended()); n != 0 {
		t.Errorf("an unsampled parent produced %d recorded spans", n)
	}
}

func checkCancelledContext(t *testing.T, h Harness) {
	e := newEnv(t, h)
	ctx, parent := e.parent()
	ctx, cancel := context.WithCancel(ctx)
	cancel()
	e.logger.Log(ctx, core.LevelInfo, "after cancel")
	parent.End()
	if s := e.one(); s.Parent().SpanID() != parent.SpanContext().SpanID() {
		t.Error("a cancelled context lost its parent")
	}
}

type stringer struct{ s string }

func (s stringer) String() string { return s.s }

type point struct {
	X int    `json:"x"`
	Y string `json:"y"`
}

var fieldTime = time.Date(2026, 11, 25, 10, 30, 0, 123456789, time.UTC)

// fieldTypes is the conversion table of the span model.
var fieldTypes = []struct {
	name string
	give any
	want attribute.Value
}{
	{"string", "text", attribute.StringValue("text")},
	{"int", 42, attribute.Int64Value(42)},
	{"int64", int64(-7), attribute.Int64Value(-7)},
	{"int32", int32(7), attribute.Int64Value(7)},
	{"uint8", uint8(200), attribute.Int64Value(200)},
	{"small_uint64", uint64(12), attribute.Int64Value(12)},
	{"big_uint64", uint64(math.MaxUint64), attribute.StringValue("18446744073709551615")},
	{"float64", 1.5, attribute.Float64Value(1.5)},
	{"nan", math.NaN(), attribute.StringValue("NaN")},
	{"pos_inf", math.Inf(1), attribute.StringValue("+Inf")},
	{"neg_inf", math.Inf(-1), attribute.StringValue("-Inf")},
	{"bool", true, attribute.BoolValue(true)},
	{"strings", []string{"a", "b"}, attribute.StringSliceValue([]string{"a", "b"})},
	{"ints", []int{1, 2, 3}, attribute.Int64SliceValue([]int64{1, 2, 3})},
	{"floats", []float64{0.5, 2}, attribute.Float64SliceValue([]float64{0.5, 2})},
	{"bools", []bool{true, false}, attribute.BoolSliceValue([]bool{true, false})},
	{"time", fieldTime, attribute.StringValue("2026-11-25T10:30:00.123456789Z")},
	{"duration", 1500 * time.Millisecond, attribute.StringValue("1.5s")},
	{"bytes", []byte{0, 1, 2, 0xff}, attribute.StringValue("AAEC/w==")},
	{"stringer", stringer{"from String"}, attribute.StringValue("from String")},
	{"map", map[string]int{"a": 1}, attribute.StringValue(`{"a":1}`)},
	{"struct", point{X: 1, Y: "<b>"}, attribute.StringValue(`{"x":1,"y":"<b>"}`)},
	{"mixed", []any{1, "x", true}, attribute.StringValue(`[1,"x",true]`)},
	{"nil", nil, attribute.StringValue("null")},
	{"invalid_utf8", "a\xffb", attribute.StringValue("a\uFFFDb")},
}

func checkFieldTypes(t *testing.T, h Harness) {
	e := newEnv(t, h)
	fields := make([]Field, len(fieldTypes))
	for i, ft := range fieldTypes {
		fields[i] = Field{ft.name, ft.give}
	}
	e.logger.Log(nil, core.LevelInfo, "typed", fields...)
	a := attrs(e.one())
	for _, ft := range fieldTypes {
		got, ok := a[attribute.Key(ft.name)]
		if !ok {
			t.Errorf("%s: attribute missing", ft.name)
			continue
		}
		if got.Type() != ft.want.Type() || !reflect.DeepEqual(got.AsInterface(), ft.want.AsInterface()) {
			t.Errorf("%s: got %s %v, want %s %v", ft.name, got.Type(), got.Emit(), ft.want.Type(), ft.want.Emit())
		}
	}
}

// checkJSONSchema: logfire.json_schema lists every field, as Logfire's
// SDK does, with Logfire's entry for each kind; a repeated key takes its
// last value's entry; logspan's own keys are not listed.
func checkJSONSchema(t *testing.T, h Harness) {
	e := newEnv(t, h)
	e.logger.Log(nil, core.LevelInfo, "json",
		Field{"obj", map[string]any{"a": []int{1, 2}}},
		Field{"list", []point{{X: 1}}},
		Field{"plain", "text"},
		Field{"n", 3},
		Field{"ints", []int{1, 2}},
		Field{"none", nil},
		Field{"again", map[string]int{"x": 1}},
		Field{"again", "now plain"},
	)
	a := attrs(e.one())
	raw, ok := a[core.KeyJSONSchema]
	if !ok {
		t.Fatalf("%s missing", core.KeyJSONSchema)
	}
	var schema struct {
		Type       string
		Properties map[string]json.RawMessage
	}
	if err := json.Unmarshal([]byte(raw.AsString()), &schema); err != nil {
		t.Fatalf("%s is not JSON: %v: %s", core.KeyJSONSchema, err, raw.AsString())
	}
	want := map[string]string{
		"obj": `{"type":"object"}`, "list": `{"type":"array"}`, "plain": `{}`, "n": `{}`,
		"ints": `{"type":"array"}`, "none": `{"type":"null"}`, "again": `{}`,
	}
	if schema.Type != "object" || len(schema.Properties) != len(want) {
		t.Errorf("schema = %s, want exactly %v", raw.AsString(), want)
	}
	for k, entry := range want {
		if got := string(schema.Properties[k]); got != entry {
			t.Errorf("schema for %s = %s, want %s", k, got, entry)
		}
	}
	for _, k := range []string{"obj", "list"} {
		if !json.Valid([]byte(a[attribute.Key(k)].AsString())) {
			t.Errorf("%s = %q is not valid JSON", k, a[attribute.Key(k)].AsString())
		}
	}
	// A log without fields has no schema, as Logfire writes none.
	e2 := newEnv(t, h)
	e2.logger.Log(nil, core.LevelInfo, "no fields")
	if got, ok := attrs(e2.one())[core.KeyJSONSchema]; ok {
		t.Errorf("log without fields: %s = %s", core.KeyJSONSchema, got.Emit())
	}
}

type codedError struct{ code int }

func (e *codedError) Error() string { return fmt.Sprintf("code %d", e.code) }

func checkError(t *testing.T, h Harness) {
	e := newEnv(t, h)
	err := &codedError{code: 7}
	e.logger.Log(nil, core.LevelError, "request failed", Field{"error", err})
	s := e.one()
	if got := attrs(s)["error"].AsString(); got != "code 7" {
		t.Errorf("error attribute = %q, want err.Error()", got)
	}
	if s.Status().Code != codes.Error || s.Status().Description != "*spantest.codedError: code 7" {
		t.Errorf("status = %v %q, want Error with Logfire's \"<type>: <message>\"", s.Status().Code, s.Status().Description)
	}
	ex := exceptionEvents(s)
	if len(ex) != 1 {
		t.Fatalf("got %d exception events, want 1", len(ex))
	}
	if !ex[0].Time.Equal(s.StartTime()) {
		t.Errorf("exception event at %v, want the log's time %v", ex[0].Time, s.StartTime())
	}
	ea := map[attribute.Key]attribute.Value{}
	for _, kv := range ex[0].Attributes {
		ea[kv.Key] = kv.Value
	}
	if got := ea[core.KeyExceptionType].AsString(); got != "*spantest.codedError" {
		t.Errorf("exception.type = %q, want %%T of the error", got)
	}
	if got := ea[core.KeyExceptionMessage].AsString(); got != "code 7" {
		t.Errorf("exception.message = %q", got)
	}
	if _, ok := ea[core.KeyExceptionStacktrace]; ok {
		t.Error("exception.stacktrace set for an error without one")
	}

	// Below the error level the error is still recorded, the status not.
	w := newEnv(t, h)
	w.logger.Log(nil, core.LevelInfo, "retrying", Field{"error", err})
	s = w.one()
	if s.Status().Code != codes.Unset || len(exceptionEvents(s)) != 1 {
		t.Errorf("info log with an error: status %v, %d exception events; want unset and 1", s.Status().Code, len(exceptionEvents(s)))
	}
}

// stackError prints a stack trace with %+v, like the errors of
// github.com/pkg/errors do.
type stackError struct{}

func (stackError) Error() string { return "with stack" }

func (e stackError) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('+') {
		fmt.Fprint(f, "with stack\nmain.handler\n\t/src/main.go:42")
		return
	}
	fmt.Fprint(f, e.Error())
}

func checkErrorStack(t *testing.T, h Harness) {
	e := newEnv(t, h)
	e.logger.Log(nil, core.LevelError, "", Field{"error", stackError{}})
	s := e.one()
	if s.Status().Description != "spantest.stackError: with stack" {
		t.Errorf("status description = %q, want the error's type and message", s.Status().Description)
	}
	ex := exceptionEvents(s)
	if len(ex) != 1 {
		t.Fatalf("got %d exception events, want 1", len(ex))
	}
	var stack string
	for _, kv := range ex[0].Attributes {
		if kv.Key == core.KeyExceptionStacktrace {
			stack = kv.Value.AsString()
		}
	}
	if !strings.Contains(stack, "/src/main.go:42") {
		t.Errorf("exception.stacktrace = %q, want the %%+v form", stack)
	}
}

func exceptionEvents(s sdktrace.ReadOnlySpan) []sdktrace.Event {
	var out []sdktrace.Event
	for _, ev := range s.Events() {
		if ev.Name == core.ExceptionEventName {
			out = append(out, ev)
		}
	}
	return out
}

func checkWith(t *testing.T, h Harness) {
	e := newEnv(t, h)
	child := e.logger.With(Field{"service", "api"}, Field{"attempt", 3})
	grandchild := child.With(Field{"user", "ada"})
	child.Log(nil, core.LevelInfo, "from child", Field{"call", true})
	grandchild.Log(nil, core.LevelInfo, "from grandchild")
	e.logger.Log(nil, core.LevelInfo, "from parent")
	spans := e.logSpans()
	if len(spans) != 3 {
		t.Fatalf("got %d spans, want 3", len(spans))
	}
	want := []map[attribute.Key]attribute.Value{
		{"service": attribute.StringValue("api"), "attempt": attribute.Int64Value(3), "call": attribute.BoolValue(true)},
		{"service": attribute.StringValue("api"), "attempt": attribute.Int64Value(3), "user": attribute.StringValue("ada")},
		{},
	}
	for i, s := range spans {
		a := attrs(s)
		for k, v := range want[i] {
			if a[k] != v {
				t.Errorf("%q: %s = %v, want %v", s.Name(), k, a[k].Emit(), v.Emit())
			}
		}
		for _, k := range []attribute.Key{"service", "attempt", "user", "call"} {
			if _, expected := want[i][k]; !expected {
				if _, ok := a[k]; ok {
					t.Errorf("%q carries %s, which belongs to another logger", s.Name(), k)
				}
			}
		}
	}
}

type panickingStringer struct{}

func (panickingStringer) String() string { panic("stringer exploded") }

type panickingError struct{}

func (panickingError) Error() string { panic("error exploded") }

func checkBadValues(t *testing.T, h Harness) {
	e := newEnv(t, h)
	var nilErr *codedError
	huge := strings.Repeat("x", 2*core.DefaultMaxValueBytes)
	e.logger.Log(nil, core.LevelInfo, "bad \xff input",
		Field{"str", panickingStringer{}},
		Field{"err", panickingError{}},
		Field{"nil_err", nilErr},
		Field{"huge", huge},
		Field{"bad\xffkey", "v"},
	)
	s := e.one()
	a := attrs(s)
	for _, k := range []attribute.Key{"strError", "errError"} {
		if got := a[k].AsString(); !strings.Contains(got, "exploded") {
			t.Errorf("%s = %q, want the panic text", k, got)
		}
	}
	if got := a["nil_err"].AsString(); got != "null" {
		t.Errorf("typed nil error = %q, want null", got)
	}
	if got := a["huge"].AsString(); len(got) > core.DefaultMaxValueBytes+64 || !strings.HasPrefix(got, "xxx") {
		t.Errorf("huge value kept %d bytes, want it cut near %d", len(got), core.DefaultMaxValueBytes)
	}
	if _, ok := a["bad\uFFFDkey"]; !ok {
		t.Error("invalid UTF-8 key was not repaired")
	}
	if !utf8.ValidString(s.Name()) || a[core.KeyMsg].AsString() != "bad \uFFFD input" {
		t.Errorf("invalid UTF-8 message not repaired: %q", a[core.KeyMsg].AsString())
	}
	for k, v := range a {
		if v.Type() == attribute.STRING && !utf8.ValidString(v.AsString()) {
			t.Errorf("%s holds invalid UTF-8", k)
		}
	}
}

func checkConcurrent(t *testing.T, h Harness) {
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
	spans := e.logSpans()
	if len(spans) != goroutines*logs {
		t.Fatalf("got %d spans, want %d", len(spans), goroutines*logs)
	}
	seen := map[[2]int64]bool{}
	for _, s := range spans {
		a := attrs(s)
		if a["shared"].AsInt64() != 1 {
			t.Fatal("a concurrent log lost its With field")
		}
		seen[[2]int64{a["g"].AsInt64(), a["i"].AsInt64()}] = true
	}
	if len(seen) != goroutines*logs {
		t.Errorf("got %d distinct (goroutine, log) pairs, want %d: fields leaked between logs", len(seen), goroutines*logs)
	}
}

func checkScrubbing(t *testing.T, h Harness) {
	e := newEnv(t, h)
	e.logger.Log(nil, core.LevelInfo, "login",
		Field{"user", "ada"},
		Field{"password", "hunter2"},
		Field{"request", map[string]any{"api_key": "k", "path": "/login"}},
	)
	a := attrs(e.one())
	if got := a["user"].AsString(); got != "ada" {
		t.Errorf("user = %q, want it untouched", got)
	}
	if got := a["password"].AsString(); got != "[Scrubbed due to 'password']" {
		t.Errorf("password = %q, want it scrubbed", got)
	}
	var req map[string]string
	if err := json.Unmarshal([]byte(a["request"].AsString()), &req); err != nil {
		t.Fatalf("request = %q: %v", a["request"].AsString(), err)
	}
	if req["api_key"] != "[Scrubbed due to 'api_key']" || req["path"] != "/login" {
		t.Errorf("request = %v, want api_key scrubbed inside the JSON and path kept", req)
	}
	var scrubbed []struct {
		Path    []string `json:"path"`
		Matched string   `json:"matched_substring"`
	}
	if err := json.Unmarshal([]byte(a[core.KeyScrubbed].AsString()), &scrubbed); err != nil || len(scrubbed) != 2 {
		t.Errorf("%s = %q, want two entries", core.KeyScrubbed, a[core.KeyScrubbed].AsString())
	}

	off := newEnv(t, h, core.WithoutScrubbing())
	off.logger.Log(nil, core.LevelInfo, "login", Field{"password", "hunter2"})
	if got := attrs(off.one())["password"].AsString(); got != "hunter2" {
		t.Errorf("with scrubbing off, password = %q", got)
	}
}

type panickingJSON struct{}

func (panickingJSON) MarshalJSON() ([]byte, error) { panic("json exploded") }

type nilStringer struct{ s string }

func (n *nilStringer) String() string { return n.s }

type node struct {
	Next *node `json:"next"`
}

// badInputs are values no log call should crash or stall on, with what
// the span must show for each.
func badInputs() []struct {
	name  string
	give  []Field
	check func(t *testing.T, a map[attribute.Key]attribute.Value)
} {
	var nilErr *codedError
	var nilStr *nilStringer
	cyclicMap := map[string]any{}
	cyclicMap["self"] = cyclicMap
	cyclicPtr := &node{}
	cyclicPtr.Next = cyclicPtr
	var deep any = "bottom"
	for range 1000 {
		deep = map[string]any{"d": deep}
	}
	many := make([]Field, 10000)
	for i := range many {
		many[i] = Field{fmt.Sprintf("f%05d", i), i}
	}
	str := func(key attribute.Key, pred func(string) bool, want string) func(*testing.T, map[attribute.Key]attribute.Value) {
		return func(t *testing.T, a map[attribute.Key]attribute.Value) {
			if got := a[key].AsString(); !pred(got) {
				t.Errorf("%s = %.200q, want %s", key, got, want)
			}
		}
	}
	return []struct {
		name  string
		give  []Field
		check func(t *testing.T, a map[attribute.Key]attribute.Value)
	}{
		{"NilValue", []Field{{"v", nil}}, str("v", func(s string) bool { return s == "null" }, "null")},
		{"TypedNilError", []Field{{"err", nilErr}}, str("err", func(s string) bool { return s == "null" }, "null")},
		{"TypedNilStringer", []Field{{"s", nilStr}}, str("s", func(s string) bool { return s == "null" }, "null")},
		{"PanickingMarshalJSON", []Field{{"j", panickingJSON{}}}, str("jError", func(s string) bool { return strings.Contains(s, "json exploded") }, "the panic")},
		{"CyclicMap", []Field{{"m", cyclicMap}}, str("m", func(s string) bool { return strings.Contains(s, "<max depth exceeded>") }, "a cycle ended at the depth limit")},
		{"CyclicPointer", []Field{{"p", cyclicPtr}}, str("p", func(s string) bool { return strings.Contains(s, "<max depth exceeded>") }, "a cycle ended at the depth limit")},
		{"TenMegabytes", []Field{{"big", strings.Repeat("x", 10<<20)}}, str("big", func(s string) bool {
			return strings.HasPrefix(s, "xxx") && len(s) <= core.DefaultMaxValueBytes+64
		}, "cut to the value limit")},
		{"DeepNesting", []Field{{"deep", deep}}, str("deep", func(s string) bool {
			return utf8.ValidString(s) && len(s) <= core.DefaultMaxValueBytes+64 && strings.Contains(s, `"d"`)
		}, "bounded nested JSON")},
		{"TenThousandFields", many, func(t *testing.T, a map[attribute.Key]attribute.Value) {
			if got := a[core.KeyDroppedFields].AsInt64(); got != int64(10000-core.DefaultMaxFields) {
				t.Errorf("%s = %d, want %d", core.KeyDroppedFields, got, 10000-core.DefaultMaxFields)
			}
		}},
		{"EmptyKey", []Field{{"", "v"}}, str("_", func(s string) bool { return s == "v" }, "the value under _")},
		{"DuplicateKeys", []Field{{"dup", "first"}, {"dup", "second"}}, str("dup", func(s string) bool { return s == "second" }, "the last value")},
	}
}

func checkBadInput(t *testing.T, h Harness) {
	for _, tt := range badInputs() {
		t.Run(tt.name, func(t *testing.T) {
			if why, ok := h.Unsupported[tt.name]; ok {
				t.Skip(why)
			}
			e := newEnv(t, h)
			e.logger.Log(nil, core.LevelInfo, "bad input", tt.give...)
			a := attrs(e.one())
			tt.check(t, a)
			for k, v := range a {
				if v.Type() == attribute.STRING && !utf8.ValidString(v.AsString()) {
					t.Errorf("%s holds invalid UTF-8", k)
				}
			}
		})
	}
}
