package main

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// TestRecordsSection renders the records sections from go test output
// and checks the ratios, slopes and verdicts of the zapspan rows.
func TestRecordsSection(t *testing.T) {
	var in strings.Builder
	line := func(name string, cpu float64, unit string, allocs int) {
		fmt.Fprintf(&in, "%s-2 20000 9000 ns/op %g %s 100 B/op %d allocs/op\n", name, cpu, unit, allocs)
	}
	for _, round := range []struct{ records, both, spans, peer float64 }{
		{600, 1500, 1000, 1000}, {700, 1800, 1000, 1000}, {900, 1700, 1000, 1000},
	} {
		line("BenchmarkE2ERecords/Zap/ZapspanRecords", round.records, "cpu-ns/log", 8)
		line("BenchmarkE2ERecords/Zap/ZapspanBoth", round.both, "cpu-ns/log", 12)
		line("BenchmarkE2ERecords/Zap/ZapspanSpans", round.spans, "cpu-ns/log", 5)
		line("BenchmarkE2ERecords/Zap/ContribOtelzap", round.peer, "cpu-ns/log", 31)
	}
	// logspan: 1,000 + 100 ns per field; the logger alone: 10 ns per field.
	for _, n := range []int{5, 20, 100} {
		line(fmt.Sprintf("BenchmarkRecordFields/Zap/Records/Fields%d", n), float64(1000+110*n), "cpu-ns/op", 7)
		line(fmt.Sprintf("BenchmarkRecordFields/Zap/Alone/Fields%d", n), float64(10*n), "cpu-ns/op", 0)
		line(fmt.Sprintf("BenchmarkRecordFields/Zap/Spans/Fields%d", n), float64(2000+60*n), "cpu-ns/op", 9)
	}
	res := parse(strings.NewReader(in.String()))
	var out bytes.Buffer
	r := &reporter{w: &out, res: res, procs: res.procs()}
	r.records("20000x", "250ms", "a test")
	got := out.String()
	for _, want := range []string{
		"| zapspan | 700 | 8 | 1700 | 12 | 1000 | 5 | contrib otelzap v0.21.0 | 1000 | 31 | 0.70× (0.60–0.90) | 1.70× (1.50–1.80) | 0.70× (0.60–0.90) |",
		"| records: CPU per log × the peer's | zapspan vs contrib otelzap v0.21.0 | 0.70× (0.60–0.90) | 0.75× | met |",
		"| both: CPU per log × spans mode's | zapspan | 1.70× (1.50–1.80) | 1.60× | **missed** |",
		"| zapspan | 1550 | 7 | 3200 | 7 | 12000 | 7 | 0.000 | 100 | 100 | 50.0 | 10.0 |",
		"| CPU ns per field at 100 fields (slope 20→100, beyond the logger's) | zapspan | 100 | 110 | met |",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("section lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "| slogspan |") {
		t.Errorf("a row without results:\n%s", got)
	}
	var empty bytes.Buffer
	(&reporter{w: &empty, res: parse(strings.NewReader("")), procs: "1"}).records("1x", "1x", "a test")
	if empty.Len() != 0 {
		t.Errorf("sections without results: %q", empty.String())
	}
}
