package logspan_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"go.opentelemetry.io/otel"

	"github.com/logspan/logspan"
)

// errorRecorder is an otel error handler that keeps what it is given.
type errorRecorder struct {
	mu   sync.Mutex
	errs []error
}

func (r *errorRecorder) Handle(err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errs = append(r.errs, err)
}

func (r *errorRecorder) all() []error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]error(nil), r.errs...)
}

func recordOtelErrors(t *testing.T) *errorRecorder {
	rec := &errorRecorder{}
	prev := otel.GetErrorHandler()
	otel.SetErrorHandler(rec)
	t.Cleanup(func() { otel.SetErrorHandler(prev) })
	return rec
}

// LOGFIRE_MIN_LEVEL is the default minimum level of every adapter, as in
// Logfire's SDKs; an explicit option wins over it.
func TestMinLevelFromEnv(t *testing.T) {
	errs := recordOtelErrors(t)
	t.Setenv("LOGFIRE_MIN_LEVEL", "warning")
	assert.Equal(t, logspan.LevelWarn, logspan.NewConfig().Leveler().Level())
	assert.Equal(t, logspan.LevelDebug, logspan.NewConfig(logspan.WithMinLevel(logspan.LevelDebug)).Leveler().Level(),
		"WithMinLevel wins")
	var v logspan.LevelVar
	v.Set(logspan.LevelError)
	assert.Equal(t, logspan.LevelError, logspan.NewConfig(logspan.WithLeveler(&v)).Leveler().Level(), "WithLeveler wins")

	t.Setenv("LOGFIRE_MIN_LEVEL", "3")
	assert.Equal(t, logspan.Level(3), logspan.NewConfig().Leveler().Level(), "a severity number")
	t.Setenv("LOGFIRE_MIN_LEVEL", "")
	assert.Equal(t, logspan.LevelInfo, logspan.NewConfig().Leveler().Level(), "empty is unset")
	assert.Empty(t, errs.all())
}

// A bad LOGFIRE_MIN_LEVEL leaves the default at Info, never panics, and
// is reported through otel.Handle once per bad value.
func TestMinLevelFromEnvBadValue(t *testing.T) {
	errs := recordOtelErrors(t)
	// Values of their own, so that -count=N reports them again.
	bad := fmt.Sprintf("verbose%d", time.Now().UnixNano()%1e6)
	t.Setenv("LOGFIRE_MIN_LEVEL", bad)
	for range 3 {
		assert.Equal(t, logspan.LevelInfo, logspan.NewConfig().Leveler().Level())
	}
	if got := errs.all(); assert.Len(t, got, 1, "reported once") {
		assert.Contains(t, got[0].Error(), "LOGFIRE_MIN_LEVEL")
		assert.Contains(t, got[0].Error(), `"`+bad+`"`)
	}
	t.Setenv("LOGFIRE_MIN_LEVEL", bad+"x")
	_ = logspan.NewConfig()
	assert.Len(t, errs.all(), 2, "another bad value is reported too")
}
