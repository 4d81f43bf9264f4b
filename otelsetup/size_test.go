package otelsetup

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
)

// A span's weight counts its byte-slice, slice and map values too, so the
// byte budget holds for spans from any instrumentation, not only logs.
func TestSpanSizeCountsEveryValue(t *testing.T) {
	big := strings.Repeat("x", 1<<20)
	stub := tracetest.SpanStub{Name: "n", Attributes: []attribute.KeyValue{
		attribute.ByteSlice("b", []byte(big)),
		attribute.Slice("s", attribute.StringValue(big)),
		attribute.Map("m", attribute.String("k", big)),
	}}
	size, _ := spanSize(stub.Snapshot())
	assert.Greater(t, size, int64(3<<20))
}
