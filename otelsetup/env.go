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
// every OTEL_* timeout and delay.
func (e *env) millis(name string) (time.Duration, bool) {
	s := e.str(name)
	if s == "" {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	if err != nil || n <= 0 {
		// Zero is refused too: a zero delay or timeout cannot work (a
		// ticker needs a positive interval, a zero timeout fails every
		// export).
		e.fail(name, s, "want a positive whole number of milliseconds")
		return 0, false
	}
	return time.Duration(n) * time.Millisecond, true
}

func (e *env) positive(name string) (int, bool) {
	s := e.str(name)
	if s == "" {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	if err != nil || n <= 0 {
		e.fail(name, s, "want a positive whole number")
		return 0, false
	}
	return n, true
}

// pairs reads a list of key=value pairs separated by commas, with
// percent-encoded values (OTEL_RESOURCE_ATTRIBUTES, OTEL_EXPORTER_OTLP_HEADERS).
func (e *env) pairs(name string) map[string]string {
	s := e.str(name)
	if s == "" {
		return nil
	}
	out := map[string]string{}
	for _, item := range strings.Split(s, ",") {
		if strings.TrimSpace(item) == "" {
			continue
		}
		k, v, ok := strings.Cut(item, "=")
		k = strings.TrimSpace(k)
		if !ok || k == "" {
			e.fail(name, s, fmt.Sprintf("%q is not key=value", item))
			return nil
		}
		dv, err := url.PathUnescape(strings.TrimSpace(v))
		if err != nil {
			e.fail(name, s, fmt.Sprintf("value of %q is not percent-encoded correctly", k))
			return nil
		}
		out[k] = dv
	}
	return out
}

func osLookup(name string) (string, bool) { return os.LookupEnv(name) }
