//go:build !linux

package benchmarks

// minorFaults returns 0: page faults are counted on Linux only.
func minorFaults() int64 { return 0 }
