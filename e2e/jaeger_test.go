//go:build unix

package e2e

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The loggers the quickstart logs through, each under a span of its name.
var loggers = []string{"zap", "zerolog", "logrus", "slog"}

const (
	rootName  = "POST /checkout"
	infoMsg   = "checkout started"
	errorMsg  = "card declined"
	errorText = "insufficient funds"
	// Jaeger rewrites a zero duration to 1 ns (with a @jaeger@warnings
	// attribute): instant spans are checked against this bound.
	maxLogSpanDuration = time.Microsecond
	// How long to wait for exported spans to become queryable. They
	// usually are within milliseconds; the margin is for a loaded machine.
	queryPatience = 15 * time.Second
)

// TestJaegerToolPin checks that the cache directory name agrees with the
// Jaeger version the tools module pins: bumping one without the other would
// silently keep testing against the old cached binary.
func TestJaegerToolPin(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "jaegertool", "go.mod"))
	require.NoError(t, err)
	want := "github.com/jaegertracing/jaeger " + jaegerVersion
	for line := range strings.Lines(string(b)) {
		// A tool's module is an indirect requirement: ignore the comment.
		if strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(line), "// indirect")) == want {
			return
		}
	}
	t.Errorf("testdata/jaegertool/go.mod does not require %q: bump jaegerVersion in jaeger.go with it", want)
}

// TestJaeger runs the program under test against a real Jaeger, once per
// OTLP protocol, and checks the CONTRACT: the trace it must find there.
func TestJaeger(t *testing.T) {
	// In CI this test never skips: a Jaeger that cannot be built or started
	// is a failure. Locally, -short skips it (it builds and runs processes).
	if ci, _ := strconv.ParseBool(os.Getenv("CI")); testing.Short() && !ci {
		t.Skip("end-to-end test against Jaeger; skipped with -short")
	}
	program, err := programUnderTest()
	require.NoError(t, err)
	ctx := t.Context()

	// Stop a (cold, minutes long) Jaeger build a minute before go test's
	// -timeout would panic, so that the failure says what ran out of time.
	buildCtx := ctx
	if deadline, ok := t.Deadline(); ok {
		var cancel context.CancelFunc
		buildCtx, cancel = context.WithDeadline(ctx, deadline.Add(-time.Minute))
		defer cancel()
	}
	toolDir, err := filepath.Abs(filepath.Join("testdata", "jaegertool"))
	require.NoError(t, err)
	jaegerBin, err := ensureJaeger(buildCtx, toolDir, t.Logf)
	require.NoError(t, err, "cannot build Jaeger")

	programBin, err := buildProgram(ctx, program, t.TempDir())
	require.NoError(t, err, "cannot build the program under test")
	t.Logf("program under test: %s (LOGSPAN_E2E_PROGRAM)", program)

	j := startJaegerForTest(t, jaegerBin)
	api := jaegerAPI{BaseURL: j.QueryURL}

	for _, tc := range []struct {
		name     string // subtest name, and part of the service name
		protocol string // OTEL_EXPORTER_OTLP_PROTOCOL
		endpoint string // OTEL_EXPORTER_OTLP_ENDPOINT
	}{
		{"http", "http/protobuf", "http://" + j.OTLPHTTP},
		{"grpc", "grpc", "http://" + j.OTLPGRPC},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// A unique service name per run: the only thing that tells
			// this run's trace apart in Jaeger.
			service := "e2e-" + tc.name + "-" + randomHex(t, 4)
			since := time.Now().Add(-time.Minute) // margin for clock steps

			runCtx, cancel := context.WithTimeout(ctx, 2*time.Minute)
			defer cancel()
			out, err := runProgram(runCtx, programBin, map[string]string{
				"OTEL_SERVICE_NAME":           service,
				"OTEL_EXPORTER_OTLP_PROTOCOL": tc.protocol,
				"OTEL_EXPORTER_OTLP_ENDPOINT": tc.endpoint,
				"OTEL_EXPORTER_OTLP_INSECURE": "true",
			})
			require.NoError(t, err, "%s failed; its output:\n%s", program, out)

			td, err := waitForContract(ctx, api, service, since)
			require.NoError(t, err, "no trace of service %q in Jaeger after %s", service, queryPatience)
			t.Cleanup(func() {
				if t.Failed() {
					t.Logf("what Jaeger has for %s:\n%s", service, dumpTree(td))
				}
			})
			checkContract(t, td, service)
		})
	}
}

// startJaegerForTest starts Jaeger on free ports, retrying on other ports if
// it exits early (a port taken between picking and binding), and stops it
// when the test ends, pass or fail.
func startJaegerForTest(t *testing.T, bin string) *jaegerProcess {
	t.Helper()
	return startJaegerConfigForTest(t, bin, "jaeger.yaml", nil)
}

// startJaegerConfigForTest is startJaegerForTest with the configuration
// testdata/<config> and the variables env for its ${env:...} references.
func startJaegerConfigForTest(t *testing.T, bin, config string, env map[string]string) *jaegerProcess {
	t.Helper()
	config, err := filepath.Abs(filepath.Join("testdata", config))
	require.NoError(t, err)
	logPath := filepath.Join(t.TempDir(), "jaeger.log")
	var j *jaegerProcess
	for attempt := 1; attempt <= 3; attempt++ {
		j, err = startJaeger(t.Context(), bin, config, logPath, env)
		if !errors.Is(err, errExitedEarly) {
			break
		}
		t.Logf("attempt %d: %v", attempt, err)
	}
	require.NoError(t, err, "cannot start Jaeger")
	t.Logf("Jaeger: query %s, OTLP/gRPC %s, OTLP/HTTP %s", j.QueryURL, j.OTLPGRPC, j.OTLPHTTP)
	t.Cleanup(func() {
		if err := j.stop(10 * time.Second); err != nil {
			t.Log(err)
		}
		if t.Failed() {
			t.Logf("Jaeger's log:\n%s", j.logTail())
		}
	})
	return j
}

// waitForContract polls Jaeger until it has every span the contract names
// for service (spans arrive in separate exports, so the first answer may be
// partial), or until queryPatience has passed. It then returns the last
// answer, complete or not, for checkContract to report what is missing.
func waitForContract(ctx context.Context, api jaegerAPI, service string, since time.Time) (*tracesData, error) {
	ctx, cancel := context.WithTimeout(ctx, queryPatience)
	defer cancel()
	want := map[string]int{rootName: 1, infoMsg: len(loggers), errorMsg: len(loggers)}
	for _, l := range loggers {
		want[l] = 1
	}
	var (
		td  *tracesData
		err error
	)
	for {
		var got *tracesData
		got, err = api.findTraces(ctx, service, since, time.Now().Add(time.Minute))
		if err == nil {
			td = got
			if hasAll(td, want) {
				return td, nil
			}
		}
		select {
		case <-ctx.Done():
			if td != nil {
				return td, nil
			}
			return nil, err
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// hasAll reports whether td has at least want[name] spans of each name.
func hasAll(td *tracesData, want map[string]int) bool {
	got := map[string]int{}
	for _, s := range flatten(td) {
		got[s.Name]++
	}
	for name, n := range want {
		if got[name] < n {
			return false
		}
	}
	return true
}

// receivedSpan is a span with the scope that made it.
type receivedSpan struct {
	span
	Scope string
}

func flatten(td *tracesData) []receivedSpan {
	var out []receivedSpan
	if td == nil {
		return out
	}
	for _, rs := range td.ResourceSpans {
		for _, ss := range rs.ScopeSpans {
			for _, s := range ss.Spans {
				out = append(out, receivedSpan{span: s, Scope: ss.Scope.Name})
			}
		}
	}
	return out
}

// checkContract asserts the CONTRACT on what Jaeger returned for service.
func checkContract(t *testing.T, td *tracesData, service string) {
	for _, rs := range td.ResourceSpans {
		got, _, err := attr(rs.Resource.Attributes, "service.name")
		assert.NoError(t, err, "resource attribute service.name")
		assert.Equal(t, service, got, "resource attribute service.name")
	}
	spans := flatten(td)
	traces := map[string]bool{}
	for _, s := range spans {
		traces[s.TraceID] = true
	}
	assert.Len(t, traces, 1, "want all spans of %s in one trace", service)

	roots := find(spans, func(s receivedSpan) bool { return s.Name == rootName && s.ParentSpanID == "" })
	require.Len(t, roots, 1, "want one root span %q", rootName)
	root := roots[0]

	for _, logger := range loggers {
		t.Run(logger, func(t *testing.T) {
			parents := childrenNamed(spans, root, logger)
			require.Len(t, parents, 1, "want one span %q under the root span %q", logger, rootName)
			parent := parents[0]

			info := childrenNamed(spans, parent, infoMsg)
			if assert.Len(t, info, 1, "want one log span %q under span %q", infoMsg, logger) {
				s := info[0]
				checkLogSpan(t, s, root)
				assertAttr(t, s.Attributes, "logfire.span_type", "log")
				assertAttr(t, s.Attributes, "logfire.level_num", int64(9))
				assertAttr(t, s.Attributes, "logfire.msg", infoMsg)
				assertAttr(t, s.Attributes, "user", "ada")
				assertAttr(t, s.Attributes, "items", int64(3))
				assertAttr(t, s.Attributes, "total", 42.5)
				assertAttr(t, s.Attributes, "express", true)
				assert.False(t, s.isError(), "%q: want no error status, got %s", infoMsg, s.statusString())
			}

			errs := childrenNamed(spans, parent, errorMsg)
			if assert.Len(t, errs, 1, "want one log span %q under span %q", errorMsg, logger) {
				s := errs[0]
				checkLogSpan(t, s, root)
				assertAttr(t, s.Attributes, "logfire.level_num", int64(17))
				assertAttr(t, s.Attributes, "logfire.msg", errorMsg)
				assertAttr(t, s.Attributes, "error", errorText)
				assert.True(t, s.isError(), "%q: want status ERROR (2), got %s", errorMsg, s.statusString())
				var exceptions []event
				for _, e := range s.Events {
					if e.Name == "exception" {
						exceptions = append(exceptions, e)
					}
				}
				if assert.Len(t, exceptions, 1, "%q: want one event named exception", errorMsg) {
					assertAttr(t, exceptions[0].Attributes, "exception.message", errorText)
					_, ok, _ := attr(exceptions[0].Attributes, "exception.type")
					assert.True(t, ok, "%q: the exception event has no exception.type", errorMsg)
				}
			}
		})
	}
}

// checkLogSpan asserts what every log span shares: an instant span, in the
// root's trace, made by one of logspan's integrations.
func checkLogSpan(t *testing.T, s receivedSpan, root receivedSpan) {
	t.Helper()
	assert.Equal(t, root.TraceID, s.TraceID, "%q: trace id", s.Name)
	d, err := s.duration()
	if assert.NoError(t, err, "%q: duration", s.Name) {
		assert.True(t, d >= 0 && d <= maxLogSpanDuration,
			"%q: want an instant span (duration <= %s; Jaeger turns 0 into 1ns), got %s", s.Name, maxLogSpanDuration, d)
	}
	assert.True(t, strings.HasPrefix(s.Scope, "github.com/logspan/logspan/"),
		"%q: want an instrumentation scope of github.com/logspan/logspan/..., got %q", s.Name, s.Scope)
}

// assertAttr asserts that attribute key has value want, of want's type
// (string, int64, float64 or bool: the OTLP variant it was sent as).
func assertAttr(t *testing.T, kvs []keyValue, key string, want any) {
	t.Helper()
	got, ok, err := attr(kvs, key)
	if !assert.True(t, ok, "attribute %q missing", key) || !assert.NoError(t, err, "attribute %q", key) {
		return
	}
	assert.Equal(t, want, got, "attribute %q (value and OTLP type: string, int64, float64 or bool)", key)
}

func find(spans []receivedSpan, keep func(receivedSpan) bool) []receivedSpan {
	var out []receivedSpan
	for _, s := range spans {
		if keep(s) {
			out = append(out, s)
		}
	}
	return out
}

// childrenNamed returns the spans named name whose parent is parent.
func childrenNamed(spans []receivedSpan, parent receivedSpan, name string) []receivedSpan {
	return find(spans, func(s receivedSpan) bool {
		return s.Name == name && s.ParentSpanID == parent.SpanID && s.TraceID == parent.TraceID
	})
}

// dumpTree renders the spans as an indented tree, for failure messages.
func dumpTree(td *tracesData) string {
	spans := flatten(td)
	if len(spans) == 0 {
		return "(nothing)"
	}
	children := map[string][]receivedSpan{}
	ids := map[string]bool{}
	for _, s := range spans {
		ids[s.SpanID] = true
	}
	var roots []receivedSpan
	for _, s := range spans {
		if ids[s.ParentSpanID] {
			children[s.ParentSpanID] = append(children[s.ParentSpanID], s)
		} else {
			roots = append(roots, s) // a root, or a span whose parent Jaeger does not have
		}
	}
	var b strings.Builder
	var walk func(s receivedSpan, depth int)
	walk = func(s receivedSpan, depth int) {
		d, _ := s.duration()
		fmt.Fprintf(&b, "%s%q trace=%s span=%s parent=%s scope=%q duration=%s status=%s attributes=%d events=%d\n",
			strings.Repeat("  ", depth), s.Name, s.TraceID, s.SpanID, s.ParentSpanID, s.Scope, d, s.statusString(),
			len(s.Attributes), len(s.Events))
		kids := children[s.SpanID]
		sort.Slice(kids, func(i, j int) bool { return kids[i].StartTimeUnixNano < kids[j].StartTimeUnixNano })
		for _, k := range kids {
			walk(k, depth+1)
		}
	}
	for _, r := range roots {
		walk(r, 0)
	}
	return b.String()
}

func randomHex(t *testing.T, n int) string {
	b := make([]byte, n)
	_, err := rand.Read(b)
	require.NoError(t, err)
	return hex.EncodeToString(b)
}
