//go:build !race

package core_test

import (
	"context"
	"testing"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"
)

// TestDirectPathAllocs holds the direct path to its budget for a log of
// five fields: the span and its attribute slice when sampled, plus the
// events and their attributes for an error, with the error's status
// description, Logfire's "<type>: <message>", and its issue fingerprint
// (the parent is remote, so the log is a root), one string each; nothing
// when unsampled. Under a parent, the adapter's correlation ids (one
// string, on either path) add one.
func TestDirectPathAllocs(t *testing.T) {
	sampler := sdktrace.ParentBased(sdktrace.AlwaysSample())
	sdkPath, directPath, _ := benchEmitters(t, sampler)
	for _, tt := range []struct {
		name      string
		ctx       context.Context
		withError bool
		want      float64
	}{
		{"sampled", sampledParent(trace.FlagsSampled), false, 2 + 1},
		{"new trace", context.Background(), false, 2},
		{"error", sampledParent(trace.FlagsSampled), true, 4 + 2 + 1},
		{"unsampled", sampledParent(0), false, 0 + 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			logFive(directPath, tt.ctx, tt.withError) // warm the pool
			got := testing.AllocsPerRun(200, func() { logFive(directPath, tt.ctx, tt.withError) })
			sdk := testing.AllocsPerRun(200, func() { logFive(sdkPath, tt.ctx, tt.withError) })
			t.Logf("allocations per log: direct %.0f, SDK %.0f", got, sdk)
			if got > tt.want {
				t.Errorf("direct path: %.0f allocations per log, want at most %.0f", got, tt.want)
			}
		})
	}
}
