// Package logspan is how an application configures logspan: the options
// every adapter takes, the levels, and the attribute keys of a log span.
//
// logspan turns the log lines of an existing Go application into
// OpenTelemetry instant spans (start == end) inside the trace of the
// request that logged them. The logging calls stay as they are; an
// adapter per logger joins them to the trace in one line:
//
//	logger = logger.WithOptions(zapspan.WrapCore())                         // zap
//	log.Logger = log.Logger.Hook(zerologspan.NewHook())                     // zerolog
//	logrus.AddHook(logrusspan.NewHook())                                    // logrus
//	slog.SetDefault(slog.New(slogspan.Wrap(slog.Default().Handler())))      // log/slog
//
// Every adapter takes the same [Option]s, so one list configures them all:
//
//	opts := []logspan.Option{
//		logspan.WithMinLevel(logspan.LevelDebug),
//		logspan.WithMaxValueBytes(16 << 10),
//	}
//	core := zapspan.NewCore(opts...)
//	handler := slogspan.NewHandler(opts...)
//
// # Levels
//
// [Level] is the OpenTelemetry severity number (1 to 24), the scale of
// Pydantic Logfire's logfire.level_num. The minimum level can change at
// run time: pass a [*LevelVar] to [WithLeveler] and call its Set method.
//
// # What a log becomes
//
// Package core documents the span model (name, parent, attributes, errors,
// limits, scrubbing) and is the interface adapter authors build on; the
// keys it sets are the Key constants here. The design reasons (why spans,
// why one option type, why zerolog's buffer is read) are in FAQ.md.
package logspan
