package core

import "context"

type suppressKey struct{}

// WithoutLogSpans returns a context under which logs make no spans. Code
// that runs on behalf of the telemetry pipeline (an exporter, a span
// processor) marks its context with it, so that whatever it logs through
// an instrumented logger does not feed spans back into the pipeline that
// is exporting them. otelsetup's export path does this for the exporter's
// context.
func WithoutLogSpans(ctx context.Context) context.Context {
	return context.WithValue(ctx, suppressKey{}, true)
}

// LogSpansSuppressed reports whether ctx was marked by [WithoutLogSpans].
func LogSpansSuppressed(ctx context.Context) bool {
	if ctx == nil {
		return false
	}
	v, _ := ctx.Value(suppressKey{}).(bool)
	return v
}
