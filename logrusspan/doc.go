// Package logrusspan turns the entries of a logrus logger into
// OpenTelemetry instant spans, placed in the trace of the request that
// logged them. The span model (names, attributes, errors, status) is package
// core's; this package translates logrus's entries and fields into it.
//
// # Setup
//
// A hook, on the standard logger or on any *logrus.Logger:
//
//	logrus.AddHook(logrusspan.NewHook())
//	logger.AddHook(logrusspan.NewHook(logspan.WithTracerProvider(tp)))
//
// The logger's formatter, output and level are unchanged. The spans go to
// the global tracer provider unless logspan.WithTracerProvider names another.
//
// # Parent
//
// Give the log its context the logrus way, with WithContext:
//
//	logrus.WithContext(ctx).WithField("cents", 1299).Info("charged card")
//
// The span in entry.Context is the parent; a derived entry keeps its
// context, so an entry built once per request parents all of its logs.
// Without a context the log starts a new trace. A context.Context among the
// fields is never an attribute, and never the parent.
//
// # Trace correlation
//
// When the entry has a context, the hook adds trace_id and span_id (hex) of
// the log's span to the entry's fields, so logrus's own formatter prints
// them and text logs and traces can be joined. They are added to a copy of
// the entry's data: the caller's logrus.Fields and a reused *logrus.Entry
// never see them. They replace fields of the same names. Turn this off with
// logspan.WithoutTraceCorrelation().
//
// # Mapping
//
//	Entry.Message     span name, logfire.msg, logfire.msg_template
//	Entry.Time        span start and end
//	Entry.Level       severity: Trace 1, Debug 5, Info 9, Warn 13, Error 17,
//	                  Fatal 21, Panic 22 (logfire.level_num 21,
//	                  logspan.severity_number 22); log.level: logrus's own
//	                  names "trace", "debug", "info", "warning", "error",
//	                  "fatal", "panic"
//	Entry.Caller      code.filepath, code.lineno, code.function and
//	                  code.file.path, code.line.number, code.function.name
//	                  (Logger.ReportCaller; no stack walk of our own)
//	Entry.Context     the parent, never an attribute
//	Entry.Data        one attribute per field, in key order:
//	  bool, string, integers, floats        typed attributes, as package
//	                                        core describes (uint64 above
//	                                        MaxInt64: decimal string; NaN
//	                                        and infinities: strings)
//	  slices of one primitive type          typed slice attributes
//	  time.Time, time.Duration, []byte      RFC 3339, "1.5s", base64
//	  error (logrus.ErrorKey and any other) key = err.Error() and an
//	                                        exception event
//	  fmt.Stringer                          its String()
//	  maps, structs, mixed slices,          compact JSON string, listed in
//	  json.Marshaler                        logfire.json_schema
//	  nil, and a nil slice or map           "null" (logrus's JSON: null;
//	                                        a type with its own MarshalJSON
//	                                        or MarshalText keeps it)
//	  a field logrus refused               logrus_error: logrus's note
//	                                        ("skipping unsupported field
//	                                        \"f\""), as its formatters
//	                                        print it; a field named
//	                                        logrus_error is then
//	                                        fields.logrus_error
//
// Logrus has no logger name, so logfire.logger_name is never set. Fields
// given to WithFields are converted at every log, not once: a hook sees
// only the entry's data, not how it was built. A panicking String, Error or
// MarshalJSON adds key+"Error" = "PANIC=<value>" and never crashes the
// application.
//
// # Levels and flushing
//
// [NewHook] registers for the levels from Info up (logspan.WithMinLevel changes
// that); the logger's own level applies first, so set it low enough for
// the spans wanted. Entries at Fatal and Panic are flushed before Fire
// returns (within logspan.WithFlushTimeout, 5 s by default): logrus fires hooks
// before it calls its exit handlers and os.Exit, or panics, so these last
// logs are delivered. [Hook.Sync] flushes the tracer provider.
//
// # Reentrancy
//
// Logrus v1.10 fires hooks without holding the logger's lock, and the hook
// never logs through logrus, so it cannot deadlock the logger. An exporter
// or OpenTelemetry error handler that logs through the same logrus logger
// synchronously from inside the span pipeline would loop back into the hook;
// give such components another logger.
package logrusspan
