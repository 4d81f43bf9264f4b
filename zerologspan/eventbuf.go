package zerologspan

import (
	"reflect"
	"unsafe"

	"github.com/rs/zerolog"
)

// zerolog's Hook interface hands a hook the event, the level and the
// message, but not the fields (zerolog issue #493). They are all in the
// event's encoded buffer, the unexported field buf []byte of
// *zerolog.Event: the level, the With() context fields (copied in when the
// event was created), the call-site fields and whatever earlier hooks
// added. zerologspan reads that buffer, and only reads it: zerolog keeps
// writing to it after the hooks ran (the message, the closing brace).
//
// The field is located once, by name and type, through reflection. If a
// zerolog release renames it or changes its type, bufOffset stays invalid,
// the hook falls back to the message and level alone, and
// TestEventBufferLayout fails so that the upgrade is noticed.

// bufOffset is the offset of buf in zerolog.Event, or -1 when the layout is
// not the one zerologspan knows.
var bufOffset = findBufOffset()

func findBufOffset() uintptr {
	f, ok := reflect.TypeFor[zerolog.Event]().FieldByName("buf")
	if !ok || f.Type != reflect.TypeFor[[]byte]() || len(f.Index) != 1 {
		return ^uintptr(0)
	}
	return f.Offset
}

// fieldsReadable reports whether the event buffer can be read.
func fieldsReadable() bool { return bufOffset != ^uintptr(0) && !binaryLog }

// eventBuffer returns the encoded fields of e as zerolog holds them while
// hooks run, or nil when they cannot be read. The slice aliases zerolog's
// pooled buffer: it is valid only during the hook, and nothing taken from
// it may be kept without a copy.
func eventBuffer(e *zerolog.Event) []byte {
	if e == nil || !fieldsReadable() {
		return nil
	}
	return *(*[]byte)(unsafe.Add(unsafe.Pointer(e), bufOffset))
}
