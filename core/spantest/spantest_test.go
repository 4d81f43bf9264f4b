package spantest_test

import (
	"context"
	"runtime"
	"testing"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/core"
	"github.com/logspan/logspan/core/spantest"
)

// direct is the smallest possible adapter: it drives core.Emitter with
// AddAny for every field. The suite must pass for it, or the suite (or
// core) is wrong, whatever the adapters do.
type direct struct {
	em     *core.Emitter
	fields *core.Fields
}

func (d direct) Log(ctx context.Context, level core.Level, msg string, fields ...spantest.Field) {
	d.log(ctx, level, msg, fields)
}

// Fatal logs at 23, zap's Fatal, a severity Logfire has no name for.
func (d direct) Fatal(ctx context.Context, msg string) { d.log(ctx, core.LevelFatal+2, msg, nil) }

func (d direct) log(ctx context.Context, level core.Level, msg string, fields []spantest.Field) {
	// The caller, as loggers capture it: the harness's Log.
	var caller core.Caller
	if pc, file, line, ok := runtime.Caller(1); ok {
		caller = core.Caller{File: file, Line: line, Function: runtime.FuncForPC(pc).Name()}
	}
	ev := d.em.Start(ctx, core.Record{Level: level, Message: msg, Caller: caller}, d.fields)
	if ev == nil {
		return
	}
	if ev.Recording() {
		for _, f := range fields {
			ev.Encoder().AddAny(f.Key, f.Value)
		}
	}
	ev.End()
}

func (d direct) With(fields ...spantest.Field) spantest.Logger {
	enc := d.em.NewEncoder(d.fields)
	for _, f := range fields {
		enc.AddAny(f.Key, f.Value)
	}
	return direct{em: d.em, fields: enc.Fields()}
}

func TestRunOnCore(t *testing.T) {
	spantest.Run(t, spantest.Harness{
		ScopeName: "github.com/logspan/logspan/core/spantest",
		NewLogger: func(_ *testing.T, opts ...core.Option) spantest.Logger {
			return direct{em: core.NewEmitter("github.com/logspan/logspan/core/spantest", "test", opts...)}
		},
		Caller: true,
		Levels: coreLevels,
	})
}

// An emitter told that its logger prints its own lines marks every span
// for consoles to skip.
func TestRunOnCoreOwnOutput(t *testing.T) {
	spantest.Run(t, spantest.Harness{
		ScopeName: "github.com/logspan/logspan/core/spantest",
		NewLogger: func(_ *testing.T, opts ...core.Option) spantest.Logger {
			opts = append(opts, logspan.WithConsoleLog(false))
			return direct{em: core.NewEmitter("github.com/logspan/logspan/core/spantest", "test", opts...)}
		},
		OwnOutput: true,
		Levels:    coreLevels,
	})
}

var coreLevels = []spantest.Level{
	{Level: core.LevelTrace, Name: "trace"},
	{Level: core.LevelDebug, Name: "debug"},
	{Level: core.LevelInfo, Name: "info"},
	{Level: core.LevelNotice, Name: "notice"},
	{Level: core.LevelNotice + 1, Name: "notice2"},
	{Level: core.LevelWarn, Name: "warn"},
	{Level: core.LevelError, Name: "error"},
	{Level: core.LevelFatal, Name: "fatal"},
	{Level: core.LevelFatal + 2, Name: "fatal3"},
}
