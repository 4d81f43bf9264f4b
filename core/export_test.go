package core

import (
	"context"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/sdk/instrumentation"
	"go.opentelemetry.io/otel/trace"
)

// StartDirectSpan starts a span on p the way Emitter.Start does on the
// direct path, for tests that drive the span's methods one by one.
func StartDirectSpan(ctx context.Context, p *Pipeline, scope instrumentation.Scope, name string, at time.Time, attrs ...attribute.KeyValue) trace.Span {
	b := new(directBuilder)
	b.start(ctx, p, nil, &scope, name, at, attrs)
	return b
}
