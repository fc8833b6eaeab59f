//go:build !linux

package benchmarks

import "time"

// cpuTime returns 0: CPU time is read on Linux only.
func cpuTime() time.Duration { return 0 }
