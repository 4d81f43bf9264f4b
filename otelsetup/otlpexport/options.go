package otlpexport

import (
	"compress/gzip"
	"crypto/tls"
	"maps"
	"net/http"
	"time"
)

// Defaults.
const (
	// DefaultEndpointURL is where spans go without WithEndpointURL: the
	// OTLP/HTTP default of the OpenTelemetry specification.
	DefaultEndpointURL = "http://localhost:4318/v1/traces"
	// DefaultTimeout bounds one ExportSpans call, retries included.
	DefaultTimeout = 10 * time.Second
)

// RetryConfig says how a failed request is retried. A request is retried
// on HTTP 429, 502, 503 and 504 and on network errors, with exponential
// backoff (×1.5 per attempt, ±50 % jitter) raised to the server's
// Retry-After when that is longer, and never past the export's deadline:
// a wait that would end after it ends the export with the last error.
type RetryConfig struct {
	// Enabled turns retries on. It is true in DefaultRetryConfig.
	Enabled bool
	// InitialInterval is the wait before the first retry.
	InitialInterval time.Duration
	// MaxInterval caps the wait between two attempts (not Retry-After).
	MaxInterval time.Duration
	// MaxElapsedTime caps the time from the first attempt to the start of
	// the last one; zero means only the export's deadline bounds it.
	MaxElapsedTime time.Duration
}

// DefaultRetryConfig is the retry policy without WithRetry: the values
// otlptracehttp v1.47.0 uses (5 s initial, 30 s max, 1 min elapsed).
var DefaultRetryConfig = RetryConfig{
	Enabled:         true,
	InitialInterval: 5 * time.Second,
	MaxInterval:     30 * time.Second,
	MaxElapsedTime:  time.Minute,
}

type config struct {
	endpoint  string
	headers   map[string]string
	gzip      bool
	gzipLevel int
	timeout   time.Duration
	client    *http.Client
	tls       *tls.Config
	retry     RetryConfig
	userAgent string
}

func newConfig(opts []Option) config {
	c := config{
		endpoint:  DefaultEndpointURL,
		timeout:   DefaultTimeout,
		retry:     DefaultRetryConfig,
		gzipLevel: gzip.DefaultCompression,
		userAgent: "logspan-otlpexport/" + Version,
	}
	for _, o := range opts {
		if o != nil {
			c = o.apply(c)
		}
	}
	return c
}

// Option configures an Exporter.
type Option interface {
	apply(config) config
}

type optionFunc func(config) config

func (f optionFunc) apply(c config) config { return f(c) }

// WithEndpointURL sets the full URL spans are posted to, path included,
// for example "https://collector:4318/v1/traces". The scheme must be http
// or https.
func WithEndpointURL(u string) Option {
	return optionFunc(func(c config) config {
		c.endpoint = u
		return c
	})
}

// WithHeaders adds HTTP headers to every request (for example an
// Authorization or a Logfire token). The map is copied; a later
// WithHeaders replaces it. New fails on a name or value HTTP forbids. Content-Type and
// Content-Encoding are the exporter's and cannot be set this way; a
// User-Agent given here wins over WithUserAgent.
func WithHeaders(h map[string]string) Option {
	h = maps.Clone(h)
	return optionFunc(func(c config) config {
		c.headers = h
		return c
	})
}

// WithGzip compresses request bodies with gzip (Content-Encoding: gzip).
func WithGzip() Option {
	return optionFunc(func(c config) config {
		c.gzip = true
		return c
	})
}

// WithGzipLevel compresses request bodies with gzip at a compress/gzip
// level: gzip.BestSpeed costs about half the CPU of the default level
// (which WithGzip and otlptracehttp use) for a slightly larger body.
func WithGzipLevel(level int) Option {
	return optionFunc(func(c config) config {
		c.gzip, c.gzipLevel = true, level
		return c
	})
}

// WithTimeout bounds each ExportSpans call, retries and waits included;
// the default is DefaultTimeout. A caller's earlier deadline still wins.
// Zero or less means no bound but the caller's context.
func WithTimeout(d time.Duration) Option {
	return optionFunc(func(c config) config {
		c.timeout = d
		return c
	})
}

// WithHTTPClient sends requests with client instead of the exporter's own
// (which has its own transport, closed by Shutdown). The caller owns the
// client's connections: Shutdown does not close them. It cannot be
// combined with WithTLSConfig.
func WithHTTPClient(client *http.Client) Option {
	return optionFunc(func(c config) config {
		c.client = client
		return c
	})
}

// WithTLSConfig sets the TLS configuration of the exporter's own transport
// (client certificates, root CAs) for an https endpoint.
func WithTLSConfig(cfg *tls.Config) Option {
	return optionFunc(func(c config) config {
		c.tls = cfg
		return c
	})
}

// WithRetry sets the retry policy; WithRetry(RetryConfig{}), like
// WithoutRetry, turns retries off. Zero intervals in an enabled policy take DefaultRetryConfig's.
func WithRetry(rc RetryConfig) Option {
	return optionFunc(func(c config) config {
		c.retry = rc
		return c
	})
}

// WithoutRetry turns retries off: each export makes one request.
func WithoutRetry() Option {
	return optionFunc(func(c config) config {
		c.retry = RetryConfig{}
		return c
	})
}

// WithUserAgent sets the User-Agent header; the default is
// "logspan-otlpexport/" + Version.
func WithUserAgent(ua string) Option {
	return optionFunc(func(c config) config {
		c.userAgent = ua
		return c
	})
}
