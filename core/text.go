package core

import (
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"
)

// truncatedMarker ends a value that was cut to the length limit, followed by
// the number of bytes left out, so a reader knows the value is incomplete.
const truncatedMarker = "...[truncated "

// cleanString returns s as valid UTF-8 of at most max bytes. Invalid bytes
// become U+FFFD (the data is repaired, never dropped); a longer value is cut
// on a rune boundary and marked with the number of bytes left out.
func cleanString(s string, max int) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	if len(s) <= max {
		return s
	}
	cut := cutUTF8(s, max)
	return s[:cut] + truncatedMarker + strconv.Itoa(len(s)-cut) + " bytes]"
}

// cutUTF8 returns the largest n <= max such that s[:n] does not split a rune.
func cutUTF8(s string, max int) int {
	if len(s) <= max {
		return len(s)
	}
	n := max
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return n
}

// spanName returns the message as a span name: valid UTF-8, at most
// MaxNameBytes, cut without a marker (a name is a label, not data: the full
// message is in the logfire.msg attribute).
func spanName(msg string) string {
	if !utf8.ValidString(msg) {
		msg = strings.ToValidUTF8(msg, "\uFFFD")
	}
	return msg[:cutUTF8(msg, MaxNameBytes)]
}

// isNilPointer reports whether v holds a nil pointer. A method called on one
// usually panics; logspan writes such a value as a null rather than as a
// panic.
func isNilPointer(v any) bool {
	rv := reflect.ValueOf(v)
	return rv.Kind() == reflect.Pointer && rv.IsNil()
}
