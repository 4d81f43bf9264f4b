package otelsetup

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/log"
	"go.opentelemetry.io/otel/sdk/instrumentation"
	sdklog "go.opentelemetry.io/otel/sdk/log"

	"github.com/logspan/logspan/core"
)

// The direct record path: logspan's adapters hand their records to the
// pipeline's processors without the Logs API's record and the SDK's copy
// of it (core.RegisterLogPipeline), the counterpart of the direct span
// path. The SDK's provider stays the one every other caller of
// LoggerProvider uses, with its duplicate-key check; logspan's records
// need none (core gives each key once), and skipping it is most of the
// saving: the SDK looks each attribute up in a map of the ones before it.
//
// An sdklog.Record's resource, scope and limits can be set only by the
// SDK, so each scope's records start from a template: the record a second
// SDK provider, built with the same resource and limits and with key
// duplication allowed, makes for an empty log of that scope.

// directLogs makes the record emitters of a log pipeline.
type directLogs struct {
	processors []sdklog.Processor // the provider's, in its order
	gate       emitGate
	mu         sync.Mutex // serializes template making
	templates  *sdklog.LoggerProvider
	capture    *captureTemplate
}

// emitGate admits records into the processors until the direct path is
// withdrawn, as the SDK's provider admits its loggers' records until it
// shuts down: an emitter core looked up when a log started may emit when
// it ends, after Shutdown has begun, and must then take nothing. close
// waits for the records already admitted, so that none reaches a
// processor once Shutdown has stopped it. An atomic count, no lock.
type emitGate struct {
	inflight atomic.Int64
	closed   atomic.Bool
}

func (g *emitGate) enter() bool {
	g.inflight.Add(1)
	if g.closed.Load() {
		g.inflight.Add(-1)
		return false
	}
	return true
}

func (g *emitGate) leave() { g.inflight.Add(-1) }

// gateWait bounds how long close waits for records in flight: one stuck
// in a blocked console writer must not hold Shutdown for ever.
const gateWait = time.Second

func (g *emitGate) close() {
	g.closed.Store(true)
	deadline := time.Now().Add(gateWait)
	for g.inflight.Load() > 0 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Microsecond)
	}
}

// newDirectLogs returns the direct path into processors, whose records
// get what opts (the provider's options but its processors) give.
func newDirectLogs(processors []sdklog.Processor, opts []sdklog.LoggerProviderOption) *directLogs {
	d := &directLogs{processors: processors, capture: &captureTemplate{}}
	opts = append(opts[:len(opts):len(opts)], sdklog.WithAllowKeyDuplication(), sdklog.WithProcessor(d.capture))
	d.templates = sdklog.NewLoggerProvider(opts...)
	return d
}

// pipeline is d as core's log pipeline.
func (d *directLogs) pipeline() *core.LogPipeline {
	return core.NewLogPipeline(func(scope instrumentation.Scope) core.LogEmitter {
		return &recordEmitter{template: d.template(scope), scope: scope, processors: d.processors, gate: &d.gate}
	})
}

// template returns the SDK's record for an empty log of scope.
func (d *directLogs) template(scope instrumentation.Scope) sdklog.Record {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.templates.Logger(scope.Name, log.WithInstrumentationVersion(scope.Version)).Emit(context.Background(), log.Record{})
	return d.capture.r
}

// captureTemplate is the template provider's processor: it keeps the last
// record, under directLogs.mu.
type captureTemplate struct{ r sdklog.Record }

func (c *captureTemplate) OnEmit(_ context.Context, r *sdklog.Record) error {
	c.r = r.Clone()
	return nil
}
func (c *captureTemplate) Enabled(context.Context, sdklog.EnabledParameters) bool { return true }
func (c *captureTemplate) Shutdown(context.Context) error                         { return nil }
func (c *captureTemplate) ForceFlush(context.Context) error                       { return nil }

// recordEmitter is one scope's way into the processors.
type recordEmitter struct {
	template   sdklog.Record
	scope      instrumentation.Scope
	processors []sdklog.Processor
	gate       *emitGate
}

// Enabled reports whether a processor would take the record, as the SDK's
// logger asks them.
func (e *recordEmitter) Enabled(ctx context.Context, severity log.Severity) bool {
	if e.gate.closed.Load() {
		return false
	}
	p := sdklog.EnabledParameters{InstrumentationScope: e.scope, Severity: severity}
	for _, proc := range e.processors {
		if proc.Enabled(ctx, p) {
			return true
		}
	}
	return false
}

// Emit builds the SDK's record for r from the template, once, and hands it
// to the processors as the SDK's logger does. The last processor, when it
// is a record batcher, takes the record as it is: it was made for this
// log alone, so the batcher's copy would be a copy of a copy. When that
// batcher is the only processor (no console view), the record is built on
// the stack: nothing but the batcher's queue ever holds it.
func (e *recordEmitter) Emit(ctx context.Context, r *core.LogRecord) {
	if !e.gate.enter() {
		return // withdrawn: the SDK's logger drops a record after Shutdown too
	}
	defer e.gate.leave()
	if len(e.processors) == 1 {
		if b, ok := e.processors[0].(*recordBatcher); ok {
			var rec sdklog.Record
			e.build(&rec, r)
			b.take(&rec)
			return
		}
	}
	rec := new(sdklog.Record) // handed to processors that may keep the pointer
	e.build(rec, r)
	last := len(e.processors) - 1
	for i, proc := range e.processors {
		if b, ok := proc.(*recordBatcher); ok && i == last {
			b.take(rec)
			continue
		}
		if err := proc.OnEmit(ctx, rec); err != nil {
			otel.Handle(err)
		}
	}
}

// build makes rec the SDK's record for r, from the template.
func (e *recordEmitter) build(rec *sdklog.Record, r *core.LogRecord) {
	*rec = e.template
	rec.SetTimestamp(r.Timestamp)
	rec.SetObservedTimestamp(r.ObservedTimestamp)
	rec.SetSeverity(r.Severity)
	rec.SetSeverityText(r.SeverityText)
	rec.SetBody(r.Body)
	rec.SetTraceID(r.TraceID)
	rec.SetSpanID(r.SpanID)
	rec.SetTraceFlags(r.TraceFlags)
	rec.SetAttributes(r.Attributes...) // copies what is past the five inline
}

// unregisterLogsOnShutdown is the provider's first processor: it takes no
// record and withdraws the direct path when the provider shuts down,
// whoever shuts it down (Provider.Shutdown, or a caller of the SDK
// provider reached through LoggerProvider), so that no record reaches a
// stopped processor by it.
type unregisterLogsOnShutdown struct{ lp *logPipeline }

func (unregisterLogsOnShutdown) OnEmit(context.Context, *sdklog.Record) error           { return nil }
func (unregisterLogsOnShutdown) Enabled(context.Context, sdklog.EnabledParameters) bool { return false }
func (unregisterLogsOnShutdown) ForceFlush(context.Context) error                       { return nil }
func (u unregisterLogsOnShutdown) Shutdown(context.Context) error {
	u.lp.withdraw()
	return nil
}

// withdraw unregisters the direct record path and closes its gate, once.
func (lp *logPipeline) withdraw() {
	lp.withdrawOnce.Do(func() {
		if lp.unregister != nil {
			lp.unregister()
		}
		if lp.direct != nil {
			lp.direct.gate.close()
		}
	})
}
