package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestRoundRatios(t *testing.T) {
	tests := []struct {
		name string
		a, b []float64
		want spread
	}{
		{"none", nil, []float64{1}, spread{}},
		{"odd", []float64{1, 4, 3}, []float64{2, 2, 2}, spread{1.5, 0.5, 2, 3}},
		{"even, paired by round", []float64{2, 6, 1, 9}, []float64{4, 6, 1, 3}, spread{1, 0.5, 3, 4}},
		{"unequal rounds", []float64{1, 2, 100}, []float64{1, 1}, spread{1.5, 1, 2, 2}},
		{"zero peer skipped", []float64{1, 2}, []float64{0, 4}, spread{0.5, 0.5, 0.5, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := roundRatios(tt.a, tt.b); got != tt.want {
				t.Errorf("roundRatios = %+v, want %+v", got, tt.want)
			}
		})
	}
}

// TestE2ESection renders the section from go test output and checks the
// ratio and verdict of the headline row.
func TestE2ESection(t *testing.T) {
	var in strings.Builder
	for _, round := range []struct{ zapspan, contrib string }{{"400", "1000"}, {"500", "1000"}, {"900", "1000"}} {
		in.WriteString("BenchmarkE2E/Zap/Zapspan-2 20000 5000 ns/op " + round.zapspan + " cpu-ns/log 2000 B/op 5 allocs/op\n")
		in.WriteString("BenchmarkE2E/Zap/ContribOtelzap-2 20000 5000 ns/op " + round.contrib + " cpu-ns/log 3000 B/op 31 allocs/op\n")
	}
	res := parse(strings.NewReader(in.String()))
	var out bytes.Buffer
	r := &reporter{w: &out, res: res, procs: res.procs()}
	r.e2e("20000x", "a test")
	got := out.String()
	for _, want := range []string{
		"| zapspan | 500 | 5 |",
		"| CPU per log × the peer's | zapspan vs contrib otelzap v0.21.0 | 0.50× (0.40–0.90) | 0.50× | 0.75× | met |",
		"| whole pipeline allocs/log ≤ 5 | zapspan | 5 | 5 | | met |",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("section lacks %q:\n%s", want, got)
		}
	}
	var empty bytes.Buffer
	(&reporter{w: &empty, res: parse(strings.NewReader("")), procs: "1"}).e2e("1x", "a test")
	if empty.Len() != 0 {
		t.Errorf("section without results: %q", empty.String())
	}
}
