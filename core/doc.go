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
//	Status      Error at severity 17 and above, described as Logfire does
//	            when the log has an error field: "<type>: <message>" of the
//	            first error ("*fs.PathError: open /x: file does not
//	            exist"); else by the message (the level name if empty);
//	            unset below
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
//	logfire.level_num     the Logfire level (int) the severity falls in, see Levels
//	logspan.severity_number  the exact severity, when it is not a Logfire level
//	log.level             the logger's own level name, lower case
//	logfire.msg_template  the message
//	logfire.msg           the message
//	logfire.logger_name   the logger's name, when it has one
//	code.filepath         caller's file, when the logger captured it, as
//	code.file.path        given or relative to logspan.WithSourceRoot
//	code.lineno           caller's line
//	code.line.number
//	code.function         caller's function
//	code.function.name
//	logfire.json_schema   every field, when the log has any (see below)
//	logfire.tags          a top-level "tags" field of strings, as a string slice
//	logfire.exception.fingerprint  the Issues key of an error log (see Errors)
//	logfire.disable_console_log    true when the adapter's logger prints its
//	                      own lines (zapspan.WrapCore, slogspan.Wrap, the hooks)
//
// Both names of the caller are written by default, the semantic
// conventions' "code/dup" migration mode: Logfire's source links and
// console read code.filepath, code.lineno and code.function, newer tools
// the stable names. logspan.WithCodeKeys(CodeKeysStable) or
// (CodeKeysOld) writes one set.
//
// logfire.json_schema describes every field, the derived logger's first,
// as Logfire's SDK does (create_json_schema, json_schema.py); Logfire's
// Arguments panel is built from it. Its entries: {} for strings, numbers,
// bools, durations and errors; {"type":"object"} for JSON objects (maps,
// structs); {"type":"array"} for typed slices and JSON arrays;
// {"type":"null"} for a nil; {"type":"string","format":"date-time"} for a
// time.Time; {"type":"string","contentEncoding":"base64"} for bytes. A key
// logged twice is listed once, in its last place, with its last value's
// entry; logspan's own keys (code.stacktrace, logfire.*) are not listed.
// It is bounded by the value limit (the entries past it are counted in a
// "logspan.more" property) and costs linear time.
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
//	                                5 an int64, true a bool, null a null)
//	encoding.TextMarshaler,         their text
//	fmt.Stringer
//	error                           err.Error(), plus an exception event; a multi-error
//	                                (errors.Join, multierr) also key+"Causes"
//	arrays                          the array rule below
//	maps, structs, object           compact JSON string, listed in logfire.json_schema;
//	marshalers                      walked by core with encoding/json's rules (tags,
//	                                omitempty, embedding, sorted map keys, its number format)
//	nil, nil pointers, maps,        a null: the string "null", listed {"type":"null"}
//	slices, errors, Stringers       in logfire.json_schema, as Logfire writes None;
//	                                inside a JSON value a nil is null
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
// A top-level field named "tags" whose value is a string or strings
// becomes logfire.tags (a string slice) and no field: tags are span-level
// in Logfire. Under a group, or of another type, "tags" is a field.
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
// The span of an error log also gets logfire.exception.fingerprint, the
// key Logfire's Issues group errors by, under Logfire's rule: the level is
// error (17) or above and the log has no parent span in this process (no
// parent, or a remote one). logspan.WithIssues(IssuesAlways) fingerprints
// every error log, IssuesNever none. The fingerprint is the hex sha256 of
// the first error's type and its stack's function names, each once, in the
// manner of Logfire's canonicalize_exception_traceback: no files and no
// lines, so an edit elsewhere in the file keeps the issue. An error without
// a stack Go can read (a Go stack text: a function line, a tab-indented
// file:line line) is identified by its type, the caller's function and the
// message template. A log with a captured stack and no error gets
// code.stacktrace only, and no exception and no fingerprint: Logfire
// makes issues from exceptions, and its logging handler does not turn a
// stack_info into one either.
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
// When a [LogPipeline] is registered for the provider
// ([RegisterLogPipeline]; otelsetup registers one for its own), the
// record goes to the pipeline's [LogEmitter] as a [LogRecord] with the
// same content, instead of through the Logs API and the provider's
// logger: the record counterpart of the direct span path.
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
// [Level] is the OpenTelemetry severity number (1 to 24). Logfire names
// trace 1, debug 5, info 9, notice 10, warn 13, error 17, fatal 21, and its
// UI and SQL (level = 'fatal' is level_num = 21) know only those numbers,
// so logfire.level_num is the named level the severity falls in
// ([logspan.Level.Logfire]: 2..4 are 1, 6..8 are 5, 11..12 are 10,
// 14..16 are 13, 18..20 are 17, 22..24 are 21), and the exact severity,
// when it differs, is logspan.severity_number. log.level keeps the
// logger's own name. The full table:
//
//	logger   level          severity  level_num  severity_number  log.level
//	zap      Debug          5         5          -                debug
//	zap      Info           9         9          -                info
//	zap      Warn           13        13         -                warn
//	zap      Error          17        17         -                error
//	zap      DPanic         21        21         -                dpanic
//	zap      Panic          22        21         22               panic
//	zap      Fatal          23        21         23               fatal
//	zerolog  Trace          1         1          -                trace
//	zerolog  Debug          5         5          -                debug
//	zerolog  Info           9         9          -                info
//	zerolog  Warn           13        13         -                warn
//	zerolog  Error          17        17         -                error
//	zerolog  Fatal          21        21         -                fatal
//	zerolog  Panic          22        21         22               panic
//	logrus   Trace          1         1          -                trace
//	logrus   Debug          5         5          -                debug
//	logrus   Info           9         9          -                info
//	logrus   Warn           13        13         -                warning
//	logrus   Error          17        17         -                error
//	logrus   Fatal          21        21         -                fatal
//	logrus   Panic          22        21         22               panic
//	slog     Debug-4        1         1          -                debug-4
//	slog     Debug          5         5          -                debug
//	slog     Debug+2        7         5          7                debug+2
//	slog     Info           9         9          -                info
//	slog     Info+1         10        10         -                info+1
//	slog     Info+2         11        10         11               info+2
//	slog     Warn           13        13         -                warn
//	slog     Error          17        17         -                error
//	slog     Error+4        21        21         -                error+4
//	slog     Error+7 and up 24        21         24               error+7
//
// Records at 21 and above are flushed
// (ForceFlush on the tracer provider, bounded by [WithFlushTimeout])
// before the logging call returns, so a process that is about to panic or
// exit still delivers them.
package core
