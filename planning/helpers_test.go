package planning

import (
	"math"
	"math/rand/v2"

	"github.com/landrelease/clearance/geo"
)

// randInstance returns n random units (a mix of SHA and CHA) and a team set
// with at least one team for every step, up to perKind teams of each kind
// of step, with random productivities and, if travel, random bases.
func randInstance(r *rand.Rand, n, perKind int, travel bool) ([]Unit, []Team) {
	units := make([]Unit, n)
	for i := range units {
		kind := geo.SHA
		if r.IntN(3) == 0 {
			kind = geo.CHA
		}
		units[i] = Unit{
			ID:     string(rune('A'+i%26)) + string(rune('a'+i/26%26)) + string(rune('0'+i/676)),
			Kind:   kind,
			AreaM2: math.Round(1000 + r.Float64()*40000),
			Risk:   math.Round(r.Float64()*100) / 10,
			Centre: geo.XY{X: r.Float64() * 60000, Y: r.Float64() * 60000},
		}
	}
	var teams []Team
	for _, m := range []Method{MethodNTS, MethodTS, MethodManual} {
		k := 1 + r.IntN(perKind)
		for range k {
			teams = append(teams, randTeam(r, m, travel))
		}
	}
	return units, teams
}

func randTeam(r *rand.Rand, m Method, travel bool) Team {
	t := Team{Method: m}
	switch m {
	case MethodNTS:
		t.M2PerDay = 20000 + math.Round(r.Float64()*40000)
	case MethodTS:
		t.M2PerDay = 3000 + math.Round(r.Float64()*8000)
	case MethodManual, MethodMDD, MethodMechanical:
		t.Method = []Method{MethodManual, MethodMDD, MethodMechanical}[r.IntN(3)]
		t.M2PerDay = 300 + math.Round(r.Float64()*3000)
	}
	if travel {
		t.Base = &geo.XY{X: r.Float64() * 60000, Y: r.Float64() * 60000}
	}
	return t
}

// permutations calls f with every permutation of 0..n-1 (Heap's algorithm).
func permutations(n int, f func([]int)) {
	p := make([]int, n)
	for i := range p {
		p[i] = i
	}
	c := make([]int, n)
	f(p)
	for i := 0; i < n; {
		if c[i] < i {
			if i%2 == 0 {
				p[0], p[i] = p[i], p[0]
			} else {
				p[c[i]], p[i] = p[i], p[c[i]]
			}
			f(p)
			c[i]++
			i = 0
		} else {
			c[i] = 0
			i++
		}
	}
}

// orderCost is the list-schedule cost of one order: the oracle's evaluation,
// written independently of the evaluator's snapshots.
func orderCost(m *model, order []int) (cost, makespan float64) {
	s := m.newState()
	for _, u := range order {
		c, _ := m.place(&s, u)
		cost += m.w[u] * c
		makespan = max(makespan, c)
	}
	return cost, makespan
}

// exactOptimum returns the least cost over every semi-active schedule: a
// depth-first search over which unit's next step goes next and on which
// team, with pruning by the chain bound. Only for tiny instances.
func exactOptimum(m *model, teams int) float64 {
	next := make([]int32, m.n)
	ready := make([]float64, m.n)
	copy(next, m.stepStart[:m.n])
	free := make([]float64, teams)
	best := math.Inf(1)
	// minRest[j]: least time steps j.. of its unit still need.
	minRest := make([]float64, len(m.steps)+1)
	for u := range m.n {
		acc := 0.0
		for j := m.stepStart[u+1] - 1; j >= m.stepStart[u]; j-- {
			st := m.steps[j]
			d := math.Inf(1)
			for i := range m.teamsOf[st.kind] {
				d = min(d, m.durOf(&st, i))
			}
			acc += d
			minRest[j] = acc
		}
	}
	var dfs func(cost float64)
	dfs = func(cost float64) {
		lb, done := cost, true
		for u := range m.n {
			if next[u] < m.stepStart[u+1] {
				done = false
				lb += m.w[u] * (ready[u] + minRest[next[u]])
			}
		}
		if lb >= best {
			return
		}
		if done {
			best = cost
			return
		}
		for u := range m.n {
			j := next[u]
			if j >= m.stepStart[u+1] {
				continue
			}
			st := m.steps[j]
			for i, k := range m.teamsOf[st.kind] {
				oldFree, oldReady := free[k], ready[u]
				end := max(free[k], ready[u]) + m.durOf(&st, i)
				free[k], ready[u] = end, end
				next[u]++
				add := 0.0
				if next[u] == m.stepStart[u+1] {
					add = m.w[u] * end
				}
				dfs(cost + add)
				next[u]--
				free[k], ready[u] = oldFree, oldReady
			}
		}
	}
	dfs(0)
	return best
}
