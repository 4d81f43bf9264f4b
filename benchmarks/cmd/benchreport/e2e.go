package main

import (
	"fmt"
	"slices"
)

// e2ePattern is the end-to-end benchmark: one log delivered per
// iteration to a receiver in another process (e2e_test.go).
const e2ePattern = "^BenchmarkE2E$"

// e2eUnit is the CPU time of the logging process per log delivered.
const e2eUnit = "cpu-ns/log"

// An e2eRow compares a logspan adapter, through otelsetup's pipeline and
// through the SDK's, with the peer doing the same job, all delivering
// to the same receiver.
type e2eRow struct {
	label, logger      string
	logspan, sdk, peer string
	peerLabel          string
	target, must       float64
}

// e2eRows are issue 12's end-to-end targets: logspan through otelsetup at
// most 0.5× the peer's CPU per log (must: 0.75×).
var e2eRows = []e2eRow{
	{"zapspan", "Zap", "Zapspan", "ZapspanSDK", "ContribOtelzap", "contrib otelzap v0.21.0", 0.5, 0.75},
	{"zapspan WrapCore", "Zap", "WrapCore", "WrapCoreSDK", "ContribOtelzapTee", "contrib otelzap v0.21.0 + JSON (NewTee)", 0.5, 0.75},
	{"slogspan", "Slog", "Slogspan", "SlogspanSDK", "ContribOtelslog", "contrib otelslog v0.21.0", 0.5, 0.75},
	{"logrusspan", "Logrus", "Logrusspan", "LogrusspanSDK", "ContribOtellogrus", "contrib otellogrus v0.20.1", 0.5, 0.75},
	{"zerologspan", "Zerolog", "Zerologspan", "ZerologspanSDK", "OTelLogHook", "zerolog + log SDK by hand (message, level; no fields)", 0.5, 0.75},
}

// e2eMaxAllocs is the whole-pipeline allocation budget per log.
const e2eMaxAllocs = 5

func e2eName(logger, impl string) string { return "BenchmarkE2E/" + logger + "/" + impl }

// spread is the median of paired per-round ratios and their range.
type spread struct {
	median, min, max float64
	n                int
}

// roundRatios divides the samples of a by those of b round by round: the
// rounds are interleaved, so sample i of each ran under the same load.
func roundRatios(a, b []float64) spread {
	n := min(len(a), len(b))
	if n == 0 {
		return spread{}
	}
	r := make([]float64, 0, n)
	for i := range n {
		if b[i] > 0 {
			r = append(r, a[i]/b[i])
		}
	}
	if len(r) == 0 {
		return spread{}
	}
	slices.Sort(r)
	m := r[len(r)/2]
	if len(r)%2 == 0 {
		m = (r[len(r)/2-1] + r[len(r)/2]) / 2
	}
	return spread{m, r[0], r[len(r)-1], len(r)}
}

func (s spread) String() string {
	if s.n == 0 {
		return ""
	}
	return fmt.Sprintf("%.2f× (%.2f–%.2f)", s.median, s.min, s.max)
}

// e2eCommand is how the end-to-end rounds are run, for the report.
const e2eCommand = "GOWORK=off go run ./cmd/benchreport -e2e-only -count 6 -e2etime 20000x"

// e2e writes the end-to-end section; how says which command measured it.
func (r *reporter) e2e(benchtime, how string) {
	procs := r.procs
	samples := func(logger, impl string) []float64 {
		return r.res.samples[e2eName(logger, impl)+"@"+procs][e2eUnit]
	}
	if len(samples(e2eRows[0].logger, e2eRows[0].logspan)) == 0 {
		return
	}
	get := func(logger, impl, unit string) float64 {
		v, _ := r.res.get(e2eName(logger, impl), procs, unit)
		return v
	}
	r.printf("## End to end: log → OTLP/HTTP → a receiver in another process\n\n")
	r.printf("BenchmarkE2E (e2e_test.go): each iteration is one log delivered. The scenario goes through the\n")
	r.printf("logger and its whole pipeline, whose OTLP/HTTP exporter sends it over loopback to cmd/otlpsink, a\n")
	r.printf("receiver in another process that counts the spans and log records it decodes. A pacer (every 500\n")
	r.printf("logs, wait until at most 1,024 are pending) keeps every queue from overflowing; the final flush is\n")
	r.printf("measured; a case fails unless the receiver counted exactly one span or record per log and\n")
	r.printf("otelsetup's drop counter is 0. CPU ns/log is this process's CPU time (user + system, every thread:\n")
	r.printf("the exporter's encoding and HTTP included, the receiver's not) over the loop and the flush, divided\n")
	r.printf("by the logs; allocs/log likewise counts the whole pipeline. logspan: otelsetup defaults\n")
	r.printf("(`OTEL_EXPORTER_OTLP_ENDPOINT` only: the direct log-span path and the otlpexport exporter); \"SDK path\":\n")
	r.printf("the same adapter with an SDK TracerProvider, BatchSpanProcessor and otlptracehttp (what logspan cost\n")
	r.printf("before the direct path); the peers: the log SDK's batch processor over otlploghttp v0.23.0.\n")
	r.printf("The zerolog peer is a hand-written hook emitting a record with the message, level and trace\n")
	r.printf("context but no fields (zerolog has encoded them by the time a hook runs): it does less work than\n")
	r.printf("zerologspan.\n\n")
	r.printf("Measured by %s: %d interleaved rounds at -benchtime %s; medians; ratios are per\n", how, len(samples(e2eRows[0].logger, e2eRows[0].logspan)), benchtime)
	r.printf("round, logspan's sample over the peer's of the same round, median and range. The end-to-end rounds\n")
	r.printf("alone: `%s`. Wall ns/op includes the pacer's waits and is not compared.\n\n", e2eCommand)
	r.printf("| logspan | CPU ns/log | allocs/log | SDK path CPU ns/log | allocs/log | peer | CPU ns/log | allocs/log | logspan / peer | SDK path / peer |\n")
	r.printf("|---|---:|---:|---:|---:|---|---:|---:|---:|---:|\n")
	for _, row := range e2eRows {
		r.printf("| %s | %s | %.0f | %s | %.0f | %s | %s | %.0f | %s | %s |\n", row.label,
			fmtNs(get(row.logger, row.logspan, e2eUnit)), get(row.logger, row.logspan, "allocs/op"),
			fmtNs(get(row.logger, row.sdk, e2eUnit)), get(row.logger, row.sdk, "allocs/op"),
			row.peerLabel, fmtNs(get(row.logger, row.peer, e2eUnit)), get(row.logger, row.peer, "allocs/op"),
			roundRatios(samples(row.logger, row.logspan), samples(row.logger, row.peer)),
			roundRatios(samples(row.logger, row.sdk), samples(row.logger, row.peer)))
	}
	r.printf("\n| end-to-end target (issue 12) | implementation | measured (median, range) | target | must | |\n|---|---|---:|---:|---:|---|\n")
	for _, row := range e2eRows {
		s := roundRatios(samples(row.logger, row.logspan), samples(row.logger, row.peer))
		if s.n == 0 {
			continue
		}
		v := "met"
		switch {
		case s.median > row.must:
			v = "**missed**"
		case s.median > row.target:
			v = "must met, **target missed**"
		}
		r.printf("| CPU per log × the peer's | %s vs %s | %s | %s | %s | %s |\n", row.label, row.peerLabel, s, fmtRatio(row.target), fmtRatio(row.must), v)
	}
	for _, row := range e2eRows {
		a := get(row.logger, row.logspan, "allocs/op")
		r.printf("| whole pipeline allocs/log ≤ %d | %s | %.0f | %d | | %s |\n", e2eMaxAllocs, row.label, a, e2eMaxAllocs, verdict(a <= e2eMaxAllocs))
	}
	r.printf("\n")
}
