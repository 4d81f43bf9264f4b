package zapspan_test

import (
	"bytes"
	"log"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/core/spantest"
	"github.com/logspan/logspan/zapspan"
)

// Under zapspan.RedirectStdLog, package log's lines reach zap as
// zap.RedirectStdLog sends them (same output, same caller), and a
// log.Panic line is flushed before the panic, through a batcher that
// would otherwise hold it for an hour.
func TestRedirectStdLog(t *testing.T) {
	out := func(w *bytes.Buffer) zapcore.Core {
		cfg := zap.NewProductionEncoderConfig()
		cfg.TimeKey = ""
		return zapcore.NewCore(zapcore.NewJSONEncoder(cfg), zapcore.AddSync(w), zapcore.DebugLevel)
	}
	flags, prefix, writer := log.Flags(), log.Prefix(), log.Writer()
	t.Cleanup(func() { log.SetFlags(flags); log.SetPrefix(prefix); log.SetOutput(writer) })

	var want bytes.Buffer
	undo := zap.RedirectStdLog(zap.New(out(&want), zap.AddCaller()))
	printLine()
	undo()

	tp, exported := spantest.NewHeldProvider(t)
	var got bytes.Buffer
	l := zap.New(out(&got), zap.AddCaller()).WithOptions(zapspan.WrapCore(logspan.WithTracerProvider(tp)))
	undo = zapspan.RedirectStdLog(l)
	printLine()
	assert.Equal(t, want.String(), got.String(), "the same output as zap.RedirectStdLog")
	assert.Zero(t, exported(), "held by the batcher")
	func() {
		defer func() { _ = recover() }()
		log.Panic("last words")
	}()
	undo()
	assert.Equal(t, 2, exported(), "log.Panic flushed the queue and its own line")
	assert.Equal(t, flags, log.Flags())
	require.Equal(t, writer, log.Writer())
}

// printLine logs from one place, so both loggers report the same caller.
func printLine() { log.Print("plain line") }
