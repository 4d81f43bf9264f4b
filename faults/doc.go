// Package faults holds logspan's reliability tests: what happens to the
// application when the process crashes right after a log, when the
// backend is down, when the telemetry pipeline itself logs, and when many
// goroutines log at once through every adapter. It has no code of its own;
// it is a module so that these tests can use every adapter and otelsetup
// together without making any of them depend on the others.
package faults
