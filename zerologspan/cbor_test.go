//go:build binary_log

package zerologspan_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/logspan/logspan/core"
	"github.com/logspan/logspan/core/spantest"
)

// With zerolog's binary_log tag the fields are CBOR, which zerologspan
// does not decode: the span keeps the message and level, nothing breaks.
func TestBinaryLogFallback(t *testing.T) {
	l, _, rec, _ := newLogger(t)
	l.Error().Str("k", "v").Int("n", 1).Msg("binary")
	s := spantest.Only(t, rec)
	assert.Equal(t, "binary", s.Name())
	assert.Equal(t, int64(core.LevelError), spantest.Attributes(s)[core.KeyLevelNum].AsInt64())
	assert.Empty(t, fieldAttrs(s))
}

// binaryLogBuild tells the tests shared by both builds which one runs.
const binaryLogBuild = true
