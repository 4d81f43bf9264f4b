package logspan

import (
	"regexp"
	"time"

	"go.opentelemetry.io/otel/log"
	"go.opentelemetry.io/otel/trace"
)

// Config is a resolved list of [Option]s. Applications do not need it:
// they pass options to an adapter. Package core reads it to build an
// emitter, and tests can read it to check what options amount to.
type Config struct {
	provider       trace.TracerProvider
	leveler        Leveler
	flushTimeout   time.Duration
	maxValueBytes  int
	maxLogBytes    int
	maxDepth       int
	maxFields      int
	noScrub        bool
	noCorrelation  bool
	source         bool
	scrubExtra     []*regexp.Regexp
	scrubAllow     func(ScrubMatch) bool
	scrubCallback  func(ScrubMatch) (any, bool)
	logsAs         LogsAs
	loggerProvider log.LoggerProvider

	codeKeys           CodeKeys
	sourceRoot         string
	issues             Issues
	consoleLogDisabled bool
}

// NewConfig applies opts, in order, over the defaults. Nil options are
// skipped.
func NewConfig(opts ...Option) Config {
	c := Config{
		leveler:       LevelInfo,
		flushTimeout:  DefaultFlushTimeout,
		maxValueBytes: DefaultMaxValueBytes,
		maxLogBytes:   DefaultMaxLogBytes,
		maxDepth:      DefaultMaxDepth,
		maxFields:     DefaultMaxFields,
	}
	for _, o := range opts {
		if o != nil {
			o.apply(&c)
		}
	}
	return c
}

// TracerProvider returns the provider set by [WithTracerProvider], or nil
// for the global one.
func (c Config) TracerProvider() trace.TracerProvider { return c.provider }

// Leveler returns what decides the lowest level that becomes a span.
func (c Config) Leveler() Leveler { return c.leveler }

// FlushTimeout returns the bound of the flush made for fatal and panic logs.
func (c Config) FlushTimeout() time.Duration { return c.flushTimeout }

// MaxValueBytes returns the longest value an attribute keeps.
func (c Config) MaxValueBytes() int { return c.maxValueBytes }

// MaxLogBytes returns the most bytes of keys and values one log keeps.
func (c Config) MaxLogBytes() int { return c.maxLogBytes }

// MaxDepth returns how deeply nested values and groups are encoded.
func (c Config) MaxDepth() int { return c.maxDepth }

// MaxFields returns the most fields one log keeps.
func (c Config) MaxFields() int { return c.maxFields }

// Scrubbing reports whether scrubbing is on.
func (c Config) Scrubbing() bool { return !c.noScrub }

// ScrubPatterns returns the patterns added to Logfire's defaults.
func (c Config) ScrubPatterns() []*regexp.Regexp { return c.scrubExtra }

// ScrubAllow returns the callback set by [WithScrubAllow], or nil.
func (c Config) ScrubAllow() func(ScrubMatch) bool { return c.scrubAllow }

// ScrubCallback returns the callback set by [WithScrubCallback], or nil.
func (c Config) ScrubCallback() func(ScrubMatch) (any, bool) { return c.scrubCallback }

// TraceCorrelation reports whether adapters write the log span's ids into
// the logger's own output.
func (c Config) TraceCorrelation() bool { return !c.noCorrelation }

// Source reports whether [WithSource] was given.
func (c Config) Source() bool { return c.source }

// CodeKeys returns the names the source location is written under.
func (c Config) CodeKeys() CodeKeys { return c.codeKeys }

// SourceRoot returns the prefix trimmed from file paths ("" for none).
func (c Config) SourceRoot() string { return c.sourceRoot }

// Issues returns which error logs get an issue fingerprint.
func (c Config) Issues() Issues { return c.issues }

// ConsoleLogDisabled reports whether spans carry
// logfire.disable_console_log.
func (c Config) ConsoleLogDisabled() bool { return c.consoleLogDisabled }
