package otelsetup

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/log"
	lognoop "go.opentelemetry.io/otel/log/noop"
	sdklog "go.opentelemetry.io/otel/sdk/log"
	"go.opentelemetry.io/otel/sdk/resource"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/core"
)

// logPipeline is the log-record side of a [Provider]: an SDK
// LoggerProvider whose processors are the log-tuned record batchers (one
// per destination) and the console view.
type logPipeline struct {
	lp       *sdklog.LoggerProvider
	batchers []*recordBatcher
	report   *reporter
	metrics  func() error
	// unregister withdraws core's direct record path (logs_direct.go).
	direct       *directLogs
	unregister   func()
	withdrawOnce sync.Once
}

// readLogsConfig reads the log-record variables and applies the options
// over them.
func readLogsConfig(s settings, traces *config) (logsConfig, error) {
	lc, err := readLogsEnv(s.lookup, traces)
	if err != nil {
		return lc, err
	}
	if s.logs.as != logspan.LogsAsDefault {
		lc.as = s.logs.as
	}
	return lc, nil
}

// shareBudget gives the record pipeline, when there is one, half of the
// byte budget and the spans the other half: the memory bound
// ([WithMaxQueueBytes]) is the whole program's, whatever the data model.
// The exports in flight are the spans' setting too.
func shareBudget(traces *batchConfig, lc *logsConfig) {
	if !lc.records() {
		return
	}
	traces.maxBytes /= 2
	lc.batch.maxBytes, lc.batch.inFlight = traces.maxBytes, traces.inFlight
}

// shareErrorOutput makes w safe for the two reporters (the spans' and the
// records') that write to it from goroutines of their own, when there are
// two: a writer such as a bytes.Buffer is not safe for concurrent writes.
func shareErrorOutput(w io.Writer, lc logsConfig) io.Writer {
	if !lc.records() || w == nil {
		return w
	}
	return &lockedWriter{w: w}
}

// lockedWriter serializes the writes to w.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// buildLogs builds p's log-record pipeline when logs are records (or
// both): its exporters from lc, over the resource of the spans.
func (p *Provider) buildLogs(ctx context.Context, lc logsConfig, s settings, res *resource.Resource, copts ConsoleOptions) error {
	p.logsAs = lc.as
	if !lc.records() {
		return nil
	}
	var exporters []sdklog.Exporter
	console := false
	if s.logs.exporter != nil {
		exporters = append(exporters, s.logs.exporter)
	} else {
		list := lc.exporterList()
		// With both models and no OTEL_LOGS_EXPORTER, the console view of
		// the spans shows every log already: the records' would show it
		// twice.
		defaultConsole := len(lc.exporters) == 0 && len(list) == 1 && list[0] == ExporterConsole
		for _, name := range list {
			switch name {
			case ExporterConsole:
				console = !defaultConsole || lc.as == logspan.LogsAsRecords
			case ExporterOTLP:
				for _, dest := range lc.destinations() {
					exp, err := newOTLPLogExporter(ctx, dest)
					if err != nil {
						for _, e := range exporters {
							_ = e.Shutdown(ctx)
						}
						return fmt.Errorf("otelsetup: OTLP log exporter: %w", err)
					}
					exporters = append(exporters, exp)
				}
			}
		}
	}
	if s.console != nil && lc.as == logspan.LogsAsRecords {
		console = true // WithConsole: the logs must show, and spans no longer carry them
	}
	lp := &logPipeline{report: newReporter(s.errOut, reportInterval)}
	lp.report.noun = "log records"
	lp.report.stats = lp.stats
	// The options but the processors, which the direct path's templates
	// share (logs_direct.go).
	base := []sdklog.LoggerProviderOption{sdklog.WithResource(res)}
	processors := []sdklog.Processor{unregisterLogsOnShutdown{lp}}
	if console {
		processors = append(processors, sdklog.NewSimpleProcessor(consoleLogExporter(s.consoleOut, copts)))
	}
	if len(exporters) > 1 {
		lc.batch.maxBytes /= int64(len(exporters))
	}
	for _, exp := range exporters {
		lp.batchers = append(lp.batchers, newRecordBatcher(exp, lc.batch, lp.report))
	}
	switch len(lp.batchers) {
	case 0:
	case 1:
		processors = append(processors, lp.batchers[0])
	default:
		processors = append(processors, recordFanout(lp.batchers))
	}
	opts := base
	for _, proc := range processors {
		opts = append(opts[:len(opts):len(opts)], sdklog.WithProcessor(proc))
	}
	lp.lp = sdklog.NewLoggerProvider(opts...)
	lp.direct = newDirectLogs(processors[1:], base)
	lp.unregister = core.RegisterLogPipeline(lp.lp, lp.direct.pipeline())
	if s.meters != nil {
		var err error
		if lp.metrics, err = registerLogMetrics(s.meters, lp.stats); err != nil {
			_ = lp.lp.Shutdown(ctx)
			return fmt.Errorf("otelsetup: metrics: %w", err)
		}
	}
	lp.report.start()
	p.logs = lp
	return nil
}

// stats adds up the record batchers' counters.
func (lp *logPipeline) stats() Stats {
	var s Stats
	for _, b := range lp.batchers {
		s.add(b.Stats())
	}
	return s
}

// LoggerProvider returns the provider of log records, to pass to
// logspan.WithLoggerProvider (Setup installs it globally, where the
// adapters emit by default). Its records go through the log-tuned
// pipeline, with the spans' guarantees. When logs are spans (the default)
// or the SDK is disabled, it is a no-op provider.
func (p *Provider) LoggerProvider() log.LoggerProvider {
	if p.logs == nil {
		return lognoop.NewLoggerProvider()
	}
	return p.logs.lp
}

// LogsAs returns the data model of logs in force for this provider:
// LOGSPAN_LOGS_AS or [WithLogsAs], [logspan.LogsAsDefault] (spans) when
// neither says.
func (p *Provider) LogsAs() logspan.LogsAs { return p.logsAs }

// LogRecordStats returns the log-record pipeline's counters, added up over
// its destinations, as [Provider.Stats] does for spans: received =
// exported + dropped (by reason) + pending, exactly. All zero when logs
// are spans.
func (p *Provider) LogRecordStats() Stats {
	if p.logs == nil {
		return Stats{}
	}
	return p.logs.stats()
}

// installLogs is Setup's part for logs: the process's data model
// (core.SetDefaultLogsAs, restored by Shutdown) and, when logs are
// records, the global logger provider (otel.SetLoggerProvider, which the
// deprecated go.opentelemetry.io/otel/log/global forwards to).
func (p *Provider) installLogs() {
	p.restoreLogsAs = core.SetDefaultLogsAs(p.logsAs)
	if p.logsAs == logspan.LogsAsRecords || p.logsAs == logspan.LogsAsBoth {
		otel.SetLoggerProvider(p.LoggerProvider())
	}
}

// alongsideLogs runs do, and the same for the log records at once, and
// joins their errors: a slow span destination does not take the records'
// share of ctx, nor the other way round.
func (p *Provider) alongsideLogs(do func() error, logs func(*sdklog.LoggerProvider) error) error {
	if p.logs == nil {
		return do()
	}
	var wg sync.WaitGroup
	var logErr error
	wg.Go(func() { logErr = logs(p.logs.lp) })
	err := do()
	wg.Wait()
	return errors.Join(err, logErr)
}

// shutdownLogs ends what Setup and the pipeline started for logs, after
// the provider has shut down: the metrics and the reporter.
func (p *Provider) shutdownLogs(ctx context.Context) error {
	if p.restoreLogsAs != nil {
		p.restoreLogsAs()
	}
	if p.logs == nil {
		return nil
	}
	var err error
	if p.logs.metrics != nil {
		err = p.logs.metrics()
	}
	_ = p.logs.report.close(ctx) // bounded by ctx, as the spans'
	return err
}

// abandonLogs shuts the record pipeline down when build fails after
// building it.
func (p *Provider) abandonLogs(ctx context.Context) {
	if p.logs != nil {
		_ = p.logs.lp.Shutdown(ctx)
		if p.logs.metrics != nil {
			_ = p.logs.metrics()
		}
		_ = p.logs.report.close(ctx)
	}
}

// consoleLogExporter is the console view of log records: the span view's
// line format, one line per record on w (stderr when nil).
func consoleLogExporter(w io.Writer, opts ConsoleOptions) sdklog.Exporter {
	return newConsoleRecordExporter(w, opts)
}
