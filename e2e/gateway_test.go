//go:build unix

package e2e

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The gateway's settings in TestGateway.
const (
	gatewayKeepPercent  = 25
	gatewaySlowMS       = 500
	gatewayDecisionWait = 2 * time.Second
)

// sentTrace is what the test knows of a trace it sent.
type sentTrace struct {
	kind        requestKind
	headDropped bool   // sent by the app whose head sampler dropped the request
	rootSpanID  string // hex
	spans       int    // spans the app exported for it
}

// TestGateway runs deploy/gateway.yaml on Jaeger in front of a second
// Jaeger as the storage backend, sends it 200 traces through the four
// adapters over OTLP/gRPC and OTLP/HTTP, and checks through the backend's
// query API what the tail-sampling decision kept:
//   - every trace with an error log, complete;
//   - every trace slower than LOGSPAN_SLOW_MS, complete;
//   - every trace with a span holding logfire.level_num >= 17, or the
//     status ERROR, complete (each policy alone);
//   - about LOGSPAN_KEEP_PERCENT of the plain traces (a binomial bound),
//     each complete or absent;
//   - from a service head-sampling with otelsetup.ErrorLogsSampler(0), the
//     error log spans alone, under their missing parent, and nothing else;
//   - no other trace.
//
// LOGSPAN_E2E_GATEWAY_BIN runs the gateway on another collector, e.g.
// otelcol-contrib, instead of Jaeger.
func TestGateway(t *testing.T) {
	if ci, _ := strconv.ParseBool(os.Getenv("CI")); testing.Short() && !ci {
		t.Skip("end-to-end test against Jaeger; skipped with -short")
	}
	jaegerBin := jaegerForTest(t)
	backend := startJaegerForTest(t, jaegerBin)
	gw := startGatewayForTest(t, gatewayBinary(jaegerBin), map[string]string{
		"LOGSPAN_BACKEND_OTLP":  backend.OTLPGRPC,
		"LOGSPAN_KEEP_PERCENT":  strconv.Itoa(gatewayKeepPercent),
		"LOGSPAN_SLOW_MS":       strconv.Itoa(gatewaySlowMS),
		"LOGSPAN_DECISION_WAIT": gatewayDecisionWait.String(),
		"LOGSPAN_MEMORY_MIB":    "256",
		"LOGSPAN_METRICS_LEVEL": "none",
	})

	ctx := t.Context()
	service := "e2e-gateway-" + randomHex(t, 4)
	since := time.Now().Add(-time.Minute) // margin for clock steps and the slow roots
	common := map[string]string{
		"OTEL_SERVICE_NAME":           service,
		"OTEL_EXPORTER_OTLP_INSECURE": "true",
		"OTEL_BSP_SCHEDULE_DELAY":     "100",
	}
	with := func(kv ...string) map[string]string {
		m := map[string]string{}
		for k, v := range common {
			m[k] = v
		}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}
	errOut := &lockedBuffer{}
	apps := []*app{
		mustApp(t, with("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc", "OTEL_EXPORTER_OTLP_ENDPOINT", "http://"+gw.OTLPGRPC), errOut),
		mustApp(t, with("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf", "OTEL_EXPORTER_OTLP_ENDPOINT", "http://"+gw.OTLPHTTP), errOut),
	}
	headSampled := mustApp(t, with(
		"OTEL_EXPORTER_OTLP_PROTOCOL", "grpc", "OTEL_EXPORTER_OTLP_ENDPOINT", "http://"+gw.OTLPGRPC,
		"OTEL_TRACES_SAMPLER", "logspan_errors_traceidratio", "OTEL_TRACES_SAMPLER_ARG", "0"), errOut)

	// 200 traces: 20 head-sampled by a service that drops them all (half
	// with an error log), then 180 split between OTLP/gRPC and OTLP/HTTP:
	// 20 with an error log, 20 slow, 20 with a span holding the error
	// level only, 20 with a span holding the error status only, 100 plain.
	sent := map[string]sentTrace{}
	slowBy := 3 * gatewaySlowMS * time.Millisecond
	for i := range 20 {
		kind := plainRequest
		if i%2 == 0 {
			kind = errorRequest
		}
		tid, sid, _ := headSampled.request(ctx, i, kind, 0)
		spans := 0
		if kind == errorRequest {
			spans = 1 // the error log alone
		}
		sent[tid.String()] = sentTrace{kind: kind, headDropped: true, rootSpanID: sid.String(), spans: spans}
	}
	for i := range 180 {
		kind := plainRequest
		switch {
		case i%9 == 0:
			kind = errorRequest
		case i%9 == 1:
			kind = slowRequest
		case i%9 == 2:
			kind = levelRequest
		case i%9 == 3:
			kind = statusRequest
		}
		tid, sid, spans := apps[i%2].request(ctx, i/2, kind, slowBy)
		sent[tid.String()] = sentTrace{kind: kind, rootSpanID: sid.String(), spans: spans}
	}
	require.Len(t, sent, 200)
	for _, a := range append(apps, headSampled) {
		require.NoError(t, a.provider.Shutdown(ctx), "flushing to the gateway")
		require.Zero(t, a.provider.Dropped(), "spans dropped in the app")
	}
	flushed := time.Now()
	require.Empty(t, errOut.String(), "OpenTelemetry errors in the apps")

	api := jaegerAPI{BaseURL: backend.QueryURL}
	got, err := waitForDecisions(ctx, api, service, since, sent, flushed.Add(gatewayDecisionWait+2*time.Second))
	require.NoError(t, err)
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("gateway's log:\n%s", gw.logTail())
		}
	})

	for id := range got {
		_, ok := sent[id]
		assert.True(t, ok, "the backend has trace %s, which the test did not send", id)
	}
	plain, plainKept := 0, 0
	for id, s := range sent {
		spans := got[id]
		switch {
		case s.headDropped && s.kind == errorRequest:
			if assert.Len(t, spans, 1, "head-dropped trace %s with an error log: want the error log alone", id) {
				assert.Equal(t, requestErrorMsg, spans[0].Name, "trace %s", id)
				assert.Equal(t, s.rootSpanID, spans[0].ParentSpanID, "trace %s: the error log's parent is the unexported root", id)
				assertAttr(t, spans[0].Attributes, "logfire.level_num", int64(17))
			}
		case s.headDropped:
			assert.Empty(t, spans, "head-dropped trace %s without error: nothing may arrive", id)
		case s.kind == errorRequest:
			assert.Len(t, spans, s.spans, "trace %s with an error log: want all its spans", id)
			assert.Len(t, find(spans, func(r receivedSpan) bool {
				v, _, _ := attr(r.Attributes, "logfire.level_num")
				return r.Name == requestErrorMsg && v == int64(17) && r.isError()
			}), 1, "trace %s: want one error log span with level_num 17 and status ERROR", id)
		case s.kind == slowRequest || s.kind == levelRequest || s.kind == statusRequest:
			assert.Len(t, spans, s.spans, "%s trace %s: want all its spans", s.kind, id)
		default:
			plain++
			if len(spans) > 0 {
				plainKept++
				assert.Len(t, spans, s.spans, "plain trace %s was kept: want all its spans", id)
			}
		}
	}
	// The probabilistic policy hashes the (random) trace id: the number
	// kept is binomial. Five standard deviations: a false alarm about once
	// in 1.7 million runs.
	p := gatewayKeepPercent / 100.0
	mean, sd := float64(plain)*p, math.Sqrt(float64(plain)*p*(1-p))
	t.Logf("plain traces kept: %d of %d (expected %.0f ± %.1f at %d%%)", plainKept, plain, mean, sd, gatewayKeepPercent)
	assert.InDelta(t, mean, plainKept, 5*sd, "plain traces kept at LOGSPAN_KEEP_PERCENT=%d", gatewayKeepPercent)
}

// settleFor is how long the backend's answer must stay the same before
// waitForDecisions takes it as final: longer than the tail sampler's
// one-second tick, so that a decision taken one tick later is not missed.
const settleFor = 2 * time.Second

// waitForDecisions polls the backend until every trace the policies must
// keep is there complete, it is past settleAfter (when every decision
// should have been taken and exported), and the answer has not changed for
// settleFor. It returns the spans by trace id.
func waitForDecisions(ctx context.Context, api jaegerAPI, service string, since time.Time,
	sent map[string]sentTrace, settleAfter time.Time) (map[string][]receivedSpan, error) {
	ctx, cancel := context.WithDeadline(ctx, settleAfter.Add(30*time.Second))
	defer cancel()
	var (
		last    map[string][]receivedSpan
		lastN   = -1
		changed time.Time // when the number of spans last changed
		lastErr error
	)
	for {
		td, err := api.findTracesN(ctx, service, since, time.Now().Add(time.Minute), 1000)
		if errors.Is(err, errNoTraces) {
			td, err = &tracesData{}, nil
		}
		if err == nil {
			byTrace := map[string][]receivedSpan{}
			n := 0
			for _, s := range flatten(td) {
				byTrace[s.TraceID] = append(byTrace[s.TraceID], s)
				n++
			}
			if n != lastN {
				changed = time.Now()
			}
			if mustKeptComplete(sent, byTrace) && time.Now().After(settleAfter) && time.Since(changed) >= settleFor {
				return byTrace, nil
			}
			last, lastN = byTrace, n
		}
		lastErr = err
		select {
		case <-ctx.Done():
			if last != nil {
				return last, nil // let the assertions say what is missing
			}
			return nil, fmt.Errorf("querying the backend: %w (last error: %v)", ctx.Err(), lastErr)
		case <-time.After(500 * time.Millisecond):
		}
	}
}

// mustKeptComplete reports whether every trace the policies must keep is
// in got with all its spans.
func mustKeptComplete(sent map[string]sentTrace, got map[string][]receivedSpan) bool {
	for id, s := range sent {
		if s.kind != plainRequest && len(got[id]) < s.spans {
			return false
		}
	}
	return true
}

// jaegerForTest returns the cached Jaeger binary, building it if needed
// within the test's deadline.
func jaegerForTest(t *testing.T) string {
	t.Helper()
	buildCtx := t.Context()
	if deadline, ok := t.Deadline(); ok {
		var cancel context.CancelFunc
		buildCtx, cancel = context.WithDeadline(buildCtx, deadline.Add(-time.Minute))
		defer cancel()
	}
	toolDir, err := filepath.Abs(filepath.Join("testdata", "jaegertool"))
	require.NoError(t, err)
	bin, err := ensureJaeger(buildCtx, toolDir, t.Logf)
	require.NoError(t, err, "cannot build Jaeger")
	return bin
}

// gatewayBinary is the collector to run deploy/gateway.yaml on:
// $LOGSPAN_E2E_GATEWAY_BIN (otelcol-contrib, say) when set, else Jaeger.
func gatewayBinary(jaegerBin string) string {
	if bin := os.Getenv("LOGSPAN_E2E_GATEWAY_BIN"); bin != "" {
		return bin
	}
	return jaegerBin
}

// startGatewayForTest starts the gateway with env, retrying on other ports
// if it exits early, and stops it when the test ends.
func startGatewayForTest(t *testing.T, bin string, env map[string]string) *gatewayProcess {
	t.Helper()
	logPath := filepath.Join(t.TempDir(), "gateway.log")
	var (
		g   *gatewayProcess
		err error
	)
	for attempt := 1; attempt <= 3; attempt++ {
		g, err = startGateway(t.Context(), bin, logPath, env)
		if !errors.Is(err, errExitedEarly) {
			break
		}
		t.Logf("attempt %d: %v", attempt, err)
	}
	require.NoError(t, err, "cannot start the gateway")
	t.Logf("gateway (%s): OTLP/gRPC %s, OTLP/HTTP %s", filepath.Base(bin), g.OTLPGRPC, g.OTLPHTTP)
	t.Cleanup(func() {
		if err := g.stop(10 * time.Second); err != nil {
			t.Log(err)
		}
	})
	return g
}

func mustApp(t *testing.T, env map[string]string, errOut *lockedBuffer) *app {
	t.Helper()
	a, err := newApp(t.Context(), env, errOut)
	require.NoError(t, err)
	t.Cleanup(func() { _ = a.provider.Shutdown(context.Background()) })
	return a
}

// lockedBuffer collects the apps' diagnostics.
type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}
