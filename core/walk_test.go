package core_test

import (
	"encoding/json"
	"math"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/core"
)

type shadow struct {
	A int `json:"a"`
	B string
}

type outer struct {
	shadow
	*Inner
	B     int                // shadows shadow.B
	T     time.Time          `json:"t"`
	D     time.Duration      `json:"d,omitempty"`
	M     map[string]any     `json:"m,omitempty"`
	S     []string           `json:"s"`
	P     *int               `json:"p"`
	F32   float32            `json:"f32"`
	F64   float64            `json:"f64"`
	Bytes []byte             `json:"bytes"`
	IP    net.IP             `json:"ip"`
	Raw   json.RawMessage    `json:"raw"`
	Any   any                `json:"any"`
	Keyed map[int]bool       `json:"keyed"`
	Emb   struct{ X, Y int } `json:"emb"`
}

// TestWalkMatchesEncodingJSON: where encoding/json can encode a value, the
// walk writes the same text, so a span reads like a logger's JSON output.
func TestWalkMatchesEncodingJSON(t *testing.T) {
	seven := 7
	values := []any{
		map[string]any{"b": 1.5, "a": []any{1, "x", nil, true}, "c": map[string]int{"z": 1, "y": 2}},
		outer{shadow: shadow{A: 1, B: "s"}, Inner: &Inner{X: 3}, B: 2, T: time.Unix(1700000000, 5).UTC(),
			S: []string{"a"}, P: &seven, F32: 0.1, F64: 1e21, Bytes: []byte("hi"), IP: net.IPv4(1, 2, 3, 4),
			Raw: json.RawMessage(`{"k": [1, 2]}`), Any: map[string]any{"n": nil}, Keyed: map[int]bool{2: true, -1: false}},
		outer{},
		[]float64{0, 1e-7, 123456789, 1e20, 1e21, -0.000001, math.MaxFloat64, math.SmallestNonzeroFloat64},
		[]float32{0.1, 1e-7, 3.4e38},
		map[string][]byte{"k": nil, "e": {}},
		[3]int{1, 2, 3},
		struct {
			Q int `json:",string"`
			E any `json:"e,omitempty"`
		}{Q: 5},
		"<html>&",
		struct {
			M time.Month
			N json.Number
			P *time.Month
		}{M: time.March, N: "5.25", P: ptrTo(time.May)},
		map[string]time.Weekday{"d": time.Friday},
		"\x00 \t \"\\",
	}
	for _, v := range values {
		// logspan, like the loggers' JSON encoders, does not escape HTML.
		var want strings.Builder
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(v); err != nil {
			t.Fatalf("%T: %v", v, err)
		}
		a, _ := emit(t, func(e *core.Encoder) { w := e.BeginJSON(); w.Any(v); e.EndJSON("k") })
		assert.Equal(t, strings.TrimSuffix(want.String(), "\n"), a["k"].AsString(), "%T", v)
	}
}

// A map too big for the value limit keeps encoding/json's sorted prefix,
// the same whatever Go's iteration order.
func TestBigMapIsDeterministic(t *testing.T) {
	m := make(map[string]int, 30_000)
	for i := range 30_000 {
		m[strconv.Itoa(i)] = i
	}
	var first string
	for range 5 {
		a, _ := emit(t, func(e *core.Encoder) { e.AddAny("m", m) }, logspan.WithMaxValueBytes(4096))
		got := a["m"].AsString()
		if first == "" {
			first = got
		}
		assert.Equal(t, first, got)
	}
	assert.True(t, strings.HasPrefix(first, `{"0":0,"1":1,"10":10,"100":100,"1000":1000,"10000":10000,"10001":10001`), first[:80])
}
