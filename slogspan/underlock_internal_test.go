package slogspan

import "testing"

// BenchmarkUnderLogLock is the caller check a wrapper of the built-in
// handler makes for every record, from a shallow stack.
func BenchmarkUnderLogLock(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if underLogLock(2) {
			b.Fatal("not under package log's lock")
		}
	}
}
