//go:build linux || darwin

package auto_test

import (
	"bytes"
	"context"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"

	"github.com/logspan/logspan/otelsetup/otlptest"
)

// logSpans are the logs of testdata/app that become spans, and whether
// their parent is the app's request span: the zap library logs without a
// context, so its span starts a trace of its own. "zerolog below its
// level" is a Debug log: no span.
var logSpans = map[string]bool{
	"charging card":             false,
	"zerolog in request":        true,
	"logrus std in request":     true,
	"logrus New in request":     true,
	"logrus literal in request": true,
	"slog default in request":   true,
	"slog New in request":       true,
}

// ids matches what the adapters add to the program's own output: JSON
// fields (zap, zerolog, logrus, slog JSON) and key=value pairs (logrus
// text, slog's built-in handler).
var ids = regexp.MustCompile(`,"(?:trace_id|span_id)":"[0-9a-f]+"|"(?:trace_id|span_id)":"[0-9a-f]+",| (?:trace_id|span_id)=[0-9a-f]+`)

type output struct{ stdout, stderr []byte }

// runApp runs a build of the app with env added to the test's own
// environment, the OTLP variables of other runs removed.
func runApp(t *testing.T, bin string, env ...string) output {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "OTEL_") && !strings.HasPrefix(kv, "LOGSPAN_") && !strings.HasPrefix(kv, "LOGFIRE_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, env...)
	var out output
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	require.NoError(t, cmd.Run(), "%s\nstderr:\n%s", bin, stderr.String())
	out.stdout, out.stderr = stdout.Bytes(), stderr.Bytes()
	return out
}

func otlpEnv(r *otlptest.Receiver) []string {
	return []string{"OTEL_EXPORTER_OTLP_ENDPOINT=" + r.URL, "OTEL_SERVICE_NAME=app"}
}

// TestEndToEnd builds testdata/app, a program that knows nothing of
// logspan, with and without the rules, and runs the builds against an
// in-process OTLP receiver.
func TestEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a program through Orchestrion")
	}
	repo, err := filepath.Abs("..")
	require.NoError(t, err)
	app := filepath.Join(repo, "auto", "testdata", "app")
	before := treeDigest(t, app)

	// A cold build takes minutes: use what go test's -timeout leaves,
	// keeping some to report a build that ran out of it.
	deadline := time.Now().Add(9 * time.Minute)
	if d, ok := t.Deadline(); ok {
		deadline = d.Add(-30 * time.Second)
	}
	ctx, cancel := context.WithDeadline(context.Background(), deadline)
	defer cancel()
	b := ensureBuilds(t, ctx, repo, app)
	t.Logf("builds in %s:\n%s", b.dir, b.times)
	for _, name := range []string{"plain", "auto"} {
		if fi, err := os.Stat(b.bin(name)); err == nil {
			t.Logf("%s binary: %d bytes", name, fi.Size())
		}
	}
	assert.Equal(t, before, treeDigest(t, app), "the builds changed the program's files")

	// A logger whose signatures differ is refused at build time, with a
	// message that says so.
	assert.Contains(t, b.guard, "logspan_auto_does_not_support_this_logrus_version_New_has_changed_see_auto_README")

	// The uninstrumented build works, and exports nothing.
	plainRecv := otlptest.NewHTTP()
	defer plainRecv.Close()
	plain := runApp(t, b.bin("plain"), otlpEnv(plainRecv)...)
	assert.Empty(t, plainRecv.Spans())
	assert.Contains(t, string(plain.stdout), "slog New in request")
	assert.NotContains(t, string(plain.stdout)+string(plain.stderr), "trace_id")

	t.Run("rules", func(t *testing.T) {
		recv := otlptest.NewHTTP()
		defer recv.Close()
		out := runApp(t, b.bin("auto"), otlpEnv(recv)...)
		spans := checkSpans(t, recv.Spans())

		// The program's output is the uninstrumented one, plus the ids
		// of each log's span where the log had a context.
		all := string(out.stdout) + string(out.stderr)
		assert.Equal(t, 2*6, strings.Count(all, "trace_id")+strings.Count(all, "span_id"), "ids in:\n%s", all)
		assert.Equal(t, string(plain.stdout), ids.ReplaceAllString(string(out.stdout), ""))
		assert.Equal(t, string(plain.stderr), ids.ReplaceAllString(string(out.stderr), ""))

		// The ids written are those of the spans.
		for _, line := range strings.Split(all, "\n") {
			m := regexp.MustCompile(`span_id"?[:=]"?([0-9a-f]{16})`).FindStringSubmatch(line)
			if m == nil {
				continue
			}
			var found bool
			for name, s := range spans {
				if hex.EncodeToString(s.SpanId) == m[1] {
					found = true
					assert.Contains(t, line, name)
				}
			}
			assert.True(t, found, "no span has the id written in %q", line)
		}
	})

	for _, env := range []string{"LOGSPAN_DISABLED=true", "OTEL_SDK_DISABLED=true"} {
		t.Run(env, func(t *testing.T) {
			recv := otlptest.NewHTTP()
			defer recv.Close()
			out := runApp(t, b.bin("auto"), append(otlpEnv(recv), env)...)
			assert.Empty(t, recv.Spans())
			assert.Equal(t, string(plain.stdout), string(out.stdout))
			assert.Equal(t, string(plain.stderr), string(out.stderr))
		})
	}

	// The same program with the four manual one-liners, built with the
	// rules: every log is still one span, and each one-liner warns once.
	t.Run("manual one-liners under the rules", func(t *testing.T) {
		recv := otlptest.NewHTTP()
		defer recv.Close()
		out := runApp(t, b.bin("manual-auto"), otlpEnv(recv)...)
		checkSpans(t, recv.Spans())
		for _, l := range []string{"zap", "zerolog", "logrus", "slog"} {
			assert.Equal(t, 1, strings.Count(string(out.stderr), "logspan: "+l+" is instrumented at build time"), "stderr:\n%s", out.stderr)
		}
		assert.Equal(t, string(plain.stdout), ids.ReplaceAllString(string(out.stdout), ""))
	})
}

// checkSpans asserts that spans are the request span and one instant span
// per log, each with its parent, and returns the log spans by name.
func checkSpans(t *testing.T, got []*tracepb.Span) map[string]*tracepb.Span {
	t.Helper()
	byName := map[string][]*tracepb.Span{}
	var names []string
	for _, s := range got {
		byName[s.Name] = append(byName[s.Name], s)
		names = append(names, s.Name)
	}
	sort.Strings(names)
	want := []string{"request"}
	for name := range logSpans {
		want = append(want, name)
	}
	sort.Strings(want)
	require.Equal(t, want, names, "one span per log, and the request")

	request := byName["request"][0]
	out := map[string]*tracepb.Span{}
	for name, inRequest := range logSpans {
		s := byName[name][0]
		out[name] = s
		assert.Equal(t, s.StartTimeUnixNano, s.EndTimeUnixNano, "%s: an instant span", name)
		if inRequest {
			assert.Equal(t, request.TraceId, s.TraceId, "%s: in the request's trace", name)
			assert.Equal(t, request.SpanId, s.ParentSpanId, "%s: child of the request", name)
		} else {
			assert.Empty(t, s.ParentSpanId, "%s: logged without a context", name)
			assert.NotEqual(t, request.TraceId, s.TraceId, name)
		}
	}
	return out
}
