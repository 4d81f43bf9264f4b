//go:build unix

package benchmarks_test

import "syscall"

// cpuTime returns the CPU time the process has used so far, user and
// system, in nanoseconds: all its threads, the garbage collector's and the
// batch processors' included.
func cpuTime() int64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}
