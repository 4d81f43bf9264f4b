package otelsetup_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

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

// consoleRig is a tracer provider whose only processor is a console view
// writing to out, with a core emitter on it.
type consoleRig struct {
	out    bytes.Buffer
	tp     *sdktrace.TracerProvider
	tracer trace.Tracer
	em     *core.Emitter
}

func newConsoleRig(t *testing.T, opts otelsetup.ConsoleOptions, tpOpts ...sdktrace.TracerProviderOption) *consoleRig {
	t.Helper()
	r := &consoleRig{}
	tpOpts = append(tpOpts, sdktrace.WithSpanProcessor(otelsetup.NewConsoleProcessor(&r.out, opts)))
	r.tp = sdktrace.NewTracerProvider(tpOpts...)
	t.Cleanup(func() { _ = r.tp.Shutdown(context.Background()) })
	r.tracer = r.tp.Tracer("test")
	r.em = core.NewEmitter("test", "v", logspan.WithTracerProvider(r.tp), logspan.WithMinLevel(logspan.LevelTrace))
	return r
}

// log makes a log span through core, at a fixed time, with fields.
func (r *consoleRig) log(ctx context.Context, l core.Level, msg string, fields func(*core.Encoder)) {
	r.logAt(ctx, core.Record{Level: l, Message: msg, Time: testTime(0)}, fields)
}

func (r *consoleRig) logAt(ctx context.Context, rec core.Record, fields func(*core.Encoder)) {
	ev := r.em.Start(ctx, rec, nil)
	if ev == nil {
		return
	}
	if ev.Recording() && fields != nil {
		fields(ev.Encoder())
	}
	ev.End()
}

// lines returns the output's lines, the time column cut off.
func (r *consoleRig) lines() []string {
	var out []string
	for _, l := range strings.Split(strings.TrimRight(r.out.String(), "\n"), "\n") {
		out = append(out, strings.TrimPrefix(l, "10:00:00.000 "))
	}
	return out
}

func testTime(ms int) time.Time {
	return time.Date(2026, 1, 1, 10, 0, 0, 0, time.Local).Add(time.Duration(ms) * time.Millisecond)
}

// stackErr prints a stack with %+v, as errors that carry one do.
type stackErr struct{}

func (stackErr) Error() string { return "card declined" }
func (e stackErr) Format(s fmt.State, verb rune) {
	if verb == 'v' && s.Flag('+') {
		_, _ = io.WriteString(s, "card declined\nshop.charge\n\tshop/charge.go:17\nmain.main\n\tmain.go:9")
		return
	}
	_, _ = io.WriteString(s, e.Error())
}

func TestConsoleViewNesting(t *testing.T) {
	r := newConsoleRig(t, otelsetup.ConsoleOptions{SpanStyle: otelsetup.SpanStyleIndented})
	n := func(e *core.Encoder) { e.AddInt64("n", 1) }
	ctx, outer := r.tracer.Start(context.Background(), "outer", trace.WithTimestamp(testTime(0)))
	r.log(ctx, core.LevelInfo, "in outer", n)
	ctx2, inner := r.tracer.Start(ctx, "inner", trace.WithTimestamp(testTime(0)))
	r.log(ctx2, core.LevelError, "in inner", func(e *core.Encoder) { e.AddError("error", errors.New("boom")); n(e) })
	inner.End()
	r.log(ctx, core.LevelWarn, "back in outer", n)
	outer.End()
	r.log(context.Background(), core.LevelInfo, "no parent", n)

	assert.Equal(t, []string{
		"outer",
		"  INFO   in outer n=1",
		"  inner",
		"    ERROR  in inner error=boom n=1",
		"                 │ *errors.errorString: boom",
		"  WARN   back in outer n=1",
		"INFO   no parent n=1",
	}, r.lines())
	assert.NotContains(t, r.out.String(), "\x1b[", "no colors when the output is not a terminal")
	assert.True(t, strings.HasPrefix(r.out.String(), "10:00:00.000 outer\n"), r.out.String())
}

// The fields follow the message, compactly: bare when they can be, quoted
// when not, JSON values as compact JSON, long values cut; logspan's and
// Logfire's own keys never show.
func TestConsoleFields(t *testing.T) {
	r := newConsoleRig(t, otelsetup.ConsoleOptions{})
	r.logAt(context.Background(), core.Record{
		Level: core.LevelInfo, Message: "checkout started", Time: testTime(0), LoggerName: "shop",
		Caller: core.Caller{File: "shop/checkout.go", Line: 42, Function: "shop.checkout"},
	}, func(e *core.Encoder) {
		e.AddString("user", "ada")
		e.AddInt64("items", 3)
		e.AddFloat64("total", 42.5)
		e.AddBool("gift", false)
		e.AddString("note", "two words")
		e.AddString("empty", "")
		e.AddString("quote", `say "hi"`)
		e.AddAny("cart", map[string]any{"sku": "A1", "qty": 2})
		e.AddStrings("labels", []string{"a", "b c"})
		e.AddInt64s("ids", []int64{1, 2})
		e.AddString("long", strings.Repeat("x", 1000))
	})
	line := r.lines()[0]
	assert.Equal(t, `INFO   checkout started user=ada items=3 total=42.5 gift=false note="two words" empty="" quote="say \"hi\"" `+
		`cart={"qty":2,"sku":"A1"} labels=["a","b c"] ids=[1,2] long=`+strings.Repeat("x", otelsetup.MaxConsoleValueBytes-len("…"))+"…", line)
	for _, hidden := range []string{"logfire.", "code.", "log.level", "shop/checkout.go"} {
		assert.NotContains(t, r.out.String(), hidden)
	}
	assert.Len(t, r.lines(), 1, "no detail line unless verbose")
}

// An error log shows the error's message as a field, and its type,
// message and stack under the line; a warning shows only the field.
func TestConsoleErrorStack(t *testing.T) {
	r := newConsoleRig(t, otelsetup.ConsoleOptions{HideTimestamp: true})
	r.log(context.Background(), core.LevelWarn, "retrying", func(e *core.Encoder) { e.AddError("error", stackErr{}) })
	r.log(context.Background(), core.LevelError, "payment failed", func(e *core.Encoder) { e.AddError("error", stackErr{}) })
	assert.Equal(t, []string{
		`WARN   retrying error="card declined"`,
		`ERROR  payment failed error="card declined"`,
		`│ otelsetup_test.stackErr: card declined`,
		`│ card declined`,
		`│ shop.charge`,
		`│     shop/charge.go:17`,
		`│ main.main`,
		`│     main.go:9`,
	}, r.lines())
}

// Verbose adds Logfire's detail line, "│ file:line" (and the level, in
// color: plain lines have a level column), read from the
// current code.* keys or from Logfire's old ones, and the trace id of a
// line that starts a trace.
func TestConsoleVerbose(t *testing.T) {
	r := newConsoleRig(t, otelsetup.ConsoleOptions{Verbose: true, HideTimestamp: true})
	ctx, root := r.tracer.Start(context.Background(), "request")
	r.logAt(ctx, core.Record{Level: core.LevelInfo, Message: "new keys", Caller: core.Caller{File: "shop/a.go", Line: 7}}, nil)
	_, old := r.tracer.Start(ctx, "old keys", trace.WithAttributes(
		attribute.String("logfire.span_type", "log"), attribute.Int("logfire.level_num", 13),
		attribute.String("code.filepath", "shop/b.go"), attribute.Int("code.lineno", 8)))
	old.End()
	_, both := r.tracer.Start(ctx, "both", trace.WithAttributes(
		attribute.String("logfire.span_type", "log"),
		attribute.String("code.filepath", "old.go"), attribute.Int("code.lineno", 1),
		attribute.String("code.file.path", "new.go"), attribute.Int("code.line.number", 2)))
	both.End()
	root.End()
	tid := root.SpanContext().TraceID().String()
	assert.Equal(t, []string{
		"request",
		"│ trace_id=" + tid,
		"  INFO   new keys",
		"  │ shop/a.go:7",
		"  WARN   old keys",
		"  │ shop/b.go:8",
		"  INFO   both",
		"  │ new.go:2",
	}, r.lines())
}

// Tags show after the message, as Logfire shows them, unless hidden.
func TestConsoleTags(t *testing.T) {
	for _, hide := range []bool{false, true} {
		r := newConsoleRig(t, otelsetup.ConsoleOptions{HideTags: hide, HideTimestamp: true})
		_, s := r.tracer.Start(context.Background(), "job", trace.WithAttributes(attribute.StringSlice("logfire.tags", []string{"batch", "nightly"})))
		s.End()
		r.log(context.Background(), core.LevelInfo, "tagged", func(e *core.Encoder) { e.AddStrings("logfire.tags", []string{"x"}); e.AddInt64("n", 1) })
		want := []string{"job [batch,nightly]", "INFO   tagged [x] n=1"}
		if hide {
			want = []string{"job", "INFO   tagged n=1"}
		}
		assert.Equal(t, want, r.lines(), "HideTags=%v", hide)
	}
}

// logfire.disable_console_log=true: the line is not printed, because the
// logger printed it already.
func TestConsoleDisableConsoleLog(t *testing.T) {
	r := newConsoleRig(t, otelsetup.ConsoleOptions{HideTimestamp: true})
	r.log(context.Background(), core.LevelInfo, "printed by its logger", func(e *core.Encoder) { e.AddBool("logfire.disable_console_log", true) })
	r.log(context.Background(), core.LevelInfo, "kept", func(e *core.Encoder) { e.AddBool("logfire.disable_console_log", false) })
	_, s := r.tracer.Start(context.Background(), "quiet span", trace.WithAttributes(attribute.Bool("logfire.disable_console_log", true)))
	s.End()
	assert.Equal(t, []string{"INFO   kept"}, r.lines())
}

// MinLevel hides the logs below it; its zero value is info, Logfire's
// default.
func TestConsoleMinLevel(t *testing.T) {
	tests := []struct {
		give core.Level
		want []string
	}{
		{0, []string{"INFO   i", "WARN   w"}},
		{core.LevelTrace, []string{"DEBUG  d", "INFO   i", "WARN   w"}},
		{core.LevelWarn, []string{"WARN   w"}},
	}
	for _, tt := range tests {
		r := newConsoleRig(t, otelsetup.ConsoleOptions{MinLevel: tt.give, HideTimestamp: true})
		r.log(context.Background(), core.LevelDebug, "d", nil)
		r.log(context.Background(), core.LevelInfo, "i", nil)
		r.log(context.Background(), core.LevelWarn, "w", nil)
		assert.Equal(t, tt.want, r.lines(), "MinLevel %v", tt.give)
	}
}

// Two requests that interleave: show-parents shows again the span a line
// is in when the line above was in another; indented only indents; simple
// is flat.
func TestConsoleSpanStyles(t *testing.T) {
	run := func(style otelsetup.SpanStyle) []string {
		r := newConsoleRig(t, otelsetup.ConsoleOptions{SpanStyle: style, HideTimestamp: true})
		ctxA, a := r.tracer.Start(context.Background(), "request A")
		ctxB, b := r.tracer.Start(context.Background(), "request B")
		r.log(ctxA, core.LevelInfo, "a1", nil)
		r.log(ctxB, core.LevelInfo, "b1", nil)
		r.log(ctxB, core.LevelInfo, "b2", nil)
		b.End()
		r.log(ctxA, core.LevelInfo, "a2", nil)
		a.End()
		return r.lines()
	}
	assert.Equal(t, []string{
		"request A", "request B",
		"request A", "  INFO   a1",
		"request B", "  INFO   b1", "  INFO   b2",
		"request A", "  INFO   a2",
	}, run(otelsetup.SpanStyleShowParents))
	assert.Equal(t, []string{"request A", "request B", "  INFO   a1", "  INFO   b1", "  INFO   b2", "  INFO   a2"}, run(otelsetup.SpanStyleIndented))
	assert.Equal(t, []string{"request A", "request B", "INFO   a1", "INFO   b1", "INFO   b2", "INFO   a2"}, run(otelsetup.SpanStyleSimple))
}

func TestConsoleViewColors(t *testing.T) {
	r := newConsoleRig(t, otelsetup.ConsoleOptions{Color: otelsetup.ColorAlways})
	r.log(context.Background(), core.LevelError, "red", func(e *core.Encoder) { e.AddString("k", "v") })
	assert.Contains(t, r.out.String(), "\x1b[31mred\x1b[0m \x1b[34mk\x1b[0m=v")
	assert.Contains(t, r.out.String(), "\x1b[32m10:00:00.000\x1b[0m ", "the time is green, as Logfire's")
	assert.NotContains(t, r.out.String(), "ERROR", "with colors the level is the color")
}

// Logged text cannot forge console lines or drive the terminal: not in the
// message, not in a field's key, not in its value.
func TestConsoleEscapesControls(t *testing.T) {
	var out bytes.Buffer
	p := otelsetup.NewConsoleProcessor(&out, otelsetup.ConsoleOptions{Color: otelsetup.ColorNever, Verbose: true})
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(p))
	t.Cleanup(func() { _ = tp.Shutdown(context.Background()) })
	logger := slog.New(slogspan.NewHandler(logspan.WithTracerProvider(tp)))
	logger.Info("ok\nINFO   login ok for user=admin\x1b]0;pwned\x07", "k", "\x1b[2J", "bad\nkey\x1b[1m", "v\u0085\u202e", "list", []string{"\x1b[2J"})
	logger.Error("oops", "err", fmt.Errorf("a\nERROR  forged\x1b[2J"))
	assert.NotContains(t, out.String(), "\x1b")
	assert.NotContains(t, out.String(), "\u0085")
	assert.NotContains(t, out.String(), "\u202e", "a bidi override is quoted")
	forged := 0
	for _, line := range strings.Split(out.String(), "\n") {
		if (strings.Contains(line, "login ok") || strings.Contains(line, "forged")) && !strings.Contains(line, `\n`) {
			forged++
		}
	}
	assert.Zero(t, forged, "no forged line: %q", out.String())
	require.Contains(t, out.String(), `"bad\nkey\x1b[1m"="v\u0085\u202e"`)
}

// A bidirectional control cannot reorder a line, not even inside JSON
// text, which is shown unquoted.
func TestConsoleEscapesBidi(t *testing.T) {
	r := newConsoleRig(t, otelsetup.ConsoleOptions{HideTimestamp: true})
	r.log(context.Background(), core.LevelInfo, "msg\u202e", func(e *core.Encoder) {
		e.AddAny("obj", map[string]any{"k": "\u2066v\u2069"})
	})
	assert.Equal(t, []string{`INFO   msg\u202e obj={"k":"\u2066v\u2069"}`}, r.lines())
}
