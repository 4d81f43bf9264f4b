package core

// WithScrubCallback decides, match by match, what scrubbing does, like the
// callback of Logfire's ScrubbingOptions: cb is called for each value about
// to be scrubbed, with its path, the matched text, the pattern and the
// value. Returning ok false scrubs the value as usual ("[Scrubbed due to
// '<match>']", listed in logfire.scrubbed); returning a replacement and
// true writes the replacement instead and lists nothing. Returning m.Value
// keeps the value.
//
// A replacement for an attribute may be an attribute.Value, a string,
// bool, int, int64, float64 or []string; inside a JSON value, a string,
// bool, int, int64, float64, nil, a json.RawMessage holding valid JSON, or
// a scalar attribute.Value. Of any other type, the value is scrubbed. A
// string replacing a JSON array is written as a one-element array, as
// Logfire does. A replacement is written as given, not cut to the value
// limit; inside JSON, one that grows the value by more than 4 KiB in all
// makes it scrubbed whole.
//
// cb runs on the logging path, so keep it fast; a panic in it scrubs.
// WithScrubCallback and [WithScrubAllow] set the same hook: the last one
// given wins.
func WithScrubCallback(cb func(m ScrubMatch) (replacement any, ok bool)) Option {
	if cb == nil {
		return WithScrubAllow(nil)
	}
	return WithScrubAllow(func(m ScrubMatch) bool {
		rep, ok := cb(m)
		if ok && m.out != nil {
			m.out.value, m.out.set = rep, true
		}
		return ok
	})
}
