// Package auto turns every log of an unmodified Go program into an
// OpenTelemetry instant span, at build time. The program's code is not
// changed: its build is, by Orchestrion (github.com/DataDog/orchestrion)
// and the rule files (orchestrion.yml) this module ships, one per logger:
//
//   - zap: the body of zap.New adds, last of its options, a core that tees
//     every entry to zapspan (NewProduction, NewDevelopment, Config.Build
//     and every library's own logger go through it); call sites are not
//     rewritten, so zap's caller stays the caller's line.
//   - zerolog: each event reaches zerologspan once, in the event's message
//     path (the unexported (*Event).msg every Msg, Msgf, MsgFunc and Send
//     end in).
//   - logrus: logrus.New (the standard logger too) and logrus.Logger{}
//     literals get a logrusspan hook.
//   - slog: the handler given to slog.New is wrapped with slogspan; slog's
//     built-in default handler is not wrapped but makes the span from its
//     own Handle, which avoids the loop slog.SetDefault would close.
//   - main: [Start] before main's body and [Stop] when main returns.
//
// # Setup
//
// One file, orchestrion.tool.go, next to the program's go.mod:
//
//	//go:build tools
//
//	package tools
//
//	import (
//		_ "github.com/DataDog/orchestrion"
//		_ "github.com/logspan/logspan/auto"
//	)
//
// then go mod tidy and orchestrion go build ./... (see the module's
// README.md for what it costs). A program that cannot use a build tool
// imports github.com/logspan/logspan/auto/global instead, which
// instruments the global loggers only.
//
// # Turning it off
//
// LOGSPAN_DISABLED=true or OTEL_SDK_DISABLED=true in the environment of
// the program: no logger is instrumented and [Start] sets nothing up.
//
// # Manual one-liners
//
// A logger instrumented at build time is marked in core's registry
// (core.MarkBuildTime) from the logger package's init; the adapters'
// one-liners (zapspan.WrapCore, zerologspan.NewHook, logrusspan.NewHook,
// slogspan.Wrap) then do nothing and warn once, so no log becomes two
// spans.
package auto
