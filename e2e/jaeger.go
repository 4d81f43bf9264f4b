//go:build unix

package e2e

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

// jaegerVersion is the Jaeger release that testdata/jaegertool/go.mod pins.
// It names the cache directory, so bump both together (TestJaegerToolPin
// checks that they agree).
const jaegerVersion = "v1.76.0"

// jaegerPackage is the main package of Jaeger v2 (all-in-one).
const jaegerPackage = "github.com/jaegertracing/jaeger/cmd/jaeger"

// jaegerBinaryPath is where the built Jaeger is cached:
// ${LOGSPAN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/logspan}/jaeger-<version>/jaeger.
// It lives outside the repository so that it is built once per machine, not
// once per checkout, and can never be committed.
func jaegerBinaryPath() (string, error) {
	cache := os.Getenv("LOGSPAN_CACHE")
	if cache == "" {
		base := os.Getenv("XDG_CACHE_HOME")
		if base == "" {
			home, err := os.UserHomeDir()
			if err != nil {
				return "", fmt.Errorf("no cache directory: set LOGSPAN_CACHE: %w", err)
			}
			base = filepath.Join(home, ".cache")
		}
		cache = filepath.Join(base, "logspan")
	}
	return filepath.Join(cache, "jaeger-"+jaegerVersion, "jaeger"), nil
}

// ensureJaeger returns the path of the cached Jaeger binary, building it
// first if it is not there. toolDir is the tools module (testdata/jaegertool).
//
// A file lock serializes builds across processes (two checkouts, or two go
// test runs): a cold build takes minutes and about 2 GB of memory, and must
// not run twice at once on a small machine. The binary is written under a
// temporary name and renamed into place, so its presence means it is whole.
func ensureJaeger(ctx context.Context, toolDir string, logf func(format string, args ...any)) (string, error) {
	bin, err := jaegerBinaryPath()
	if err != nil {
		return "", err
	}
	if _, err := os.Stat(bin); err == nil {
		return bin, nil
	}
	dir := filepath.Dir(bin)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	unlock, err := lockFile(ctx, filepath.Join(dir, "build.lock"), logf)
	if err != nil {
		return "", err
	}
	defer unlock()
	if _, err := os.Stat(bin); err == nil {
		return bin, nil // built by whoever held the lock before us
	}

	logf("building Jaeger %s into %s (a cold build takes several minutes)", jaegerVersion, bin)
	start := time.Now()
	tmp := fmt.Sprintf("%s.tmp-%d", bin, os.Getpid())
	defer os.Remove(tmp) // only left behind if the build or rename failed
	// -mod=readonly: the test must never rewrite the committed go.mod/go.sum
	// of the tools module; if they are incomplete, fail and say so.
	// GOWORK=off: the tools module is deliberately not in the workspace.
	cmd := exec.CommandContext(ctx, "go", "build", "-mod=readonly", "-buildvcs=false",
		"-ldflags=-s -w", "-o", tmp, jaegerPackage)
	cmd.Dir = toolDir
	cmd.Env = append(os.Environ(), "GOWORK=off")
	cmd.SysProcAttr = killWithParent() // no orphaned build if the test is killed
	if out, err := cmd.CombinedOutput(); err != nil {
		if ctx.Err() != nil {
			err = fmt.Errorf("%w (out of time: a cold build needs a long go test -timeout)", ctx.Err())
		}
		return "", fmt.Errorf("building Jaeger in %s: %w\n%s", toolDir, err, tail(out, 4000))
	}
	if err := os.Rename(tmp, bin); err != nil {
		return "", err
	}
	logf("built Jaeger in %s", time.Since(start).Round(time.Second))
	return bin, nil
}

// lockFile takes an exclusive flock on path, polling so that ctx can cancel
// the wait, and returns the function that releases it.
func lockFile(ctx context.Context, path string, logf func(format string, args ...any)) (func(), error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, err
	}
	logged := false
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			return func() { f.Close() }, nil // closing releases the lock
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) {
			f.Close()
			return nil, fmt.Errorf("locking %s: %w", path, err)
		}
		if !logged {
			logf("waiting for another process to finish building Jaeger (%s)", path)
			logged = true
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, fmt.Errorf("waiting for %s: %w", path, ctx.Err())
		case <-time.After(time.Second):
		}
	}
}

// jaegerProcess is a running Jaeger with its four listeners on loopback.
type jaegerProcess struct {
	QueryURL string // base URL of the query HTTP API, e.g. http://127.0.0.1:41234
	OTLPGRPC string // host:port of the OTLP/gRPC receiver
	OTLPHTTP string // host:port of the OTLP/HTTP receiver
	LogPath  string // Jaeger's stdout and stderr

	cmd    *exec.Cmd
	exited chan struct{} // closed once cmd.Wait has returned
}

// startJaeger starts bin with the configuration file config on four free
// loopback ports, writing its output to logPath, and waits until it serves.
// env adds variables for the configuration's ${env:...} references.
// Ports are picked by listening on 127.0.0.1:0 and closing, so another
// process can take one before Jaeger binds it: the caller retries then.
func startJaeger(ctx context.Context, bin, config, logPath string, env map[string]string) (*jaegerProcess, error) {
	ports, err := freePorts(4)
	if err != nil {
		return nil, err
	}
	queryHTTP, queryGRPC, otlpGRPC, otlpHTTP := ports[0], ports[1], ports[2], ports[3]

	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	defer logFile.Close() // the child has its own descriptor
	cmd := exec.Command(bin,
		"--config="+config,
		"--set=extensions.jaeger_query.http.endpoint="+queryHTTP,
		"--set=extensions.jaeger_query.grpc.endpoint="+queryGRPC,
		"--set=receivers.otlp.protocols.grpc.endpoint="+otlpGRPC,
		"--set=receivers.otlp.protocols.http.endpoint="+otlpHTTP,
	)
	// The configuration sets every endpoint, but anything falling back to
	// Jaeger's ${env:JAEGER_LISTEN_HOST} default stays on loopback too.
	cmd.Env = append(os.Environ(), "JAEGER_LISTEN_HOST=127.0.0.1")
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v) // later entries win
	}
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.SysProcAttr = killWithParent()
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	j := &jaegerProcess{
		QueryURL: "http://" + queryHTTP,
		OTLPGRPC: otlpGRPC,
		OTLPHTTP: otlpHTTP,
		LogPath:  logPath,
		cmd:      cmd,
		exited:   make(chan struct{}),
	}
	go func() { _ = cmd.Wait(); close(j.exited) }()

	if err := j.waitReady(ctx, 30*time.Second); err != nil {
		_ = j.stop(10 * time.Second)
		return nil, err
	}
	return j, nil
}

// errExitedEarly means Jaeger stopped before it was ready, most often
// because one of its ports was taken: worth a retry on other ports.
var errExitedEarly = errors.New("jaeger exited before it was ready")

// waitReady polls until the query API answers and both OTLP receivers
// accept connections (the collector starts receivers after extensions, so
// a ready query API alone is not enough).
func (j *jaegerProcess) waitReady(ctx context.Context, timeout time.Duration) error {
	return j.waitUntil(ctx, timeout, "jaeger", func(ctx context.Context) error {
		if err := dialAll(j.OTLPGRPC, j.OTLPHTTP); err != nil {
			return err
		}
		return getOK(ctx, j.QueryURL+"/api/v3/services")
	})
}

// waitUntil polls ready until it succeeds, the process exits (an error
// wrapping errExitedEarly) or timeout passes; name and the process's log
// tail say which process in the error.
func (j *jaegerProcess) waitUntil(ctx context.Context, timeout time.Duration, name string, ready func(context.Context) error) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var last error
	for {
		select {
		case <-j.exited:
			return fmt.Errorf("%w (%v); its log:\n%s", errExitedEarly, j.cmd.ProcessState, j.logTail())
		case <-ctx.Done():
			return fmt.Errorf("%s not ready after %s: %v; its log:\n%s", name, timeout, last, j.logTail())
		case <-time.After(100 * time.Millisecond):
		}
		if last = ready(ctx); last == nil {
			return nil
		}
	}
}

// dialAll reports whether every address accepts a TCP connection.
func dialAll(addrs ...string) error {
	for _, addr := range addrs {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err != nil {
			return err
		}
		c.Close()
	}
	return nil
}

// getOK reports whether a GET of url answers 200.
func getOK(ctx context.Context, url string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	return nil
}

// stop sends SIGTERM, waits up to grace for Jaeger to exit (it takes about
// 2 s), then kills it. It returns an error if Jaeger had to be killed. It is
// safe to call more than once.
func (j *jaegerProcess) stop(grace time.Duration) error {
	select {
	case <-j.exited:
		return nil
	default:
	}
	_ = j.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-j.exited:
		return nil
	case <-time.After(grace):
	}
	_ = j.cmd.Process.Kill()
	<-j.exited
	return fmt.Errorf("jaeger did not exit within %s of SIGTERM and was killed", grace)
}

// logTail returns the end of Jaeger's log, for failure messages.
func (j *jaegerProcess) logTail() string {
	b, err := os.ReadFile(j.LogPath)
	if err != nil {
		return err.Error()
	}
	return tail(b, 8000)
}

// freePorts returns n distinct free loopback addresses. All listeners stay
// open until all are picked, so the kernel cannot hand out one port twice.
func freePorts(n int) ([]string, error) {
	addrs := make([]string, 0, n)
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		defer l.Close()
		addrs = append(addrs, l.Addr().String())
	}
	return addrs, nil
}

// tail returns at most the last n bytes of b, cut at a line start.
func tail(b []byte, n int) string {
	if len(b) <= n {
		return string(b)
	}
	b = b[len(b)-n:]
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		b = b[i+1:]
	}
	return "...\n" + strings.TrimRight(string(b), "\n")
}
