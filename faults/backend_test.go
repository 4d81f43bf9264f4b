package faults_test

import (
	"context"
	"net"
	"runtime"
	"strconv"
	"testing"
	"time"

	"go.uber.org/zap"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/otelsetup"
	"github.com/logspan/logspan/zapspan"
)

// blackHole accepts connections and never answers.
func blackHole(t testing.TB) string {
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = lis.Close() })
	go func() {
		var held []net.Conn
		for {
			c, err := lis.Accept()
			if err != nil {
				for _, c := range held {
					_ = c.Close()
				}
				return
			}
			held = append(held, c)
		}
	}()
	return "http://" + lis.Addr().String()
}

// closedPort returns an endpoint where nothing listens.
func closedPort(t testing.TB) string {
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := lis.Addr().String()
	_ = lis.Close()
	return "http://" + addr
}

func providerFor(t testing.TB, endpoint string, queue int) *otelsetup.Provider {
	env := map[string]string{
		"OTEL_EXPORTER_OTLP_ENDPOINT": endpoint,
		"OTEL_EXPORTER_OTLP_TIMEOUT":  "300",
		"OTEL_BSP_MAX_QUEUE_SIZE":     strconv.Itoa(queue),
		"OTEL_BSP_SCHEDULE_DELAY":     "20",
	}
	p, err := otelsetup.New(context.Background(),
		otelsetup.WithErrorOutput(&discardWriter{}),
		otelsetup.WithEnv(func(k string) (string, bool) { v, ok := env[k]; return v, ok }))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

type discardWriter struct{}

func (discardWriter) Write(p []byte) (int, error) { return len(p), nil }

// With the backend down or black-holed, logging goes on, spans beyond the
// queue are counted as dropped, memory stays bounded, and shutdown returns
// within its deadline.
func TestBackendDown(t *testing.T) {
	for name, endpoint := range map[string]string{"closed port": closedPort(t), "black hole": blackHole(t)} {
		t.Run(name, func(t *testing.T) {
			const queue, logs = 256, 50000
			p := providerFor(t, endpoint, queue)
			logger := zap.New(zapspan.NewCore(logspan.WithTracerProvider(p.TracerProvider())))
			var before runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			for i := range logs {
				logger.Info("into the void", zap.Int("i", i), zap.String("payload", "0123456789abcdef"))
			}
			var after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&after)
			if p.Dropped() == 0 {
				t.Error("no span was counted as dropped")
			}
			if grew := int64(after.HeapAlloc) - int64(before.HeapAlloc); grew > 32<<20 {
				t.Errorf("heap grew by %d MiB over %d logs: not bounded by the queue", grew>>20, logs)
			}
			ctx, cancel := context.WithTimeout(context.Background(), time.Second)
			defer cancel()
			done := make(chan struct{})
			go func() { _ = p.Shutdown(ctx); close(done) }()
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				t.Fatal("shutdown ignored its deadline")
			}
		})
	}
}

// BenchmarkBackend compares the cost of a log when the backend is up (a
// discarding exporter), down (a closed port) and black-holed: it must not
// change, since export happens off the logging path.
func BenchmarkBackend(b *testing.B) {
	for _, bc := range []struct {
		name     string
		provider func(b *testing.B) *otelsetup.Provider
	}{
		{"Up", func(b *testing.B) *otelsetup.Provider {
			p, err := otelsetup.New(context.Background(), otelsetup.WithExporter(&countingExporter{}))
			if err != nil {
				b.Fatal(err)
			}
			return p
		}},
		{"Down", func(b *testing.B) *otelsetup.Provider { return providerFor(b, closedPort(b), 2048) }},
		{"BlackHoled", func(b *testing.B) *otelsetup.Provider { return providerFor(b, blackHole(b), 2048) }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			p := bc.provider(b)
			defer func() {
				ctx, cancel := context.WithTimeout(context.Background(), time.Second)
				defer cancel()
				_ = p.Shutdown(ctx)
			}()
			logger := zap.New(zapspan.NewCore(logspan.WithTracerProvider(p.TracerProvider())))
			b.ReportAllocs()
			for b.Loop() {
				logger.Info("checkout", zap.String("user", "ada"), zap.Int("items", 3))
			}
		})
	}
}
