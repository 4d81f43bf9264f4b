package logspan_test

import (
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"runtime"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/slogspan"
)

// Logfire's levels: a severity between two named levels is the one below,
// so that level = 'fatal' in Logfire's SQL finds zap's Panic and Fatal.
func ExampleLevel_Logfire() {
	for _, l := range []logspan.Level{logspan.LevelInfo, 11, 22, 23} {
		fmt.Println(l, "->", l.Logfire())
	}
	// Output:
	// info -> info
	// notice2 -> notice
	// fatal2 -> fatal
	// fatal3 -> fatal
}

// The caller is written under the names Logfire reads (code.filepath) and
// the stable ones (code.file.path) unless WithCodeKeys picks one set;
// WithSourceRoot makes the path relative to the repository for Logfire's
// source links.
func ExampleWithSourceRoot() {
	_, file, _, _ := runtime.Caller(0)
	root := filepath.Dir(file) // the repository's root on the build machine

	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	logger := slog.New(slogspan.NewHandler(
		logspan.WithTracerProvider(tp),
		logspan.WithSource(),
		logspan.WithSourceRoot(root),
		logspan.WithCodeKeys(logspan.CodeKeysOld),
	))
	logger.Info("where")

	for _, kv := range rec.Ended()[0].Attributes() {
		if kv.Key == logspan.KeyCodeFilePathOld || kv.Key == logspan.KeyCodeFilePath {
			fmt.Println(kv.Key, "=", kv.Value.AsString())
		}
	}
	// Output: code.filepath = logfire_example_test.go
}

// An error log without a parent in this process gets Logfire's issue
// fingerprint and its "<type>: <message>" status; WithIssues changes which
// error logs are issues.
func ExampleWithIssues() {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	logger := slog.New(slogspan.NewHandler(logspan.WithTracerProvider(tp), logspan.WithIssues(logspan.IssuesAlways)))
	logger.Warn("retrying", "err", errors.New("timeout"), "tags", []string{"billing"})

	s := rec.Ended()[0]
	for _, kv := range s.Attributes() {
		switch kv.Key {
		case logspan.KeyExceptionFingerprint:
			fmt.Println(kv.Key, "has", len(kv.Value.AsString()), "hex digits")
		case logspan.KeyTags, logspan.KeyJSONSchema:
			fmt.Println(kv.Key, "=", kv.Value.Emit())
		}
	}
	// Output:
	// logfire.json_schema = {"type":"object","properties":{"err":{}}}
	// logfire.exception.fingerprint has 64 hex digits
	// logfire.tags = ["billing"]
}

// An adapter whose logger prints its own lines (the hooks, WrapCore, Wrap)
// marks its spans so that a console exporter does not print them again;
// WithConsoleLog(false) does the same for any other set-up.
func ExampleWithConsoleLog() {
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	logger := slog.New(slogspan.NewHandler(logspan.WithTracerProvider(tp), logspan.WithConsoleLog(false)))
	logger.Info("printed elsewhere")

	for _, kv := range rec.Ended()[0].Attributes() {
		if kv.Key == logspan.KeyDisableConsoleLog {
			fmt.Println(kv.Key, "=", kv.Value.AsBool())
		}
	}
	// Output: logfire.disable_console_log = true
}
