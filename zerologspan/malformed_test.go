package zerologspan_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/rs/zerolog"
	"github.com/stretchr/testify/assert"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/core"
	"github.com/logspan/logspan/core/spantest"
	"github.com/logspan/logspan/zerologspan"
)

// Broken RawJSON ends the decoding; the fields after it, kept as text,
// must not carry a secret past the scrubber.
func TestMalformedRawJSONDoesNotLeakSecrets(t *testing.T) {
	for _, raw := range []string{"{bad", `{"a":1}}`} {
		l, _, rec, _ := newLogger(t)
		l.Info().RawJSON("raw", []byte(raw)).Str("password", "hunter2").Str("api_key", "sk-123").Msg("m")
		s := spantest.Only(t, rec)
		for k, v := range spantest.Attributes(s) {
			assert.NotContains(t, v.Emit(), "hunter2", "%s leaks the password (raw %q)", k, raw)
			assert.NotContains(t, v.Emit(), "sk-123", "%s leaks the key (raw %q)", k, raw)
		}
	}
}

// A key without a value before the caller must not hide the caller. With
// binary_log the event is CBOR, whose fields zerologspan does not read: no
// caller either (see the package documentation, "Binary logging").
func TestCallerAfterKeyWithoutValue(t *testing.T) {
	tp, rec := spantest.NewRecorder(t)
	l := zerolog.New(&bytes.Buffer{}).With().Caller().Logger().Hook(zerologspan.NewHook(coreProvider(tp)))
	l.Info().RawJSON("r", nil).Msg("m")
	a := spantest.Attributes(spantest.Only(t, rec))
	if binaryLogBuild {
		assert.NotContains(t, a, core.KeyCodeFilePath)
		return
	}
	assert.True(t, strings.HasSuffix(a[core.KeyCodeFilePath].AsString(), ".go"), "caller not read: %v", a)
}

type objErr struct{}

func (objErr) Error() string { return "objErr" }
func (objErr) MarshalZerologObject(e *zerolog.Event) {
	e.Int("code", 7)
}

// CaptureErrors must not change zerolog's output (JSON or, with
// binary_log, CBOR: compared byte for byte) for an error that is also a
// zerolog object, nor match an empty message to later empty fields.
func TestCaptureErrorsLeavesZerologAlone(t *testing.T) {
	logAll := func(l zerolog.Logger) {
		l.Info().AnErr("error", objErr{}).Msg("object error")
		l.Warn().Err(errors.New("")).Msg("empty error")
		l.Info().Str("middle_name", "").Msg("unrelated")
	}
	var want bytes.Buffer
	logAll(zerolog.New(&want))

	restore := zerologspan.CaptureErrors()
	defer restore()
	l, out, rec, _ := newLogger(t)
	logAll(l)
	assert.Equal(t, want.Bytes(), out.Bytes(), "zerolog's output changed")
	if !binaryLogBuild {
		assert.Equal(t, map[string]any{"code": float64(7)}, lineAt(t, out, 0)["error"])
	}
	for _, s := range rec.Ended() {
		if s.Name() == "unrelated" {
			assert.Empty(t, s.Events(), "an empty string field is not an error")
		}
	}
}

func coreProvider(tp *sdktrace.TracerProvider) logspan.Option { return logspan.WithTracerProvider(tp) }
