package slogspan_test

import (
	"context"
	"log/slog"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/core/spantest"
	"github.com/logspan/logspan/slogspan"
)

// A slog.LevelVar turns span levels on and off at run time.
func TestSlogLevelVar(t *testing.T) {
	tp, rec := spantest.NewRecorder(t)
	var lv slog.LevelVar
	logger := slog.New(slogspan.NewHandler(logspan.WithTracerProvider(tp), logspan.WithLeveler(slogspan.Leveler(&lv))))
	ctx := context.Background()
	logger.DebugContext(ctx, "hidden")
	lv.Set(slog.LevelDebug)
	logger.DebugContext(ctx, "shown")
	require.Len(t, rec.Ended(), 1)
	assert.Equal(t, "shown", rec.Ended()[0].Name())
}
