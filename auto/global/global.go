// Package global is the fallback for programs that cannot be built with
// Orchestrion: one line in package main,
//
//	import _ "github.com/logspan/logspan/auto/global"
//
// and its init sets OpenTelemetry up from the environment (auto.Start) and
// instruments the global loggers, as they are when it runs:
//
//   - zerolog: log.Logger gets a zerologspan hook;
//   - logrus: the standard logger gets a logrusspan hook;
//   - zap: zap.L() and zap.S(), no-ops until the program replaces them, make
//     spans (zap.ReplaceGlobals with a zapspan core); a logger the program
//     passes to zap.ReplaceGlobals later is its own;
//   - slog: slog.Default() is wrapped with slogspan.Wrap; its built-in
//     handler's output keeps its content in slog.TextHandler form (see
//     slogspan.Wrap).
//
// Loggers the program or its libraries build themselves are not reached:
// that is what the build-time rules of package auto do. The import links
// all four loggers into the program. Nothing flushes the last spans at
// exit unless the program calls auto.Stop; fatal logs flush their own.
// LOGSPAN_DISABLED=true or OTEL_SDK_DISABLED=true turns it all off, and
// under the build-time rules the calls here do nothing (see
// core.SkipManual).
package global

import (
	"log/slog"

	zlog "github.com/rs/zerolog/log"
	"github.com/sirupsen/logrus"
	"go.uber.org/zap"

	"github.com/logspan/logspan/auto"
	"github.com/logspan/logspan/core"
	"github.com/logspan/logspan/logrusspan"
	"github.com/logspan/logspan/slogspan"
	"github.com/logspan/logspan/zapspan"
	"github.com/logspan/logspan/zerologspan"
)

func init() { Instrument() }

// Instrument is what the import does: auto.Start, then the global loggers.
// It does nothing when auto.Disabled, and for a logger instrumented at
// build time. Calling it again would add a second hook: the import calls
// it once.
func Instrument() {
	if auto.Disabled() {
		return
	}
	auto.Start()
	if !core.BuildTime(core.LoggerZerolog) {
		zlog.Logger = zlog.Logger.Hook(zerologspan.NewHook())
	}
	if !core.BuildTime(core.LoggerLogrus) {
		logrus.AddHook(logrusspan.NewHook())
	}
	if !core.BuildTime(core.LoggerZap) {
		zap.ReplaceGlobals(zap.New(zapspan.NewCore()))
	}
	if !core.BuildTime(core.LoggerSlog) {
		slog.SetDefault(slog.New(slogspan.Wrap(slog.Default().Handler())))
	}
}
