package otelsetup

import (
	"context"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"
)

// reportQueue bounds the messages waiting for the writer goroutine.
const reportQueue = 16

// reporter writes diagnostics to stderr from a goroutine of its own, so
// that nothing else ever waits on the writer: a blocked stderr (a full
// pipe, a container runtime's blocking log mode) costs reports, counted,
// never a logging call. Messages are rate-limited to one per interval,
// counting those held back; the drop totals are written at most once per
// interval, read when written, so they are exact at that moment.
//
// It writes directly, never through a logger: a logger instrumented by
// logspan would turn each report into a span, and a failing export into a
// storm of them.
type reporter struct {
	w        io.Writer
	interval time.Duration
	now      func() time.Time
	stats    func() Stats // set before the first report
	noun     string       // what the totals count: "spans" unless set

	msgs   chan string
	notify chan struct{} // the totals changed
	stop   chan struct{}
	done   chan struct{}
	once   sync.Once

	mu         sync.Mutex // guards last and suppressed; never held across a write
	last       time.Time
	suppressed int

	lost atomic.Uint64 // reports not written: the writer was behind
}

func newReporter(w io.Writer, interval time.Duration) *reporter {
	r := &reporter{
		w:        w,
		interval: interval,
		now:      time.Now,
		stats:    func() Stats { return Stats{} },
		msgs:     make(chan string, reportQueue),
		notify:   make(chan struct{}, 1),
		stop:     make(chan struct{}),
		done:     make(chan struct{}),
	}
	return r
}

// start runs the writer goroutine.
func (r *reporter) start() { go r.run() }

// message queues msg unless one was queued less than an interval ago. It
// never blocks.
func (r *reporter) message(msg string) {
	r.mu.Lock()
	now := r.now()
	if !r.last.IsZero() && now.Sub(r.last) < r.interval {
		r.suppressed++
		r.mu.Unlock()
		return
	}
	r.last = now
	if r.suppressed > 0 {
		msg = fmt.Sprintf("%s (%d similar messages suppressed)", msg, r.suppressed)
		r.suppressed = 0
	}
	r.mu.Unlock()
	r.send(msg)
}

func (r *reporter) send(msg string) {
	select {
	case r.msgs <- msg:
	default:
		r.lost.Add(1)
	}
}

// changed tells the writer that spans were dropped. It never blocks.
func (r *reporter) changed() {
	select {
	case r.notify <- struct{}{}:
	default:
	}
}

func (r *reporter) run() {
	defer close(r.done)
	var (
		lastTotals time.Time
		timer      *time.Timer
		timerC     <-chan time.Time
		reported   Stats
	)
	totals := func() {
		s := r.stats()
		if s.Dropped() == reported.Dropped() {
			return
		}
		reported, lastTotals = s, r.now()
		r.write(s.format(r.noun) + " so far" + r.lostNote())
	}
	for {
		select {
		case msg := <-r.msgs:
			r.write(msg)
		case <-r.notify:
			if timerC != nil {
				continue // a report is due already
			}
			if wait := r.interval - r.now().Sub(lastTotals); !lastTotals.IsZero() && wait > 0 {
				timer = time.NewTimer(wait)
				timerC = timer.C
				continue
			}
			totals()
		case <-timerC:
			timer, timerC = nil, nil
			totals()
		case <-r.stop:
			if timer != nil {
				timer.Stop()
			}
		drain:
			for {
				select {
				case msg := <-r.msgs:
					r.write(msg)
				default:
					break drain
				}
			}
			if s := r.stats(); s.Dropped() > 0 || r.lost.Load() > 0 {
				r.write("final totals: " + s.format(r.noun) + r.lostNote())
			}
			return
		}
	}
}

func (r *reporter) lostNote() string {
	if n := r.lost.Load(); n > 0 {
		return fmt.Sprintf("; %d reports lost (stderr blocked)", n)
	}
	return ""
}

func (r *reporter) write(msg string) {
	_, _ = fmt.Fprintf(r.w, "otelsetup: %s\n", msg)
}

// close writes the final totals when anything was lost, and stops the
// writer, waiting for it until ctx is done. A writer blocked for good
// keeps its goroutine until its Write returns.
func (r *reporter) close(ctx context.Context) error {
	r.once.Do(func() { close(r.stop) })
	select {
	case <-r.done:
		return nil
	case <-ctx.Done():
	}
	// Out of time already: the final line still gets a moment, a writer
	// that works needs microseconds.
	select {
	case <-r.done:
		return nil
	case <-time.After(100 * time.Millisecond):
		return ctx.Err()
	}
}

// errorHandler is an otel.ErrorHandler over a reporter: it never blocks.
type errorHandler struct{ r *reporter }

func (h errorHandler) Handle(err error) { h.r.message("opentelemetry: " + err.Error()) }
