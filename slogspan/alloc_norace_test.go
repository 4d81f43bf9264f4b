//go:build !race

package slogspan_test

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"github.com/logspan/logspan/slogspan"
)

// A level the span handler does not take must cost no allocation beyond
// what slog itself spends on the same call. The race detector changes
// allocation counts, hence the build tag.
func TestDisabledLevelAddsNoAllocation(t *testing.T) {
	ctx := context.Background()
	spans := slog.New(slogspan.NewHandler())
	plain := slog.New(slog.NewJSONHandler(io.Discard, nil))
	got := testing.AllocsPerRun(100, func() { spans.DebugContext(ctx, "off", "n", 1) })
	base := testing.AllocsPerRun(100, func() { plain.DebugContext(ctx, "off", "n", 1) })
	if got > base {
		t.Errorf("a disabled level allocated %.0f times per log, slog alone %.0f", got, base)
	}
	wrapped := slog.New(slogspan.Wrap(slog.NewJSONHandler(io.Discard, nil)))
	if got := testing.AllocsPerRun(100, func() { wrapped.DebugContext(ctx, "off", "n", 1) }); got > base {
		t.Errorf("Wrap at a disabled level allocated %.0f times per log, slog alone %.0f", got, base)
	}
}
