package otelsetup

import (
	"fmt"
	"io"
	"sync"
	"time"
)

// reporter writes diagnostics to stderr at most once per interval, counting
// what it held back. It writes directly, never through a logger: a logger
// instrumented by logspan would turn each report into a span, and a failing
// export into a storm of them.
type reporter struct {
	mu         sync.Mutex
	w          io.Writer
	interval   time.Duration
	last       time.Time
	suppressed int
	now        func() time.Time
}

func newReporter(w io.Writer, interval time.Duration) *reporter {
	return &reporter{w: w, interval: interval, now: time.Now}
}

// report writes msg unless one was written less than an interval ago.
func (r *reporter) report(msg string) {
	if r.allow() {
		r.write(msg)
	}
}

// allow reports whether a message may be written now, and if so reserves
// the slot; otherwise it counts the message as suppressed. Callers check it
// before building a message, so a suppressed one costs no formatting.
func (r *reporter) allow() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	now := r.now()
	if !r.last.IsZero() && now.Sub(r.last) < r.interval {
		r.suppressed++
		return false
	}
	r.last = now
	return true
}

// write writes msg after allow said yes.
func (r *reporter) write(msg string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.suppressed > 0 {
		msg = fmt.Sprintf("%s (%d similar messages suppressed)", msg, r.suppressed)
		r.suppressed = 0
	}
	_, _ = fmt.Fprintf(r.w, "otelsetup: %s\n", msg)
}

// errorHandler is an otel.ErrorHandler over a reporter.
type errorHandler struct{ r *reporter }

func (h errorHandler) Handle(err error) { h.r.report("opentelemetry: " + err.Error()) }
