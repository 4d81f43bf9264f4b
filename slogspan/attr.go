package slogspan

import (
	"log/slog"

	"github.com/logspan/logspan/core"
)

// maxGroupDepth bounds how deeply slog.Group values are followed. A
// LogValuer may return a group holding itself; without a bound that would
// recurse until the stack ran out. It matches core's default depth limit,
// the one JSON values get.
const maxGroupDepth = core.DefaultMaxDepth

// depthExceeded stands for a group nested too deeply; it is the text core
// writes for a JSON value nested too deeply.
const depthExceeded = "<max depth exceeded>"

// emptyKey stands for an empty key inside a group, the way core writes an
// empty top-level key: "g._" rather than a key ending in a dot.
const emptyKey = "_"

// addAttr adds one slog attribute to enc. prefix is the dotted path of the
// slog.Group values it sits in ("" at the top; the groups of WithGroup are
// the encoder's namespace, applied by core). The attribute's value is
// resolved first, so a LogValuer contributes what it stands for; then, as
// slog's handler rules say, an empty Attr is dropped, a group is flattened
// into "group.key" attributes (an empty group adds nothing, a group with an
// empty key is inlined), and every other kind goes to the matching core
// Encoder method. KindAny goes to AddAny, which decides everything else:
// errors become an attribute and an exception event, maps and structs JSON.
func addAttr(enc *core.Encoder, prefix string, a slog.Attr, depth int) {
	v := a.Value.Resolve()
	if a.Key == "" && isZero(v) {
		return
	}
	if v.Kind() == slog.KindGroup {
		addGroup(enc, prefix, a.Key, v.Group(), depth)
		return
	}
	key := a.Key
	if prefix != "" {
		if key == "" {
			key = emptyKey
		}
		key = prefix + key
	}
	switch v.Kind() {
	case slog.KindString:
		enc.AddString(key, v.String())
	case slog.KindInt64:
		enc.AddInt64(key, v.Int64())
	case slog.KindUint64:
		enc.AddUint64(key, v.Uint64())
	case slog.KindFloat64:
		enc.AddFloat64(key, v.Float64())
	case slog.KindBool:
		enc.AddBool(key, v.Bool())
	case slog.KindDuration:
		enc.AddDuration(key, v.Duration())
	case slog.KindTime:
		enc.AddTime(key, v.Time())
	default:
		// KindAny, and KindLogValuer should Resolve ever hand one back.
		enc.AddAny(key, v.Any())
	}
}

// addGroup flattens the attributes of a slog.Group value under key.
func addGroup(enc *core.Encoder, prefix, key string, attrs []slog.Attr, depth int) {
	if len(attrs) == 0 {
		return // slog: ignore an empty group
	}
	if key != "" { // slog: inline a group with an empty key
		prefix += key + "."
	}
	if depth >= maxGroupDepth {
		enc.AddString(prefix[:max(len(prefix)-1, 0)], depthExceeded)
		return
	}
	for _, ga := range attrs {
		addAttr(enc, prefix, ga, depth+1)
	}
}

// isZero reports whether v is the zero Value, the value of an empty Attr
// (slog.Any("", nil) included). Only KindAny can be zero, and comparing
// its content with nil never panics.
func isZero(v slog.Value) bool {
	return v.Kind() == slog.KindAny && v.Any() == nil
}
