//go:build !race

package logrusspan_test

import (
	"context"
	"io"
	"testing"
	"time"

	"github.com/sirupsen/logrus"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/logrusspan"
)

// Allocation budgets; the race detector changes allocation counts, hence
// the build tag.

// Below the hook's minimum level, logrus does not fire the hook at all.
func TestBelowMinLevelAddsNoAllocation(t *testing.T) {
	logger := logrus.New()
	logger.Out = io.Discard
	logger.SetLevel(logrus.DebugLevel)
	baseline := testing.AllocsPerRun(100, func() { logger.WithField("n", 1).Debug("off") })
	tp := sdktrace.NewTracerProvider()
	defer func() { _ = tp.Shutdown(context.Background()) }()
	logger.AddHook(logrusspan.NewHook(logspan.WithTracerProvider(tp)))
	allocs := testing.AllocsPerRun(100, func() { logger.WithField("n", 1).Debug("off") })
	if allocs > baseline {
		t.Errorf("a log below the hook's level allocated %.0f times, logrus alone %.0f", allocs, baseline)
	}
}

// fireAllocs returns the allocations of one Fire of an info entry.
func fireAllocs(hook *logrusspan.Hook, ctx context.Context, data logrus.Fields) float64 {
	e := &logrus.Entry{Level: logrus.InfoLevel, Message: "budget", Context: ctx, Time: time.Now()}
	return testing.AllocsPerRun(200, func() {
		e.Data = data
		_ = hook.Fire(e)
	})
}

func TestFireAllocationBudget(t *testing.T) {
	tp := sdktrace.NewTracerProvider()
	defer func() { _ = tp.Shutdown(context.Background()) }()
	hook := logrusspan.NewHook(logspan.WithTracerProvider(tp))
	primitives := logrus.Fields{"a": 1, "b": "x", "c": true, "d": 1.5, "e": int64(3)}

	none := fireAllocs(hook, nil, nil)
	fields := fireAllocs(hook, nil, primitives)
	// The SDK copies the attributes once; sorting the keys and encoding
	// primitive values must cost nothing per field.
	if fields-none > 1 {
		t.Errorf("five primitive fields cost %.0f allocations, want at most 1", fields-none)
	}

	ctx, parent := tp.Tracer("test").Start(context.Background(), "parent")
	defer parent.End()
	hook = hook.WithoutTraceCorrelation()
	uncorrelated := fireAllocs(hook, ctx, primitives)
	hook = logrusspan.NewHook(logspan.WithTracerProvider(tp))
	correlated := fireAllocs(hook, ctx, primitives)
	// The copy of the data map, one string for both ids, and the two ids
	// boxed in the map's interface values.
	if correlated-uncorrelated > 5 {
		t.Errorf("trace correlation cost %.0f allocations, want at most 5", correlated-uncorrelated)
	}
	t.Logf("Fire: %.0f allocations bare, %.0f with 5 fields, %.0f under a parent, %.0f with correlation", none, fields, uncorrelated, correlated)
}
