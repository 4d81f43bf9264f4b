package main

import (
	"fmt"
	"io"
	"math"
	"strings"
	"time"
)

// An entry is one implementation of the scenario in the report.
type entry struct {
	label  string
	logger string // the benchmark's group: Floor, Zap, Zerolog, Logrus, Slog
	impl   string
	// base is the implementation of the same logger whose cost this one
	// is measured beyond: JSON (the logger alone) for hooks and tees,
	// which also write the logger's output; Frontend (the logger in front
	// of a core or handler that drops everything) for standalone cores
	// and handlers; none for the floor and the logger alone.
	base string
}

func (e entry) name(variant string) string {
	return "Benchmark" + e.logger + "/" + e.impl + "/" + variant
}

// An adapter is a logspan implementation with what it is held to.
type adapter struct {
	entry
	// peers do the same job with another library, for the same logger.
	peers []entry
	// maxFloor is the target for the cost logspan adds, as a multiple of
	// the floor.
	maxFloor float64
	// maxExtraAllocs is the allocations allowed above the floor's, or -1
	// when the issue sets none.
	maxExtraAllocs int
}

var (
	floor = entry{label: "floor: raw SDK span", logger: "Floor", impl: "Span"}

	baselines = map[string]entry{
		"Zap":     {label: "zap alone (JSON, production encoder)", logger: "Zap", impl: "JSON"},
		"Zerolog": {label: "zerolog alone (JSON)", logger: "Zerolog", impl: "JSON"},
		"Logrus":  {label: "logrus alone (JSONFormatter)", logger: "Logrus", impl: "JSON"},
		"Slog":    {label: "slog alone (JSONHandler)", logger: "Slog", impl: "JSON"},
	}

	frontends = map[string]entry{
		"Zap":  {label: "zap front-end (core that drops)", logger: "Zap", impl: "Frontend"},
		"Slog": {label: "slog front-end (handler that drops)", logger: "Slog", impl: "Frontend"},
	}

	contribOtelzap    = entry{label: "contrib otelzap v0.21.0", logger: "Zap", impl: "ContribOtelzap", base: "Frontend"}
	contribOtelzapTee = entry{label: "contrib otelzap v0.21.0 + JSON (NewTee)", logger: "Zap", impl: "ContribOtelzapTee", base: "JSON"}
	// uptrace's logger over zap.NewNop never reaches zap's front-end: its
	// whole cost is its own.
	uptraceOtelzap       = entry{label: "uptrace otelzap v0.2.4 (nop logger)", logger: "Zap", impl: "UptraceOtelzap"}
	uptraceOtelzapJSON   = entry{label: "uptrace otelzap v0.2.4 + JSON", logger: "Zap", impl: "UptraceOtelzapJSON", base: "JSON"}
	contribOtellogrus    = entry{label: "contrib otellogrus v0.20.1 (hook)", logger: "Logrus", impl: "ContribOtellogrus", base: "JSON"}
	contribOtelslog      = entry{label: "contrib otelslog v0.21.0", logger: "Slog", impl: "ContribOtelslog", base: "Frontend"}
	contribOtelslogMulti = entry{label: "contrib otelslog v0.21.0 + JSON (MultiHandler)", logger: "Slog", impl: "ContribOtelslogMulti", base: "JSON"}
	zerologCapture       = entry{label: "zerologspan + CaptureErrors", logger: "Zerolog", impl: "ZerologspanCapture", base: "JSON"}

	// extras are logspan configurations shown next to the adapter's
	// default, by logger.
	extras = map[string][]entry{
		"Zerolog": {
			{label: "zerologspan WithoutTraceCorrelation", logger: "Zerolog", impl: "ZerologspanNoCorrelation", base: "JSON"},
			zerologCapture,
		},
		"Logrus": {
			{label: "logrusspan WithoutTraceCorrelation", logger: "Logrus", impl: "LogrusspanNoCorrelation", base: "JSON"},
		},
	}

	adapters = []adapter{
		{entry{"zapspan", "Zap", "Zapspan", "Frontend"}, []entry{contribOtelzap, uptraceOtelzap}, 1.15, 2},
		{entry{"zapspan WrapCore", "Zap", "WrapCore", "JSON"}, []entry{contribOtelzapTee, uptraceOtelzapJSON}, 1.3, -1},
		{entry{"zerologspan", "Zerolog", "Zerologspan", "JSON"}, nil, 1.3, -1},
		{entry{"logrusspan", "Logrus", "Logrusspan", "JSON"}, []entry{contribOtellogrus}, 1.3, -1},
		{entry{"slogspan", "Slog", "Slogspan", "Frontend"}, []entry{contribOtelslog}, 1.3, -1},
		{entry{"slogspan Wrap", "Slog", "Wrap", "JSON"}, []entry{contribOtelslogMulti}, 1.3, -1},
	}

	loggers = []string{"Zap", "Zerolog", "Logrus", "Slog"}

	pipelineNames = []struct{ bench, label string }{
		{"Zapspan", "zapspan"}, {"WrapCore", "zapspan WrapCore"}, {"Zerologspan", "zerologspan"},
		{"Logrusspan", "logrusspan"}, {"Slogspan", "slogspan"}, {"SlogWrap", "slogspan Wrap"},
	}
)

// stat is one benchmark's medians. ns is the cost the report compares:
// CPU time per op when the benchmarks measured it (cpu-ns/op), wall time
// otherwise; wall is always the wall time.
type stat struct {
	ns, wall, bytes, allocs float64
	ok                      bool
}

type reporter struct {
	w     io.Writer
	res   results
	procs string
}

func (r *reporter) stat(e entry, variant string) stat {
	return r.statProcs(e, variant, r.procs)
}

func (r *reporter) statProcs(e entry, variant, procs string) stat {
	wall, ok := r.res.get(e.name(variant), procs, "ns/op")
	ns := wall
	if cpu, ok := r.res.get(e.name(variant), procs, "cpu-ns/op"); ok && cpu > 0 {
		ns = cpu
	}
	b, _ := r.res.get(e.name(variant), procs, "B/op")
	a, _ := r.res.get(e.name(variant), procs, "allocs/op")
	return stat{ns, wall, b, a, ok}
}

// added is what e costs beyond its base (all of it when it has none), in
// ns/op and allocs/op. A base that does not depend on the variant (the
// logger alone does not care about sampling or parents) is read from its
// Sampled run when it has no run of the variant.
func (r *reporter) added(e entry, variant string) (ns, allocs float64, ok bool) {
	s := r.stat(e, variant)
	if !s.ok {
		return 0, 0, false
	}
	if e.base == "" {
		return s.ns, s.allocs, true
	}
	be := entry{logger: e.logger, impl: e.base}
	base := r.stat(be, variant)
	if !base.ok {
		base = r.stat(be, "Sampled")
	}
	if !base.ok {
		return 0, 0, false
	}
	return s.ns - base.ns, s.allocs - base.allocs, true
}

func (r *reporter) printf(format string, args ...any) { fmt.Fprintf(r.w, format, args...) }

func fmtNs(ns float64) string {
	switch {
	case math.Abs(ns) >= 100:
		return fmt.Sprintf("%.0f", ns)
	case math.Abs(ns) >= 10:
		return fmt.Sprintf("%.1f", ns)
	}
	return fmt.Sprintf("%.2f", ns)
}

func fmtRatio(x float64) string { return fmt.Sprintf("%.2f×", x) }

func verdict(ok bool) string {
	if ok {
		return "met"
	}
	return "**missed**"
}

func writeReport(w io.Writer, res results, info reportInfo) {
	r := &reporter{w: w, res: res, procs: res.procs()}
	r.printf("# logspan benchmarks\n\n")
	r.printf("<!-- Generated by cmd/benchreport (make bench). Do not edit: edit notes.md or the generator. -->\n\n")
	r.printf("What it costs to turn one log line into a span with logspan, against the raw SDK (the floor),\n")
	r.printf("each logger alone, and the libraries a user would pick instead. The scenario: one Info log,\n")
	r.printf("\"checkout\", five fields (string, int, float64, bool, error) under a context whose span is sampled;\n")
	r.printf("an SDK TracerProvider with a batch span processor over an exporter that drops everything (the\n")
	r.printf("contrib bridges: the log SDK's batch processor over a discarding exporter). See doc.go for the\n")
	r.printf("benchmark names.\n\n")
	src := fmt.Sprintf("%d interleaved rounds of every benchmark at -benchtime %s (medians), Parallel again with -cpu 1; throughput -benchtime %s; heap over %d logs",
		info.count, info.benchtime, info.throughput, info.heapLogs)
	if info.fromFile != "" {
		src = "written again from " + info.fromFile + ", the raw output of the last `make bench`"
	}
	r.printf("- Run: %s, %s.\n", info.ranAt.UTC().Format("2006-01-02 15:04 MST"), src)
	r.printf("- Machine: %s, GOMAXPROCS %s, %s. Numbers from a shared, noisy machine: read the ratios, which come from the same run.\n", res.cpu, r.procs, goVersion)
	if info.fromFile == "" {
		r.printf("- The whole run took %s. Raw output: bench.txt (`go tool benchstat bench.txt`).\n", info.elapsed.Round(time.Second))
	}
	r.printf("\n")

	r.scenario()
	r.peers()
	r.targets()
	r.variants()
	r.pipeline()
	r.e2e(info.e2eTime, "`make bench` (each of its rounds runs BenchmarkE2E once, every case in turn)")
	r.records(info.e2eTime, info.benchtime, "`make bench` (each of its rounds runs BenchmarkE2ERecords and BenchmarkRecordFields once)")
	if strings.TrimSpace(info.notes) != "" {
		r.printf("## Notes\n\n%s\n", strings.TrimSpace(info.notes))
		r.printf("\n")
	}
	r.printf("## benchstat\n\n<details><summary>benchstat bench.txt</summary>\n\n```\n%s```\n\n</details>\n", info.benchstat)
}

// scenario is the main table: every implementation of the scenario.
func (r *reporter) scenario() {
	fl := r.stat(floor, "Sampled")
	r.printf("## The scenario\n\n")
	r.printf("\"Added\" is the cost beyond the logger's own: beyond the logger alone writing JSON for the\n")
	r.printf("implementations that also write it (hooks, tees), beyond the logger in front of a core or handler\n")
	r.printf("that drops everything (\"front-end\") for standalone cores and handlers.\n\n")
	r.printf("CPU ns/op is the process's CPU time (user + system, garbage collection and the batch processor\n")
	r.printf("included) per log: on a shared machine it does not count the time spent waiting for a core, so the\n")
	r.printf("ratios and targets use it. ns/op is go test's wall time.\n\n")
	r.printf("| implementation | CPU ns/op | ns/op (wall) | B/op | allocs/op | added CPU ns/op | added × floor |\n")
	r.printf("|---|---:|---:|---:|---:|---:|---:|\n")
	row := func(e entry, bold bool) {
		s := r.stat(e, "Sampled")
		if !s.ok {
			return
		}
		label := e.label
		if bold {
			label = "**" + label + "**"
		}
		addedNs, ratio := "", ""
		if e.logger != "Floor" && e.impl != "JSON" && e.impl != "Frontend" {
			if a, _, ok := r.added(e, "Sampled"); ok {
				addedNs = fmtNs(a)
				if fl.ok {
					ratio = fmtRatio(a / fl.ns)
				}
			}
		}
		r.printf("| %s | %s | %s | %.0f | %.0f | %s | %s |\n", label, fmtNs(s.ns), fmtNs(s.wall), s.bytes, s.allocs, addedNs, ratio)
	}
	row(floor, false)
	for _, lg := range loggers {
		row(baselines[lg], false)
		if f, ok := frontends[lg]; ok {
			row(f, false)
		}
		for _, a := range adapters {
			if a.logger == lg {
				row(a.entry, true)
			}
		}
		for _, e := range extras[lg] {
			row(e, false)
		}
		for _, a := range adapters {
			if a.logger == lg {
				for _, p := range a.peers {
					row(p, false)
				}
			}
		}
	}
	r.printf("\n")
}

// peers compares each adapter with the libraries doing its job.
func (r *reporter) peers() {
	r.printf("## Against the peers\n\n")
	r.printf("Ratios of logspan to the peer for the same logger, same shape (standalone with standalone, teed with teed); below 1 logspan is cheaper.\n\n")
	r.printf("| logspan | peer | CPU ns/op ratio | B/op ratio | allocs/op (logspan / peer) |\n")
	r.printf("|---|---|---:|---:|---:|\n")
	for _, a := range adapters {
		s := r.stat(a.entry, "Sampled")
		if len(a.peers) == 0 {
			r.printf("| %s | (no contrib bridge for zerolog) | | | |\n", a.label)
		}
		for _, p := range a.peers {
			ps := r.stat(p, "Sampled")
			if !s.ok || !ps.ok {
				continue
			}
			r.printf("| %s | %s | %s | %s | %.0f / %.0f |\n", a.label, p.label, fmtRatio(s.ns/ps.ns), fmtRatio(s.bytes/ps.bytes), s.allocs, ps.allocs)
		}
	}
	r.printf("\n")
}

// targets checks the targets.
func (r *reporter) targets() {
	fl := r.stat(floor, "Sampled")
	flU := r.stat(floor, "Unsampled")
	fl1 := r.stat(floor, "Fields1")
	fl10 := r.stat(floor, "With10")
	r.printf("## Targets\n\n")
	r.printf("| target | implementation | measured | limit | |\n|---|---|---:|---:|---|\n")
	line := func(target, impl, measured, limit string, ok bool) {
		r.printf("| %s | %s | %s | %s | %s |\n", target, impl, measured, limit, verdict(ok))
	}
	for _, a := range adapters {
		ns, _, ok := r.added(a.entry, "Sampled")
		what := "added ns/op"
		if a.maxExtraAllocs >= 0 {
			// zapspan's target is on the whole call, zap's own cost
			// included.
			ns, what = r.stat(a.entry, "Sampled").ns, "whole ns/op"
		}
		if ok && fl.ok {
			line("cost × floor ("+what+")", a.label, fmtRatio(ns/fl.ns), fmtRatio(a.maxFloor), ns/fl.ns <= a.maxFloor)
		}
		if s := r.stat(a.entry, "Sampled"); a.maxExtraAllocs >= 0 && s.ok && fl.ok {
			line("allocs/op ≤ floor + 2 (whole call)", a.label, fmt.Sprintf("%.0f", s.allocs), fmt.Sprintf("%.0f", fl.allocs+float64(a.maxExtraAllocs)), s.allocs <= fl.allocs+float64(a.maxExtraAllocs))
		}
	}
	for _, a := range adapters {
		s := r.stat(a.entry, "Sampled")
		for _, p := range a.peers {
			ps := r.stat(p, "Sampled")
			if s.ok && ps.ok {
				line("faster than the peer", a.label+" vs "+p.label, fmtRatio(s.ns/ps.ns), "< 1×", s.ns < ps.ns)
				line("allocs ≤ the peer's", a.label+" vs "+p.label, fmt.Sprintf("%.0f", s.allocs), fmt.Sprintf("%.0f", ps.allocs), s.allocs <= ps.allocs)
			}
		}
	}
	for _, a := range adapters {
		s, base := r.stat(a.entry, "Disabled"), r.stat(entry{logger: a.logger, impl: a.base}, "Disabled")
		if s.ok && base.ok {
			line("disabled ≤ 1.05 × the logger's disabled path", a.label, fmtRatio(s.ns/base.ns)+" ("+fmtNs(s.ns)+" vs "+fmtNs(base.ns)+" CPU ns)", "1.05×", s.ns <= 1.05*base.ns)
			line("disabled: no allocation added", a.label, fmt.Sprintf("%.0f", s.allocs-base.allocs), "0", s.allocs <= base.allocs)
		}
	}
	for _, a := range adapters {
		ns, allocs, ok := r.added(a.entry, "Unsampled")
		if ok && flU.ok {
			line("unsampled ≤ 1.3 × raw unsampled span (added ns/op)", a.label, fmtRatio(ns/flU.ns), "1.3×", ns <= 1.3*flU.ns)
			line("unsampled: no field conversion (added allocs ≤ raw span's)", a.label, fmt.Sprintf("%.0f", allocs), fmt.Sprintf("%.0f", flU.allocs), allocs <= flU.allocs)
		}
	}
	if fl1.ok && fl10.ok {
		floorNs, floorAllocs := fl10.ns-fl1.ns, fl10.allocs-fl1.allocs
		for _, a := range adapters {
			w, one := r.stat(a.entry, "With10"), r.stat(a.entry, "Fields1")
			if !w.ok || !one.ok {
				continue
			}
			ns, allocs := w.ns-one.ns, w.allocs-one.allocs
			// What the logger itself spends on its ten With fields is not
			// logspan's.
			bw, b1 := r.stat(entry{logger: a.logger, impl: a.base}, "With10"), r.stat(entry{logger: a.logger, impl: a.base}, "Fields1")
			if bw.ok && b1.ok {
				ns, allocs = ns-(bw.ns-b1.ns), allocs-(bw.allocs-b1.allocs)
			}
			line("10 With fields cost ≤ 1.3 × copying 10 ready attributes (With10 − Fields1)", a.label,
				fmtNs(ns)+" CPU ns", "1.3 × "+fmtNs(floorNs)+" CPU ns", ns <= 1.3*floorNs)
			line("10 With fields: allocs ≤ copying ready attributes", a.label, fmt.Sprintf("%.0f", allocs), fmt.Sprintf("%.0f", floorAllocs), allocs <= floorAllocs)
		}
	}
	// Parallel scaling: the criterion, and the one that tells a
	// lock of logspan's from the SDK's and the machine's limits: scaling
	// no worse than the raw SDK span's.
	// Wall time here: it is what more cores make shorter.
	flTwo, flOne := r.stat(floor, "Parallel"), r.statProcs(floor, "Parallel", "1")
	for _, a := range append([]adapter{{entry: floor, maxExtraAllocs: -1}}, adapters...) {
		two, one := r.stat(a.entry, "Parallel"), r.statProcs(a.entry, "Parallel", "1")
		if !two.ok || !one.ok || r.procs == "1" {
			continue
		}
		line("RunParallel wall ns/op drops with more cores ("+r.procs+" CPUs vs 1)", a.label, fmtRatio(two.wall/one.wall), "< 1×", two.wall < one.wall)
		if a.entry != floor && flTwo.ok && flOne.ok {
			rel := (two.wall / one.wall) / (flTwo.wall / flOne.wall)
			line("RunParallel scales like the raw SDK span (ratio of ratios)", a.label, fmtRatio(rel), "1.15×", rel <= 1.15)
		}
	}
	r.printf("\n")
}

var variantNames = []string{"Sampled", "Disabled", "NoParent", "Unsampled", "Fields1", "Fields10", "With10", "Parallel"}

// variants shows every variant of every implementation that has them.
func (r *reporter) variants() {
	r.printf("## Variants\n\nCPU ns/op and allocs/op; the Parallel columns in wall ns/op, with GOMAXPROCS %s and with -cpu 1.\n\n", r.procs)
	r.printf("| implementation | %s | Parallel (1 CPU) |\n|---|%s---:|\n", strings.Join(variantNames, " | "), strings.Repeat("---:|", len(variantNames)))
	row := func(e entry) {
		cells := make([]string, 0, len(variantNames)+1)
		for _, v := range variantNames {
			s := r.stat(e, v)
			if v == "Parallel" {
				s.ns = s.wall
			}
			cells = append(cells, cell(s))
		}
		one := r.statProcs(e, "Parallel", "1")
		one.ns = one.wall
		cells = append(cells, cell(one))
		r.printf("| %s | %s |\n", e.label, strings.Join(cells, " | "))
	}
	row(floor)
	for _, lg := range loggers {
		row(baselines[lg])
		if f, ok := frontends[lg]; ok {
			row(f)
		}
		for _, a := range adapters {
			if a.logger == lg {
				row(a.entry)
			}
		}
		for _, e := range extras[lg] {
			if e.impl != zerologCapture.impl {
				row(e)
			}
		}
	}
	r.printf("\n")
}

func cell(s stat) string {
	if !s.ok {
		return ""
	}
	return fmt.Sprintf("%s / %.0f", fmtNs(s.ns), s.allocs)
}

// pipeline shows the throughput and heap passes over otelsetup.
func (r *reporter) pipeline() {
	r.printf("## Through otelsetup's pipeline\n\n")
	r.printf("otelsetup's provider with its default batch settings (queue 2048, batch 512, delay 500ms) over a\n")
	r.printf("discarding exporter. Throughput: the scenario logged from every core (RunParallel) for a few seconds.\n")
	r.printf("Heap: live heap after a flush and two collections, before and after a million logs.\n\n")
	r.printf("| adapter | logs/s | spans dropped | heap before (KiB) | heap after (KiB) | growth (KiB) |\n|---|---:|---:|---:|---:|---:|\n")
	for _, p := range pipelineNames {
		thr, ok1 := r.res.get("BenchmarkThroughput/"+p.bench, r.procs, "logs/s")
		drop, _ := r.res.get("BenchmarkThroughput/"+p.bench, r.procs, "%dropped")
		before, ok2 := r.res.get("BenchmarkHeap/"+p.bench, r.procs, "KiB-heap-before")
		after, _ := r.res.get("BenchmarkHeap/"+p.bench, r.procs, "KiB-heap-after")
		if !ok1 && !ok2 {
			continue
		}
		r.printf("| %s | %.0f | %.2f%% | %.0f | %.0f | %+.0f |\n", p.label, thr, drop, before, after, after-before)
	}
	r.printf("\n")
}
