package core_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/core"
)

// logRecord emits r with fields through a fresh emitter and returns the
// span's attributes.
func logRecord(t *testing.T, r core.Record, add func(*core.Encoder), opts ...core.Option) map[attribute.Key]attribute.Value {
	t.Helper()
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	em := core.NewEmitter("test", "v", append([]core.Option{core.WithTracerProvider(tp)}, opts...)...)
	ev := em.Start(context.Background(), r, nil)
	if add != nil {
		add(ev.Encoder())
	}
	ev.End()
	require.Len(t, rec.Ended(), 1)
	m := map[attribute.Key]attribute.Value{}
	for _, kv := range rec.Ended()[0].Attributes() {
		m[kv.Key] = kv.Value
	}
	return m
}

// WithSourceRoot trims a directory, never a prefix of a name, on either
// separator.
func TestSourceRoot(t *testing.T) {
	tests := []struct{ root, file, want string }{
		{"/src/app", "/src/app/x.go", "x.go"},
		{"/src/app/", "/src/app/pkg/x.go", "pkg/x.go"},
		{"/src/app", "/src/application/x.go", "/src/application/x.go"},
		{"/src/app", "/other/x.go", "/other/x.go"},
		{`C:\src\app`, `C:\src\app\x.go`, "x.go"},
		{"", "/src/app/x.go", "/src/app/x.go"},
	}
	for _, tt := range tests {
		a := logRecord(t, core.Record{Level: core.LevelInfo, Caller: core.Caller{File: tt.file, Line: 3}}, nil, logspan.WithSourceRoot(tt.root))
		assert.Equal(t, tt.want, a[core.KeyCodeFilePath].AsString(), "%q in %q", tt.file, tt.root)
		assert.Equal(t, tt.want, a[core.KeyCodeFilePathOld].AsString(), "%q in %q", tt.file, tt.root)
	}
}

// goStack is a stack as runtime/debug.Stack prints it.
const goStack = `goroutine 1 [running]:
main.handle(0xc000012345, 0x2)
	/src/app/main.go:42 +0x1d
main.handle(0xc000012345, 0x1)
	/src/app/main.go:42 +0x1d
main.main()
	/src/app/main.go:10 +0x25
created by main.start in goroutine 1
	/src/app/start.go:7 +0x3
`

// The fingerprint is sha256 over Logfire's canonical form: the type, then
// each function once, without arguments, files or lines.
func TestFingerprintOfAGoStack(t *testing.T) {
	a := logRecord(t, core.Record{Level: core.LevelError, Message: "m", Stack: goStack}, func(e *core.Encoder) {
		e.AddError("error", errors.New("boom"))
	})
	sum := sha256.Sum256([]byte("\n*errors.errorString\n----\nmain.handle\nmain.main\nmain.start"))
	assert.Equal(t, hex.EncodeToString(sum[:]), a[core.KeyExceptionFingerprint].AsString())
}

// Without a stack: the type, the caller's function and the template.
func TestFingerprintWithoutAStack(t *testing.T) {
	r := core.Record{Level: core.LevelError, Message: "charge failed", Caller: core.Caller{File: "/a.go", Line: 1, Function: "shop.charge"}}
	a := logRecord(t, r, func(e *core.Encoder) { e.AddError("error", errors.New("declined")) })
	sum := sha256.Sum256([]byte("\n*errors.errorString\n----\nshop.charge\ncharge failed"))
	assert.Equal(t, hex.EncodeToString(sum[:]), a[core.KeyExceptionFingerprint].AsString())
}

// A stack of many distinct functions (past the scan of the first few)
// still lists each once, and costs linear time.
func TestFingerprintLongStack(t *testing.T) {
	var b strings.Builder
	for i := range 3 {
		for f := range 40 {
			fmt.Fprintf(&b, "pkg.f%d()\n\t/x.go:%d\n", f, i*100+f)
		}
	}
	var want strings.Builder
	want.WriteString("\n*errors.errorString\n----")
	for f := range 40 {
		fmt.Fprintf(&want, "\npkg.f%d", f)
	}
	a := logRecord(t, core.Record{Level: core.LevelError, Stack: b.String()}, func(e *core.Encoder) { e.AddError("error", errors.New("x")) })
	sum := sha256.Sum256([]byte(want.String()))
	assert.Equal(t, hex.EncodeToString(sum[:]), a[core.KeyExceptionFingerprint].AsString())
}

// A log without an error has no fingerprint, a captured stack or not.
func TestNoErrorNoFingerprint(t *testing.T) {
	a := logRecord(t, core.Record{Level: core.LevelFatal, Message: "m", Stack: goStack}, func(e *core.Encoder) { e.AddString("k", "v") })
	assert.NotContains(t, a, core.KeyExceptionFingerprint)
	assert.Contains(t, a, core.KeyCodeStacktrace)
	assert.NotContains(t, a[core.KeyJSONSchema].AsString(), "code.stacktrace", "logspan's own key is not a field")
}

// The schema's bound: entries past the value limit are counted.
func TestSchemaBounded(t *testing.T) {
	a := logRecord(t, core.Record{Level: core.LevelInfo}, func(e *core.Encoder) {
		for i := range 200 {
			e.AddInt64(fmt.Sprintf("field_%03d", i), int64(i))
		}
	}, logspan.WithMaxValueBytes(512))
	s := a[core.KeyJSONSchema].AsString()
	assert.LessOrEqual(t, len(s), 512)
	assert.Contains(t, s, `"logspan.more":`)
	assert.Contains(t, s, `"field_000":{}`)
}

// Many fields with repeats: the last value's entry, in linear time (the
// map path past 32 fields).
func TestSchemaManyRepeats(t *testing.T) {
	a := logRecord(t, core.Record{Level: core.LevelInfo}, func(e *core.Encoder) {
		for i := range 40 {
			e.AddAny(fmt.Sprintf("k%d", i%5), map[string]int{"i": i})
		}
		e.AddNull("k0")
	})
	assert.Equal(t, `{"type":"object","properties":{"k1":{"type":"object"},"k2":{"type":"object"},"k3":{"type":"object"},"k4":{"type":"object"},"k0":{"type":"null"}}}`,
		a[core.KeyJSONSchema].AsString())
}

// WithCodeKeys: an unknown value is the default, both names.
func TestCodeKeysUnknown(t *testing.T) {
	a := logRecord(t, core.Record{Level: core.LevelInfo, Caller: core.Caller{File: "/a.go", Line: 2, Function: "f"}}, nil, logspan.WithCodeKeys(99))
	for _, k := range []attribute.Key{core.KeyCodeFilePath, core.KeyCodeFilePathOld, core.KeyCodeLineNumber, core.KeyCodeLineNumberOld, core.KeyCodeFunctionName, core.KeyCodeFunctionOld} {
		assert.Contains(t, a, k)
	}
	assert.Equal(t, "code/dup", logspan.CodeKeysDup.String())
	assert.Equal(t, "code", logspan.CodeKeysStable.String())
}
