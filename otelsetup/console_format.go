package otelsetup

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"

	"github.com/logspan/logspan/core"
)

// Bounds of the console view: whatever is logged, a line stays readable
// and the view's memory stays bounded.
const (
	// MaxConsoleLineBytes is the most text one console line holds, ANSI
	// color codes not counted: past it the line is cut and ends with "…".
	MaxConsoleLineBytes = 1024
	// MaxConsoleValueBytes is the most text one field's value takes on a
	// line (quotes and escapes included): past it the value ends with "…".
	MaxConsoleValueBytes = 200

	maxConsoleKeyBytes     = 64  // a field's key
	maxConsoleMessageBytes = 512 // the message, so fields still show
	maxConsoleNameBytes    = 120 // a span name remembered for show-parents
	maxConsoleStackLines   = 40  // lines of an error's stack
	maxConsoleIndent       = 16  // nesting levels shown; deeper lines stay at 16
	maxConsoleValueDepth   = 8   // nesting of a slice or map value
	maxConsoleJSONCompact  = 4096
)

// Attribute keys the view reads besides core's. The old code.* names are
// Logfire's (its console reads code.filepath and code.lineno); the new ones
// are the current semantic conventions, which core writes.
const (
	keyTags            = core.KeyTags
	keyDisableConsole  = core.KeyDisableConsoleLog
	keyOldCodeFilePath = core.KeyCodeFilePathOld
	keyOldCodeLineNo   = core.KeyCodeLineNumberOld
)

// ANSI styles, after Logfire's console (green time, cyan tags and file,
// blue bar, red errors, yellow warnings, dim parents).
const (
	styleTime   = "32"
	styleSpan   = "1"
	styleParent = "2"
	styleTags   = "36"
	styleBar    = "34"
	styleFile   = "36"
	styleKey    = "34"
	styleExc    = "1;31"
	styleDim    = "2"
)

// consoleFormat is the line layout, shared by the span view and the record
// view.
type consoleFormat struct {
	color, timestamp, tags, verbose bool
}

// consoleEntry is what one log line shows, read from a span's or a
// record's attributes.
type consoleEntry struct {
	t        time.Time
	level    int
	msg      string
	attrs    []attribute.KeyValue
	tags     []string
	file     string
	line     int64
	disabled bool
	json     map[string]bool // keys whose string values are JSON text
	excType  string
	excMsg   string
	excStack string
	hasExc   bool
	stack    string        // code.stacktrace, for an error with no stack of its own
	root     trace.TraceID // shown in verbose mode, for a line with no parent
}

// scan reads the attributes the view interprets; the others are fields.
func (e *consoleEntry) scan(attrs []attribute.KeyValue) {
	e.attrs = attrs
	e.level = int(core.LevelInfo)
	var newFile, newLine bool
	var schema string
	for _, kv := range attrs {
		switch kv.Key {
		case core.KeyLevelNum:
			e.level = int(kv.Value.AsInt64())
		case core.KeyMsg:
			e.msg = kv.Value.AsString()
		case keyTags:
			switch kv.Value.Type() {
			case attribute.STRINGSLICE:
				e.tags = kv.Value.AsStringSlice()
			case attribute.STRING:
				e.tags = []string{kv.Value.AsString()}
			}
		case keyDisableConsole:
			e.disabled = kv.Value.AsBool() || kv.Value.AsString() == "true"
		case core.KeyCodeFilePath:
			e.file, newFile = kv.Value.Emit(), true
		case keyOldCodeFilePath:
			if !newFile {
				e.file = kv.Value.Emit()
			}
		case core.KeyCodeLineNumber:
			e.line, newLine = kv.Value.AsInt64(), true
		case keyOldCodeLineNo:
			if !newLine {
				e.line = kv.Value.AsInt64()
			}
		case core.KeyCodeStacktrace:
			e.stack = kv.Value.AsString()
		case core.KeyJSONSchema:
			schema = kv.Value.AsString()
		case core.KeyExceptionType: // on a log record, the error is attributes
			e.excType, e.hasExc = kv.Value.Emit(), true
		case core.KeyExceptionMessage:
			e.excMsg, e.hasExc = kv.Value.Emit(), true
		case core.KeyExceptionStacktrace:
			e.excStack = kv.Value.Emit()
		}
	}
	if schema != "" {
		e.json = jsonKeys(schema)
	}
}

// jsonKeys reads the keys whose values logfire.json_schema says are JSON
// text (objects and arrays); the schema lists plain values too, as {}.
func jsonKeys(schema string) map[string]bool {
	var s struct {
		Properties map[string]struct {
			Type string `json:"type"`
		} `json:"properties"`
	}
	if json.Unmarshal([]byte(schema), &s) != nil || len(s.Properties) == 0 {
		return nil
	}
	keys := make(map[string]bool, len(s.Properties))
	for k, p := range s.Properties {
		if p.Type == "object" || p.Type == "array" {
			keys[k] = true
		}
	}
	return keys
}

// hiddenField leaves out the keys of logspan, Logfire and the conventions
// the line already shows or that only matter to a backend.
func hiddenField(k attribute.Key) bool {
	s := string(k)
	return s == string(core.KeyLogLevel) ||
		strings.HasPrefix(s, "logfire.") ||
		strings.HasPrefix(s, "code.") ||
		strings.HasPrefix(s, "logspan.") ||
		strings.HasPrefix(s, "exception.")
}

// lineBuf builds lines whose text is escaped and bounded: every piece of
// text goes through text, which escapes what a terminal would act on and
// cuts the line at MaxConsoleLineBytes.
type lineBuf struct {
	b     []byte
	color bool
	vis   int  // text bytes on the current line
	cut   bool // the current line is full
}

func (l *lineBuf) reset() { l.b, l.vis, l.cut = l.b[:0], 0, false }

func (l *lineBuf) newline() {
	l.b = append(l.b, '\n')
	l.vis, l.cut = 0, false
}

// paint writes s in the given style.
func (l *lineBuf) paint(style, s string) {
	l.limited(style, s, MaxConsoleLineBytes)
}

// limited writes at most limit bytes of s (escaped), in the given style.
func (l *lineBuf) limited(style, s string, limit int) {
	if l.cut {
		return
	}
	on := l.color && style != ""
	if on {
		l.b = append(l.b, "\x1b["...)
		l.b = append(l.b, style...)
		l.b = append(l.b, 'm')
	}
	l.escaped(s, limit)
	if on {
		l.b = append(l.b, "\x1b[0m"...)
	}
}

func (l *lineBuf) text(s string) { l.limited("", s, MaxConsoleLineBytes) }

func (l *lineBuf) spaces(n int) {
	if l.cut {
		return
	}
	n = max(0, min(n, MaxConsoleLineBytes-len("…")-l.vis))
	for range n {
		l.b = append(l.b, ' ')
	}
	l.vis += n
}

// escaped appends s, each control (isControl) and invalid byte as its Go
// escape (\n, \x1b, \u0085, \u202e), so that a logged value can neither forge a
// line nor drive the terminal. It writes at most limit bytes of s and keeps
// the line within MaxConsoleLineBytes; what is cut ends with "…".
func (l *lineBuf) escaped(s string, limit int) {
	const ellipsis = "…"
	lineRoom := MaxConsoleLineBytes - len(ellipsis) - l.vis
	fit := min(limit, lineRoom)                   // s fits whole within this
	cutRoom := min(limit-len(ellipsis), lineRoom) // else it is cut within this
	start, cutAt := len(l.b), -1
	for i := 0; i < len(s); {
		// Fast path: a run of printable ASCII that fits before the cut.
		j := i
		for j < len(s) && s[j] >= 0x20 && s[j] < 0x7f {
			j++
		}
		if j > i && cutAt < 0 && len(l.b)-start+j-i <= cutRoom {
			l.b = append(l.b, s[i:j]...)
			i = j
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		var esc [12]byte
		piece := esc[:0]
		switch {
		case r == utf8.RuneError && size == 1:
			piece = append(piece, '\\', 'x', hexDigits[s[i]>>4], hexDigits[s[i]&15])
		case isControl(r):
			q := strconv.QuoteRune(r)
			piece = append(piece, q[1:len(q)-1]...)
		default:
			piece = append(piece, s[i:i+size]...)
		}
		n := len(l.b) - start
		if cutAt < 0 && n+len(piece) > cutRoom {
			cutAt = len(l.b)
		}
		if n+len(piece) > fit {
			l.b = append(l.b[:max(cutAt, start)], ellipsis...)
			l.vis += len(l.b) - start
			if lineRoom <= limit {
				l.cut = true // the line is full: the rest of it is left out
			}
			return
		}
		l.b = append(l.b, piece...)
		i += size
	}
	l.vis += len(l.b) - start
}

const hexDigits = "0123456789abcdef"

// isControl: the C0 and C1 controls, DEL, and the bidirectional controls,
// which reorder what the terminal shows ("Trojan Source", CVE-2021-42574).
func isControl(r rune) bool {
	switch {
	case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
		return true
	case r == 0x061c || r == 0x200e || r == 0x200f || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069):
		return true
	}
	return false
}

// prefix writes the time column and the indentation.
func (f consoleFormat) prefix(l *lineBuf, t time.Time, indent int) {
	if f.timestamp {
		l.paint(styleTime, t.Format("15:04:05.000"))
		l.text(" ")
	}
	l.spaces(2 * min(indent, maxConsoleIndent))
}

// barIndent writes the indentation of a detail line, under the message.
func (f consoleFormat) barIndent(l *lineBuf, indent int) {
	n := 2 * min(indent, maxConsoleIndent)
	if f.timestamp {
		n += len("15:04:05.000 ")
	}
	l.spaces(n)
	l.paint(styleBar, "│")
}

// writeLog writes a log's line, then its detail line (verbose) and its
// error (error logs).
func (f consoleFormat) writeLog(l *lineBuf, e *consoleEntry, indent int) {
	f.prefix(l, e.t, indent)
	name := core.Level(e.level).String()
	if !f.color {
		up := strings.ToUpper(name)
		l.text(up)
		l.spaces(6 - len(up))
		l.text(" ")
	}
	l.limited(levelColor(e.level), e.msg, maxConsoleMessageBytes)
	f.writeTags(l, e.tags)
	var val []byte
	for _, kv := range e.attrs {
		if hiddenField(kv.Key) || l.cut {
			continue
		}
		l.text(" ")
		k := string(kv.Key)
		if needsQuote(k) {
			k = strconv.Quote(k)
		}
		l.limited(styleKey, k, maxConsoleKeyBytes)
		l.text("=")
		val = appendValue(val[:0], kv.Value, e.json[string(kv.Key)], 0)
		l.limited("", string(val), MaxConsoleValueBytes)
	}
	l.newline()
	if f.verbose {
		if !f.color {
			name = "" // the level column shows it already
		}
		f.writeDetail(l, e.file, e.line, name, e.root, indent)
	}
	if e.level >= int(core.LevelError) {
		f.writeError(l, e, indent)
	}
}

// writeSpan writes a span's line as it starts.
func (f consoleFormat) writeSpan(l *lineBuf, t time.Time, name string, e *consoleEntry, indent int) {
	f.prefix(l, t, indent)
	l.limited(styleSpan, name, maxConsoleMessageBytes)
	f.writeTags(l, e.tags)
	l.newline()
	if f.verbose {
		f.writeDetail(l, e.file, e.line, "", e.root, indent)
	}
}

// writeParent writes a span shown again, dim and without time, because
// the line that follows is in it and the previous line was not (Logfire's
// show-parents style).
func (f consoleFormat) writeParent(l *lineBuf, name string, indent int) {
	if f.timestamp {
		l.spaces(len("15:04:05.000 "))
	}
	l.spaces(2 * min(indent, maxConsoleIndent))
	l.paint(styleParent, name)
	l.newline()
}

func (f consoleFormat) writeTags(l *lineBuf, tags []string) {
	if !f.tags || len(tags) == 0 {
		return
	}
	l.text(" ")
	l.paint(styleTags, "["+strings.Join(tags, ",")+"]")
}

// writeDetail writes Logfire's verbose line: "│ file:line level" (the
// level only in color: plain lines have a level column), and the trace id
// of a line that starts a trace.
func (f consoleFormat) writeDetail(l *lineBuf, file string, line int64, level string, root trace.TraceID, indent int) {
	if file == "" && level == "" && !root.IsValid() {
		return
	}
	f.barIndent(l, indent)
	if file != "" {
		if line > 0 {
			file += ":" + strconv.FormatInt(line, 10)
		}
		l.text(" ")
		l.paint(styleFile, file)
	}
	if level != "" {
		l.text(" " + level)
	}
	if root.IsValid() {
		l.text(" ")
		l.paint(styleDim, "trace_id="+root.String())
	}
	l.newline()
}

// writeError writes "│ type: message" and the stack, as Logfire shows an
// exception event, each stack line cut, at most maxConsoleStackLines.
func (f consoleFormat) writeError(l *lineBuf, e *consoleEntry, indent int) {
	stack := e.excStack
	if stack == "" {
		stack = e.stack
	}
	if !e.hasExc && stack == "" {
		return
	}
	if e.hasExc {
		f.barIndent(l, indent)
		l.text(" ")
		l.paint(styleExc, e.excType+":")
		l.text(" ")
		l.text(e.excMsg)
		l.newline()
	}
	stack = strings.TrimRight(stack, "\n")
	for lines := 0; stack != ""; lines++ {
		line, rest, _ := strings.Cut(stack, "\n")
		f.barIndent(l, indent)
		if lines == maxConsoleStackLines {
			l.text(" … " + strconv.Itoa(strings.Count(stack, "\n")+1) + " more lines")
			l.newline()
			break
		}
		l.text(" ")
		l.text(strings.ReplaceAll(line, "\t", "    "))
		l.newline()
		stack = rest
	}
}

// needsQuote says whether a key or a string value is quoted: when it is
// empty, or holds a space, a quote, '=', a backslash or anything not
// printable (then strconv.Quote escapes it).
func needsQuote(s string) bool {
	if s == "" {
		return true
	}
	for _, r := range s {
		if r == ' ' || r == '"' || r == '=' || r == '\\' || r == utf8.RuneError || !strconv.IsPrint(r) {
			return true
		}
	}
	return false
}

// appendValue writes a field's value compactly: a string bare or quoted
// (see needsQuote), JSON text as compact JSON, numbers and booleans as Go
// writes them, slices and maps in JSON form. It stops early once the text
// passes MaxConsoleValueBytes (the caller cuts it there): a huge value
// costs no more than the line shows.
func appendValue(dst []byte, v attribute.Value, isJSON bool, depth int) []byte {
	if len(dst) > MaxConsoleValueBytes {
		return dst
	}
	switch v.Type() {
	case attribute.BOOL:
		return strconv.AppendBool(dst, v.AsBool())
	case attribute.INT64:
		return strconv.AppendInt(dst, v.AsInt64(), 10)
	case attribute.FLOAT64:
		return strconv.AppendFloat(dst, v.AsFloat64(), 'g', -1, 64)
	case attribute.STRING:
		s := v.AsString()
		if isJSON && len(s) <= maxConsoleJSONCompact {
			var buf bytes.Buffer
			if json.Compact(&buf, []byte(s)) == nil {
				return append(dst, buf.Bytes()...)
			}
		}
		if isJSON || depth > 0 || needsQuote(s) {
			return strconv.AppendQuote(dst, cutString(s, MaxConsoleValueBytes))
		}
		return append(dst, cutString(s, MaxConsoleValueBytes+1)...)
	case attribute.BOOLSLICE:
		return appendSlice(dst, v.AsBoolSlice(), func(d []byte, b bool) []byte { return strconv.AppendBool(d, b) })
	case attribute.INT64SLICE:
		return appendSlice(dst, v.AsInt64Slice(), func(d []byte, n int64) []byte { return strconv.AppendInt(d, n, 10) })
	case attribute.FLOAT64SLICE:
		return appendSlice(dst, v.AsFloat64Slice(), func(d []byte, x float64) []byte { return strconv.AppendFloat(d, x, 'g', -1, 64) })
	case attribute.STRINGSLICE:
		return appendSlice(dst, v.AsStringSlice(), func(d []byte, s string) []byte {
			return strconv.AppendQuote(d, cutString(s, MaxConsoleValueBytes))
		})
	case attribute.BYTESLICE:
		b := v.AsByteSlice()
		if len(b) > MaxConsoleValueBytes {
			b = b[:MaxConsoleValueBytes]
		}
		dst = append(dst, '"')
		dst = base64.StdEncoding.AppendEncode(dst, b)
		return append(dst, '"')
	case attribute.SLICE:
		if depth >= maxConsoleValueDepth {
			return append(dst, "[…]"...)
		}
		return appendSlice(dst, v.AsSlice(), func(d []byte, e attribute.Value) []byte {
			return appendValue(d, e, false, depth+1)
		})
	case attribute.MAP:
		if depth >= maxConsoleValueDepth {
			return append(dst, "{…}"...)
		}
		dst = append(dst, '{')
		for i, kv := range v.AsMap() {
			if len(dst) > MaxConsoleValueBytes {
				break
			}
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = strconv.AppendQuote(dst, cutString(string(kv.Key), maxConsoleKeyBytes))
			dst = append(dst, ':')
			dst = appendValue(dst, kv.Value, false, depth+1)
		}
		return append(dst, '}')
	}
	return append(dst, "null"...)
}

func appendSlice[T any](dst []byte, s []T, each func([]byte, T) []byte) []byte {
	dst = append(dst, '[')
	for i, e := range s {
		if len(dst) > MaxConsoleValueBytes {
			break
		}
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = each(dst, e)
	}
	return append(dst, ']')
}

// cutString keeps at most n bytes of s, on a rune boundary.
func cutString(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
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
