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
// whatever the order, the assignment of steps to teams or the idle time,
// and whatever the tiers (Unit.Tier): it relaxes them, and honours the
// land rules (Config.LandRules: a job has no class its method is forbidden
// on) and the closures (Unit.Closures, Team.Closures: no work in them). It
// is the Bound of every [Plan] of the same input; a Plan's Gap is measured
// against it. Input errors are those of [Schedule]. No units give 0.
//
// # Model
//
// A job is a step s of unit u on a team k able to do s; it keeps the team
// busy for p_uk = a_u^s / r_k + t_uk working days (a_u^s the area the step
// processes, r_k the team's m² per day, t_uk its travel from its base to the
// unit's centre), and starts no earlier than the end of u's previous step.
// Teams of one step kind with the same productivity and the same base form
// a class c: n_c teams of rate r_c, capacity R_c = n_c r_c. Write
// e_uc = r_c p_uc for the job's area with travel on class c, d_u^s = min_c
// p_uc for its least duration and H_u^s for the sum of the least durations
// of u's earlier steps: the step cannot start before H_u^s.
//
// The bound is the largest of the relaxations below; each is a lower bound
// on every schedule, so their maximum is one. [Plan].BoundBy names the one
// that gave it.
//
// # Chain bound
//
// Every unit ends no earlier than its steps back to back on their fastest
// teams: C_u ≥ Σ_s d_u^s, so cost ≥ Σ_u Risk_u Σ_s d_u^s.
//
// # Stage relaxation (one step kind, its team classes)
//
// Fix a step kind s and weights ω_u ≥ 0, μ_u ≥ 0 for the units with a step s.
// For a schedule, let C_u^s be when u's step s ends and D_u^s = p_uk its
// duration on the team k that does it. We bound Σ_u (ω_u C_u^s + μ_u D_u^s)
// from below. Describe the schedule as a fluid: while team k of class c does
// job u over [S, C], the job uses z_uc(t) = r_c of the class, e_uc in all.
// Then
//
//   - Σ_u z_uc(t) ≤ R_c at every t (a team does one job at a time),
//   - Σ_c ∫ z_uc(t) dt / e_uc = 1 (the job is done once, by one class),
//   - z_uc(t) = 0 for t < H_u^s (the job starts after its earlier steps),
//
// and, since z_uc is r_c on [C − e_uc/r_c, C] (whose mean time is
// C − e_uc/(2 r_c)), ω_u C_u^s + μ_u D_u^s = Σ_c ∫ z_uc(t) [ω_u t / e_uc +
// ω_u / (2 r_c) + μ_u / r_c] dt: linear in z. So the linear program that
// minimises this sum over every z with those constraints has a value at
// most the schedule's. Unlike a single machine of speed Σ R_c, it keeps
// each job on one team of one class (the ω e/(2r) term: the job's own half
// duration) and charges the travel from that class's base.
//
// For any prices π_c(t) ≥ 0 (per class and day) let
//
//	λ_u = min over c and t ≥ H_u^s of  ω_u (t + e_uc/(2 r_c)) + μ_u e_uc/r_c + e_uc π_c(t).
//
// Then λ_u/e_uc − π_c(t) is at most the cost per unit of z_uc at every t ≥
// H_u^s; integrating against any feasible z and using Σ_u z_uc ≤ R_c and
// π ≥ 0 gives cost ≥ Σ_u λ_u − Σ_c R_c ∫ π_c(t) dt (LP weak duality). So
// that value bounds every schedule, whatever the prices; good prices bring
// it close to the program's value. The prices used are those of two fluid
// schedules from the earliest H (π_c(t) = ∫_t^∞ of the density ω/e of what
// class c processes later: convex and decreasing, so the minimum over t
// is found exactly): a greedy one that sends each job, in decreasing ω/min
// e, to the class where it would cost least and then processes each
// class's jobs in decreasing ω/e; and a pooled one, all classes one
// machine of capacity Σ R_c processing the jobs in decreasing ω/min e,
// with the same prices in every class. The larger value counts. For one
// class of identical teams and equal heads the pooled prices are optimal
// and the value is Σ ω (M_u + e_u/(2r)), M_u the mean time of u in the
// fluid machine's Smith order: Eastman, Even and Isaacs's bound for
// identical parallel machines.
//
// # Coupled stages (a Lagrangian relaxation)
//
// Let s_1, …, s_L be a unit's steps and 0 = b_0 ≤ b_1 ≤ … ≤ b_L = 1. Since
// C^{s_{i+1}} − C^{s_i} − D^{s_{i+1}} ≥ 0 (a step starts after the one
// before it ends),
//
//	C_u = C^{s_L} ≥ C^{s_L} − Σ_{i<L} b_i (C^{s_{i+1}} − C^{s_i} − D^{s_{i+1}})
//	    = Σ_i [(b_i − b_{i−1}) C^{s_i} + b_{i−1} D^{s_i}],
//
// and the right side splits by step kind: summing the stage relaxations
// with ω_u = (b_i − b_{i−1}) Risk_u and μ_u = b_{i−1} Risk_u for u's i-th
// step bounds the cost. b = (1, 1) puts the whole weight on a unit's first
// step (its later steps count as durations: the NTS stage bound with
// tails), b = (0, 1) on TS and b = (0, 0) on clearance (earlier steps as
// heads); b = (0, θ) shares the weight between TS (θ) and clearance
// (1 − θ), the clearance durations charged θ on the classes that clearance
// can really use: this binds when both stages are loaded. The multipliers
// are any unit's own: the bound tries the three stages, five values of θ
// around 0.9 for every unit, and θ = 0.2 and θ = 0.35 for the first 5% of
// units by Smith's ratio (the others wholly on clearance, b = (0, 0)): the
// first units wait for survey, the others for clearance teams.
//
// # Land rules, tiers and closures
//
// A land rule changes p_uk (a factor on the rate) or forbids the job on
// team k; classes then also share a method, and a class forbidden for a
// job is left out of the minimum that defines λ_u (in the program, z_uc
// = 0 there), which keeps every step above valid. A unit's closures
// (Unit.Closures) hold its work: its steps back to back pause through
// them in the chain bound, and so do the heads H_u^s (no step starts
// before its earlier steps' least durations, worked outside the unit's
// closures, are done); a job that pauses still has its mean processing
// time at most C − D/2, so the stage relaxations hold as written. Tiers,
// budgets and the survey lead (Config.SurveyLeadDays) only remove
// schedules; the bound ignores them, so it stays a lower bound on the cost
// of the schedules they allow.
//
// # Team closures
//
// A closed team does no work (its job pauses), so in the fluid program the
// capacity of class c at t is R_c(t) = Σ of the rates of its teams open at
// t, not R_c: Σ_u z_uc(t) ≤ R_c(t). The dual argument above goes through
// with R_c(t) in place of R_c, so for the same prices and the same λ_u
//
//	cost ≥ Σ_u λ_u − Σ_c ∫ R_c(t) π_c(t) dt
//	     = [the value without closures] + Σ_c Σ_{k ∈ c} r_k ∫_{k closed} π_c(t) dt:
//
// each closed span of team k of class c adds r_k times the integral of the
// class's price over it (of the pooled price, for the pooled prices). The
// prices are still those of the fluid schedules at full capacity: any
// prices give a valid bound. A job that pauses for its team still has its
// mean processing time at most C − D/2, as for unit closures.
//
// # Unit closures: the least pause
//
// A job pauses through its unit's closures and keeps its team meanwhile.
// What follows is for a class whose teams have no closures (else their
// capacity would be counted twice: the closures above take it, and so
// would the pause); the other classes keep e_uc. Let the unit's closures (working-day spans, ClosureYears of a yearly
// one) end at T_u, every open stretch before T_u (between two closures,
// or before the first) last at most O_u and every closure at least L_u.
// A job of D working days on class c that ends by T_u works in at least
// ⌈D/O_u⌉ open stretches, so it pauses P ≥ L_u (⌈D/O_u⌉ − 1) and keeps
// its team over an interval of length E = C − S ≥ D' = D + P. Describe it
// in the fluid by its team's occupation, r_c over [S, C], scaled by D'/E:
// it uses r_c D' = e'_uc of the class, at most r_c at a time, from S ≥ H on,
// and its mean time is (S + C)/2 ≤ C − D'/2. The precedence multipliers
// of the coupled relaxation hold with E in place of D (the next step
// starts after C, so C^next − C − E^next ≥ 0), and μ E ≥ μ D'. So a job
// that ends by T_u is a job of area e'_uc and duration D' in the stage
// relaxation; one that ends after T_u costs at least ω T_u + μ d_u^s.
// Both are relaxations of the same schedule, so for each such unit the
// dual value may take λ_u = max(λ_u without pauses, min(λ'_u, ω T_u + μ
// d_u^s)), λ'_u the minimum that defines λ_u with e'_uc for e_uc.
//
// # Logistics
//
// With Config.Logistics a job's travel is from the team's camp of that
// job, and a job may start with a move. Every camp a team can ever work
// from is its base, a forward camp or a fly camp at a unit v that no base
// or forward camp is within some team's commute limit of; so t_uk is taken
// as the least distance from u to the team's base, a forward camp or such
// a v, over the travel speed, which is at most the job's real travel, and
// a move adds days ≥ 0. Each p_uk is then at most every real duration of
// the job, and every relaxation above, which only needs p_uk to be a
// lower bound on the job's duration, still bounds every schedule.
//
// # Positions
//
// With Config.Positions a class's t_uk is also at most the distance from
// the position (TeamPosition.At) of any of its teams without a commute
// limit to u, over the travel speed (that team's first job is charged from
// there), and the fly camps teams with a limit start at count among the
// camps above. A team free only later (TeamPosition.FreeFrom)
// is taken as free at the start, which only lowers the bound.
//
// # Cost
//
// O(n·C·log n) to sort each class's jobs once (n units, C classes of a step
// kind), then O(n·C) for each of the eight relaxations with one θ
// (O(n·C·log n) when units with different sequences of steps share a stage
// unequally), O(n·C·log n) for each of the two with the first units
// apart, plus O(log n) per closed span of a team (ClosureYears spans for a
// yearly closure). The
// bound holds in exact arithmetic; computed, it may exceed the optimum by
// rounding, and [Schedule] lowers to the cost a bound above it by that
// only.
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
	if err := checkLimits(units, teams, &c); err != nil {
		return 0, err
	}
	km, err := travelSpeed(c.TravelKmPerDay)
	if err != nil {
		return 0, err
	}
	rules := c.landRulesOf()
	if err := ValidateLandRules(rules); err != nil {
		return 0, err
	}
	c.Calendar.Start = StartOrToday(c.Calendar.Start)
	if err := c.Calendar.Validate(); err != nil {
		return 0, err
	}
	if err := c.Logistics.Validate(); err != nil {
		return 0, err
	}
	all := expandTeams(teams)
	lg := newLogModel(units, all, teams, c.Logistics, km)
	table := newWorkTable(&c.Calendar)
	pos, err := newPosModel(&c, units, all, lg, table, km)
	if err != nil {
		return 0, err
	}
	m, err := newGroundModel(units, all, c.Policy, km, true, ground{rules: newLandRules(rules), table: table, lg: lg, pos: pos})
	if err != nil {
		return 0, err
	}
	lb, _ := m.boundModel().lowerBound(all, boundAll)
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
	if err := checkLimits(units, teams, &Config{Policy: pol}); err != nil {
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
			// The fastest pace on any land: a land factor above 1 speeds
			// a team up, and the bound must allow it.
			fastest[s] = max(fastest[s], m.peak[k])
			pooled[s] += m.peak[k]
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
