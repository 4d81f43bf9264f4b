package zerologspan

import (
	"fmt"
	"hash/maphash"
	"reflect"
	"sync"
	"sync/atomic"

	"github.com/rs/zerolog"
)

// The event buffer holds an error as its message only: zerolog has
// called Error() and written the string. The Go type (exception.type) and
// the %+v form (exception.stacktrace) are gone by the time a hook runs.
//
// CaptureErrors is the opt-in way to keep them. It wraps
// zerolog.ErrorMarshalFunc, which every error field (Err, AnErr, Errs,
// errors in Fields, in With() contexts and in arrays) goes through, so that
// it writes exactly what zerolog writes and remembers the error under its
// message in a small fixed table. The hook looks up each string field it
// decodes in that table; when the message matches, the original error
// reaches core.AddError and the exception event is the one any other
// adapter would make.
//
// The table is keyed by message, not by event (ErrorMarshalFunc is not told
// which event it serves), so it is a best effort: two errors of different
// types with the same message, logged at the same moment, may swap types; a
// With() error whose slot was reused since is reported as untyped; and a
// string field whose value happens to equal the message of a recently
// logged error is reported as that error.

// errSlots is the table of recently marshalled errors, by message hash.
var (
	errSlots  [256]atomic.Pointer[capturedError]
	errSeed   = maphash.MakeSeed()
	capturing atomic.Bool
	captureMu sync.Mutex
)

type capturedError struct {
	msg string
	err error
}

// CaptureErrors makes error fields keep their Go type on the way to the
// span, by wrapping zerolog.ErrorMarshalFunc (see the package
// documentation, "Errors"). It changes zerolog's global state, which is why
// it is not done by NewHook: call it once, at start-up, before logging,
// like any zerolog global:
//
//	zerologspan.CaptureErrors()
//	log.Logger = log.Logger.Hook(zerologspan.NewHook())
//
// Matching is by message, through a table of 256 recent errors: under
// heavy concurrency two errors can land in the same slot, and the one
// overwritten keeps its text but loses its Go type (or, for a field not
// named zerolog.ErrorFieldName, its exception event). Empty messages are
// never matched.
//
// The wrapper calls the ErrorMarshalFunc in place before it and writes what
// zerolog would, with one difference: an error whose Error method panics
// is written as "PANIC=<value>" instead of crashing the program. Calling
// CaptureErrors again while it is in place does nothing. The returned
// function restores the previous ErrorMarshalFunc (for tests).
func CaptureErrors() (restore func()) {
	captureMu.Lock()
	defer captureMu.Unlock()
	if capturing.Load() {
		return func() {}
	}
	prev := zerolog.ErrorMarshalFunc
	if prev == nil {
		prev = func(err error) any { return err }
	}
	zerolog.ErrorMarshalFunc = func(err error) any { return capture(prev(err)) }
	capturing.Store(true)
	return sync.OnceFunc(func() {
		captureMu.Lock()
		defer captureMu.Unlock()
		zerolog.ErrorMarshalFunc = prev
		capturing.Store(false)
	})
}

// capture remembers m when it is an error zerolog would write as its
// message, and returns that message: zerolog writes a string exactly as it
// writes an error's message, wherever the error is.
func capture(m any) any {
	if _, isObject := m.(zerolog.LogObjectMarshaler); isObject {
		return m // zerolog writes these as objects, before trying error
	}
	err, ok := m.(error)
	if !ok || err == nil || isNilPointer(err) {
		return m // zerolog's own handling: nothing, null, an object...
	}
	msg := errorText(err)
	if msg == "" {
		// An empty message would match every empty string field later.
		return msg
	}
	errSlots[slotOf(msg)].Store(&capturedError{msg: msg, err: err})
	return msg
}

// errorText is err.Error(), or the panic it raised in the form core and
// zap write panics.
func errorText(err error) (msg string) {
	defer func() {
		if r := recover(); r != nil {
			msg = fmt.Sprintf("PANIC=%v", r)
		}
	}()
	return err.Error()
}

func slotOf(msg string) uint64 {
	return maphash.String(errSeed, msg) % uint64(len(errSlots))
}

// capturedErr returns the captured error whose message is msg, if any.
func capturedErr(msg []byte) (error, bool) {
	if !capturing.Load() || len(msg) == 0 {
		return nil, false
	}
	c := errSlots[maphash.Bytes(errSeed, msg)%uint64(len(errSlots))].Load()
	if c == nil || c.msg != unsafeString(msg) {
		return nil, false
	}
	return c.err, true
}

// untypedError stands for an error field whose Go value is unknown (no
// CaptureErrors, or its slot was reused): its exception.type is
// "zerologspan.untypedError".
type untypedError string

func (e untypedError) Error() string { return string(e) }

func isNilPointer(v any) bool {
	rv := reflect.ValueOf(v)
	return rv.Kind() == reflect.Pointer && rv.IsNil()
}
