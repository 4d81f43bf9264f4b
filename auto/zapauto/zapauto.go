// Package zapauto is what the zap rule (orchestrion.yml in this directory)
// reaches from inside go.uber.org/zap, through //go:linkname so that zap
// does not import it (zapauto imports zap). Programs never import it; its
// exported names are for the package's own tests.
package zapauto

import (
	"sync"
	"sync/atomic"
	_ "unsafe" // for go:linkname

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/logspan/logspan/auto"
	"github.com/logspan/logspan/core"
	"github.com/logspan/logspan/zapspan"
)

// ready is set once this package, and so zapspan and OpenTelemetry, are
// initialized. zap.New can run before that, from a package variable of a
// library that initializes first: the cores built then make their tee on
// their first log after it.
var ready atomic.Bool

func init() { ready.Store(true) }

// mark is called from the init the rule adds to package zap.
//
//go:linkname mark
func mark() {
	if !auto.Disabled() {
		core.MarkBuildTime(core.LoggerZap)
	}
}

// wrapCore is the last option the rule adds to every zap.New: the core
// zap.New builds (after the caller's own options, sampling included) is
// teed to zapspan.
//
//go:linkname wrapCore
func wrapCore(c zapcore.Core) zapcore.Core { return Wrap(c) }

// Wrap returns c teed to zapspan as zapspan.WrapCore does, built when it
// first logs after this package is initialized. A nil core, a core that
// already makes spans, and everything while auto.Disabled are returned as
// they are.
func Wrap(c zapcore.Core) zapcore.Core {
	switch c.(type) {
	case nil, *zapspan.Core, *autoCore:
		return c
	}
	if auto.Disabled() {
		return c
	}
	return &autoCore{root: c, inner: c, tee: new(lazyTee)}
}

// autoCore is the application's core until the tee can be built, and
// then the tee. With before that is replayed on the tee.
type autoCore struct {
	root   zapcore.Core    // the core zap.New was given
	fields []zapcore.Field // With fields since root, for the tee
	inner  zapcore.Core    // root.With(fields): the output until then
	tee    *lazyTee
}

type lazyTee struct {
	once sync.Once
	core zapcore.Core
}

var _ zapcore.Core = (*autoCore)(nil)

// current returns the tee once it can be built, else the inner core.
func (c *autoCore) current() zapcore.Core {
	if !ready.Load() {
		return c.inner
	}
	c.tee.once.Do(func() {
		root := c.root
		opt := zap.WrapCore(func(zapcore.Core) zapcore.Core { return root })
		// A zero Logger is enough to apply the options to a core: New
		// would come back here.
		t := new(zap.Logger).WithOptions(opt, zapspan.WrapCore(core.BuildTimeOption())).Core()
		if len(c.fields) > 0 {
			t = t.With(c.fields)
		}
		c.tee.core = t
	})
	return c.tee.core
}

func (c *autoCore) Enabled(l zapcore.Level) bool { return c.current().Enabled(l) }

func (c *autoCore) With(fields []zapcore.Field) zapcore.Core {
	if ready.Load() {
		return c.current().With(fields)
	}
	all := append(c.fields[:len(c.fields):len(c.fields)], fields...)
	return &autoCore{root: c.root, fields: all, inner: c.inner.With(fields), tee: new(lazyTee)}
}

func (c *autoCore) Check(ent zapcore.Entry, ce *zapcore.CheckedEntry) *zapcore.CheckedEntry {
	return c.current().Check(ent, ce)
}

func (c *autoCore) Write(ent zapcore.Entry, fields []zapcore.Field) error {
	return c.current().Write(ent, fields)
}

func (c *autoCore) Sync() error { return c.current().Sync() }
