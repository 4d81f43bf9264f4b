// Command quickstart shows log lines becoming spans. It opens a request
// span and, inside it, logs through zap, zerolog, logrus and log/slog, each
// under a child span of its own: an info line with fields and an error
// line. With no OpenTelemetry variables set, otelsetup's console view
// prints the trace on stderr as it happens:
//
//	go run ./examples/quickstart
//
// The same binary sends OTLP to a collector or backend when the standard
// variables say so:
//
//	OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318 go run ./examples/quickstart
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"

	"github.com/rs/zerolog"
	"github.com/sirupsen/logrus"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/trace"
	"go.uber.org/zap"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/logrusspan"
	"github.com/logspan/logspan/otelsetup"
	"github.com/logspan/logspan/slogspan"
	"github.com/logspan/logspan/zapspan"
	"github.com/logspan/logspan/zerologspan"
)

func main() {
	ctx := context.Background()
	shutdown, err := otelsetup.Setup(ctx, otelsetup.WithServiceName(serviceName()))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	checkout(ctx, otel.Tracer("quickstart"), newLoggers(io.Discard))
	if err := shutdown(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "shutdown:", err)
		os.Exit(1)
	}
}

// serviceName is OTEL_SERVICE_NAME when set (otelsetup reads it too; an
// option would win over it), else "quickstart".
func serviceName() string {
	if name := os.Getenv("OTEL_SERVICE_NAME"); name != "" {
		return name
	}
	return "quickstart"
}

// loggers holds one logger of each kind, each making spans with logspan.
// Their own output goes to out: the console view shows the spans.
type loggers struct {
	zap     *zap.Logger
	zerolog zerolog.Logger
	logrus  *logrus.Logger
	slog    *slog.Logger
}

func newLoggers(out io.Writer) loggers {
	// zerolog hands hooks an error's text only; this keeps its Go type for
	// the exception event (a zerolog global, hence opt-in).
	zerologspan.CaptureErrors()
	lr := logrus.New()
	lr.Out = out
	// The hooks leave printing to their logger, which writes to out
	// (nowhere, in main): WithConsoleLog(true) has the console view print
	// their logs too.
	lr.AddHook(logrusspan.NewHook(logspan.WithConsoleLog(true)))
	return loggers{
		zap:     zap.New(zapspan.NewCore()),
		zerolog: zerolog.New(out).Hook(zerologspan.NewHook(logspan.WithConsoleLog(true))),
		logrus:  lr,
		slog:    slog.New(slogspan.NewHandler()),
	}
}

var errDeclined = errors.New("insufficient funds")

// checkout is the request: the same two log lines through each logger,
// each logger under a span named after it.
func checkout(ctx context.Context, tracer trace.Tracer, l loggers) {
	ctx, request := tracer.Start(ctx, "POST /checkout")
	defer request.End()

	inSpan := func(name string, log func(ctx context.Context)) {
		ctx, span := tracer.Start(ctx, name)
		defer span.End()
		log(ctx)
	}
	inSpan("zap", func(ctx context.Context) {
		l.zap.Info("checkout started", zapspan.Context(ctx),
			zap.String("user", "ada"), zap.Int("items", 3), zap.Float64("total", 42.5), zap.Bool("express", true))
		l.zap.Error("card declined", zapspan.Context(ctx), zap.Error(errDeclined))
	})
	inSpan("zerolog", func(ctx context.Context) {
		l.zerolog.Info().Ctx(ctx).
			Str("user", "ada").Int("items", 3).Float64("total", 42.5).Bool("express", true).
			Msg("checkout started")
		l.zerolog.Error().Ctx(ctx).Err(errDeclined).Msg("card declined")
	})
	inSpan("logrus", func(ctx context.Context) {
		l.logrus.WithContext(ctx).WithFields(logrus.Fields{
			"user": "ada", "items": 3, "total": 42.5, "express": true,
		}).Info("checkout started")
		l.logrus.WithContext(ctx).WithError(errDeclined).Error("card declined")
	})
	inSpan("slog", func(ctx context.Context) {
		l.slog.InfoContext(ctx, "checkout started",
			"user", "ada", "items", 3, "total", 42.5, "express", true)
		l.slog.ErrorContext(ctx, "card declined", "error", errDeclined)
	})
}
