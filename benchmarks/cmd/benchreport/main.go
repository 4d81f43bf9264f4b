// Command benchreport runs the logspan benchmarks and writes their
// results, with the ratios the project's targets are stated in, to the
// benchmarks module's README.md. Run it from the benchmarks directory (make
// bench does):
//
//	GOWORK=off go run ./cmd/benchreport -count 6 -benchtime 250ms -o README.md
//
// It builds the test binary once and runs it in passes: -count rounds of
// every scenario and variant (enough samples for benchstat), each round
// followed by the Parallel variants on one CPU (to show that ns/op drops
// with more cores), by the end-to-end benchmarks (BenchmarkE2E and, for
// the records and both models, BenchmarkE2ERecords: one log delivered to
// a receiver in another process per iteration, at -e2etime) and by the
// records model's cost per field (BenchmarkRecordFields, at -benchtime);
// then the otelsetup throughput for a few seconds, and the heap over a
// million logs.
//
// With -e2e-only it runs the end-to-end rounds alone (BenchmarkE2E,
// BenchmarkE2ERecords, and BenchmarkRecordFields at -benchtime) and
// writes only their sections, with the logspan/peer ratios (to stdout unless -o is given; the
// raw output to e2e.txt unless -raw is given):
//
//	GOWORK=off go run ./cmd/benchreport -e2e-only -count 6 -e2etime 20000x
//
// -in reads such output back, also that of a plain
// `go test -run '^$' -bench E2E -benchtime 20000x -count 6` (whose
// samples of a case run back to back rather than interleaved). The raw go test output is
// kept (-raw) so that the report can be written again from it (-in) and
// compared with benchstat.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

// Bench patterns of the passes; the names are described in the package
// documentation of the benchmarks module (doc.go).
const (
	mainPattern     = "^Benchmark(Floor|Zap|Zerolog|Logrus|Slog)$"
	parallelPattern = "^Benchmark(Floor|Zap|Zerolog|Logrus|Slog)$/./^Parallel$"
	throughputPat   = "^BenchmarkThroughput$"
	heapPattern     = "^BenchmarkHeap$"
)

func main() {
	var (
		count      = flag.Int("count", 6, "runs of each benchmark (benchstat wants at least 6 for a confidence interval)")
		benchtime  = flag.String("benchtime", "250ms", "-benchtime of the scenario and variant rounds")
		throughput = flag.String("throughput", "3s", "-benchtime of the throughput pass")
		heapLogs   = flag.Int("heaplogs", 1_000_000, "logs of the heap pass")
		out        = flag.String("o", "README.md", "report to write")
		raw        = flag.String("raw", "bench.txt", "where to keep the raw go test output")
		in         = flag.String("in", "", "read raw go test output from this file instead of running the benchmarks")
		notes      = flag.String("notes", "notes.md", "hand-written notes appended to the report")
		e2eTime    = flag.String("e2etime", "20000x", "-benchtime of the end-to-end rounds")
		e2eOnly    = flag.Bool("e2e-only", false, "run only the end-to-end rounds and write only their section")
	)
	flag.Parse()
	if *e2eOnly {
		set := map[string]bool{}
		flag.Visit(func(f *flag.Flag) { set[f.Name] = true })
		if !set["o"] {
			*out = ""
		}
		if !set["raw"] {
			*raw = "e2e.txt"
		}
		if err := runE2E(*count, *e2eTime, *benchtime, *out, *raw, *in); err != nil {
			fmt.Fprintln(os.Stderr, "benchreport:", err)
			os.Exit(1)
		}
		return
	}
	if err := run(*count, *benchtime, *throughput, *e2eTime, *heapLogs, *out, *raw, *in, *notes); err != nil {
		fmt.Fprintln(os.Stderr, "benchreport:", err)
		os.Exit(1)
	}
}

func run(count int, benchtime, throughput, e2eTime string, heapLogs int, out, raw, in, notesPath string) error {
	var output []byte
	started := time.Now()
	ranAt := started
	if in != "" {
		b, err := os.ReadFile(in)
		if err != nil {
			return err
		}
		output = b
		if fi, err := os.Stat(in); err == nil {
			ranAt = fi.ModTime()
		}
	} else {
		var buf bytes.Buffer
		if err := runPasses(&buf, count, benchtime, throughput, e2eTime, heapLogs); err != nil {
			return err
		}
		output = buf.Bytes()
		if raw != "" {
			if err := os.WriteFile(raw, output, 0o644); err != nil {
				return err
			}
		}
	}
	res := parse(bytes.NewReader(output))
	if len(res.samples) == 0 {
		return fmt.Errorf("no benchmark results")
	}
	stat, err := benchstat(output)
	if err != nil {
		return err
	}
	var notes []byte
	if notesPath != "" {
		if notes, err = os.ReadFile(notesPath); err != nil && !os.IsNotExist(err) {
			return err
		}
	}
	var rep bytes.Buffer
	writeReport(&rep, res, reportInfo{
		count: count, benchtime: benchtime, throughput: throughput, e2eTime: e2eTime, heapLogs: heapLogs,
		ranAt: ranAt, elapsed: time.Since(started), fromFile: in, benchstat: stat, notes: string(notes),
	})
	return os.WriteFile(out, rep.Bytes(), 0o644)
}

// runPasses builds the test binary of the current directory, its own
// module (GOWORK=off: the replace lines, as a user's build sees them), and
// runs the passes. The scenario rounds are interleaved, -count 1 each, so
// that a burst of load on a shared machine spreads over every benchmark
// instead of spoiling all the samples of one.
func runPasses(w io.Writer, count int, benchtime, throughput, e2eTime string, heapLogs int) error {
	dir, err := os.MkdirTemp("", "benchreport")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	bin, err := buildBinaries(dir)
	if err != nil {
		return err
	}
	for round := range count {
		fmt.Fprintf(os.Stderr, "round %d of %d\n", round+1, count)
		if err := runBench(w, bin, "-test.bench", mainPattern, "-test.benchtime", benchtime); err != nil {
			return err
		}
		if err := runBench(w, bin, "-test.bench", parallelPattern, "-test.cpu", "1", "-test.benchtime", benchtime); err != nil {
			return err
		}
		if err := runE2ERound(w, bin, e2eTime, benchtime); err != nil {
			return err
		}
	}
	if err := runBench(w, bin, "-test.bench", throughputPat, "-test.benchtime", throughput); err != nil {
		return err
	}
	return runBench(w, bin, "-test.bench", heapPattern, "-test.benchtime", fmt.Sprintf("%dx", heapLogs))
}

// buildBinaries builds, into dir, the test binary of the current
// directory and the end-to-end benchmark's receiver, which the test
// binary then runs instead of building its own (LOGSPAN_OTLPSINK). It
// returns the test binary's path.
func buildBinaries(dir string) (string, error) {
	bin := filepath.Join(dir, "benchmarks.test")
	sink := filepath.Join(dir, "otlpsink")
	for _, args := range [][]string{{"test", "-c", "-o", bin, "."}, {"build", "-o", sink, "./cmd/otlpsink"}} {
		build := exec.Command("go", args...)
		build.Env = append(os.Environ(), "GOWORK=off")
		build.Stdout, build.Stderr = os.Stderr, os.Stderr
		if err := build.Run(); err != nil {
			return "", fmt.Errorf("go %s: %w", strings.Join(args, " "), err)
		}
	}
	return bin, os.Setenv("LOGSPAN_OTLPSINK", sink)
}

// runE2E runs count rounds of the end-to-end benchmark alone (or reads
// them from in) and writes their section of the report, and benchstat's
// summary of them, to out (stdout when empty).
func runE2E(count int, e2eTime, benchtime, out, raw, in string) error {
	var output []byte
	if in != "" {
		b, err := os.ReadFile(in)
		if err != nil {
			return err
		}
		output = b
	} else {
		dir, err := os.MkdirTemp("", "benchreport")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		bin, err := buildBinaries(dir)
		if err != nil {
			return err
		}
		var buf bytes.Buffer
		for round := range count {
			fmt.Fprintf(os.Stderr, "round %d of %d\n", round+1, count)
			if err := runE2ERound(&buf, bin, e2eTime, benchtime); err != nil {
				return err
			}
		}
		output = buf.Bytes()
		if raw != "" {
			if err := os.WriteFile(raw, output, 0o644); err != nil {
				return err
			}
		}
	}
	res := parse(bytes.NewReader(output))
	stat, err := benchstat(output)
	if err != nil {
		return err
	}
	var rep bytes.Buffer
	r := &reporter{w: &rep, res: res, procs: res.procs()}
	how := "`" + e2eCommand + "`"
	if in != "" {
		how = "the run recorded in " + filepath.Base(in)
	}
	r.e2e(e2eTime, how)
	r.records(e2eTime, benchtime, how)
	if rep.Len() == 0 {
		return fmt.Errorf("no BenchmarkE2E results")
	}
	r.printf("<details><summary>benchstat</summary>\n\n```\n%s```\n\n</details>\n", stat)
	if out == "" {
		_, err := os.Stdout.Write(rep.Bytes())
		return err
	}
	return os.WriteFile(out, rep.Bytes(), 0o644)
}

// runE2ERound runs one round of the end-to-end benchmarks, spans then
// records models, at e2eTime, and the records' cost per field at
// benchtime.
func runE2ERound(w io.Writer, bin, e2eTime, benchtime string) error {
	for _, pass := range [][2]string{{e2ePattern, e2eTime}, {e2eRecordsPattern, e2eTime}, {recordFieldsPattern, benchtime}} {
		if err := runBench(w, bin, "-test.bench", pass[0], "-test.benchtime", pass[1]); err != nil {
			return err
		}
	}
	return nil
}

// runBench runs the test binary once, echoing its output to stderr.
func runBench(w io.Writer, bin string, args ...string) error {
	args = append([]string{"-test.run", "^$", "-test.benchmem", "-test.count", "1"}, args...)
	fmt.Fprintln(os.Stderr, "benchmarks.test", strings.Join(args, " "))
	cmd := exec.Command(bin, args...)
	cmd.Stdout = io.MultiWriter(w, os.Stderr)
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("benchmarks.test %s: %w", strings.Join(args, " "), err)
	}
	return nil
}

// benchstat summarises the raw output with the pinned benchstat tool.
func benchstat(output []byte) (string, error) {
	f, err := os.CreateTemp("", "bench-*.txt")
	if err != nil {
		return "", err
	}
	defer os.Remove(f.Name())
	if _, err := f.Write(output); err != nil {
		return "", err
	}
	if err := f.Close(); err != nil {
		return "", err
	}
	cmd := exec.Command("go", "tool", "benchstat", f.Name())
	cmd.Env = append(os.Environ(), "GOWORK=off")
	cmd.Stderr = os.Stderr
	b, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("benchstat: %w", err)
	}
	// The temporary file's name is noise in the report.
	return strings.ReplaceAll(string(b), f.Name(), "bench.txt"), nil
}

type reportInfo struct {
	count                 int
	benchtime, throughput string
	e2eTime               string
	heapLogs              int
	ranAt                 time.Time
	elapsed               time.Duration
	fromFile              string
	benchstat             string
	notes                 string
}

var goVersion = runtime.Version()
