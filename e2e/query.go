package e2e

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// jaegerAPI is a client of Jaeger's query HTTP API v3, which answers in
// OTLP JSON: the test sees span attributes with their OTLP value types.
type jaegerAPI struct {
	BaseURL string // e.g. http://127.0.0.1:16686
}

// errNoTraces is Jaeger's 404 for a search that found nothing (yet).
var errNoTraces = errors.New("no traces found")

// findTraces returns the spans of up to 20 traces of service that started
// between min and max.
func (a jaegerAPI) findTraces(ctx context.Context, service string, min, max time.Time) (*tracesData, error) {
	return a.findTracesN(ctx, service, min, max, 20)
}

// findTracesN is findTraces for up to n traces.
func (a jaegerAPI) findTracesN(ctx context.Context, service string, min, max time.Time, n int) (*tracesData, error) {
	q := url.Values{
		"query.service_name":   {service},
		"query.start_time_min": {min.UTC().Format(time.RFC3339Nano)},
		"query.start_time_max": {max.UTC().Format(time.RFC3339Nano)},
		"query.num_traces":     {strconv.Itoa(n)}, // required: without it Jaeger finds nothing
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, a.BaseURL+"/api/v3/traces?"+q.Encode(), nil)
	if err != nil {
		return nil, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	switch resp.StatusCode {
	case http.StatusOK:
	case http.StatusNotFound:
		return nil, errNoTraces
	default:
		return nil, fmt.Errorf("GET %s: %s: %s", req.URL, resp.Status, body)
	}
	var r struct {
		Result tracesData `json:"result"`
	}
	if err := json.Unmarshal(body, &r); err != nil {
		return nil, fmt.Errorf("decoding Jaeger's answer: %w\n%s", err, body)
	}
	return &r.Result, nil
}

// The OTLP JSON shapes of https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding,
// as far as the test reads them.
type (
	tracesData struct {
		ResourceSpans []resourceSpans `json:"resourceSpans"`
	}
	resourceSpans struct {
		Resource   struct{ Attributes []keyValue } `json:"resource"`
		ScopeSpans []scopeSpans                    `json:"scopeSpans"`
	}
	scopeSpans struct {
		Scope struct{ Name, Version string } `json:"scope"`
		Spans []span                         `json:"spans"`
	}
	span struct {
		TraceID           string     `json:"traceId"`
		SpanID            string     `json:"spanId"`
		ParentSpanID      string     `json:"parentSpanId"`
		Name              string     `json:"name"`
		StartTimeUnixNano string     `json:"startTimeUnixNano"` // uint64 as a decimal string
		EndTimeUnixNano   string     `json:"endTimeUnixNano"`
		Attributes        []keyValue `json:"attributes"`
		Events            []event    `json:"events"`
		Status            struct {
			// The enum as a number (2) or, from some encoders, its
			// name ("STATUS_CODE_ERROR"): see span.isError.
			Code    json.RawMessage `json:"code"`
			Message string          `json:"message"`
		} `json:"status"`
	}
	event struct {
		Name       string     `json:"name"`
		Attributes []keyValue `json:"attributes"`
	}
	keyValue struct {
		Key   string   `json:"key"`
		Value anyValue `json:"value"`
	}
	// anyValue keeps each variant raw, so that the test checks the JSON
	// type too: in OTLP JSON an int64 is a decimal string, a double a number.
	anyValue struct {
		StringValue json.RawMessage `json:"stringValue"`
		IntValue    json.RawMessage `json:"intValue"`
		DoubleValue json.RawMessage `json:"doubleValue"`
		BoolValue   json.RawMessage `json:"boolValue"`
	}
)

// typed returns the value as the Go type of its OTLP variant: string,
// int64, float64 or bool, so that assert.Equal(int64(3), v) also checks that
// 3 was sent as an int and not as a double. Anything else (several
// variants, a variant of the wrong JSON type, arrays, maps) is an error.
func (v anyValue) typed() (any, error) {
	var (
		out any
		n   int
		err error
	)
	if v.StringValue != nil {
		n++
		var s string
		err = errors.Join(err, json.Unmarshal(v.StringValue, &s))
		out = s
	}
	if v.IntValue != nil {
		n++
		var s string // int64 values are JSON strings in OTLP JSON
		if e := json.Unmarshal(v.IntValue, &s); e != nil {
			err = errors.Join(err, fmt.Errorf("intValue %s is not a JSON string: %w", v.IntValue, e))
		}
		i, e := strconv.ParseInt(s, 10, 64)
		err = errors.Join(err, e)
		out = i
	}
	if v.DoubleValue != nil {
		n++
		var f float64
		err = errors.Join(err, json.Unmarshal(v.DoubleValue, &f))
		out = f
	}
	if v.BoolValue != nil {
		n++
		var b bool
		err = errors.Join(err, json.Unmarshal(v.BoolValue, &b))
		out = b
	}
	if n != 1 {
		return nil, fmt.Errorf("want exactly one of stringValue, intValue, doubleValue, boolValue; got %d", n)
	}
	return out, err
}

// attr returns the typed value of attribute key, and whether it is there.
func attr(kvs []keyValue, key string) (any, bool, error) {
	for _, kv := range kvs {
		if kv.Key == key {
			v, err := kv.Value.typed()
			return v, true, err
		}
	}
	return nil, false, nil
}

// duration returns end - start.
func (s span) duration() (time.Duration, error) {
	start, err := strconv.ParseUint(s.StartTimeUnixNano, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("startTimeUnixNano %q: %w", s.StartTimeUnixNano, err)
	}
	end, err := strconv.ParseUint(s.EndTimeUnixNano, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("endTimeUnixNano %q: %w", s.EndTimeUnixNano, err)
	}
	return time.Duration(int64(end - start)), nil
}

// isError reports whether the span's status code is ERROR (2).
func (s span) isError() bool {
	switch string(s.Status.Code) {
	case "2", `"STATUS_CODE_ERROR"`:
		return true
	}
	return false
}

// statusString describes the status for messages: OTLP JSON leaves out an
// UNSET (0) code.
func (s span) statusString() string {
	code := string(s.Status.Code)
	if code == "" {
		code = "0 (UNSET)"
	}
	if s.Status.Message != "" {
		code += fmt.Sprintf(" %q", s.Status.Message)
	}
	return code
}
