package slogspan

import (
	"context"
	"fmt"
	"log"
	"log/slog"
)

// isBuiltinDefault reports whether h is slog's built-in default handler
// itself, the one slog.Default() has until slog.SetDefault is called. A
// handler derived from it (slog.Default().With(...).Handler()) is of the
// same type but carries attributes and groups the stand-in could not
// reproduce: it is left as it is (see Wrap's doc).
func isBuiltinDefault(h slog.Handler) bool {
	return fmt.Sprintf("%T", h) == "*slog.defaultHandler" && h == slog.Default().Handler()
}

// builtinStandIn replaces slog's built-in default handler under Wrap.
// That handler writes through package log; slog.SetDefault, given a
// handler that is not the built-in one, sends package log's output to the
// new default, which here would hand it back to the built-in handler: a
// loop that hangs the first log call. The stand-in writes the same records
// as text to the writer package log has now, and keeps the built-in
// handler's level (slog.SetLogLoggerLevel) by asking it.
type builtinStandIn struct {
	levels slog.Handler // the built-in handler: asked Enabled, never Handle
	slog.Handler
}

func newBuiltinStandIn(builtin slog.Handler) slog.Handler {
	return &builtinStandIn{
		levels:  builtin,
		Handler: slog.NewTextHandler(log.Writer(), &slog.HandlerOptions{Level: slog.Level(-1 << 20)}),
	}
}

func (b *builtinStandIn) Enabled(ctx context.Context, l slog.Level) bool {
	return b.levels.Enabled(ctx, l)
}

func (b *builtinStandIn) WithAttrs(attrs []slog.Attr) slog.Handler {
	return &builtinStandIn{levels: b.levels, Handler: b.Handler.WithAttrs(attrs)}
}

func (b *builtinStandIn) WithGroup(name string) slog.Handler {
	return &builtinStandIn{levels: b.levels, Handler: b.Handler.WithGroup(name)}
}
