package slogspan_test

import (
	"bytes"
	"log"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/logspan/logspan/core"
	"github.com/logspan/logspan/core/spantest"
	"github.com/logspan/logspan/slogspan"
)

// Wrapping slog's built-in default handler and making the result the
// default must neither hang (package log's output would loop back) nor
// lose the application's output.
func TestWrapBuiltinDefault(t *testing.T) {
	prevDefault, prevOut, prevFlags := slog.Default(), log.Writer(), log.Flags()
	hung := false
	t.Cleanup(func() {
		if hung {
			return // the stuck goroutine holds package log's lock
		}
		slog.SetDefault(prevDefault)
		log.SetOutput(prevOut)
		log.SetFlags(prevFlags)
	})
	var out bytes.Buffer
	log.SetOutput(&out)
	tp, rec := spantest.NewRecorder(t)

	done := make(chan struct{})
	go func() {
		defer close(done)
		slog.SetDefault(slog.New(slogspan.Wrap(slog.Default().Handler(), core.WithTracerProvider(tp))))
		slog.Info("hello", "k", 1)
		slog.Debug("below the built-in handler's level")
		log.Print("through package log")
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		hung = true
		t.Fatal("logging hung: package log's output looped back into the built-in handler")
	}
	if !strings.Contains(out.String(), "msg=hello k=1") || strings.Contains(out.String(), "below") {
		t.Errorf("application output:\n%s", out.String())
	}
	var names []string
	for _, s := range rec.Ended() {
		names = append(names, s.Name())
	}
	if len(names) != 2 || names[0] != "hello" || names[1] != "through package log" {
		t.Errorf("spans %q, want the slog record and the package log line", names)
	}
}
