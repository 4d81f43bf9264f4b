// Package lib is a library with its own logger, built in a package
// variable with zap.NewProduction, as libraries do. It knows nothing of
// logspan.
package lib

import (
	"time"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
)

// fixedClock keeps the output the same from run to run.
type fixedClock struct{}

func (fixedClock) Now() time.Time                         { return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC) }
func (fixedClock) NewTicker(d time.Duration) *time.Ticker { return time.NewTicker(d) }

var _ zapcore.Clock = fixedClock{}

// Logger is the library's logger.
var Logger = zap.Must(zap.NewProduction(zap.WithClock(fixedClock{}))).With(zap.String("component", "lib"))

// Charge logs the way the library always has: without a context.
func Charge(cents int) {
	Logger.Info("charging card", zap.Int("cents", cents))
}
