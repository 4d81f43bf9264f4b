package benchmarks_test

import (
	"context"
	"log/slog"
	"testing"

	sdklog "go.opentelemetry.io/otel/sdk/log"
	"go.opentelemetry.io/otel/trace"
	"go.uber.org/zap"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/slogspan"
	"github.com/logspan/logspan/zapspan"
)

// recordOptions makes an adapter emit log records (logspan.LogsAsRecords)
// to the contrib bridges' own provider, logProvider: the same SDK, batch
// processor and discarding exporter, so only the producer differs.
func recordOptions(tb testing.TB) []logspan.Option {
	return []logspan.Option{logspan.WithLogsAs(logspan.LogsAsRecords), logspan.WithLoggerProvider(logProvider(tb))}
}

func newSlogspanRecords(tb testing.TB, _ trace.TracerProvider) impl {
	return slogLogs(slog.New(slogspan.NewHandler(recordOptions(tb)...)))
}

func newZapspanRecords(tb testing.TB, _ trace.TracerProvider) impl {
	return zapLogs(zap.New(zapspan.NewCore(recordOptions(tb)...)))
}

// BenchmarkRecords: slogspan and zapspan in the records model against the
// contrib bridges otelslog and otelzap, which make the same kind of log
// record, into the same provider; and into a provider that skips the log
// SDK's key de-duplication (sdklog.WithAllowKeyDuplication), which
// logspan's unique keys make safe and the bridges' records are not
// promised.
func BenchmarkRecords(b *testing.B) {
	run(b, "SlogspanRecords", newSlogspanRecords, scenarioVariants)
	run(b, "SlogspanRecordsNoDedup", newSlogspanRecordsNoDedup, scenarioVariants)
	run(b, "ContribOtelslog", newContribOtelslog, scenarioVariants)
	run(b, "ZapspanRecords", newZapspanRecords, scenarioVariants)
	run(b, "ZapspanRecordsNoDedup", newZapspanRecordsNoDedup, scenarioVariants)
	run(b, "ContribOtelzap", newContribOtelzap, scenarioVariants)
}

// logProviderNoDedup is logProvider built with WithAllowKeyDuplication,
// which core's unique keys make safe (what otelsetup can set).
func logProviderNoDedup(tb testing.TB) *sdklog.LoggerProvider {
	lp := sdklog.NewLoggerProvider(sdklog.WithProcessor(sdklog.NewBatchProcessor(discardLogs{})), sdklog.WithAllowKeyDuplication())
	tb.Cleanup(func() { _ = lp.Shutdown(context.Background()) })
	return lp
}

func newSlogspanRecordsNoDedup(tb testing.TB, _ trace.TracerProvider) impl {
	return slogLogs(slog.New(slogspan.NewHandler(logspan.WithLogsAs(logspan.LogsAsRecords), logspan.WithLoggerProvider(logProviderNoDedup(tb)))))
}

func newZapspanRecordsNoDedup(tb testing.TB, _ trace.TracerProvider) impl {
	return zapLogs(zap.New(zapspan.NewCore(logspan.WithLogsAs(logspan.LogsAsRecords), logspan.WithLoggerProvider(logProviderNoDedup(tb)))))
}
