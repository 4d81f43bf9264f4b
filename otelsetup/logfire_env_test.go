package otelsetup

import (
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// LOGFIRE_TOKEN may list tokens, as Logfire's SDK reads it: one Logfire
// destination per project, each with its own region and Authorization,
// all compressed with gzip.
func TestLogfireTokenList(t *testing.T) {
	c, err := readEnv(lookupMap(map[string]string{
		"LOGFIRE_TOKEN": " pylf_v1_eu_a , ,pylf_v1_us_b,pylf_v1_eu_a",
	}))
	require.NoError(t, err)
	require.Len(t, c.logfire, 2, "empty items and repeats dropped")
	assert.Equal(t, "https://logfire-eu.pydantic.dev/v1/traces", c.logfire[0].endpoint)
	assert.Equal(t, map[string]string{"Authorization": "pylf_v1_eu_a"}, c.logfire[0].headers)
	assert.Equal(t, "https://logfire-us.pydantic.dev/v1/traces", c.logfire[1].endpoint)
	assert.Equal(t, map[string]string{"Authorization": "pylf_v1_us_b"}, c.logfire[1].headers)
	for _, d := range c.logfire {
		assert.True(t, d.gzip)
		assert.True(t, d.logfire)
	}
	assert.Equal(t, c.logfire, c.destinations())

	// LOGFIRE_BASE_URL is every token's base.
	c, err = readEnv(lookupMap(map[string]string{"LOGFIRE_TOKEN": "a,b", "LOGFIRE_BASE_URL": "http://127.0.0.1:9"}))
	require.NoError(t, err)
	require.Len(t, c.logfire, 2)
	assert.Equal(t, c.logfire[0].endpoint, c.logfire[1].endpoint)

	// Only commas: no token.
	c, err = readEnv(lookupMap(map[string]string{"LOGFIRE_TOKEN": " , "}))
	require.NoError(t, err)
	assert.Empty(t, c.logfire)

	// Too many: an error that names the variable, not a token.
	var tokens []string
	for i := range 17 {
		tokens = append(tokens, "s3cret"+strconv.Itoa(i))
	}
	many := strings.Join(tokens, ",")
	_, err = readEnv(lookupMap(map[string]string{"LOGFIRE_TOKEN": many}))
	if assert.Error(t, err) {
		assert.Contains(t, err.Error(), "LOGFIRE_TOKEN:")
		assert.NotContains(t, err.Error(), "s3cret")
	}
}

func TestLogfireSendToLogfire(t *testing.T) {
	tests := []struct {
		give    map[string]string
		want    int // Logfire destinations
		wantErr string
	}{
		{map[string]string{"LOGFIRE_TOKEN": "t"}, 1, ""}, // unset: if-token-present
		{map[string]string{"LOGFIRE_TOKEN": "t", "LOGFIRE_SEND_TO_LOGFIRE": "false"}, 0, ""},
		{map[string]string{"LOGFIRE_TOKEN": "t", "LOGFIRE_SEND_TO_LOGFIRE": "0"}, 0, ""},
		{map[string]string{"LOGFIRE_TOKEN": "t", "LOGFIRE_SEND_TO_LOGFIRE": "TRUE"}, 1, ""},
		{map[string]string{"LOGFIRE_TOKEN": "t", "LOGFIRE_SEND_TO_LOGFIRE": "if-token-present"}, 1, ""},
		{map[string]string{"LOGFIRE_SEND_TO_LOGFIRE": "if-token-present"}, 0, ""},
		{map[string]string{"LOGFIRE_SEND_TO_LOGFIRE": "false"}, 0, ""},
		{map[string]string{"LOGFIRE_SEND_TO_LOGFIRE": "true"}, 0, "LOGFIRE_SEND_TO_LOGFIRE: true, but LOGFIRE_TOKEN is not set"},
		{map[string]string{"LOGFIRE_TOKEN": "s3cret", "LOGFIRE_SEND_TO_LOGFIRE": "sometimes"}, 0, `LOGFIRE_SEND_TO_LOGFIRE="sometimes"`},
	}
	for _, tt := range tests {
		c, err := readEnv(lookupMap(tt.give))
		if tt.wantErr != "" {
			if assert.Error(t, err, "%v", tt.give) {
				assert.Contains(t, err.Error(), tt.wantErr)
				assert.NotContains(t, err.Error(), "s3cret")
			}
			continue
		}
		require.NoError(t, err, "%v", tt.give)
		assert.Len(t, c.logfire, tt.want, "%v", tt.give)
	}
	// Not sending to Logfire: with nothing else configured, the console.
	c, err := readEnv(lookupMap(map[string]string{"LOGFIRE_TOKEN": "t", "LOGFIRE_SEND_TO_LOGFIRE": "false"}))
	require.NoError(t, err)
	assert.Equal(t, []string{ExporterConsole}, c.exporterList())
}

// LOGFIRE_MIN_LEVEL is read by every adapter; Setup refuses a bad one,
// naming the variable.
func TestLogfireMinLevel(t *testing.T) {
	for _, give := range []string{"warning", "trace", "fatal", "21", "DEBUG"} {
		_, err := readEnv(lookupMap(map[string]string{"LOGFIRE_MIN_LEVEL": give}))
		assert.NoError(t, err, give)
	}
	for _, give := range []string{"verbose", "0", "25", "info1", strings.Repeat("x", 500)} {
		_, err := readEnv(lookupMap(map[string]string{"LOGFIRE_MIN_LEVEL": give}))
		if assert.Error(t, err, give) {
			assert.Contains(t, err.Error(), "LOGFIRE_MIN_LEVEL=")
			assert.Less(t, len(err.Error()), 200)
		}
	}
	_, err := New(t.Context(), WithEnv(lookupMap(map[string]string{"LOGFIRE_MIN_LEVEL": "loud"})), WithErrorOutput(&stringsBuilder{}))
	assert.ErrorContains(t, err, "LOGFIRE_MIN_LEVEL=")
}

// LOGFIRE_TRACE_SAMPLE_RATE is Logfire's head sampling rate: below 1, the
// parent-based ratio sampler; the OTEL_* sampler variables win.
func TestLogfireTraceSampleRate(t *testing.T) {
	tests := []struct {
		give             map[string]string
		sampler, wantArg string
	}{
		{map[string]string{"LOGFIRE_TRACE_SAMPLE_RATE": "0.25"}, "parentbased_traceidratio", "0.25"},
		{map[string]string{"LOGFIRE_TRACE_SAMPLE_RATE": "1"}, "", ""},
		{map[string]string{"LOGFIRE_TRACE_SAMPLE_RATE": "0"}, "parentbased_traceidratio", "0"},
		{map[string]string{"LOGFIRE_TRACE_SAMPLE_RATE": "0.25", "OTEL_TRACES_SAMPLER_ARG": "0.5"}, "parentbased_traceidratio", "0.5"},
		{map[string]string{"LOGFIRE_TRACE_SAMPLE_RATE": "0.25", "OTEL_TRACES_SAMPLER": "always_on"}, "always_on", ""},
	}
	for _, tt := range tests {
		c, err := readEnv(lookupMap(tt.give))
		require.NoError(t, err, "%v", tt.give)
		assert.Equal(t, tt.sampler, c.sampler, "%v", tt.give)
		assert.Equal(t, tt.wantArg, c.samplerArg, "%v", tt.give)
	}
	for _, give := range []string{"2", "-0.1", "NaN", "half", "1e400"} {
		_, err := readEnv(lookupMap(map[string]string{"LOGFIRE_TRACE_SAMPLE_RATE": give}))
		if assert.Error(t, err, give) {
			assert.Contains(t, err.Error(), "LOGFIRE_TRACE_SAMPLE_RATE=")
		}
	}
	// The sampler it selects samples at that rate.
	c, err := readEnv(lookupMap(map[string]string{"LOGFIRE_TRACE_SAMPLE_RATE": "0.25"}))
	require.NoError(t, err)
	s, err := newSampler(c)
	require.NoError(t, err)
	assert.Contains(t, s.Description(), "TraceIDRatioBased{0.25}")
	assert.Contains(t, s.Description(), "ParentBased")
}

// LOGFIRE_RESOURCE_ATTRIBUTES is read as Logfire reads it: values as they
// are, not percent-decoded.
func TestLogfireResourceAttributes(t *testing.T) {
	c, err := readEnv(lookupMap(map[string]string{"LOGFIRE_RESOURCE_ATTRIBUTES": " team = a%20b ,,region=eu=1"}))
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"team": "a%20b", "region": "eu=1"}, c.lf.resource)
	for _, give := range []string{"s3cret", "a=1,=s3cret"} {
		_, err = readEnv(lookupMap(map[string]string{"LOGFIRE_RESOURCE_ATTRIBUTES": give}))
		if assert.Error(t, err, give) {
			assert.Contains(t, err.Error(), "LOGFIRE_RESOURCE_ATTRIBUTES:")
			assert.NotContains(t, err.Error(), "s3cret")
		}
	}
}

func TestLogfireServiceVariables(t *testing.T) {
	c, err := readEnv(lookupMap(map[string]string{
		"LOGFIRE_SERVICE_NAME": "lf-svc", "LOGFIRE_SERVICE_VERSION": "1.2", "LOGFIRE_ENVIRONMENT": "staging",
	}))
	require.NoError(t, err)
	assert.Equal(t, logfireEnv{serviceName: "lf-svc", serviceVersion: "1.2", environment: "staging"}, c.lf)
	c, err = readEnv(lookupMap(map[string]string{"LOGFIRE_SERVICE_VERSION": "1.2", "OTEL_SERVICE_VERSION": "2.0"}))
	require.NoError(t, err)
	assert.Equal(t, "2.0", c.lf.serviceVersion, "OTEL_SERVICE_VERSION wins")
}

func TestPendingSpansVariable(t *testing.T) {
	for give, want := range map[string]int{"": 0, "true": 1, "FALSE": -1} {
		c, err := readEnv(lookupMap(map[string]string{"LOGSPAN_PENDING_SPANS": give}))
		require.NoError(t, err)
		assert.Equal(t, want, c.lf.pending, give)
	}
	_, err := readEnv(lookupMap(map[string]string{"LOGSPAN_PENDING_SPANS": "yes"}))
	assert.ErrorContains(t, err, "LOGSPAN_PENDING_SPANS=")

	// Who gets pending spans: the option, else the variable, else Logfire.
	on, off := true, false
	tests := []struct {
		env     int
		opt     *bool
		logfire bool
		want    bool
	}{
		{0, nil, true, true}, {0, nil, false, false},
		{1, nil, false, true}, {-1, nil, true, false},
		{-1, &on, false, true}, {1, &off, true, false},
	}
	for _, tt := range tests {
		c := config{lf: logfireEnv{pending: tt.env}}
		assert.Equal(t, tt.want, c.pendingSpans(settings{pending: tt.opt}, tt.logfire), "%+v", tt)
	}
}

// FuzzLogfireEnv feeds arbitrary values to the LOGFIRE_* variables.
// Properties: no panic; an error never quotes a token; every Logfire
// destination is an https or http URL ending in /v1/traces, with one
// token as its Authorization; an accepted rate selects a valid sampler.
func FuzzLogfireEnv(f *testing.F) {
	f.Add("pylf_v1_eu_s3cretvalue", "", "if-token-present", "0.5", "info", "a=b", "true")
	f.Add("pylf_v1_us_a,pylf_v1_eu_b,,", "http://127.0.0.1:1", "true", "1", "warning", "x", "")
	f.Add(strings.Repeat("t,", 40), "ftp://u:p@h", "maybe", "NaN", "99", "=v,k", "yes")
	f.Fuzz(func(t *testing.T, token, base, send, rate, level, attrs, pending string) {
		env := map[string]string{
			"LOGFIRE_TOKEN": token, "LOGFIRE_BASE_URL": base, "LOGFIRE_SEND_TO_LOGFIRE": send,
			"LOGFIRE_TRACE_SAMPLE_RATE": rate, "LOGFIRE_MIN_LEVEL": level,
			"LOGFIRE_RESOURCE_ATTRIBUTES": attrs, "LOGSPAN_PENDING_SPANS": pending,
		}
		c, err := readEnv(lookupMap(env))
		if err != nil {
			for _, tok := range logfireTokens(token) {
				quotedElsewhere := false
				for k, v := range env {
					if k != "LOGFIRE_TOKEN" && strings.Contains(v, tok) {
						quotedElsewhere = true
					}
				}
				if len(tok) >= 8 && !quotedElsewhere && strings.Contains(err.Error(), tok) {
					t.Fatalf("the error quotes a token: %v", err)
				}
			}
			return
		}
		for _, d := range c.logfire {
			if !strings.HasSuffix(d.endpoint, "/v1/traces") || !(strings.HasPrefix(d.endpoint, "https://") || strings.HasPrefix(d.endpoint, "http://")) {
				t.Fatalf("endpoint %q", d.endpoint)
			}
			if tok := d.headers["Authorization"]; tok == "" || strings.Contains(tok, ",") {
				t.Fatalf("authorization %q", tok)
			}
		}
		if _, err := newSampler(c); err != nil {
			t.Fatalf("an accepted rate made a bad sampler: %v", err)
		}
	})
}
