package core

import (
	"regexp"
	"time"

	"go.opentelemetry.io/otel/trace"
)

// Default limits. They bound the work and memory one log line can cost,
// whatever the application hands the logger.
const (
	// DefaultMaxValueBytes is the longest value, in bytes, an attribute
	// keeps; longer values are cut on a UTF-8 boundary and marked.
	DefaultMaxValueBytes = 64 << 10
	// DefaultMaxDepth is how deeply nested objects and arrays are encoded
	// before the rest is replaced by a marker.
	DefaultMaxDepth = 32
	// DefaultMaxFields is the most fields one log keeps; the rest are
	// counted in the logspan.dropped_fields attribute. The SDK has a limit
	// of its own, 128 attributes per span by default
	// (OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT), which applies after this one.
	DefaultMaxFields = 256
	// DefaultFlushTimeout bounds the flush made for fatal and panic logs.
	DefaultFlushTimeout = 5 * time.Second
	// MaxNameBytes is the longest span name; the message is cut to it.
	MaxNameBytes = 512
)

// An Option configures an [Emitter]. Adapters take options of this type, so
// every adapter is configured the same way.
type Option interface {
	apply(config) config
}

type optionFunc func(config) config

func (f optionFunc) apply(c config) config { return f(c) }

// config is passed by value so that building an emitter keeps it off the
// heap.
type config struct {
	provider      trace.TracerProvider
	minLevel      Level
	flushTimeout  time.Duration
	maxValueBytes int
	maxDepth      int
	maxFields     int
	noScrub       bool
	noCorrelation bool
	scrubExtra    []*regexp.Regexp
	scrubAllow    func(ScrubMatch) bool
}

func newConfig(opts []Option) config {
	c := config{
		minLevel:      LevelInfo,
		flushTimeout:  DefaultFlushTimeout,
		maxValueBytes: DefaultMaxValueBytes,
		maxDepth:      DefaultMaxDepth,
		maxFields:     DefaultMaxFields,
	}
	for _, o := range opts {
		if o != nil {
			c = o.apply(c)
		}
	}
	return c
}

// WithTracerProvider sets the provider the log spans are created with. The
// default is the global provider, as otel.GetTracerProvider returns it when
// the logger is built; a provider set globally later is still used, since
// the global provider delegates to it.
func WithTracerProvider(tp trace.TracerProvider) Option {
	return optionFunc(func(c config) config {
		c.provider = tp
		return c
	})
}

// WithMinLevel sets the lowest severity that becomes a span. The default is
// [LevelInfo].
func WithMinLevel(l Level) Option {
	return optionFunc(func(c config) config {
		c.minLevel = l
		return c
	})
}

// WithFlushTimeout bounds how long a fatal or panic log waits for the
// tracer provider to flush before the logging call returns. The default is
// [DefaultFlushTimeout]; zero or less turns that flush off.
func WithFlushTimeout(d time.Duration) Option {
	return optionFunc(func(c config) config {
		c.flushTimeout = d
		return c
	})
}

// WithMaxValueBytes sets the longest value an attribute keeps, in bytes
// (default [DefaultMaxValueBytes]). Values of zero or less restore the
// default.
func WithMaxValueBytes(n int) Option {
	return optionFunc(func(c config) config {
		if n <= 0 {
			n = DefaultMaxValueBytes
		}
		c.maxValueBytes = n
		return c
	})
}

// maxMaxDepth bounds WithMaxDepth: encoders recurse once per level, and
// a goroutine's stack must not be what stops them.
const maxMaxDepth = 1000

// WithMaxDepth sets how deeply nested objects and arrays are encoded
// (default [DefaultMaxDepth], at most 1000). Values of zero or less
// restore the default.
func WithMaxDepth(n int) Option {
	return optionFunc(func(c config) config {
		if n <= 0 {
			n = DefaultMaxDepth
		}
		n = min(n, maxMaxDepth)
		c.maxDepth = n
		return c
	})
}

// WithScrubPatterns adds patterns to Logfire's defaults: a field whose key
// matches one has its value replaced by "[Scrubbed due to '<match>']". The
// patterns are used as given; add (?i) to make one case-insensitive, as
// the defaults are.
func WithScrubPatterns(patterns ...*regexp.Regexp) Option {
	return optionFunc(func(c config) config {
		for _, p := range patterns {
			if p != nil {
				c.scrubExtra = append(c.scrubExtra, p)
			}
		}
		return c
	})
}

// WithScrubAllow lets values through scrubbing: allow is called for each
// value about to be scrubbed and keeps it when it returns true. It is
// called on the logging path, so keep it fast; a panic in it scrubs.
func WithScrubAllow(allow func(ScrubMatch) bool) Option {
	return optionFunc(func(c config) config {
		c.scrubAllow = allow
		return c
	})
}

// WithoutScrubbing turns scrubbing off: every value reaches the span as
// the logger was given it.
func WithoutScrubbing() Option {
	return optionFunc(func(c config) config {
		c.noScrub = true
		return c
	})
}

// WithMaxFields sets the most fields one log keeps (default
// [DefaultMaxFields]); values of zero or less restore the default.
func WithMaxFields(n int) Option {
	return optionFunc(func(c config) config {
		if n <= 0 {
			n = DefaultMaxFields
		}
		c.maxFields = n
		return c
	})
}

// WithoutTraceCorrelation keeps the logger's own output as it was: the
// adapters that write trace_id and span_id of each log's span into it
// (zapspan.WrapCore, slogspan.Wrap, the zerolog and logrus hooks) leave
// them out. Correlation costs the logger two more fields to format on
// every log with a context, sampled or not.
func WithoutTraceCorrelation() Option {
	return optionFunc(func(c config) config {
		c.noCorrelation = true
		return c
	})
}
