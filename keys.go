package logspan

import "go.opentelemetry.io/otel/attribute"

// Attribute keys that logspan sets on every log span. The logfire.* keys are
// the ones Pydantic Logfire reads to show a span as a log line; the code.*
// keys follow the OpenTelemetry semantic conventions. These keys are never
// taken by user fields: a user field with the same key is written after them
// and the span keeps the last value, as the SDK does for any duplicate key.
const (
	// KeySpanType marks the span as a log; its value is always "log".
	KeySpanType = attribute.Key("logfire.span_type")
	// KeyLevelNum is the Logfire level (int): the severity, or for a
	// severity between Logfire's named levels the named level below it
	// (zap's Panic 22 and Fatal 23 are 21, fatal); see [Level.Logfire].
	KeyLevelNum = attribute.Key("logfire.level_num")
	// KeyLogLevel is the logger's own level name, lower case.
	KeyLogLevel = attribute.Key("log.level")
	// KeyMsgTemplate is the message as the logger received it.
	KeyMsgTemplate = attribute.Key("logfire.msg_template")
	// KeyMsg is the message shown for the log.
	KeyMsg = attribute.Key("logfire.msg")
	// KeyLoggerName is the logger's name, when it has one.
	KeyLoggerName = attribute.Key("logfire.logger_name")
	// KeyJSONSchema describes every field of the log, as Logfire's
	// json_schema.py does: {} for a plain value, {"type":"object"} and
	// {"type":"array"} for JSON text and arrays, {"type":"null"} for a nil
	// value (written "null"), a date-time format for times, base64 for
	// bytes. Logfire's Arguments panel is built from it.
	KeyJSONSchema = attribute.Key("logfire.json_schema")
	// KeyDroppedFields counts the fields left out past the field cap
	// (see [WithMaxFields]); present only when some were.
	KeyDroppedFields = attribute.Key("logspan.dropped_fields")
	// KeyCodeFilePath is the source file of the logging call, as the
	// semantic conventions name it since 1.30 (see [WithCodeKeys]).
	KeyCodeFilePath = attribute.Key("code.file.path")
	// KeyCodeLineNumber is the line of the logging call.
	KeyCodeLineNumber = attribute.Key("code.line.number")
	// KeyCodeFunctionName is the function that made the logging call.
	KeyCodeFunctionName = attribute.Key("code.function.name")
	// KeyCodeStacktrace is the stack the logger captured for the log
	// (zap's AddStacktrace), when it did.
	KeyCodeStacktrace = attribute.Key("code.stacktrace")
	// KeyCodeFilePathOld is the source file under the name Logfire reads
	// for its source links and console (code.filepath, the semantic
	// conventions' name before 1.30); see [WithCodeKeys].
	KeyCodeFilePathOld = attribute.Key("code.filepath")
	// KeyCodeLineNumberOld is the line under its old name, code.lineno.
	KeyCodeLineNumberOld = attribute.Key("code.lineno")
	// KeyCodeFunctionOld is the function under its old name, code.function.
	KeyCodeFunctionOld = attribute.Key("code.function")
	// KeySeverityNumber is the exact severity (1 to 24) when it is not one
	// of the levels Logfire names: logfire.level_num then holds the named
	// level below it (see [Level]), so that Logfire's level filters find
	// the log, and this key keeps what the logger said.
	KeySeverityNumber = attribute.Key("logspan.severity_number")
	// KeyExceptionFingerprint groups errors into Logfire's Issues: a
	// sha256 over the error's type and the functions of its stack (see
	// [WithIssues]). Logfire's key, logfire/_internal/constants.py.
	KeyExceptionFingerprint = attribute.Key("logfire.exception.fingerprint")
	// KeyTags is the span's tags (a string slice): a field named "tags"
	// whose value is a string or strings becomes this attribute rather
	// than a field. Logfire's key, logfire/_internal/constants.py.
	KeyTags = attribute.Key("logfire.tags")
	// KeyDisableConsoleLog (true) asks Logfire's console, and otelsetup's,
	// not to print the span: the application's logger printed the line
	// already (see [WithConsoleLog]). Logfire's key,
	// logfire/_internal/constants.py.
	KeyDisableConsoleLog = attribute.Key("logfire.disable_console_log")
	// KeyScrubbed lists what scrubbing replaced on a span: a JSON array of
	// {"path": [...], "matched_substring": "..."}, as Logfire writes it.
	KeyScrubbed = attribute.Key("logfire.scrubbed")
)

// Keys under which adapters write a log span's identity into the logger's
// own output, so a log line leads to its trace.
const (
	TraceIDKey = "trace_id"
	SpanIDKey  = "span_id"
)

// Exception event keys, from the OpenTelemetry semantic conventions.
const (
	// ExceptionEventName is the name of the span event recording an error.
	ExceptionEventName = "exception"
	// KeyExceptionType is the Go type of the error, as %T prints it.
	KeyExceptionType = attribute.Key("exception.type")
	// KeyExceptionMessage is the error's Error() text.
	KeyExceptionMessage = attribute.Key("exception.message")
	// KeyExceptionStacktrace is the error's verbose form (%+v) when it
	// differs from Error(), as errors that carry a stack print it.
	KeyExceptionStacktrace = attribute.Key("exception.stacktrace")
)
