package planning

import (
	"cmp"
	"math"
	"slices"
)

// What a [Plan]'s Bound comes from: the relaxation that gave the largest
// lower bound (see [LowerBound]), in Plan.BoundBy.
const (
	// BoundChain: every unit's steps back to back, each on the team that
	// would do it fastest, travel included, as if no unit waited for a
	// team. It binds when there are many teams for few units.
	BoundChain = "chain"
	// BoundNTS, BoundTS and BoundClearance: the team classes of one step
	// kind, with the other steps of each unit as the least time before
	// (survey) and after (clearance) it. The step kind named is the
	// bottleneck.
	BoundNTS       = "NTS"
	BoundTS        = "TS"
	BoundClearance = "clearance"
	// BoundCoupled: technical survey and clearance together, the weight
	// of each unit shared between the two (see LowerBound). Both stages
	// are loaded, so neither alone explains the plan's length.
	BoundCoupled = "TS+clearance"
)

// LowerBound returns a lower bound on the cost Σ Risk × C (C: the working day
// a unit's last step ends) of every feasible schedule of the units on the
// teams, with the policy and travel speed of cfg (nil means defaults),
// whatever the order, the assignment of steps to teams or the idle time. It
// is the Bound of every [Plan] of the same input; a Plan's Gap is measured
// against it. Input errors are those of [Schedule]. Zero units give 0.
//
// # Model
//
// A job is a step s of unit u on a team k able to do s; it keeps the team
// busy for p_uk = a_u^s / r_k + t_uk working days (a_u^s the area the step
// processes, r_k the team's m² per day, t_uk its travel from its base), and
// starts no earlier than the end of u's previous step. Teams of one step
// kind with the same productivity and the same base form a class c: n_c
// teams of rate r_c, capacity R_c = n_c r_c. Write e_uc = r_c p_uc for the
// job's "area with travel" on class c, d_u^s = min_c p_uc for its least
// duration and H_u^s for the sum of the least durations of u's earlier
// steps, the earliest the step can start.
//
// The bound is the largest of the relaxations below; each is a lower
// bound on every schedule, so their maximum is one. [Plan].BoundBy names the
// one that gave it.
//
// # Chain bound
//
// Every unit ends no earlier than its steps back to back on their fastest
// teams: C_u ≥ Σ_s d_u^s, so cost ≥ Σ_u Risk_u Σ_s d_u^s.
//
// # Stage relaxation (one step kind, team classes)
//
// Fix a step kind s and weights ω_u ≥ 0, μ_u ≥ 0 for the units with a step s.
// For a schedule, let C_u^s be when u's step s ends and D_u^s = p_uk its
// duration. We bound Σ_u (ω_u C_u^s + μ_u D_u^s) from below. Describe the
// schedule as a fluid: while team k of class c does job u over [S, C], the
// job "uses" z_uc(t) = r_c of the class; in all, e_uc. Then
//
//   - Σ_u z_uc(t) ≤ R_c at every t (a team does one job at a time),
//   - Σ_c ∫ z_uc(t) dt / e_uc = 1 (the job is done once, by one class),
//   - z_uc(t) = 0 for t < H_u^s (the job starts after its earlier steps),
//
// and, since z is r_c on [C − e_uc/r_c, C], both completion and duration are
// linear in z: ω_u C_u^s + μ_u D_u^s = Σ_c ∫ z_uc(t) [ω_u t / e_uc +
// ω_u / (2 r_c) + μ_u / r_c] dt (the mean of t over the interval is
// C − e_uc/(2 r_c)). So the linear program that minimises this over every z
// with those constraints is a relaxation: its value is at most the
// schedule's. It keeps what a pooled single machine loses: each job on one
// team of its class, not spread over all (the ω e/(2r) term), and travel
// from that class's base.
//
// Its dual: for any prices π_c(t) ≥ 0 (one per class and day) and
//
//	λ_u = min over c and t ≥ H_u^s of  ω_u (t + e_uc/(2 r_c)) + μ_u e_uc/r_c + e_uc π_c(t),
//
// every z satisfying the constraints has cost ≥ Σ_u λ_u − Σ_c R_c ∫ π_c(t) dt
// (weak duality: integrate λ_u/e_uc − π_c(t) ≤ the cost per unit of z_uc
// against z, then use Σ_u z_uc ≤ R_c and π ≥ 0). So that value bounds every
// schedule, whatever the prices; good prices make it close to the LP's
// value. The prices used are those of a fluid schedule (π_c(t) = ∫_t^∞ of
// the density ω/e of what class c processes at each later time, convex and
// decreasing, which makes the minimum over t exact by a binary search):
// a greedy one that sends each job, in decreasing ω/e, to the class where
// it would end first, and the pooled one (all classes as one machine of
// capacity Σ R_c, jobs in decreasing ω/min_c e, the same prices for every
// class). The larger of the two dual values counts. With one class of
// identical teams the pooled prices are optimal: the relaxation then gives
// Σ ω (M_u + e_u/(2r)) in Smith's order, Eastman, Even and Isaacs's bound
// for identical parallel machines, above the single fast machine's.
//
// # Coupled stages (a Lagrangian relaxation)
//
// Every schedule satisfies C_u^{s'} ≥ C_u^s + D_u^{s'} for consecutive steps
// s, s' of a unit. Multiply each by β_u^{ss'} ≥ 0 and add to the cost: for
// 0 = b_0 ≤ b_1 ≤ … ≤ b_L = 1 (L the unit's number of steps, b_i Risk_u the
// multiplier of its i-th precedence),
//
//	Risk_u C_u ≥ Σ_i Risk_u [(b_i − b_{i−1}) C_u^{s_i} + b_{i−1} D_u^{s_i}],
//
// and the right side splits by step kind. Summing the stage relaxations
// with ω_u = (b_i − b_{i−1}) Risk_u and μ_u = b_{i−1} Risk_u bounds the
// cost. b = (1, 1) puts the whole weight on the first step (the NTS stage
// bound, later steps as tails d_u^s), b = (0, 1) on TS and b = (0, 0) on
// clearance; b = (0, θ) shares a unit's weight between TS (θ) and
// clearance (1 − θ), with clearance durations charged θ on the classes
// clearance can really use. The bound tries the three stages and a few θ.
//
// # Cost
//
// O(n log n + n·C·log n) per relaxation tried (n units, C classes of a step
// kind), about a dozen of them. No units give 0.
func LowerBound(units []Unit, teams []Team, cfg *Config) (float64, error) {
	var c Config
	if cfg != nil {
		c = *cfg
	}
	if err := validateUnits(units); err != nil {
		return 0, err
	}
	if err := validateTeams(teams); err != nil {
		return 0, err
	}
	if err := c.Policy.Validate(); err != nil {
		return 0, err
	}
	km, err := travelSpeed(c.TravelKmPerDay)
	if err != nil {
		return 0, err
	}
	all := expandTeams(teams)
	m, err := newModel(units, all, c.Policy, km, true)
	if err != nil {
		return 0, err
	}
	lb, _ := m.lowerBound(all, boundAll)
	return lb, nil
}

// travelSpeed returns Config.TravelKmPerDay with its default, or a
// TeamError if it is negative, NaN or infinite.
func travelSpeed(km float64) (float64, error) {
	if km == 0 {
		km = DefaultTravelKmPerDay
	}
	if !(km > 0) || math.IsInf(km, 1) {
		return 0, &TeamError{Index: -1, Field: "Config.TravelKmPerDay", Err: ErrInvalid}
	}
	return km, nil
}

// HorizonBound returns an upper bound on the risk any feasible schedule can
// release (units whose last step ends) within the first horizonDays working
// days. Write a_u^s for the area unit u's step s processes, r_s for the
// fastest team able to do s and R_s for the summed productivity of those
// teams. A unit can only be released if its chain P_u = Σ_s a_u^s / r_s ≤
// horizonDays (travel only adds time); and for each step kind s the step-s
// areas of the released units fit in R_s (horizonDays − h), the capacity of
// the teams of s after the earliest start h of a step s among those units.
// Each constraint alone is a knapsack whose fractional relaxation (solved
// exactly by the density order) bounds the released risk; the bound is the
// least of them. Cost: O(n log n). It panics if horizonDays is negative or
// NaN.
func HorizonBound(units []Unit, teams []Team, pol *Policy, horizonDays float64) (float64, error) {
	if !(horizonDays >= 0) {
		panic("planning: HorizonBound: horizonDays must be ≥ 0")
	}
	if err := validateUnits(units); err != nil {
		return 0, err
	}
	if err := validateTeams(teams); err != nil {
		return 0, err
	}
	if err := pol.Validate(); err != nil {
		return 0, err
	}
	m, err := newModel(units, expandTeams(teams), pol, 1, false)
	if err != nil {
		return 0, err
	}
	return m.horizonBound(horizonDays), nil
}

// horizonBound returns the upper bound on the risk released by the horizon
// (see HorizonBound; 0 when horizon ≤ 0). It uses areas and rates only,
// not travel.
func (m *model) horizonBound(horizon float64) float64 {
	if horizon <= 0 {
		return 0
	}
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
	riskUB := math.Inf(1)
	cand := 0.0 // risk of units whose chain fits the horizon
	for u := range m.n {
		if chain[u] <= horizon {
			cand += m.w[u]
		}
	}
	idx := make([]int, 0, m.n)
	for s := NTS; s <= Clearance; s++ {
		idx = idx[:0]
		for u := range m.n {
			if area[4*u+int(s)] > 0 && chain[u] <= horizon {
				idx = append(idx, u)
			}
		}
		if len(idx) == 0 {
			continue
		}
		slices.SortStableFunc(idx, func(a, b int) int {
			// Risk/area decreasing, compared as cross products.
			return cmp.Compare(m.w[b]*area[4*a+int(s)], m.w[a]*area[4*b+int(s)])
		})
		hmin := math.Inf(1)
		for _, u := range idx {
			hmin = min(hmin, head(u, s))
		}
		free := 0.0 // candidates without a step s are not limited by it
		for u := range m.n {
			if chain[u] <= horizon && area[4*u+int(s)] == 0 {
				free += m.w[u]
			}
		}
		ub := 0.0
		capacity := pooled[s] * max(horizon-hmin, 0)
		for _, u := range idx { // in density order
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
	return min(riskUB, cand)
}
