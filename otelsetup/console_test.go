package otelsetup_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/core"
	"github.com/logspan/logspan/otelsetup"
	"github.com/logspan/logspan/slogspan"
)

func TestConsoleViewNesting(t *testing.T) {
	var out bytes.Buffer
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(otelsetup.NewConsoleProcessor(&out, otelsetup.ConsoleOptions{Verbose: true})))
	em := core.NewEmitter("test", "v", logspan.WithTracerProvider(tp))
	log := func(ctx context.Context, l core.Level, msg string, err error) {
		ev := em.Start(ctx, core.Record{Level: l, Message: msg, Time: time.Date(2026, 1, 1, 10, 0, 0, 0, time.Local)}, nil)
		if ev.Recording() && err != nil {
			ev.Encoder().AddError("error", err)
		}
		ev.Encoder().AddInt64("n", 1)
		ev.End()
	}
	tracer := tp.Tracer("test")
	ctx, outer := tracer.Start(context.Background(), "outer")
	log(ctx, core.LevelInfo, "in outer", nil)
	ctx2, inner := tracer.Start(ctx, "inner")
	log(ctx2, core.LevelError, "in inner", errors.New("boom"))
	inner.End()
	log(ctx, core.LevelWarn, "back in outer", nil)
	outer.End()
	log(context.Background(), core.LevelInfo, "no parent", nil)

	lines := strings.Split(strings.TrimRight(out.String(), "\n"), "\n")
	var shown []string
	for _, l := range lines {
		shown = append(shown, l[13:]) // drop the time column
	}
	assert.Equal(t, []string{
		"outer",
		"  INFO   in outer",
		"      n=1",
		"  inner",
		"    ERROR  in inner",
		"        error=boom",
		"        n=1",
		`        exception: exception.type="*errors.errorString" exception.message="boom"`,
		"  WARN   back in outer",
		"      n=1",
		"INFO   no parent",
		"    n=1",
	}, shown)
	assert.NotContains(t, out.String(), "\x1b[", "no colors when the output is not a terminal")
	assert.True(t, strings.HasPrefix(lines[1], "10:00:00.000 "), lines[1])
}

func TestConsoleViewColors(t *testing.T) {
	var out bytes.Buffer
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(otelsetup.NewConsoleProcessor(&out, otelsetup.ConsoleOptions{Color: otelsetup.ColorAlways})))
	em := core.NewEmitter("test", "v", logspan.WithTracerProvider(tp))
	ev := em.Start(context.Background(), core.Record{Level: core.LevelError, Message: "red"}, nil)
	ev.End()
	assert.Contains(t, out.String(), "\x1b[31mred\x1b[0m")
	assert.NotContains(t, out.String(), "ERROR", "with colors the level is the color")
}

// Logged text cannot forge console lines or drive the terminal.
func TestConsoleEscapesControls(t *testing.T) {
	var out bytes.Buffer
	p := otelsetup.NewConsoleProcessor(&out, otelsetup.ConsoleOptions{Color: otelsetup.ColorNever, Verbose: true})
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(p))
	t.Cleanup(func() { _ = tp.Shutdown(context.Background()) })
	logger := slog.New(slogspan.NewHandler(logspan.WithTracerProvider(tp)))
	logger.Info("ok\nINFO   login ok for user=admin\x1b]0;pwned\x07", "k", "\x1b[2J")
	assert.NotContains(t, out.String(), "\x1b")
	forged := 0
	for _, line := range strings.Split(out.String(), "\n") {
		if strings.Contains(line, "login ok") && !strings.Contains(line, `\n`) {
			forged++
		}
	}
	assert.Zero(t, forged, "no forged line: %q", out.String())
}
