package planning

import (
	"cmp"
	"math"
	"slices"
	"testing"
)

// exact finds the least cost Σ Risk × C over every semi-active schedule of a
// model: each team does its jobs in some order, each as early as its team
// and its unit's previous step allow, with the same durations (travel
// included) as Schedule. For a regular objective such as Σ w C an optimal
// schedule is among them, so this is the optimum of the model.
//
// The search dispatches one job at a time (a unit's next step on a team able
// to do it), in increasing (start, step index): every semi-active schedule is
// reached this way exactly once, since a job's predecessors on its team and
// in its unit end before it starts and so have smaller starts. Two teams of
// the same rate and base that are free at the same time are interchangeable,
// so only the first is tried (with logistics, if they are also in the same
// camp: a team's camp follows from its jobs so far, by Schedule's rule). A branch is cut when its cost so far plus a
// lower bound on the rest (see rest) reaches the best schedule found.
type exact struct {
	m     *model
	teams int
	// same[k] is the lowest team identical to k (same method, rate, base
	// and kinds: land rules go by method).
	same []int
	// left[j]: the least time steps j.. of its unit still need.
	left []float64

	free      []float64 // per team, when it is free
	camp      []int32   // per team, its camp (with logistics: m.lg)
	fresh     []bool    // per team, its first job's travel is from its position (m.pos)
	ready     []float64 // per unit, when its last dispatched step ends
	next      []int32   // per unit, its next step
	best      float64
	nodes     int
	nodeLimit int
}

// checkBracket fails the test unless the plan's bound is at most the
// exact optimum opt and opt at most the plan's cost (an exact search that
// finds more than the plan would have missed schedules); detail describes
// instance i, for the failure message.
func checkBracket(t *testing.T, i int, p *Plan, opt float64, detail func() string) {
	t.Helper()
	if !relLE(p.Bound, opt) {
		t.Fatalf("instance %d: bound %v (%s) above the optimum %v\n%s", i, p.Bound, p.BoundBy, opt, detail())
	}
	if !relLE(opt, p.Cost) {
		t.Fatalf("instance %d: plan %v below the optimum %v: the exact search missed schedules", i, p.Cost, opt)
	}
}

// solveOrSkip solves m exactly (solveExact with a budget of 400,000
// nodes); an instance too large for the search is counted in *skipped,
// and the test fails once more than limit instances were.
func solveOrSkip(t *testing.T, m *model, teams []Team, skipped *int, limit int) (opt float64, ok bool) {
	t.Helper()
	opt, _, ok = solveExact(m, teams, 400_000)
	if !ok {
		*skipped++
		if *skipped > limit {
			t.Fatalf("%d instances too large for the exact search", *skipped)
		}
	}
	return opt, ok
}

// solveExact returns the optimum and whether the search finished within
// nodeLimit nodes (0: no limit).
func solveExact(m *model, teams []Team, nodeLimit int) (opt float64, nodes int, ok bool) {
	x := &exact{m: m, teams: len(teams), same: make([]int, len(teams)), left: make([]float64, len(m.steps)),
		free: make([]float64, len(teams)), ready: make([]float64, m.n), next: slices.Clone(m.stepStart[:m.n]),
		best: math.Inf(1), nodeLimit: nodeLimit}
	kinds := func(k int) (b uint8) {
		for s := NTS; s <= Clearance; s++ {
			if slices.Contains(m.teamsOf[s], int32(k)) {
				b |= 1 << s
			}
		}
		return b
	}
	for k := range teams {
		x.same[k] = k
		for k2 := range k {
			a, b := &teams[k], &teams[k2]
			if a.Method == b.Method && a.Rate() == b.Rate() && kinds(k) == kinds(k2) && (a.Base == nil) == (b.Base == nil) &&
				(a.Base == nil || *a.Base == *b.Base) {
				x.same[k] = k2
				break
			}
		}
	}
	for u := range m.n {
		acc := 0.0
		for j := m.stepStart[u+1] - 1; j >= m.stepStart[u]; j-- {
			st := &m.steps[j]
			acc += slices.Min(m.boundModel().row(st)) // positioned teams' first jobs may be shorter
			x.left[j] = acc
		}
	}
	if m.lg != nil {
		x.camp = slices.Clone(m.lg.home)
	}
	if m.pos != nil { // positioned teams: free later, camped or first travel from their place
		copy(x.free, m.pos.free)
		x.fresh = slices.Clone(m.pos.fresh)
		for k, c := range m.pos.camp {
			if c >= 0 {
				x.camp[k] = c
			}
		}
		for k := range x.same {
			if m.pos.set[k] || m.pos.set[x.same[k]] {
				x.same[k] = k
			}
		}
	}
	x.dfs(0, math.Inf(-1), -1)
	return x.best, x.nodes, nodeLimit == 0 || x.nodes < nodeLimit
}

// rest is a lower bound on the cost of the units not yet finished: each
// needs at least its remaining steps back to back after its ready time; and
// for each step kind the remaining jobs of that kind, with all its teams
// pooled into one machine of their summed rate available from the earliest
// free team, end no earlier than in Smith's order (the stage bound of the
// old LowerBound, written independently of bound_lp.go).
func (x *exact) rest() float64 {
	m := x.m
	chain := 0.0
	for u := range m.n {
		if j := x.next[u]; j < m.stepStart[u+1] {
			chain += m.w[u] * (x.ready[u] + x.left[j])
		}
	}
	best := chain
	type job struct{ w, area, head, tail float64 }
	var jobs []job
	for s := NTS; s <= Clearance; s++ {
		pooled, fmin := 0.0, math.Inf(1)
		for _, k := range m.teamsOf[s] {
			pooled += m.rate[k]
			fmin = min(fmin, x.free[k])
		}
		jobs = jobs[:0]
		other := 0.0
		for u := range m.n {
			j := x.next[u]
			if j >= m.stepStart[u+1] {
				continue
			}
			head := x.ready[u]
			i := j
			for ; i < m.stepStart[u+1] && m.steps[i].kind != s; i++ {
			}
			if i == m.stepStart[u+1] {
				other += m.w[u] * (x.ready[u] + x.left[j])
				continue
			}
			head += x.left[j] - x.left[i]
			tail := 0.0
			if i+1 < m.stepStart[u+1] {
				tail = x.left[i+1]
			}
			jobs = append(jobs, job{m.w[u], m.steps[i].area, head, tail})
		}
		if len(jobs) == 0 {
			continue
		}
		slices.SortFunc(jobs, func(a, b job) int { return cmp.Compare(b.w*a.area, a.w*b.area) })
		h := math.Inf(1)
		for _, jb := range jobs {
			h = min(h, jb.head)
		}
		h = max(h, fmin)
		sum, c := other, h
		for _, jb := range jobs {
			c += jb.area / pooled
			sum += jb.w * (c + jb.tail)
		}
		best = max(best, sum)
	}
	return best
}

func (x *exact) dfs(cost, lastStart float64, lastStep int32) {
	x.nodes++
	if x.nodeLimit > 0 && x.nodes >= x.nodeLimit {
		return
	}
	m := x.m
	done := true
	for u := range m.n {
		if x.next[u] < m.stepStart[u+1] {
			done = false
			break
		}
	}
	if done {
		x.best = min(x.best, cost)
		return
	}
	if cost+x.rest() >= x.best {
		return
	}
	for u := range m.n {
		j := x.next[u]
		if j >= m.stepStart[u+1] {
			continue
		}
		st := &m.steps[j]
		for i, k := range m.teamsOf[st.kind] {
			if s := x.same[k]; s != int(k) && x.free[s] == x.free[k] && (x.camp == nil || x.camp[s] == x.camp[k]) {
				continue // an identical team, free at the same time, was tried
			}
			start := max(x.free[k], x.ready[u])
			var tc, uc []span
			if m.tclosed != nil {
				tc = m.tclosed[k]
			}
			if m.uclosed != nil {
				uc = m.uclosed[u]
			}
			start = skipClosed(start, tc, uc)
			if start < lastStart || start == lastStart && j < lastStep {
				continue // reached in another order
			}
			if math.IsInf(m.durOf(st, i), 1) {
				continue // land rules forbid the team there
			}
			d := m.durOf(st, i)
			var oldCamp int32
			if m.lg != nil {
				// The team's camp decides the travel and the move: the
				// same rule as Schedule's (logModel.move).
				oldCamp = x.camp[k]
				to, travel, reloc := m.lg.move(int(k), oldCamp, u)
				d = m.work[int(st.dur)+int(m.cls[st.kind][i])] + travel + reloc
				x.camp[k] = to
			}
			wasFresh := x.fresh != nil && x.fresh[k]
			if wasFresh {
				d = m.work[int(st.dur)+int(m.cls[st.kind][i])] + dist(*m.pos.at[k], m.pos.centre[u])/m.pos.mPerDay
				x.fresh[k] = false
			}
			end := advance(start, d, tc, uc) // closures pause the job
			oldFree, oldReady := x.free[k], x.ready[u]
			x.free[k], x.ready[u] = end, end
			x.next[u]++
			add := 0.0
			if x.next[u] == m.stepStart[u+1] {
				add = m.w[u] * end
			}
			x.dfs(cost+add, start, j)
			x.next[u]--
			x.free[k], x.ready[u] = oldFree, oldReady
			if m.lg != nil {
				x.camp[k] = oldCamp
			}
			if wasFresh {
				x.fresh[k] = true
			}
		}
	}
}
