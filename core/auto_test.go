package core

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/logspan/logspan"
)

// resetBuildTime clears the process-wide registry after a test.
func resetBuildTime(t *testing.T) {
	t.Helper()
	prev := warnOutput
	t.Cleanup(func() {
		for i := range buildTime {
			buildTime[i].Store(false)
			manualWarns[i].Store(false)
		}
		warnOutput = prev
	})
}

func TestBuildTimeRegistry(t *testing.T) {
	resetBuildTime(t)
	var warn bytes.Buffer
	warnOutput = &warn

	for _, l := range []string{LoggerZap, LoggerZerolog, LoggerLogrus, LoggerSlog} {
		assert.False(t, BuildTime(l), l)
		assert.False(t, SkipManual(l, nil), l)
	}
	MarkBuildTime(LoggerZerolog)
	MarkBuildTime("log4j") // unknown: ignored
	assert.True(t, BuildTime(LoggerZerolog))
	assert.False(t, BuildTime(LoggerZap))
	assert.False(t, BuildTime("log4j"))
	assert.Empty(t, warn.String(), "no warning before a skipped one-liner")

	assert.True(t, SkipManual(LoggerZerolog, []Option{WithMinLevel(LevelWarn)}))
	assert.True(t, SkipManual(LoggerZerolog, nil))
	assert.False(t, SkipManual(LoggerZerolog, []Option{nil, BuildTimeOption()}), "the instrumentation's own construction")
	assert.False(t, SkipManual(LoggerZap, nil), "another logger is not marked")
	assert.Equal(t, 1, strings.Count(warn.String(), "\n"), "one warning per logger: %q", warn.String())
	assert.Contains(t, warn.String(), "zerolog is instrumented at build time")
}

func TestBuildTimeOptionChangesNothing(t *testing.T) {
	assert.Equal(t, logspan.NewConfig(), logspan.NewConfig(BuildTimeOption()))
}

func TestOffLevelMakesNoSpan(t *testing.T) {
	sr := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(sr))
	em := NewEmitter("test", "v0", WithTracerProvider(tp), WithMinLevel(OffLevel))
	for l := Level(1); l <= 24; l++ {
		assert.False(t, em.Enabled(l), l)
		assert.Nil(t, em.Start(context.Background(), Record{Level: l, Message: "m"}, nil), l)
	}
	assert.Empty(t, sr.Ended())
}
