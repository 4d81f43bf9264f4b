package otelsetup_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"flag"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/core"
	"github.com/logspan/logspan/otelsetup"
	"github.com/logspan/logspan/slogspan"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// seqIDs numbers traces and spans 1, 2, 3..., so the golden output holds
// the same trace ids on every run.
type seqIDs struct {
	mu sync.Mutex
	n  uint64
}

func (g *seqIDs) next() uint64 {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.n++
	return g.n
}

func (g *seqIDs) NewIDs(context.Context) (trace.TraceID, trace.SpanID) {
	var tid trace.TraceID
	binary.BigEndian.PutUint64(tid[8:], g.next())
	return tid, g.NewSpanID(context.Background(), tid)
}

func (g *seqIDs) NewSpanID(context.Context, trace.TraceID) trace.SpanID {
	var sid trace.SpanID
	binary.BigEndian.PutUint64(sid[:], g.next())
	return sid
}

// consoleScenario is a small program's trace: a request with nested spans,
// fields of every kind, a warning, an error with a stack, a hidden debug
// line, a line its own logger printed, two requests that interleave, and
// a slog line outside any span.
func consoleScenario(t *testing.T, opts otelsetup.ConsoleOptions) string {
	r := newConsoleRig(t, opts, sdktrace.WithIDGenerator(&seqIDs{}))
	at := func(ms int) trace.SpanStartEventOption { return trace.WithTimestamp(testTime(ms)) }
	rec := func(ms int, l core.Level, msg string, line int) core.Record {
		return core.Record{Time: testTime(ms), Level: l, Message: msg, Caller: core.Caller{File: "shop/checkout.go", Line: line}}
	}

	ctx, req := r.tracer.Start(context.Background(), "POST /checkout", at(0),
		trace.WithAttributes(attribute.StringSlice("logfire.tags", []string{"shop", "api"})))
	r.logAt(ctx, rec(1, core.LevelInfo, "checkout started", 42), func(e *core.Encoder) {
		e.AddString("user", "ada")
		e.AddInt64("items", 3)
		e.AddFloat64("total", 42.5)
		e.AddString("coupon", "SPRING 10")
		e.AddAny("cart", map[string]any{"sku": "A1", "qty": 2})
	})
	r.logAt(ctx, rec(2, core.LevelDebug, "cart loaded", 50), nil)
	cctx, charge := r.tracer.Start(ctx, "charge card", at(3))
	r.logAt(cctx, rec(4, core.LevelWarn, "card retry", 61), func(e *core.Encoder) { e.AddInt64("attempt", 2) })
	r.logAt(cctx, rec(5, core.LevelError, "payment failed", 66), func(e *core.Encoder) { e.AddError("error", stackErr{}) })
	charge.End(trace.WithTimestamp(testTime(6)))
	r.logAt(ctx, rec(7, core.LevelInfo, "printed by zap already", 70), func(e *core.Encoder) {
		e.AddBool("logfire.disable_console_log", true)
	})
	req.End(trace.WithTimestamp(testTime(8)))

	actx, a := r.tracer.Start(context.Background(), "GET /a", at(10))
	bctx, b := r.tracer.Start(context.Background(), "GET /b", at(11))
	r.logAt(actx, rec(12, core.LevelInfo, "serving a", 80), nil)
	r.logAt(bctx, rec(13, core.LevelInfo, "serving b", 81), nil)
	r.logAt(actx, rec(14, core.LevelInfo, "a done", 82), func(e *core.Encoder) { e.AddInt64("status", 200) })
	b.End()
	a.End()

	h := slogspan.NewHandler(logspan.WithTracerProvider(r.tp))
	sr := slog.NewRecord(testTime(20), slog.LevelInfo, "shutdown", 0)
	sr.AddAttrs(slog.Int("served", 3), slog.Group("db", slog.String("pool", "main"), slog.Duration("wait", 1500000)))
	require.NoError(t, h.Handle(context.Background(), sr))
	return r.out.String()
}

// TestConsoleGolden pins the view's output, plain and colored, in each
// layout. Run with -update to rewrite testdata/console_*.golden.
func TestConsoleGolden(t *testing.T) {
	for _, color := range []struct {
		name string
		give otelsetup.Color
	}{{"plain", otelsetup.ColorNever}, {"color", otelsetup.ColorAlways}} {
		t.Run(color.name, func(t *testing.T) {
			var got bytes.Buffer
			for _, tt := range []struct {
				name string
				give otelsetup.ConsoleOptions
			}{
				{"default (show-parents)", otelsetup.ConsoleOptions{}},
				{"verbose", otelsetup.ConsoleOptions{Verbose: true}},
				{"indented, no timestamp, no tags", otelsetup.ConsoleOptions{SpanStyle: otelsetup.SpanStyleIndented, HideTimestamp: true, HideTags: true}},
				{"simple, min level debug", otelsetup.ConsoleOptions{SpanStyle: otelsetup.SpanStyleSimple, MinLevel: core.LevelDebug}},
			} {
				tt.give.Color = color.give
				got.WriteString("=== " + tt.name + "\n")
				got.WriteString(consoleScenario(t, tt.give))
			}
			path := filepath.Join("testdata", "console_"+color.name+".golden")
			if *update {
				require.NoError(t, os.MkdirAll("testdata", 0o755))
				require.NoError(t, os.WriteFile(path, got.Bytes(), 0o644))
			}
			want, err := os.ReadFile(path)
			require.NoError(t, err, "run go test -run TestConsoleGolden -update")
			assert.Equal(t, string(want), got.String())
		})
	}
}
