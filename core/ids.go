package core

import (
	"encoding/hex"

	"go.opentelemetry.io/otel/trace"
)

// Correlation is what an adapter writes into its logger's own output so a
// log line leads to its span: the log span's trace id and span id.
// [Event.End] returns it; it is empty when the log must not be correlated
// (correlation is off, or the log's context held no valid span, so the
// ids would name a trace nobody else is in). It costs nothing until the
// ids are asked for.
type Correlation struct {
	sc trace.SpanContext
}

// OK reports whether there are ids to write.
func (c Correlation) OK() bool { return c.sc.IsValid() }

// IDs returns the trace id and span id in lower-case hex, as
// TraceID.String and SpanID.String write them, from one allocation instead
// of two; both are empty when there is nothing to write.
func (c Correlation) IDs() (traceID, spanID string) {
	if !c.OK() {
		return "", ""
	}
	return hexIDs(c.sc)
}

// TraceID returns the trace id, for adapters that write the bytes
// themselves (zerolog's Hex).
func (c Correlation) TraceID() trace.TraceID { return c.sc.TraceID() }

// SpanID returns the log span's id.
func (c Correlation) SpanID() trace.SpanID { return c.sc.SpanID() }

func hexIDs(sc trace.SpanContext) (traceID, spanID string) {
	tid, sid := sc.TraceID(), sc.SpanID()
	var buf [2*len(tid) + 2*len(sid)]byte
	hex.Encode(buf[:2*len(tid)], tid[:])
	hex.Encode(buf[2*len(tid):], sid[:])
	both := string(buf[:])
	return both[:2*len(tid)], both[2*len(tid):]
}

// HexIDs returns the trace id and span id of sc in lower-case hex.
//
// Deprecated: [Event.End] returns the ids an adapter should write, and
// decides whether it should write any; [Correlation.IDs] writes them.
func HexIDs(sc trace.SpanContext) (traceID, spanID string) { return hexIDs(sc) }
