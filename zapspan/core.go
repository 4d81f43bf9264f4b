package zapspan

import (
	"context"

	"go.uber.org/zap/zapcore"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/core"
)

// Core is a zapcore.Core that turns every entry it is given into an instant
// span. Use it alone, zap.New(zapspan.NewCore()), or beside the core an
// application already has, with [WrapCore].
type Core struct {
	em     *core.Emitter
	fields *core.Fields    // converted once, at With
	ctx    context.Context // a context given to With, the default parent
}

var _ zapcore.Core = (*Core)(nil)

// NewCore returns a core that makes a span for every entry at or above
// Info (change it with logspan.WithMinLevel) through the tracer provider the
// options name (by default the global one).
func NewCore(opts ...logspan.Option) *Core {
	em := core.NewEmitter(ScopeName, Version, opts...)
	return &Core{em: em}
}

// Enabled reports whether entries at level l become spans. It asks the
// emitter with the severity, so custom zap levels outside Debug..Fatal are
// judged by the same table as the rest.
func (c *Core) Enabled(l zapcore.Level) bool { return c.em.Enabled(levelOf(l)) }

// Level returns the lowest standard zap level that is enabled, for
// zapcore.LevelOf. It follows a minimum level that changes at run time
// (logspan.WithLeveler).
func (c *Core) Level() zapcore.Level { return zapLevelOf(c.em.MinLevel()) }

// With returns a core that adds fields to every span. The fields are
// converted once, here; a context among them becomes the parent of every
// log made without one of its own. c is unchanged.
func (c *Core) With(fields []zapcore.Field) zapcore.Core {
	return c.with(fields)
}

func (c *Core) with(fields []zapcore.Field) *Core {
	clone := *c
	if ctx := contextOf(fields); ctx != nil {
		clone.ctx = ctx
	}
	enc := c.em.NewEncoder(c.fields)
	addFields(enc, fields)
	clone.fields = enc.Fields()
	return &clone
}

// Check adds c to ce when the entry's level is enabled.
func (c *Core) Check(ent zapcore.Entry, ce *zapcore.CheckedEntry) *zapcore.CheckedEntry {
	if c.Enabled(ent.Level) {
		return ce.AddCore(ent, c)
	}
	return ce
}

// Write makes the entry's span. Entries at DPanic and above are flushed
// before Write returns, so a process about to panic or exit delivers them.
func (c *Core) Write(ent zapcore.Entry, fields []zapcore.Field) error {
	c.write(ent, fields)
	return nil
}

// write makes the span and returns its identity (valid even when the span
// is not sampled, invalid when no span was started).
func (c *Core) write(ent zapcore.Entry, fields []zapcore.Field) (sc spanIDs) {
	ctx := c.ctx
	if fctx := contextOf(fields); fctx != nil {
		ctx = fctx
	}
	ev := c.em.Start(ctx, recordOf(ent), c.fields)
	if ev == nil {
		return sc
	}
	if ev.Recording() {
		addFields(ev.Encoder(), fields)
	}
	return spanIDs{ev.End()}
}

// Sync flushes the tracer provider, if it can flush, within the flush
// timeout (logspan.WithFlushTimeout).
func (c *Core) Sync() error { return c.em.Sync() }

func recordOf(ent zapcore.Entry) core.Record {
	r := core.Record{
		Time:       ent.Time,
		Level:      levelOf(ent.Level),
		LevelName:  ent.Level.String(),
		Message:    ent.Message,
		LoggerName: ent.LoggerName,
		Stack:      ent.Stack, // zap.AddStacktrace's
	}
	if ent.Caller.Defined {
		r.Caller = core.Caller{File: ent.Caller.File, Line: ent.Caller.Line, Function: ent.Caller.Function}
	}
	return r
}
