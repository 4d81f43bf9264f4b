package logspan_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/logspan/logspan"
)

func TestLevelString(t *testing.T) {
	tests := []struct {
		give logspan.Level
		want string
	}{
		{logspan.LevelTrace, "trace"}, {logspan.LevelDebug, "debug"}, {logspan.LevelInfo, "info"},
		{logspan.LevelNotice, "notice"}, {logspan.LevelWarn, "warn"}, {logspan.LevelError, "error"},
		{logspan.LevelFatal, "fatal"}, {22, "fatal2"}, {24, "fatal4"}, {2, "trace2"}, {0, "level(0)"}, {25, "level(25)"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, tt.give.String())
	}
}

func TestLevelVar(t *testing.T) {
	var v logspan.LevelVar
	assert.Equal(t, logspan.LevelInfo, v.Level(), "the zero value is Info")
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v.Set(logspan.Level(1 + i))
			_ = v.Level()
		}()
	}
	wg.Wait()
	v.Set(logspan.LevelError)
	assert.Equal(t, logspan.LevelError, v.Level())
	assert.Equal(t, "LevelVar(error)", v.String())
}

func TestOptionsRestoreDefaults(t *testing.T) {
	cfg := logspan.NewConfig(logspan.WithMaxDepth(5000), logspan.WithMaxFields(-1), logspan.WithMaxValueBytes(0),
		logspan.WithMaxLogBytes(-3), logspan.WithLeveler(nil), nil)
	assert.Equal(t, 1000, cfg.MaxDepth(), "depth is capped")
	assert.Equal(t, logspan.DefaultMaxFields, cfg.MaxFields())
	assert.Equal(t, logspan.DefaultMaxValueBytes, cfg.MaxValueBytes())
	assert.Equal(t, logspan.DefaultMaxLogBytes, cfg.MaxLogBytes())
	assert.Equal(t, logspan.LevelInfo, cfg.Leveler().Level())
	assert.True(t, cfg.Scrubbing())
	assert.True(t, cfg.TraceCorrelation())
}

func TestParseLevel(t *testing.T) {
	tests := []struct {
		give string
		want logspan.Level
	}{
		{"trace", logspan.LevelTrace}, {"debug", logspan.LevelDebug}, {"info", logspan.LevelInfo},
		{"notice", logspan.LevelNotice}, {"warn", logspan.LevelWarn}, {"warning", logspan.LevelWarn},
		{"error", logspan.LevelError}, {"fatal", logspan.LevelFatal}, {" Error ", logspan.LevelError},
		{"WARNING", logspan.LevelWarn}, {"debug2", 6}, {"notice2", 11}, {"fatal4", 24},
		{"1", 1}, {"24", 24}, {"17", logspan.LevelError},
	}
	for _, tt := range tests {
		got, err := logspan.ParseLevel(tt.give)
		if assert.NoError(t, err, tt.give) {
			assert.Equal(t, tt.want, got, tt.give)
		}
	}
	// Every level's name reads back as the level.
	for l := logspan.Level(1); l <= 24; l++ {
		got, err := logspan.ParseLevel(l.String())
		assert.NoError(t, err)
		assert.Equal(t, l, got)
	}
	for _, give := range []string{"", "  ", "0", "25", "-1", "verbose", "info1", "info2", "info3", "info02", "warn99999999999999999999",
		"level(3)", "critical", strings.Repeat("x", 1000)} {
		_, err := logspan.ParseLevel(give)
		if assert.Error(t, err, "%q", give) {
			assert.Less(t, len(err.Error()), 200, "the error is bounded")
			assert.Contains(t, err.Error(), "want trace, debug, info")
		}
	}
}

// ParseLevel reads the level names Logfire uses, as LOGFIRE_MIN_LEVEL
// gives them.
func ExampleParseLevel() {
	for _, s := range []string{"warning", "debug2", "17", "loud"} {
		l, err := logspan.ParseLevel(s)
		fmt.Println(int(l), l, err != nil)
	}
	// Output:
	// 13 warn false
	// 6 debug2 false
	// 17 error false
	// 0 level(0) true
}

// Every severity maps to the Logfire level at or below it.
func TestLevelLogfire(t *testing.T) {
	want := map[logspan.Level]logspan.Level{
		-3: -3, 0: 0, 1: 1, 2: 1, 4: 1, 5: 5, 8: 5, 9: 9, 10: 10, 11: 10, 12: 10,
		13: 13, 16: 13, 17: 17, 20: 17, 21: 21, 22: 21, 23: 21, 24: 21, 30: 21,
	}
	for give, w := range want {
		assert.Equal(t, w, give.Logfire(), "Logfire level of %d", give)
	}
}
