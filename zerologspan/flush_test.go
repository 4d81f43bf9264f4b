package zerologspan_test

import (
	"context"
	"io"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/zerologspan"
)

// exporter remembers the names of the spans exported so far.
type exporter struct {
	mu    sync.Mutex
	names []string
}

func (e *exporter) ExportSpans(_ context.Context, spans []sdktrace.ReadOnlySpan) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, s := range spans {
		e.names = append(e.names, s.Name())
	}
	return nil
}

func (e *exporter) Shutdown(context.Context) error { return nil }

func (e *exporter) exported() []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]string(nil), e.names...)
}

// batchedLogger logs through a batching provider that would hold spans for
// an hour: only a flush exports them.
func batchedLogger(t *testing.T) (zerolog.Logger, *exporter) {
	exp := &exporter{}
	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(exp, sdktrace.WithBatchTimeout(time.Hour)))
	t.Cleanup(func() { _ = tp.Shutdown(context.Background()) })
	return zerolog.New(io.Discard).Hook(zerologspan.NewHook(logspan.WithTracerProvider(tp))), exp
}

// Fatal: the span is exported before zerolog exits. A hook added after the
// span hook runs after it and before zerolog's exit (every zerolog version
// runs the hooks first): it takes the exported spans and ends the logging
// goroutine there, so the test process lives on, without changing
// zerolog.FatalExitFunc (which older zerolog versions do not have).
func TestFatalFlushesBeforeExit(t *testing.T) {
	l, exp := batchedLogger(t)
	var atExit []string
	l = l.Hook(zerolog.HookFunc(func(_ *zerolog.Event, level zerolog.Level, _ string) {
		if level == zerolog.FatalLevel {
			atExit = exp.exported()
			runtime.Goexit()
		}
	}))

	l.Info().Msg("ordinary")
	done := make(chan struct{})
	go func() {
		defer close(done)
		l.Fatal().Msg("dying")
	}()
	<-done
	assert.Equal(t, []string{"ordinary", "dying"}, atExit)
}

// Panic: the span is exported before zerolog panics.
func TestPanicFlushesBeforePanicking(t *testing.T) {
	l, exp := batchedLogger(t)
	var atPanic []string
	func() {
		defer func() {
			atPanic = exp.exported()
			require.Equal(t, "panicking", recover())
		}()
		l.Panic().Msg("panicking")
	}()
	assert.Equal(t, []string{"panicking"}, atPanic)
}

// Below fatal, nothing is flushed by the logging call.
func TestErrorDoesNotFlush(t *testing.T) {
	l, exp := batchedLogger(t)
	l.Error().Msg("not flushed")
	assert.Empty(t, exp.exported())
}
