//go:build !binary_log

package zerologspan_test

import (
	"errors"
	"fmt"
	"io/fs"
	"testing"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/logspan/logspan/core"
	"github.com/logspan/logspan/core/spantest"
	"github.com/logspan/logspan/zerologspan"
)

type stackErr struct{ msg string }

func (e *stackErr) Error() string { return e.msg }
func (e *stackErr) Format(f fmt.State, verb rune) {
	if verb == 'v' && f.Flag('+') {
		fmt.Fprint(f, e.msg+"\nmain.f\n\t/src/f.go:1")
		return
	}
	fmt.Fprint(f, e.msg)
}

type explodingErr struct{}

func (explodingErr) Error() string { panic("kaboom") }

func exception(t *testing.T, s sdktrace.ReadOnlySpan, i int) map[attribute.Key]string {
	t.Helper()
	require.Greater(t, len(s.Events()), i)
	m := map[attribute.Key]string{}
	for _, kv := range s.Events()[i].Attributes {
		m[kv.Key] = kv.Value.AsString()
	}
	return m
}

// TestCaptureErrors: with CaptureErrors, an error field reaches the span as
// the error itself, wherever zerolog wrote it: Err, AnErr under any key,
// a With() context.
func TestCaptureErrors(t *testing.T) {
	t.Cleanup(zerologspan.CaptureErrors())
	l, out, rec, _ := newLogger(t)
	pathErr := &fs.PathError{Op: "open", Path: "/x", Err: fs.ErrNotExist}
	withErr := errors.New("from With")
	l = l.With().AnErr("base", withErr).Logger()
	l.Warn().Err(pathErr).AnErr("cause", &stackErr{"deep"}).Msg("failed")

	s := spantest.Only(t, rec)
	a := spantest.Attributes(s)
	assert.Equal(t, "open /x: file does not exist", a["error"].AsString())
	require.Len(t, s.Events(), 3)
	assert.Equal(t, map[attribute.Key]string{
		core.KeyExceptionType: "*errors.errorString", core.KeyExceptionMessage: "from With",
	}, exception(t, s, 0))
	assert.Equal(t, "*fs.PathError", exception(t, s, 1)[core.KeyExceptionType])
	assert.Equal(t, map[attribute.Key]string{
		core.KeyExceptionType:       "*zerologspan_test.stackErr",
		core.KeyExceptionMessage:    "deep",
		core.KeyExceptionStacktrace: "deep\nmain.f\n\t/src/f.go:1",
	}, exception(t, s, 2))

	// zerolog's output is what it would be without CaptureErrors.
	line := lastLine(t, out)
	assert.Equal(t, "open /x: file does not exist", line["error"])
	assert.Equal(t, "deep", line["cause"])
	assert.Equal(t, "from With", line["base"])
}

// A panicking Error method crashes zerolog's Err; with CaptureErrors it is
// written as the panic, and the span gets key+"Error" as core writes it.
func TestCaptureErrorsPanic(t *testing.T) {
	t.Cleanup(zerologspan.CaptureErrors())
	l, out, rec, _ := newLogger(t)
	require.NotPanics(t, func() { l.Info().Err(explodingErr{}).Msg("m") })
	assert.Equal(t, "PANIC=kaboom", lastLine(t, out)["error"])
	a := spantest.Attributes(spantest.Only(t, rec))
	assert.Equal(t, "PANIC=kaboom", a["errorError"].AsString())
}

// zerolog's handling of nil errors is unchanged: nothing is written.
func TestCaptureErrorsNil(t *testing.T) {
	t.Cleanup(zerologspan.CaptureErrors())
	l, out, rec, _ := newLogger(t)
	var typedNil *stackErr
	l.Info().Err(nil).AnErr("typed", typedNil).Errs("list", []error{errors.New("a"), nil}).Msg("m")
	assert.JSONEq(t, `{"level":"info","list":["a",null],"message":"m"}`, out.String())
	assert.Empty(t, spantest.Only(t, rec).Events(), "errors in arrays are data, not exceptions")
}

// CaptureErrors wraps the ErrorMarshalFunc already in place, and its
// restore function puts it back.
func TestCaptureErrorsChains(t *testing.T) {
	old := zerolog.ErrorMarshalFunc
	t.Cleanup(func() { zerolog.ErrorMarshalFunc = old })
	zerolog.ErrorMarshalFunc = func(err error) any { return fmt.Errorf("wrapped: %w", err) }
	restore := zerologspan.CaptureErrors()
	again := zerologspan.CaptureErrors() // already in place: nothing to do
	again()

	l, out, rec, _ := newLogger(t)
	l.Info().Err(errors.New("x")).Msg("m")
	assert.Equal(t, "wrapped: x", lastLine(t, out)["error"])
	assert.Equal(t, "*fmt.wrapError", exception(t, spantest.Only(t, rec), 0)[core.KeyExceptionType])

	restore()
	restore() // idempotent
	assert.Equal(t, "wrapped: x", zerolog.ErrorMarshalFunc(errors.New("x")).(error).Error())
}
