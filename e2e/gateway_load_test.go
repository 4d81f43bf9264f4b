//go:build linux

package e2e

import (
	"context"
	"flag"
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	coltracepb "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	"google.golang.org/grpc"
	_ "google.golang.org/grpc/encoding/gzip" // the collector's exporter compresses by default
)

// The load run is off by default: it takes the machine for a while.
//
//	cd e2e && GOWORK=off go test -count=1 -run TestGatewayLoad -v . \
//	    -gateway.load=30s -gateway.rate=20000
var (
	loadDuration = flag.Duration("gateway.load", 0, "run TestGatewayLoad for this long (0: skip it)")
	loadRate     = flag.Int("gateway.rate", 20000, "TestGatewayLoad: log lines per second to send")
	loadSenders  = flag.Int("gateway.senders", 2, "TestGatewayLoad: sending goroutines, one app each")
	loadWait     = flag.Duration("gateway.wait", 10*time.Second, "TestGatewayLoad: LOGSPAN_DECISION_WAIT")
)

// TestGatewayLoad sends -gateway.rate log lines per second through the four
// adapters to the gateway (Jaeger with deploy/gateway.yaml, keeping 100%,
// so that every span must come out) for -gateway.load, and checks that
// every span reaches the backend: an in-process OTLP/gRPC receiver that
// counts, so that the backend's storage is not what is measured. It logs
// the rate reached and the gateway's CPU time and peak memory.
//
// Each request is a root span with one info log from each adapter: four
// logs, five spans.
func TestGatewayLoad(t *testing.T) {
	if *loadDuration <= 0 {
		t.Skip("load run: enable with -gateway.load=30s (and -gateway.rate=logs/s)")
	}
	jaegerBin := jaegerForTest(t)
	backend := startCountingReceiver(t)
	gw := startGatewayForTest(t, gatewayBinary(jaegerBin), map[string]string{
		"LOGSPAN_BACKEND_OTLP":  backend.addr,
		"LOGSPAN_KEEP_PERCENT":  "100",
		"LOGSPAN_DECISION_WAIT": loadWait.String(),
	})

	ctx := t.Context()
	errOut := &lockedBuffer{}
	env := map[string]string{
		"OTEL_SERVICE_NAME":           "e2e-gateway-load",
		"OTEL_EXPORTER_OTLP_PROTOCOL": "grpc",
		"OTEL_EXPORTER_OTLP_ENDPOINT": "http://" + gw.OTLPGRPC,
		"OTEL_EXPORTER_OTLP_INSECURE": "true",
		// A queue for a few seconds of spans: at tens of thousands of
		// spans a second the default 2048 overflows between exports.
		"OTEL_BSP_MAX_QUEUE_SIZE":        "131072",
		"OTEL_BSP_MAX_EXPORT_BATCH_SIZE": "2048",
		"OTEL_BSP_SCHEDULE_DELAY":        "200",
	}
	apps := make([]*app, *loadSenders)
	for i := range apps {
		apps[i] = mustApp(t, env, errOut)
	}

	cpu0, err := procCPU(gw.pid())
	require.NoError(t, err)
	const tick = 10 * time.Millisecond
	perTick := float64(*loadRate) / 4 / float64(*loadSenders) / float64(time.Second/tick) // requests
	var (
		requests atomic.Int64
		spans    atomic.Int64
		wg       sync.WaitGroup
	)
	start := time.Now()
	end := start.Add(*loadDuration)
	for s, a := range apps {
		wg.Add(1)
		go func() {
			defer wg.Done()
			due := 0.0
			for n := 0; ; n++ {
				next := start.Add(time.Duration(n) * tick)
				if next.After(end) {
					return
				}
				time.Sleep(time.Until(next))
				for due += perTick; due >= 1; due-- {
					_, _, k := a.request(ctx, s, plainRequest, 0)
					requests.Add(1)
					spans.Add(int64(k))
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	for _, a := range apps {
		require.NoError(t, a.provider.ForceFlush(ctx))
	}
	sent := spans.Load()
	logs := requests.Load() * 4

	// Every trace is released after the decision wait (plus the
	// processor's one-second tick and the batch timeout).
	deadline := time.Now().Add(*loadWait + 30*time.Second)
	for backend.spans.Load() < sent && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	time.Sleep(time.Second) // anything more than sent would show now
	cpu1, err := procCPU(gw.pid())
	require.NoError(t, err)
	hwm, err := procPeakRSS(gw.pid())
	require.NoError(t, err)

	var dropped uint64
	for _, a := range apps {
		dropped += a.provider.Dropped()
	}
	got := backend.spans.Load()
	cpu := cpu1 - cpu0
	t.Logf("sent %d logs (%d spans, %d traces) in %s: %.0f logs/s, %.0f spans/s (target %d logs/s)",
		logs, sent, requests.Load(), elapsed.Round(time.Millisecond),
		float64(logs)/elapsed.Seconds(), float64(sent)/elapsed.Seconds(), *loadRate)
	t.Logf("backend received %d spans in %d requests; dropped in the apps: %d", got, backend.requests.Load(), dropped)
	t.Logf("gateway: %.1f CPU-seconds over the run and drain (%.0f%% of one core over the send time), "+
		"%.0f logs/s per core; peak RSS %d MiB",
		cpu.Seconds(), 100*cpu.Seconds()/elapsed.Seconds(), float64(logs)/cpu.Seconds(), hwm>>20)
	assert.Zero(t, dropped, "spans dropped in the apps (export queue full)")
	assert.Equal(t, sent, got, "spans lost between the apps and the backend")
	assert.Empty(t, errOut.String(), "OpenTelemetry errors in the apps")
	if t.Failed() {
		t.Logf("gateway's log:\n%s", gw.logTail())
	}
}

// countingReceiver is an OTLP/gRPC trace receiver that only counts.
type countingReceiver struct {
	coltracepb.UnimplementedTraceServiceServer
	addr     string
	spans    atomic.Int64
	requests atomic.Int64
}

func (c *countingReceiver) Export(_ context.Context, req *coltracepb.ExportTraceServiceRequest) (*coltracepb.ExportTraceServiceResponse, error) {
	n := 0
	for _, rs := range req.GetResourceSpans() {
		for _, ss := range rs.GetScopeSpans() {
			n += len(ss.GetSpans())
		}
	}
	c.spans.Add(int64(n))
	c.requests.Add(1)
	return &coltracepb.ExportTraceServiceResponse{}, nil
}

func startCountingReceiver(t *testing.T) *countingReceiver {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	c := &countingReceiver{addr: l.Addr().String()}
	srv := grpc.NewServer(grpc.MaxRecvMsgSize(64 << 20))
	coltracepb.RegisterTraceServiceServer(srv, c)
	go func() { _ = srv.Serve(l) }()
	t.Cleanup(srv.Stop)
	return c
}

// procCPU returns the user and system CPU time of process pid so far.
func procCPU(pid int) (time.Duration, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// The fields after the command name, which is in parentheses and may
	// hold spaces: utime and stime are fields 14 and 15 of the line.
	rest := string(b[strings.LastIndexByte(string(b), ')')+2:])
	f := strings.Fields(rest)
	if len(f) < 13 {
		return 0, fmt.Errorf("short /proc/%d/stat", pid)
	}
	var ticks int64
	for _, s := range f[11:13] {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return 0, err
		}
		ticks += n
	}
	const clockTicks = 100 // USER_HZ on Linux
	return time.Duration(ticks) * time.Second / clockTicks, nil
}

// procPeakRSS returns the peak resident set size of process pid, in bytes.
func procPeakRSS(pid int) (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for line := range strings.Lines(string(b)) {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return kb << 10, err
		}
	}
	return 0, fmt.Errorf("no VmHWM in /proc/%d/status", pid)
}
