package e2e

import "syscall"

// killWithParent makes the kernel kill the child if the test process dies
// without running its cleanups (go test -timeout panics, kill -9): an
// orphaned Jaeger would otherwise keep running on its ports.
func killWithParent() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
