package otelsetup_test

import (
	"testing"

	"go.uber.org/goleak"
)

// Every batcher, exporter and receiver a test starts must be gone when it
// ends: a shut-down provider leaves no goroutine behind.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
