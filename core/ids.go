package core

import (
	"encoding/hex"

	"go.opentelemetry.io/otel/trace"
)

// Keys under which adapters write a log span's identity into the logger's
// own output, so a log line leads to its trace.
const (
	TraceIDKey = "trace_id"
	SpanIDKey  = "span_id"
)

// HexIDs returns the trace id and span id of sc in lower-case hex, as
// TraceID.String and SpanID.String do, from one allocation instead of two:
// adapters call it for every log they correlate.
func HexIDs(sc trace.SpanContext) (traceID, spanID string) {
	tid, sid := sc.TraceID(), sc.SpanID()
	var buf [2*len(tid) + 2*len(sid)]byte
	hex.Encode(buf[:2*len(tid)], tid[:])
	hex.Encode(buf[2*len(tid):], sid[:])
	both := string(buf[:])
	return both[:2*len(tid)], both[2*len(tid):]
}
