package otelsetup

import (
	"context"
	"io"

	"go.opentelemetry.io/otel/attribute"
	sdklog "go.opentelemetry.io/otel/sdk/log"
	"go.opentelemetry.io/otel/trace"

	"github.com/logspan/logspan/core"
)

// consoleRecordExporter is the console view of OpenTelemetry log records,
// for logs emitted as records instead of spans: the same line as a log
// span (consoleFormat), from the record's attributes (logfire.msg,
// logfire.level_num, code.*, exception.*) or, without them, from its body,
// event name and severity. It writes synchronously, under the view's
// mutex; it keeps no buffer.
type consoleRecordExporter struct {
	v *consoleView
}

var _ sdklog.Exporter = (*consoleRecordExporter)(nil)

// newConsoleRecordExporter returns a record view writing to w (os.Stderr
// when nil), on its own: records are not indented under spans. To indent
// them under the spans a ConsoleProcessor shows, use
// ConsoleProcessor.recordExporter.
func newConsoleRecordExporter(w io.Writer, opts ConsoleOptions) *consoleRecordExporter {
	return &consoleRecordExporter{v: newConsoleView(w, opts)}
}

// recordExporter returns a record view sharing p's writer, options and
// open spans, so that a record shows indented under the span it was
// emitted in, as a log span would.
func (p *ConsoleProcessor) recordExporter() *consoleRecordExporter {
	return &consoleRecordExporter{v: p.v}
}

// Export prints each record. It never fails: a console line is a view.
func (x *consoleRecordExporter) Export(_ context.Context, records []sdklog.Record) error {
	var attrs []attribute.KeyValue
	for i := range records {
		r := &records[i]
		attrs = attrs[:0]
		r.WalkAttributes(func(kv attribute.KeyValue) bool {
			attrs = append(attrs, kv)
			return true
		})
		var e consoleEntry
		e.scan(attrs)
		e.level = recordLevel(r, attrs)
		e.t = r.Timestamp()
		if e.t.IsZero() {
			e.t = r.ObservedTimestamp()
		}
		if e.msg == "" {
			e.msg = recordMessage(r)
		}
		var parent trace.SpanID
		if r.SpanID().IsValid() {
			parent = r.SpanID()
		} else if r.TraceID().IsValid() {
			e.root = r.TraceID()
		}
		x.v.log(parent, &e)
	}
	return nil
}

// recordLevel is logfire.level_num, else the record's severity (the same
// scale), else info, as Logfire's console reads a record.
func recordLevel(r *sdklog.Record, attrs []attribute.KeyValue) int {
	for _, kv := range attrs {
		if kv.Key == core.KeyLevelNum {
			return int(kv.Value.AsInt64())
		}
	}
	if s := r.Severity(); s > 0 {
		return int(s)
	}
	return int(core.LevelInfo)
}

// recordMessage is the message of a record without logfire.msg: its
// event name and its body, "name: body" when it has both, as Logfire's
// console writes it.
func recordMessage(r *sdklog.Record) string {
	body := ""
	switch b := r.Body(); b.Type() {
	case attribute.STRING:
		body = b.AsString()
	case attribute.EMPTY:
	default:
		body = string(appendValue(nil, b, false, 0))
	}
	switch name := r.EventName(); {
	case name == "":
		return body
	case body == "":
		return name
	default:
		return name + ": " + body
	}
}

// Shutdown does nothing: the view holds no buffer.
func (x *consoleRecordExporter) Shutdown(context.Context) error { return nil }

// ForceFlush does nothing: every line is written when it is exported.
func (x *consoleRecordExporter) ForceFlush(context.Context) error { return nil }
