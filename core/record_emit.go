package core

import (
	"context"
	"reflect"
	"sync/atomic"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/log"
	lognoop "go.opentelemetry.io/otel/log/noop"
	"go.opentelemetry.io/otel/sdk/instrumentation"
	"go.opentelemetry.io/otel/trace"
	"go.opentelemetry.io/otel/trace/noop"

	"github.com/logspan/logspan"
)

// A log becomes a span, an OpenTelemetry log record, or both (see
// logspan.LogsAs). The record is built from the very attributes the span
// gets, once setAttributes has put them together, so the two cannot
// drift apart; this file holds what only records need.

// recordSource is an emitter's way to its log records: the logger of the
// configured provider, or of the global one as it is at the time of each
// log.
type recordSource struct {
	name, version string
	lp            log.LoggerProvider // nil: the global provider
	cached        atomic.Pointer[loggerEntry]
}

// loggerEntry is the logger last obtained from lp, or the emitter of the
// pipeline registered for lp (see [RegisterLogPipeline]).
type loggerEntry struct {
	lp       log.LoggerProvider
	pipeline *LogPipeline
	l        log.Logger
	emitter  LogEmitter
}

func newRecordSource(cfg logspan.Config, name, version string) *recordSource {
	lp := cfg.LoggerProvider()
	if lp != nil && isNilPointer(lp) {
		lp = nil // a typed nil provider would panic on the first log: use the global one
	}
	return &recordSource{name: name, version: version, lp: lp}
}

// logsAs returns the data model of the emitter's next log: its own, or
// the process default (one atomic load).
func (em *Emitter) logsAs() logspan.LogsAs {
	if m := em.cfg.LogsAs(); m != logspan.LogsAsDefault {
		return m
	}
	return DefaultLogsAs()
}

// provider returns the logger provider records go to now.
func (s *recordSource) provider() log.LoggerProvider {
	if s.lp != nil {
		return s.lp
	}
	return otel.GetLoggerProvider()
}

// logger returns the way to the provider in force for the emitter's
// scope: the emitter of the pipeline registered for the provider, or else
// the provider's logger. Asking a provider for a logger costs a lock and a
// map look-up in the SDK, so the answer is kept for as long as the
// provider and its registration stay the same; a provider that cannot be
// compared (of such a type, or a struct holding such a value) is asked
// every time.
func (s *recordSource) logger() (log.Logger, LogEmitter) {
	lp := s.provider()
	p := logPipelines.lookup(lp)
	if e := s.cached.Load(); e != nil && e.lp == lp && e.pipeline == p {
		return e.l, e.emitter
	}
	e := &loggerEntry{lp: lp, pipeline: p}
	if p != nil {
		e.emitter = p.emitter(instrumentation.Scope{Name: s.name, Version: s.version})
	}
	if e.emitter == nil {
		e.l = lp.Logger(s.name, log.WithInstrumentationVersion(s.version))
		if e.l == nil {
			e.l = lognoop.Logger{} // a provider's bug must not fail the log call
		}
	}
	if reflect.ValueOf(lp).Comparable() {
		s.cached.Store(e)
	}
	return e.l, e.emitter
}

// flush asks the logger provider to export what it holds, if it can.
func (s *recordSource) flush(ctx context.Context) error {
	if f, ok := s.provider().(interface{ ForceFlush(context.Context) error }); ok {
		return f.ForceFlush(ctx)
	}
	return nil
}

// recordState is what an event needs to become a log record. It lives in
// the pooled event, so a record costs no allocation of its own apart from
// the attributes past the five log.Record holds inline.
type recordState struct {
	on       bool // a record is emitted at End
	logger   log.Logger
	emitter  LogEmitter // instead of logger: a registered pipeline's
	direct   LogRecord  // the record handed to emitter
	ctx      recordContext
	span     contextSpan // the span the record is emitted under
	observed time.Time
	body     string
	// attrs is the record's attributes without duplicate keys; index
	// finds a key in it past linearScan attributes.
	attrs   []attribute.KeyValue
	index   map[attribute.Key]int
	indexed bool
	used    bool // anything but body was set
}

// startRecord decides whether the log becomes a record, and readies it.
// It asks the logger whether a record at this severity would be dropped,
// so that a disabled logger costs almost nothing.
func (ev *Event) startRecord(ctx context.Context, filled bool) {
	rs := &ev.rs
	rs.used = true
	rs.logger, rs.emitter = ev.em.recs.logger()
	if rs.emitter != nil {
		rs.on = rs.emitter.Enabled(ctx, severity(ev.rec.Level))
	} else {
		rs.on = rs.logger.Enabled(ctx, log.EnabledParameters{Severity: severity(ev.rec.Level)})
	}
	if !rs.on {
		rs.logger, rs.emitter = nil, nil
		return
	}
	rs.ctx.parent = ctx
	rs.observed = ev.rec.Time
	if !filled {
		rs.observed = time.Now()
	}
}

// spanless makes the event's span, when the log becomes a record only:
// nothing is started and no sampler is asked; the event's span context is
// the one in ctx, which is also the record's.
func (ev *Event) spanless(ctx context.Context) {
	ev.rs.used = true
	ev.rs.span.sc = trace.SpanContextFromContext(ctx)
	ev.span = &ev.rs.span
	ev.recording = ev.rs.on
}

// severity maps a level to OpenTelemetry's severity number: logspan's
// levels are on that scale already; levels outside 1..24 are clamped.
func severity(l Level) log.Severity {
	return log.Severity(min(max(int(l), 1), 24))
}

// keepFixed starts the record's attributes with the fixed ones, which
// went into the span at its start and are not in ev.fixed at End. All of
// them: the logfire.* keys restate the body and the severity, and Logfire
// reads them (its level filters use logfire.level_num, on its own scale),
// so a record shows in Logfire as its span does.
func (rs *recordState) keepFixed(fixed []attribute.KeyValue) {
	rs.used = true
	rs.attrs = rs.attrs[:0]
	for _, kv := range fixed {
		rs.add(kv)
	}
}

// emitRecord emits the log record. It runs after setAttributes, whose
// result (ev.fixed) holds the attributes the span gets at its end, in the
// span's order, after the fixed ones kept at the start.
func (ev *Event) emitRecord() {
	rs := &ev.rs
	ev.addFieldsToRecord()
	if ex, ok := ev.firstException(); ok {
		rs.addScan(KeyExceptionType.String(ex.typ))
		rs.addScan(KeyExceptionMessage.String(ex.msg))
		if ex.stack != "" {
			rs.addScan(KeyExceptionStacktrace.String(ex.stack))
		}
	}
	if ev.span != &ev.rs.span {
		// Both models: the record is the log span's, joinable by its id.
		rs.span.sc = ev.span.SpanContext()
		rs.ctx.span = &rs.span
	}
	sev, text, body := severity(ev.rec.Level), cleanString(ev.rec.LevelName, ev.enc.maxBytes), attribute.StringValue(rs.body)
	if rs.emitter != nil {
		rs.direct = LogRecord{Timestamp: ev.rec.Time, ObservedTimestamp: rs.observed,
			Severity: sev, SeverityText: text, Body: body}
		rs.emitDirect()
		return
	}
	var r log.Record
	r.SetTimestamp(ev.rec.Time)
	r.SetObservedTimestamp(rs.observed)
	r.SetSeverity(sev)
	r.SetSeverityText(text)
	r.SetBody(body)
	r.AddAttributes(rs.attrs...)
	rs.logger.Emit(rs.ctx.context(), r)
}

// firstException returns the log's first error (the base's first), with
// the logger's captured stack when it has none of its own, as the span's
// first exception event gets it. A record has room for one exception; the
// others are still attributes under their own keys.
func (ev *Event) firstException() (exception, bool) {
	var ex exception
	switch {
	case ev.enc.base != nil && len(ev.enc.base.errs) > 0:
		ex = ev.enc.base.errs[0]
	case len(ev.enc.errs) > 0:
		ex = ev.enc.errs[0]
	default:
		return ex, false
	}
	if ex.stack == "" && ev.rec.Stack != "" {
		ex.stack = cleanString(ev.rec.Stack, ev.enc.maxBytes)
	}
	return ex, true
}

// addFieldsToRecord adds the attributes setAttributes gave the span at
// its end (ev.fixed: what describes the fields, then the fields, the
// base's first) to the record's. When the schema knows the fields hold
// each key once, a field can only repeat one of the few attributes before
// it, which a signature of their keys rules out for most fields at the
// cost of a few comparisons: no map, however many the fields.
func (ev *Event) addFieldsToRecord() {
	rs := &ev.rs
	nFields := len(ev.enc.attrs)
	if ev.enc.base != nil {
		nFields += len(ev.enc.base.attrs)
	}
	split := len(ev.fixed) - nFields
	if split < 0 || !ev.schema.unique || rs.indexed || len(rs.attrs)+len(ev.fixed) < linearScan {
		for _, kv := range ev.fixed {
			rs.add(kv)
		}
		return
	}
	for _, kv := range ev.fixed[:split] {
		rs.add(kv)
	}
	head := len(rs.attrs) // the attributes a field may repeat
	var sig keySignature
	for _, kv := range rs.attrs {
		sig.put(kv.Key)
	}
	for _, kv := range ev.fixed[split:] {
		if !kv.Valid() {
			continue
		}
		if sig.mayHold(kv.Key) {
			if i := indexOf(rs.attrs[:head], kv.Key); i >= 0 {
				rs.attrs[i] = kv
				continue
			}
		}
		rs.attrs = append(rs.attrs, kv)
	}
}

// keySignature is a 64-bit summary of a few keys: a key whose bit is not
// set is none of them.
type keySignature uint64

func keyBit(k attribute.Key) uint64 {
	if k == "" {
		return 1
	}
	return 1 << ((uint(len(k)) ^ uint(k[0])*7 ^ uint(k[len(k)-1])*31) & 63)
}

func (s *keySignature) put(k attribute.Key)         { *s |= keySignature(keyBit(k)) }
func (s keySignature) mayHold(k attribute.Key) bool { return uint64(s)&keyBit(k) != 0 }

// indexOf returns the position of key in attrs, or -1.
func indexOf(attrs []attribute.KeyValue, key attribute.Key) int {
	for i := range attrs {
		if attrs[i].Key == key {
			return i
		}
	}
	return -1
}

// addScan is add for the last few attributes of a record (its exception
// ones), by a scan rather than by the index: the index is not built for
// a record whose fields needed none.
func (rs *recordState) addScan(kv attribute.KeyValue) {
	if !kv.Valid() {
		return
	}
	if rs.indexed {
		rs.add(kv)
		return
	}
	if i := indexOf(rs.attrs, kv.Key); i >= 0 {
		rs.attrs[i] = kv
		return
	}
	rs.attrs = append(rs.attrs, kv)
}

// add puts kv into the record's attributes the way a span's attributes
// take it: a key already present keeps its place and takes the new value.
// So a record carries each key once, as its span does, and a provider can
// skip its own de-duplication (sdklog.WithAllowKeyDuplication).
func (rs *recordState) add(kv attribute.KeyValue) {
	if !kv.Valid() {
		return
	}
	if i := rs.find(kv.Key); i >= 0 {
		rs.attrs[i] = kv
		return
	}
	rs.attrs = append(rs.attrs, kv)
	if rs.indexed {
		rs.index[kv.Key] = len(rs.attrs) - 1
	}
}

// find returns the position of key among the attributes, or -1: by a
// scan for the few attributes most logs have, then by an index kept up
// to date, so a log's cost stays linear in its fields.
func (rs *recordState) find(key attribute.Key) int {
	if !rs.indexed {
		if len(rs.attrs) < linearScan {
			return indexOf(rs.attrs, key)
		}
		if rs.index == nil {
			rs.index = make(map[attribute.Key]int, 2*linearScan)
		}
		for i := range rs.attrs {
			rs.index[rs.attrs[i].Key] = i
		}
		rs.indexed = true
	}
	if i, ok := rs.index[key]; ok {
		return i
	}
	return -1
}

// reset readies the state for the pool: nothing of the log stays
// reachable from it.
func (rs *recordState) reset() {
	rs.body = ""
	if !rs.used {
		return // a span-only log set nothing else: spare it the clearing
	}
	attrs, index := rs.attrs, rs.index
	clear(attrs)
	if rs.indexed {
		clear(index)
	}
	if cap(attrs) > maxPooledAttrs {
		// An unusually large log does not pin its memory in the pool.
		attrs, index = nil, nil
	}
	*rs = recordState{attrs: attrs[:0], index: index}
}

// contextSpan is a span that is only a span context: the record's span
// (the log span's identity in both models, the context's in records
// only). A processor that looks at the record's context sees the ids and
// cannot change the log span.
type contextSpan struct {
	noop.Span
	sc trace.SpanContext
}

// SpanContext returns the span context the span stands for.
func (s *contextSpan) SpanContext() trace.SpanContext { return s.sc }

// recordContext is the context a record is emitted with: the log's own
// context without its cancellation (a cancelled request's log is still
// delivered, as its span is), holding the log span when there is one. It
// lives in the pooled event: no context is allocated per record.
type recordContext struct {
	parent context.Context
	span   *contextSpan // nil: the parent's span
}

func (c *recordContext) context() context.Context {
	if c.span != nil && spanKey == nil {
		// The span key could not be learned (see spanKey): fall back on
		// package trace, at the cost of two allocations.
		return trace.ContextWithSpanContext(context.WithoutCancel(c.parent), c.span.sc)
	}
	return c
}

// Deadline reports no deadline: the record is not cancelled with the log's
// context.
func (c *recordContext) Deadline() (time.Time, bool) { return time.Time{}, false }

// Done returns nil: the record's context is never cancelled.
func (c *recordContext) Done() <-chan struct{} { return nil }

// Err returns nil: the record's context is never cancelled.
func (c *recordContext) Err() error { return nil }

// Value returns the log span for package trace's key, and the parent's
// values for every other.
func (c *recordContext) Value(key any) any {
	if c.span != nil && key == spanKey {
		return trace.Span(c.span)
	}
	return c.parent.Value(key)
}

// spanKey is the key package trace keeps a context's span under. It is
// unexported, so it is learned once, from the one key SpanFromContext
// asks a probing context for, and checked: a context answering it with a
// span must give that span's context back. Nil when either fails; the
// record's context then comes from trace.ContextWithSpanContext.
var spanKey = func() any {
	p := &keyProbe{Context: context.Background()}
	trace.SpanFromContext(p)
	if len(p.keys) != 1 || !reflect.TypeOf(p.keys[0]).Comparable() {
		return nil
	}
	sc := trace.NewSpanContext(trace.SpanContextConfig{TraceID: trace.TraceID{1}, SpanID: trace.SpanID{1}})
	answer := &keyAnswer{Context: context.Background(), key: p.keys[0], span: &contextSpan{sc: sc}}
	if !trace.SpanContextFromContext(answer).Equal(sc) {
		return nil
	}
	return p.keys[0]
}()

// keyProbe records the keys it is asked for.
type keyProbe struct {
	context.Context
	keys []any
}

func (p *keyProbe) Value(key any) any {
	p.keys = append(p.keys, key)
	return nil
}

// keyAnswer answers key with span, to check the key before spanKey is
// set.
type keyAnswer struct {
	context.Context
	key  any
	span *contextSpan
}

func (a *keyAnswer) Value(key any) any {
	if key == a.key {
		return trace.Span(a.span)
	}
	return a.Context.Value(key)
}
