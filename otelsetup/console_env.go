package otelsetup

import (
	"strings"

	"github.com/logspan/logspan/core"
)

// The LOGFIRE_CONSOLE* variables, with Logfire's names, values and
// defaults (logfire/_internal/config_params.py).
const (
	envConsole          = "LOGFIRE_CONSOLE"                   // true/false; unset: only when nothing is exported
	envConsoleColors    = "LOGFIRE_CONSOLE_COLORS"            // auto, always, never; default auto
	envConsoleTimestamp = "LOGFIRE_CONSOLE_INCLUDE_TIMESTAMP" // default true
	envConsoleTags      = "LOGFIRE_CONSOLE_INCLUDE_TAGS"      // default true
	envConsoleMinLevel  = "LOGFIRE_CONSOLE_MIN_LOG_LEVEL"     // a level name; default info
	envConsoleVerbose   = "LOGFIRE_CONSOLE_VERBOSE"           // default false
	envConsoleSpanStyle = "LOGFIRE_CONSOLE_SPAN_STYLE"        // simple, indented, show-parents; default show-parents
)

// consoleSwitch is what LOGFIRE_CONSOLE says.
type consoleSwitch int

const (
	consoleEnvUnset consoleSwitch = iota // the view is the fallback when nothing is exported
	consoleEnvOn                         // shown, while exporting too
	consoleEnvOff                        // not shown (WithConsole still shows it)
)

// consoleLevels are Logfire's level names (logfire/_internal/constants.py).
var consoleLevels = map[string]core.Level{
	"trace": core.LevelTrace, "debug": core.LevelDebug, "info": core.LevelInfo,
	"notice": core.LevelNotice, "warn": core.LevelWarn, "warning": core.LevelWarn,
	"error": core.LevelError, "fatal": core.LevelFatal,
}

// readConsoleEnv reads the LOGFIRE_CONSOLE* variables over opts (which
// holds what NO_COLOR said). A bad value is an error naming its variable.
func readConsoleEnv(e *env, opts ConsoleOptions) (ConsoleOptions, consoleSwitch) {
	sw := consoleEnvUnset
	if b, ok := logfireBool(e, envConsole); ok {
		sw = consoleEnvOff
		if b {
			sw = consoleEnvOn
		}
	}
	if v := strings.ToLower(e.str(envConsoleColors)); v != "" {
		switch v {
		case "auto": // what NO_COLOR said stays: Logfire's auto honours it too
		case "always":
			opts.Color = ColorAlways
		case "never":
			opts.Color = ColorNever
		default:
			e.fail(envConsoleColors, v, "want auto, always or never")
		}
	}
	if b, ok := logfireBool(e, envConsoleTimestamp); ok {
		opts.HideTimestamp = !b
	}
	if b, ok := logfireBool(e, envConsoleTags); ok {
		opts.HideTags = !b
	}
	if b, ok := logfireBool(e, envConsoleVerbose); ok {
		opts.Verbose = b
	}
	if v := strings.ToLower(e.str(envConsoleMinLevel)); v != "" {
		if l, ok := consoleLevels[v]; ok {
			opts.MinLevel = l
		} else {
			e.fail(envConsoleMinLevel, v, "want trace, debug, info, notice, warn, warning, error or fatal")
		}
	}
	if v := strings.ToLower(e.str(envConsoleSpanStyle)); v != "" {
		switch v {
		case "show-parents":
			opts.SpanStyle = SpanStyleShowParents
		case "indented":
			opts.SpanStyle = SpanStyleIndented
		case "simple":
			opts.SpanStyle = SpanStyleSimple
		default:
			e.fail(envConsoleSpanStyle, v, "want simple, indented or show-parents")
		}
	}
	return opts, sw
}

// logfireBool reads a boolean as Logfire does: 1, true or t, 0, false or
// f, in any case; empty is unset.
func logfireBool(e *env, name string) (value, set bool) {
	v := e.str(name)
	switch strings.ToLower(v) {
	case "":
		return false, false
	case "1", "true", "t":
		return true, true
	case "0", "false", "f":
		return false, true
	}
	e.fail(name, v, "want true or false (or 1, t, 0, f)")
	return false, false
}

// over returns o with its zero-valued fields taken from env: the options
// of WithConsole win over the variables, and what they leave unset the
// variables still set.
func (o ConsoleOptions) over(env ConsoleOptions) ConsoleOptions {
	if o.Color == ColorAuto {
		o.Color = env.Color
	}
	o.Verbose = o.Verbose || env.Verbose
	o.HideTimestamp = o.HideTimestamp || env.HideTimestamp
	o.HideTags = o.HideTags || env.HideTags
	if o.MinLevel == 0 {
		o.MinLevel = env.MinLevel
	}
	if o.SpanStyle == SpanStyleShowParents {
		o.SpanStyle = env.SpanStyle
	}
	return o
}
