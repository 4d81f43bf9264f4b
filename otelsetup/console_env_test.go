package otelsetup

import (
	"bytes"
	"context"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/core"
)

// Each LOGFIRE_CONSOLE* variable, with Logfire's values.
func TestConsoleEnvValues(t *testing.T) {
	tests := []struct {
		give map[string]string
		want ConsoleOptions
		sw   consoleSwitch
	}{
		{nil, ConsoleOptions{}, consoleEnvUnset},
		{map[string]string{envConsole: "true"}, ConsoleOptions{}, consoleEnvOn},
		{map[string]string{envConsole: "1"}, ConsoleOptions{}, consoleEnvOn},
		{map[string]string{envConsole: "F"}, ConsoleOptions{}, consoleEnvOff},
		{map[string]string{envConsole: "false"}, ConsoleOptions{}, consoleEnvOff},
		{map[string]string{envConsoleColors: "always"}, ConsoleOptions{Color: ColorAlways}, consoleEnvUnset},
		{map[string]string{envConsoleColors: "never"}, ConsoleOptions{Color: ColorNever}, consoleEnvUnset},
		{map[string]string{envConsoleColors: "auto", "NO_COLOR": "1"}, ConsoleOptions{Color: ColorNever}, consoleEnvUnset},
		{map[string]string{envConsoleColors: "auto"}, ConsoleOptions{Color: ColorAuto}, consoleEnvUnset},
		{map[string]string{envConsoleColors: "always", "NO_COLOR": "1"}, ConsoleOptions{Color: ColorAlways}, consoleEnvUnset},
		{map[string]string{"NO_COLOR": "1"}, ConsoleOptions{Color: ColorNever}, consoleEnvUnset},
		{map[string]string{envConsoleTimestamp: "false"}, ConsoleOptions{HideTimestamp: true}, consoleEnvUnset},
		{map[string]string{envConsoleTimestamp: "true"}, ConsoleOptions{}, consoleEnvUnset},
		{map[string]string{envConsoleTags: "0"}, ConsoleOptions{HideTags: true}, consoleEnvUnset},
		{map[string]string{envConsoleVerbose: "TRUE"}, ConsoleOptions{Verbose: true}, consoleEnvUnset},
		{map[string]string{envConsoleMinLevel: "debug"}, ConsoleOptions{MinLevel: core.LevelDebug}, consoleEnvUnset},
		{map[string]string{envConsoleMinLevel: "warning"}, ConsoleOptions{MinLevel: core.LevelWarn}, consoleEnvUnset},
		{map[string]string{envConsoleMinLevel: "Fatal"}, ConsoleOptions{MinLevel: core.LevelFatal}, consoleEnvUnset},
		{map[string]string{envConsoleSpanStyle: "simple"}, ConsoleOptions{SpanStyle: SpanStyleSimple}, consoleEnvUnset},
		{map[string]string{envConsoleSpanStyle: "indented"}, ConsoleOptions{SpanStyle: SpanStyleIndented}, consoleEnvUnset},
		{map[string]string{envConsoleSpanStyle: "show-parents"}, ConsoleOptions{SpanStyle: SpanStyleShowParents}, consoleEnvUnset},
	}
	for _, tt := range tests {
		c, err := readEnv(lookupMap(tt.give))
		require.NoError(t, err, "%v", tt.give)
		assert.Equal(t, tt.want, c.console, "%v", tt.give)
		assert.Equal(t, tt.sw, c.consoleSwitch, "%v", tt.give)
	}
}

// A bad value fails Setup, naming the variable.
func TestConsoleEnvBadValues(t *testing.T) {
	for _, tt := range []struct{ name, give string }{
		{envConsole, "yes"},
		{envConsoleColors, "sometimes"},
		{envConsoleTimestamp, "no"},
		{envConsoleTags, "2"},
		{envConsoleVerbose, "very"},
		{envConsoleMinLevel, "loud"},
		{envConsoleMinLevel, "9"},
		{envConsoleSpanStyle, "tree"},
	} {
		shutdown, err := Setup(t.Context(), WithEnv(lookupMap(map[string]string{tt.name: tt.give})))
		if assert.Error(t, err, "%s=%s", tt.name, tt.give) {
			assert.Contains(t, err.Error(), tt.name+"=")
		} else {
			_ = shutdown(context.Background())
		}
	}
}

// consoleOutput builds a provider from env and opts with the console view
// writing to the returned buffer, logs one line and one error, and shuts
// the provider down.
func consoleOutput(t *testing.T, env map[string]string, opts ...Option) string {
	t.Helper()
	var out bytes.Buffer
	s := newSettings(append([]Option{WithEnv(lookupMap(env)), WithErrorOutput(&bytes.Buffer{})}, opts...))
	if s.console == nil {
		s.consoleOut = &out // where the view writes when the environment turns it on
	}
	p, err := build(t.Context(), s)
	require.NoError(t, err)
	em := core.NewEmitter("test", "v", logspan.WithTracerProvider(p.TracerProvider()))
	em.Start(context.Background(), core.Record{Level: core.LevelInfo, Message: "hello"}, nil).End()
	require.NoError(t, p.Shutdown(context.Background()))
	return out.String()
}

// LOGFIRE_CONSOLE=true keeps the view on while exporting, as Logfire's
// is; false turns the fallback off; WithConsole wins over it.
func TestConsoleEnvSwitch(t *testing.T) {
	exp := &countingExporter{}
	out := consoleOutput(t, map[string]string{envConsole: "true"}, WithExporter(exp))
	assert.Contains(t, out, "INFO   hello", "shown while exporting")
	assert.EqualValues(t, 1, exp.n.Load(), "and exported")

	exp.n.Store(0)
	out = consoleOutput(t, nil, WithExporter(exp))
	assert.Empty(t, out, "by default, not shown while exporting")
	assert.EqualValues(t, 1, exp.n.Load())

	out = consoleOutput(t, nil)
	assert.Contains(t, out, "INFO   hello", "the fallback when nothing is exported")

	out = consoleOutput(t, map[string]string{envConsole: "false"})
	assert.Empty(t, out, "LOGFIRE_CONSOLE=false turns the fallback off")

	out = consoleOutput(t, map[string]string{envConsole: "false", "OTEL_TRACES_EXPORTER": "console"})
	assert.Empty(t, out, "and the console exporter")

	var opt bytes.Buffer
	consoleOutput(t, map[string]string{envConsole: "false"}, WithConsole(&opt, ConsoleOptions{}))
	assert.Contains(t, opt.String(), "INFO   hello", "WithConsole wins over LOGFIRE_CONSOLE=false")
}

// With WithConsole, what the options leave at their zero value the
// variables still set; what they set wins.
func TestConsoleEnvUnderOptions(t *testing.T) {
	env := map[string]string{
		envConsoleTimestamp: "false", envConsoleVerbose: "true", envConsoleColors: "always",
		envConsoleMinLevel: "warn", "NO_COLOR": "1",
	}
	var out bytes.Buffer
	consoleOutput(t, env, WithConsole(&out, ConsoleOptions{}))
	assert.Empty(t, out.String(), "LOGFIRE_CONSOLE_MIN_LOG_LEVEL=warn hides the info line")

	out.Reset()
	consoleOutput(t, env, WithConsole(&out, ConsoleOptions{MinLevel: core.LevelInfo, Color: ColorNever}))
	lines := strings.Split(strings.TrimRight(out.String(), "\n"), "\n")
	require.Len(t, lines, 2, out.String())
	assert.Equal(t, "INFO   hello", lines[0], "no timestamp, no colors: the option wins over the variable")
	assert.True(t, strings.HasPrefix(lines[1], "│ trace_id="), "verbose from the variable: %q", lines[1])

	out.Reset()
	consoleOutput(t, env, WithConsole(&out, ConsoleOptions{MinLevel: core.LevelInfo}))
	assert.Contains(t, out.String(), "\x1b[", "LOGFIRE_CONSOLE_COLORS=always wins over NO_COLOR, as in Logfire")
}

// countingExporter counts the spans exported to it (an InMemoryExporter
// forgets them at shutdown).
type countingExporter struct{ n atomic.Int64 }

func (e *countingExporter) ExportSpans(_ context.Context, spans []sdktrace.ReadOnlySpan) error {
	e.n.Add(int64(len(spans)))
	return nil
}

func (e *countingExporter) Shutdown(context.Context) error { return nil }
