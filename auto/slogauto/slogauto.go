// Package slogauto is what the slog rule (orchestrion.yml in this
// directory) reaches from inside log/slog, through //go:linkname so that
// slog does not import it. Programs never import it; its exported names
// are for the package's own tests.
package slogauto

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	_ "unsafe" // for go:linkname

	"github.com/logspan/logspan/auto"
	"github.com/logspan/logspan/core"
	"github.com/logspan/logspan/slogspan"
)

// ready is set once this package, and so slogspan and OpenTelemetry, are
// initialized. slog.New runs before that, in slog's own init and in the
// package variables of libraries that initialize first: those handlers
// build their tee on their first record after it.
var ready atomic.Bool

func init() { ready.Store(true) }

// mark is called from the init the rule adds to package slog.
//
//go:linkname mark
func mark() {
	if !auto.Disabled() {
		core.MarkBuildTime(core.LoggerSlog)
	}
}

// wrap is called first in slog.New, for every handler but slog's built-in
// default one.
//
//go:linkname wrap
func wrap(h slog.Handler) slog.Handler { return Wrap(h) }

// Wrap returns h teed to slogspan as slogspan.Wrap does, the tee built on
// the first record after this package is initialized. A nil handler, a
// handler that already makes spans, and everything while auto.Disabled
// are returned as they are.
func Wrap(h slog.Handler) slog.Handler {
	switch h.(type) {
	case nil, *slogspan.Handler, *autoHandler:
		return h
	}
	if auto.Disabled() {
		return h
	}
	return &autoHandler{root: h, inner: h, tee: new(lazyTee)}
}

// op is one WithAttrs or WithGroup made before the tee was built.
type op struct {
	attrs []slog.Attr
	group string
}

// autoHandler is the application's handler until the tee can be built,
// and then the tee.
type autoHandler struct {
	root  slog.Handler
	ops   []op
	inner slog.Handler // root with ops: the output until the tee is built
	tee   *lazyTee
}

type lazyTee struct {
	once    sync.Once
	handler slog.Handler
}

var _ slog.Handler = (*autoHandler)(nil)

func (h *autoHandler) current() slog.Handler {
	if !ready.Load() {
		return h.inner
	}
	h.tee.once.Do(func() {
		t := slogspan.Wrap(h.root, core.BuildTimeOption())
		for _, o := range h.ops {
			if o.attrs != nil {
				t = t.WithAttrs(o.attrs)
			} else {
				t = t.WithGroup(o.group)
			}
		}
		h.tee.handler = t
	})
	return h.tee.handler
}

func (h *autoHandler) Enabled(ctx context.Context, l slog.Level) bool {
	return h.current().Enabled(ctx, l)
}

func (h *autoHandler) Handle(ctx context.Context, r slog.Record) error {
	return h.current().Handle(ctx, r)
}

func (h *autoHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	if ready.Load() {
		return h.current().WithAttrs(attrs)
	}
	if len(attrs) == 0 {
		return h
	}
	return h.with(op{attrs: attrs}, h.inner.WithAttrs(attrs))
}

func (h *autoHandler) WithGroup(name string) slog.Handler {
	if ready.Load() {
		return h.current().WithGroup(name)
	}
	if name == "" {
		return h
	}
	return h.with(op{group: name}, h.inner.WithGroup(name))
}

func (h *autoHandler) with(o op, inner slog.Handler) *autoHandler {
	ops := append(h.ops[:len(h.ops):len(h.ops)], o)
	return &autoHandler{root: h.root, ops: ops, inner: inner, tee: new(lazyTee)}
}

var (
	spansOnce sync.Once
	spans     *slogspan.Handler
)

func spanHandler() *slogspan.Handler {
	if !ready.Load() {
		return nil
	}
	spansOnce.Do(func() {
		if !auto.Disabled() {
			spans = slogspan.NewHandler(core.BuildTimeOption())
		}
	})
	return spans
}

// builtin is called first in the Handle of slog's built-in default
// handler, which is never wrapped: slog.SetDefault would route package
// log's output, which that handler writes to, back into the wrapper. It
// makes the record's span and returns the record that handler writes:
// with trace_id and span_id when ctx holds a span, as slogspan.Wrap does.
// Attributes added with With before the record are not in the span.
//
//go:linkname builtin
func builtin(ctx context.Context, r slog.Record) slog.Record {
	s := spanHandler()
	if s == nil {
		return r
	}
	var c capture
	_ = s.Wrap(&c).Handle(ctx, r)
	if !c.got {
		return r
	}
	return c.r
}

// capture keeps the record the tee hands on.
type capture struct {
	r   slog.Record
	got bool
}

func (c *capture) Enabled(context.Context, slog.Level) bool { return true }

func (c *capture) Handle(_ context.Context, r slog.Record) error {
	c.r, c.got = r, true
	return nil
}

func (c *capture) WithAttrs([]slog.Attr) slog.Handler { return c }
func (c *capture) WithGroup(string) slog.Handler      { return c }
