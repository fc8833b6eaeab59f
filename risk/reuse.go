package risk

// reuse returns n zero values of T, in old's backing array if it holds
// them: as make([]T, n), without fresh memory when a band's buffers serve
// the next band (first touches of fresh memory, page faults, cost more
// than clearing).
func reuse[T any](old []T, n int) []T {
	if cap(old) < n {
		if old == nil {
			return make([]T, n)
		}
		// Room for a band a quarter larger than this one, so that bands
		// of varying sizes soon stop asking for fresh memory.
		return make([]T, n, n+n/4)
	}
	s := old[:n]
	clear(s)
	return s
}

// bandScratch holds the per-cell columns scoreFactors fills before the
// cells, kept with a band's surface so the next band can reuse them.
type bandScratch struct {
	dens, vill, prox, nearI []float64
}
