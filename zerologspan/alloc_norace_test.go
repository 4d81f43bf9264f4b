//go:build !race

package zerologspan_test

import (
	"io"
	"testing"

	"github.com/rs/zerolog"

	"github.com/logspan/logspan/zerologspan"
)

// Below the hook's minimum level the hook must add no allocation to what
// zerolog spends on the event. The race detector changes allocation
// counts, hence the build tag.
func TestDisabledLevelAddsNoAllocation(t *testing.T) {
	hooked := zerolog.New(io.Discard).Hook(zerologspan.NewHook())
	plain := zerolog.New(io.Discard)
	got := testing.AllocsPerRun(100, func() { hooked.Debug().Int("n", 1).Msg("below the hook's level") })
	base := testing.AllocsPerRun(100, func() { plain.Debug().Int("n", 1).Msg("below the hook's level") })
	if got > base {
		t.Errorf("the hook allocated %.0f times per event below its level, zerolog alone %.0f", got, base)
	}
}
