// Package slogspan turns the records of a log/slog logger into
// OpenTelemetry instant spans, placed in the trace of the request that
// logged them. The span model (names, attributes, errors, status) is
// package core's; this package translates slog's records and attributes
// into it.
//
// # Setup
//
// A logger that only makes spans:
//
//	logger := slog.New(slogspan.NewHandler())
//
// An existing handler, unchanged in its output, that also makes spans:
//
//	logger := slog.New(slogspan.Wrap(handler))
//
// The README's one line wraps slog's built-in default handler:
//
//	slog.SetDefault(slog.New(slogspan.Wrap(slog.Default().Handler())))
//
// The output stays byte for byte what it was: records are written by the
// built-in handler through package log ("INFO msg k=1" after log's prefix
// and flags), with trace_id and span_id added when the context holds a
// span; package log's own lines (log.Print) keep going to log's writer
// with the flags the application set, and make no spans. (slog.SetDefault
// would point package log at the new default and zero its flags; Wrap
// gives both back when the wrapper handles its first record as the
// default. See [Wrap].)
//
// Either way the spans go to the global tracer provider unless
// logspan.WithTracerProvider names another. The handler passes
// [testing/slogtest]; its one difference is a zero Record.Time, see the
// mapping below.
//
// # Parent
//
// The parent is the span in the context given to the logging call:
//
//	logger.InfoContext(ctx, "charged card", "cents", 1299)
//
// Info, Warn and the other calls without a context make a span in a new
// trace. A context.Context among the attributes is never data and never an
// attribute. With [Wrap], the application's own output gets trace_id and
// span_id of the log's span when the context held a valid span context.
//
// # Mapping
//
//	Record.Message    span name, logfire.msg, logfire.msg_template
//	Record.Time       span start and end; a zero time means now (a span
//	                  must have a time: slog's "ignore a zero time")
//	Record.Level      severity: the slog level + 9, clamped to 1..24;
//	                  logfire.level_num the Logfire level it falls in,
//	                  logspan.severity_number the severity when they
//	                  differ; log.level: slog's name in lower case
//	Record.PC         code.filepath, code.lineno, code.function and
//	                  code.file.path, code.line.number, code.function.name,
//	                  only with [Handler.WithSource] (off by default)
//	String, Int64, Float64, Bool
//	                  typed attributes, as package core describes
//	Uint64            int64, or the decimal string above MaxInt64
//	Duration, Time    "1.5s", RFC 3339 with nanoseconds
//	Any               as core.Encoder.AddAny: error -> key = err.Error()
//	                  and an exception event; []byte -> base64; slices of
//	                  one primitive type -> typed slices; maps, structs,
//	                  mixed slices -> compact JSON listed in
//	                  logfire.json_schema; fmt.Stringer -> its String()
//	LogValuer         resolved first (Value.Resolve), then as above
//	Group("g", ...)   its attributes under "g.key", flattened; an empty
//	                  group adds nothing; a group with an empty key is
//	                  inlined; an empty key inside a group is "g._";
//	                  groups nested deeper than core.DefaultMaxDepth
//	                  become "<max depth exceeded>"
//	WithGroup("g")    every later key, from WithAttrs or the record,
//	                  becomes "g.key"
//	WithAttrs         converted once, copied onto every span
//	empty Attr        nothing (slog.Attr{}, slog.Any("", nil))
//
// Keys are dotted paths; a reader that wants slog's nesting back splits
// them on ".". A panicking String, Error or MarshalJSON adds
// key+"Error" = "PANIC=<value>" and never crashes the application; a
// panicking LogValue is recovered by slog itself, which hands over an error
// "LogValue panicked" that becomes the attribute and an exception event.
//
// # Levels
//
//	slog level   severity   log.level
//	Debug-4      1          "debug-4"
//	Debug        5          "debug"
//	Info         9          "info"
//	Info+2       11         "info+2"
//	Warn         13         "warn"
//	Error        17         "error"
//	Error+4      21         "error+4"
//	Error+7      24         "error+7"
//
// Levels below Debug-4 are 1 and levels above Error+7 are 24. Severity 17
// and up sets the span's status to Error; 21 and up (Error+4: slog has no
// fatal level) is flushed before the logging call returns, within
// logspan.WithFlushTimeout. [Handler.Sync] flushes the tracer provider.
//
// # Levels and Wrap
//
// [NewHandler] makes spans from Info up (logspan.WithMinLevel changes that).
// [Wrap] asks the wrapped handler whether a level is enabled; of the
// records it accepts, those at or above the same minimum become spans. The
// trace_id and span_id it adds are ordinary record attributes, so they land
// inside the groups the wrapped handler has opened with WithGroup.
package slogspan
