package zapspan_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/core/spantest"
	"github.com/logspan/logspan/zapspan"
)

// A zap.AtomicLevel turns span levels on and off at run time.
func TestAtomicLevel(t *testing.T) {
	tp, rec := spantest.NewRecorder(t)
	atom := zap.NewAtomicLevelAt(zapcore.InfoLevel)
	logger := zap.New(zapspan.NewCore(logspan.WithTracerProvider(tp), logspan.WithLeveler(zapspan.Leveler(atom))))
	logger.Debug("hidden")
	atom.SetLevel(zapcore.DebugLevel)
	logger.Debug("shown")
	require.Len(t, rec.Ended(), 1)
	assert.Equal(t, "shown", rec.Ended()[0].Name())
	assert.Equal(t, zapcore.DebugLevel, zapcore.LevelOf(logger.Core()))
}
