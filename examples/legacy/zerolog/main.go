// Command zerolog is an existing application that logs with zerolog's
// global logger. Its logging calls are left exactly as they were; one
// line, marked below, makes every log line a span as well.
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/rs/zerolog/log"
	"go.opentelemetry.io/otel"

	"github.com/logspan/logspan/otelsetup"
	"github.com/logspan/logspan/zerologspan"
)

func main() {
	// The application's tracing setup (here from the OTEL_* variables).
	shutdown, err := otelsetup.Setup(context.Background())
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer func() { _ = shutdown(context.Background()) }()

	log.Logger = log.Logger.Hook(zerologspan.NewHook()) // logspan: the one line

	ctx, span := otel.Tracer("legacy").Start(context.Background(), "nightly job")
	defer span.End()

	// Unchanged application code below.
	log.Info().Ctx(ctx).Str("job", "reindex").Msg("job started")
	log.Warn().Ctx(ctx).Int("shard", 7).Dur("took", 1500e6).Msg("slow shard")
	log.Info().Ctx(ctx).Int("documents", 120000).Msg("job done")
}
