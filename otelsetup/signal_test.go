package otelsetup_test

import (
	"context"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/logspan/logspan/otelsetup"
)

func TestShutdownOnSignal(t *testing.T) {
	var calls atomic.Int32
	var deadline atomic.Bool
	shutdown := func(ctx context.Context) error {
		_, ok := ctx.Deadline()
		deadline.Store(ok)
		calls.Add(1)
		return nil
	}
	ctx, stop := otelsetup.ShutdownOnSignal(context.Background(), shutdown, time.Second, syscall.SIGUSR1)
	assert.NoError(t, syscall.Kill(syscall.Getpid(), syscall.SIGUSR1))
	select {
	case <-ctx.Done():
	case <-time.After(5 * time.Second):
		t.Fatal("the signal did not cancel the context")
	}
	assert.Eventually(t, func() bool { return calls.Load() == 1 }, 5*time.Second, time.Millisecond, "the signal ran the shutdown")
	assert.True(t, deadline.Load(), "within the timeout")
	stop()
	assert.Equal(t, int32(1), calls.Load(), "shutdown runs once")

	// No signal: stop runs the shutdown.
	_, stop = otelsetup.ShutdownOnSignal(context.Background(), shutdown, time.Second, syscall.SIGUSR1)
	stop()
	stop()
	assert.Equal(t, int32(2), calls.Load())
}
