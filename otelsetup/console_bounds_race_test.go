//go:build race

package otelsetup

// consoleBoundLines is the length of the bounded-console run: under the
// race detector (25 times slower) a tenth of the 100k lines, the full run
// is in console_bounds_norace_test.go.
const consoleBoundLines = 10_000
