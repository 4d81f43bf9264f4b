// Command logrus is an existing application that logs with logrus's
// standard logger. Its logging calls are left exactly as they were; one
// line, marked below, makes every log line a span as well.
package main

import (
	"context"
	"fmt"
	"os"

	log "github.com/sirupsen/logrus"
	"go.opentelemetry.io/otel"

	"github.com/logspan/logspan/logrusspan"
	"github.com/logspan/logspan/otelsetup"
)

func main() {
	// The application's tracing setup (here from the OTEL_* variables).
	shutdown, err := otelsetup.Setup(context.Background())
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer func() { _ = shutdown(context.Background()) }()

	log.AddHook(logrusspan.NewHook()) // logspan: the one line

	ctx, span := otel.Tracer("legacy").Start(context.Background(), "nightly job")
	defer span.End()

	// Unchanged application code below.
	log.SetFormatter(&log.JSONFormatter{})
	log.WithContext(ctx).WithField("job", "reindex").Info("job started")
	log.WithContext(ctx).WithFields(log.Fields{"shard": 7, "took": "1.5s"}).Warn("slow shard")
	log.WithContext(ctx).WithField("documents", 120000).Info("job done")
}
