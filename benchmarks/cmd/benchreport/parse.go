package main

import (
	"bufio"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// results are the samples of every benchmark, by name without the
// GOMAXPROCS suffix plus "@procs", and by unit.
type results struct {
	samples map[string]map[string][]float64
	cpu     string
}

// procsSuffix is the "-N" go test appends to a benchmark's name when
// GOMAXPROCS is not 1.
var procsSuffix = regexp.MustCompile(`-(\d+)$`)

// parse reads go test -bench output.
func parse(r io.Reader) results {
	res := results{samples: map[string]map[string][]float64{}}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if cpu, ok := strings.CutPrefix(line, "cpu: "); ok {
			res.cpu = strings.TrimSpace(cpu)
			continue
		}
		f := strings.Fields(line)
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") || len(f)%2 != 0 {
			continue
		}
		name, procs := f[0], "1"
		if m := procsSuffix.FindStringSubmatch(name); m != nil {
			name, procs = strings.TrimSuffix(name, m[0]), m[1]
		}
		key := name + "@" + procs
		if res.samples[key] == nil {
			res.samples[key] = map[string][]float64{}
		}
		for i := 2; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				continue
			}
			res.samples[key][f[i+1]] = append(res.samples[key][f[i+1]], v)
		}
	}
	return res
}

// get returns the median of a benchmark's samples in unit; ok is false
// when it did not run.
func (r results) get(name, procs, unit string) (float64, bool) {
	s := r.samples[name+"@"+procs][unit]
	if len(s) == 0 {
		return 0, false
	}
	s = slices.Clone(s)
	slices.Sort(s)
	if n := len(s); n%2 == 0 {
		return (s[n/2-1] + s[n/2]) / 2, true
	}
	return s[len(s)/2], true
}

// procs is the GOMAXPROCS the main pass ran with: the one most names
// carry.
func (r results) procs() string {
	counts := map[string]int{}
	for k := range r.samples {
		counts[k[strings.LastIndexByte(k, '@')+1:]]++
	}
	best, n := "1", 0
	for p, c := range counts {
		if c > n || (c == n && p > best) {
			best, n = p, c
		}
	}
	return best
}
