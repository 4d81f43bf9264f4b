package core

import (
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"
)

// maxPooledAttrs keeps an event that carried an unusually large number of
// fields from pinning that memory in the pool.
const maxPooledAttrs = 256

// An Event is one log event on its way to becoming a span, returned by
// [Emitter.Start]. Add the log's fields through [Event.Encoder] when
// [Event.Recording] is true, then call [Event.End] exactly once; the event
// must not be used after that.
type Event struct {
	em        *Emitter
	rec       Record
	span      trace.Span
	recording bool
	correlate bool
	issue     bool // the first error gets a fingerprint (see issueRule)
	fixed     []attribute.KeyValue
	enc       Encoder
	direct    directBuilder // the span, when a Pipeline makes it
	rs        recordState   // the log record, when the log becomes one

	// Reused per log, to keep allocations off the logging path.
	at        trace.SpanEventOption // the record's time, boxed once
	startOpts [3]trace.SpanStartOption
	eventOpts [2]trace.EventOption
	exAttrs   []attribute.KeyValue
	schema    schemaState
}

// Recording reports whether the log's fields are wanted: the span is
// recorded (sampled), or the log becomes a record its logger would not
// drop. When it is false, adding fields is wasted work.
func (ev *Event) Recording() bool { return ev.recording }

// SpanContext returns the identity of the log's span, for adapters that
// write trace_id and span_id into the logger's own output. It is valid
// even when the span is not recorded, as long as a trace was started.
// When the log becomes a record only, there is no log span: it is the
// span context of the log's context, the ids the record carries.
func (ev *Event) SpanContext() trace.SpanContext { return ev.span.SpanContext() }

// Encoder returns the encoder for the log's fields.
func (ev *Event) Encoder() *Encoder { return &ev.enc }

// End finishes the span: it sets the fields' attributes, one exception
// event per error field, the status for error levels, and ends the span at
// the record's time; when the log becomes a log record, it emits the
// record with the same attributes (see the package doc, "Log records").
// For fatal and panic levels it flushes the tracer provider (and the
// logger provider for records) before returning, within the flush
// timeout.
//
// It returns the ids the adapter writes into its logger's own output, or
// an empty Correlation when it must write none (see [Correlation]); they
// are copied out before the event goes back to its pool.
func (ev *Event) End() Correlation {
	span, rec := ev.span, ev.rec
	if ev.recording {
		ev.setAttributes()
		if rec.Level >= LevelError && span != &ev.rs.span { // a record has no status
			span.SetStatus(codes.Error, ev.statusDescription())
		}
	}
	var c Correlation
	if ev.correlate {
		c = Correlation{sc: span.SpanContext()}
	}
	if ev.rs.on {
		ev.emitRecord()
	}
	switch {
	case span == &ev.direct:
		ev.direct.end()
	case span != &ev.rs.span:
		span.End(ev.at.(trace.SpanEndOption))
	}
	em := ev.em
	ev.release()
	if rec.Level >= flushLevel {
		// A dying process must deliver its last words; there is nowhere
		// to report a failed flush to.
		_ = em.Sync()
	}
	return c
}

// setAttributes puts the fields, the base's first, and what describes
// them on the span, and one exception event per error.
func (ev *Event) setAttributes() {
	span, enc := ev.span, &ev.enc
	enc.scrubRest()
	var base Fields
	if enc.base != nil {
		base = *enc.base
	}
	// What describes the fields goes in before them, so that the SDK's
	// attribute count limit, which keeps the first attributes, drops
	// fields rather than these. All go in one call, through a slice the
	// pooled event reuses: the SDK grows its own slice once, not per call.
	all := ev.fixed[:0] // the fixed attributes went in at start
	if len(base.scrubbed)+len(enc.scrubbed) > 0 {
		all = append(all, scrubbedAttr(concat(base.scrubbed, enc.scrubbed)))
	}
	if enc.dropped > 0 {
		all = append(all, KeyDroppedFields.Int(enc.dropped))
	}
	if schema, ok := ev.schema.build(enc.base, enc); ok {
		all = append(all, KeyJSONSchema.String(schema))
	}
	if ev.issue {
		all = ev.appendFingerprint(all, base.errs, enc.errs)
	}
	all = append(all, base.attrs...)
	all = append(all, enc.attrs...)
	if len(all) > 0 {
		span.SetAttributes(all...)
	}
	ev.fixed = all
	if span == &ev.rs.span {
		return // records only: no span to hold exception events
	}
	stack := ev.rec.Stack
	for _, errs := range [2][]exception{base.errs, enc.errs} {
		for _, ex := range errs {
			if ex.stack == "" && stack != "" {
				// The logger's captured stack is where the first error
				// without a stack of its own was logged.
				ex.stack, stack = cleanString(stack, enc.maxBytes), ""
			}
			// The SDK copies the attributes, so the slice can be reused.
			ev.exAttrs = ex.appendAttributes(ev.exAttrs[:0])
			if span == &ev.direct {
				ev.direct.addEvent(ExceptionEventName, ev.rec.Time, ev.exAttrs, true)
				continue
			}
			ev.eventOpts[0] = ev.at
			ev.eventOpts[1] = trace.WithAttributes(ev.exAttrs...)
			span.AddEvent(ExceptionEventName, ev.eventOpts[:]...)
		}
	}
}

// statusDescription is Logfire's "<type>: <message>" of the first error
// (set_exception_status in logfire/_internal/tracer.py), or without an
// error the log's message, or when that is empty the level name.
func (ev *Event) statusDescription() string {
	if ex, ok := ev.firstError(); ok {
		return ex.typ + ": " + ex.msg
	}
	if ev.rec.Message != "" {
		return cleanString(ev.rec.Message, ev.enc.maxBytes)
	}
	return ev.rec.LevelName
}

func (ev *Event) release() {
	if cap(ev.enc.attrs) > maxPooledAttrs || cap(ev.fixed) > 2*maxPooledAttrs || cap(ev.enc.json.buf) > 2*DefaultMaxValueBytes {
		return // let the garbage collector have it
	}
	clear(ev.fixed)
	clear(ev.exAttrs)
	ev.schema.trim()
	ev.at, ev.startOpts, ev.eventOpts = nil, [3]trace.SpanStartOption{}, [2]trace.EventOption{}
	clear(ev.enc.attrs)
	clear(ev.enc.jsonKeys)
	clear(ev.enc.marks)
	clear(ev.enc.errs)
	clear(ev.enc.scrubbed)
	ev.enc.scrubbed = ev.enc.scrubbed[:0]
	ev.em, ev.span, ev.rec, ev.recording, ev.correlate, ev.issue = nil, nil, Record{}, false, false, false
	ev.enc.base = nil
	ev.rs.reset()
	// Nothing of the log stays reachable from the pool: not its pipeline
	// (which may be unregistered since), not its JSON text (the schema
	// keeps the last fields' keys, to compare the next log's with).
	ev.direct.p, ev.direct.tp = nil, nil
	ev.enc.json.buf = ev.enc.json.buf[:0]
	ev.enc.scratch.reset()
	ev.enc.attrs, ev.enc.jsonKeys, ev.enc.errs = ev.enc.attrs[:0], ev.enc.jsonKeys[:0], ev.enc.errs[:0]
	ev.enc.marks = ev.enc.marks[:0]
	eventPool.Put(ev)
}

func (ex exception) appendAttributes(attrs []attribute.KeyValue) []attribute.KeyValue {
	attrs = append(attrs,
		KeyExceptionType.String(ex.typ),
		KeyExceptionMessage.String(ex.msg),
	)
	if ex.stack != "" {
		attrs = append(attrs, KeyExceptionStacktrace.String(ex.stack))
	}
	return attrs
}
