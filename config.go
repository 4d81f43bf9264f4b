package logspan

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"sync/atomic"
	"time"

	"go.opentelemetry.io/otel"
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
//
// The default minimum level is LOGFIRE_MIN_LEVEL when it is set (see
// [ParseLevel]), as in Logfire's own SDKs, and [LevelInfo] otherwise;
// [WithMinLevel] and [WithLeveler] win over it. A value ParseLevel refuses
// leaves the default at Info, and the error goes to otel.Handle, once for
// each bad value: a configuration mistake must not stop the logging, nor
// go unseen.
func NewConfig(opts ...Option) Config {
	c := Config{
		leveler:       envMinLevel(),
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

// minLevelEnv is the variable that sets the default minimum level of every
// adapter, Logfire's name for it.
const minLevelEnv = "LOGFIRE_MIN_LEVEL"

// reportedMinLevel is the last bad LOGFIRE_MIN_LEVEL reported, so each bad
// value is reported once, however many loggers are built.
var reportedMinLevel atomic.Pointer[string]

// envMinLevel is the default minimum level: LOGFIRE_MIN_LEVEL, else Info.
func envMinLevel() Level {
	v := strings.TrimSpace(os.Getenv(minLevelEnv))
	if v == "" {
		return LevelInfo
	}
	l, err := ParseLevel(v)
	if err == nil {
		return l
	}
	for {
		old := reportedMinLevel.Load()
		if old != nil && *old == v {
			return LevelInfo
		}
		if reportedMinLevel.CompareAndSwap(old, &v) {
			break
		}
	}
	otel.Handle(fmt.Errorf("%s: %w; the minimum level stays info", minLevelEnv, err))
	return LevelInfo
}

// CodeKeys returns the names the source location is written under.
func (c Config) CodeKeys() CodeKeys { return c.codeKeys }

// SourceRoot returns the prefix trimmed from file paths ("" for none).
func (c Config) SourceRoot() string { return c.sourceRoot }

// Issues returns which error logs get an issue fingerprint.
func (c Config) Issues() Issues { return c.issues }

// ConsoleLogDisabled reports whether spans carry
// logfire.disable_console_log.
func (c Config) ConsoleLogDisabled() bool { return c.consoleLogDisabled }
