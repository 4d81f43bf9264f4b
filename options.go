package logspan

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
	// DefaultMaxLogBytes is the most bytes of keys and values one log's
	// fields keep in all; the fields past it are dropped and counted in
	// logspan.dropped_fields. It bounds what one log call can cost however
	// many large fields it has.
	DefaultMaxLogBytes = 1 << 20
	// DefaultMaxDepth is how deeply nested objects, arrays and groups are
	// encoded before the rest is replaced by a marker.
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
	// maxMaxDepth bounds WithMaxDepth: walks recurse once per level, and a
	// goroutine's stack must not be what stops them.
	maxMaxDepth = 1000
	// maxMaxFields bounds WithMaxFields: one log's work grows with its
	// fields, and a span holds at most the SDK's attribute limit anyway.
	maxMaxFields = 10000
)

// An Option configures how an adapter turns logs into spans. Every adapter
// takes options of this one type, so every adapter is configured the same
// way:
//
//	zapspan.NewCore(logspan.WithMinLevel(logspan.LevelDebug))
//	slogspan.NewHandler(logspan.WithMinLevel(logspan.LevelDebug))
type Option interface {
	apply(*Config)
}

type optionFunc func(*Config)

func (f optionFunc) apply(c *Config) { f(c) }

// WithOptions returns one option that applies opts in order, so that a
// list of options can travel as one value (a library's defaults, say).
// Nil options are skipped.
func WithOptions(opts ...Option) Option {
	opts = append([]Option(nil), opts...)
	return optionFunc(func(c *Config) {
		for _, o := range opts {
			if o != nil {
				o.apply(c)
			}
		}
	})
}

// WithTracerProvider sets the provider the log spans are created with. The
// default is the global provider, as otel.GetTracerProvider returns it when
// the logger is built; a provider set globally later is still used, since
// the global provider delegates to it.
func WithTracerProvider(tp trace.TracerProvider) Option {
	return optionFunc(func(c *Config) { c.provider = tp })
}

// WithMinLevel sets the lowest severity that becomes a span. The default is
// [LevelInfo]. For a level that changes at run time, see [WithLeveler].
func WithMinLevel(l Level) Option {
	return optionFunc(func(c *Config) { c.leveler = l })
}

// WithLeveler sets the lowest severity that becomes a span to what l
// reports on each log, so a [*LevelVar] turns levels on and off at run
// time. A nil l sets [LevelInfo]: an option, even a nil one, wins over
// LOGFIRE_MIN_LEVEL.
//
// zapspan also honours a zapcore.LevelEnabler given to it (zap.AtomicLevel),
// and slogspan a slog.Leveler; see their docs.
func WithLeveler(l Leveler) Option {
	return optionFunc(func(c *Config) {
		if l == nil {
			l = LevelInfo
		}
		c.leveler = l
	})
}

// WithFlushTimeout bounds how long a fatal or panic log waits for the
// tracer provider to flush before the logging call returns. The default is
// [DefaultFlushTimeout]; zero or less turns that flush off.
func WithFlushTimeout(d time.Duration) Option {
	return optionFunc(func(c *Config) { c.flushTimeout = d })
}

// WithMaxValueBytes sets the longest value an attribute keeps, in bytes
// (default [DefaultMaxValueBytes]). Values of zero or less restore the
// default.
func WithMaxValueBytes(n int) Option {
	return optionFunc(func(c *Config) {
		if n <= 0 {
			n = DefaultMaxValueBytes
		}
		c.maxValueBytes = n
	})
}

// WithMaxLogBytes sets the most bytes of keys and values one log's fields
// keep in all (default [DefaultMaxLogBytes]); the fields past it are
// dropped and counted in logspan.dropped_fields. Values of zero or less
// restore the default.
func WithMaxLogBytes(n int) Option {
	return optionFunc(func(c *Config) {
		if n <= 0 {
			n = DefaultMaxLogBytes
		}
		c.maxLogBytes = n
	})
}

// WithMaxDepth sets how deeply nested objects, arrays and groups are
// encoded (default [DefaultMaxDepth], at most 1000). Values of zero or
// less restore the default.
func WithMaxDepth(n int) Option {
	return optionFunc(func(c *Config) {
		if n <= 0 {
			n = DefaultMaxDepth
		}
		c.maxDepth = min(n, maxMaxDepth)
	})
}

// WithMaxFields sets the most fields one log keeps (default
// [DefaultMaxFields], at most 10,000); values of zero or less restore the
// default.
func WithMaxFields(n int) Option {
	return optionFunc(func(c *Config) {
		if n <= 0 {
			n = DefaultMaxFields
		}
		c.maxFields = min(n, maxMaxFields)
	})
}

// WithScrubPatterns adds patterns to Logfire's defaults: a field whose key
// matches one has its value replaced by "[Scrubbed due to '<match>']". The
// patterns are used as given; add (?i) to make one case-insensitive, as
// the defaults are.
func WithScrubPatterns(patterns ...*regexp.Regexp) Option {
	return optionFunc(func(c *Config) {
		for _, p := range patterns {
			if p != nil {
				c.scrubExtra = append(c.scrubExtra, p)
			}
		}
	})
}

// WithScrubAllow lets values through scrubbing: allow is called for each
// value about to be scrubbed and keeps it when it returns true. It is
// called on the logging path, so keep it fast; a panic in it scrubs.
func WithScrubAllow(allow func(ScrubMatch) bool) Option {
	return optionFunc(func(c *Config) { c.scrubAllow = allow })
}

// WithScrubCallback decides, match by match, what scrubbing does, like the
// callback of Logfire's ScrubbingOptions: cb is called for each value about
// to be scrubbed, with its path, the matched text, the pattern and the
// value. Returning ok false scrubs the value as usual ("[Scrubbed due to
// '<match>']", listed in logfire.scrubbed); returning a replacement and
// true writes the replacement instead and lists nothing. Returning m.Value
// keeps the value.
//
// A replacement for an attribute may be an attribute.Value, a string,
// bool, int, int64, float64 or []string; inside a JSON value, a string,
// bool, int, int64, float64, nil, a json.RawMessage holding valid JSON, or
// a scalar attribute.Value. Of any other type, the value is scrubbed. A
// string replacing a JSON array is written as a one-element array, as
// Logfire does. A replacement is written as given, not cut to the value
// limit; inside JSON, one that grows the value by more than 4 KiB in all
// makes it scrubbed whole.
//
// cb runs on the logging path, so keep it fast; a panic in it scrubs. It
// is asked before the [WithScrubAllow] callback, which is asked when cb
// declines.
func WithScrubCallback(cb func(m ScrubMatch) (replacement any, ok bool)) Option {
	return optionFunc(func(c *Config) { c.scrubCallback = cb })
}

// WithoutScrubbing turns scrubbing off: every value reaches the span as
// the logger was given it.
func WithoutScrubbing() Option {
	return optionFunc(func(c *Config) { c.noScrub = true })
}

// WithoutTraceCorrelation keeps the logger's own output as it was: the
// adapters that write trace_id and span_id of each log's span into it
// (zapspan.WrapCore, slogspan.Wrap, the zerolog and logrus hooks) leave
// them out. Correlation costs the logger two more fields to format on
// every log with a context, sampled or not.
func WithoutTraceCorrelation() Option {
	return optionFunc(func(c *Config) { c.noCorrelation = true })
}

// WithSource records the source location of each log where the logger
// can give it at a cost the application would otherwise not pay (slog's
// Record.PC, resolved to file, line and function). Loggers that capture
// the caller themselves (zap's AddCaller, logrus's ReportCaller, zerolog's
// Caller) always have it recorded.
func WithSource() Option {
	return optionFunc(func(c *Config) { c.source = true })
}

// ScrubMatch describes a value about to be scrubbed, for the callbacks of
// [WithScrubAllow] and [WithScrubCallback].
type ScrubMatch struct {
	// Path is where the value is: "attributes", the attribute key, then
	// the keys and indexes (in decimal) inside a string slice or a JSON
	// value, as in logfire.scrubbed.
	Path []string
	// Matched is the text that matched a pattern: in the last key of
	// Path, or in the value itself.
	Matched string
	// Pattern is the pattern that matched: one of Logfire's defaults as
	// Logfire writes it (`auth(?!ors?\b)`, say), or the String of a
	// pattern given to [WithScrubPatterns].
	Pattern string
	// Value is the value: an attribute.Value for an attribute; inside a
	// JSON value, a string for a JSON string and the value's JSON text
	// (a json.RawMessage) for anything else.
	Value any
}
