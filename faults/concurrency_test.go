package faults_test

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"testing"

	"github.com/rs/zerolog"
	"github.com/sirupsen/logrus"
	"go.opentelemetry.io/otel"
	"go.uber.org/goleak"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/logrusspan"
	"github.com/logspan/logspan/otelsetup"
	"github.com/logspan/logspan/slogspan"
	"github.com/logspan/logspan/zapspan"
	"github.com/logspan/logspan/zerologspan"
)

// TestConcurrentLoggingThenShutdown logs from many goroutines through
// shared and derived loggers of every adapter, checks every span arrived,
// and that shutting down leaves no goroutine behind.
func TestConcurrentLoggingThenShutdown(t *testing.T) {
	defer goleak.VerifyNone(t)

	exp := &countingExporter{}
	p, err := otelsetup.New(context.Background(), otelsetup.WithExporter(exp),
		otelsetup.WithEnv(func(k string) (string, bool) {
			if k == "OTEL_BSP_MAX_QUEUE_SIZE" {
				return "100000", true // this test counts spans: drop none
			}
			return "", false
		}))
	if err != nil {
		t.Fatal(err)
	}
	tp := p.TracerProvider()
	opt := logspan.WithTracerProvider(tp)

	zl := zap.New(zapcore.NewTee(
		zapcore.NewCore(zapcore.NewJSONEncoder(zap.NewProductionEncoderConfig()), zapcore.AddSync(io.Discard), zapcore.InfoLevel),
	)).WithOptions(zapspan.WrapCore(opt)).With(zap.String("shared", "zap"))
	zr := zerolog.New(io.Discard).Hook(zerologspan.NewHook(opt)).With().Str("shared", "zerolog").Logger()
	lr := logrus.New()
	lr.Out = io.Discard
	lr.AddHook(logrusspan.NewHook(opt))
	lre := lr.WithField("shared", "logrus")
	sl := slog.New(slogspan.Wrap(slog.NewJSONHandler(io.Discard, nil), opt)).With("shared", "slog")

	const goroutines, logs = 8, 200
	ctx, parent := tp.Tracer("test").Start(context.Background(), "parent")
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			z := zl.With(zap.Int("g", g))
			r := zr.With().Int("g", g).Logger()
			e := lre.WithField("g", g)
			s := sl.With("g", g)
			for i := range logs {
				z.Info("zap", zapspan.Context(ctx), zap.Int("i", i))
				r.Info().Ctx(ctx).Int("i", i).Msg("zerolog")
				e.WithContext(ctx).WithField("i", i).Info("logrus")
				s.InfoContext(ctx, "slog", "i", i)
			}
		}()
	}
	wg.Wait()
	parent.End()
	if err := p.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got, want := exp.spans.Load(), int64(4*goroutines*logs+1); got != want {
		t.Errorf("exported %d spans, want %d (dropped %d)", got, want, p.Dropped())
	}
	_ = otel.GetTracerProvider()
}
