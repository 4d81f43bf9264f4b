package main

import "fmt"

// Bench patterns of the records model (e2e_records_test.go,
// record_fields_test.go).
const (
	e2eRecordsPattern   = "^BenchmarkE2ERecords$"
	recordFieldsPattern = "^BenchmarkRecordFields$"
)

// A recordsRow is one adapter of BenchmarkE2ERecords: logspan in the
// records, both and spans models through otelsetup, and the peer that
// exports log records, all delivering to the same receiver.
type recordsRow struct {
	label, logger, adapter, peer, peerLabel string
}

// recordsRows are issue 16's end-to-end rows.
var recordsRows = []recordsRow{
	{"zapspan", "Zap", "Zapspan", "ContribOtelzap", "contrib otelzap v0.21.0"},
	{"slogspan", "Slog", "Slogspan", "ContribOtelslog", "contrib otelslog v0.21.0"},
	{"logrusspan", "Logrus", "Logrusspan", "ContribOtellogrus", "contrib otellogrus v0.20.1"},
	{"zerologspan", "Zerolog", "Zerologspan", "OTelLogHook", "zerolog + log SDK by hand (no fields)"},
}

// Issue 16's targets: records mode at most 0.75× the contrib bridge's CPU
// per log, both mode at most 1.6× spans mode, and at most 110 ns per
// field at 100 fields, producer side.
const (
	recordsMaxPeer    = 0.75
	bothMaxSpans      = 1.6
	recordsMaxFieldNs = 110
)

// recordFieldLoggers are the groups of BenchmarkRecordFields, with the
// adapter's label; recordFieldCounts its field counts.
var (
	recordFieldLoggers = []struct{ logger, label string }{
		{"Zap", "zapspan"}, {"Slog", "slogspan"}, {"Logrus", "logrusspan"}, {"Zerolog", "zerologspan"},
	}
	recordFieldCounts = []int{5, 20, 100}
)

func e2eRecordsName(logger, impl string) string { return "BenchmarkE2ERecords/" + logger + "/" + impl }

func recordFieldsName(logger, mode string, n int) string {
	return fmt.Sprintf("BenchmarkRecordFields/%s/%s/Fields%d", logger, mode, n)
}

// records writes the log-records section: the end-to-end table and
// targets, then the cost per field; how says which command measured them.
func (r *reporter) records(e2eTime, benchtime, how string) {
	r.recordsE2E(e2eTime, how)
	r.recordFields(benchtime, how)
}

func (r *reporter) recordsE2E(benchtime, how string) {
	samples := func(logger, impl string) []float64 {
		return r.res.samples[e2eRecordsName(logger, impl)+"@"+r.procs][e2eUnit]
	}
	first := recordsRows[0]
	if len(samples(first.logger, first.adapter+"Records")) == 0 {
		return
	}
	get := func(logger, impl, unit string) float64 {
		v, _ := r.res.get(e2eRecordsName(logger, impl), r.procs, unit)
		return v
	}
	r.printf("## Log records end to end: records, both and spans models\n\n")
	r.printf("BenchmarkE2ERecords (e2e_records_test.go) is BenchmarkE2E's machinery (the same receiver in another\n")
	r.printf("process, pacer, checks, CPU ns/log and allocs/log) for the data models of logs: each adapter through\n")
	r.printf("otelsetup with `LOGSPAN_LOGS_AS=records` (its LoggerProvider, record processor and otlpexport\n")
	r.printf("LogExporter; the receiver must count exactly one log record at /v1/logs per log and no span),\n")
	r.printf("`both` (one span and one record per log) and `spans` (the default; one span, no record), beside the\n")
	r.printf("peer of BenchmarkE2E (the log SDK's batch processor over otlploghttp). Neither otelsetup pipeline may\n")
	r.printf("drop. Measured by %s: %d interleaved rounds at -benchtime %s; medians; ratios per round\n",
		how, len(samples(first.logger, first.adapter+"Records")), benchtime)
	r.printf("(median and range).\n\n")
	r.printf("| logspan | records CPU ns/log | allocs/log | both CPU ns/log | allocs/log | spans CPU ns/log | allocs/log | peer | CPU ns/log | allocs/log | records / peer | both / spans | records / spans |\n")
	r.printf("|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|\n")
	for _, row := range recordsRows {
		rec, both, spans := row.adapter+"Records", row.adapter+"Both", row.adapter+"Spans"
		if len(samples(row.logger, rec)) == 0 {
			continue
		}
		r.printf("| %s | %s | %.0f | %s | %.0f | %s | %.0f | %s | %s | %.0f | %s | %s | %s |\n", row.label,
			fmtNs(get(row.logger, rec, e2eUnit)), get(row.logger, rec, "allocs/op"),
			fmtNs(get(row.logger, both, e2eUnit)), get(row.logger, both, "allocs/op"),
			fmtNs(get(row.logger, spans, e2eUnit)), get(row.logger, spans, "allocs/op"),
			row.peerLabel, fmtNs(get(row.logger, row.peer, e2eUnit)), get(row.logger, row.peer, "allocs/op"),
			roundRatios(samples(row.logger, rec), samples(row.logger, row.peer)),
			roundRatios(samples(row.logger, both), samples(row.logger, spans)),
			roundRatios(samples(row.logger, rec), samples(row.logger, spans)))
	}
	r.printf("\n| records target (issue 16) | implementation | measured (median, range) | limit | |\n|---|---|---:|---:|---|\n")
	for _, row := range recordsRows {
		s := roundRatios(samples(row.logger, row.adapter+"Records"), samples(row.logger, row.peer))
		if s.n > 0 {
			r.printf("| records: CPU per log × the peer's | %s vs %s | %s | %s | %s |\n", row.label, row.peerLabel, s, fmtRatio(recordsMaxPeer), verdict(s.median <= recordsMaxPeer))
		}
	}
	for _, row := range recordsRows {
		s := roundRatios(samples(row.logger, row.adapter+"Both"), samples(row.logger, row.adapter+"Spans"))
		if s.n > 0 {
			r.printf("| both: CPU per log × spans mode's | %s | %s | %s | %s |\n", row.label, s, fmtRatio(bothMaxSpans), verdict(s.median <= bothMaxSpans))
		}
	}
	r.printf("\n")
}

// recordFields writes the cost per field of the records model: the
// slopes between the field counts, logspan's beyond the logger alone's.
func (r *reporter) recordFields(benchtime, how string) {
	cpu := func(logger, mode string, n int) (float64, bool) {
		return r.res.get(recordFieldsName(logger, mode, n), r.procs, "cpu-ns/op")
	}
	if _, ok := cpu(recordFieldLoggers[0].logger, "Records", recordFieldCounts[0]); !ok {
		return
	}
	r.printf("### Records: cost per field\n\n")
	r.printf("BenchmarkRecordFields (record_fields_test.go): Info \"checkout\" with 5, 20 and 100 fields (strings and\n")
	r.printf("ints) under a sampled request, the adapter in records mode through otelsetup's record processor over a\n")
	r.printf("discarding exporter (producer side), the same in spans mode (otelsetup's span processor over a\n")
	r.printf("discarding exporter), and the logger alone (zap and slog: the front-end that drops;\n")
	r.printf("logrus and zerolog: the JSON logger the hook runs in). The slopes are CPU ns per field between two\n")
	r.printf("counts, the logger alone's slope subtracted: logspan's cost per field. The target reads the slope from\n")
	r.printf("20 to 100 fields. Measured by %s, -benchtime %s, medians. dropped/op is the share of records the\n", how, benchtime)
	r.printf("processor dropped (a dropped record is cheaper, so a slope with drops reads low).\n\n")
	r.printf("| logspan (records) | 5 fields CPU ns | allocs | 20 fields | allocs | 100 fields | allocs | dropped/op (100) | ns/field 5→20 | ns/field 20→100 | spans mode ns/field 20→100 | logger alone ns/field 20→100 |\n")
	r.printf("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	type slope struct {
		label string
		v     float64
	}
	var slopes []slope
	for _, lg := range recordFieldLoggers {
		var ns, allocs, base [3]float64
		ok := true
		for i, n := range recordFieldCounts {
			var o1, o2 bool
			ns[i], o1 = cpu(lg.logger, "Records", n)
			base[i], o2 = cpu(lg.logger, "Alone", n)
			allocs[i], _ = r.res.get(recordFieldsName(lg.logger, "Records", n), r.procs, "allocs/op")
			ok = ok && o1 && o2
		}
		if !ok {
			continue
		}
		dropped, _ := r.res.get(recordFieldsName(lg.logger, "Records", 100), r.procs, "dropped/op")
		per := func(a, b int) float64 {
			d := float64(recordFieldCounts[b] - recordFieldCounts[a])
			return ((ns[b] - ns[a]) - (base[b] - base[a])) / d
		}
		baseSlope := (base[2] - base[1]) / float64(recordFieldCounts[2]-recordFieldCounts[1])
		spansSlope := ""
		s20, ok20 := cpu(lg.logger, "Spans", 20)
		s100, ok100 := cpu(lg.logger, "Spans", 100)
		if ok20 && ok100 {
			spansSlope = fmtNs(((s100 - s20) - (base[2] - base[1])) / float64(recordFieldCounts[2]-recordFieldCounts[1]))
		}
		r.printf("| %s | %s | %.0f | %s | %.0f | %s | %.0f | %.3f | %s | %s | %s | %s |\n", lg.label,
			fmtNs(ns[0]), allocs[0], fmtNs(ns[1]), allocs[1], fmtNs(ns[2]), allocs[2], dropped,
			fmtNs(per(0, 1)), fmtNs(per(1, 2)), spansSlope, fmtNs(baseSlope))
		slopes = append(slopes, slope{lg.label, per(1, 2)})
	}
	r.printf("\n| records target (issue 16) | implementation | measured | limit | |\n|---|---|---:|---:|---|\n")
	for _, s := range slopes {
		r.printf("| CPU ns per field at 100 fields (slope 20→100, beyond the logger's) | %s | %s | %d | %s |\n",
			s.label, fmtNs(s.v), recordsMaxFieldNs, verdict(s.v <= recordsMaxFieldNs))
	}
	r.printf("\n")
}
