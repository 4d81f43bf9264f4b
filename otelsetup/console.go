package otelsetup

import (
	"context"
	"io"
	"os"
	"slices"
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

// SpanStyle says how the console view lays spans out, as Logfire's
// LOGFIRE_CONSOLE_SPAN_STYLE does.
type SpanStyle int

const (
	// SpanStyleShowParents indents by nesting and, when concurrent spans
	// interleave, shows again (dim) the spans a line is in that the lines
	// just above are not: Logfire's default ("show-parents").
	SpanStyleShowParents SpanStyle = iota
	// SpanStyleIndented indents each line by how many spans it is in
	// ("indented").
	SpanStyleIndented
	// SpanStyleSimple prints a flat list, not indented ("simple").
	SpanStyleSimple
)

// ConsoleOptions configure the console view. Their zero value is Logfire's
// default view. Setup reads them from Logfire's variables, with Logfire's
// values and defaults; with [WithConsole], a field left at its zero value
// still takes its variable's value, a field set wins over it:
//
//	LOGFIRE_CONSOLE                    true: shown while exporting too; false: not shown
//	                                   (unset: shown when nothing is exported)
//	LOGFIRE_CONSOLE_COLORS             auto (default), always, never          Color
//	LOGFIRE_CONSOLE_INCLUDE_TIMESTAMP  true (default), false                  HideTimestamp
//	LOGFIRE_CONSOLE_INCLUDE_TAGS       true (default), false                  HideTags
//	LOGFIRE_CONSOLE_MIN_LOG_LEVEL      trace, debug, info (default), notice,  MinLevel
//	                                   warn, warning, error, fatal
//	LOGFIRE_CONSOLE_VERBOSE            false (default), true                  Verbose
//	LOGFIRE_CONSOLE_SPAN_STYLE         show-parents (default), indented,      SpanStyle
//	                                   simple
//
// The booleans are read as Logfire reads them: 1, t, true, 0, f, false, in
// any case. A bad value fails Setup with an error naming the variable.
type ConsoleOptions struct {
	// Color says when to use colors; the default is ColorAuto.
	Color Color
	// Verbose adds Logfire's detail line under each line, "│ file:line
	// level", with the trace id of a line that starts a trace.
	Verbose bool
	// HideTimestamp leaves the time column out.
	HideTimestamp bool
	// HideTags leaves a line's logfire.tags out.
	HideTags bool
	// MinLevel is the lowest level shown; zero means [core.LevelInfo], as
	// Logfire's default. Set [core.LevelTrace] to show every log.
	MinLevel core.Level
	// SpanStyle lays spans out; the default is SpanStyleShowParents.
	SpanStyle SpanStyle
}

// maxTrackedSpans bounds the memory the console view keeps for spans that
// have started and not ended (a span that is never ended would otherwise
// be kept forever): at most this many, each with a name of at most
// maxConsoleNameBytes.
const maxTrackedSpans = 1 << 16

// ConsoleProcessor is the console view: a synchronous span processor that
// prints one line per span as it starts and one per log as it is made,
// indented under the spans that contain it, so nesting shows as it
// happens. Each log line shows its fields after the message
// (user=ada items=3), and an error log the error's type, message and
// stack under it. A span or log whose logfire.disable_console_log
// attribute is true is not printed (its logger printed it already). It
// serializes its writes with a mutex: it is meant for development and
// small programs, not for a hot production path.
type ConsoleProcessor struct {
	v *consoleView
}

var _ sdktrace.SpanProcessor = (*ConsoleProcessor)(nil)

// NewConsoleProcessor returns a console view writing to w (os.Stderr when
// nil).
func NewConsoleProcessor(w io.Writer, opts ConsoleOptions) *ConsoleProcessor {
	return &ConsoleProcessor{v: newConsoleView(w, opts)}
}

// consoleView is the state the span view and the record view share: the
// writer, the format, and the spans open, so that records indent under
// the spans that contain them.
type consoleView struct {
	mu       sync.Mutex
	w        io.Writer
	f        consoleFormat
	style    SpanStyle
	minLevel int
	buf      lineBuf

	// indented: each open span's depth.
	depth map[trace.SpanID]int
	// show-parents: each open span's line, and the spans the lines just
	// printed are in, outermost first.
	history map[trace.SpanID]consoleParent
	stack   []trace.SpanID
}

type consoleParent struct {
	indent int
	name   string
	parent trace.SpanID
}

func newConsoleView(w io.Writer, opts ConsoleOptions) *consoleView {
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
	minLevel := int(opts.MinLevel)
	if minLevel == 0 {
		minLevel = int(core.LevelInfo)
	}
	return &consoleView{
		w:        w,
		f:        consoleFormat{color: color, timestamp: !opts.HideTimestamp, tags: !opts.HideTags, verbose: opts.Verbose},
		style:    opts.SpanStyle,
		minLevel: minLevel,
		buf:      lineBuf{color: color},
		depth:    map[trace.SpanID]int{},
		history:  map[trace.SpanID]consoleParent{},
	}
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// OnStart prints a span that is not a log, and records where it is.
func (p *ConsoleProcessor) OnStart(_ context.Context, s sdktrace.ReadWriteSpan) {
	attrs := s.Attributes()
	if isLog(attrs) {
		return // printed at OnEnd, with its fields
	}
	var e consoleEntry
	e.scan(attrs)
	if !s.Parent().IsValid() {
		e.root = s.SpanContext().TraceID()
	}
	name := e.msg
	if name == "" {
		name = s.Name()
	}
	p.v.spanStart(s.SpanContext().SpanID(), s.Parent().SpanID(), s.StartTime(), name, &e)
}

// OnEnd prints a log, and forgets a span.
func (p *ConsoleProcessor) OnEnd(s sdktrace.ReadOnlySpan) {
	attrs := s.Attributes()
	if !isLog(attrs) {
		p.v.spanEnd(s.SpanContext().SpanID())
		return
	}
	var e consoleEntry
	e.scan(attrs)
	e.t = s.StartTime()
	if e.msg == "" {
		e.msg = s.Name()
	}
	for _, ev := range s.Events() {
		if ev.Name == core.ExceptionEventName {
			e.hasExc = true
			for _, kv := range ev.Attributes {
				switch kv.Key {
				case core.KeyExceptionType:
					e.excType = kv.Value.Emit()
				case core.KeyExceptionMessage:
					e.excMsg = kv.Value.Emit()
				case core.KeyExceptionStacktrace:
					e.excStack = kv.Value.Emit()
				}
			}
			break
		}
	}
	var parent trace.SpanID
	if s.Parent().IsValid() {
		parent = s.Parent().SpanID()
	} else {
		e.root = s.SpanContext().TraceID()
	}
	p.v.log(parent, &e)
}

// spanStart shows a span as it starts, and remembers where it is.
func (v *consoleView) spanStart(id, parent trace.SpanID, t time.Time, name string, e *consoleEntry) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.buf.reset()
	indent := 0
	switch v.style {
	case SpanStyleIndented:
		if len(v.depth) >= maxTrackedSpans {
			clear(v.depth)
		}
		indent = v.depthOf(parent)
		v.depth[id] = indent
	case SpanStyleShowParents:
		v.parents(parent)
		indent = len(v.stack)
		if len(v.history) >= maxTrackedSpans {
			clear(v.history)
		}
		v.history[id] = consoleParent{indent: indent, name: cutString(name, maxConsoleNameBytes), parent: parent}
		v.push(id)
	}
	if !e.disabled && e.level >= v.minLevel {
		v.f.writeSpan(&v.buf, t, name, e, indent)
	}
	v.flush()
}

// spanEnd forgets a span.
func (v *consoleView) spanEnd(id trace.SpanID) {
	v.mu.Lock()
	defer v.mu.Unlock()
	delete(v.depth, id)
	delete(v.history, id)
	if n := len(v.stack); n > 0 && v.stack[n-1] == id {
		v.stack = v.stack[:n-1]
	}
}

// log shows a log made in the span parent (zero when none).
func (v *consoleView) log(parent trace.SpanID, e *consoleEntry) {
	if e.disabled || e.level < v.minLevel {
		return
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	v.buf.reset()
	indent := 0
	switch v.style {
	case SpanStyleIndented:
		indent = v.depthOf(parent)
	case SpanStyleShowParents:
		v.parents(parent)
		indent = len(v.stack)
	}
	v.f.writeLog(&v.buf, e, indent)
	v.flush()
}

func (v *consoleView) flush() {
	if len(v.buf.b) > 0 {
		_, _ = v.w.Write(v.buf.b)
	}
}

func (v *consoleView) depthOf(parent trace.SpanID) int {
	if d, ok := v.depth[parent]; ok && parent.IsValid() {
		return d + 1
	}
	return 0
}

// parents writes, dim, the spans that contain the next line and are not
// among those the lines just above are in, and makes v.stack the spans the
// next line is in (Logfire's ShowParentsConsoleSpanExporter, bounded: at
// most maxConsoleIndent spans shown again).
func (v *consoleView) parents(id trace.SpanID) {
	var shown [maxConsoleIndent]trace.SpanID
	n := 0
	found := false
	for id.IsValid() && n < len(shown) {
		p, ok := v.history[id]
		if !ok {
			break
		}
		if i := slices.Index(v.stack, id); i >= 0 {
			v.stack = v.stack[:i+1]
			found = true
			break
		}
		shown[n] = id
		n++
		id = p.parent
	}
	if !found {
		v.stack = v.stack[:0]
	}
	for i := n - 1; i >= 0; i-- {
		p := v.history[shown[i]]
		v.f.writeParent(&v.buf, p.name, p.indent)
		v.push(shown[i])
	}
}

// push makes id the innermost span of v.stack. Past maxConsoleIndent it
// takes the innermost place: the lines in it still find it, and the stack
// stays bounded.
func (v *consoleView) push(id trace.SpanID) {
	if len(v.stack) < maxConsoleIndent {
		v.stack = append(v.stack, id)
		return
	}
	v.stack[len(v.stack)-1] = id
}

func isLog(attrs []attribute.KeyValue) bool {
	for _, kv := range attrs {
		if kv.Key == core.KeySpanType {
			return kv.Value.AsString() == "log"
		}
	}
	return false
}

// Shutdown does nothing: the view holds no buffer.
func (p *ConsoleProcessor) Shutdown(context.Context) error { return nil }

// ForceFlush does nothing: every line is written when it happens.
func (p *ConsoleProcessor) ForceFlush(context.Context) error { return nil }
