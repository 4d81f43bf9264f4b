package zapspan

import (
	"context"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
)

// contextKey is the key of the field Context returns. Other cores skip the
// field, since its type is zapcore.SkipType.
const contextKey = "context"

// Context returns a field carrying ctx, the context the log is made under:
// the span in ctx becomes the parent of the log's span.
//
//	logger.Info("charged card", zapspan.Context(ctx), zap.Int("cents", 1299))
//
// Any other field holding a context.Context works the same (zap.Any("ctx",
// ctx), zap.Reflect). The context is never exported as an attribute, and
// other cores ignore the field Context returns.
func Context(ctx context.Context) zap.Field {
	return zap.Field{Key: contextKey, Type: zapcore.SkipType, Interface: ctx}
}

// contextField reports whether f carries a context, and which.
func contextField(f zapcore.Field) (context.Context, bool) {
	switch f.Type {
	case zapcore.SkipType, zapcore.StringerType, zapcore.ReflectType:
		ctx, ok := f.Interface.(context.Context)
		return ctx, ok && ctx != nil
	}
	return nil, false
}

// contextOf returns the last context among fields, or nil.
func contextOf(fields []zapcore.Field) context.Context {
	var found context.Context
	for _, f := range fields {
		if ctx, ok := contextField(f); ok {
			found = ctx
		}
	}
	return found
}
