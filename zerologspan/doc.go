// Package zerologspan turns the events of a zerolog logger into
// OpenTelemetry instant spans, placed in the trace of the request that
// logged them. The span model (names, attributes, errors, status) is
// package core's; this package translates zerolog's events into it.
//
// # Setup
//
// zerolog's extension point is the hook; an existing logger makes spans
// with one line, the global logger included, its output unchanged but for
// the trace_id and span_id it gains (see Parent):
//
//	log.Logger = log.Logger.Hook(zerologspan.NewHook())
//
// The spans go to the global tracer provider unless logspan.WithTracerProvider
// names another. Optionally, at start-up, [CaptureErrors] lets error fields
// keep their Go type (see Errors below).
//
// # Parent
//
// The parent is the span in the event's context.Context, given the zerolog
// way, per event or per logger:
//
//	log.Info().Ctx(ctx).Int("cents", 1299).Msg("charged card")
//	reqLog := log.With().Ctx(ctx).Logger()
//
// The context is never an attribute. When it holds a span, the hook adds
// trace_id and span_id (hex) of the log's span to zerolog's own output, so
// text logs and traces can be joined; logspan.WithoutTraceCorrelation() turns
// that off.
//
// # Fields
//
// zerolog's Hook interface hands a hook the level and the message, not the
// fields (zerolog issue #493, the reason OpenTelemetry's contrib dropped its
// zerolog bridge). zerologspan reads them from the event's own encoded
// buffer, the unexported buf []byte of *zerolog.Event, located once by
// reflection: it holds, when hooks run, the level, the With() context
// fields, the call-site fields and what earlier hooks added. A small
// scanner decodes that JSON without allocating for what it skips, so every
// field reaches the span with the type JSON can tell: whatever method wrote
// it, Str, Int, Dict, Object, Array, Interface, RawJSON, Fields... If a
// zerolog release changes that field, the hook falls back to the message
// and level (never a panic) and a test of this package fails loudly.
//
// # Mapping
//
//	message            span name, logfire.msg, logfire.msg_template
//	level              logfire.level_num: Trace 1, Debug 5, Info 9, Warn 13,
//	                   Error 17, Fatal 21, Panic 22, NoLevel 9; custom
//	                   levels below Trace 1, above Panic 24. log.level:
//	                   "trace", "debug", "info", "warn", "error", "fatal",
//	                   "panic" (zerolog's default names, whatever
//	                   zerolog.LevelInfoValue and friends say), "info" for
//	                   NoLevel
//	zerolog.TimestampFieldName (Timestamp(), With().Timestamp())
//	                   the span's start and end, see Time below
//	zerolog.CallerFieldName (Caller(), With().Caller())
//	                   code.filepath, code.lineno, code.file.path and
//	                   code.line.number, when it is
//	                   zerolog's "file:line"; an attribute otherwise
//	zerolog.ErrorFieldName (Err)
//	                   key = message, and an exception event
//	string             string
//	number without '.', 'e', 'E'
//	                   int64; above MaxInt64 the decimal string (core's
//	                   AddUint64 rule); beyond uint64 the literal text
//	other numbers      float64 ("NaN", "+Inf", "-Inf" arrive as the strings
//	                   zerolog writes)
//	true, false        bool
//	null               "null", listed {"type":"null"} in logfire.json_schema
//	                   (a nil Interface, a nil Stringer), as Logfire writes None
//	array of strings, of bools, of numbers
//	                   typed slice (a number array is int64 when every
//	                   element is an integer, float64 otherwise)
//	objects, mixed, nested or empty arrays
//	                   compact JSON string, listed in logfire.json_schema
//	                   (Stack()'s "stack" of pkgerrors frames included)
//
// A field zerolog wrote twice (a With() field repeated at the call site)
// becomes two attributes under one key, and the span keeps the last.
//
// # What JSON cannot tell
//
// The span gets what zerolog wrote, and zerolog's JSON loses some types:
//
//   - Float64(2.0) is written 2 and arrives as an int64.
//   - Time is written with zerolog.TimeFieldFormat (RFC 3339 to the second
//     by default; set time.RFC3339Nano to keep nanoseconds) and arrives as
//     that string, or as the Unix number of the Unix formats.
//   - Dur is a number of zerolog.DurationFieldUnit (milliseconds) by
//     default; zerolog.DurationFieldFormat = zerolog.DurationFormatString
//     (zerolog v1.35 and later) gives core's "1.5s".
//   - A nil error in Fields is null before zerolog v1.35 (the span gets
//     "null") and a key without a value from v1.35 (no attribute).
//   - Time and Bytes arrive as strings, so logfire.json_schema lists them
//     as plain values ({}), not as a date-time or base64.
//   - Bytes is text, Hex is hex text; Interface of a []byte is base64.
//   - An error is its message (see Errors).
//
// # Errors
//
// The buffer holds an error as its message only. The field named
// zerolog.ErrorFieldName ("error", what Err writes) always becomes an error:
// the attribute and an exception event whose exception.type is
// "zerologspan.untypedError", since the Go type is gone.
//
// [CaptureErrors] keeps it. It wraps zerolog.ErrorMarshalFunc (zerolog's
// global hook for every error field: Err, AnErr, Errs, Fields, With()) so
// that it writes exactly what zerolog writes and remembers the error under
// its message; the hook hands the remembered error itself to core, which
// gives the usual exception.type (%T) and exception.stacktrace (%+v, for
// errors that carry a stack). Any string field holding a remembered
// message, AnErr("cause", err) included, is then an error. Because it
// changes a zerolog global, it is a separate, explicit call rather than a
// side effect of NewHook. The match is by message, so it is a best effort:
// errors of two types with the same message logged at the same moment may
// swap types, an error given to With() long ago may have been forgotten
// (it is then untyped), and a plain string equal to a just-logged error's
// message is taken for that error. With CaptureErrors, an Error method that
// panics is written "PANIC=<value>" (and the span gets key+"Error", as
// core writes panics) instead of crashing in zerolog.
//
// zerolog itself, not the hook, calls String for Stringer and Error for
// Err without CaptureErrors: a panic there crashes the logging call before
// any hook runs. zerolog writes nothing for a nil error (Err(nil), or a
// typed nil pointer), so the span has no attribute for it either.
//
// # Time
//
// The span's time is the event's timestamp field when zerolog took it
// during the logging call (within a second of the hook). zerolog's default
// format keeps whole seconds, which would start the log span up to a
// second before the request span it belongs to: when the field is no finer
// than a millisecond, the clock's reading at the hook is used instead. A
// timestamp far from the clock (a fixed zerolog.TimestampFunc, or a user
// field that happens to be named "time") is kept as an attribute and the
// span takes the clock's time. Without a timestamp field, the span is at
// the hook's time. Hooks run in the order they were added: a
// With().Timestamp() added after this hook is not seen by it.
//
// # Levels and flushing
//
// [NewHook] makes spans from Info up (logspan.WithMinLevel changes that).
// zerolog decides first: events below the logger's level, sampled out, or
// below zerolog.GlobalLevel never reach a hook. Fatal and Panic events are
// flushed (within logspan.WithFlushTimeout, 5 s by default) by the hook, which
// zerolog runs before it writes the line and exits or panics. [Hook.Sync]
// flushes the tracer provider before a normal exit.
//
// # Binary logging
//
// Built with zerolog's binary_log tag, zerolog encodes events as CBOR,
// which zerologspan does not decode: the spans then have the message,
// level, parent and trace correlation, but no fields, and no caller
// (code.*: With().Caller() writes it as a field). zerolog's own output is
// unchanged apart from trace_id and span_id, as in JSON. `make check` runs
// the tests under this tag.
//
// # zerolog versions
//
// The module requires zerolog v1.30.0, the oldest version it is tested
// with; its tests pass with v1.30.0, v1.33.0 and v1.35.1.
package zerologspan
