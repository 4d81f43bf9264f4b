// Package benchmarks measures what it costs to get a Go log line into a
// trace with logspan, against the floor (the raw OpenTelemetry SDK span
// carrying the same attributes), each logger alone, and the libraries a
// user would otherwise pick: the OpenTelemetry contrib log bridges
// (otelzap, otelslog, otellogrus over the log SDK) and uptrace's otelzap
// (span events on the active span).
//
// It is its own module so that none of the competitors reach logspan's
// users. The benchmarks live in the _test files; cmd/benchreport runs them
// and writes README.md:
//
//	make bench                                            # from the repository root
//	GOWORK=off go run ./cmd/benchreport -o README.md      # from this directory
//
// # Scenario
//
// One Info log, message "checkout", five fields (string, int, float64,
// bool, error), under a context whose span is sampled; an SDK
// TracerProvider with a batch span processor over an exporter that drops
// everything (the log SDK's batch processor over a discarding exporter for
// the contrib bridges).
//
// # Names
//
// Every benchmark is named Benchmark<Logger>/<Implementation>/<Variant>,
// so the report can pair each implementation with its floor, its logger's
// baseline and its peers:
//
//	Floor       Span                 the raw SDK span, by hand
//	Zap         JSON Frontend Zapspan WrapCore ContribOtelzap ContribOtelzapTee UptraceOtelzap UptraceOtelzapJSON
//	Zerolog     JSON Zerologspan ZerologspanNoCorrelation ZerologspanCapture
//	Logrus      JSON Logrusspan LogrusspanNoCorrelation ContribOtellogrus
//	Slog        JSON Frontend Slogspan Wrap ContribOtelslog ContribOtelslogMulti
//
// JSON is the logger alone writing JSON to io.Discard; Frontend is the
// logger in front of a core or handler that accepts and drops every
// record: the logger's own cost, which a standalone core or handler
// (zapspan, slogspan) is measured beyond.
//
//	Variants    Sampled Disabled NoParent Unsampled Fields1 Fields10 With10 Parallel
//
// E2E delivers one log per iteration, end to end: the scenario through
// the logger and its whole pipeline to cmd/otlpsink, an OTLP/HTTP
// receiver in another process, paced so that nothing is dropped, failing
// unless the receiver counted one span or log record per log; it reports
// cpu-ns/log, the CPU time of the logging process per log. Its names are
// BenchmarkE2E/<Logger>/<Case>:
//
//	Zap         Zapspan ZapspanSDK ContribOtelzap WrapCore WrapCoreSDK ContribOtelzapTee
//	Slog        Slogspan SlogspanSDK ContribOtelslog
//	Logrus      Logrusspan LogrusspanSDK ContribOtellogrus
//	Zerolog     Zerologspan ZerologspanSDK OTelLogHook
//
// The logspan cases use otelsetup's defaults; the ...SDK cases the same
// adapter over an SDK TracerProvider with the batch span processor and
// otlptracehttp; the contrib cases the log SDK's batch processor over
// otlploghttp; OTelLogHook is zerolog with a hand-written hook emitting
// a log SDK record (message, level, trace context; no fields).
//
// E2ERecords is E2E for the data models of logs: per adapter, otelsetup
// with LOGSPAN_LOGS_AS=records (one log record per log at /v1/logs),
// both (a span and a record) and spans, beside the peer of E2E, in the
// same run. Its names are BenchmarkE2ERecords/<Logger>/<Case>:
//
//	Zap         ZapspanRecords ZapspanBoth ZapspanSpans ContribOtelzap
//	Slog        SlogspanRecords SlogspanBoth SlogspanSpans ContribOtelslog
//	Logrus      LogrusspanRecords LogrusspanBoth LogrusspanSpans ContribOtellogrus
//	Zerolog     ZerologspanRecords ZerologspanBoth ZerologspanSpans OTelLogHook
//
// RecordFields is the records model's cost per field, producer side: the
// adapter in records mode through otelsetup's record processor over a
// discarding exporter, the same in spans mode (for comparison), and the
// logger alone, with 5, 20 and 100 fields:
// BenchmarkRecordFields/<Logger>/{Records,Spans,Alone}/Fields<N>.
//
// Records compares slogspan and zapspan in records mode with the contrib
// bridges, producer side, over the same log SDK provider.
//
// Throughput and Heap use otelsetup's provider with its default batch
// settings and report logs/s, the share of spans dropped and the heap
// before and after a million logs.
package benchmarks
