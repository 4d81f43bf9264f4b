package slogspan_test

import (
	"log/slog"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/core"
	"github.com/logspan/logspan/core/spantest"
	"github.com/logspan/logspan/slogspan"
)

// newLogger returns a slog logger over a span handler recording into rec.
func newLogger(t *testing.T, opts ...logspan.Option) (*slog.Logger, *tracetest.SpanRecorder, *sdktrace.TracerProvider) {
	t.Helper()
	tp, rec := spantest.NewRecorder(t)
	opts = append([]logspan.Option{logspan.WithTracerProvider(tp)}, opts...)
	return slog.New(slogspan.NewHandler(opts...)), rec, tp
}

// userAttrs returns the attributes of s that are not part of the span
// model's fixed set: the ones the log's own attributes produced.
func userAttrs(s sdktrace.ReadOnlySpan) map[string]any {
	m := map[string]any{}
	for _, kv := range s.Attributes() {
		if !modelKeys[kv.Key] {
			m[string(kv.Key)] = kv.Value.AsInterface()
		}
	}
	return m
}

var modelKeys = map[attribute.Key]bool{
	core.KeySpanType:          true,
	core.KeyLevelNum:          true,
	core.KeyLogLevel:          true,
	core.KeyMsgTemplate:       true,
	core.KeyMsg:               true,
	core.KeyLoggerName:        true,
	core.KeyJSONSchema:        true,
	core.KeyCodeFilePath:      true,
	core.KeyCodeLineNumber:    true,
	core.KeyCodeFunctionName:  true,
	core.KeyCodeFilePathOld:   true,
	core.KeyCodeLineNumberOld: true,
	core.KeyCodeFunctionOld:   true,
	core.KeySeverityNumber:    true,
	core.KeyDisableConsoleLog: true,
}
