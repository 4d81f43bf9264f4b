package otelsetup

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/propagation"
	sdklog "go.opentelemetry.io/otel/sdk/log"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
	"go.opentelemetry.io/otel/trace/noop"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/core"
)

// reportInterval is the least time between two diagnostics on stderr.
const reportInterval = 10 * time.Second

// Provider is a configured tracer provider with the log-tuned export
// pipeline. Most programs call [Setup]; New is for programs that want the
// provider without the globals, or its [Stats].
type Provider struct {
	tp       trace.TracerProvider
	sdk      *sdktrace.TracerProvider // nil when the SDK is disabled
	batchers []*batcher
	report   *reporter // nil when the SDK is disabled
	metrics  func() error
	// unregister withdraws core's direct log-span pipeline (see build).
	unregister   func()
	withdrawOnce sync.Once

	// The log-record side (logs_pipeline.go).
	logs          *logPipeline // nil unless logs are records
	logsAs        logspan.LogsAs
	restoreLogsAs func() // set by Setup

	once        sync.Once
	shutdownErr error
}

// New builds a Provider from the environment and opts, without touching
// the globals.
func New(ctx context.Context, opts ...Option) (*Provider, error) {
	return build(ctx, newSettings(opts))
}

func newSettings(opts []Option) settings {
	s := settings{lookup: osLookup, errOut: os.Stderr}
	for _, o := range opts {
		if o != nil {
			o.apply(&s)
		}
	}
	return s
}

func build(ctx context.Context, s settings) (*Provider, error) {
	cfg, err := readEnv(s.lookup)
	if err != nil {
		return nil, err
	}
	lcfg, err := readLogsConfig(s, &cfg)
	if err != nil {
		return nil, err
	}
	if cfg.disabled {
		return &Provider{tp: noop.NewTracerProvider(), logsAs: lcfg.as}, nil
	}
	if s.queueBytes != 0 {
		if s.queueBytes < minQueueBytes || s.queueBytes > maxQueueBytes {
			return nil, fmt.Errorf("otelsetup: WithMaxQueueBytes(%d): want %d to %d", s.queueBytes, int64(minQueueBytes), int64(maxQueueBytes))
		}
		cfg.batch.maxBytes = s.queueBytes
	}
	if s.inFlight != 0 {
		if s.inFlight < 1 || s.inFlight > maxExportsInFlight {
			return nil, fmt.Errorf("otelsetup: WithMaxExportsInFlight(%d): want 1 to %d", s.inFlight, maxExportsInFlight)
		}
		cfg.batch.inFlight = s.inFlight
	}
	shareBudget(&cfg.batch, &lcfg)
	s.errOut = shareErrorOutput(s.errOut, lcfg)
	report := newReporter(s.errOut, reportInterval)

	res, err := newResource(ctx, cfg, s)
	if err != nil {
		return nil, err
	}
	sampler := s.sampler
	if sampler == nil {
		if sampler, err = newSampler(cfg); err != nil {
			return nil, err
		}
	}
	p := &Provider{}
	// The same id generator and limits go to the SDK and to core's
	// direct pipeline below, so a log span is the span the SDK would make.
	ids, limits := core.RandomIDGenerator{}, sdktrace.NewSpanLimits()
	tpOpts := []sdktrace.TracerProviderOption{
		sdktrace.WithResource(res), sdktrace.WithSampler(sampler),
		sdktrace.WithIDGenerator(ids), sdktrace.WithRawSpanLimits(limits),
	}
	var processors []sdktrace.SpanProcessor

	// The console view first: it is synchronous and shows each span as it
	// starts.
	// LOGFIRE_CONSOLE=true shows it while exporting too, false hides it
	// (WithConsole wins over both).
	consoleOn := s.console != nil || cfg.consoleSwitch == consoleEnvOn
	var exporters []sdktrace.SpanExporter
	var pendingTo []bool // per exporter: does it get pending spans (pending.go)
	if s.exporter != nil {
		exporters = append(exporters, s.exporter)
		pendingTo = append(pendingTo, cfg.pendingSpans(s, false))
	} else {
		for _, name := range cfg.exporterList() {
			switch name {
			case ExporterConsole:
				consoleOn = true
			case ExporterOTLP:
				for _, dest := range cfg.destinations() {
					exp, err := newOTLPExporter(ctx, dest)
					if err != nil {
						for _, e := range exporters {
							_ = e.Shutdown(ctx)
						}
						return nil, fmt.Errorf("otelsetup: OTLP exporter: %w", err)
					}
					exporters = append(exporters, exp)
					pendingTo = append(pendingTo, cfg.pendingSpans(s, dest.logfire))
				}
			}
		}
	}
	if s.console == nil && cfg.consoleSwitch == consoleEnvOff {
		consoleOn = false
	}
	copts := cfg.console
	if s.console != nil {
		copts = s.console.over(cfg.console)
	}
	if consoleOn {
		processors = append(processors, NewConsoleProcessor(s.consoleOut, copts))
	}
	// The byte budget is the pipeline's, whatever the number of
	// destinations: each gets its share.
	if len(exporters) > 1 {
		cfg.batch.maxBytes /= int64(len(exporters))
	}
	var pendingTargets []sdktrace.SpanProcessor
	for i, exp := range exporters {
		if pendingTo[i] {
			exp = supersedingExporter{exp}
		}
		p.batchers = append(p.batchers, newBatcher(exp, cfg.batch, report))
		if pendingTo[i] {
			pendingTargets = append(pendingTargets, p.batchers[i])
		}
	}
	switch len(p.batchers) {
	case 0:
	case 1:
		processors = append(processors, p.batchers[0])
	default:
		processors = append(processors, fanout(p.batchers))
	}
	if len(pendingTargets) > 0 {
		processors = append(processors, pendingProcessor{ids: ids, targets: pendingTargets})
	}
	processors = append(processors, s.processors...)
	// The first processor withdraws the direct pipeline when the provider
	// shuts down, whoever shuts it down (Provider.Shutdown, or the SDK
	// provider itself, reached through TracerProvider): no log reaches a
	// stopped processor.
	tpOpts = append(tpOpts, sdktrace.WithSpanProcessor(unregisterOnShutdown{p}))
	for _, sp := range processors {
		tpOpts = append(tpOpts, sdktrace.WithSpanProcessor(sp))
	}
	p.sdk = sdktrace.NewTracerProvider(tpOpts...)
	p.tp = p.sdk
	if err := p.buildLogs(ctx, lcfg, s, res, copts); err != nil {
		_ = p.sdk.Shutdown(ctx)
		return nil, err
	}
	// Log spans take core's direct path: built by core as the SDK would
	// build them (same sampler, ids, limits, resource) and handed to the
	// same processors' OnEnd, without the SDK's span machinery.
	p.report = report
	report.stats = p.Stats
	if s.meters != nil {
		if p.metrics, err = registerMetrics(s.meters, p); err != nil {
			_ = p.sdk.Shutdown(ctx)
			p.abandonLogs(ctx)
			return nil, fmt.Errorf("otelsetup: metrics: %w", err)
		}
	}
	p.unregister = core.RegisterPipeline(p.sdk, core.NewPipeline(core.PipelineConfig{
		Sampler:     sampler,
		IDGenerator: ids,
		SpanLimits:  limits,
		Resource:    res,
		Processors:  processors,
	}))
	report.start()
	return p, nil
}

// Setup configures OpenTelemetry for logspan from the standard OTEL_*
// environment variables (options override them) and installs it globally:
// the tracer provider (otel.SetTracerProvider), the W3C trace-context and
// baggage propagator (otel.SetTextMapPropagator), and an error handler that
// writes OpenTelemetry's internal errors to stderr, rate-limited, from a
// goroutine of its own so that it never blocks (otel.SetErrorHandler). With no exporter configured, logs and spans are
// shown in the console view on stderr. It also sets the data model of
// logs (LOGSPAN_LOGS_AS, [WithLogsAs]) for every adapter
// (core.SetDefaultLogsAs) and, when logs are records, installs the logger
// provider (otel.SetLoggerProvider); Shutdown restores the data model.
//
// It returns the function that flushes and shuts everything down; call it
// before the program exits. It is safe to call more than once.
func Setup(ctx context.Context, opts ...Option) (shutdown func(context.Context) error, err error) {
	s := newSettings(opts)
	p, err := build(ctx, s)
	if err != nil {
		return nil, err
	}
	if p.report != nil {
		otel.SetErrorHandler(errorHandler{p.report})
	}
	otel.SetTextMapPropagator(propagation.NewCompositeTextMapPropagator(propagation.TraceContext{}, propagation.Baggage{}))
	otel.SetTracerProvider(p.tp)
	p.installLogs() // logs_pipeline.go
	return p.Shutdown, nil
}

// TracerProvider returns the provider, to pass to core.WithTracerProvider
// or to instrumentation.
func (p *Provider) TracerProvider() trace.TracerProvider { return p.tp }

// Dropped returns the number of spans dropped so far, for any reason
// (see [Provider.Stats] for each). Dropping is the alternative to blocking
// the application when the backend cannot keep up.
func (p *Provider) Dropped() uint64 { return p.Stats().Dropped() }

// Stats returns the export pipeline's counters, added up over its
// destinations. While spans end and exports finish, each destination's
// counters are consistent with each other; once the provider is shut
// down they are final.
func (p *Provider) Stats() Stats {
	var s Stats
	for _, b := range p.batchers {
		s.add(b.Stats())
	}
	return s
}

// ForceFlush exports every span ended so far, and every log record
// emitted so far, within ctx: the newest error-level ones first, so the
// span (or record) of a fatal log that asks for the flush leaves in the
// first batch. Spans and records are flushed at once.
func (p *Provider) ForceFlush(ctx context.Context) error {
	if p.sdk == nil {
		return nil
	}
	return p.alongsideLogs(func() error { return p.sdk.ForceFlush(ctx) },
		func(lp *sdklog.LoggerProvider) error { return lp.ForceFlush(ctx) })
}

// Shutdown flushes and stops the provider, within ctx, and closes its
// connections. When spans were lost, it writes the totals to the error
// output; an export still running when ctx ends is cancelled, and its
// spans may still be counted (exported or failed) after Shutdown returns.
// The log-record pipeline, when there is one, shuts down at the same time,
// in the same way. Later calls return the first call's result.
func (p *Provider) Shutdown(ctx context.Context) error {
	p.once.Do(func() {
		p.withdraw() // before the processors stop: no log reaches them after
		if p.sdk != nil {
			p.shutdownErr = p.alongsideLogs(func() error { return p.sdk.Shutdown(ctx) },
				func(lp *sdklog.LoggerProvider) error { return lp.Shutdown(ctx) })
		}
		p.shutdownErr = errors.Join(p.shutdownErr, p.shutdownLogs(ctx))
		if p.metrics != nil {
			p.shutdownErr = errors.Join(p.shutdownErr, p.metrics())
		}
		if p.report != nil {
			// Bounded by ctx: a blocked stderr must not hold up the exit.
			_ = p.report.close(ctx)
		}
	})
	return p.shutdownErr
}

func newSampler(cfg config) (sdktrace.Sampler, error) {
	switch cfg.sampler {
	case "", "parentbased_always_on":
		return sdktrace.ParentBased(sdktrace.AlwaysSample()), nil
	case "always_on":
		return sdktrace.AlwaysSample(), nil
	case "always_off":
		return sdktrace.NeverSample(), nil
	case "parentbased_always_off":
		return sdktrace.ParentBased(sdktrace.NeverSample()), nil
	case "traceidratio", "parentbased_traceidratio":
		r, err := cfg.samplerRatio()
		if err != nil {
			return nil, err
		}
		if cfg.sampler == "traceidratio" {
			return sdktrace.TraceIDRatioBased(r), nil
		}
		return sdktrace.ParentBased(sdktrace.TraceIDRatioBased(r)), nil
	case SamplerErrorLogs: // sampler.go
		r, err := cfg.samplerRatio()
		if err != nil {
			return nil, err
		}
		return ErrorLogsSampler(r), nil
	}
	return nil, errors.New("otelsetup: OTEL_TRACES_SAMPLER=" + cfg.sampler +
		": want always_on, always_off, traceidratio, parentbased_always_on, parentbased_always_off, parentbased_traceidratio or " + SamplerErrorLogs)
}

// unregisterOnShutdown is a span processor that does nothing but withdraw
// the provider's direct log-span pipeline when the provider shuts down.
type unregisterOnShutdown struct{ p *Provider }

func (unregisterOnShutdown) OnStart(context.Context, sdktrace.ReadWriteSpan) {}
func (unregisterOnShutdown) OnEnd(sdktrace.ReadOnlySpan)                     {}
func (unregisterOnShutdown) ForceFlush(context.Context) error                { return nil }
func (u unregisterOnShutdown) Shutdown(context.Context) error {
	u.p.withdraw()
	return nil
}

// withdraw unregisters the direct pipeline, once.
func (p *Provider) withdraw() {
	p.withdrawOnce.Do(func() {
		if p.unregister != nil {
			p.unregister()
		}
		if p.logs != nil {
			p.logs.withdraw()
		}
	})
}
