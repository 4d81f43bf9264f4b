package core

import (
	"regexp"
	"time"

	"go.opentelemetry.io/otel/trace"

	"github.com/logspan/logspan"
)

// This file keeps code written against the first API compiling: the
// options, levels and keys now live in package logspan, the one package an
// application configures logspan with. Adapters keep using core's names
// for levels and keys, which are the same values.

// Level is the severity of a log; see [logspan.Level].
type Level = logspan.Level

// The levels Logfire names; see [logspan.LevelInfo] and the others.
const (
	LevelTrace  = logspan.LevelTrace
	LevelDebug  = logspan.LevelDebug
	LevelInfo   = logspan.LevelInfo
	LevelNotice = logspan.LevelNotice
	LevelWarn   = logspan.LevelWarn
	LevelError  = logspan.LevelError
	LevelFatal  = logspan.LevelFatal
)

// flushLevel is the severity from which an emitted span is flushed before
// the logging call returns: zap's DPanic, Panic and Fatal, zerolog's and
// logrus's Fatal and Panic all sit at or above it, and these are the lines
// a crashing process must not lose.
const flushLevel = LevelFatal

// Attribute keys; see package logspan for what each holds.
const (
	KeySpanType            = logspan.KeySpanType
	KeyLevelNum            = logspan.KeyLevelNum
	KeyLogLevel            = logspan.KeyLogLevel
	KeyMsgTemplate         = logspan.KeyMsgTemplate
	KeyMsg                 = logspan.KeyMsg
	KeyLoggerName          = logspan.KeyLoggerName
	KeyJSONSchema          = logspan.KeyJSONSchema
	KeyDroppedFields       = logspan.KeyDroppedFields
	KeyCodeFilePath        = logspan.KeyCodeFilePath
	KeyCodeLineNumber      = logspan.KeyCodeLineNumber
	KeyCodeFunctionName    = logspan.KeyCodeFunctionName
	KeyCodeStacktrace      = logspan.KeyCodeStacktrace
	ExceptionEventName     = logspan.ExceptionEventName
	KeyExceptionType       = logspan.KeyExceptionType
	KeyExceptionMessage    = logspan.KeyExceptionMessage
	KeyExceptionStacktrace = logspan.KeyExceptionStacktrace
	TraceIDKey             = logspan.TraceIDKey
	SpanIDKey              = logspan.SpanIDKey
)

// spanTypeLog is the value of KeySpanType.
const spanTypeLog = "log"

// Limits; see package logspan.
const (
	DefaultMaxValueBytes = logspan.DefaultMaxValueBytes
	DefaultMaxDepth      = logspan.DefaultMaxDepth
	DefaultMaxFields     = logspan.DefaultMaxFields
	DefaultFlushTimeout  = logspan.DefaultFlushTimeout
	MaxNameBytes         = logspan.MaxNameBytes
)

// Option configures an adapter.
//
// Deprecated: use [logspan.Option], which this is an alias of.
type Option = logspan.Option

// WithTracerProvider sets the provider log spans are made with.
//
// Deprecated: use [logspan.WithTracerProvider].
func WithTracerProvider(tp trace.TracerProvider) Option { return logspan.WithTracerProvider(tp) }

// WithMinLevel sets the lowest severity that becomes a span.
//
// Deprecated: use [logspan.WithMinLevel].
func WithMinLevel(l Level) Option { return logspan.WithMinLevel(l) }

// WithFlushTimeout bounds the flush made for fatal and panic logs.
//
// Deprecated: use [logspan.WithFlushTimeout].
func WithFlushTimeout(d time.Duration) Option { return logspan.WithFlushTimeout(d) }

// WithMaxValueBytes sets the longest value an attribute keeps.
//
// Deprecated: use [logspan.WithMaxValueBytes].
func WithMaxValueBytes(n int) Option { return logspan.WithMaxValueBytes(n) }

// WithMaxDepth sets how deeply nested values are encoded.
//
// Deprecated: use [logspan.WithMaxDepth].
func WithMaxDepth(n int) Option { return logspan.WithMaxDepth(n) }

// WithMaxFields sets the most fields one log keeps.
//
// Deprecated: use [logspan.WithMaxFields].
func WithMaxFields(n int) Option { return logspan.WithMaxFields(n) }

// WithScrubPatterns adds scrubbing patterns to Logfire's defaults.
//
// Deprecated: use [logspan.WithScrubPatterns].
func WithScrubPatterns(patterns ...*regexp.Regexp) Option {
	return logspan.WithScrubPatterns(patterns...)
}

// WithScrubAllow lets values through scrubbing.
//
// Deprecated: use [logspan.WithScrubAllow].
func WithScrubAllow(allow func(ScrubMatch) bool) Option { return logspan.WithScrubAllow(allow) }

// WithoutScrubbing turns scrubbing off.
//
// Deprecated: use [logspan.WithoutScrubbing].
func WithoutScrubbing() Option { return logspan.WithoutScrubbing() }

// WithoutTraceCorrelation keeps trace ids out of the logger's own output.
//
// Deprecated: use [logspan.WithoutTraceCorrelation].
func WithoutTraceCorrelation() Option { return logspan.WithoutTraceCorrelation() }
