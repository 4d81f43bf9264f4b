package spantest

import (
	"context"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/core"
)

// The checks of this file hold the keys Pydantic Logfire reads (its
// Python SDK is the reference): source links, Issues, the status, nulls,
// tags and the console switch.

// codeKeys are the source location's names, stable and old.
var codeKeys = [...]struct{ stable, old attribute.Key }{
	{core.KeyCodeFilePath, core.KeyCodeFilePathOld},
	{core.KeyCodeLineNumber, core.KeyCodeLineNumberOld},
	{core.KeyCodeFunctionName, core.KeyCodeFunctionOld},
}

// checkCodeKeys: by default the caller is written under both the stable
// names and the ones Logfire reads; WithCodeKeys picks one set.
func checkCodeKeys(t *testing.T, h Harness) {
	if !h.Caller {
		t.Skip("the harness's logger does not record the caller")
	}
	e := newEnv(t, h)
	e.logger.Log(nil, core.LevelInfo, "where")
	a := attrs(e.one())
	file := a[core.KeyCodeFilePath].AsString()
	if !strings.HasSuffix(file, "_test.go") {
		t.Errorf("%s = %q, want the harness's test file", core.KeyCodeFilePath, file)
	}
	if a[core.KeyCodeLineNumber].AsInt64() <= 0 {
		t.Errorf("%s = %v, want the line", core.KeyCodeLineNumber, a[core.KeyCodeLineNumber].Emit())
	}
	for _, k := range codeKeys {
		s, sok := a[k.stable]
		o, ook := a[k.old]
		if sok != ook || s != o {
			t.Errorf("%s = %v (%v) but %s = %v (%v): code/dup writes both alike", k.stable, s.Emit(), sok, k.old, o.Emit(), ook)
		}
	}
	for _, tt := range []struct {
		give      logspan.CodeKeys
		has, hasn func(struct{ stable, old attribute.Key }) attribute.Key
	}{
		{logspan.CodeKeysStable, func(k struct{ stable, old attribute.Key }) attribute.Key { return k.stable },
			func(k struct{ stable, old attribute.Key }) attribute.Key { return k.old }},
		{logspan.CodeKeysOld, func(k struct{ stable, old attribute.Key }) attribute.Key { return k.old },
			func(k struct{ stable, old attribute.Key }) attribute.Key { return k.stable }},
	} {
		e := newEnv(t, h, logspan.WithCodeKeys(tt.give))
		e.logger.Log(nil, core.LevelInfo, "where")
		a := attrs(e.one())
		for i, k := range codeKeys[:2] {
			if _, ok := a[tt.has(k)]; !ok {
				t.Errorf("%v: %s missing", tt.give, tt.has(codeKeys[i]))
			}
		}
		for _, k := range codeKeys {
			if v, ok := a[tt.hasn(k)]; ok {
				t.Errorf("%v: %s = %v, want only the other names", tt.give, tt.hasn(k), v.Emit())
			}
		}
	}
}

// checkSourceRoot: WithSourceRoot makes the file relative to it, under
// both names, for Logfire's source links.
func checkSourceRoot(t *testing.T, h Harness) {
	if !h.Caller {
		t.Skip("the harness's logger does not record the caller")
	}
	e := newEnv(t, h)
	e.logger.Log(nil, core.LevelInfo, "where")
	file := attrs(e.one())[core.KeyCodeFilePath].AsString()
	dir := filepath.Dir(file)
	if dir == "." || dir == "" {
		t.Skipf("the logger gives a bare file name, %q", file)
	}
	r := newEnv(t, h, logspan.WithSourceRoot(dir+"/"))
	r.logger.Log(nil, core.LevelInfo, "where")
	a := attrs(r.one())
	want := strings.TrimPrefix(file, dir+"/")
	for _, k := range []attribute.Key{core.KeyCodeFilePath, core.KeyCodeFilePathOld} {
		if got := a[k].AsString(); got != want {
			t.Errorf("with the source root %q: %s = %q, want %q", dir, k, got, want)
		}
	}
}

// fingerprintOf returns the span's fingerprint and whether it has one.
func fingerprintOf(t *testing.T, e *env) (string, bool) {
	t.Helper()
	v, ok := attrs(e.one())[core.KeyExceptionFingerprint]
	if !ok {
		return "", false
	}
	fp := v.AsString()
	if b, err := hex.DecodeString(fp); err != nil || len(b) != 32 {
		t.Errorf("%s = %q, want a hex sha256", core.KeyExceptionFingerprint, fp)
	}
	return fp, true
}

type otherError struct{}

func (otherError) Error() string { return "code 7" }

// checkFingerprint: Logfire's Issues rule. An error log (error level or
// above) without a parent in this process (none, or a remote one) gets a
// fingerprint; under a local parent, or below error level, none, unless
// WithIssues(IssuesAlways). The same error from the same place gives the
// same fingerprint, whatever its message; another type another one.
func checkFingerprint(t *testing.T, h Harness) {
	remote := trace.ContextWithRemoteSpanContext(context.Background(), trace.NewSpanContext(trace.SpanContextConfig{
		TraceID: trace.TraceID{1}, SpanID: trace.SpanID{1}, TraceFlags: trace.FlagsSampled, Remote: true,
	}))
	log := func(e *env, ctx context.Context, level core.Level, err error) {
		if ctx == nil {
			var parent trace.Span
			ctx, parent = e.parent()
			defer parent.End()
		}
		e.logger.Log(ctx, level, "request failed", Field{"error", err})
	}
	for _, tt := range []struct {
		name  string
		ctx   context.Context // nil: a local parent
		level core.Level
		opts  []core.Option
		want  bool
	}{
		{"root", context.Background(), core.LevelError, nil, true},
		{"remote parent", remote, core.LevelError, nil, true},
		{"local parent", nil, core.LevelError, nil, false},
		{"below error", context.Background(), core.LevelInfo, nil, false},
		{"always", nil, core.LevelInfo, []core.Option{logspan.WithIssues(logspan.IssuesAlways)}, true},
		{"never", context.Background(), core.LevelError, []core.Option{logspan.WithIssues(logspan.IssuesNever)}, false},
	} {
		e := newEnv(t, h, tt.opts...)
		log(e, tt.ctx, tt.level, &codedError{code: 7})
		if _, got := fingerprintOf(t, e); got != tt.want {
			t.Errorf("%s: fingerprint present = %v, want %v", tt.name, got, tt.want)
		}
	}
	// Same type, place and template: one issue, whatever the message.
	var fps []string
	for _, err := range []error{&codedError{code: 7}, &codedError{code: 8}, otherError{}} {
		e := newEnv(t, h)
		log(e, context.Background(), core.LevelError, err)
		fp, _ := fingerprintOf(t, e)
		fps = append(fps, fp)
	}
	if fps[0] != fps[1] {
		t.Errorf("one error type from one place gave two fingerprints: %v", fps[:2])
	}
	if fps[0] == fps[2] {
		t.Errorf("two error types gave one fingerprint %s", fps[0])
	}
}

// framesError prints a stack with %+v, in the form of
// github.com/pkg/errors: a line per function, its file and line below.
type framesError struct {
	fns  []string
	line int
}

func (framesError) Error() string { return "with frames" }

func (e framesError) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('+') {
		fmt.Fprint(f, "with frames")
		for i, fn := range e.fns {
			fmt.Fprintf(f, "\n%s\n\t/src/app/main.go:%d", fn, e.line+i)
		}
		return
	}
	fmt.Fprint(f, e.Error())
}

// checkFingerprintStack: with a stack, the fingerprint is the type and the
// stack's functions: lines and files do not count, functions do.
func checkFingerprintStack(t *testing.T, h Harness) {
	fp := func(err error) string {
		e := newEnv(t, h)
		e.logger.Log(context.Background(), core.LevelError, "failed", Field{"error", err})
		got, ok := fingerprintOf(t, e)
		if !ok {
			t.Fatal("root error log without a fingerprint")
		}
		return got
	}
	a := fp(framesError{fns: []string{"main.handle", "main.main"}, line: 10})
	b := fp(framesError{fns: []string{"main.handle", "main.main"}, line: 99})
	c := fp(framesError{fns: []string{"main.other", "main.main"}, line: 10})
	if a != b {
		t.Errorf("the same functions at other lines gave another fingerprint: %s, %s", a, b)
	}
	if a == c {
		t.Errorf("other functions gave the same fingerprint %s", a)
	}
}

// checkErrorStatus: with an error, the status is Logfire's "<type>:
// <message>" of the first error, whatever the log's message; without one,
// the message.
func checkErrorStatus(t *testing.T, h Harness) {
	e := newEnv(t, h)
	e.logger.Log(nil, core.LevelError, "two errors", Field{"first", otherError{}}, Field{"second", &codedError{1}})
	if got := e.one().Status(); got.Code != codes.Error || got.Description != "spantest.otherError: code 7" {
		t.Errorf("status = %v %q, want the first error's type and message", got.Code, got.Description)
	}
	n := newEnv(t, h)
	n.logger.Log(nil, core.LevelError, "no error", Field{"k", "v"})
	if got := n.one().Status(); got.Code != codes.Error || got.Description != "no error" {
		t.Errorf("status without an error = %v %q, want the message", got.Code, got.Description)
	}
}

// checkNulls: a nil value is written as Logfire writes None, the JSON
// null, and listed as {"type":"null"}; a null inside a JSON value stays
// null.
func checkNulls(t *testing.T, h Harness) {
	var nilErr *codedError
	var nilPtr *point
	e := newEnv(t, h)
	e.logger.Log(nil, core.LevelInfo, "nils",
		Field{"nil", nil}, Field{"nil_err", nilErr}, Field{"nil_ptr", nilPtr},
		Field{"inside", map[string]any{"x": nil}},
	)
	a := attrs(e.one())
	for _, k := range []attribute.Key{"nil", "nil_err", "nil_ptr"} {
		if v, ok := a[k]; !ok || v.AsString() != "null" {
			t.Errorf("%s = %v, want null", k, v.Emit())
		}
		if want := fmt.Sprintf(`%q:{"type":"null"}`, k); !strings.Contains(a[core.KeyJSONSchema].AsString(), want) {
			t.Errorf("schema %s does not list %s", a[core.KeyJSONSchema].AsString(), want)
		}
	}
	if got := a["inside"].AsString(); got != `{"x":null}` {
		t.Errorf("inside = %q, want JSON with null", got)
	}
	if len(exceptionEvents(e.one())) != 0 {
		t.Error("a nil error made an exception event")
	}
}

// checkTags: a field named tags holding strings is logfire.tags, not a
// field, nor listed in the schema; under another type it stays a field.
func checkTags(t *testing.T, h Harness) {
	for _, tt := range []struct {
		name string
		give any
		want []string
	}{
		{"strings", []string{"billing", "eu"}, []string{"billing", "eu"}},
		{"string", "billing", []string{"billing"}},
	} {
		e := newEnv(t, h)
		e.logger.Log(nil, core.LevelInfo, "tagged", Field{"tags", tt.give}, Field{"k", "v"})
		a := attrs(e.one())
		if got := a[core.KeyTags].AsStringSlice(); strings.Join(got, ",") != strings.Join(tt.want, ",") || a[core.KeyTags].Type() != attribute.STRINGSLICE {
			t.Errorf("%s: %s = %v, want %v", tt.name, core.KeyTags, a[core.KeyTags].Emit(), tt.want)
		}
		if v, ok := a["tags"]; ok {
			t.Errorf("%s: tags is a field too: %v", tt.name, v.Emit())
		}
		if s := a[core.KeyJSONSchema].AsString(); strings.Contains(s, "tags") {
			t.Errorf("%s: schema %s lists the tags", tt.name, s)
		}
	}
	e := newEnv(t, h)
	e.logger.Log(nil, core.LevelInfo, "not tags", Field{"tags", 3})
	a := attrs(e.one())
	if _, ok := a[core.KeyTags]; ok || a["tags"].AsInt64() != 3 {
		t.Errorf("a number named tags: %s = %v, tags = %v; want the field", core.KeyTags, a[core.KeyTags].Emit(), a["tags"].Emit())
	}
}

// checkConsoleLog: the spans of a logger that prints its own lines carry
// logfire.disable_console_log, so that a console exporter does not print
// the line again; the others' do not.
func checkConsoleLog(t *testing.T, h Harness) {
	e := newEnv(t, h)
	e.logger.Log(nil, core.LevelInfo, "printed?")
	v, ok := attrs(e.one())[core.KeyDisableConsoleLog]
	if h.OwnOutput && (!ok || v.Type() != attribute.BOOL || !v.AsBool()) {
		t.Errorf("%s = %v, want true: the logger prints its own lines", core.KeyDisableConsoleLog, v.Emit())
	}
	if !h.OwnOutput && ok {
		t.Errorf("%s = %v on a logger that prints nothing", core.KeyDisableConsoleLog, v.Emit())
	}
}

// checkFatalLevel: the logger's fatal level is Logfire's fatal (21), so
// that level = 'fatal' finds it.
func checkFatalLevel(t *testing.T, h Harness) {
	e := newEnv(t, h)
	f, ok := e.logger.(Fataler)
	if !ok {
		t.Skip("the harness cannot intercept the logger's exit")
	}
	f.Fatal(context.Background(), "last words")
	a := attrs(e.one())
	if got := a[core.KeyLevelNum].AsInt64(); got != int64(core.LevelFatal) {
		t.Errorf("%s = %d, want %d (fatal)", core.KeyLevelNum, got, core.LevelFatal)
	}
	if sev, ok := a[core.KeySeverityNumber]; ok && (sev.AsInt64() <= int64(core.LevelFatal) || sev.AsInt64() > 24) {
		t.Errorf("%s = %d, want the exact fatal severity above 21", core.KeySeverityNumber, sev.AsInt64())
	}
}
