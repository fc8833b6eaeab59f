package planning

import "slices"

// Pick classes: teams that pick cannot tell apart except by when they are
// free. Teams of one duration class (same method, rate and base: the same
// duration for every step) and the same closures start a step at the
// same time when free at the same time, and a team free later never starts
// or ends earlier (closures and budget years only push a start later, by a
// rule that is the same for every team of the class). So among the teams of
// a class, the one free first (then the lower index) is the one pick would
// choose, and pick only needs to look at that one: the head of the class's
// heap. A national plan's 720 clearance teams fall into 18 classes; pick
// looks at 18 teams instead of 720 and chooses the same one.
//
// With logistics (model.lg) a team's durations also depend on its camp and
// its commute limit: a class is then the teams of one duration class,
// closures and commute limit, and its teams are kept sorted by (camp, free
// time, index) rather than in a heap. The teams of a class in one camp
// are alike, so pick looks at the first of each camp's run only; a move
// takes a team from one run to another (see state.resort).

// pickClass is one class: its teams are the binary heap
// state.heap[off:end], ordered by (free time, index); dc is their duration
// class (the index into a step's row of durations).
type pickClass struct {
	off, end int32
	dc       int32
}

// state is a list schedule's state.
type state struct {
	// free holds when each team is free, in working days, then, with a
	// capped budget, what each year has spent (see model.stateLen).
	free []float64
	// heap holds the teams of every pick class, each class a binary heap
	// (see pickClass).
	heap []int32
	// camp holds each team's camp with logistics (see logModel), nil
	// without.
	camp []int32
	// fresh holds, with positions (see TeamPosition), whether each team
	// has yet to do its first job from its position; nil without.
	fresh []bool
}

// buildPick groups the teams of each step kind into pick classes, in the
// order of their first team. It sets m.pc, m.pcls and m.pcOf.
func (m *model) buildPick() {
	m.pc, m.pcOf = m.pc[:0], make([]int32, len(m.rate))
	for i := range m.pcOf {
		m.pcOf[i] = -1
	}
	var members [][]int32
	for kind := range m.teamsOf {
		m.pcls[kind] = nil
		first := len(m.pc)
		for i, k := range m.teamsOf[kind] {
			dc := m.cls[kind][i]
			c := -1
			for j := first; j < len(m.pc); j++ {
				r := members[j][0]
				if m.pc[j].dc == dc && slices.Equal(m.closedOf(r), m.closedOf(k)) &&
					(m.lg == nil || !scanAll && m.lg.commute[r] == m.lg.commute[k]) {
					c = j
					break
				}
			}
			if c < 0 {
				c = len(m.pc)
				m.pc = append(m.pc, pickClass{dc: dc})
				members = append(members, nil)
				m.pcls[kind] = append(m.pcls[kind], int32(c))
			}
			members[c] = append(members[c], k)
			m.pcOf[k] = int32(c)
		}
	}
	// Lay the classes out one after the other; with every team free at 0,
	// teams in index order are a valid heap.
	m.heap0 = m.heap0[:0]
	for c := range m.pc {
		m.pc[c].off = int32(len(m.heap0))
		m.heap0 = append(m.heap0, members[c]...)
		m.pc[c].end = int32(len(m.heap0))
		if m.lg != nil { // sorted by (camp, free, index), every team free at 0
			home := m.lg.home
			slices.SortFunc(m.heap0[m.pc[c].off:m.pc[c].end], func(a, b int32) int {
				if home[a] != home[b] {
					return int(home[a] - home[b])
				}
				return int(a - b)
			})
		}
	}
}

// scanAll makes every team a pick class of its own with logistics (tests
// compare the classes with a scan of every team).
var scanAll = false

// campBefore reports whether team a comes before team b in a class with
// logistics: in a lower camp, then free earlier, then the lower index.
func (s *state) campBefore(a, b int32) bool {
	if s.camp[a] != s.camp[b] {
		return s.camp[a] < s.camp[b]
	}
	return before(s.free, a, b)
}

// resort puts team k back in its place in class c (with logistics) after
// its free time or camp changed. Cost O(teams of the class).
func (s *state) resort(c *pickClass, k int32) {
	h := s.heap[c.off:c.end]
	i := slices.Index(h, k)
	for i > 0 && s.campBefore(k, h[i-1]) {
		h[i] = h[i-1]
		i--
	}
	for i+1 < len(h) && s.campBefore(h[i+1], k) {
		h[i] = h[i+1]
		i++
	}
	h[i] = k
}

// closedOf returns team k's closed periods (nil without).
func (m *model) closedOf(k int32) []span {
	if m.tclosed == nil {
		return nil
	}
	return m.tclosed[k]
}

// newState returns the state at the plan's start: every team free at 0,
// nothing spent.
func (m *model) newState() state {
	s := state{free: make([]float64, m.stateLen()), heap: slices.Clone(m.heap0)}
	if m.lg != nil {
		s.camp = slices.Clone(m.lg.home)
	}
	if m.pos != nil {
		m.pos.start(m, &s)
	}
	return s
}

// copyState copies src into dst, which must have the same lengths.
func copyState(dst, src state) {
	copy(dst.free, src.free)
	copy(dst.heap, src.heap)
	copy(dst.camp, src.camp)
	copy(dst.fresh, src.fresh)
}

// before reports whether team a comes before team b in a class's heap:
// free earlier, then the lower index.
func before(free []float64, a, b int32) bool {
	return free[a] < free[b] || free[a] == free[b] && a < b
}

// siftDownAt restores class c's heap after the free time of team k grew,
// wherever k is in it (a team yet to leave its position, see
// TeamPosition, may be chosen below the head). Cost O(teams of the class)
// to find k, then O(log) to sift.
func (s *state) siftDownAt(c *pickClass, k int32) {
	s.siftFrom(c, slices.Index(s.heap[c.off:c.end], k))
}

// siftDown restores class c's heap after the free time of the team at its
// root grew (commit only ever moves a class's head, since pick only
// chooses heads, and free times only grow).
func (s *state) siftDown(c *pickClass) { s.siftFrom(c, 0) }

// siftFrom moves the team at position i of class c's heap down to its
// place.
func (s *state) siftFrom(c *pickClass, i int) {
	h := s.heap[c.off:c.end]
	n := len(h)
	for {
		l := 2*i + 1
		if l >= n {
			return
		}
		j := l
		if r := l + 1; r < n && before(s.free, h[r], h[l]) {
			j = r
		}
		if !before(s.free, h[j], h[i]) {
			return
		}
		h[i], h[j] = h[j], h[i]
		i = j
	}
}
