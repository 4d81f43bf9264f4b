// Package core is the one place in logspan that knows how a log event
// becomes an OpenTelemetry span. The adapters (zapspan, zerologspan,
// logrusspan, slogspan) only translate their logger's event into a
// [Record] and its fields into [Encoder] calls; everything below is decided
// here, so a log looks the same whichever logger wrote it.
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
//	float32, float64                float64; NaN, +Inf, -Inf the strings "NaN", "+Inf", "-Inf"
//	complex                         string, "(1+2i)"
//	slices of one primitive type    typed slice (string, int64, float64, bool)
//	time.Time                       RFC 3339 string with nanoseconds
//	time.Duration                   its String form, "1.5s"
//	[]byte (binary)                 standard base64 string
//	fmt.Stringer                    its String()
//	error                           err.Error(), plus an exception event
//	maps, structs, mixed arrays,    compact JSON string, listed in
//	object and array marshalers     logfire.json_schema
//	nil, nil pointers               "<nil>"
//	context.Context                 nothing: it is the parent, never data
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
// replaced by "<max depth exceeded>" (which also ends self-recursive
// marshalers). Scrubbing runs after the cut: its markers can lengthen a
// JSON value past the limit, by a bounded factor. A panic in a value's String, Error, MarshalJSON or a
// logger's marshaler becomes the attribute key+"Error" = "PANIC=<value>",
// as zap writes it. A value encoding/json rejects (a cyclic map, say)
// becomes a string naming the failure. An empty key becomes "_".
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
// message is not scrubbed. [WithScrubPatterns], [WithScrubAllow],
// [WithScrubCallback] and [WithoutScrubbing] change this. Scrubbing
// applies to the span only.
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
