package otelsetup

import (
	"context"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"
)

// ShutdownOnSignal is [signal.NotifyContext] that also shuts the telemetry
// down: when one of sigs arrives (SIGINT and SIGTERM when none is given),
// the returned context is cancelled, so the program can stop its work, and
// shutdown (the function [Setup] returns, or [Provider.Shutdown]) runs at
// once, within timeout, so what was logged reaches the backend even if the
// program is killed soon after (as Kubernetes does after its grace
// period). A second signal gets the default behaviour (for SIGTERM and
// SIGINT: the process ends).
//
// The returned stop unregisters the signals and, when no signal came,
// runs shutdown itself; when one did, it waits for that shutdown to
// finish. Defer it in main:
//
//	shutdown, err := otelsetup.Setup(ctx)
//	...
//	ctx, stop := otelsetup.ShutdownOnSignal(ctx, shutdown, 5*time.Second)
//	defer stop()
//
// Logs made after the signal are counted as dropped at shutdown
// ([Stats.DroppedShutdown]).
//
// What Go cannot catch: a process killed by SIGKILL (or the kernel's
// out-of-memory killer) runs no code at all, and os.Exit ends the process
// at once, without deferred calls. A Fatal log of zap, zerolog or logrus
// flushes before its os.Exit; a direct os.Exit(1) loses whatever is still
// queued.
func ShutdownOnSignal(parent context.Context, shutdown func(context.Context) error, timeout time.Duration, sigs ...os.Signal) (ctx context.Context, stop func()) {
	if len(sigs) == 0 {
		sigs = []os.Signal{os.Interrupt, syscall.SIGTERM}
	}
	ctx, unregister := signal.NotifyContext(parent, sigs...)
	var (
		once     sync.Once
		finished = make(chan struct{})
		quit     = make(chan struct{})
	)
	run := func() {
		once.Do(func() {
			sctx, cancel := context.WithTimeout(context.WithoutCancel(parent), timeout)
			defer cancel()
			_ = shutdown(sctx)
		})
	}
	go func() {
		defer close(finished)
		select {
		case <-ctx.Done():
			if parent.Err() != nil {
				return // the parent ended, not a signal
			}
			unregister() // a second signal ends the process
			run()
		case <-quit:
		}
	}()
	var stopOnce sync.Once
	return ctx, func() {
		stopOnce.Do(func() {
			close(quit)
			<-finished
			unregister()
			run()
		})
	}
}
