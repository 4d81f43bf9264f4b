// Package zerologauto is what the zerolog rule (orchestrion.yml in this
// directory) reaches from inside github.com/rs/zerolog, through
// //go:linkname so that zerolog does not import it. Programs never import
// it.
package zerologauto

import (
	"sync"
	"sync/atomic"
	_ "unsafe" // for go:linkname

	"github.com/rs/zerolog"

	"github.com/logspan/logspan/auto"
	"github.com/logspan/logspan/core"
	"github.com/logspan/logspan/zerologspan"
)

// ready is set once this package, and so zerologspan and OpenTelemetry,
// are initialized; events logged before (from another package's init)
// make no span.
var ready atomic.Bool

func init() { ready.Store(true) }

var (
	hookOnce sync.Once
	hook     *zerologspan.Hook
)

// Hook returns the hook every event runs, nil before this package is
// initialized and when auto.Disabled.
func Hook() *zerologspan.Hook {
	if !ready.Load() {
		return nil
	}
	hookOnce.Do(func() {
		if !auto.Disabled() {
			hook = zerologspan.NewHook(core.BuildTimeOption())
		}
	})
	return hook
}

// mark is called from the init the rule adds to package zerolog.
//
//go:linkname mark
func mark() {
	if !auto.Disabled() {
		core.MarkBuildTime(core.LoggerZerolog)
	}
}

// run is called first in (*zerolog.Event).msg, the path of every Msg,
// Msgf, MsgFunc and Send of an enabled event, before zerolog's own hooks.
//
//go:linkname run
func run(e *zerolog.Event, level zerolog.Level, msg string) {
	if h := Hook(); h != nil {
		h.Run(e, level, msg)
	}
}
