//go:build linux || darwin

package auto_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"
)

// orchestrionVersion is the Orchestrion the test app's go.mod pins.
const orchestrionVersion = "v1.12.0"

// builds are the programs the end-to-end test runs, built from
// testdata/app: name, build tags, and whether through Orchestrion.
var builds = []struct {
	name         string
	tags         string
	instrumented bool
}{
	{name: "plain"},
	{name: "auto", instrumented: true},
	{name: "manual-auto", tags: "manual", instrumented: true},
}

// cacheRoot is ~/.cache/logspan (or $XDG_CACHE_HOME/logspan), where the
// e2e module keeps its Jaeger build too.
func cacheRoot() (string, error) {
	base, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(base, "logspan"), nil
}

// inputsHash is the key of the cached builds: every file they are made of
// that lives in this repository (the rules, the runtime, the adapters, the
// test app, the go.mod and go.sum files) and the Go version. Tests and
// READMEs are left out.
func inputsHash(t *testing.T, repo string) string {
	t.Helper()
	h := sha256.New()
	fmt.Fprintln(h, runtime.Version(), orchestrionVersion)
	var files []string
	for _, dir := range []string{"auto", "core", "slogspan", "zapspan", "zerologspan", "logrusspan", "otelsetup"} {
		err := filepath.WalkDir(filepath.Join(repo, dir), func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				return nil
			}
			name := d.Name()
			if strings.HasSuffix(name, "_test.go") || strings.HasSuffix(name, ".md") {
				return nil
			}
			if strings.HasSuffix(name, ".go") || strings.HasSuffix(name, ".yml") || name == "go.mod" || name == "go.sum" {
				files = append(files, path)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	files = append(files, filepath.Join(repo, "go.mod"), filepath.Join(repo, "go.sum"))
	sort.Strings(files)
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(repo, f)
		fmt.Fprintf(h, "%s %d\n", filepath.ToSlash(rel), len(b))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// treeDigest hashes every file under dir, to show a build left the
// program's sources as they were.
func treeDigest(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		rel, _ := filepath.Rel(dir, path)
		out[rel] = hex.EncodeToString(sum[:])
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// buildResult is where the builds are and what they cost.
type buildResult struct {
	dir   string
	times string // build-times.txt: how long each build took when made
	guard string // guard.txt: what the build of testdata/guard printed
}

func (b buildResult) bin(name string) string { return filepath.Join(b.dir, name) }

// ensureBuilds returns the cached builds of testdata/app for the current
// inputs, making them first if they are not there. A cold build through
// Orchestrion takes minutes; a file lock keeps two test processes from
// making the same builds at once, and a build is renamed into place only
// when whole.
func ensureBuilds(t *testing.T, ctx context.Context, repo, app string) buildResult {
	t.Helper()
	root, err := cacheRoot()
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(root, "auto-"+inputsHash(t, repo))
	res := buildResult{dir: dir}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	done := filepath.Join(dir, "build-times.txt")
	guard := filepath.Join(dir, "guard.txt")
	load := func() bool {
		times, err1 := os.ReadFile(done)
		g, err2 := os.ReadFile(guard)
		res.times, res.guard = string(times), string(g)
		return err1 == nil && err2 == nil
	}
	if load() {
		return res
	}
	unlock, err := lockFile(ctx, filepath.Join(dir, "build.lock"), t.Logf)
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	if load() {
		return res
	}

	orch := ensureOrchestrion(t, ctx, root, app)
	var times strings.Builder
	for _, b := range builds {
		args := []string{"go", "build", "-mod=readonly", "-trimpath"}
		if b.tags != "" {
			args = append(args, "-tags", b.tags)
		}
		tmp := res.bin(b.name) + ".tmp"
		args = append(args, "-o", tmp, ".")
		if b.instrumented {
			args = append([]string{orch}, args...)
		}
		t.Logf("building %s: %s", b.name, strings.Join(args, " "))
		start := time.Now()
		run(t, ctx, app, args...)
		d := time.Since(start)
		if err := os.Rename(tmp, res.bin(b.name)); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&times, "%s %s\n", b.name, d.Round(100*time.Millisecond))
		if b.instrumented {
			// The same build again, nothing changed: what a developer
			// pays on every rebuild.
			start = time.Now()
			run(t, ctx, app, append(args[:len(args)-3:len(args)-3], "-o", tmp, ".")...)
			fmt.Fprintf(&times, "%s-rebuild %s\n", b.name, time.Since(start).Round(100*time.Millisecond))
			_ = os.Remove(tmp)
		}
	}
	// testdata/guard uses a logrus whose New has another signature: the
	// build must fail, and its output is what the test checks.
	cmd := exec.CommandContext(ctx, orch, "go", "build", "-mod=readonly", "-o", os.DevNull, ".")
	cmd.Dir = filepath.Join(filepath.Dir(app), "guard")
	cmd.Env = append(os.Environ(), "GOWORK=off")
	out, err := cmd.CombinedOutput()
	if err == nil || ctx.Err() != nil {
		t.Fatalf("building testdata/guard through Orchestrion: want the guard's error, got %v\n%s", err, tail(out, 4000))
	}
	res.guard = string(out)
	if err := os.WriteFile(guard, out, 0o644); err != nil {
		t.Fatal(err)
	}

	res.times = times.String()
	if err := os.WriteFile(done, []byte(res.times), 0o644); err != nil {
		t.Fatal(err)
	}
	return res
}

// ensureOrchestrion builds the orchestrion command of the version the
// test app pins, from the app's own go.mod, once per version.
func ensureOrchestrion(t *testing.T, ctx context.Context, root, app string) string {
	t.Helper()
	bin := filepath.Join(root, "orchestrion-"+orchestrionVersion+"-"+runtime.Version(), "orchestrion")
	if _, err := os.Stat(bin); err == nil {
		return bin
	}
	if err := os.MkdirAll(filepath.Dir(bin), 0o755); err != nil {
		t.Fatal(err)
	}
	unlock, err := lockFile(ctx, bin+".lock", t.Logf)
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	if _, err := os.Stat(bin); err == nil {
		return bin
	}
	tmp := fmt.Sprintf("%s.tmp-%d", bin, os.Getpid())
	defer os.Remove(tmp)
	start := time.Now()
	run(t, ctx, app, "go", "build", "-mod=readonly", "-o", tmp, "github.com/DataDog/orchestrion")
	if err := os.Rename(tmp, bin); err != nil {
		t.Fatal(err)
	}
	t.Logf("built orchestrion %s in %s", orchestrionVersion, time.Since(start).Round(time.Second))
	return bin
}

// run runs a build command in dir, outside the workspace (the test app is
// a module of its own), failing the test with its output.
func run(t *testing.T, ctx context.Context, dir string, args ...string) {
	t.Helper()
	cmd := exec.CommandContext(ctx, args[0], args[1:]...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off")
	if out, err := cmd.CombinedOutput(); err != nil {
		if ctx.Err() != nil {
			err = fmt.Errorf("%w (a cold build through Orchestrion takes minutes)", ctx.Err())
		}
		t.Fatalf("%s: %v\n%s", strings.Join(args, " "), err, tail(out, 4000))
	}
}

func tail(b []byte, n int) string {
	if len(b) > n {
		b = b[len(b)-n:]
	}
	return string(b)
}

// lockFile takes an exclusive flock on path, polling so that ctx can end
// the wait; the returned function releases it.
func lockFile(ctx context.Context, path string, logf func(string, ...any)) (func(), error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, err
	}
	for waited := false; ; {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			return func() { _ = f.Close() }, nil
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) {
			_ = f.Close()
			return nil, fmt.Errorf("locking %s: %w", path, err)
		}
		if !waited {
			logf("waiting for another process building into %s", filepath.Dir(path))
			waited = true
		}
		select {
		case <-ctx.Done():
			_ = f.Close()
			return nil, ctx.Err()
		case <-time.After(time.Second):
		}
	}
}
