//go:build !linux

package report_test

import "time"

// cpuTime returns 0: CPU time is read on Linux only.
func cpuTime() time.Duration { return 0 }
