package otlpexport

import (
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/log"
	"go.opentelemetry.io/otel/sdk/instrumentation"
	sdklog "go.opentelemetry.io/otel/sdk/log"
	"go.opentelemetry.io/otel/sdk/resource"
)

// Field numbers of the OTLP logs messages, from opentelemetry-proto
// v1.11.0 (go.opentelemetry.io/proto/otlp): collector/logs/v1 and logs/v1.
// The resource, scope, KeyValue and AnyValue fields are the traces' (encode.go).
const (
	reqResourceLogs = 1 // ExportLogsServiceRequest.resource_logs

	rlResource  = 1 // ResourceLogs.resource
	rlScopeLogs = 2 // ResourceLogs.scope_logs
	rlSchemaURL = 3 // ResourceLogs.schema_url

	slScope      = 1 // ScopeLogs.scope
	slLogRecords = 2 // ScopeLogs.log_records
	slSchemaURL  = 3 // ScopeLogs.schema_url

	lrTime           = 1  // LogRecord.time_unix_nano (fixed64)
	lrSeverityNumber = 2  // LogRecord.severity_number
	lrSeverityText   = 3  // LogRecord.severity_text
	lrBody           = 5  // LogRecord.body
	lrAttributes     = 6  // LogRecord.attributes
	lrDroppedAttrs   = 7  // LogRecord.dropped_attributes_count
	lrFlags          = 8  // LogRecord.flags (fixed32)
	lrTraceID        = 9  // LogRecord.trace_id
	lrSpanID         = 10 // LogRecord.span_id
	lrObservedTime   = 11 // LogRecord.observed_time_unix_nano (fixed64)
	lrEventName      = 12 // LogRecord.event_name
)

// encodeLogs appends the ExportLogsServiceRequest for records to e.buf and
// returns the number of records written. Records are grouped by resource,
// then by instrumentation scope, as otlploghttp's transform does; the
// groups follow the records' order.
func (e *encoder) encodeLogs(records []sdklog.Record) int {
	n := e.groupRecords(records)
	if n == 0 {
		return 0
	}
	b := e.buf
	for ri := range e.resources {
		r := e.resources[ri].res
		var rl int
		b, rl = openFieldN(b, reqResourceLogs, 3)
		if r.Len() > 0 { // otlploghttp sends no Resource for an empty one
			var m int
			b, m = openField(b, rlResource)
			b = appendIterator(b, resAttributes, r.Iter())
			b = closeField(b, m)
		}
		for gi := range e.groups {
			g := &e.groups[gi]
			if g.res != int32(ri) {
				continue
			}
			var sl int
			b, sl = openFieldN(b, rlScopeLogs, 3)
			if g.scope != (instrumentation.Scope{}) {
				var m int
				b, m = openField(b, slScope)
				b = appendString(b, scopeName, g.scope.Name)
				b = appendString(b, scopeVersion, g.scope.Version)
				b = appendIterator(b, scopeAttributes, g.scope.Attributes.Iter())
				b = closeField(b, m)
				b = appendString(b, slSchemaURL, g.scope.SchemaURL)
			}
			start := g.next - g.n
			for _, i := range e.order[start:g.next] {
				var m int
				b, m = openFieldN(b, slLogRecords, 2)
				b = appendLogRecord(b, &records[i])
				b = closeFieldN(b, m, 2)
			}
			b = closeFieldN(b, sl, 3)
		}
		b = appendString(b, rlSchemaURL, r.SchemaURL())
		b = closeFieldN(b, rl, 3)
	}
	e.buf = b
	return n
}

// groupRecords is groupSpans for log records.
func (e *encoder) groupRecords(records []sdklog.Record) int {
	var (
		lastRes   *resource.Resource
		lastScope instrumentation.Scope
		last      int32 = -1
	)
	for i := range records {
		r, sc := records[i].Resource(), records[i].InstrumentationScope()
		if last < 0 || r != lastRes || sc != lastScope {
			last = e.lookup(r, sc)
			lastRes, lastScope = r, sc
		}
		e.spanGroup = append(e.spanGroup, last)
		e.groups[last].n++
	}
	n := len(records)
	if n == 0 {
		return 0
	}
	var pos int32
	for ri := range e.resources {
		for gi := range e.groups {
			if e.groups[gi].res == int32(ri) {
				e.groups[gi].next = pos
				pos += e.groups[gi].n
			}
		}
	}
	e.order = append(e.order[:0], make([]int32, n)...)
	for i, g := range e.spanGroup {
		e.order[e.groups[g].next] = int32(i) //nolint:gosec // len(records) fits an int32 in any real batch.
		e.groups[g].next++
	}
	return n
}

func appendLogRecord(b []byte, r *sdklog.Record) []byte {
	b = appendFixed64(b, lrTime, unixNano(r.Timestamp().UnixNano()))
	b = appendVarint(b, lrSeverityNumber, severityNumber(r.Severity()))
	b = appendString(b, lrSeverityText, r.SeverityText())
	// The body is always present, empty or not, as otlploghttp sends it.
	var m int
	b, m = openField(b, lrBody)
	b = appendAnyValue(b, r.Body(), 0)
	b = closeField(b, m)
	r.WalkAttributes(func(kv attribute.KeyValue) bool {
		b = appendKeyValue(b, lrAttributes, kv, 0)
		return true
	})
	b = appendVarint(b, lrDroppedAttrs, clampUint32(r.DroppedAttributes()))
	b = appendFixed32(b, lrFlags, uint32(r.TraceFlags()))
	if tid := r.TraceID(); tid.IsValid() {
		b = appendBytes(b, lrTraceID, tid[:])
	}
	if sid := r.SpanID(); sid.IsValid() {
		b = appendBytes(b, lrSpanID, sid[:])
	}
	b = appendFixed64(b, lrObservedTime, unixNano(r.ObservedTimestamp().UnixNano()))
	b = appendString(b, lrEventName, r.EventName())
	return b
}

// severityNumber maps a severity to logs/v1 SeverityNumber: the defined
// ones (1 to 24) as they are, anything else SEVERITY_NUMBER_UNSPECIFIED,
// as otlploghttp does.
func severityNumber(s log.Severity) uint64 {
	if s >= log.SeverityTrace1 && s <= log.SeverityFatal4 {
		return uint64(s) //nolint:gosec // 1 to 24.
	}
	return 0
}
