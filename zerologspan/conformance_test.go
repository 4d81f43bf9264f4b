//go:build !binary_log

package zerologspan_test

import (
	"context"
	"fmt"
	"io"
	"reflect"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/core"
	"github.com/logspan/logspan/core/spantest"
	"github.com/logspan/logspan/zerologspan"
)

var zerologLevels = map[core.Level]zerolog.Level{
	core.LevelTrace: zerolog.TraceLevel,
	core.LevelDebug: zerolog.DebugLevel,
	core.LevelInfo:  zerolog.InfoLevel,
	core.LevelWarn:  zerolog.WarnLevel,
	core.LevelError: zerolog.ErrorLevel,
}

var zerologHarnessLevels = []spantest.Level{
	{Level: core.LevelTrace, Name: "trace"},
	{Level: core.LevelDebug, Name: "debug"},
	{Level: core.LevelInfo, Name: "info"},
	{Level: core.LevelWarn, Name: "warn"},
	{Level: core.LevelError, Name: "error"},
}

// harnessLogger drives a zerolog logger for the conformance suite.
type harnessLogger struct{ l zerolog.Logger }

func (h harnessLogger) Log(ctx context.Context, level core.Level, msg string, fields ...spantest.Field) {
	e := h.l.WithLevel(zerologLevels[level])
	if ctx != nil {
		e = e.Ctx(ctx)
	}
	for _, f := range fields {
		e = addField(e, f.Key, f.Value)
	}
	e.Msg(msg)
}

func (h harnessLogger) With(fields ...spantest.Field) spantest.Logger {
	c := h.l.With()
	for _, f := range fields {
		c = addField(c, f.Key, f.Value)
	}
	return harnessLogger{c.Logger()}
}

// adder is what *zerolog.Event and zerolog.Context have in common: the
// harness adds fields to both the same way.
type adder[T any] interface {
	Str(key, val string) T
	Strs(key string, vals []string) T
	Stringer(key string, val fmt.Stringer) T
	Bool(key string, b bool) T
	Bools(key string, b []bool) T
	Int(key string, i int) T
	Ints(key string, i []int) T
	Int32(key string, i int32) T
	Int64(key string, i int64) T
	Uint8(key string, i uint8) T
	Uint64(key string, i uint64) T
	Float64(key string, f float64) T
	Floats64(key string, f []float64) T
	AnErr(key string, err error) T
	Interface(key string, i any) T
}

// addField picks zerolog's most specific method for the value, as an
// application would write the call.
func addField[T adder[T]](a T, key string, v any) T {
	if isNilPointer(v) {
		// A typed nil: AnErr drops it from zerolog's output altogether, and
		// Stringer calls String on it (a panic, unless the method copes
		// with nil). Interface writes it as null.
		return a.Interface(key, v)
	}
	switch v := v.(type) {
	case string:
		return a.Str(key, v)
	case bool:
		return a.Bool(key, v)
	case int:
		return a.Int(key, v)
	case int32:
		return a.Int32(key, v)
	case int64:
		return a.Int64(key, v)
	case uint8:
		return a.Uint8(key, v)
	case uint64:
		return a.Uint64(key, v)
	case float64:
		return a.Float64(key, v)
	case []string:
		return a.Strs(key, v)
	case []int:
		return a.Ints(key, v)
	case []float64:
		return a.Floats64(key, v)
	case []bool:
		return a.Bools(key, v)
	case time.Time:
		// zerolog's defaults write Time to the second and Dur as a number
		// of milliseconds, and the span takes what zerolog wrote (pinned
		// by TestFieldTypes). The suite runs under zerolog's defaults, no
		// global changed, so the harness writes the forms the span model
		// expects the way a zerolog application keeps them: as strings.
		return a.Str(key, v.Format(time.RFC3339Nano))
	case time.Duration:
		return a.Str(key, v.String())
	case []byte:
		// zerolog's Bytes writes the bytes as text; Interface writes them as
		// encoding/json does, base64, which is the span model's form.
		return a.Interface(key, v)
	case error:
		return a.AnErr(key, v)
	case fmt.Stringer:
		// zerolog calls String itself, without a recover: a panicking
		// String crashes the logging call before any hook runs, which no
		// hook can prevent (a documented difference from zap). The harness
		// does what a careful caller does so that the rest of the suite
		// runs, and writes the panic the way zap does.
		s, panicked := safeString(v)
		if panicked {
			return a.Str(key+"Error", s)
		}
		return a.Stringer(key, v)
	}
	return a.Interface(key, v)
}

func safeString(s fmt.Stringer) (str string, panicked bool) {
	defer func() {
		if r := recover(); r != nil {
			str, panicked = fmt.Sprintf("PANIC=%v", r), true
		}
	}()
	return s.String(), false
}

func isNilPointer(v any) bool {
	rv := reflect.ValueOf(v)
	return rv.Kind() == reflect.Pointer && rv.IsNil()
}

// zerologDifferences are the rows of spantest.Table zerolog cannot log like
// the other loggers: the hook reads zerolog's JSON text, where Go types are
// gone.
var zerologDifferences = map[string]string{
	"Floats": "zerolog writes a whole float64 (3.0) as 3, so the span has the integer 3",
	"Nil":    "zerolog's Ints writes a nil slice as [], so the span has an empty slice",
	"TimeAndDuration": "zerolog writes a time as its own formatted text: the hook reads a string, " +
		"which logfire.json_schema lists as {}, not as a date-time",
	"ScalarMarshalers": "zerolog writes bytes as text: the hook reads a string, " +
		"which logfire.json_schema lists as {}, not as base64",
}

// zerologUnsupported are the BadInput cases zerolog itself cannot take.
var zerologUnsupported = map[string]string{
	"PanickingMarshalJSON": "zerolog calls MarshalJSON itself (Interface, through encoding/json) without a recover: " +
		"the panic crashes the logging call before any hook runs",
	"CyclicMap": "zerolog marshals an Interface value with encoding/json before any hook runs and writes " +
		"its error text (\"marshaling error: ... cycle\") in place of the value; the span keeps that text",
	"CyclicPointer": "zerolog marshals an Interface value with encoding/json before any hook runs and writes " +
		"its error text in place of the value; the span keeps that text",
}

// Fatal logs at zerolog's Fatal level without exiting (WithLevel writes
// the level and leaves the exit to Fatal(), which is not called).
func (h harnessLogger) Fatal(ctx context.Context, msg string) {
	h.l.WithLevel(zerolog.FatalLevel).Ctx(ctx).Msg(msg)
}

// newOutput is zerolog writing JSON to w, no timestamp (zerolog's
// default), with the hook or without, for the output checks.
func newOutput(_ *testing.T, w io.Writer, spans bool, opts ...logspan.Option) spantest.Logger {
	l := zerolog.New(w).Level(zerolog.TraceLevel)
	if spans {
		l = l.Hook(zerologspan.NewHook(opts...))
	}
	return harnessLogger{l}
}

// TestConformance runs the suite with CaptureErrors in place, which is how
// error fields keep their Go type (exception.type) and their stack.
func TestConformance(t *testing.T) {
	t.Cleanup(zerologspan.CaptureErrors())
	spantest.Run(t, spantest.Harness{
		ScopeName:   zerologspan.ScopeName,
		Levels:      zerologHarnessLevels,
		Unsupported: zerologUnsupported,
		Differences: zerologDifferences,
		NewLogger: func(_ *testing.T, opts ...logspan.Option) spantest.Logger {
			return harnessLogger{zerolog.New(io.Discard).Level(zerolog.TraceLevel).Hook(zerologspan.NewHook(opts...))}
		},
		NewOutput: newOutput,
		OwnOutput: true, // zerolog writes every event; the hook only adds spans
	})
}

// The suite must hold for a logger with zerolog's usual set-up too: the
// timestamp and caller hooks of With(), added before the span hook, so that
// their fields are in the buffer when it runs.
func TestConformanceTimestampCaller(t *testing.T) {
	t.Cleanup(zerologspan.CaptureErrors())
	spantest.Run(t, spantest.Harness{
		ScopeName:   zerologspan.ScopeName,
		Levels:      zerologHarnessLevels,
		Unsupported: zerologUnsupported,
		Differences: zerologDifferences,
		NewLogger: func(_ *testing.T, opts ...logspan.Option) spantest.Logger {
			l := zerolog.New(io.Discard).Level(zerolog.TraceLevel).With().Timestamp().Caller().Logger()
			return harnessLogger{l.Hook(zerologspan.NewHook(opts...))}
		},
		Caller:    true,
		OwnOutput: true,
	})
}
