package core

import "go.opentelemetry.io/otel/attribute"

// Fields is a set of fields converted once, ready to be copied onto every
// span of a derived logger (zap's With, zerolog's With().Fields, logrus's
// WithFields). It is immutable and safe for concurrent use. The zero value
// and nil are empty sets.
type Fields struct {
	attrs    []attribute.KeyValue
	jsonKeys []jsonKey
	marks    []jsonKey
	errs     []exception
	scrubbed []scrubRecord
	groups   groupStack
	dropped  int
	bytes    int
}

// Len returns the number of attributes in the set.
func (f *Fields) Len() int {
	if f == nil {
		return 0
	}
	return len(f.attrs)
}

// Attributes returns a copy of the attributes in the set.
func (f *Fields) Attributes() []attribute.KeyValue {
	if f == nil {
		return nil
	}
	return append([]attribute.KeyValue(nil), f.attrs...)
}

// NewEncoder returns an encoder for converting fields once, starting from
// base (which may be nil). Call [Encoder.Fields] when done.
func (em *Emitter) NewEncoder(base *Fields) *Encoder {
	e := new(Encoder)
	e.reset(base, em.limits)
	return e
}

// Fields returns what was encoded so far (including the base the encoder
// started from) as an immutable set. The encoder can keep being used; the
// set does not change with it.
func (e *Encoder) Fields() *Fields {
	e.scrubRest() // once, here, rather than on every log
	f := &Fields{groups: e.groups.clone(), dropped: e.dropped, bytes: e.bytes}
	if b := e.base; b != nil {
		f.attrs = concat(b.attrs, e.attrs)
		f.jsonKeys = concat(b.jsonKeys, e.jsonKeys)
		f.marks = concat(b.marks, e.marks)
		f.errs = concat(b.errs, e.errs)
		f.scrubbed = concat(b.scrubbed, e.scrubbed)
		return f
	}
	f.attrs, f.jsonKeys, f.errs, f.scrubbed = clip(e.attrs), clip(e.jsonKeys), clip(e.errs), clip(e.scrubbed)
	f.marks = clip(e.marks)
	return f
}

// concat returns a and b in a new slice of exactly their length.
func concat[T any](a, b []T) []T {
	if len(a)+len(b) == 0 {
		return nil
	}
	return append(append(make([]T, 0, len(a)+len(b)), a...), b...)
}

// clip copies s into a slice of exactly its length, so no later append by
// anyone can write into the set's backing array.
func clip[T any](s []T) []T {
	if len(s) == 0 {
		return nil
	}
	return append(make([]T, 0, len(s)), s...)
}
