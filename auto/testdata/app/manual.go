//go:build manual

package main

import (
	"log/slog"

	zlog "github.com/rs/zerolog/log"
	"github.com/sirupsen/logrus"

	"github.com/logspan/logspan/logrusspan"
	"github.com/logspan/logspan/slogspan"
	"github.com/logspan/logspan/zapspan"
	"github.com/logspan/logspan/zerologspan"

	"example.com/app/lib"
)

// manual adds the manual one-liners of the four adapters: under the
// build-time rules they must do nothing.
func manual() {
	lib.Logger = lib.Logger.WithOptions(zapspan.WrapCore())
	zlog.Logger = zlog.Logger.Hook(zerologspan.NewHook())
	logrus.AddHook(logrusspan.NewHook())
	slog.SetDefault(slog.New(slogspan.Wrap(slog.Default().Handler())))
}
