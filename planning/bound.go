package planning

import (
	"cmp"
	"math"
	"slices"
)

// LowerBound returns a lower bound on the cost Σ Risk × C (C: the working day
// a unit's last step ends) of every feasible schedule of the units on the
// teams under the policy, whatever the order, the assignment of steps to
// teams, the travel or the idle time. It is the Bound of every [Plan] of the
// same input; a Plan's Gap is measured against it. Input errors are those of
// [Schedule].
//
// The bound is the largest of four relaxations. Write a_u^s for the area
// unit u's step s processes (s = NTS, TS, clearance; 0 if the unit skips it),
// r_s for the fastest team able to do s and R_s for the summed productivity
// of those teams.
//
// Chain bound. A step is done by one team, no faster than r_s, after the
// previous step of its unit ends; travel only adds time. So every unit ends
// no earlier than P_u = Σ_s a_u^s / r_s, and every schedule costs at least
// Σ_u Risk_u × P_u.
//
// Stage bounds, one per step kind s. Let H_u = Σ_{s'<s} a_u^{s'}/r_{s'} (the
// earliest step s of u can start) and T_u = Σ_{s'>s} a_u^{s'}/r_{s'} (the
// least time u needs after step s ends), and h = min H_u over the units J
// with a step s. Take any feasible schedule and number the units of J by the
// time C_u^s their step s ends: C_1^s ≤ C_2^s ≤ …. No step s starts before
// h, and the teams able to do s process at most R_s m² per working day
// together, so steps 1..k, all done by C_k^s, satisfy
// a_1^s + … + a_k^s ≤ R_s (C_k^s − h). Hence C_k^s ≥ h + Σ_{i≤k} a_i^s/R_s:
// the completion of job k on one machine of speed R_s that starts at h and
// processes J in that order. Since C_u ≥ C_u^s + T_u for u in J and C_u ≥ P_u
// otherwise,
//
//	cost ≥ Σ_{u∈J} Risk_u (h + Σ_{i≤u} a_i^s/R_s + T_u) + Σ_{u∉J} Risk_u P_u,
//
// and the single-machine sum is smallest, over all orders of J, in Smith's
// order (Risk_u / a_u^s decreasing; optimal for 1||Σw_jC_j by the exchange
// argument). Evaluating that order gives a bound valid for every schedule.
//
// The maximum of valid lower bounds is a valid lower bound. Cost: O(n log n)
// after O(n·s·m) to build the instance.
func LowerBound(units []Unit, teams []Team, pol *Policy) (float64, error) {
	m, err := boundModel(units, teams, pol)
	if err != nil {
		return 0, err
	}
	lb, _ := m.bounds(0)
	return lb, nil
}

// HorizonBound returns an upper bound on the risk any feasible schedule can
// release (units whose last step ends) within the first horizonDays working
// days. A unit can only be released if its chain P_u ≤ horizonDays (see
// LowerBound); and for each step kind s the step-s areas of the released
// units fit in R_s (horizonDays − h), the capacity of the teams of s after
// the earliest start h of a step s among those units. Each constraint alone
// is a knapsack whose fractional relaxation (solved exactly by the density
// order) bounds the released risk; the bound is the least of them. Cost:
// O(n log n). It panics if horizonDays is negative or NaN.
func HorizonBound(units []Unit, teams []Team, pol *Policy, horizonDays float64) (float64, error) {
	if !(horizonDays >= 0) {
		panic("planning: HorizonBound: horizonDays must be ≥ 0")
	}
	m, err := boundModel(units, teams, pol)
	if err != nil {
		return 0, err
	}
	_, ub := m.bounds(horizonDays)
	return ub, nil
}

func boundModel(units []Unit, teams []Team, pol *Policy) (*model, error) {
	if err := validateUnits(units); err != nil {
		return nil, err
	}
	if err := validateTeams(teams); err != nil {
		return nil, err
	}
	if err := pol.Validate(); err != nil {
		return nil, err
	}
	return newModel(units, expandTeams(teams), pol, 1, false)
}

// bounds returns the lower bound on the cost (see LowerBound) and, when
// horizon > 0, the upper bound on the risk released by the horizon (see
// HorizonBound; 0 otherwise).
func (m *model) bounds(horizon float64) (lb, riskUB float64) {
	var fastest, pooled [4]float64
	for s := NTS; s <= Clearance; s++ {
		for _, k := range m.teamsOf[s] {
			fastest[s] = max(fastest[s], m.rate[k])
			pooled[s] += m.rate[k]
		}
	}
	// area[u*4+s] is a_u^s; chain[u] is P_u.
	area := make([]float64, 4*m.n)
	chain := make([]float64, m.n)
	for u := range m.n {
		for j := m.stepStart[u]; j < m.stepStart[u+1]; j++ {
			st := &m.steps[j]
			area[4*u+int(st.kind)] += st.area
			chain[u] += st.area / fastest[st.kind]
		}
	}
	head := func(u int, s StepKind) float64 {
		h := 0.0
		for t := NTS; t < s; t++ {
			if a := area[4*u+int(t)]; a > 0 {
				h += a / fastest[t]
			}
		}
		return h
	}
	tail := func(u int, s StepKind) float64 {
		t := 0.0
		for x := s + 1; x <= Clearance; x++ {
			if a := area[4*u+int(x)]; a > 0 {
				t += a / fastest[x]
			}
		}
		return t
	}
	for u := range m.n {
		lb += m.w[u] * chain[u]
	}
	riskUB = math.Inf(1)
	cand := 0.0 // risk of units whose chain fits the horizon
	for u := range m.n {
		if chain[u] <= horizon {
			cand += m.w[u]
		}
	}
	idx := make([]int, 0, m.n)
	for s := NTS; s <= Clearance; s++ {
		// Stage bound.
		idx = idx[:0]
		hmin := math.Inf(1)
		for u := range m.n {
			if area[4*u+int(s)] > 0 {
				idx = append(idx, u)
				hmin = min(hmin, head(u, s))
			}
		}
		if len(idx) == 0 {
			continue
		}
		slices.SortStableFunc(idx, func(a, b int) int {
			// Risk/area decreasing, compared as cross products.
			return cmp.Compare(m.w[b]*area[4*a+int(s)], m.w[a]*area[4*b+int(s)])
		})
		sum, c := 0.0, hmin
		inJ := make([]bool, m.n)
		for _, u := range idx {
			a := area[4*u+int(s)]
			c += a / pooled[s]
			sum += m.w[u] * (c + tail(u, s)) // C_u ≥ C_u^s + T_u
			inJ[u] = true
		}
		for u := range m.n {
			if !inJ[u] {
				sum += m.w[u] * chain[u]
			}
		}
		lb = max(lb, sum)

		// Horizon: fractional knapsack over the candidates with a step s.
		if horizon <= 0 {
			continue
		}
		hmin = math.Inf(1)
		ub := 0.0
		k := 0
		for _, u := range idx {
			if chain[u] <= horizon {
				idx[k] = u
				k++
				hmin = min(hmin, head(u, s))
			}
		}
		free := 0.0 // candidates without a step s are not limited by it
		for u := range m.n {
			if chain[u] <= horizon && area[4*u+int(s)] == 0 {
				free += m.w[u]
			}
		}
		capacity := pooled[s] * max(horizon-hmin, 0)
		for _, u := range idx[:k] { // still in density order
			a := area[4*u+int(s)]
			if a <= capacity {
				ub += m.w[u]
				capacity -= a
				continue
			}
			ub += m.w[u] * capacity / a
			break
		}
		riskUB = min(riskUB, free+ub)
	}
	if horizon <= 0 {
		return lb, 0
	}
	return lb, min(riskUB, cand)
}
