package otelsetup

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/logspan/logspan"
)

// The LOGFIRE_* variables otelsetup reads, with the meanings of Logfire's
// Python SDK (logfire/_internal/config_params.py). Where an OTEL_* variable
// says the same thing, the OTEL_* one wins (see doc.go's table).
const (
	logfireSendEnv        = "LOGFIRE_SEND_TO_LOGFIRE"
	logfireServiceEnv     = "LOGFIRE_SERVICE_NAME"
	logfireVersionEnv     = "LOGFIRE_SERVICE_VERSION"
	otelVersionEnv        = "OTEL_SERVICE_VERSION" // Logfire reads it after LOGFIRE_SERVICE_VERSION
	logfireEnvironmentEnv = "LOGFIRE_ENVIRONMENT"
	logfireMinLevelEnv    = "LOGFIRE_MIN_LEVEL"
	logfireSampleRateEnv  = "LOGFIRE_TRACE_SAMPLE_RATE"
	logfireResourceEnv    = "LOGFIRE_RESOURCE_ATTRIBUTES"
	pendingSpansEnv       = "LOGSPAN_PENDING_SPANS"
)

// LOGFIRE_SEND_TO_LOGFIRE values.
const (
	sendIfTokenPresent = "if-token-present"
	sendTrue           = "true"
	sendFalse          = "false"
)

// maxTokens bounds the tokens LOGFIRE_TOKEN may list: each is an exporter
// with its share of the memory budget.
const maxTokens = 16

// logfireEnv is what the LOGFIRE_* variables say besides the destinations.
type logfireEnv struct {
	serviceName    string
	serviceVersion string
	environment    string
	resource       map[string]string
	// pending is LOGSPAN_PENDING_SPANS: 0 unset, 1 true, -1 false.
	pending int
}

// readLogfire reads the LOGFIRE_* variables into c. It runs after the
// OTEL_* ones, which win where both say the same thing.
func readLogfire(e *env, c *config) {
	lf := &c.lf
	lf.serviceName = e.str(logfireServiceEnv)
	lf.serviceVersion = e.str(logfireVersionEnv)
	if v := e.str(otelVersionEnv); v != "" {
		lf.serviceVersion = v
	}
	lf.environment = e.str(logfireEnvironmentEnv)
	lf.resource = logfirePairs(e, logfireResourceEnv)

	// The adapters read LOGFIRE_MIN_LEVEL themselves (logspan.NewConfig);
	// Setup refuses a bad one, where the adapters can only fall back to
	// Info and report it.
	if v := e.str(logfireMinLevelEnv); v != "" {
		if _, err := logspan.ParseLevel(v); err != nil {
			e.fail(logfireMinLevelEnv, truncate(v, 32), "want trace, debug, info, notice, warn, warning, error, fatal or a number from 1 to 24")
		}
	}

	// LOGFIRE_TRACE_SAMPLE_RATE is Logfire's head sampling: below 1, the
	// parent-based trace-id ratio sampler at that rate. OTEL_TRACES_SAMPLER
	// and OTEL_TRACES_SAMPLER_ARG win.
	if v := e.str(logfireSampleRateEnv); v != "" {
		r, err := strconv.ParseFloat(v, 64)
		if err != nil || !(r >= 0 && r <= 1) {
			e.fail(logfireSampleRateEnv, truncate(v, 32), "want a rate between 0 and 1")
		} else if c.sampler == "" && r < 1 {
			c.sampler = "parentbased_traceidratio"
			if c.samplerArg == "" {
				c.samplerArg = v
			}
		}
	}

	if b, ok := e.bool(pendingSpansEnv); ok {
		lf.pending = -1
		if b {
			lf.pending = 1
		}
	}

	send := sendIfTokenPresent
	if v := strings.ToLower(e.str(logfireSendEnv)); v != "" {
		switch v {
		case sendTrue, "1", "t": // Logfire's booleans (config_params.py _check_bool)
			send = sendTrue
		case sendFalse, "0", "f":
			send = sendFalse
		case sendIfTokenPresent:
		default:
			e.fail(logfireSendEnv, truncate(v, 32), "want true, false or if-token-present")
		}
	}
	tokens := logfireTokens(e.str(logfireTokenEnv))
	if len(tokens) > maxTokens {
		e.failQuiet(logfireTokenEnv, fmt.Sprintf("%d tokens: at most %d", len(tokens), maxTokens))
		return
	}
	switch {
	case send == sendFalse:
		return
	case len(tokens) == 0:
		if send == sendTrue {
			// Logfire's SDK would create a project interactively here;
			// a server cannot, so it is an error rather than a silence.
			e.failQuiet(logfireSendEnv, "true, but LOGFIRE_TOKEN is not set")
		}
		return
	}

	// Each token is a project, with its own exporter: to the token's
	// region, over https, or to the base URL the user names. Logfire
	// compresses with gzip (config.py: compression=Compression.Gzip).
	base := e.str(logfireBaseURLEnv)
	if base != "" {
		checkEndpoint(e, logfireBaseURLEnv, base, ProtocolHTTP)
	}
	for _, token := range tokens {
		b := base
		if b == "" {
			b = logfireBaseURL(token)
		}
		c.logfire = append(c.logfire, otlpConfig{
			protocol:         ProtocolHTTP,
			endpoint:         strings.TrimRight(b, "/") + logfireTracesPath,
			endpointIsTraces: true,
			headers:          map[string]string{authorizationHeader: token},
			timeout:          c.otlp.timeout,
			gzip:             true,
			logfire:          true,
		})
	}
}

// logfireBaseURL returns the base URL for a Logfire write token, as
// Logfire's SDK reads it (config.py get_base_url_from_token, auth.py
// REGIONS): the region is in the token, pylf_v<N>_<region>_...; a token
// without one, or with a region Logfire does not know, goes to the US
// region.
func logfireBaseURL(token string) string {
	const us = "https://logfire-us.pydantic.dev"
	rest, ok := strings.CutPrefix(token, "pylf_v")
	if !ok {
		return us
	}
	i := 0
	for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
		i++
	}
	if i == 0 || i == len(rest) || rest[i] != '_' {
		return us
	}
	region, _, ok := strings.Cut(rest[i+1:], "_")
	if !ok {
		return us
	}
	switch region {
	case "eu":
		return "https://logfire-eu.pydantic.dev"
	case "stagingus":
		return "https://logfire-us.pydantic.info"
	case "stagingeu":
		return "https://logfire-eu.pydantic.info"
	}
	return us
}

// logfireTokens splits LOGFIRE_TOKEN on commas, as Logfire does
// (config_params.py extract_list_of_str), dropping empty items and
// repeats: the same project twice would receive every span twice.
func logfireTokens(s string) []string {
	var out []string
	for _, t := range strings.Split(s, ",") {
		if t = strings.TrimSpace(t); t != "" && !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

// logfirePairs reads LOGFIRE_RESOURCE_ATTRIBUTES as Logfire does
// (config_params.py _extract_dict_of_str): key=value items separated by
// commas, values taken as they are (not percent-decoded, unlike
// OTEL_RESOURCE_ATTRIBUTES). Where Logfire skips an item without "=", it
// is an error here, naming the item, never its text.
func logfirePairs(e *env, name string) map[string]string {
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
		if k = strings.TrimSpace(k); !ok || k == "" {
			e.failQuiet(name, fmt.Sprintf("item %d of %d is not key=value", i+1, len(items)))
			return nil
		}
		out[k] = strings.TrimSpace(v)
	}
	return out
}

// truncate bounds a value quoted in an error.
func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n] + "..."
	}
	return s
}
