package planning

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/landrelease/clearance/geo"
)

// Defaults for [Config].
const (
	// DefaultTravelKmPerDay is the straight-line distance a team covers in
	// a working day when moving to a job: about 4 hours on rural roads at
	// 50 km/h, with roads 1.3 times longer than the straight line.
	DefaultTravelKmPerDay = 150.0
	// DefaultBudget is the local improvement budget, in team look-ups (one
	// look-up is one team considered for one step while evaluating an
	// order). It keeps 10,000 units and 50 teams well under a second.
	DefaultBudget = 20_000_000
)

// Config holds the settings of [Schedule]. The zero value (and a nil
// *Config) means every default.
type Config struct {
	// Policy gives the release rates; nil means DefaultRates everywhere.
	Policy *Policy
	// Calendar says when teams work and where the plan starts.
	Calendar Calendar
	// TravelKmPerDay is the straight-line distance a team covers in a
	// working day when it moves to a job; 0 means DefaultTravelKmPerDay.
	TravelKmPerDay float64
	// Horizon, if not zero, switches to horizon mode: the plan maximises
	// the risk released before the start of this date (the best use of
	// the teams until then), then the cost. For "the next N months" use
	// Calendar.Start.AddDate(0, N, 0).
	Horizon time.Time
	// Budget bounds local improvement, in team look-ups (see
	// DefaultBudget); 0 means DefaultBudget and a negative value turns
	// local improvement off (the ratio rule's order is kept, scheduled
	// with the default pick share). The budget is
	// a count, never a clock, so plans do not depend on machine speed.
	Budget int
	// Order, if not nil, is the starting priority order instead of the
	// ratio rule's: a permutation of the unit indices (for example an
	// authority's ranking). With a negative Budget it is kept as is. Tiers
	// (Unit.Tier) come first: the order is sorted by tier, stably, and
	// local improvement never swaps units of different tiers.
	Order []int
	// Baseline, if not nil, is a plan of the same units with the same
	// Config but fewer teams: its teams (Plan.Teams, one by one) must all
	// be among these, in the same order, with the same method,
	// productivity and base; more teams may stand anywhere between them.
	// The plan returned then never releases the last hectare later than
	// Baseline: if the schedule found would (list scheduling has Graham's
	// anomalies, so a plan made with more teams can end later than one
	// made with fewer), Schedule keeps Baseline's order and assignments,
	// the added teams idle, and reports this plan's own bound and gap.
	// This is how to compare team sets ("what if we add four teams?") with
	// the guarantee that more teams never delay the last release.
	Baseline *Plan
	// SurveyLeadDays paces survey to clearance: a unit that is surveyed
	// and then cleared starts its survey no earlier than this many working
	// days before a clearance team able to work it is free, so surveyed
	// land does not wait years for clearance (and survey findings stay
	// fresh). 0 means no pacing: survey as early as teams allow.
	SurveyLeadDays float64
	// Costs price the work and cap what the plan commits each calendar
	// year (see Costs); nil means no prices and no cap. With a cap a job
	// waits for the first year that can pay for it.
	Costs *Costs
	// LandRules say which methods may work which land (Unit.Land) and at
	// what pace. Nil means DefaultLandRules(); a non-nil empty slice means
	// no rule. A plan never gives a step to a team whose method a rule
	// forbids on the unit's land.
	LandRules []LandRule
	// Logistics, if not nil, moves teams between camps: a team whose next
	// unit is beyond its daily commute limit from its camp first moves to
	// a camp near the unit, at a cost in days (see Logistics). Nil with
	// no Team.CommuteKm (or no commute limit at all) means every job is
	// charged the travel from the team's base.
	Logistics *Logistics
	// Positions say where teams stand and when they are free at the start
	// (a re-plan's teams, see TeamPosition and Positions); nil means every
	// team at its base (or with logistics camped there) and free at the
	// start.
	Positions []TeamPosition

	// draw marks one of Simulate's runs: Schedule computes no bound, and
	// with a negative Budget records the ratio rule's (or Order's) plan
	// without evaluating it first.
	draw bool
	// unitsValid says the caller has checked the units (validateUnits):
	// Simulate, once for all its runs.
	unitsValid bool
}

// landRulesOf returns the rules a Config applies.
func (c *Config) landRulesOf() []LandRule {
	if c.LandRules == nil {
		return DefaultLandRules()
	}
	return c.LandRules
}

// Job is one step of one unit done by one team.
type Job struct {
	// Team is the index of the team in Plan.Teams.
	Team     int
	TeamName string
	// Unit is the index of the unit in the slice given to Schedule.
	Unit   int
	UnitID string
	Step   StepKind
	// AreaM2 is the area the job processes; ReleasedM2 what it is
	// expected to release (cancel, reduce or clear), in m².
	AreaM2, ReleasedM2 float64
	// TravelDays is the part of the job spent getting there, in working
	// days; the work itself follows it.
	TravelDays float64
	// Camp is the index in Plan.Camps of the camp the team works the job
	// from, −1 without logistics (Config.Logistics) or for a team without
	// a base.
	Camp int
	// Moved is true when the team moved to Camp for this job, and
	// RelocationDays the working days the move took (set-up days and the
	// drive between the camps), spent before the travel.
	Moved          bool
	RelocationDays float64
	// Cost is the job's price under Config.Costs (0 without a cap).
	Cost float64
	// PausedDays is the time, in working days, the job stands still
	// between StartDay and EndDay for closures of its unit or its team.
	PausedDays float64
	// StartDay and EndDay are the job's bounds in working days from the
	// plan's start, travel included.
	StartDay, EndDay float64
	// Start is when the job begins (travel first) and End the earliest
	// instant at which it is done, in the calendar's location. A job that
	// ends with a whole working day has End at the midnight that ends that
	// day, so End's own date is the day after (a Saturday after a Friday);
	// LastWorkDayOf(Start, End) is the job's last working day, the date the
	// reports print.
	Start, End time.Time
}

// UnitPlan is what a plan does with one unit.
type UnitPlan struct {
	// Unit is the index of the unit in the slice given to Schedule.
	Unit int
	ID   string
	// Rank is the unit's 0-based position in the plan's priority order.
	Rank int
	// Risk and AreaM2 are the unit's.
	Risk, AreaM2 float64
	// Outcome is the expected area cancelled, reduced and cleared.
	Outcome Outcome
	// ReleaseDay is the working day (from the plan's start) on which the
	// unit's last step ends and its risk is removed: 0 for a unit of zero
	// area. Release is the same instant as a date.
	ReleaseDay float64
	Release    time.Time
}

// Plan is a schedule of every step of every unit, with its cost, a lower
// bound on the cost of any schedule, and the gap between the two.
type Plan struct {
	// Start is the first working day of the plan (midnight, calendar's
	// location): working day 0 begins then.
	Start time.Time
	// Teams lists the teams one by one (Count expanded), in input order.
	Teams []Team
	// Units has one entry per input unit, in input order.
	Units []UnitPlan
	// Order lists unit indices in priority order (Rank 0 first).
	Order []int
	// Jobs lists every job, grouped by team (in team order), each team's
	// jobs in time order. See TeamJobs.
	Jobs []Job
	// Cost is Σ Risk × ReleaseDay over units, in risk × working days.
	Cost float64
	// Bound is a lower bound on the cost of every feasible schedule of
	// these units with these teams (see LowerBound).
	Bound float64
	// BoundBy names the relaxation that gave Bound: BoundChain, BoundNTS,
	// BoundTS, BoundClearance or BoundCoupled (empty when Bound is 0). A
	// stage name says which step kind's teams limit every schedule most;
	// a large Gap with BoundChain says there are teams to spare.
	BoundBy string
	// Gap is (Cost − Bound) / Bound: the plan is at most this fraction
	// above the optimum. It is 0 when both are 0.
	Gap float64
	// InitialCost is the cost of the ratio rule's order before local
	// improvement (with the default pick share); Evaluations counts the
	// orders local improvement's swaps tried.
	InitialCost float64
	Evaluations int
	// TotalRisk and TotalAreaM2 sum the units.
	TotalRisk, TotalAreaM2 float64
	// LastReleaseDay is the largest ReleaseDay, and LastRelease the
	// instant it ends: when the last hectare is released. LastRelease is
	// usually the midnight that ends the last working day, so its own date
	// is the day after; print LastWorkDay instead.
	LastReleaseDay float64
	LastRelease    time.Time
	// SurveyWaitMean and SurveyWaitMax are the mean and the longest wait,
	// in working days, between the end of a unit's survey and the start
	// of its clearance, over the units that have both (0 if none): what
	// Config.SurveyLeadDays bounds.
	SurveyWaitMean, SurveyWaitMax float64
	// Spend is what the plan commits each calendar year from its start
	// to its last paying year, with a capped Config.Costs; nil otherwise.
	Spend []YearSpend
	// SurveyLeadDays is the plan's Config.SurveyLeadDays.
	SurveyLeadDays float64
	// Due reports every unit with a due date (Unit.Due), in unit order.
	Due []DueResult
	// LandRules are the rules the plan applied (Config.LandRules or the
	// defaults), for reports.
	LandRules []LandRule
	// Camps are the camps the plan's jobs are worked from (Job.Camp), with
	// logistics on (Config.Logistics with a commute limit; nil otherwise):
	// the teams' bases first, in team order, then the forward camps, then
	// the fly camps in the order they are first used. Moves counts the
	// jobs that start with a move (Job.Moved) and RelocationDays sums
	// their moves.
	Camps          []Camp
	Moves          int
	RelocationDays float64
	// HorizonDay is the horizon in working days from the start (0 without
	// a horizon); HorizonRisk the risk of the units released by then, and
	// HorizonRiskBound an upper bound on what any schedule could release by
	// then (see HorizonBound).
	HorizonDay       float64
	HorizonRisk      float64
	HorizonRiskBound float64

	// share is the pick share the schedule was made with (see
	// altShares): a baseline's schedule is replayed with it.
	share float64

	teamStart []int // Jobs[teamStart[k]:teamStart[k+1]] are team k's
	// For one of Simulate's draws (see record): its jobs instead of Jobs,
	// grouped as Jobs, and its units' release days instead of Units.
	draws   []drawJob
	drawDay []float64
	flyCamp map[int32]int // while recording: a fly camp's index in Camps
	table   *workTable
}

// TeamJobs returns the jobs of team k (an index into Teams) in time order,
// as a sub-slice of Jobs. It panics if k is out of range.
func (p *Plan) TeamJobs(k int) []Job {
	if k < 0 || k >= len(p.Teams) {
		panic("planning: TeamJobs: team index out of range")
	}
	return p.Jobs[p.teamStart[k]:p.teamStart[k+1]:p.teamStart[k+1]]
}

// LastWorkDay returns the date of the plan's last working day, the day
// the last hectare is released: midnight starting that day, in the
// calendar's location. It is LastWorkDayOf(Start, LastRelease): the day
// before LastRelease when LastRelease is the midnight ending a working
// day, LastRelease's own day when the work ends within it, and Start for a
// plan without work. Cost: O(1).
func (p *Plan) LastWorkDay() time.Time { return LastWorkDayOf(p.Start, p.LastRelease) }

// mstep is one step of a unit inside the model.
type mstep struct {
	kind     StepKind
	area     float64
	released float64
	dur      int32 // index into model.dur of this step's first duration
}

// model is the scheduling instance: units as chains of steps, and for each
// step the duration on each team able to do it.
type model struct {
	n         int
	w         []float64 // risk per unit
	stepStart []int32   // steps of unit u: steps[stepStart[u]:stepStart[u+1]]
	steps     []mstep
	teamsOf   [4][]int32 // teams able to do each step kind, in team order
	rate      []float64  // per team, m²/day
	peak      []float64  // per team, its fastest pace on any land, m²/day
	dur       []float64  // per step, per class of its kind (see cls): travel + work; +Inf where land rules forbid
	// cls[kind][i] is the duration class of team teamsOf[kind][i]: teams
	// of one method, rate and base have the same durations everywhere,
	// so a step stores one duration per class (ncls[kind]), not per team.
	cls    [4][]int32
	ncls   [4]int
	kinds  []uint8 // per unit, bit set of its step kinds
	tier   []int   // per unit, its tier's rank (Unit.Tier, 0 last)
	tiered bool    // some unit has a tier
	// Closed periods in working days, per team and per unit; nil without
	// closures.
	tclosed, uclosed [][]span
	lead             float64 // Config.SurveyLeadDays; 0 = none
	bud              *budget // nil without a capped budget
	// Pick classes (see pickClass): pc lists them, pcls[kind] those of a
	// step kind, pcOf[k] team k's, heap0 their heaps at the start.
	pc    []pickClass
	pcls  [4][]int32
	pcOf  []int32
	heap0 []int32
	// lg is the teams' logistics, nil without (see Logistics). With it,
	// dur holds each step's least duration on a class (the work and the
	// least travel any camp allows: the bound's), work the work alone,
	// and pick adds the travel and the move from the team's camp.
	lg   *logModel
	work []float64
	// pos is the teams' positions, nil without (see TeamPosition); with
	// it, work is kept too.
	pos *posModel
	// share is the pick share of the schedule: pickShare, or one of
	// altShares that local improvement chose (see Schedule).
	share float64
}

// ground is what, beyond the units and teams, constrains the model: land
// rules and closures (which need the calendar's table).
type ground struct {
	rules *landRules
	table *workTable
	lg    *logModel
	pos   *posModel
}

// tierRank orders tiers: 1, 2, … first, no tier (0) last.
func tierRank(t int) int {
	if t == 0 {
		return math.MaxInt
	}
	return t
}

// newModel builds the model. With travel false every travel is 0 (the
// bound's relaxation). It returns a UnitError wrapping ErrNoTeam if a unit
// needs a step no team can do.
func newModel(units []Unit, teams []Team, pol *Policy, kmPerDay float64, travel bool) (*model, error) {
	return newGroundModel(units, teams, pol, kmPerDay, travel, ground{})
}

// newGroundModel is newModel with land rules (a step's duration on a team
// is its area over the team's rate times the land factor, +Inf where a
// rule forbids the method) and, with a table, the closures of units and
// teams. A unit whose step every team is forbidden is a UnitError
// wrapping ErrNoTeam.
func newGroundModel(units []Unit, teams []Team, pol *Policy, kmPerDay float64, travel bool, g ground) (*model, error) {
	m := &model{n: len(units), w: make([]float64, len(units)), stepStart: make([]int32, len(units)+1),
		rate: make([]float64, len(teams)), peak: make([]float64, len(teams)), kinds: make([]uint8, len(units)),
		tier: make([]int, len(units)), lg: g.lg, pos: g.pos, share: pickShare}
	keepWork := m.lg != nil || m.pos != nil
	for k := range teams {
		m.rate[k] = teams[k].Rate()
		m.peak[k] = m.rate[k] * g.rules.maxFactor(teams[k].Method)
		if g.table != nil && len(teams[k].Closures) > 0 {
			if m.tclosed == nil {
				m.tclosed = make([][]span, len(teams))
			}
			m.tclosed[k] = g.table.spans(teams[k].Closures)
		}
		for s := NTS; s <= Clearance; s++ {
			if teams[k].Method.Does(s) {
				m.teamsOf[s] = append(m.teamsOf[s], int32(k))
			}
		}
	}
	// Duration classes: the first team of each (method, rate, base).
	var rep [4][]int32 // a team of each class
	for s := NTS; s <= Clearance; s++ {
		for _, k := range m.teamsOf[s] {
			c := slices.IndexFunc(rep[s], func(r int32) bool { return sameDurations(&teams[r], &teams[k]) })
			if c < 0 {
				c = len(rep[s])
				rep[s] = append(rep[s], k)
			}
			m.cls[s] = append(m.cls[s], int32(c))
		}
		m.ncls[s] = len(rep[s])
	}
	// Size the steps and durations first: grown by append, their copies
	// cost more than this pass (a national plan has millions of durations).
	ns, nd := 0, 0
	for i := range units {
		st, n := pol.steps(&units[i])
		ns += n
		for _, s := range st[:n] {
			nd += len(rep[s.Kind])
		}
	}
	// Classes of one base have the same travel to a unit: computed once
	// per unit and base (baseOf[kind][class] indexes bases, −1 without a
	// base; travelTo holds unit travelAt[b]'s travel from base b).
	var bases []geo.XY
	var baseOf [4][]int
	for s := NTS; s <= Clearance; s++ {
		for _, k := range rep[s] {
			b := -1
			if teams[k].Base != nil {
				if b = slices.Index(bases, *teams[k].Base); b < 0 {
					b, bases = len(bases), append(bases, *teams[k].Base)
				}
			}
			baseOf[s] = append(baseOf[s], b)
		}
	}
	travelTo, travelAt := make([]float64, len(bases)), make([]int, len(bases))
	for b := range travelAt {
		travelAt[b] = -1
	}
	m.steps = make([]mstep, 0, ns)
	m.dur = make([]float64, 0, nd)
	if m.lg != nil {
		m.work = make([]float64, 0, nd)
	}
	for i := range units {
		u := &units[i]
		m.w[i] = u.Risk
		m.tier[i] = tierRank(u.Tier)
		m.tiered = m.tiered || u.Tier != 0
		if g.table != nil && len(u.Closures) > 0 {
			if m.uclosed == nil {
				m.uclosed = make([][]span, len(units))
			}
			m.uclosed[i] = g.table.spans(u.Closures)
		}
		st, n := pol.steps(u)
		for _, s := range st[:n] {
			if len(m.teamsOf[s.Kind]) == 0 {
				return nil, &UnitError{Index: i, ID: u.ID, Field: s.Kind.String(), Err: ErrNoTeam}
			}
			m.steps = append(m.steps, mstep{kind: s.Kind, area: s.AreaM2, released: s.ReleasedM2, dur: int32(len(m.dur))})
			m.kinds[i] |= 1 << s.Kind
			allowed := false
			for ci, k := range rep[s.Kind] {
				f := g.rules.factor(teams[k].Method, &u.Land, u.AreaM2)
				if f == 0 {
					m.dur = append(m.dur, math.Inf(1))
					if keepWork {
						m.work = append(m.work, math.Inf(1))
					}
					continue
				}
				allowed = true
				d := s.AreaM2 / (m.rate[k] * f)
				if keepWork {
					m.work = append(m.work, d)
				}
				switch {
				case !travel:
				case m.lg != nil && teams[k].Base != nil:
					d += m.lg.minTravel(*teams[k].Base, i)
				default:
					if b := baseOf[s.Kind][ci]; b >= 0 { // without a base, no travel
						if travelAt[b] != i {
							travelTo[b], travelAt[b] = teams[k].TravelDays(u.Centre, kmPerDay), i
						}
						d += travelTo[b]
					}
				}
				m.dur = append(m.dur, d)
			}
			if !allowed {
				return nil, &UnitError{Index: i, ID: u.ID, Field: s.Kind.String(),
					Err: fmt.Errorf("%w: the land rules forbid every team's method on %s", ErrNoTeam, u.Land)}
			}
		}
		m.stepStart[i+1] = int32(len(m.steps))
	}
	m.buildPick()
	if m.pos != nil && travel {
		m.pos.lowerDurations(m)
	}
	return m, nil
}

// sameDurations reports whether two teams take the same time for every
// step of every unit: same method (land rules), rate and base (travel).
func sameDurations(a, b *Team) bool {
	return a.Method == b.Method && a.Rate() == b.Rate() &&
		(a.Base == nil) == (b.Base == nil) && (a.Base == nil || *a.Base == *b.Base)
}

// row returns step st's durations, one per class of its kind.
func (m *model) row(st *mstep) []float64 {
	return m.dur[st.dur : int(st.dur)+m.ncls[st.kind]]
}

// durOf returns step st's duration on the i-th team of its kind.
func (m *model) durOf(st *mstep, i int) float64 {
	return m.dur[int(st.dur)+int(m.cls[st.kind][i])]
}

// restrict returns the model with only the teams k where use[k] is true;
// it returns nil if a step then has no team left. Durations are shared
// with m (classes keep their indices).
func (m *model) restrict(use []bool) *model {
	r := *m
	for kind := range r.teamsOf {
		r.teamsOf[kind], r.cls[kind] = nil, nil
		for i, k := range m.teamsOf[kind] {
			if use[k] {
				r.teamsOf[kind] = append(r.teamsOf[kind], k)
				r.cls[kind] = append(r.cls[kind], m.cls[kind][i])
			}
		}
	}
	for j := range r.steps {
		st := &r.steps[j]
		ok := false
		for i := range r.teamsOf[st.kind] {
			ok = ok || !math.IsInf(r.durOf(st, i), 1)
		}
		if !ok {
			return nil
		}
	}
	r.pc, r.pcls, r.pcOf, r.heap0 = nil, [4][]int32{}, nil, nil
	r.buildPick()
	return &r
}

// baselineTeams matches the baseline's teams, in order, to teams with the
// same method, productivity and base among all; it returns which of all
// the baseline uses.
func baselineTeams(b *Plan, units []Unit, all []Team, start time.Time) ([]bool, error) {
	if len(b.Units) != len(units) || !b.Start.Equal(start) {
		return nil, fmt.Errorf("%w: it plans %d units from %s, not %d units from %s",
			ErrBaseline, len(b.Units), b.Start.Format(time.DateOnly), len(units), start.Format(time.DateOnly))
	}
	for i := range units {
		if b.Units[i].ID != units[i].ID {
			return nil, fmt.Errorf("%w: its unit %d is %q, not %q", ErrBaseline, i, b.Units[i].ID, units[i].ID)
		}
	}
	same := func(a, c *Team) bool {
		return a.Method == c.Method && a.Rate() == c.Rate() &&
			(a.Base == nil) == (c.Base == nil) && (a.Base == nil || *a.Base == *c.Base)
	}
	use := make([]bool, len(all))
	k := 0
	for i := range b.Teams {
		for k < len(all) && !same(&b.Teams[i], &all[k]) {
			k++
		}
		if k == len(all) {
			return nil, fmt.Errorf("%w: its team %d (%q) is not among these teams, in order", ErrBaseline, i, b.Teams[i].Name)
		}
		use[k] = true
		k++
	}
	return use, nil
}

// place schedules the steps of unit u, in order, each on the team pick
// chooses (the least start + pickShare × duration, which for identical
// teams is the one that finishes it first); among equal teams, the one free
// the longest, then the lower index (this keeps identical teams free as
// early as possible, which makes adding a team harmless; see
// TestMoreTeamsNeverDelay). It updates free (the time each team is free).
// It returns the unit's completion and the number of team look-ups.
func (m *model) place(s *state, u int) (ready float64, looks int) {
	ready = m.surveyFloor(s, u)
	for j := m.stepStart[u]; j < m.stepStart[u+1]; j++ {
		st := &m.steps[j]
		c := m.pick(s, ready, st, u)
		if c.k < 0 {
			return math.Inf(1), looks // no year can pay: Schedule reports it
		}
		m.commit(s, c)
		ready = c.end
		looks += len(m.teamsOf[st.kind])
	}
	return ready, looks
}

// choice is a step placed on a team: when it starts and ends, and with
// costs the year that pays and what (year −1 without costs).
type choice struct {
	start, end float64
	k          int32
	year       int
	cost       float64
	// dur is the job's duration (travel and move included); with
	// logistics, camp is the team's camp for the job, travel and reloc its
	// travel and move in working days.
	dur           float64
	camp          int32
	travel, reloc float64
}

// commit records a choice in the state: the team is busy until its end
// (and moves down its class's heap, or to its place in its class with
// logistics), and its year pays.
func (m *model) commit(s *state, c choice) {
	s.free[c.k] = c.end
	if s.fresh != nil {
		s.fresh[c.k] = false
	}
	if s.camp != nil {
		s.camp[c.k] = c.camp
		s.resort(&m.pc[m.pcOf[c.k]], c.k)
	} else if m.pos != nil {
		s.siftDownAt(&m.pc[m.pcOf[c.k]], c.k) // a team yet to leave its position may be below the head
	} else {
		s.siftDown(&m.pc[m.pcOf[c.k]])
	}
	if c.year >= 0 {
		s.free[len(m.rate)+c.year] += c.cost
	}
}

// stateLen is the length of a schedule's state: one free time per team,
// then with a capped budget the spend of each year.
func (m *model) stateLen() int {
	if m.bud == nil {
		return len(m.rate)
	}
	return len(m.rate) + BudgetYears
}

// surveyFloor returns the earliest start of unit u's first step under the
// survey lead: with a lead (Config.SurveyLeadDays) and a unit that is
// surveyed then cleared, lead working days before the first clearance
// team able to work u is free; 0 otherwise.
func (m *model) surveyFloor(s *state, u int) float64 {
	first, last := m.stepStart[u], m.stepStart[u+1]-1
	if m.lead <= 0 || last <= first || m.steps[last].kind != Clearance {
		return 0
	}
	d := m.row(&m.steps[last])
	cfree := math.Inf(1)
	for _, c := range m.pcls[Clearance] {
		pc := &m.pc[c]
		switch {
		case math.IsInf(d[pc.dc], 1):
		case s.camp == nil:
			cfree = min(cfree, s.free[s.heap[pc.off]]) // the class's first free
		default: // with logistics the class is sorted by camp first
			for _, k := range s.heap[pc.off:pc.end] {
				cfree = min(cfree, s.free[k])
			}
		}
	}
	return max(0, cfree-m.lead)
}

// pick returns the team with the least start + m.share × (end − start)
// for step st when it can start at ready, with its start and end; ties go
// to the team free the
// longest, then to the lower index (see place). A team that land rules
// forbid is never picked; closures of the team and of unit u pause the
// work (see advance).
func (m *model) pick(s *state, ready float64, st *mstep, u int) choice {
	row := m.row(st)
	best, bestV := choice{end: math.Inf(1), k: -1, year: -1}, math.Inf(1)
	var uc []span
	if m.uclosed != nil {
		uc = m.uclosed[u]
	}
	for _, ci := range m.pcls[st.kind] {
		pc := &m.pc[ci]
		d := row[pc.dc]
		if math.IsInf(d, 1) {
			continue
		}
		if m.lg == nil {
			m.try(s, s.heap[pc.off], pc, d, ready, st, u, uc, &best, &bestV) // the team free first: see pickClass
			continue
		}
		// With logistics, the first team of each camp (see pickClass).
		prev := int32(-2)
		for _, k := range s.heap[pc.off:pc.end] {
			if s.camp[k] != prev {
				prev = s.camp[k]
				m.try(s, k, pc, d, ready, st, u, uc, &best, &bestV)
			}
		}
	}
	if m.pos != nil { // teams yet to leave their position: see TeamPosition
		for _, k := range m.pos.freshOf[st.kind] {
			if s.fresh[k] && m.pcOf[k] >= 0 { // (not a team restrict left out)
				pc := &m.pc[m.pcOf[k]]
				if d := row[pc.dc]; !math.IsInf(d, 1) {
					m.try(s, k, pc, d, ready, st, u, uc, &best, &bestV)
				}
			}
		}
	}
	return best
}

// fund prices job c (area m², d days on team c.k) under the budget and
// moves its start to the first year whose spend leaves room for it,
// skipping the closures tc and uc; false if no year within BudgetYears
// can pay.
func (m *model) fund(c *choice, area, d float64, tc, uc []span, spend []float64) bool {
	b := m.bud
	c.cost = area*b.perM2[c.k] + d*b.perDay[c.k]
	for {
		at, y, ok := b.payable(c.start, c.cost, spend)
		if !ok {
			return false
		}
		c.year = y
		if at == c.start {
			return true
		}
		c.start = skipClosed(at, tc, uc) // may cross into a later year
	}
}

// try sets *best to team k's choice for step st of unit u if it beats it
// (the least (v, free, index): see pick); pc is k's class, d the step's
// duration on it without logistics, uc the unit's closures.
func (m *model) try(s *state, k int32, pc *pickClass, d, ready float64, st *mstep, u int, uc []span, best *choice, bestV *float64) {
	free := s.free
	c := choice{start: max(free[k], ready), k: k, year: -1}
	if m.lg != nil { // the team's camp decides its travel and move
		c.camp, c.travel, c.reloc = m.lg.move(int(k), s.camp[k], u)
		d = m.work[int(st.dur)+int(pc.dc)] + c.travel + c.reloc
	}
	if s.fresh != nil && s.fresh[k] {
		d = m.firstJob(k, st, pc, u, &c)
	}
	c.dur = d
	var tc []span
	if m.tclosed != nil {
		tc = m.tclosed[k]
	}
	if tc != nil || uc != nil {
		c.start = skipClosed(c.start, tc, uc)
	}
	if m.bud != nil && !m.fund(&c, st.area, d, tc, uc, free[len(m.rate):]) {
		return
	}
	if tc == nil && uc == nil {
		c.end = c.start + d
	} else {
		c.end = advance(c.start, d, tc, uc)
	}
	// The least (v, free, index), as a scan of every team in index
	// order keeping the first of equal (v, free) would choose.
	if v := c.start + m.share*(c.end-c.start); v < *bestV ||
		v == *bestV && (free[k] < free[best.k] || free[k] == free[best.k] && k < best.k) {
		*best, *bestV = c, v
	}
}

// pickShare weighs a candidate's duration against its start when pick
// chooses a team: the team that minimises start + pickShare × (end −
// start) gets the step. 1 is the earliest finish; less prefers a team
// that can start sooner even if slower, which leaves the fast teams free
// for the units after (on the Aghdam main job and the 10,000-unit
// benchmark it lowers the cost by 3-6%). For identical teams without
// travel the rule is the earliest finish (the durations are equal).
const pickShare = 0.3

// altShares are the other pick shares local improvement tries before its
// swaps (see tryStarts). Which share does best depends on the instance
// (see benchmarks/README.md, "The Aghdam main job's gap").
var altShares = [...]float64{0.2}

// smithRatio is unit u's risk per team-day of its work, counted in days of
// a default team of each step (NTSM2PerDay, TSM2PerDay,
// ManualM2PerDeminerDay × DefaultDeminers); +Inf for a unit without work.
// It is the ratio by which ratioOrder sorts.
func (m *model) smithRatio(u int) float64 {
	pooled := [4]float64{NTS: NTSM2PerDay, TS: TSM2PerDay, Clearance: ManualM2PerDeminerDay * DefaultDeminers}
	work := 0.0
	for j := m.stepStart[u]; j < m.stepStart[u+1]; j++ {
		work += m.steps[j].area / pooled[m.steps[j].kind]
	}
	if work > 0 {
		return m.w[u] / work
	}
	return math.Inf(1)
}

// ratioOrder returns unit indices sorted by Smith's ratio: risk per
// team-day of the unit's work, counted in days of a default team of each
// step (NTSM2PerDay, TSM2PerDay, ManualM2PerDeminerDay × DefaultDeminers),
// highest first, ties by index. Units without work come first. The order
// does not depend on the team set, so adding a team cannot reorder units.
// With logistics, units of close ratios are then grouped by place (see
// groupNeighbours).
func (m *model) ratioOrder() []int {
	order, _ := m.ratioOrders()
	return order
}

// ratioOrders returns ratioOrder's order and, when it groups units by
// place, the order before grouping (nil otherwise).
func (m *model) ratioOrders() (order, plain []int) {
	ratio := make([]float64, m.n)
	for u := range m.n {
		ratio[u] = m.smithRatio(u)
	}
	// Sorted with their keys alongside (not read through the indices: a
	// national plan's units do not stay in cache).
	type key struct {
		tier  int
		ratio float64
		u     int
	}
	keys := make([]key, m.n)
	for u := range keys {
		keys[u] = key{m.tier[u], ratio[u], u}
	}
	slices.SortFunc(keys, func(a, b key) int { // ties by index: as a stable sort
		if c := cmp.Compare(a.tier, b.tier); c != 0 {
			return c
		}
		if c := cmp.Compare(b.ratio, a.ratio); c != 0 {
			return c
		}
		return cmp.Compare(a.u, b.u)
	})
	order = make([]int, m.n)
	for i := range keys {
		order[i] = keys[i].u
	}
	if m.lg != nil && groupOn {
		plain = slices.Clone(order)
		groupNeighbours(order, ratio, m.tier, m.lg.centre, m.lg.cellM())
	}
	return order, plain
}

// tierOrder sorts order by tier, stably (keeping the order within a
// tier).
func (m *model) tierOrder(order []int) {
	if m.tiered {
		slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(m.tier[a], m.tier[b]) })
	}
}

// score is what local improvement compares.
type score struct {
	cost, riskH, makespan float64
}

// evaluator runs list scheduling over an order, restarting from snapshots
// of the state kept every snapEvery positions.
type evaluator struct {
	m       *model
	horizon float64 // working days; 0 = none
	cur     state
	snaps   []state // block b's state: the state at position b*snapEvery
	snap    []score // the score there
	tmps    []state
	tmp     []score
	looks   int
	// ctx is checked every checkEvery look-ups within run; err keeps what
	// it said, and run stops early once it is set.
	ctx       context.Context
	nextCheck int
	err       error
}

// checkEvery is how many team look-ups run makes between two checks of
// the context: a few milliseconds of work.
const checkEvery = 1 << 20

const snapEvery = 32

func newEvaluator(m *model, horizon float64) *evaluator {
	blocks := m.n/snapEvery + 1
	e := &evaluator{m: m, horizon: horizon, cur: m.newState(),
		snaps: make([]state, blocks), snap: make([]score, blocks),
		tmps: make([]state, blocks), tmp: make([]score, blocks)}
	// One allocation each for the snapshots' free times and heaps.
	nf, nh := len(e.cur.free), len(e.cur.heap)
	free, heap := make([]float64, 2*blocks*nf), make([]int32, 2*blocks*nh)
	for b := range blocks {
		e.snaps[b] = state{free: free[b*nf : (b+1)*nf : (b+1)*nf], heap: heap[b*nh : (b+1)*nh : (b+1)*nh]}
		o := blocks + b
		e.tmps[b] = state{free: free[o*nf : (o+1)*nf : (o+1)*nf], heap: heap[o*nh : (o+1)*nh : (o+1)*nh]}
		if e.cur.camp != nil {
			e.snaps[b].camp, e.tmps[b].camp = slices.Clone(e.cur.camp), slices.Clone(e.cur.camp)
		}
		if e.cur.fresh != nil {
			e.snaps[b].fresh, e.tmps[b].fresh = slices.Clone(e.cur.fresh), slices.Clone(e.cur.fresh)
		}
	}
	copyState(e.snaps[0], e.cur)
	return e
}

// run evaluates order from position from onwards, writing the snapshots of
// the following blocks to (dstState, dst). Snapshots up to from's block
// must be valid for order.
func (e *evaluator) run(order []int, from int, dstState []state, dst []score) score {
	b := from / snapEvery
	copyState(e.cur, e.snaps[b])
	s := e.snap[b]
	for pos := b * snapEvery; pos < len(order); pos++ {
		if pos%snapEvery == 0 && pos/snapEvery > b {
			bb := pos / snapEvery
			copyState(dstState[bb], e.cur)
			dst[bb] = s
		}
		u := order[pos]
		c, looks := e.m.place(&e.cur, u)
		e.looks += looks
		if e.looks >= e.nextCheck && e.ctx != nil {
			e.nextCheck = e.looks + checkEvery
			if err := e.ctx.Err(); err != nil {
				e.err = err
				return s
			}
		}
		s.cost += e.m.w[u] * c
		if e.horizon > 0 && c <= e.horizon {
			s.riskH += e.m.w[u]
		}
		s.makespan = max(s.makespan, c)
	}
	return s
}

// better reports whether a beats b: more risk by the horizon (in horizon
// mode), then a lower cost. Differences within rounding do not count.
func (e *evaluator) better(a, b score, totalRisk float64) bool {
	if e.horizon > 0 {
		tol := 1e-12 * totalRisk
		if a.riskH > b.riskH+tol {
			return true
		}
		if a.riskH < b.riskH-tol {
			return false
		}
	}
	// The last release must not move later: a cost-driven reordering that
	// delays the last hectare would make more teams look slower.
	return a.cost < b.cost-1e-12*math.Abs(b.cost) && a.makespan <= b.makespan
}

// tryStarts is local improvement's first step: it schedules order with
// each of altShares as the model's pick share, and alt (another order,
// nil for none) with the model's share and each of altShares, while the
// team look-ups it has spent and those of one more evaluation fit in
// budget. It keeps the best start (see better) among those whose last
// release is no later than the first's: order becomes its order, the
// model's share its share, *cur its score and the snapshots its
// schedule's. It returns the look-ups spent. The first evaluation of
// order, with the model's share, gave *cur and the snapshots.
func (e *evaluator) tryStarts(order, alt []int, cur *score, totalRisk float64, budget int) int {
	one, used := e.looks, 0
	m, share := e.m, e.m.share
	last := cur.makespan
	var best []int // the order of the best start, nil for order
	try := func(o []int, sh float64) bool {
		if used+one > budget {
			return false
		}
		looks := e.looks
		m.share = sh
		cand := e.run(o, 0, e.tmps, e.tmp)
		used += e.looks - looks
		if e.err != nil {
			return false
		}
		ref := *cur
		ref.makespan = last // the first start's: no start ends later
		if e.better(cand, ref, totalRisk) {
			*cur, share, best = cand, sh, o
			for b := 1; b < len(e.snaps); b++ {
				copyState(e.snaps[b], e.tmps[b])
			}
			copy(e.snap[1:], e.tmp[1:])
		}
		return true
	}
	shares := append([]float64{share}, altShares[:]...)
	func() {
		for _, sh := range shares[1:] {
			if !try(order, sh) {
				return
			}
		}
		if alt != nil {
			for _, sh := range shares {
				if !try(alt, sh) {
					return
				}
			}
		}
	}()
	m.share = share
	if best != nil {
		copy(order, best)
	}
	return used
}

// improve applies first-improvement adjacent swaps to order until a pass
// improves nothing or the budget of team look-ups is spent. It returns the
// final score and the number of orders evaluated.
func (e *evaluator) improve(ctx context.Context, order []int, cur score, budget int, totalRisk float64) (score, int, error) {
	evals := 0
	if budget < 0 {
		return cur, evals, nil
	}
	e.looks, e.nextCheck = 0, 0
	for improved := true; improved; {
		improved = false
		for i := 0; i+1 < len(order); i++ {
			if e.looks >= budget {
				return cur, evals, nil
			}
			a, b := order[i], order[i+1]
			if e.m.kinds[a]&e.m.kinds[b] == 0 {
				continue // no shared team: the swap changes nothing
			}
			if e.m.tier[a] != e.m.tier[b] {
				continue // tiers are the authority's: never swapped
			}
			if err := ctx.Err(); err != nil {
				return cur, evals, err
			}
			order[i], order[i+1] = b, a
			cand := e.run(order, i, e.tmps, e.tmp)
			if e.err != nil {
				order[i], order[i+1] = a, b
				return cur, evals, e.err
			}
			evals++
			if e.better(cand, cur, totalRisk) {
				cur = cand
				improved = true
				for blk := i/snapEvery + 1; blk < len(e.snaps); blk++ {
					copyState(e.snaps[blk], e.tmps[blk])
				}
				copy(e.snap[i/snapEvery+1:], e.tmp[i/snapEvery+1:])
			} else {
				order[i], order[i+1] = a, b
			}
		}
	}
	return cur, evals, nil
}

// Schedule plans every step of every unit on the teams. It validates the
// input (a [*UnitError], [*TeamError] or calendar/policy error, wrapping a
// sentinel), builds a priority order by the ratio rule, improves it
// within cfg.Budget (the order's schedule with other pick shares and,
// with logistics, the order before grouping by place, see tryStarts; then
// adjacent swaps), and returns the list schedule of the
// best order found with its lower bound and gap. The result is identical
// for identical input. A zero Calendar.Start starts the plan today
// ([StartOrToday]), never in year 1. A nil cfg means defaults; units without area are
// released on day 0; no units give an empty plan of cost 0.
//
// Cost: O(n log n + n·s·m) to build, where s ≤ 3 is the steps per unit and m
// the teams per step, plus the improvement budget (DefaultBudget look-ups).
// Memory: O(n·s·m). Inputs past the documented limits (MaxTeams,
// MinM2PerDay, MaxPlanYears, MaxModelEntries) are refused before any
// allocation with an error wrapping [ErrLimit]. It returns ctx.Err() if ctx
// is cancelled, checked every million team look-ups or so.
func Schedule(ctx context.Context, units []Unit, teams []Team, cfg *Config) (*Plan, error) {
	var c Config
	if cfg != nil {
		c = *cfg
	}
	c.Calendar.Start = StartOrToday(c.Calendar.Start) // never year 1
	if !c.unitsValid {
		if err := validateUnits(units); err != nil {
			return nil, err
		}
	}
	if err := validateTeams(teams); err != nil {
		return nil, err
	}
	if err := c.Policy.Validate(); err != nil {
		return nil, err
	}
	if err := c.Calendar.Validate(); err != nil {
		return nil, err
	}
	if err := checkLimits(units, teams, &c); err != nil {
		return nil, err
	}
	if err := c.Costs.Validate(); err != nil {
		return nil, err
	}
	if err := c.Logistics.Validate(); err != nil {
		return nil, err
	}
	km, err := travelSpeed(c.TravelKmPerDay)
	if err != nil {
		return nil, err
	}
	c.TravelKmPerDay = km
	rules := c.landRulesOf()
	if err := ValidateLandRules(rules); err != nil {
		return nil, err
	}
	budget := c.Budget
	if budget == 0 {
		budget = DefaultBudget
	}
	all := expandTeams(teams)
	table := newWorkTable(&c.Calendar)
	lg := newLogModel(units, all, teams, c.Logistics, c.TravelKmPerDay)
	pos, err := newPosModel(&c, units, all, lg, table, c.TravelKmPerDay)
	if err != nil {
		return nil, err
	}
	m, err := newGroundModel(units, all, c.Policy, c.TravelKmPerDay, true, ground{rules: newLandRules(rules), table: table, lg: lg, pos: pos})
	if err != nil {
		return nil, err
	}
	if !nonNegative(c.SurveyLeadDays) {
		return nil, fmt.Errorf("planning: Config.SurveyLeadDays = %v: %w", c.SurveyLeadDays, ErrInvalid)
	}
	m.lead = c.SurveyLeadDays
	if c.Costs.capped() {
		m.bud = newBudget(c.Costs, all, table)
	}
	p := &Plan{Teams: all, table: table, LandRules: slices.Clone(rules), SurveyLeadDays: c.SurveyLeadDays}
	p.Start = p.table.date(p.table.day(0))
	if !c.Horizon.IsZero() {
		y, mo, d := c.Horizon.Date()
		p.HorizonDay = p.table.offsetAtMidnight(civil(y, mo, d))
	}
	for i := range units {
		p.TotalRisk += units[i].Risk
		p.TotalAreaM2 += units[i].AreaM2
	}

	var order, alt []int // alt: another start for local improvement
	if c.Order != nil {
		if !isPermutation(c.Order, len(units)) {
			return nil, fmt.Errorf("planning: Config.Order is not a permutation of 0..%d: %w", len(units)-1, ErrInvalid)
		}
		order = slices.Clone(c.Order)
		m.tierOrder(order)
	} else {
		order, alt = m.ratioOrders()
	}
	if c.draw && budget < 0 {
		// One of Simulate's runs without improvement: its plan's jobs and
		// release days, no bound.
		p.Order = order
		if err := p.record(m, units, c.Policy, c.TravelKmPerDay, c.draw); err != nil {
			return nil, err
		}
		for _, u := range order {
			p.Cost += m.w[u] * p.drawDay[u]
		}
		p.InitialCost = p.Cost
		return p, ctx.Err()
	}
	ev := newEvaluator(m, p.HorizonDay)
	ev.ctx = ctx
	first := ev.run(order, 0, ev.snaps, ev.snap)
	p.InitialCost = first.cost
	if ev.err != nil {
		return nil, ev.err
	}
	p.share = m.share
	if budget >= 0 {
		budget -= ev.tryStarts(order, alt, &first, p.TotalRisk, budget)
		if ev.err != nil {
			return nil, ev.err
		}
		p.share = m.share
	}
	final, evals, err := ev.improve(ctx, order, first, budget, p.TotalRisk)
	if err != nil {
		return nil, err
	}
	p.Order = order
	p.Cost = final.cost
	p.Evaluations = evals
	if !c.draw { // Simulate's runs need no bound
		mb := m.boundModel()
		p.Bound, p.BoundBy = mb.lowerBound(all, boundAll)
		p.HorizonRiskBound = mb.horizonBound(p.HorizonDay)
	}
	if b := c.Baseline; b != nil {
		use, err := baselineTeams(b, units, all, p.Start)
		if err != nil {
			return nil, err
		}
		if final.makespan > b.LastReleaseDay {
			// Keep the baseline's schedule: its order on its own teams.
			mb := m.restrict(use)
			if mb == nil || !isPermutation(b.Order, len(units)) {
				return nil, fmt.Errorf("%w: it has no team or no order for a step", ErrBaseline)
			}
			mb.share = b.share
			if mb.share == 0 {
				mb.share = pickShare
			}
			p.share = mb.share
			evb := newEvaluator(mb, p.HorizonDay)
			p.Order = slices.Clone(b.Order)
			p.Cost = evb.run(p.Order, 0, evb.snaps, evb.snap).cost
			m = mb
		}
	}
	if p.Bound > p.Cost && p.Bound <= p.Cost*(1+1e-12) {
		p.Bound = p.Cost // the two sums differ by rounding only
	}
	p.Gap = gap(p.Cost, p.Bound)
	if err := p.record(m, units, c.Policy, c.TravelKmPerDay, c.draw); err != nil {
		return nil, err
	}
	return p, nil
}

// paused returns the time a job from start to end lasting d stood still,
// 0 when the difference is rounding.
func paused(start, end, d float64) float64 {
	if p := end - start - d; p > 1e-9*max(1, end) {
		return p
	}
	return 0
}

func isPermutation(order []int, n int) bool {
	if len(order) != n {
		return false
	}
	seen := make([]bool, n)
	for _, u := range order {
		if u < 0 || u >= n || seen[u] {
			return false
		}
		seen[u] = true
	}
	return true
}

func gap(cost, bound float64) float64 {
	switch {
	case cost == bound:
		return 0
	case bound > 0:
		return (cost - bound) / bound
	}
	return math.Inf(1)
}

// record runs the list schedule of p.Order once more, writing jobs, unit
// release days and dates. For one of Simulate's draws it writes only what
// Simulate reads: p.draws instead of p.Jobs and p.drawDay instead of
// p.Units (no Due either).
func (p *Plan) record(m *model, units []Unit, pol *Policy, kmPerDay float64, draw bool) error {
	s := m.newState()
	var prevCamp []int32
	if m.lg != nil {
		prevCamp = slices.Clone(s.camp)
		p.Camps = slices.Clone(m.lg.camps)
		p.flyCamp = make(map[int32]int)
		defer func() { p.flyCamp = nil }()
	}
	if draw {
		p.drawDay = make([]float64, len(units))
	} else {
		p.Units = make([]UnitPlan, len(units))
	}
	var jobs []Job
	var draws []drawJob
	if draw {
		draws = make([]drawJob, 0, len(m.steps))
	} else {
		jobs = make([]Job, 0, len(m.steps))
	}
	perTeam := make([]int, len(p.Teams)+1)
	// The units' centres in one array: read in priority order, the units
	// themselves are too large to stay in cache.
	centre := make([]geo.XY, len(units))
	for i := range units {
		centre[i] = units[i].Centre
	}
	cost, riskH := 0.0, 0.0
	waitSum, waits := 0.0, 0
	for rank, u := range p.Order {
		ready := m.surveyFloor(&s, u)
		surveyed := false
		for j := m.stepStart[u]; j < m.stepStart[u+1]; j++ {
			st := &m.steps[j]
			c := m.pick(&s, ready, st, u)
			if c.k < 0 {
				return &UnitError{Index: u, ID: units[u].ID, Field: st.kind.String(),
					Err: fmt.Errorf("%w: no year within %d of the start has the budget for it (Config.Costs)", ErrInvalid, BudgetYears)}
			}
			best, bk, start := c.end, c.k, c.start
			if st.kind == Clearance && surveyed {
				w := start - ready
				waitSum += w
				waits++
				p.SurveyWaitMax = max(p.SurveyWaitMax, w)
			}
			surveyed = st.kind != Clearance
			ready = best
			if draw && m.lg == nil {
				// Only what Simulate's forecast needs (drawRelease).
				m.commit(&s, c)
				draws = append(draws, drawJob{team: bk, step: st.kind,
					a: start + p.Teams[bk].TravelDays(centre[u], kmPerDay), b: best, released: st.released})
				perTeam[bk+1]++
				continue
			}
			jb := Job{Team: int(bk), TeamName: p.Teams[bk].Name, Unit: u, UnitID: units[u].ID,
				Step: st.kind, AreaM2: st.area, ReleasedM2: st.released,
				TravelDays: p.Teams[bk].TravelDays(centre[u], kmPerDay), StartDay: start, EndDay: best, Cost: c.cost,
				PausedDays: paused(start, best, c.dur), Camp: -1}
			if m.lg != nil {
				p.logJob(m.lg, &jb, &c, prevCamp[bk], units)
				prevCamp[bk] = c.camp
			}
			if s.fresh != nil && s.fresh[bk] {
				jb.TravelDays = c.travel // from the team's position
			}
			m.commit(&s, c)
			if draw {
				draws = append(draws, drawJob{team: bk, step: st.kind, a: jb.StartDay + jb.TravelDays, b: jb.EndDay, released: jb.ReleasedM2})
			} else {
				jobs = append(jobs, jb)
			}
			perTeam[bk+1]++
		}
		if draw {
			p.drawDay[u] = ready
		} else {
			st, n := pol.steps(&units[u])
			p.Units[u] = UnitPlan{Unit: u, ID: units[u].ID, Rank: rank, Risk: units[u].Risk, AreaM2: units[u].AreaM2,
				Outcome: outcomeOf(st[:n]), ReleaseDay: ready, Release: p.table.endDate(ready)}
		}
		cost += m.w[u] * ready
		if p.HorizonDay > 0 && ready <= p.HorizonDay {
			riskH += m.w[u]
		}
		if ready > p.LastReleaseDay {
			p.LastReleaseDay = ready
		}
	}
	p.HorizonRisk = riskH
	if waits > 0 {
		p.SurveyWaitMean = waitSum / float64(waits)
	}
	p.LastRelease = p.table.endDate(p.LastReleaseDay)
	if !draw {
		p.Due = p.dueResults(units)
	}
	if m.bud != nil {
		p.Spend = m.bud.spends(s.free[len(m.rate):])
	}
	// Group by team; each team's jobs were appended in time order.
	for k := range p.Teams {
		perTeam[k+1] += perTeam[k]
	}
	p.teamStart = slices.Clone(perTeam)
	if draw {
		p.draws = make([]drawJob, len(draws))
		for _, d := range draws {
			p.draws[perTeam[d.team]] = d
			perTeam[d.team]++
		}
		return nil
	}
	p.Jobs = make([]Job, len(jobs))
	for _, jb := range jobs {
		jb.Start = p.table.startDate(jb.StartDay)
		jb.End = p.table.endDate(jb.EndDay)
		p.Jobs[perTeam[jb.Team]] = jb
		perTeam[jb.Team]++
	}
	return nil
}

// drawJob is what one of Simulate's draws keeps of a job (see
// drawRelease): its team, kind, working time from a (after travel) to b in
// working days, and the area it releases.
type drawJob struct {
	team     int32
	step     StepKind
	a, b     float64
	released float64
}
