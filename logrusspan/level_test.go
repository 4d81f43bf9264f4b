package logrusspan

import (
	"testing"

	"github.com/sirupsen/logrus"
	"github.com/stretchr/testify/assert"

	"github.com/logspan/logspan/core"
)

func TestLevelOf(t *testing.T) {
	tests := []struct {
		give     logrus.Level
		want     core.Level
		wantName string
	}{
		{logrus.TraceLevel, 1, "trace"},
		{logrus.DebugLevel, 5, "debug"},
		{logrus.InfoLevel, 9, "info"},
		{logrus.WarnLevel, 13, "warning"},
		{logrus.ErrorLevel, 17, "error"},
		{logrus.FatalLevel, 21, "fatal"},
		{logrus.PanicLevel, 22, "panic"},
		{logrus.TraceLevel + 1, 1, ""}, // not a logrus level: core names it
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, levelOf(tt.give), "level of %d", tt.give)
		assert.Equal(t, tt.wantName, levelName(tt.give), "name of %d", tt.give)
	}
}

func TestLevelsFrom(t *testing.T) {
	tests := []struct {
		give core.Level
		want []logrus.Level
	}{
		{core.LevelTrace, logrus.AllLevels},
		{core.LevelDebug, []logrus.Level{logrus.PanicLevel, logrus.FatalLevel, logrus.ErrorLevel, logrus.WarnLevel, logrus.InfoLevel, logrus.DebugLevel}},
		{core.LevelInfo, []logrus.Level{logrus.PanicLevel, logrus.FatalLevel, logrus.ErrorLevel, logrus.WarnLevel, logrus.InfoLevel}},
		{core.LevelInfo + 1, []logrus.Level{logrus.PanicLevel, logrus.FatalLevel, logrus.ErrorLevel, logrus.WarnLevel}},
		{core.LevelFatal, []logrus.Level{logrus.PanicLevel, logrus.FatalLevel}},
		{core.LevelFatal + 1, []logrus.Level{logrus.PanicLevel}},
		{core.LevelFatal + 2, nil},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, levelsFrom(tt.give), "min level %d", tt.give)
	}
}
