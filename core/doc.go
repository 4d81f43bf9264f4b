// Package core is the one place in logspan that knows how a log event
// becomes an OpenTelemetry span (or log record). The adapters (zapspan, zerologspan,
// logrusspan, slogspan) only translate their logger's event into a
// [Record] and its fields into [Encoder] calls; everything below is decided
// here, so a log looks the same whichever logger wrote it. Applications
// configure it through package logspan; core is the adapter author's
// interface.
//
// # The log call
//
// An adapter makes every log the same way, whichever the data model
// (see "Log records"):
//
//	if !em.Enabled(level) { return }              // before any work
//	ev := em.Start(ctx, core.Record{...}, base)    // nil: nothing for this log
//	if ev.Recording() { /* one Encoder call per field */ }
//	ids := ev.End()                                // flushes fatal levels
//	if ids.OK() { /* write ids.TraceID, ids.SpanID into the logger's output */ }
//
// base is the derived logger's fields, converted once by [Emitter.NewEncoder]
// and [Encoder.Fields] and shared by every log, never copied. End decides
// correlation: ids only when it is on and the log's context holds a valid
// span, so a log outside any trace leads nowhere in the output either.
//
// # The span
//
// Each log event becomes exactly one span, an "instant span":
//
//	Name        the message, cut to 512 bytes on a UTF-8 boundary;
//	            the level name when the message is empty
//	Kind        internal
//	Start, End  both the event's own timestamp (now if it has none)
//	Parent      the span in the event's context.Context, local or remote;
//	            a new trace when the context holds no valid span context.
//	            The log span is never made current: it has no children.
//	Scope       the adapter's import path and module version
//	Status      Error at severity 17 and above, described by the message
//	            (or, if empty, the first error's message); unset below
//
// The span is started with the fixed attributes, so a sampler can decide on
// the level, and the fields are converted only if the span is recording: a
// log under an unsampled parent costs little more than the SDK's own
// non-recording span.
//
// # Attributes
//
// The keys are those Pydantic Logfire reads to show a span as a log, and
// they read well in Jaeger, Tempo or Zipkin:
//
//	logfire.span_type     "log"
//	logfire.level_num     severity number (int), see Level
//	log.level             the logger's own level name, lower case
//	logfire.msg_template  the message
//	logfire.msg           the message
//	logfire.logger_name   the logger's name, when it has one
//	code.file.path        caller's file, when the logger captured it
//	code.line.number      caller's line
//	code.function.name    caller's function
//	logfire.json_schema   present when a value is JSON text:
//	                      {"type":"object","properties":{"<key>":{"type":"object"|"array"}}}
//
// Every field becomes an attribute under its own key (prefixed by the open
// namespaces, "ns.key"):
//
//	bool, string                    kept
//	signed integers                 int64
//	unsigned integers               int64; above MaxInt64 the decimal string
//	float32, float64                float64 (a float32 by its shortest decimal: 1.1 stays 1.1);
//	                                NaN, +Inf, -Inf the strings "NaN", "+Inf", "-Inf"
//	complex                         string, "(1+2i)"
//	time.Time                       RFC 3339 string with nanoseconds
//	time.Duration                   its String form, "1.5s"
//	[]byte, named []byte            standard base64 string
//	json.Marshaler, JSON text       read as JSON: a scalar stays a scalar ("x" a string,
//	                                5 an int64, true a bool, null "<nil>")
//	encoding.TextMarshaler,         their text
//	fmt.Stringer
//	error                           err.Error(), plus an exception event; a multi-error
//	                                (errors.Join, multierr) also key+"Causes"
//	arrays                          the array rule below
//	maps, structs, object           compact JSON string, listed in logfire.json_schema;
//	marshalers                      walked by core with encoding/json's rules (tags,
//	                                omitempty, embedding, sorted map keys, its number format)
//	nil, nil pointers, maps,        "<nil>"
//	slices
//	context.Context                 nothing: it is the parent, never data
//
// The array rule is the same whichever way an array arrives (a Go slice, a
// logger's array marshaler, JSON text): an empty array of any type is an
// empty string slice (the wire format carries no element type for an empty
// array); all strings, all bools, or all integers that fit int64 make that
// typed slice; numbers mixing integers and floats a float64 slice;
// anything else (nulls, nesting, mixed kinds, NaN, integers past int64, a
// slice past the value limit) compact JSON text.
//
// Groups (slog groups, zap namespaces) prefix the keys inside them with
// "name."; past the depth limit they add one "<max depth exceeded>."
// segment, however many there are. A captured stack (Record.Stack, zap's
// AddStacktrace) is the code.stacktrace attribute, and the stack of the
// first error that has none of its own.
//
// # Errors
//
// An error field adds the attribute key = err.Error() and a span event
// named "exception" at the log's time with exception.type (%T of the
// error), exception.message, and exception.stacktrace when the error's %+v
// form differs from its message (errors that carry a stack print it so).
//
// # Bad input
//
// Logging never panics and never fails the caller. Invalid UTF-8 in keys
// and values is repaired with U+FFFD, never dropped. Values longer than
// [DefaultMaxValueBytes] are cut on a rune boundary and end with
// "...[truncated N bytes]"; nesting deeper than [DefaultMaxDepth] is
// replaced by "<max depth exceeded>" (which also ends cycles, linked lists
// of any length and self-recursive marshalers). The limits hold during the
// walk, not after it: a deep or huge value costs what the limits allow.
// One log's fields keep at most logspan.DefaultMaxLogBytes in all; the
// fields past that, like those past [DefaultMaxFields], are counted in
// logspan.dropped_fields. Scrubbing runs after the cut: its markers can
// lengthen a JSON value past the limit, by a bounded factor. A panic in a
// value's String, Error, MarshalJSON or a logger's marshaler becomes the
// attribute key+"Error" = "PANIC=<value>", as zap writes it; when printing
// the panic's value panics too, only its type is written. JSON text that is
// not valid JSON is kept as a string (scrubbed whole if any key in it looks
// like a secret's). An empty key becomes "_".
//
// # Secrets
//
// Scrubbing is on by default and follows Logfire's scrubber. A field whose
// key, or a key inside its JSON value, matches one of Logfire's 18 default
// patterns (password, passwd, mysql_pwd, secret, auth but not author or
// authors, credential, private key, api key, session, cookie, social
// security, credit card, logfire token, pylf_v<digits>_, csrf, xsrf, jwt,
// ssn; any case) has its value replaced by "[Scrubbed due to '<matched
// text>']". So has a string value that contains a match, unless the match
// is the whole string; a string that holds JSON is parsed and scrubbed
// inside instead. What cannot be checked within the limits (JSON nested
// past 1000 levels, text cut at the length limit) is replaced whole.
// logfire.scrubbed lists what was replaced, bounded. A scrubbed error's
// text is kept out of its exception event and the status. Only a fixed
// list of keys is never scrubbed: Logfire's safe keys (logfire.msg,
// http.url, db.statement, ...) and logspan's own attribute keys. The
// message is not scrubbed. logspan.WithScrubPatterns, WithScrubAllow,
// WithScrubCallback and WithoutScrubbing change this. Scrubbing applies
// to what logspan emits (the span, the log record), not to the logger's
// own output.
//
// # Log records
//
// With logspan.WithLogsAs (or the process default, [SetDefaultLogsAs],
// which otelsetup sets from LOGSPAN_LOGS_AS) a log becomes an
// OpenTelemetry log record instead of its span (LogsAsRecords), or as well
// as its span (LogsAsBoth). The model is read per log, with one atomic
// load. The record is emitted with log.Logger.Emit through the logger of
// logspan.WithLoggerProvider's provider, or of the global one
// (otel.GetLoggerProvider) at the time of the log, under the adapter's
// scope name and version. The same adapters, value rules, limits,
// scrubbing and correlation serve every model; the record is built from
// the very attributes the span gets:
//
//	Body                the message (a string; repaired, cut to the value limit)
//	Severity number     the level (logspan levels are on OpenTelemetry's 1..24
//	                    scale; others are clamped to it)
//	Severity text       the logger's own level name ("warn", "dpanic")
//	Timestamp           the event's own timestamp (now if it has none)
//	Observed timestamp  now (the same instant when the event had no time)
//	Trace, span ids     records only: the span in the log's context, if any
//	                    (no span is made and no sampler asked);
//	                    both: the log span's, so record and span are joinable
//	Event name          none: a log line is not an event of a named schema
//	Scope               the adapter's import path and module version
//	Attributes          every attribute the span gets: the logfire.* keys
//	                    (span type, level number on Logfire's scale, level
//	                    name, message, template, logger name, json_schema,
//	                    scrubbed ...), logspan.dropped_fields, code.*,
//	                    code.stacktrace, the fields with the same conversion;
//	                    Logfire reads them as it reads the span's
//	Errors              the first error (the derived logger's first) as
//	                    exception.type, exception.message and, when it has
//	                    one, exception.stacktrace attributes (the log
//	                    semantic conventions have room for one); every error
//	                    is still its key = err.Error() attribute
//
// Each key appears once: a field logged twice keeps its first place and
// its last value, as on the span. A provider may therefore skip its own
// de-duplication (sdklog.WithAllowKeyDuplication), which the log SDK does
// otherwise for every attribute. A record has no status; in records only,
// a log has no exception events either.
//
// Before any work, the logger is asked whether it would drop the record
// (log.Logger.Enabled at the record's severity); if so, and the log makes
// no span, [Event.Recording] is false and the log costs almost nothing.
// The record is emitted under a context that keeps the log context's
// values without its cancellation, as the span ignores it; it lives in
// the pooled event, so a processor must not keep it after OnEmit returns
// (the SDK's processors do not). The ids an
// adapter writes into its logger's output ([Event.End]) are, in records
// only, the context span's: those the record carries. Records at 21 and
// above flush the logger provider too (if it has ForceFlush), within the
// same flush timeout.
//
// # Levels
//
// [Level] is the OpenTelemetry severity number. Logfire names trace 1,
// debug 5, info 9, notice 10, warn 13, error 17, fatal 21; each adapter
// documents its own table (zap: Debug 5, Info 9, Warn 13, Error 17,
// DPanic 21, Panic 22, Fatal 23). Records at 21 and above are flushed
// (ForceFlush on the tracer provider, bounded by [WithFlushTimeout])
// before the logging call returns, so a process that is about to panic or
// exit still delivers them.
package core
