package otelsetup

import (
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/logspan/logspan/core"
)

// Color says when the console view uses ANSI colors.
type Color int

const (
	// ColorAuto colors when the output is a terminal and NO_COLOR is unset.
	ColorAuto Color = iota
	// ColorAlways always colors.
	ColorAlways
	// ColorNever never colors.
	ColorNever
)

// ConsoleOptions configure the console view.
type ConsoleOptions struct {
	// Color says when to use colors; the default is ColorAuto.
	Color Color
	// Verbose prints each log's attributes under it.
	Verbose bool
}

// maxTrackedSpans bounds the memory the console view keeps for spans that
// have started and not ended (a span that is never ended would otherwise
// be kept forever).
const maxTrackedSpans = 1 << 16

// ConsoleProcessor is the console view: a synchronous span processor that
// prints one line per span as it starts and one per log as it is made,
// indented under the spans that contain it, so nesting shows as it
// happens. It serializes its writes with a mutex: it is meant for
// development and small programs, not for a hot production path.
type ConsoleProcessor struct {
	mu      sync.Mutex
	w       io.Writer
	color   bool
	verbose bool
	depth   map[trace.SpanID]int
}

var _ sdktrace.SpanProcessor = (*ConsoleProcessor)(nil)

// NewConsoleProcessor returns a console view writing to w (os.Stderr when
// nil).
func NewConsoleProcessor(w io.Writer, opts ConsoleOptions) *ConsoleProcessor {
	if w == nil {
		w = os.Stderr
	}
	color := false
	switch opts.Color {
	case ColorAlways:
		color = true
	case ColorAuto:
		color = os.Getenv("NO_COLOR") == "" && isTerminal(w)
	}
	return &ConsoleProcessor{w: w, color: color, verbose: opts.Verbose, depth: map[trace.SpanID]int{}}
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// OnStart prints a span that is not a log, and records its depth.
func (p *ConsoleProcessor) OnStart(_ context.Context, s sdktrace.ReadWriteSpan) {
	p.mu.Lock()
	defer p.mu.Unlock()
	d := p.depthOf(s.Parent())
	if len(p.depth) >= maxTrackedSpans {
		clear(p.depth)
	}
	p.depth[s.SpanContext().SpanID()] = d
	if isLog(s) {
		return // printed at OnEnd, with its fields
	}
	var b strings.Builder
	p.prefix(&b, s.StartTime(), d)
	b.WriteString(p.paint("1", s.Name()))
	b.WriteByte('\n')
	_, _ = io.WriteString(p.w, b.String())
}

// OnEnd prints a log, with its attributes when verbose.
func (p *ConsoleProcessor) OnEnd(s sdktrace.ReadOnlySpan) {
	p.mu.Lock()
	defer p.mu.Unlock()
	id := s.SpanContext().SpanID()
	d, ok := p.depth[id]
	if !ok {
		d = p.depthOf(s.Parent())
	}
	delete(p.depth, id)
	if !isLog(s) {
		return
	}
	level := 0
	var msg string
	for _, kv := range s.Attributes() {
		switch kv.Key {
		case core.KeyLevelNum:
			level = int(kv.Value.AsInt64())
		case core.KeyMsg:
			msg = kv.Value.AsString()
		}
	}
	if msg == "" {
		msg = s.Name()
	}
	var b strings.Builder
	p.prefix(&b, s.StartTime(), d)
	name := core.Level(level).String()
	if !p.color {
		fmt.Fprintf(&b, "%-6s ", strings.ToUpper(name))
	}
	b.WriteString(p.paint(levelColor(level), printable(msg)))
	b.WriteByte('\n')
	if p.verbose {
		for _, kv := range s.Attributes() {
			if hiddenInConsole(kv.Key) {
				continue
			}
			b.WriteString(strings.Repeat(" ", 13+2*d+4))
			b.WriteString(p.paint("2", printable(string(kv.Key))+"="))
			b.WriteString(printable(kv.Value.Emit()))
			b.WriteByte('\n')
		}
		for _, ev := range s.Events() {
			b.WriteString(strings.Repeat(" ", 13+2*d+4))
			b.WriteString(p.paint("2", printable(ev.Name)+":"))
			for _, kv := range ev.Attributes {
				fmt.Fprintf(&b, " %s=%q", kv.Key, kv.Value.Emit())
			}
			b.WriteByte('\n')
		}
	}
	_, _ = io.WriteString(p.w, b.String())
}

func (p *ConsoleProcessor) depthOf(parent trace.SpanContext) int {
	if d, ok := p.depth[parent.SpanID()]; ok && parent.IsValid() {
		return d + 1
	}
	return 0
}

func (p *ConsoleProcessor) prefix(b *strings.Builder, t time.Time, depth int) {
	b.WriteString(p.paint("2", t.Format("15:04:05.000")))
	b.WriteByte(' ')
	b.WriteString(strings.Repeat("  ", depth))
}

func (p *ConsoleProcessor) paint(code, s string) string {
	if !p.color || code == "" {
		return s
	}
	return "\x1b[" + code + "m" + s + "\x1b[0m"
}

// levelColor: debug dim, info plain, warn yellow, error red, fatal magenta.
func levelColor(level int) string {
	switch {
	case level >= int(core.LevelFatal):
		return "35"
	case level >= int(core.LevelError):
		return "31"
	case level >= int(core.LevelWarn):
		return "33"
	case level >= int(core.LevelInfo):
		return ""
	default:
		return "2"
	}
}

func isLog(s sdktrace.ReadOnlySpan) bool {
	for _, kv := range s.Attributes() {
		if kv.Key == core.KeySpanType {
			return kv.Value.AsString() == "log"
		}
	}
	return false
}

// hiddenInConsole leaves out what the line already shows.
func hiddenInConsole(k attribute.Key) bool {
	switch k {
	case core.KeySpanType, core.KeyLevelNum, core.KeyMsg, core.KeyMsgTemplate, core.KeyLogLevel, core.KeyJSONSchema:
		return true
	}
	return false
}

// Shutdown does nothing: the view holds no buffer.
func (p *ConsoleProcessor) Shutdown(context.Context) error { return nil }

// ForceFlush does nothing: every line is written when it happens.
func (p *ConsoleProcessor) ForceFlush(context.Context) error { return nil }

// printable escapes what a terminal would act on, so a logged value can
// neither forge a line (a newline) nor drive the terminal (ESC, OSC and
// the other C0 and C1 controls): each becomes its Go escape, \n or \x1b.
func printable(s string) string {
	clean := true
	for _, r := range s {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}
