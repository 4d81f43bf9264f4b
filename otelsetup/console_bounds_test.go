package otelsetup

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/core"
)

// ourColors are the only escape sequences the view writes: SGR codes.
var ourColors = regexp.MustCompile("\x1b\\[[0-9;]*m")

// hostile returns text a log could hold: controls, escape sequences,
// invalid UTF-8, bidi overrides, long runs.
func hostile(rng *rand.Rand) string {
	parts := []string{"\x1b[2J", "\x1b]0;title\x07", "\n", "\r", "\t", "\x00", "\x7f", "\u0085", "\u009b", "\u202e",
		"\xff\xfe", "=", `"`, " ", "ok", "ünï", strings.Repeat("long", 100)}
	var b strings.Builder
	for n := rng.IntN(12); n >= 0; n-- {
		b.WriteString(parts[rng.IntN(len(parts))])
	}
	return b.String()
}

// A 100k-line run (10k under -race) of hostile logs stays readable: every line within
// MaxConsoleLineBytes (colors aside), no control character but the view's
// own colors and newlines, valid UTF-8; and the view's memory stays
// bounded although half the spans never end.
func TestConsoleBoundedOver100kLines(t *testing.T) {
	for _, style := range []SpanStyle{SpanStyleShowParents, SpanStyleIndented} {
		out := &lineChecker{}
		p := NewConsoleProcessor(out, ConsoleOptions{Color: ColorAlways, Verbose: true, SpanStyle: style, MinLevel: core.LevelTrace})
		tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(p))
		em := core.NewEmitter("test", "v", logspan.WithTracerProvider(tp), logspan.WithMinLevel(logspan.LevelTrace))
		tracer := tp.Tracer("test")
		rng := rand.New(rand.NewPCG(1, uint64(style)))
		ctx := context.Background()
		for i := 0; out.lines < consoleBoundLines && out.err == nil; i++ {
			if i%4 == 0 { // a span, never ended every other time: nesting grows
				var s trace.Span
				ctx, s = tracer.Start(ctx, hostile(rng))
				if i%8 == 0 {
					s.End()
				}
			}
			level := core.Level(1 + rng.IntN(24))
			ev := em.Start(ctx, core.Record{Level: level, Message: hostile(rng), Caller: core.Caller{File: hostile(rng), Line: 1}}, nil)
			if ev.Recording() {
				enc := ev.Encoder()
				enc.AddString(hostile(rng), hostile(rng))
				enc.AddStrings("list", []string{hostile(rng), hostile(rng)})
				enc.AddAny("obj", map[string]any{hostile(rng): []any{hostile(rng), map[string]any{"deep": hostile(rng)}}})
				if level >= core.LevelError {
					enc.AddError("error", stackErr(hostile(rng)))
				}
			}
			ev.End()
		}
		require.NoError(t, out.err)
		t.Logf("style %d: %d lines, longest %d bytes", style, out.lines, out.longest)

		v := p.v
		assert.LessOrEqual(t, len(v.depth), maxTrackedSpans)
		assert.LessOrEqual(t, len(v.history), maxTrackedSpans)
		assert.LessOrEqual(t, len(v.stack), maxConsoleIndent)
		for _, h := range v.history {
			if len(h.name) > maxConsoleNameBytes {
				t.Fatalf("a remembered name of %d bytes", len(h.name))
			}
		}
		assert.Less(t, cap(v.buf.b), 256<<10, "the line buffer is bounded by one entry's lines")
		_ = tp.Shutdown(context.Background())
	}
}

// stackErr is an error with a stack of hostile lines.
type stackErr string

func (e stackErr) Error() string { return string(e) }
func (e stackErr) Format(s fmt.State, verb rune) {
	if s.Flag('+') {
		_, _ = s.Write([]byte(strings.Repeat(string(e)+"\n\t", 60)))
		return
	}
	_, _ = s.Write([]byte(e))
}

// lineChecker checks each line written: at most MaxConsoleLineBytes (the
// view's colors aside), valid UTF-8, no control character.
type lineChecker struct {
	lines, longest int
	err            error
}

func (c *lineChecker) Write(p []byte) (int, error) {
	if len(p) == 0 || p[len(p)-1] != '\n' {
		c.err = errors.Join(c.err, fmt.Errorf("a write that does not end a line: %q", p))
	}
	for _, line := range strings.SplitAfter(string(p), "\n") {
		if line == "" {
			continue
		}
		c.lines++
		text := ourColors.ReplaceAllString(strings.TrimSuffix(line, "\n"), "")
		c.longest = max(c.longest, len(text))
		switch {
		case len(text) > MaxConsoleLineBytes:
			c.err = fmt.Errorf("a line of %d bytes: %q", len(text), text)
		case !utf8.ValidString(text):
			c.err = fmt.Errorf("invalid UTF-8: %q", text)
		case strings.ContainsFunc(text, isControl):
			c.err = fmt.Errorf("a control character: %q", text)
		}
	}
	return len(p), nil
}

// Spans that never end are forgotten past maxTrackedSpans: the view's
// memory is bounded whatever the program does.
func TestConsoleForgetsUnendedSpans(t *testing.T) {
	for _, style := range []SpanStyle{SpanStyleShowParents, SpanStyleIndented} {
		// The view directly: the SDK's spans cost seconds under -race.
		p := NewConsoleProcessor(discard{}, ConsoleOptions{SpanStyle: style})
		name := strings.Repeat("n", 300)
		var parent trace.SpanID
		for i := uint64(1); i <= maxTrackedSpans+100; i++ {
			var id trace.SpanID
			binary.BigEndian.PutUint64(id[:], i)
			p.v.spanStart(id, parent, time.Time{}, name, &consoleEntry{level: int(core.LevelInfo)}) // never ended
			if i%2 == 0 {
				parent = id // and nested: half of them in the previous one
			}
		}
		assert.LessOrEqual(t, len(p.v.depth), maxTrackedSpans, "style %d", style)
		assert.LessOrEqual(t, len(p.v.history), maxTrackedSpans, "style %d", style)
		assert.Positive(t, len(p.v.depth)+len(p.v.history), "style %d: spans are tracked", style)
		for _, h := range p.v.history {
			if len(h.name) != maxConsoleNameBytes {
				t.Fatalf("a remembered name of %d bytes", len(h.name))
			}
		}
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

// FuzzConsoleLine: whatever a log holds, its lines are bounded, valid
// UTF-8 and free of control characters, in color and plain.
func FuzzConsoleLine(f *testing.F) {
	f.Add("checkout started", "user", "ada", "shop/a.go", "boom\n\tat x")
	f.Add("ok\nINFO   forged\x1b]0;t\x07", "k\x1b[1m", "\xff\u202e\u0085", "", "")
	f.Add(strings.Repeat("é", 700), strings.Repeat("k", 100), strings.Repeat("\x01", 900), strings.Repeat("f", 2000), strings.Repeat("l\n", 100))
	f.Fuzz(func(t *testing.T, msg, key, val, file, stack string) {
		for _, color := range []Color{ColorNever, ColorAlways} {
			out := &lineChecker{}
			v := newConsoleView(out, ConsoleOptions{Color: color, Verbose: true})
			e := consoleEntry{level: int(core.LevelError), msg: msg, file: file, line: 1, tags: []string{val},
				hasExc: true, excType: key, excMsg: val, excStack: stack}
			e.attrs = []attribute.KeyValue{attribute.String(key, val), attribute.StringSlice(val, []string{key, val}),
				attribute.String("j", val)}
			e.json = map[string]bool{"j": true}
			v.log(trace.SpanID{}, &e)
			v.spanStart(trace.SpanID{1}, trace.SpanID{}, time.Time{}, msg, &e)
			v.log(trace.SpanID{1}, &e)
			if out.err != nil {
				t.Fatal(out.err)
			}
			if out.lines > 2*(3+maxConsoleStackLines+1)+2 {
				t.Fatalf("%d lines", out.lines)
			}
		}
	})
}
