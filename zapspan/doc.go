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
// A logger built from a zap.Config, its InitialFields in the spans too:
//
//	logger, err := zapspan.Build(cfg) // not cfg.Build(zapspan.WrapCore())
//
// Either way the spans go to the global tracer provider unless
// logspan.WithTracerProvider names another.
//
// # WrapCore
//
// The application's output stays byte for byte what zap writes without
// zapspan, for every kind of field, apart from trace_id and span_id and the
// fields that carry a context, which it leaves out; its
// level, sampler, hooks and the cores around it see exactly the entries
// they saw. Hence:
//
//   - Only the entries the application's core writes become spans: an
//     entry its sampler drops makes none. (zap gives a core an entry's
//     fields only when the core claims the entry, and the hooks and cores
//     around it would then run for it.)
//   - Fields the logger carries before WrapCore is applied (With,
//     zap.Fields, Config.InitialFields through cfg.Build) are inside its
//     core: they stay in the output, not in the spans. Apply WrapCore
//     first, zap.New(c, zapspan.WrapCore(), zap.Fields(...)), and use
//     [Build] for a zap.Config. A context given to With before WrapCore is
//     lost the same way.
//   - Sync returns the application core's error itself when the span side
//     has none (err == syscall.EINVAL still holds); both failing give
//     errors.Join(appErr, flushErr).
//   - trace_id and span_id are added only when the log's context holds a
//     valid span context (and logspan.WithoutTraceCorrelation is not given),
//     after the log's fields, or before the first zap.Namespace or
//     zap.Inline among them; a namespace opened by With holds them too.
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
// log's span in place of the context field, when the context holds a span.
//
// # Mapping
//
//	Entry.Message     span name, logfire.msg, logfire.msg_template
//	Entry.Time        span start and end
//	Entry.Level       severity: Debug 5, Info 9, Warn 13, Error 17,
//	                  DPanic 21, Panic 22, Fatal 23 (Panic and Fatal:
//	                  logfire.level_num 21, logspan.severity_number 22
//	                  and 23); log.level: "debug",
//	                  "info", "warn", "error", "dpanic", "panic", "fatal"
//	Entry.LoggerName  logfire.logger_name (zap's Named)
//	Entry.Caller      code.filepath, code.lineno, code.function and
//	                  code.file.path, code.line.number, code.function.name
//	                  (zap.AddCaller; no stack walk of our own)
//	Entry.Stack       code.stacktrace (zap.AddStacktrace, on from Error in
//	                  NewProduction and from Warn in NewDevelopment); under
//	                  a namespace opened by With it is prefixed like a field
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
//	Error, NamedError key = err.Error() and an exception event; for a
//	                  multi-error (Errors() []error, as go.uber.org/multierr,
//	                  or Unwrap() []error, as errors.Join) also key+"Causes",
//	                  a JSON array of {"error": message} per non-nil cause,
//	                  nested groups under "errorCauses", as zap writes them
//	                  (bounded by the depth and length limits)
//	Stringer          its String()
//	Skip              nothing
//
// A marshaler that returns an error keeps what it wrote and adds
// key+"Error", as zap does; a panicking marshaler, String or Error adds
// key+"Error" = "PANIC=<value>" and never crashes the application.
//
// # Levels and flushing
//
// [NewCore] makes spans from Info up (logspan.WithMinLevel changes that).
// [WrapCore] makes spans for the entries the wrapped core writes, at or
// above the same minimum. Entries at DPanic, Panic and Fatal are flushed
// before Write returns (within logspan.WithFlushTimeout, 5 s by default), and
// Sync flushes the tracer provider.
package zapspan
