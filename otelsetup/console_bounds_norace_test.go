//go:build !race

package otelsetup

// consoleBoundLines is the length of the bounded-console run.
const consoleBoundLines = 100_000
