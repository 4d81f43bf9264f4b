// Command slog is an existing application that logs with log/slog's
// default logger. Its logging calls are left exactly as they were; one
// line, marked below, makes every log line a span as well.
package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"

	"go.opentelemetry.io/otel"

	"github.com/logspan/logspan/otelsetup"
	"github.com/logspan/logspan/slogspan"
)

func main() {
	// The application's tracing setup (here from the OTEL_* variables).
	shutdown, err := otelsetup.Setup(context.Background())
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer func() { _ = shutdown(context.Background()) }()

	slog.SetDefault(slog.New(slog.NewJSONHandler(os.Stdout, nil)))
	slog.SetDefault(slog.New(slogspan.Wrap(slog.Default().Handler()))) // logspan: the one line

	ctx, span := otel.Tracer("legacy").Start(context.Background(), "nightly job")
	defer span.End()

	// Unchanged application code below.
	slog.InfoContext(ctx, "job started", "job", "reindex")
	slog.WarnContext(ctx, "slow shard", "shard", 7, "took", "1.5s")
	slog.InfoContext(ctx, "job done", "documents", 120000)
}
