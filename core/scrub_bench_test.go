package core_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/logspan/logspan/core"
)

// benchEmitter returns an emitter whose spans are recorded (and dropped):
// the cost measured is the log's conversion and scrubbing, not an export.
func benchEmitter(b *testing.B, opts ...core.Option) (*core.Emitter, context.Context) {
	b.Helper()
	tp := sdktrace.NewTracerProvider()
	b.Cleanup(func() { _ = tp.Shutdown(context.Background()) })
	em := core.NewEmitter("bench", "v", append([]core.Option{core.WithTracerProvider(tp)}, opts...)...)
	ctx, parent := tp.Tracer("bench").Start(context.Background(), "parent")
	b.Cleanup(func() { parent.End() })
	return em, ctx
}

// benchText returns n bytes of text matching no pattern: hex (as in ids and
// hashes) or near misses that start like a pattern at every few bytes
// ("pass", "auth" of "author", "cook", "sess", ...), the worst case for a
// matcher that tries each pattern where it could start.
func benchText(kind string, n int) string {
	unit := "0f3a9c5e7b1d2468"
	if kind == "nearmiss" {
		unit = "pass-author-cook-sess-apix-priv-_jw-xsr-"
	}
	return strings.Repeat(unit, n/len(unit)+1)[:n]
}

var benchSizes = []int{16, 1 << 10, 16 << 10, 64 << 10}

// BenchmarkScrubKey is the cost of one log with one field whose key is n
// bytes and matches no pattern; SetBytes makes the MB/s column the
// scrubbing rate per byte of key. Every key is new to the scrubber (its
// first bytes change), so no verdict cache helps.
func BenchmarkScrubKey(b *testing.B) {
	for _, kind := range []string{"hex", "nearmiss"} {
		for _, n := range benchSizes {
			b.Run(kind+"/"+strconv.Itoa(n), func(b *testing.B) {
				em, ctx := benchEmitter(b)
				key := []byte(benchText(kind, n))
				b.SetBytes(int64(n))
				b.ReportAllocs()
				i := 0
				for b.Loop() {
					i++
					key[0] = "0123456789"[i%10]
					key[n/2] = "0123456789"[(i/10)%10]
					ev := em.Start(ctx, core.Record{Level: core.LevelInfo, Message: "m"}, nil)
					ev.Encoder().AddString(string(key), "v")
					ev.End()
				}
			})
		}
	}
}

// BenchmarkScrubValue is the cost of one log with one string field of n
// bytes that matches no pattern, per byte of value.
func BenchmarkScrubValue(b *testing.B) {
	for _, kind := range []string{"hex", "nearmiss"} {
		for _, n := range benchSizes {
			b.Run(kind+"/"+strconv.Itoa(n), func(b *testing.B) {
				em, ctx := benchEmitter(b)
				val := benchText(kind, n)
				b.SetBytes(int64(n))
				b.ReportAllocs()
				for b.Loop() {
					ev := em.Start(ctx, core.Record{Level: core.LevelInfo, Message: "m"}, nil)
					ev.Encoder().AddString("body", val)
					ev.End()
				}
			})
		}
	}
}

// BenchmarkScrubFreshKeys is one log with 100 fields whose keys were never
// seen before (request-scoped ids used as keys), against the same log with
// scrubbing off.
func BenchmarkScrubFreshKeys(b *testing.B) {
	for _, bc := range []struct {
		name string
		opts []core.Option
	}{
		{"On", nil},
		{"Off", []core.Option{core.WithoutScrubbing()}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			em, ctx := benchEmitter(b, bc.opts...)
			keys := make([]string, 100)
			b.ReportAllocs()
			n := 0
			for b.Loop() {
				for j := range keys {
					n++
					// uuid-shaped, fresh on every log
					keys[j] = "1b4e28ba-2fa1-11d2-883f-" + strconv.FormatUint(uint64(0xb4217a2f0000)+uint64(n), 16)
				}
				ev := em.Start(ctx, core.Record{Level: core.LevelInfo, Message: "m"}, nil)
				enc := ev.Encoder()
				for _, k := range keys {
					enc.AddInt64(k, 1)
				}
				ev.End()
			}
		})
	}
}

// BenchmarkScrubRequestLog is a typical request log with no secret in it:
// a dozen fields, a user agent, ids and a small JSON value, with scrubbing
// on and off.
func BenchmarkScrubRequestLog(b *testing.B) {
	for _, bc := range []struct {
		name string
		opts []core.Option
	}{
		{"On", nil},
		{"Off", []core.Option{core.WithoutScrubbing()}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			em, ctx := benchEmitter(b, bc.opts...)
			query := map[string]any{"page": 2, "sort": "created_at", "filter": []any{"open", "paid"}}
			b.ReportAllocs()
			for b.Loop() {
				ev := em.Start(ctx, core.Record{Level: core.LevelInfo, Message: "request served"}, nil)
				enc := ev.Encoder()
				enc.AddString("http.request.method", "GET")
				enc.AddString("url.path", "/api/v1/orders/8231/items")
				enc.AddInt64("http.response.status_code", 200)
				enc.AddFloat64("duration_ms", 12.75)
				enc.AddString("user_agent.original", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36")
				enc.AddString("request_id", "1b4e28ba-2fa1-11d2-883f-0016d3cca427")
				enc.AddString("client.address", "203.0.113.7")
				enc.AddInt64("http.response.body.size", 5120)
				enc.AddString("user.id", "u_48213")
				enc.AddString("tenant", "acme-corp")
				enc.AddBool("cache_hit", false)
				enc.AddAny("query", query)
				ev.End()
			}
		})
	}
}
