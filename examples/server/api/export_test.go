package api

import "context"

// SetPlanHook makes every plan job run hook first (tests only).
func (s *Server) SetPlanHook(hook func(ctx context.Context) error) { s.planHook = hook }

// HoldSlots takes n job slots until the function returned is called
// (tests only); it panics if fewer are free.
func (s *Server) HoldSlots(n int) (release func()) {
	var rs []func()
	for range n {
		r, ok := s.acquire()
		if !ok {
			panic("api: HoldSlots: no free slot")
		}
		rs = append(rs, r)
	}
	return func() {
		for _, r := range rs {
			r()
		}
	}
}
