package spantest_test

import (
	"context"
	"testing"

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
	ev := d.em.Start(ctx, core.Record{Level: level, Message: msg}, d.fields)
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
		Levels: []spantest.Level{
			{Level: core.LevelTrace, Name: "trace"},
			{Level: core.LevelDebug, Name: "debug"},
			{Level: core.LevelInfo, Name: "info"},
			{Level: core.LevelNotice, Name: "notice"},
			{Level: core.LevelWarn, Name: "warn"},
			{Level: core.LevelError, Name: "error"},
			{Level: core.LevelFatal, Name: "fatal"},
		},
	})
}
