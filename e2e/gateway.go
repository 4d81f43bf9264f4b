//go:build unix

package e2e

import (
	"context"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"time"
)

// gatewayConfig is the collector configuration the repository ships,
// deploy/gateway.yaml, relative to this module.
var gatewayConfig = filepath.Join("..", "deploy", "gateway.yaml")

// gatewayProcess is a collector running deploy/gateway.yaml: OTLP in on
// two loopback ports, tail sampling, OTLP/gRPC out to a backend.
type gatewayProcess struct {
	*jaegerProcess        // OTLPGRPC, OTLPHTTP, LogPath, stop, logTail; no QueryURL
	MetricsURL     string // the collector's own metrics, Prometheus text format; "" when off
}

// startGateway runs bin (Jaeger v2, or any collector with the same
// components) with deploy/gateway.yaml, the LOGSPAN_* variables in env and
// its listeners on free loopback ports, and waits until it accepts OTLP.
// env must name LOGSPAN_BACKEND_OTLP; the listen ports and the metrics
// port are set here.
func startGateway(ctx context.Context, bin, logPath string, env map[string]string) (*gatewayProcess, error) {
	config, err := filepath.Abs(gatewayConfig)
	if err != nil {
		return nil, err
	}
	ports, err := freePorts(3)
	if err != nil {
		return nil, err
	}
	otlpGRPC, otlpHTTP, metrics := ports[0], ports[1], ports[2]
	_, metricsPort, _ := net.SplitHostPort(metrics)

	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	defer logFile.Close() // the child has its own descriptor
	cmd := exec.Command(bin, "--config="+config)
	// Later entries win: the test's values over anything in the caller's
	// environment.
	cmd.Env = append(os.Environ(), "JAEGER_LISTEN_HOST=127.0.0.1")
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	cmd.Env = append(cmd.Env,
		"LOGSPAN_GATEWAY_GRPC="+otlpGRPC,
		"LOGSPAN_GATEWAY_HTTP="+otlpHTTP,
		"LOGSPAN_METRICS_PORT="+metricsPort,
	)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.SysProcAttr = killWithParent()
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	g := &gatewayProcess{
		jaegerProcess: &jaegerProcess{
			OTLPGRPC: otlpGRPC,
			OTLPHTTP: otlpHTTP,
			LogPath:  logPath,
			cmd:      cmd,
			exited:   make(chan struct{}),
		},
	}
	if env["LOGSPAN_METRICS_LEVEL"] != "none" {
		g.MetricsURL = "http://localhost:" + metricsPort + "/metrics"
	}
	go func() { _ = cmd.Wait(); close(g.exited) }()

	if err := g.waitReady(ctx, 30*time.Second); err != nil {
		_ = g.stop(10 * time.Second)
		return nil, err
	}
	return g, nil
}

// waitReady polls until both OTLP receivers accept connections and the
// metrics endpoint, if on, answers.
func (g *gatewayProcess) waitReady(ctx context.Context, timeout time.Duration) error {
	return g.waitUntil(ctx, timeout, "gateway", func(ctx context.Context) error {
		if err := dialAll(g.OTLPGRPC, g.OTLPHTTP); err != nil || g.MetricsURL == "" {
			return err
		}
		return getOK(ctx, g.MetricsURL)
	})
}

// pid returns the gateway's process id.
func (g *gatewayProcess) pid() int { return g.cmd.Process.Pid }
