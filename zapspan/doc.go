// Package zapspan turns the entries of a zap logger into OpenTelemetry
// instant spans, placed in the trace of the request that logged them. The
// span model (names, attributes, errors, status) is package core's; this
// package translates zap's entries and fields into it.
//
// # Setup
//
// A logger that only makes spans:
//
//	logger := zap.New(zapspan.NewCore())
//
// An existing logger, unchanged in its output, that also makes spans:
//
//	logger = logger.WithOptions(zapspan.WrapCore())
//
// Either way the spans go to the global tracer provider unless
// core.WithTracerProvider names another.
//
// # Parent
//
// Give the log its context with the [Context] field, or any field holding a
// context.Context (zap.Any("ctx", ctx) works):
//
//	logger.Info("charged card", zapspan.Context(ctx), zap.Int("cents", 1299))
//
// A context given to With is the parent of every log of the derived logger
// that has none of its own. The context is never an attribute. With
// [WrapCore], the application's own output gets trace_id and span_id of the
// log's span in place of the context field.
//
// # Mapping
//
//	Entry.Message     span name, logfire.msg, logfire.msg_template
//	Entry.Time        span start and end
//	Entry.Level       logfire.level_num: Debug 5, Info 9, Warn 13, Error 17,
//	                  DPanic 21, Panic 22, Fatal 23; log.level: "debug",
//	                  "info", "warn", "error", "dpanic", "panic", "fatal"
//	Entry.LoggerName  logfire.logger_name (zap's Named)
//	Entry.Caller      code.file.path, code.line.number, code.function.name
//	                  (zap.AddCaller; no stack walk of our own)
//	String, Bool, Int*, Float*   typed attributes, as package core describes
//	Uint*, Uintptr    int64, or the decimal string above MaxInt64
//	Complex*          string
//	Duration, Time    "1.5s", RFC 3339 with nanoseconds
//	Binary            base64; ByteString: string
//	Strings, Ints, Float64s, Bools, Stringers ...
//	                  typed slice attributes
//	Object, Dict, Objects, Array of mixed or nested values, Reflect of maps
//	                  and structs
//	                  compact JSON string, listed in logfire.json_schema
//	Inline            its fields, as top-level attributes
//	Namespace         prefixes every later key with "ns.", also across With
//	Error, NamedError key = err.Error() and an exception event
//	Stringer          its String()
//	Skip              nothing
//
// A marshaler that returns an error keeps what it wrote and adds
// key+"Error", as zap does; a panicking marshaler, String or Error adds
// key+"Error" = "PANIC=<value>" and never crashes the application.
//
// # Levels and flushing
//
// [NewCore] makes spans from Info up (core.WithMinLevel changes that).
// [WrapCore] makes spans for the entries the wrapped core accepts, at or
// above the same minimum. Entries at DPanic, Panic and Fatal are flushed
// before Write returns (within core.WithFlushTimeout, 5 s by default), and
// Sync flushes the tracer provider.
package zapspan
