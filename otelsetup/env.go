package otelsetup

import (
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"
)

// lookupFunc reads one environment variable; tests replace os.LookupEnv.
type lookupFunc func(string) (string, bool)

// env reads the OpenTelemetry variables through lookup, and remembers the
// first bad value so that Setup reports it naming the variable.
type env struct {
	lookup lookupFunc
	err    error
}

func (e *env) str(name string) string {
	v, _ := e.lookup(name)
	return strings.TrimSpace(v)
}

func (e *env) fail(name, value, why string) {
	if e.err == nil {
		e.err = fmt.Errorf("otelsetup: %s=%q: %s", name, value, why)
	}
}

// failQuiet records an error that names the variable but not its value.
func (e *env) failQuiet(name, why string) {
	if e.err == nil {
		e.err = fmt.Errorf("otelsetup: %s: %s", name, why)
	}
}

// bool reads true or false, in any case, as the specification defines
// boolean variables; anything else is an error rather than a guess.
func (e *env) bool(name string) (value, set bool) {
	s := e.str(name)
	switch strings.ToLower(s) {
	case "":
		return false, false
	case "true":
		return true, true
	case "false":
		return false, true
	}
	e.fail(name, s, "want true or false")
	return false, false
}

// millis reads a duration in milliseconds, as the specification defines
// every OTEL_* timeout and delay, from 1 ms to one hour.
func (e *env) millis(name string) (time.Duration, bool) {
	n, ok := e.number(name, maxMillis, "milliseconds")
	return time.Duration(n) * time.Millisecond, ok
}

// positive reads a whole number from 1 to limit.
func (e *env) positive(name string, limit int) (int, bool) {
	return e.number(name, limit, "")
}

func (e *env) number(name string, limit int, unit string) (int, bool) {
	s := e.str(name)
	if s == "" {
		return 0, false
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 || n > int64(limit) {
		// Zero is refused too: a zero delay or timeout cannot work (a
		// ticker needs a positive interval, a zero timeout fails every
		// export).
		why := fmt.Sprintf("want a whole number from 1 to %d", limit)
		if unit != "" {
			why += " (" + unit + ")"
		}
		e.fail(name, s, why)
		return 0, false
	}
	return int(n), true
}

// pairs reads a list of key=value pairs separated by commas, with
// percent-encoded values (OTEL_RESOURCE_ATTRIBUTES, OTEL_EXPORTER_OTLP_HEADERS).
// Its errors name the item and the key, never a value: a header value is
// often a credential.
func (e *env) pairs(name string) map[string]string {
	s := e.str(name)
	if s == "" {
		return nil
	}
	out := map[string]string{}
	items := strings.Split(s, ",")
	for i, item := range items {
		if strings.TrimSpace(item) == "" {
			continue
		}
		k, v, ok := strings.Cut(item, "=")
		k = strings.TrimSpace(k)
		if !ok || k == "" {
			e.failQuiet(name, fmt.Sprintf("item %d of %d is not key=value", i+1, len(items)))
			return nil
		}
		dv, err := url.PathUnescape(strings.TrimSpace(v))
		if err != nil {
			e.failQuiet(name, fmt.Sprintf("the value of key %q (item %d) is not percent-encoded correctly", k, i+1))
			return nil
		}
		out[k] = dv
	}
	return out
}

func osLookup(name string) (string, bool) { return os.LookupEnv(name) }
