//go:build linux

package report_test

import (
	"syscall"
	"time"
)

// cpuTime returns the process's CPU time so far, user and system, of every
// thread, or 0 if getrusage fails.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
