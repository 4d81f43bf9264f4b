package zapspan_test

import (
	"context"
	"io"
	"testing"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/core"
	"github.com/logspan/logspan/core/spantest"
	"github.com/logspan/logspan/zapspan"
)

var zapLevels = map[core.Level]zapcore.Level{
	core.LevelDebug: zapcore.DebugLevel,
	core.LevelInfo:  zapcore.InfoLevel,
	core.LevelWarn:  zapcore.WarnLevel,
	core.LevelError: zapcore.ErrorLevel,
	core.LevelFatal: zapcore.DPanicLevel, // production loggers do not panic on DPanic
}

// harnessLogger drives a zap logger for the conformance suite.
type harnessLogger struct{ l *zap.Logger }

func (h harnessLogger) Log(ctx context.Context, level core.Level, msg string, fields ...spantest.Field) {
	zf := make([]zap.Field, 0, len(fields)+1)
	if ctx != nil {
		zf = append(zf, zapspan.Context(ctx))
	}
	for _, f := range fields {
		zf = append(zf, zap.Any(f.Key, f.Value))
	}
	h.l.Log(zapLevels[level], msg, zf...)
}

func (h harnessLogger) With(fields ...spantest.Field) spantest.Logger {
	zf := make([]zap.Field, len(fields))
	for i, f := range fields {
		zf[i] = zap.Any(f.Key, f.Value)
	}
	return harnessLogger{h.l.With(zf...)}
}

// WithGroup nests later fields the way zap does, with a Namespace.
func (h harnessLogger) WithGroup(name string) spantest.Logger {
	return harnessLogger{h.l.With(zap.Namespace(name))}
}

// zapDifferences are the rows of spantest.Table zap cannot log like the
// other loggers.
var zapDifferences = map[string]string{}

var zapHarnessLevels = []spantest.Level{
	{Level: core.LevelDebug, Name: "debug"},
	{Level: core.LevelInfo, Name: "info"},
	{Level: core.LevelWarn, Name: "warn"},
	{Level: core.LevelError, Name: "error"},
	{Level: core.LevelFatal, Name: "dpanic"},
}

func TestConformance(t *testing.T) {
	spantest.Run(t, spantest.Harness{
		ScopeName:   zapspan.ScopeName,
		Levels:      zapHarnessLevels,
		Differences: zapDifferences,
		NewLogger: func(_ *testing.T, opts ...logspan.Option) spantest.Logger {
			return harnessLogger{zap.New(zapspan.NewCore(opts...), zap.AddCaller())}
		},
		Caller: true,
	})
}

// The suite must hold for the one-line migration too: the application's
// own core keeps writing, the spans are the same.
func TestConformanceWrapCore(t *testing.T) {
	spantest.Run(t, spantest.Harness{
		ScopeName:   zapspan.ScopeName,
		Levels:      zapHarnessLevels,
		Differences: zapDifferences,
		NewLogger: func(_ *testing.T, opts ...logspan.Option) spantest.Logger {
			app := zapcore.NewCore(zapcore.NewJSONEncoder(zap.NewProductionEncoderConfig()), zapcore.AddSync(discard{}), zapcore.DebugLevel)
			return harnessLogger{zap.New(app).WithOptions(zapspan.WrapCore(opts...))}
		},
		Unsupported: map[string]string{
			"PanickingMarshalJSON": "zap's JSON encoder, the application's own core here, does not recover a panicking MarshalJSON",
		},
		NewOutput: newOutput,
		OwnOutput: true,
	})
}

// newOutput is the harness's logger over zap's JSON encoder without a
// timestamp, with WrapCore or without, for the output checks.
func newOutput(_ *testing.T, w io.Writer, spans bool, opts ...logspan.Option) spantest.Logger {
	cfg := zap.NewProductionEncoderConfig()
	cfg.TimeKey = ""
	app := zapcore.NewCore(zapcore.NewJSONEncoder(cfg), zapcore.AddSync(w), zapcore.DebugLevel)
	l := zap.New(app, zap.WithFatalHook(noExit{}))
	if spans {
		l = l.WithOptions(zapspan.WrapCore(opts...))
	}
	return harnessLogger{l}
}

// Fatal logs at zap's Fatal level with the exit replaced by a return.
func (h harnessLogger) Fatal(ctx context.Context, msg string) {
	h.l.WithOptions(zap.WithFatalHook(noExit{})).Fatal(msg, zapspan.Context(ctx))
}

// Sync is zap.Logger.Sync.
func (h harnessLogger) Sync() error { return h.l.Sync() }

// noExit is a fatal hook that returns instead of exiting.
type noExit struct{}

func (noExit) OnWrite(*zapcore.CheckedEntry, []zapcore.Field) {}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
