package core

import (
	"sync/atomic"

	"github.com/logspan/logspan"
)

// defaultLogsAs is the process's data model for emitters built without
// logspan.WithLogsAs; zero means spans.
var defaultLogsAs atomic.Int32

// SetDefaultLogsAs sets the data model of every emitter built without
// [logspan.WithLogsAs], from its next log on; the owner of the pipeline
// (otelsetup, from LOGSPAN_LOGS_AS) calls it. It returns the function that
// restores the model in force before. [logspan.LogsAsDefault] means spans.
func SetDefaultLogsAs(m logspan.LogsAs) (restore func()) {
	if m < logspan.LogsAsDefault || m > logspan.LogsAsBoth {
		m = logspan.LogsAsDefault
	}
	old := defaultLogsAs.Swap(int32(m))
	return func() { defaultLogsAs.Store(old) }
}

// DefaultLogsAs returns the model set by [SetDefaultLogsAs], resolved:
// spans when none was set.
func DefaultLogsAs() logspan.LogsAs {
	if m := logspan.LogsAs(defaultLogsAs.Load()); m != logspan.LogsAsDefault {
		return m
	}
	return logspan.LogsAsSpans
}
