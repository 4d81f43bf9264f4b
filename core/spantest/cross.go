package spantest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"reflect"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/core"
)

// A Row is one logical log event of the cross-logger [Table]: every
// adapter logs it through its logger, and its span must equal the span
// core makes from the same values.
type Row struct {
	Name   string
	Level  core.Level
	Msg    string
	Fields []Field
	// Groups, for a [Grouper], nests Fields in these groups.
	Groups []string
}

type (
	textValue   struct{}
	stringJSON  struct{}
	numberJSON  struct{}
	namedBytes  []byte
	namedFloats []float32
	account     struct {
		ID    int      `json:"id"`
		Name  string   `json:"name"`
		Tags  []string `json:"tags,omitempty"`
		Inner struct {
			Rate float64 `json:"rate"`
		} `json:"inner"`
	}
)

func (textValue) MarshalText() ([]byte, error)  { return []byte("as text"), nil }
func (stringJSON) MarshalJSON() ([]byte, error) { return []byte(`"as json"`), nil }
func (numberJSON) MarshalJSON() ([]byte, error) { return []byte(`5`), nil }

// Table is the cross-logger contract: the same logical logs through every
// adapter. It holds the cases where adapters once disagreed.
var Table = []Row{
	{Name: "Scalars", Level: core.LevelInfo, Msg: "scalars", Fields: []Field{
		{"s", "text"}, {"i", 42}, {"neg", -7}, {"f", 2.5}, {"b", true}, {"u", uint64(1) << 63},
	}},
	{Name: "Floats", Level: core.LevelInfo, Msg: "floats", Fields: []Field{
		{"f32", float32(1.1)}, {"small", 1e-7}, {"big", 1e21}, {"whole", 3.0},
	}},
	{Name: "Nil", Level: core.LevelInfo, Msg: "nils", Fields: []Field{
		{"nil", nil}, {"nil_slice", []int(nil)}, {"nil_map", map[string]int(nil)}, {"nil_ptr", (*int)(nil)},
	}},
	{Name: "EmptySlices", Level: core.LevelInfo, Msg: "empty", Fields: []Field{
		{"ints", []int{}}, {"strings", []string{}}, {"anys", []any{}}, {"floats", []float64{}},
	}},
	{Name: "TypedSlices", Level: core.LevelInfo, Msg: "slices", Fields: []Field{
		{"ints", []int{1, 2}}, {"strings", []string{"a", "b"}}, {"bools", []bool{true}}, {"floats", []float64{1.5}},
	}},
	{Name: "MixedSlices", Level: core.LevelInfo, Msg: "mixed", Fields: []Field{
		{"int_float", []any{1, 2.5}}, {"int_string", []any{1, "a"}}, {"nested", []any{[]int{1}}},
	}},
	{Name: "Float32Elements", Level: core.LevelInfo, Msg: "f32", Fields: []Field{
		{"slice", []float32{1.1, 2.2}}, {"named", namedFloats{1.1}}, {"array", [2]float32{0.1, 0.2}},
	}},
	{Name: "ScalarMarshalers", Level: core.LevelInfo, Msg: "marshalers", Fields: []Field{
		{"text", textValue{}}, {"json_string", stringJSON{}}, {"json_number", numberJSON{}},
		{"ip", net.IPv4(10, 0, 0, 1)}, {"bytes", namedBytes("hi")},
	}},
	{Name: "Maps", Level: core.LevelInfo, Msg: "maps", Fields: []Field{
		{"m", map[string]any{"b": 1, "a": []any{"x", 2.5}, "c": map[string]bool{"ok": true}}},
	}},
	{Name: "Structs", Level: core.LevelInfo, Msg: "structs", Fields: []Field{
		{"acct", account{ID: 1, Name: "ada", Inner: struct {
			Rate float64 `json:"rate"`
		}{0.5}}},
		{"ptr", &account{ID: 2}},
	}},
	{Name: "TimeAndDuration", Level: core.LevelInfo, Msg: "times", Fields: []Field{
		{"at", time.Date(2026, 12, 2, 10, 0, 0, 5, time.UTC)}, {"took", 1500 * time.Millisecond},
	}},
	{Name: "Errors", Level: core.LevelError, Msg: "failed", Fields: []Field{
		{"error", &fs.PathError{Op: "open", Path: "/x", Err: fs.ErrNotExist}},
	}},
	{Name: "JoinedError", Level: core.LevelError, Msg: "failed twice", Fields: []Field{
		{"error", errors.Join(errors.New("first"), errors.New("second"))},
	}},
	{Name: "Strings", Level: core.LevelWarn, Msg: "bad bytes \xff", Fields: []Field{
		{"invalid", "a\xffb"}, {"quotes", `"q" \ /`}, {"", "empty key"},
	}},
	{Name: "NestedGroups", Level: core.LevelInfo, Msg: "grouped", Groups: []string{"req", "user"}, Fields: []Field{
		{"id", 7}, {"name", "ada"},
	}},
}

// checkSameAsCore logs every row of Table through the adapter and through
// core directly, with the same values, and wants the same span: what a
// log becomes is core's decision, whichever logger wrote it.
func checkSameAsCore(t *testing.T, h Harness) {
	for _, row := range Table {
		t.Run(row.Name, func(t *testing.T) {
			if why, ok := h.Differences[row.Name]; ok {
				t.Skip(why)
			}
			e := newEnv(t, h)
			lvl, ok := h.level(row.Level)
			if !ok {
				t.Skipf("the logger has no level %d", row.Level)
			}
			logger := e.logger
			if len(row.Groups) > 0 {
				g, ok := logger.(Grouper)
				if !ok {
					t.Skip("the logger has no groups")
				}
				for _, name := range row.Groups {
					logger = g.WithGroup(name)
					if g, ok = logger.(Grouper); !ok {
						break
					}
				}
			}
			ctx, parent := e.parent()
			logger.Log(ctx, row.Level, row.Msg, row.Fields...)
			parent.End()
			got := e.one()

			ref := []core.Option{core.WithTracerProvider(e.tp)}
			if h.OwnOutput {
				ref = append(ref, logspan.WithConsoleLog(false))
			}
			em := core.NewEmitter("reference", "v", ref...)
			ev := em.Start(ctx, core.Record{Level: row.Level, LevelName: lvl.Name, Message: row.Msg}, nil)
			enc := ev.Encoder()
			for _, g := range row.Groups {
				enc.OpenGroup(g)
			}
			for _, f := range row.Fields {
				enc.AddAny(f.Key, f.Value)
			}
			ev.End()
			var want sdktrace.ReadOnlySpan
			for _, s := range e.logSpans() {
				if s.InstrumentationScope().Name == "reference" {
					want = s
				}
			}
			compareSpans(t, got, want)
		})
	}
}

// compareSpans reports how got differs from want in what core decides:
// name, attributes (the caller's location and the logger's name aside,
// which only the logger knows), events and status.
func compareSpans(t *testing.T, got, want sdktrace.ReadOnlySpan) {
	t.Helper()
	if got.Name() != want.Name() {
		t.Errorf("name = %q, want %q", got.Name(), want.Name())
	}
	ga, wa := comparable(got.Attributes()), comparable(want.Attributes())
	for k, w := range wa {
		if g, ok := ga[k]; !ok {
			t.Errorf("%s missing, want %s", k, show(w))
		} else if !reflect.DeepEqual(g, w) {
			t.Errorf("%s = %s, want %s", k, show(g), show(w))
		}
	}
	for k, g := range ga {
		if _, ok := wa[k]; !ok {
			t.Errorf("%s = %s, not in core's span", k, show(g))
		}
	}
	if g, w := events(got), events(want); !reflect.DeepEqual(g, w) {
		t.Errorf("events = %v, want %v", g, w)
	}
	if got.Status() != want.Status() {
		t.Errorf("status = %v, want %v", got.Status(), want.Status())
	}
	if got.Parent().SpanID() != want.Parent().SpanID() {
		t.Errorf("parent = %v, want %v", got.Parent().SpanID(), want.Parent().SpanID())
	}
}

// comparable drops what the logger alone knows (where it was called, its
// name); JSON text compares as text, which core writes the same way for
// every adapter.
func comparable(kvs []attribute.KeyValue) map[attribute.Key]any {
	out := make(map[attribute.Key]any, len(kvs))
	for _, kv := range kvs {
		if strings.HasPrefix(string(kv.Key), "code.") || kv.Key == core.KeyLoggerName {
			continue
		}
		out[kv.Key] = kv.Value.AsInterface()
		if kv.Key == core.KeyJSONSchema {
			// Which order the fields came in is the logger's (logrus
			// sorts its map): the schema compares as JSON, order-free.
			var schema any
			if json.Unmarshal([]byte(kv.Value.AsString()), &schema) == nil {
				out[kv.Key] = schema
			}
		}
	}
	return out
}

func show(v any) string {
	if s, ok := v.(string); ok {
		return fmt.Sprintf("%q", s)
	}
	return fmt.Sprintf("%T(%v)", v, v)
}

func events(s sdktrace.ReadOnlySpan) []string {
	var out []string
	for _, ev := range s.Events() {
		kvs := slices.Clone(ev.Attributes)
		slices.SortFunc(kvs, func(a, b attribute.KeyValue) int { return strings.Compare(string(a.Key), string(b.Key)) })
		b, _ := json.Marshal(kvs)
		out = append(out, ev.Name+string(b))
	}
	return out
}

// checkGroups: a logger with groups prefixes keys like core's group stack,
// bounded by the depth limit.
func checkGroups(t *testing.T, h Harness) {
	e := newEnv(t, h, core.WithMaxDepth(2))
	g, ok := e.logger.(Grouper)
	if !ok {
		t.Skip("the logger has no groups")
	}
	var l Logger = g
	for _, name := range []string{"a", "b", "c", "d"} {
		gg, ok := l.(Grouper)
		if !ok {
			t.Fatal("WithGroup returned a logger without groups")
		}
		l = gg.WithGroup(name)
	}
	l.Log(nil, core.LevelInfo, "deep", Field{"k", "v"})
	a := attrs(e.one())
	if a["a.b.<max depth exceeded>.k"].AsString() != "v" {
		t.Errorf("groups past WithMaxDepth(2): got keys %v, want a.b.<max depth exceeded>.k", keysOf(a))
	}
}

func keysOf(a map[attribute.Key]attribute.Value) []string {
	var out []string
	for k := range a {
		if !strings.HasPrefix(string(k), "logfire.") {
			out = append(out, string(k))
		}
	}
	slices.Sort(out)
	return out
}

// checkFatalFlushes: a fatal log is exported before the logging call
// returns, through a batcher that would otherwise hold it for an hour.
func checkFatalFlushes(t *testing.T, h Harness) {
	tp, exp := h.newHeldProvider(t)
	l := h.NewLogger(t, core.WithTracerProvider(tp))
	f, ok := l.(Fataler)
	if !ok {
		t.Skip("the harness cannot intercept the logger's exit")
	}
	f.Fatal(context.Background(), "last words")
	if n := exp.count(); n != 1 {
		t.Errorf("%d spans exported when Fatal returned, want 1 (flushed)", n)
	}
}

// checkSync: the logger's Sync flushes the tracer provider.
func checkSync(t *testing.T, h Harness) {
	tp, exp := h.newHeldProvider(t)
	l := h.NewLogger(t, core.WithTracerProvider(tp))
	s, ok := l.(Syncer)
	if !ok {
		t.Skip("the logger has no Sync")
	}
	l.Log(nil, core.LevelInfo, "before sync")
	if exp.count() != 0 {
		t.Fatal("span exported before Sync: the batcher is not holding spans")
	}
	if err := s.Sync(); errors.Is(err, ErrUnsupported) {
		t.Skip("the logger has no Sync")
	} else if err != nil {
		t.Errorf("Sync: %v", err)
	}
	if n := exp.count(); n != 1 {
		t.Errorf("%d spans exported after Sync, want 1", n)
	}
}

// ErrUnsupported is what a harness's optional method returns when the
// logger it drives turns out not to have the capability after all (a slog
// handler without Sync, say); the check is skipped.
var ErrUnsupported = errors.New("spantest: the logger does not support this")

// newHeldProvider returns a provider whose batcher holds spans until a
// flush, and the exporter that counts what reaches it.
func (h Harness) newHeldProvider(t testing.TB) (*sdktrace.TracerProvider, *countingExporter) {
	exp := &countingExporter{}
	return h.provider(t, sdktrace.NewBatchSpanProcessor(exp, sdktrace.WithBatchTimeout(time.Hour))), exp
}

type countingExporter struct {
	DiscardExporter
	n atomic.Int64
}

func (c *countingExporter) ExportSpans(_ context.Context, spans []sdktrace.ReadOnlySpan) error {
	c.n.Add(int64(len(spans)))
	return nil
}

func (c *countingExporter) count() int { return int(c.n.Load()) }
