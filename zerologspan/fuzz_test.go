//go:build !binary_log

package zerologspan

import (
	"bytes"
	"context"
	"encoding/json"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/rs/zerolog"
	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/core"
)

// FuzzDecode checks the two promises of the decoder: it never panics,
// whatever the buffer holds, and what zerolog wrote comes back with the
// value and the type encoding/json reads from zerolog's own output line.
func FuzzDecode(f *testing.F) {
	f.Add([]byte(`{"level":"info","a":1,"b":[1,2.5],"c":{"d":null}`), "key", "value", int64(-3), 1.5, true)
	f.Add([]byte(`{"a":"\ud83d\ude00\u00e9\\\"","b":[true,false],"c":[]`), "k\xff", "a\x00\"\\\n", int64(1)<<62, 2.0, false)
	f.Add([]byte(`{"a":18446744073709551616,"b":-9223372036854775809,"c":1e999,"d":[[[[`), "", "\xed\xa0\x80", int64(-1), 1e21, true)
	f.Add([]byte(`"k":,"x":tru,"y":"unterminated`), "time", "2026-01-01T00:00:00Z", int64(0), -0.0, false)
	f.Add([]byte(`{"time":1700000000,"caller":"a.go:12","error":"x","s":"\u12"}`), "caller", "a.go:1", int64(9), 1e-7, true)
	f.Add([]byte("\"\xca\xca\""), "0", "0", int64(30), 2e20, false) // raw invalid UTF-8 through RawJSON
	f.Fuzz(func(t *testing.T, raw []byte, key, str string, i int64, fl float64, b bool) {
		decodeRaw(t, raw)
		roundTrip(t, "k"+key, str, i, fl, b, raw)
	})
}

// decodeRaw runs the decoder, without the hook's recover, on raw.
func decodeRaw(t *testing.T, raw []byte) {
	tp := sdktrace.NewTracerProvider()
	defer func() { _ = tp.Shutdown(context.Background()) }()
	em := core.NewEmitter(ScopeName, Version, logspan.WithTracerProvider(tp))
	n := names{level: "level", time: "time", caller: "caller", err: "error", skipLevel: true}
	var d decoder
	r := core.Record{Level: core.LevelInfo}
	d.meta(raw, &r, n)
	ev := em.Start(context.Background(), r, nil)
	d.fields(ev.Encoder(), raw, n)
	ev.End()
}

// roundTrip logs the values through zerolog and the hook, and compares
// the span's attributes with zerolog's output as encoding/json reads it.
func roundTrip(t *testing.T, key, str string, i int64, fl float64, b bool, raw []byte) {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	defer func() { _ = tp.Shutdown(context.Background()) }()
	var out bytes.Buffer
	l := zerolog.New(&out).Hook(NewHook(logspan.WithTracerProvider(tp)))
	e := l.Info().Str(key, str).Int64("i", i).Float64("f", fl).Bool("b", b).
		Strs("ss", []string{str, key}).Floats64("fs", []float64{fl, 0.5}).
		Dict("d", zerolog.Dict().Str(key, str).Int64("i", i))
	if json.Valid(raw) {
		e = e.RawJSON("raw", raw)
	}
	e.Msg("m")

	dec := json.NewDecoder(&out)
	dec.UseNumber()
	var line map[string]any
	if err := dec.Decode(&line); err != nil {
		t.Fatalf("zerolog wrote invalid JSON: %v", err)
	}
	spans := rec.Ended()
	if len(spans) != 1 {
		t.Fatalf("got %d spans", len(spans))
	}
	attrs := map[attribute.Key]attribute.Value{}
	for _, kv := range spans[0].Attributes() {
		attrs[kv.Key] = kv.Value
	}
	for k, v := range line {
		if k == "level" || k == "message" {
			continue
		}
		got, ok := attrs[attribute.Key(k)]
		if !ok {
			t.Fatalf("%q: attribute missing; line %s", k, out.String())
		}
		if !sameValue(got, v) {
			t.Errorf("%q: got %s %v, zerolog wrote %#v", k, got.Type(), got.Emit(), v)
		}
	}
}

// sameValue compares an attribute with a value encoding/json decoded (with
// UseNumber), by the span model's rules.
func sameValue(got attribute.Value, want any) bool {
	switch w := want.(type) {
	case string:
		return got.Type() == attribute.STRING && repaired(got.AsString()) == repaired(w)
	case bool:
		return got.Type() == attribute.BOOL && got.AsBool() == w
	case nil:
		return got.AsString() == "null"
	case json.Number:
		if !strings.ContainsAny(w.String(), ".eE") {
			if n, err := w.Int64(); err == nil {
				return got.Type() == attribute.INT64 && got.AsInt64() == n
			}
			return got.Type() == attribute.STRING // beyond int64: the text, or the uint64 as text
		}
		f, err := w.Float64()
		return err != nil || got.Type() == attribute.FLOAT64 && got.AsFloat64() == f
	case []any:
		return sameArray(got, w)
	case map[string]any:
		if got.Type() != attribute.STRING {
			return false
		}
		var m any
		d := json.NewDecoder(strings.NewReader(got.AsString()))
		d.UseNumber()
		if err := d.Decode(&m); err != nil {
			return false
		}
		return reflect.DeepEqual(normalize(m), normalize(w))
	}
	return false
}

func sameArray(got attribute.Value, w []any) bool {
	switch got.Type() {
	case attribute.STRINGSLICE:
		s := got.AsStringSlice()
		if len(s) != len(w) {
			return false
		}
		for i := range s {
			ws, ok := w[i].(string)
			if !ok || repaired(ws) != repaired(s[i]) {
				return false
			}
		}
		return true
	case attribute.FLOAT64SLICE:
		s := got.AsFloat64Slice()
		if len(s) != len(w) {
			return false
		}
		for i := range s {
			n, ok := w[i].(json.Number)
			f, err := n.Float64()
			if !ok || err != nil || f != s[i] {
				return false
			}
		}
		return true
	case attribute.STRING: // an array with NaN, mixed or big values: JSON text
		var m any
		d := json.NewDecoder(strings.NewReader(got.AsString()))
		d.UseNumber()
		return d.Decode(&m) == nil && reflect.DeepEqual(normalize(m), normalize(w))
	}
	return false
}

// repaired collapses runs of U+FFFD. Invalid UTF-8 that RawJSON let into
// zerolog's line is repaired byte by byte by encoding/json and run by run
// by core (strings.ToValidUTF8); both are repairs, neither drops data.
func repaired(s string) string {
	for strings.Contains(s, "\uFFFD\uFFFD") {
		s = strings.ReplaceAll(s, "\uFFFD\uFFFD", "\uFFFD")
	}
	return s
}

// normalize turns numbers into float64, the common ground between
// zerolog's number text and the writer's re-encoding of it.
func normalize(v any) any {
	switch x := v.(type) {
	case string:
		return repaired(x)
	case json.Number:
		f, err := strconv.ParseFloat(x.String(), 64)
		if err != nil {
			return x.String()
		}
		return f
	case []any:
		for i := range x {
			x[i] = normalize(x[i])
		}
	case map[string]any:
		for k := range x {
			x[k] = normalize(x[k])
		}
	}
	return v
}
