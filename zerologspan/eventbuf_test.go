//go:build !binary_log

package zerologspan

import (
	"io"
	"testing"

	"github.com/rs/zerolog"
)

// TestEventBufferLayout fails loudly when a zerolog upgrade breaks the way
// zerologspan reads an event's fields: the unexported buf []byte of
// *zerolog.Event, holding `{"level":"info",<context>,<fields>` while hooks
// run. If it fails, spans silently lose every field (the hook falls back
// to the message and level): fix eventbuf.go before upgrading zerolog.
func TestEventBufferLayout(t *testing.T) {
	if !fieldsReadable() {
		t.Fatal("zerolog.Event has no field buf []byte: zerologspan cannot read event fields with this zerolog version")
	}
	var seen string
	hook := zerolog.HookFunc(func(e *zerolog.Event, _ zerolog.Level, _ string) {
		seen = string(eventBuffer(e))
	})
	l := zerolog.New(io.Discard).With().Str("ctx", "c").Logger().Hook(hook)
	l.Info().Int("n", 1).Msg("m")
	if want := `{"level":"info","ctx":"c","n":1`; seen != want {
		t.Fatalf("event buffer while hooks run = %q, want %q", seen, want)
	}
}
