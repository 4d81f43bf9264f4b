//go:build !race

package core_test

import (
	"context"
	"testing"

	sdklog "go.opentelemetry.io/otel/sdk/log"
	"go.opentelemetry.io/otel/trace"
)

// TestRecordAllocs holds the records model to its budget for a log of
// five fields (eleven attributes with the logger's name and the five
// logfire.* keys every log carries), to a discarding log
// processor: only what the log API and SDK allocate for any record of that
// size, the floor RawRecord measures (log.Record's slice past its five
// inline attributes, the SDK's record and its own slice, grown one
// attribute at a time), and nothing of core's own, whichever the parent.
// An error adds two attributes (exception.type, exception.message), so
// two growths of the SDK's slice. A disabled logger costs none. Both
// models cost the span's allocations plus the record's.
func TestRecordAllocs(t *testing.T) {
	ems := modelEmitters(t, sdklog.WithAllowKeyDuplication())
	for _, tt := range []struct {
		name      string
		model     string
		ctx       context.Context
		withError bool
		want      float64
	}{
		{"records sampled parent", "Records", sampledParent(trace.FlagsSampled), false, 6},
		{"records no parent", "Records", context.Background(), false, 6},
		{"records unsampled parent", "Records", sampledParent(0), false, 6},
		{"records error", "Records", sampledParent(trace.FlagsSampled), true, 8}, // + the fingerprint (a remote parent is a root)
		{"both", "Both", sampledParent(trace.FlagsSampled), false, 6 + 12},
	} {
		t.Run(tt.name, func(t *testing.T) {
			em := ems[tt.model]
			logFive(em, tt.ctx, tt.withError) // warm the pool
			got := testing.AllocsPerRun(500, func() { logFive(em, tt.ctx, tt.withError) })
			t.Logf("allocations per log: %.0f", got)
			if got > tt.want {
				t.Errorf("%.0f allocations per log, want at most %.0f", got, tt.want)
			}
		})
	}
	t.Run("disabled logger", func(t *testing.T) {
		lp := sdklog.NewLoggerProvider() // no processor: nothing is enabled
		em := recordsEmitter(lp)
		ctx := sampledParent(trace.FlagsSampled)
		logFive(em, ctx, true)
		if got := testing.AllocsPerRun(500, func() { logFive(em, ctx, true) }); got != 0 {
			t.Errorf("%.0f allocations per log to a disabled logger, want 0", got)
		}
	})
}
