package core_test

import (
	"log"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/logspan/logspan/core"
)

// recordingWriter notes, for each line the log package writes, whether
// core sees a fatal or panic call on the stack.
type recordingWriter struct{ fatal []bool }

func (w *recordingWriter) Write(p []byte) (int, error) {
	w.fatal = append(w.fatal, core.StdLogFatal())
	return len(p), nil
}

func TestStdLogFatal(t *testing.T) {
	w := &recordingWriter{}
	l := log.New(w, "", 0)
	l.Print("plain")
	l.Printf("plain %d", 1)
	func() {
		defer func() { _ = recover() }()
		l.Panicf("dying %d", 1)
	}()
	func() {
		defer func() { _ = recover() }()
		l.Panicln("dying")
	}()
	assert.Equal(t, []bool{false, false, true, true}, w.fatal)
	assert.False(t, core.StdLogFatal(), "not under the log package at all")

	out, flags := log.Writer(), log.Flags()
	t.Cleanup(func() { log.SetOutput(out); log.SetFlags(flags) })
	log.SetOutput(w)
	log.SetFlags(0)
	func() {
		defer func() { _ = recover() }()
		log.Panic("the package-level form")
	}()
	assert.Equal(t, []bool{false, false, true, true, true}, w.fatal)
}
