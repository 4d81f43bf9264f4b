// Command app is an unmodified program that logs with zap (in a library),
// zerolog's global logger, logrus's standard logger, a logrus.New logger,
// a logrus.Logger literal, slog's default logger and a slog.New logger,
// inside a request span of its own. It knows nothing of logspan: the test
// builds it with and without the build-time rules.
package main

import (
	"context"
	"log"
	"log/slog"
	"os"
	"time"

	"github.com/rs/zerolog"
	zlog "github.com/rs/zerolog/log"
	"github.com/sirupsen/logrus"
	"go.opentelemetry.io/otel"

	"example.com/app/lib"
)

var fixed = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

func main() {
	zerolog.TimestampFunc = func() time.Time { return fixed }
	logrus.SetFormatter(&logrus.JSONFormatter{DisableTimestamp: true})
	log.SetFlags(0) // slog's default handler writes through package log
	manual()

	ctx, span := otel.Tracer("app").Start(context.Background(), "request")

	lib.Charge(1299)
	zlog.Info().Ctx(ctx).Str("user", "ada").Msg("zerolog in request")
	zlog.Debug().Ctx(ctx).Msg("zerolog below its level")
	logrus.WithContext(ctx).WithField("user", "ada").Info("logrus std in request")
	own := logrus.New()
	own.SetOutput(os.Stdout)
	own.SetFormatter(&logrus.JSONFormatter{DisableTimestamp: true})
	own.WithContext(ctx).Warn("logrus New in request")
	lit := &logrus.Logger{
		Out:       os.Stdout,
		Formatter: &logrus.TextFormatter{DisableTimestamp: true},
		Hooks:     make(logrus.LevelHooks),
		Level:     logrus.InfoLevel,
	}
	lit.WithContext(ctx).Error("logrus literal in request")
	slog.InfoContext(ctx, "slog default in request", "user", "ada")
	noTime := func(_ []string, a slog.Attr) slog.Attr {
		if a.Key == slog.TimeKey {
			return slog.Attr{}
		}
		return a
	}
	js := slog.New(slog.NewJSONHandler(os.Stdout, &slog.HandlerOptions{ReplaceAttr: noTime})).With("component", "json")
	js.WarnContext(ctx, "slog New in request", "n", 1)

	span.End()
}
