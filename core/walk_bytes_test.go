package core_test

import (
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/core"
)

// Huge keys, strings and byte slices inside a value cost what the value
// limit allows, not their own size: the walk stops writing at the room
// left.
func TestWalkCostsTheLimit(t *testing.T) {
	big := strings.Repeat("k", 16<<20)
	values := map[string]any{
		"bytes":  struct{ B []byte }{[]byte(big)},
		"key":    map[string]int{big: 1},
		"string": []any{big, 1},
		"raw":    []any{rawJSON{[]byte(`"` + big + `"`)}},
	}
	for name, v := range values {
		t.Run(name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			a, _ := emit(t, func(e *core.Encoder) { e.AddAny("v", v) }, logspan.WithMaxValueBytes(4096))
			runtime.ReadMemStats(&after)
			assert.LessOrEqual(t, len(a["v"].AsString()), 4096+64)
			assert.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(4<<20), "allocated while writing a 4 KiB value")
		})
	}
}

// rawJSON's MarshalJSON allocates nothing: what the test measures is
// core's cost.
type rawJSON struct{ b []byte }

func (r rawJSON) MarshalJSON() ([]byte, error) { return r.b, nil }

type bigStackError struct{}

func (bigStackError) Error() string { return "failed" }
func (bigStackError) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('+') {
		fmt.Fprint(f, "failed\n"+strings.Repeat("main.f\n\tf.go:1\n", 4000))
		return
	}
	fmt.Fprint(f, "failed")
}

// Exception events weigh against the log's byte budget too.
func TestExceptionEventsWithinTheBudget(t *testing.T) {
	_, s := emit(t, func(e *core.Encoder) {
		for i := range 200 {
			e.AddError("err"+strconv.Itoa(i), bigStackError{})
		}
	}, logspan.WithMaxLogBytes(256<<10))
	total := 0
	for _, ev := range s.Events() {
		for _, kv := range ev.Attributes {
			total += len(kv.Key) + len(kv.Value.AsString())
		}
	}
	for _, kv := range s.Attributes() {
		total += len(kv.Key) + len(kv.Value.Emit())
	}
	assert.LessOrEqual(t, total, 256<<10+16<<10, "events and attributes together")
}
