package zapspan

import (
	"testing"

	"go.uber.org/zap/zapcore"

	"github.com/logspan/logspan"
	"github.com/logspan/logspan/core"
)

func TestLevelOf(t *testing.T) {
	tests := []struct {
		give zapcore.Level
		want core.Level
	}{
		{zapcore.DebugLevel - 3, core.LevelTrace},
		{zapcore.DebugLevel, 5},
		{zapcore.InfoLevel, 9},
		{zapcore.WarnLevel, 13},
		{zapcore.ErrorLevel, 17},
		{zapcore.DPanicLevel, 21},
		{zapcore.PanicLevel, 22},
		{zapcore.FatalLevel, 23},
		{zapcore.FatalLevel + 5, 24},
	}
	for _, tt := range tests {
		if got := levelOf(tt.give); got != tt.want {
			t.Errorf("levelOf(%v) = %d, want %d", tt.give, got, tt.want)
		}
	}
	for _, tt := range []struct {
		give core.Level
		want zapcore.Level
	}{
		{core.LevelTrace, zapcore.DebugLevel},
		{core.LevelInfo, zapcore.InfoLevel},
		{core.LevelNotice, zapcore.WarnLevel},
		{core.LevelFatal, zapcore.DPanicLevel},
		{24, zapcore.FatalLevel + 1},
	} {
		if got := zapLevelOf(tt.give); got != tt.want {
			t.Errorf("zapLevelOf(%d) = %v, want %v", tt.give, got, tt.want)
		}
	}
}

func TestCustomLevelsFollowTheTable(t *testing.T) {
	c := NewCore(logspan.WithMinLevel(core.LevelTrace))
	if !c.Enabled(zapcore.DebugLevel - 2) {
		t.Error("a custom level below Debug is trace (1) and must pass WithMinLevel(LevelTrace)")
	}
	strict := NewCore(logspan.WithMinLevel(24))
	if strict.Enabled(zapcore.FatalLevel) || !strict.Enabled(zapcore.FatalLevel+1) {
		t.Error("severity 24 admits only levels above Fatal")
	}
}
