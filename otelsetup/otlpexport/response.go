package otlpexport

import (
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"google.golang.org/protobuf/encoding/protowire"
)

const (
	// maxResponse bounds the response body read for a partial success or
	// an error message.
	maxResponse = 64 << 10
	// maxDrain bounds what is read past that to keep the connection.
	maxDrain = 256 << 10
	// maxMessage bounds an error message taken from a response.
	maxMessage = 1024
)

// HTTPError is a response with a status other than 2xx.
type HTTPError struct {
	// StatusCode is the HTTP status code.
	StatusCode int
	// Message is the receiver's explanation: the message of a
	// google.rpc.Status body, else the body's text, at most 1 KiB.
	Message string
}

// Error implements error.
func (e *HTTPError) Error() string {
	msg := e.Message
	if msg == "" {
		msg = "(empty body)"
	}
	return fmt.Sprintf("otlpexport: receiver answered %d %s: %s", e.StatusCode, http.StatusText(e.StatusCode), msg)
}

// Retryable reports whether the OTLP specification allows retrying the
// request: 429, 502, 503 and 504.
func (e *HTTPError) Retryable() bool {
	switch e.StatusCode {
	case http.StatusTooManyRequests, http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// PartialSuccessError is a 2xx response whose ExportTracePartialSuccess
// says the receiver rejected spans or has a warning. It is not retried.
type PartialSuccessError struct {
	// RejectedSpans is the number of spans the receiver rejected (of log
	// records, from a [LogExporter]: ExportLogsPartialSuccess has the same
	// layout).
	RejectedSpans int64
	// Message is the receiver's error_message, at most 1 KiB.
	Message string

	records bool // from a LogExporter
}

// Error implements error.
func (e *PartialSuccessError) Error() string {
	noun := "spans"
	if e.records {
		noun = "log records"
	}
	return fmt.Sprintf("otlpexport: receiver rejected %d %s: %s", e.RejectedSpans, noun, e.Message)
}

func isProtobuf(resp *http.Response) bool {
	mt, _, err := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	return err == nil && mt == "application/x-protobuf"
}

// readPartialSuccess reads a 2xx response: an ExportTraceServiceResponse
// whose partial_success, when it reports rejected spans or a message,
// becomes a *PartialSuccessError. A body that is not protobuf, or does not
// parse, is taken as full success (as otlptracehttp does for a non-protobuf
// body).
func readPartialSuccess(resp *http.Response) (int64, time.Duration, error) {
	if !isProtobuf(resp) {
		return 0, 0, nil
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxResponse))
	if err != nil || len(b) == 0 {
		return 0, 0, nil //nolint:nilerr // the spans were accepted; a broken body does not undo that.
	}
	ps, ok := findMessage(b, 1) // ExportTraceServiceResponse.partial_success
	if !ok {
		return 0, 0, nil
	}
	var rejected int64
	var msg string
	for len(ps) > 0 {
		num, typ, n := protowire.ConsumeTag(ps)
		if n < 0 {
			break
		}
		ps = ps[n:]
		switch {
		case num == 1 && typ == protowire.VarintType: // rejected_spans
			v, m := protowire.ConsumeVarint(ps)
			if m < 0 {
				return 0, 0, nil
			}
			rejected, ps = int64(v), ps[m:] //nolint:gosec // protobuf int64.
		case num == 2 && typ == protowire.BytesType: // error_message
			v, m := protowire.ConsumeBytes(ps)
			if m < 0 {
				return 0, 0, nil
			}
			msg, ps = cleanMessage(v), ps[m:]
		default:
			m := protowire.ConsumeFieldValue(num, typ, ps)
			if m < 0 {
				return 0, 0, nil
			}
			ps = ps[m:]
		}
	}
	if rejected == 0 && msg == "" {
		return 0, 0, nil
	}
	return rejected, -1, &PartialSuccessError{RejectedSpans: rejected, Message: msg}
}

// readHTTPError builds the error of a non-2xx response from its body: a
// google.rpc.Status (its message, field 2) when protobuf, else the text.
func readHTTPError(resp *http.Response) *HTTPError {
	b, _ := io.ReadAll(io.LimitReader(resp.Body, maxResponse))
	e := &HTTPError{StatusCode: resp.StatusCode}
	if isProtobuf(resp) {
		if m, ok := findBytes(b, 2); ok {
			e.Message = cleanMessage(m)
			return e
		}
	}
	e.Message = cleanMessage(b)
	return e
}

// findMessage returns the last length-delimited field num of a message.
func findMessage(b []byte, num protowire.Number) ([]byte, bool) { return findBytes(b, num) }

func findBytes(b []byte, want protowire.Number) ([]byte, bool) {
	var (
		out   []byte
		found bool
	)
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			return nil, false
		}
		b = b[n:]
		if num == want && typ == protowire.BytesType {
			v, m := protowire.ConsumeBytes(b)
			if m < 0 {
				return nil, false
			}
			out, found, b = v, true, b[m:]
			continue
		}
		m := protowire.ConsumeFieldValue(num, typ, b)
		if m < 0 {
			return nil, false
		}
		b = b[m:]
	}
	return out, found
}

// cleanMessage makes a receiver's bytes fit an error message: valid UTF-8,
// no control characters, trimmed, at most maxMessage bytes.
func cleanMessage(b []byte) string {
	s := strings.TrimSpace(strings.ToValidUTF8(string(b[:min(len(b), 4*maxMessage)]), "\uFFFD"))
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
	if len(s) > maxMessage {
		cut := maxMessage
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "…"
	}
	return s
}
