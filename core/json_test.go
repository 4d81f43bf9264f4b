package core_test

import (
	"encoding/json"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/logspan/logspan/core"
)

func TestJSONWriter(t *testing.T) {
	a, _ := emit(t, func(e *core.Encoder) {
		w := e.BeginJSON()
		w.BeginObject()
		w.Key("s")
		w.String("quote\" backslash\\ newline\n ctl\x01 bad\xff")
		w.Key("nums")
		w.BeginArray()
		w.Int64(-1)
		w.Uint64(math.MaxUint64)
		w.Float64(0.5)
		w.Float32(0.1)
		w.Float64(math.NaN())
		w.Float64(math.Inf(-1))
		w.EndArray()
		w.Key("t")
		w.Time(time.Date(2026, 1, 1, 0, 0, 0, 1, time.UTC))
		w.Key("b")
		w.Bytes([]byte{1, 2})
		w.Key("n")
		w.Null()
		w.Key("any")
		w.Any(map[string]any{"html": "<b>&</b>"})
		w.EndObject()
		e.EndJSON("obj")
	})
	got := a["obj"].AsString()
	assert.True(t, json.Valid([]byte(got)), got)
	assert.Equal(t, `{"s":"quote\" backslash\\ newline\n ctl\u0001 bad`+"\ufffd"+`","nums":[-1,18446744073709551615,0.5,0.1,"NaN","-Inf"],"t":"2026-01-01T00:00:00.000000001Z","b":"AQI=","n":null,"any":{"html":"<b>&</b>"}}`, got)
}

func TestInvalidUTF8RepairedAlikeEverywhere(t *testing.T) {
	bad := "a\xff\xfe\xfdb"
	a, _ := emit(t, func(e *core.Encoder) {
		e.AddString("plain", bad)
		w := e.BeginJSON()
		w.BeginObject()
		w.Key("v")
		w.String(bad)
		w.EndObject()
		e.EndJSON("nested")
	})
	var nested map[string]string
	assert.NoError(t, json.Unmarshal([]byte(a["nested"].AsString()), &nested))
	// (Values that go through encoding/json, the reflected ones, are
	// repaired by it, one U+FFFD per bad byte.)
	assert.Equal(t, a["plain"].AsString(), nested["v"], "one U+FFFD per run of bad bytes, in JSON as in plain values")
}
