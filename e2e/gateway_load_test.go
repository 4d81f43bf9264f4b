//go:build linux

package e2e

import (
	"bytes"
	"context"
	"crypto/rand"
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
	commonpb "go.opentelemetry.io/proto/otlp/common/v1"
	resourcepb "go.opentelemetry.io/proto/otlp/resource/v1"
	tracepb "go.opentelemetry.io/proto/otlp/trace/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
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
		"LOGSPAN_MEMORY_MIB":    strconv.Itoa(*loadMemoryMiB),
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

var (
	rawLoadDuration = flag.Duration("gateway.rawload", 0, "run TestGatewayLoadRaw for this long (0: skip it)")
	rawLoadRate     = flag.Int("gateway.rawrate", 50000, "TestGatewayLoadRaw: spans per second to send")
	loadMemoryMiB   = flag.Int("gateway.memory", 1024, "TestGatewayLoad*: LOGSPAN_MEMORY_MIB")
)

// TestGatewayLoadRaw measures the gateway alone: it sends -gateway.rawrate
// spans per second as ready-made OTLP/gRPC requests (traces of a root span
// and four log spans with logspan's attributes), which costs the sender a
// fraction of what the adapters and the SDK cost, for -gateway.rawload. A
// request the gateway refuses (its memory_limiter) is counted as refused,
// not sent; every span it accepted must reach the counting backend.
func TestGatewayLoadRaw(t *testing.T) {
	if *rawLoadDuration <= 0 {
		t.Skip("load run: enable with -gateway.rawload=30s (and -gateway.rawrate=spans/s)")
	}
	jaegerBin := jaegerForTest(t)
	backend := startCountingReceiver(t)
	gw := startGatewayForTest(t, gatewayBinary(jaegerBin), map[string]string{
		"LOGSPAN_BACKEND_OTLP":  backend.addr,
		"LOGSPAN_KEEP_PERCENT":  "100",
		"LOGSPAN_DECISION_WAIT": loadWait.String(),
		"LOGSPAN_MEMORY_MIB":    strconv.Itoa(*loadMemoryMiB),
		"LOGSPAN_NUM_TRACES":    strconv.Itoa(max(100000, *rawLoadRate/5*int(loadWait.Seconds()+2)*2)),
	})
	conn, err := grpc.NewClient(gw.OTLPGRPC, grpc.WithTransportCredentials(insecure.NewCredentials()))
	require.NoError(t, err)
	defer conn.Close()
	client := coltracepb.NewTraceServiceClient(conn)

	ctx := t.Context()
	cpu0, err := procCPU(gw.pid())
	require.NoError(t, err)
	const tick = 20 * time.Millisecond
	tracesPerTick := max(1, *rawLoadRate/5/int(time.Second/tick) / *loadSenders)
	var (
		sent, refused atomic.Int64
		wg            sync.WaitGroup
	)
	start := time.Now()
	end := start.Add(*rawLoadDuration)
	for range *loadSenders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 0; ; n++ {
				next := start.Add(time.Duration(n) * tick)
				if next.After(end) {
					return
				}
				time.Sleep(time.Until(next))
				req, spans := rawRequest(tracesPerTick)
				if _, err := client.Export(ctx, req); err != nil {
					refused.Add(int64(spans))
					continue
				}
				sent.Add(int64(spans))
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)

	deadline := time.Now().Add(*loadWait + 30*time.Second)
	for backend.spans.Load() < sent.Load() && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	time.Sleep(time.Second)
	cpu1, err := procCPU(gw.pid())
	require.NoError(t, err)
	hwm, err := procPeakRSS(gw.pid())
	require.NoError(t, err)
	got, cpu := backend.spans.Load(), cpu1-cpu0
	t.Logf("accepted %d spans in %s: %.0f spans/s (%.0f logs/s at 4 logs a trace; target %d spans/s); refused %d",
		sent.Load(), elapsed.Round(time.Millisecond), float64(sent.Load())/elapsed.Seconds(),
		float64(sent.Load())*4/5/elapsed.Seconds(), *rawLoadRate, refused.Load())
	t.Logf("backend received %d spans; gateway: %.1f CPU-seconds (%.0f%% of one core over the send time), "+
		"%.0f spans/s per core; peak RSS %d MiB",
		got, cpu.Seconds(), 100*cpu.Seconds()/elapsed.Seconds(), float64(sent.Load())/cpu.Seconds(), hwm>>20)
	assert.Equal(t, sent.Load(), got, "accepted spans lost between the gateway and the backend")
	assert.Zero(t, refused.Load(), "spans refused by the gateway (memory_limiter)")
}

// rawRequest builds one OTLP request of n traces, each a server root span
// and four instant log spans with logspan's attributes, and returns it with
// its span count.
func rawRequest(n int) (*coltracepb.ExportTraceServiceRequest, int) {
	now := uint64(time.Now().UnixNano())
	spans := make([]*tracepb.Span, 0, 5*n)
	for range n {
		var tid [16]byte
		var sid [8]byte
		_, _ = rand.Read(tid[:])
		_, _ = rand.Read(sid[:])
		root := &tracepb.Span{
			TraceId: tid[:], SpanId: bytes.Clone(sid[:]), Name: "GET /orders/{id}",
			Kind:              tracepb.Span_SPAN_KIND_SERVER,
			StartTimeUnixNano: now - 2_000_000, EndTimeUnixNano: now,
		}
		spans = append(spans, root)
		for i := range 4 {
			var lid [8]byte
			_, _ = rand.Read(lid[:])
			spans = append(spans, &tracepb.Span{
				TraceId: tid[:], SpanId: lid[:], ParentSpanId: root.SpanId, Name: requestInfoMsg,
				Kind:              tracepb.Span_SPAN_KIND_INTERNAL,
				StartTimeUnixNano: now - 1_000_000, EndTimeUnixNano: now - 1_000_000,
				Attributes: []*commonpb.KeyValue{
					{Key: "logfire.span_type", Value: strValue("log")},
					{Key: "logfire.level_num", Value: &commonpb.AnyValue{Value: &commonpb.AnyValue_IntValue{IntValue: 9}}},
					{Key: "logfire.msg_template", Value: strValue(requestInfoMsg)},
					{Key: "logfire.msg", Value: strValue(requestInfoMsg)},
					{Key: "order", Value: strValue(strconv.Itoa(i))},
				},
			})
		}
	}
	return &coltracepb.ExportTraceServiceRequest{ResourceSpans: []*tracepb.ResourceSpans{{
		Resource: &resourcepb.Resource{Attributes: []*commonpb.KeyValue{
			{Key: "service.name", Value: strValue("e2e-gateway-rawload")},
		}},
		ScopeSpans: []*tracepb.ScopeSpans{{
			Scope: &commonpb.InstrumentationScope{Name: "github.com/logspan/logspan/e2e"},
			Spans: spans,
		}},
	}}}, len(spans)
}

func strValue(s string) *commonpb.AnyValue {
	return &commonpb.AnyValue{Value: &commonpb.AnyValue_StringValue{StringValue: s}}
}
