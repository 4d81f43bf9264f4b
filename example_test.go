package logspan_test

import (
	"context"
	"fmt"
	"log/slog"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/slogspan"
)

// One list of options configures any adapter; a LevelVar changes the
// minimum level while the program runs.
func ExampleWithLeveler() {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))

	var level logspan.LevelVar // Info until Set
	logger := slog.New(slogspan.NewHandler(
		logspan.WithTracerProvider(tp),
		logspan.WithLeveler(&level),
	))
	ctx := context.Background()
	logger.DebugContext(ctx, "hidden")
	level.Set(logspan.LevelDebug)
	logger.DebugContext(ctx, "shown")

	for _, s := range rec.Ended() {
		fmt.Println(s.Name())
	}
	// Output:
	// shown
}

// A Config shows what a list of options amounts to.
func ExampleNewConfig() {
	cfg := logspan.NewConfig(logspan.WithMinLevel(logspan.LevelWarn), logspan.WithoutScrubbing())
	fmt.Println(cfg.Leveler().Level(), cfg.Scrubbing(), cfg.MaxValueBytes())
	// Output:
	// warn false 65536
}
