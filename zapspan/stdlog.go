package zapspan

import (
	"bytes"
	"log"

	"go.uber.org/zap"

	"github.com/logspan/logspan/core"
)

// RedirectStdLog is zap.RedirectStdLog for a logger whose logs become
// spans: the standard library's package log writes through l at Info, with
// its flags and prefix cleared and the caller of log.Print as the caller,
// and a line written by log.Fatal or log.Panic syncs l (its cores and the
// span pipeline) before the process exits or panics, which
// zap.RedirectStdLog cannot know to do. The returned function restores
// package log's output, flags and prefix.
func RedirectStdLog(l *zap.Logger) func() {
	flags, prefix, out := log.Flags(), log.Prefix(), log.Writer()
	log.SetFlags(0)
	log.SetPrefix("")
	// The frames between the caller and l.Info: log.Print (or Fatal...),
	// (*log.Logger).output, stdLogWriter.Write; zap.RedirectStdLog skips
	// the same number.
	log.SetOutput(&stdLogWriter{l: l.WithOptions(zap.AddCallerSkip(3))})
	return func() {
		log.SetFlags(flags)
		log.SetPrefix(prefix)
		log.SetOutput(out)
	}
}

// stdLogWriter is package log's writer under RedirectStdLog.
type stdLogWriter struct{ l *zap.Logger }

func (w *stdLogWriter) Write(p []byte) (int, error) {
	w.l.Info(string(bytes.TrimSpace(p)))
	if core.StdLogFatal() {
		_ = w.l.Sync()
	}
	return len(p), nil
}
