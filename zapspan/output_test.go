package zapspan_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/core/spantest"
	"github.com/logspan/logspan/zapspan"
)

type panickingStringer struct{}

func (panickingStringer) String() string { panic("stringer exploded") }

type ptrObject struct{ N int }

func (p *ptrObject) MarshalLogObject(enc zapcore.ObjectEncoder) error {
	enc.AddInt("n", p.N)
	return nil
}

type reflected struct {
	Name  string            `json:"name"`
	Tags  []string          `json:"tags"`
	Inner map[string]any    `json:"inner"`
	Ptr   *int              `json:"ptr"`
	Set   map[string]string `json:"set,omitempty"`
}

// zapFieldTable is one row per kind of zap field, as zap's constructors
// make them.
func zapFieldTable() []struct {
	name   string
	fields []zap.Field
} {
	when := time.Date(2026, 1, 2, 3, 4, 5, 6, time.FixedZone("X", 3600))
	seven := 7
	return []struct {
		name   string
		fields []zap.Field
	}{
		{"scalars", []zap.Field{zap.String("s", "v"), zap.Int("i", -1), zap.Int8("i8", 8), zap.Uint64("u", math.MaxUint64),
			zap.Bool("b", true), zap.Float64("f", 1.5), zap.Float32("f32", 0.1), zap.Uintptr("ptr", 0xdeadbeef)}},
		{"non-finite floats", []zap.Field{zap.Float64("nan", math.NaN()), zap.Float64("inf", math.Inf(1)), zap.Float32("ninf", float32(math.Inf(-1)))}},
		{"complex", []zap.Field{zap.Complex128("c", complex(1, -2)), zap.Complex64("c64", complex64(complex(0.5, 3)))}},
		{"time and duration", []zap.Field{zap.Time("t", when), zap.Duration("d", 90*time.Second), zap.Timep("tp", nil)}},
		{"binary", []zap.Field{zap.Binary("bin", []byte{0, 1, 0xff}), zap.ByteString("bs", []byte("text\n\"q\""))}},
		{"stringers", []zap.Field{zap.Stringer("ip", net.IPv4(10, 0, 0, 1)), zap.Stringer("bad", panickingStringer{}),
			zap.Stringers("ds", []time.Duration{time.Second, time.Minute})}},
		{"namespace", []zap.Field{zap.String("top", "t"), zap.Namespace("req"), zap.String("id", "r1"), zap.Namespace("db"), zap.Int("rows", 3)}},
		{"objects", []zap.Field{zap.Object("user", user{Name: "ada", Age: 36}), zap.Objects("users", []user{{Name: "a"}, {Name: "b"}}),
			zap.ObjectValues("ptrs", []ptrObject{{1}, {2}}), zap.Dict("dict", zap.String("k", "v"), zap.Namespace("ns"), zap.Int("n", 1)),
			zap.Object("nsobj", namespaced{}), zap.Object("failing", failing{})}},
		{"inline", []zap.Field{zap.Inline(user{Name: "inline", Age: 1}), zap.String("after", "x")}},
		{"arrays", []zap.Field{zap.Array("mixed", mixed{}), zap.Strings("strs", []string{"a", "b"}), zap.Ints("ints", []int{1, 2}),
			zap.Int64s("empty", nil), zap.Uint64s("u64s", []uint64{1, math.MaxUint64}), zap.Float32s("f32s", []float32{0.1, 2.5}),
			zap.Float64s("f64s", []float64{1.5, math.NaN()}), zap.Bools("bools", []bool{true, false}),
			zap.Complex128s("cs", []complex128{complex(1, 1)}), zap.Uintptrs("ptrs", []uintptr{1, 2}),
			zap.ByteStrings("bss", [][]byte{[]byte("a"), []byte("b")})}},
		{"durations and times arrays", []zap.Field{zap.Durations("durs", []time.Duration{time.Millisecond, 2 * time.Hour}),
			zap.Times("times", []time.Time{when, when.Add(time.Second)})}},
		{"any maps and structs", []zap.Field{zap.Any("m", map[string]any{"b": 2, "a": []int{1}}), zap.Any("st", reflected{Name: "n", Tags: []string{"x"}, Inner: map[string]any{"k": nil}, Ptr: &seven}),
			zap.Any("sl", []any{1, "two", 3.5, nil}), zap.Any("ints", []int{1, 2}), zap.Any("nil", nil), zap.Any("int", 5), zap.Any("dur", time.Second)}},
		{"reflect", []zap.Field{zap.Reflect("r", map[string]int{"x": 1}), zap.Reflect("rs", reflected{Name: "r"}), zap.Reflect("ch", make(chan int))}},
		{"stack", []zap.Field{zap.Stack("stack"), zap.StackSkip("skipped", 1)}},
		{"errors", []zap.Field{zap.Error(errors.New("plain")), zap.NamedError("op", fmt.Errorf("wrapped: %w", errors.New("inner"))),
			zap.Error(nil), zap.NamedError("grp", group{errors.New("a"), group{errors.New("b")}}), zap.NamedError("joined", errors.Join(errors.New("x"), errors.New("y"))),
			zap.Errors("errs", []error{errors.New("e1"), nil, group{errors.New("e2")}})}},
		{"skip", []zap.Field{zap.Skip(), zap.String("kept", "k"), zap.Skip()}},
		{"pointers", []zap.Field{zap.Intp("ip", &seven), zap.Stringp("sp", nil), zap.Boolp("bp", nil)}},
		{"strange keys", []zap.Field{zap.String("", "empty key"), zap.String("k\"ey\n", "\xff invalid utf8"), zap.String("dup", "1"), zap.String("dup", "2")}},
		{"context", []zap.Field{zapspan.Context(context.Background()), zap.String("k", "v")}},
	}
}

// The application's own JSON output, for every kind of zap field, is
// byte for byte what zap writes without zapspan: the same core with and
// without WrapCore, the same call, fields, With and levels.
func TestWrapCoreOutputUnchanged(t *testing.T) {
	when := time.Date(2026, 12, 2, 5, 0, 0, 123, time.UTC)
	newLogger := func(out *bytes.Buffer, wrap ...zap.Option) *zap.Logger {
		enc := zapcore.NewJSONEncoder(zap.NewProductionEncoderConfig()) // with time, caller, stack
		opts := append([]zap.Option{zap.WithClock(fixedClock{when}), zap.AddCaller(), zap.AddStacktrace(zapcore.ErrorLevel)}, wrap...)
		return zap.New(zapcore.NewCore(enc, zapcore.AddSync(out), zapcore.InfoLevel), opts...)
	}
	uses := []struct {
		name string
		log  func(l *zap.Logger, fields []zap.Field)
	}{
		{"call site", func(l *zap.Logger, fields []zap.Field) { l.Info("msg", fields...) }},
		{"With", func(l *zap.Logger, fields []zap.Field) { l.With(fields...).Warn("msg", zap.String("after", "a")) }},
		{"With twice and Named", func(l *zap.Logger, fields []zap.Field) {
			l.Named("svc").With(zap.String("first", "1")).With(fields...).Error("msg", fields...)
		}},
		{"Check", func(l *zap.Logger, fields []zap.Field) {
			if ce := l.Check(zapcore.ErrorLevel, "checked"); ce != nil {
				ce.Write(fields...)
			}
		}},
		{"below the level", func(l *zap.Logger, fields []zap.Field) { l.Debug("msg", fields...) }},
		{"Panic", func(l *zap.Logger, fields []zap.Field) {
			defer func() { _ = recover() }()
			l.Panic("msg", fields...)
		}},
	}
	tp, rec := spantest.NewRecorder(t)
	for _, row := range zapFieldTable() {
		for _, use := range uses {
			t.Run(row.name+"/"+use.name, func(t *testing.T) {
				var plain, wrapped bytes.Buffer
				loggers := []*zap.Logger{newLogger(&plain), newLogger(&wrapped, zapspan.WrapCore(logspan.WithTracerProvider(tp)))}
				before := len(rec.Ended())
				for _, l := range loggers {
					require.NotPanics(t, func() { use.log(l, row.fields) }) // one line: same caller, same stack
				}
				assert.Equal(t, plain.String(), wrapped.String())
				assert.Equal(t, strings.Count(plain.String(), "\n"), len(rec.Ended())-before, "one span per line written")
			})
		}
	}
}

// With a span in the context, the only difference is trace_id and span_id
// after the log's fields, at the top level of the line: before a namespace
// or an inlined object the call opens.
func TestWrapCoreOutputAddsOnlyIDs(t *testing.T) {
	tp, rec := spantest.NewRecorder(t)
	ctx, parent := tp.Tracer("test").Start(context.Background(), "request")
	defer parent.End()
	when := time.Date(2026, 12, 2, 5, 0, 0, 0, time.UTC)
	var plain, wrapped bytes.Buffer
	newLogger := func(out *bytes.Buffer, wrap ...zap.Option) *zap.Logger {
		app := zapcore.NewCore(zapcore.NewJSONEncoder(zap.NewProductionEncoderConfig()), zapcore.AddSync(out), zapcore.InfoLevel)
		return zap.New(app, append([]zap.Option{zap.WithClock(fixedClock{when})}, wrap...)...)
	}
	for _, row := range zapFieldTable() {
		if row.name == "context" {
			continue // its own context is the log's
		}
		plain.Reset()
		wrapped.Reset()
		fields := append([]zap.Field{zapspan.Context(ctx)}, row.fields...)
		for _, l := range []*zap.Logger{newLogger(&plain), newLogger(&wrapped, zapspan.WrapCore(logspan.WithTracerProvider(tp)))} {
			l.Info(row.name, fields...)
		}
		s := logSpan(t, rec, row.name)
		ids := fmt.Sprintf(`,"trace_id":%q,"span_id":%q`, s.SpanContext().TraceID(), s.SpanContext().SpanID())
		var want string
		switch row.name {
		case "namespace":
			want = strings.Replace(plain.String(), `"top":"t",`, `"top":"t"`+ids+",", 1)
		case "inline":
			want = strings.Replace(plain.String(), `"msg":"inline",`, `"msg":"inline"`+ids+",", 1)
		default:
			want = strings.TrimSuffix(plain.String(), "}\n") + ids + "}\n"
		}
		assert.Equal(t, want, wrapped.String(), row.name)
	}
}

// Documented: a namespace opened by With holds every later field of the
// line, the ids included.
func TestWrapCoreIDsUnderWithNamespace(t *testing.T) {
	tp, rec := spantest.NewRecorder(t)
	ctx, parent := tp.Tracer("test").Start(context.Background(), "request")
	defer parent.End()
	var out bytes.Buffer
	logger := zap.New(jsonCore(zapcore.AddSync(&out), zapcore.InfoLevel), zapspan.WrapCore(logspan.WithTracerProvider(tp)))
	logger.With(zap.Namespace("req")).Info("namespaced", zapspan.Context(ctx), zap.Int("n", 1))
	s := logSpan(t, rec, "namespaced")
	want := fmt.Sprintf(`{"level":"info","msg":"namespaced","req":{"n":1,"trace_id":%q,"span_id":%q}}`+"\n",
		s.SpanContext().TraceID(), s.SpanContext().SpanID())
	assert.Equal(t, want, out.String())
}
