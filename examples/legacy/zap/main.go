// Command zap is an existing application that logs with zap. Its logging
// calls are left exactly as they were; one line, marked below, makes every
// log line a span as well.
package main

import (
	"context"
	"fmt"
	"os"

	"go.opentelemetry.io/otel"
	"go.uber.org/zap"

	"github.com/logspan/logspan/otelsetup"
	"github.com/logspan/logspan/zapspan"
)

func main() {
	// The application's tracing setup (here from the OTEL_* variables).
	shutdown, err := otelsetup.Setup(context.Background())
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer func() { _ = shutdown(context.Background()) }()

	logger := zap.Must(zap.NewProduction())
	logger = logger.WithOptions(zapspan.WrapCore()) // logspan: the one line
	defer func() { _ = logger.Sync() }()

	// Unchanged application code below. These calls carry no context, so
	// each log is a trace of its own; a call site that adds
	// zapspan.Context(ctx) (or already has zap.Any("ctx", ctx)) places its
	// log under the span in ctx, as the request below does.
	logger.Info("job started", zap.String("job", "reindex"))
	logger.Warn("slow shard", zap.Int("shard", 7), zap.Duration("took", 1500e6))

	ctx, span := otel.Tracer("legacy").Start(context.Background(), "write report")
	logger.Info("job done", zap.Int("documents", 120000), zap.Any("ctx", ctx))
	span.End()
}
