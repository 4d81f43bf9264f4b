package otlpexport_test

import (
	"testing"

	"go.uber.org/goleak"
)

// Every exporter, server and request a test starts must be gone when it
// ends: a shut-down exporter leaves no goroutine or connection behind.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
