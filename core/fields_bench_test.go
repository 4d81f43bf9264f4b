package core_test

import (
	"strconv"
	"testing"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace"

	"github.com/logspan/logspan/core"
)

// BenchmarkPerField measures what one more field costs on both paths: the
// difference between 100 fields and 10, divided by 90, is the per-field
// cost (issue 12's target: about 110 ns; the contrib log SDK's dedup map
// makes its per-field cost grow with the field count).
func BenchmarkPerField(b *testing.B) {
	sdkPath, directPath, _ := benchEmitters(b, sdktrace.ParentBased(sdktrace.AlwaysSample()))
	ctx := sampledParent(trace.FlagsSampled)
	keys := make([]string, 100)
	for i := range keys {
		keys[i] = "field" + strconv.Itoa(i)
	}
	for _, path := range []struct {
		name string
		em   *core.Emitter
	}{{"SDK", sdkPath}, {"Direct", directPath}} {
		for _, n := range []int{10, 100} {
			b.Run(path.name+"/Fields"+strconv.Itoa(n), func(b *testing.B) {
				b.ReportAllocs()
				defer reportCPU(b)()
				for b.Loop() {
					ev := path.em.Start(ctx, core.Record{Level: core.LevelInfo, Message: "checkout"}, nil)
					enc := ev.Encoder()
					for i := range n {
						if i%2 == 0 {
							enc.AddString(keys[i], "value")
						} else {
							enc.AddInt64(keys[i], int64(i))
						}
					}
					ev.End()
				}
			})
		}
	}
}
