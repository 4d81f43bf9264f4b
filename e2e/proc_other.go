//go:build unix && !linux

package e2e

import "syscall"

// killWithParent has no portable equivalent of Linux's parent-death signal
// outside Linux: there, only the test's cleanup stops Jaeger.
func killWithParent() *syscall.SysProcAttr { return nil }
