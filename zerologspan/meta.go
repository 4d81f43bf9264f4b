package zerologspan

import (
	"strconv"
	"strings"
	"time"

	"github.com/rs/zerolog"

	"github.com/logspan/logspan/core"
)

// meta finds zerolog's timestamp and caller fields (Timestamp(), Caller(),
// or the With().Timestamp() and With().Caller() hooks when they ran before
// this one) and puts them into r. The positions of the fields used are
// kept in d.handled, so that fields leaves them out of the attributes; a
// field that does not parse stays an attribute. Without either key in the
// buffer, no scan is made.
func (d *decoder) meta(buf []byte, r *core.Record, n names) {
	d.handled = d.handled[:0]
	text := unsafeString(buf)
	wantTime := n.time != "" && strings.Contains(text, n.time)
	wantCaller := n.caller != "" && strings.Contains(text, n.caller)
	if !wantTime && !wantCaller {
		return
	}
	s := &d.s
	s.reset(buf)
	s.consume('{')
	for {
		s.sep()
		if c := s.peek(); c != '"' {
			return
		}
		start := s.pos
		k, ok := s.str(0)
		if !ok || !s.consume(':') {
			return
		}
		if c := s.peek(); c == ',' || c == '}' || c == 0 {
			continue // a key with no value, as fields skips it
		}
		key := unsafeString(k)
		switch {
		case wantTime && key == n.time:
			value := s.pos
			if t, ok := parseTimestamp(s); ok {
				r.Time = t
				wantTime = false
				d.handled = append(d.handled, start)
				continue
			}
			s.pos = value
		case wantCaller && key == n.caller && s.peek() == '"':
			if v, ok := s.str(1); ok {
				if c, ok := parseCaller(v); ok {
					r.Caller = c
					wantCaller = false
					d.handled = append(d.handled, start)
				}
			}
			continue
		}
		if !s.skip() {
			return
		}
	}
}

// parseTimestamp reads a time written with zerolog.TimeFieldFormat: a
// layout string, or Unix seconds, milliseconds, microseconds or
// nanoseconds. It leaves s after the value whatever the outcome.
//
// See spanTime for when the field becomes the span's time.
func parseTimestamp(s *scanner) (time.Time, bool) {
	format := zerolog.TimeFieldFormat
	var t time.Time
	var precision time.Duration
	switch c := s.peek(); {
	case c == '"':
		v, ok := s.str(1)
		if !ok || isUnixFormat(format) {
			return t, false
		}
		text := unsafeString(v)
		var err error
		if t, err = time.Parse(format, text); err != nil {
			if t, err = time.Parse(time.RFC3339Nano, text); err != nil {
				return t, false
			}
		}
		precision = fractionPrecision(text)
	case c == '-' || '0' <= c && c <= '9':
		lit, integer := s.number()
		n, ok := parseInt(lit)
		if !integer || !ok || !isUnixFormat(format) {
			return t, false
		}
		switch format {
		case zerolog.TimeFormatUnixMs:
			t, precision = time.UnixMilli(n), time.Millisecond
		case zerolog.TimeFormatUnixMicro:
			t, precision = time.UnixMicro(n), time.Microsecond
		case zerolog.TimeFormatUnixNano:
			t, precision = time.Unix(0, n), time.Nanosecond
		default:
			t, precision = time.Unix(n, 0), time.Second
		}
	default:
		return t, false
	}
	return spanTime(t, precision, time.Now())
}

// clockTolerance is how far before the hook runs a timestamp may have been
// taken and still count as the event's own: zerolog takes it during the
// logging call, at most a hook or two earlier.
const clockTolerance = time.Second

// spanTime decides what a timestamp field t, with its last digit worth
// precision, means for the span. A field taken during the logging call
// (within the tolerance of now) is zerolog's timestamp: the span starts at
// t, or at now when t has kept less than a millisecond (zerolog's default
// keeps whole seconds, and a span at the truncated time would start up to
// a second before the request span it belongs to). Any other value (a user
// field that happens to be named "time", a fixed TimestampFunc) is not the
// event's time: ok is false and the field stays an attribute.
func spanTime(t time.Time, precision time.Duration, now time.Time) (time.Time, bool) {
	d := now.Sub(t)
	if d <= -time.Millisecond || d >= precision+clockTolerance {
		return time.Time{}, false
	}
	if precision >= time.Millisecond {
		return now, true
	}
	return t, true
}

func isUnixFormat(f string) bool {
	switch f {
	case zerolog.TimeFormatUnix, zerolog.TimeFormatUnixMs, zerolog.TimeFormatUnixMicro, zerolog.TimeFormatUnixNano:
		return true
	}
	return false
}

// fractionPrecision is the unit of the last digit of a formatted time's
// fractional seconds, or a second when it has none.
func fractionPrecision(text string) time.Duration {
	dot := strings.LastIndexByte(text, '.')
	if dot < 0 {
		return time.Second
	}
	digits := 0
	for _, c := range []byte(text[dot+1:]) {
		if c < '0' || c > '9' {
			break
		}
		digits++
	}
	p := time.Second
	for range min(digits, 9) {
		p /= 10
	}
	return p
}

// parseCaller reads the "file:line" zerolog's default CallerMarshalFunc
// writes. A custom format that does not end in ":line" stays an attribute.
func parseCaller(v []byte) (core.Caller, bool) {
	text := unsafeString(v)
	colon := strings.LastIndexByte(text, ':')
	if colon <= 0 {
		return core.Caller{}, false
	}
	line, err := strconv.Atoi(text[colon+1:])
	if err != nil || line < 0 {
		return core.Caller{}, false
	}
	return core.Caller{File: string(v[:colon]), Line: line}, true
}
