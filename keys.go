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
	// KeyLevelNum is the severity number (int), see [Level].
	KeyLevelNum = attribute.Key("logfire.level_num")
	// KeyLogLevel is the logger's own level name, lower case.
	KeyLogLevel = attribute.Key("log.level")
	// KeyMsgTemplate is the message as the logger received it.
	KeyMsgTemplate = attribute.Key("logfire.msg_template")
	// KeyMsg is the message shown for the log.
	KeyMsg = attribute.Key("logfire.msg")
	// KeyLoggerName is the logger's name, when it has one.
	KeyLoggerName = attribute.Key("logfire.logger_name")
	// KeyJSONSchema lists the attributes whose values are JSON text.
	KeyJSONSchema = attribute.Key("logfire.json_schema")
	// KeyDroppedFields counts the fields left out past the field cap
	// (see [WithMaxFields]); present only when some were.
	KeyDroppedFields = attribute.Key("logspan.dropped_fields")
	// KeyCodeFilePath is the source file of the logging call.
	KeyCodeFilePath = attribute.Key("code.file.path")
	// KeyCodeLineNumber is the line of the logging call.
	KeyCodeLineNumber = attribute.Key("code.line.number")
	// KeyCodeFunctionName is the function that made the logging call.
	KeyCodeFunctionName = attribute.Key("code.function.name")
	// KeyCodeStacktrace is the stack the logger captured for the log
	// (zap's AddStacktrace), when it did.
	KeyCodeStacktrace = attribute.Key("code.stacktrace")
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
