package zerologspan_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"reflect"
	"regexp"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/assert"
)

type point struct {
	X, Y int
	Name string `json:"name,omitempty"`
}

var jsonIDsRE = regexp.MustCompile(`,"trace_id":"[0-9a-f]{32}"|,"span_id":"[0-9a-f]{16}"`)

// CBOR (binary_log) ids: the key, zerolog's hex tag (263) and the bytes.
var (
	cborTraceID = []byte("htrace_id\xd9\x01\x07\x50")
	cborSpanID  = []byte("gspan_id\xd9\x01\x07\x48")
)

// stripIDs removes the trace_id and span_id the hook adds to zerolog's
// output, JSON or CBOR, and counts them.
func stripIDs(b []byte) ([]byte, int) {
	if !binaryLogBuild {
		return jsonIDsRE.ReplaceAll(b, nil), len(jsonIDsRE.FindAll(b, -1))
	}
	n := 0
	for _, id := range []struct {
		prefix []byte
		size   int
	}{{cborTraceID, 16}, {cborSpanID, 8}} {
		for {
			i := bytes.Index(b, id.prefix)
			if i < 0 || i+len(id.prefix)+id.size > len(b) {
				break
			}
			b = append(b[:i:i], b[i+len(id.prefix)+id.size:]...)
			n++
		}
	}
	return b, n
}

// zerolog's own output for a table of fields, under zerolog's defaults, is
// byte for byte what it is without the hook, apart from the ids the hook
// adds when the event's context holds a span.
func TestOutputUnchanged(t *testing.T) {
	when := time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC)
	tests := []struct {
		name string
		give func(*zerolog.Event) *zerolog.Event
	}{
		{"scalars", func(e *zerolog.Event) *zerolog.Event {
			return e.Str("s", "a b").Int("i", -3).Uint64("u", 1<<63).Float64("f", 2.5).Float32("f32", 1.1).Bool("b", true)
		}},
		{"nil", func(e *zerolog.Event) *zerolog.Event { return e.Interface("n", nil).Interface("p", (*int)(nil)) }},
		{"nil slice", func(e *zerolog.Event) *zerolog.Event {
			return e.Ints("ints", nil).Strs("strs", nil).Interface("anys", []any(nil)).Interface("map", map[string]any(nil))
		}},
		{"empty slices", func(e *zerolog.Event) *zerolog.Event {
			return e.Ints("ints", []int{}).Strs("strs", []string{}).Interface("anys", []any{}).Bools("bools", []bool{})
		}},
		{"mixed slice", func(e *zerolog.Event) *zerolog.Event {
			return e.Interface("mixed", []any{1, 2.5}).Interface("strs", []any{"a", 1})
		}},
		{"maps", func(e *zerolog.Event) *zerolog.Event {
			return e.Interface("m", map[string]any{"a": 1, "b": []int{1, 2}}).Fields(map[string]any{"f": 1, "g": "x"})
		}},
		{"structs", func(e *zerolog.Event) *zerolog.Event {
			return e.Interface("pt", point{X: 1, Y: 2}).Interface("ptr", &point{Name: "n"})
		}},
		{"errors", func(e *zerolog.Event) *zerolog.Event {
			return e.Err(errors.New("boom")).AnErr("joined", errors.Join(errors.New("a"), errors.New("b"))).Errs("errs", []error{errors.New("c"), nil})
		}},
		{"dict and array", func(e *zerolog.Event) *zerolog.Event {
			return e.Dict("d", zerolog.Dict().Str("a", "x").Int("b", 2)).Array("arr", zerolog.Arr().Int(1).Str("s"))
		}},
		{"time and duration", func(e *zerolog.Event) *zerolog.Event {
			return e.Time("at", when).Dur("d", 1500*time.Millisecond)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var want bytes.Buffer
			plain := zerolog.New(&want)
			hooked, got, rec, tp := newLogger(t)

			ctx, parent := tp.Tracer("test").Start(context.Background(), "request")
			defer parent.End()
			for _, ctx := range []context.Context{ctx, context.Background()} {
				tt.give(plain.Warn().Ctx(ctx)).Msg("table")
				tt.give(hooked.Warn().Ctx(ctx)).Msg("table")
				plainWith, hookedWith := plain.With().Str("w", "1").Logger(), hooked.With().Str("w", "1").Logger()
				tt.give(plainWith.Warn().Ctx(ctx)).Send()
				tt.give(hookedWith.Warn().Ctx(ctx)).Send()
			}
			stripped, ids := stripIDs(got.Bytes())
			assert.Equal(t, want.Bytes(), stripped)
			assert.Equal(t, 4, ids, "ids only for the context with a span")
			assert.Len(t, rec.Ended(), 4)
		})
	}
}

// zerologGlobals are zerolog's settings. The tests run under zerolog's
// defaults: a test that changes one restores it, and TestMain fails the
// run when one is left changed.
func zerologGlobals() []any {
	return []any{
		zerolog.TimeFieldFormat, zerolog.TimestampFieldName, zerolog.LevelFieldName,
		zerolog.MessageFieldName, zerolog.ErrorFieldName, zerolog.CallerFieldName,
		zerolog.ErrorStackFieldName, zerolog.DurationFieldUnit, zerolog.DurationFieldInteger,
		zerolog.GlobalLevel(),
		funcID(zerolog.ErrorMarshalFunc), funcID(zerolog.CallerMarshalFunc),
		funcID(zerolog.TimestampFunc), funcID(zerolog.InterfaceMarshalFunc),
		funcID(zerolog.ErrorStackMarshaler),
	}
}

func funcID(f any) uintptr {
	if v := reflect.ValueOf(f); v.Kind() == reflect.Func && !v.IsNil() {
		return v.Pointer()
	}
	return 0
}

func TestMain(m *testing.M) {
	before := zerologGlobals()
	code := m.Run()
	if after := zerologGlobals(); !reflect.DeepEqual(before, after) {
		fmt.Fprintf(os.Stderr, "zerolog globals changed by the tests:\nbefore %v\nafter  %v\n", before, after)
		code = 1
	}
	os.Exit(code)
}
