// Package logrusauto is what the logrus rule (orchestrion.yml in this
// directory) reaches: from inside github.com/sirupsen/logrus through
// //go:linkname, so that logrus does not import it, and from the packages
// that write logrus.Logger{} literals through [Logger]. Programs never
// import it themselves.
package logrusauto

import (
	"sync"
	"sync/atomic"
	_ "unsafe" // for go:linkname

	"github.com/sirupsen/logrus"

	"github.com/logspan/logspan/auto"
	"github.com/logspan/logspan/core"
	"github.com/logspan/logspan/logrusspan"
)

// ready is set once this package, and so logrusspan and OpenTelemetry,
// are initialized. The standard logger is built in logrus's own init,
// long before: the hook it gets builds the logrusspan hook on its first
// entry after that.
var ready atomic.Bool

func init() { ready.Store(true) }

var (
	spansOnce sync.Once
	spans     *logrusspan.Hook
	levels    [8]bool // logrus levels spans fire for, by logrus.Level
)

func spanHook() *logrusspan.Hook {
	if !ready.Load() {
		return nil
	}
	spansOnce.Do(func() {
		if auto.Disabled() {
			return
		}
		spans = logrusspan.NewHook(core.BuildTimeOption())
		for _, l := range spans.Levels() {
			if int(l) < len(levels) {
				levels[l] = true
			}
		}
	})
	return spans
}

// hook is the one every instrumented logger gets. It registers for every
// level, since it cannot ask logrusspan before being initialized, and
// passes on the entries logrusspan's levels take.
type hook struct{}

// Levels is a literal rather than logrus.AllLevels: logrus.New runs in
// logrus's own init, possibly before that variable is set.
func (hook) Levels() []logrus.Level {
	return []logrus.Level{logrus.PanicLevel, logrus.FatalLevel, logrus.ErrorLevel,
		logrus.WarnLevel, logrus.InfoLevel, logrus.DebugLevel, logrus.TraceLevel}
}

func (hook) Fire(e *logrus.Entry) error {
	h := spanHook()
	if h == nil || int(e.Level) >= len(levels) || !levels[e.Level] {
		return nil
	}
	return h.Fire(e)
}

// mark is called from the init the rule adds to package logrus.
//
//go:linkname mark
func mark() {
	if !auto.Disabled() {
		core.MarkBuildTime(core.LoggerLogrus)
	}
}

// instrument is deferred in logrus.New, on the logger it returns.
//
//go:linkname instrument
func instrument(l *logrus.Logger) { Logger(l) }

// Logger adds the hook to l and returns l; a nil Hooks map is made. The
// rule wraps every logrus.Logger{} literal outside logrus in it. Nothing
// is added while auto.Disabled.
func Logger(l *logrus.Logger) *logrus.Logger {
	if l == nil || auto.Disabled() {
		return l
	}
	if l.Hooks == nil {
		l.Hooks = make(logrus.LevelHooks)
	}
	l.Hooks.Add(hook{})
	return l
}
