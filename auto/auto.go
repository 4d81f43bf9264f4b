package auto

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"sync"
	"time"

	"github.com/logspan/logspan/otelsetup"
)

// Names of the environment variables that turn the instrumentation off.
const (
	EnvDisabled    = "LOGSPAN_DISABLED"
	EnvSDKDisabled = "OTEL_SDK_DISABLED"
)

// StopTimeout bounds how long [Stop] waits for the last spans to be
// exported.
const StopTimeout = 5 * time.Second

// The state is made of zero values only: Start and Disabled may be called
// before this package's own initialization has run.
var (
	mu       sync.Mutex
	started  bool
	shutdown func(context.Context) error
)

// Disabled reports whether LOGSPAN_DISABLED or OTEL_SDK_DISABLED is true
// (as strconv.ParseBool reads it) in the environment. The rewritten logger
// packages ask it when they build a logger, before anything else.
func Disabled() bool {
	return envTrue(EnvDisabled) || envTrue(EnvSDKDisabled)
}

func envTrue(name string) bool {
	v, err := strconv.ParseBool(os.Getenv(name))
	return err == nil && v
}

// Start sets OpenTelemetry up from the environment with otelsetup.Setup:
// the global tracer provider every instrumented logger sends its spans to,
// and the propagator. The rule for package main calls it first thing in
// main. Later calls do nothing, and so does Start when [Disabled]. An
// error (a variable that cannot be used) is written to stderr, once, and
// leaves OpenTelemetry as it was: the program runs on, its logs unchanged.
func Start() {
	mu.Lock()
	defer mu.Unlock()
	if started {
		return
	}
	started = true
	if Disabled() {
		return
	}
	sd, err := otelsetup.Setup(context.Background())
	if err != nil {
		_, _ = fmt.Fprintf(os.Stderr, "logspan/auto: %v\n", err)
		return
	}
	shutdown = sd
}

// Stop flushes the spans not yet exported and shuts the provider Start set
// up down, within [StopTimeout]. The rule for package main defers it in
// main; os.Exit skips it, but the fatal logs that exit flush their own
// span first. Start after Stop does nothing.
func Stop() {
	mu.Lock()
	sd := shutdown
	shutdown = nil
	mu.Unlock()
	if sd == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), StopTimeout)
	defer cancel()
	if err := sd(ctx); err != nil {
		_, _ = fmt.Fprintf(os.Stderr, "logspan/auto: %v\n", err)
	}
}
