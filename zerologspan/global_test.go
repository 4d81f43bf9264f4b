//go:build !binary_log

package zerologspan_test

import (
	"context"
	"io"
	"testing"

	"github.com/rs/zerolog"
	"github.com/rs/zerolog/log"
	"github.com/stretchr/testify/assert"
	"go.opentelemetry.io/otel"

	"github.com/logspan/logspan/core/spantest"
	"github.com/logspan/logspan/zerologspan"
)

// TestGlobalLogger is the one-line migration of an application that logs
// through zerolog's global logger, with the global tracer provider.
func TestGlobalLogger(t *testing.T) {
	tp, rec := spantest.NewRecorder(t)
	oldTP, oldLogger := otel.GetTracerProvider(), log.Logger
	otel.SetTracerProvider(tp)
	t.Cleanup(func() { otel.SetTracerProvider(oldTP); log.Logger = oldLogger })

	log.Logger = zerolog.New(io.Discard).Level(zerolog.WarnLevel) // the application's logger
	log.Logger = log.Logger.Hook(zerologspan.NewHook())           // the migration

	ctx, parent := tp.Tracer("app").Start(context.Background(), "request")
	log.Warn().Ctx(ctx).Int("n", 1).Msg("from the global logger")
	log.Info().Msg("below the application's level: no hook, no span")
	parent.End()

	spans := rec.Ended()
	if assert.Len(t, spans, 2) {
		assert.Equal(t, "from the global logger", spans[0].Name())
		assert.Equal(t, parent.SpanContext().SpanID(), spans[0].Parent().SpanID())
		assert.Equal(t, int64(1), spantest.Attributes(spans[0])["n"].AsInt64())
	}
}
