package core

import (
	"encoding/hex"

	"go.opentelemetry.io/otel/trace"
)

// Correlation is what an adapter writes into its logger's own output so a
// log line leads to its span: the log span's trace id and span id in
// lower-case hex. [Event.End] returns it; it is empty when the log must
// not be correlated (correlation is off, or the log's context held no
// valid span, so the ids would name a trace nobody else is in).
type Correlation struct {
	TraceID string
	SpanID  string
}

// OK reports whether there are ids to write.
func (c Correlation) OK() bool { return c.TraceID != "" }

// correlationOf returns sc's ids from one allocation instead of two.
func correlationOf(sc trace.SpanContext) Correlation {
	tid, sid := sc.TraceID(), sc.SpanID()
	var buf [2*len(tid) + 2*len(sid)]byte
	hex.Encode(buf[:2*len(tid)], tid[:])
	hex.Encode(buf[2*len(tid):], sid[:])
	both := string(buf[:])
	return Correlation{TraceID: both[:2*len(tid)], SpanID: both[2*len(tid):]}
}

// HexIDs returns the trace id and span id of sc in lower-case hex.
//
// Deprecated: [Event.End] returns the ids an adapter should write, and
// decides whether it should write any.
func HexIDs(sc trace.SpanContext) (traceID, spanID string) {
	c := correlationOf(sc)
	return c.TraceID, c.SpanID
}
