package core

import (
	"testing"

	"go.opentelemetry.io/otel/attribute"
)

// BenchmarkScrubberNoSecret is the scrubber alone on the fields of a
// typical request log with no secret (the keys cached, as they are after
// the first log): the part of a log's cost that scrubbing adds.
func BenchmarkScrubberNoSecret(b *testing.B) {
	give := []attribute.KeyValue{
		attribute.String("http.request.method", "GET"),
		attribute.String("url.path", "/api/v1/orders/8231/items"),
		attribute.Int64("http.response.status_code", 200),
		attribute.Float64("duration_ms", 12.75),
		attribute.String("user_agent.original", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"),
		attribute.String("request_id", "1b4e28ba-2fa1-11d2-883f-0016d3cca427"),
		attribute.String("client.address", "203.0.113.7"),
		attribute.Int64("http.response.body.size", 5120),
		attribute.String("user.id", "u_48213"),
		attribute.String("tenant", "acme-corp"),
		attribute.Bool("cache_hit", false),
		attribute.String("query", `{"filter":["open","paid"],"page":2,"sort":"created_at"}`),
	}
	keys := []jsonKey{{key: "query", kind: "object"}}
	s := &scrubber{}
	attrs := make([]attribute.KeyValue, len(give))
	var out []scrubRecord
	b.ReportAllocs()
	for b.Loop() {
		copy(attrs, give)
		out = s.scrub(attrs, keys, out[:0])
	}
	if len(out) != 0 {
		b.Fatalf("scrubbed %v", out)
	}
}
