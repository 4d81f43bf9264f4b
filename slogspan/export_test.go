package slogspan

// WaitRepairs waits until no hand-over of package log is pending.
func WaitRepairs() { repairs.Wait() }
