package main

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/logspan/logspan/core"
	"github.com/logspan/logspan/zapspan"
)

// The quickstart's trace: three log spans, each under the span that was
// current when it was logged.
func TestQuickstartTrace(t *testing.T) {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	// A no-op core is disabled at every level, and WrapCore keeps the
	// application's levels: use a real core that discards.
	app := zapcore.NewCore(zapcore.NewJSONEncoder(zap.NewProductionEncoderConfig()), zapcore.AddSync(io.Discard), zapcore.InfoLevel)
	logger := zap.New(app).WithOptions(zapspan.WrapCore(core.WithTracerProvider(tp)))
	handleCheckout(context.Background(), tp.Tracer("test"), logger)

	byName := map[string]sdktrace.ReadOnlySpan{}
	for _, s := range rec.Ended() {
		byName[s.Name()] = s
	}
	parents := map[string]string{
		"checkout started":           "POST /checkout",
		"card declined":              "charge card",
		"checkout failed, cart kept": "POST /checkout",
	}
	for logName, parentName := range parents {
		l, p := byName[logName], byName[parentName]
		if l == nil || p == nil {
			t.Fatalf("missing %q or %q in %v", logName, parentName, byName)
		}
		if l.Parent().SpanID() != p.SpanContext().SpanID() {
			t.Errorf("%q is not a child of %q", logName, parentName)
		}
	}

	var out bytes.Buffer
	printTree(&out, rec.Ended())
	if !strings.Contains(out.String(), "    ") || strings.Count(out.String(), "(instant: true)") != 3 {
		t.Errorf("tree output:\n%s", out.String())
	}
}
