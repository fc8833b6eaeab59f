package planning

import (
	"fmt"
	"slices"
	"time"

	"github.com/landrelease/clearance/geo"
)

// TeamPosition is where a team stands and when it is free at the start of
// a plan: for a re-plan (see ApplyProgress), the unit it last worked and
// the day after its last day there ([Config].Positions, [Positions]).
//
// A positioned team is not free before FreeFrom. With At set:
//
//   - a team with a commute limit (see [Logistics]) starts the plan camped
//     at the camp nearest At among its base and the forward camps within
//     its limit of At, or, when there is none, at a fly camp at At; its
//     jobs are then charged the travel (and the moves) from there, as
//     every team's are from its camp;
//   - a team without a commute limit, which is charged each job's travel
//     from its base, is charged its first job's travel from At instead,
//     and the later ones from its base.
//
// The plan's lower bound stays valid (a class of teams is charged no
// more than the first job of any of its teams from its position, and a
// start camp at a position counts among the camps any team may work from;
// a team free later only makes every schedule longer). Positioned teams
// keep their classes (see pickClass): the scheduler looks at each team
// still at its position (no commute limit, no job yet) on its own, and at
// the others as before.
type TeamPosition struct {
	// Team is the team's name as a plan names it (Plan.Teams[k].Name, with
	// Team.Count expanded: "Manual-Aghdam-3").
	Team string
	// At is where the team is, in the projected metres of Unit.Centre (the
	// centre of the unit it last worked); nil leaves it at its base. It
	// needs a team with a base (Team.Base).
	At *geo.XY
	// LonLat is At in WGS84, for reports (a fly camp set up there).
	LonLat geo.LonLat
	// Place names At in reports, for example the unit's id (a fly camp
	// set up there is "fly camp at <Place> (start)"); empty means "the
	// start position".
	Place string
	// FreeFrom is the first day the team can work, in the calendar's
	// location (the day after its last day in the field); zero, or a day
	// on or before the plan's start, means the start.
	FreeFrom time.Time
}

// Positions returns the positions of the teams named in progress records
// (Done.Team): for each team, the record with the latest date (then the
// later record) gives its place, the centre of its unit (units are every
// unit ApplyProgress was given), and FreeFrom is the day after that date. A
// team without a base (Team.Base nil: no travel is counted for it) gets no
// At, only FreeFrom. Records without a team are skipped; names are
// checked against teams (Count expanded, as a plan names them). An unknown
// team, or a unit id not among units, is a [*ProgressError] on field
// "team" or "unit" wrapping [ErrInvalid]. The result is in the order of
// the teams' first records. Cost O(records + units + teams).
func Positions(done []Done, units []Unit, teams []Team) ([]TeamPosition, error) {
	names := make(map[string]bool) // team name -> it has a base
	for _, t := range expandTeams(teams) {
		names[t.Name] = names[t.Name] || t.Base != nil
	}
	at := make(map[string]int, len(units))
	for i := range units {
		at[units[i].ID] = i
	}
	var out []TeamPosition
	last := make(map[string]int) // team -> index in out
	lastDate := make(map[string]time.Time)
	for i, d := range done {
		if d.Team == "" {
			continue
		}
		if _, ok := names[d.Team]; !ok {
			return nil, &ProgressError{Index: i, UnitID: d.UnitID, Field: "team",
				Err: fmt.Errorf("%w: no team is named %q (teams are named as the plan names them, Count expanded: \"Name-3\")", ErrInvalid, d.Team)}
		}
		u, ok := at[d.UnitID]
		if !ok {
			return nil, &ProgressError{Index: i, UnitID: d.UnitID, Field: "unit", Err: fmt.Errorf("%w: no unit has this id", ErrInvalid)}
		}
		j, seen := last[d.Team]
		if !seen {
			j = len(out)
			last[d.Team] = j
			out = append(out, TeamPosition{Team: d.Team})
		} else if d.Date.Before(lastDate[d.Team]) {
			continue
		}
		lastDate[d.Team] = d.Date
		if names[d.Team] {
			xy := units[u].Centre
			out[j].At, out[j].LonLat, out[j].Place = &xy, units[u].LonLat, units[u].ID
		}
		out[j].FreeFrom = d.Date.AddDate(0, 0, 1)
	}
	return out, nil
}

// posModel is the teams' positions in a scheduling model (nil without).
type posModel struct {
	set     []bool     // per team, positioned
	at      []*geo.XY  // per team, its position, nil for none
	free    []float64  // per team, working days before it is free
	fresh   []bool     // per team, its first job's travel is from at (no commute limit)
	freshOf [4][]int32 // per step kind, the teams with fresh set, in index order
	camp    []int32    // per team, its camp at the start with logistics; −1: its base's
	centre  []geo.XY   // per unit
	mPerDay float64
	// bdur is the model's dur for the bound: each class's duration no
	// more than its fresh teams' first jobs (see lowerDurations); nil if
	// no team is fresh.
	bdur []float64
}

// newPosModel validates c.Positions against the teams (Count expanded)
// and returns their model, nil without positions. With logistics it adds
// the positions' fly camps to lg. Errors are [*TeamError]s with Index −1
// naming the field ("Config.Positions[2].Team").
func newPosModel(c *Config, units []Unit, all []Team, lg *logModel, table *workTable, kmPerDay float64) (*posModel, error) {
	if len(c.Positions) == 0 {
		return nil, nil
	}
	byName := make(map[string]int, len(all))
	for k := len(all) - 1; k >= 0; k-- {
		byName[all[k].Name] = k
	}
	p := &posModel{set: make([]bool, len(all)), at: make([]*geo.XY, len(all)), free: make([]float64, len(all)),
		fresh: make([]bool, len(all)), camp: make([]int32, len(all)),
		centre: make([]geo.XY, len(units)), mPerDay: kmPerDay * 1000}
	for k := range all {
		p.camp[k] = -1
	}
	for u := range units {
		p.centre[u] = units[u].Centre
	}
	for i := range c.Positions {
		ps := &c.Positions[i]
		bad := func(field string, err error) error {
			return &TeamError{Index: -1, Name: ps.Team, Field: fmt.Sprintf("Config.Positions[%d].%s", i, field), Err: err}
		}
		k, ok := byName[ps.Team]
		switch {
		case ps.Team == "":
			return nil, bad("Team", ErrMissing)
		case !ok:
			return nil, bad("Team", fmt.Errorf("%w: no team is named %q (names are Plan.Teams', Count expanded: \"Name-3\")", ErrInvalid, ps.Team))
		case p.set[k]:
			return nil, bad("Team", fmt.Errorf("%w: team %q is positioned twice", ErrInvalid, ps.Team))
		case slices.ContainsFunc(all[k+1:], func(t Team) bool { return t.Name == ps.Team }):
			return nil, bad("Team", fmt.Errorf("%w: several teams are named %q: name them apart to position them", ErrInvalid, ps.Team))
		case ps.At != nil && !finiteXY(*ps.At):
			return nil, bad("At", fmt.Errorf("%w: %v", ErrInvalid, *ps.At))
		case ps.At != nil && all[k].Base == nil:
			return nil, bad("At", fmt.Errorf("%w: team %q has no base, so no travel is counted for it", ErrInvalid, ps.Team))
		}
		p.set[k] = true
		if !ps.FreeFrom.IsZero() {
			y, mo, d := ps.FreeFrom.Date()
			p.free[k] = max(0, table.offsetAtMidnight(civil(y, mo, d)))
		}
		if ps.At == nil {
			continue
		}
		at := *ps.At
		p.at[k] = &at
		if lg == nil || lg.commute[k] == 0 {
			p.fresh[k] = true
			for s := NTS; s <= Clearance; s++ {
				if all[k].Method.Does(s) {
					p.freshOf[s] = append(p.freshOf[s], int32(k))
				}
			}
			continue
		}
		p.camp[k] = lg.startCamp(k, at, ps)
	}
	return p, nil
}

// startCamp returns the camp of team k (with a commute limit) positioned
// at x: the nearest of its base and the forward camps within its limit of
// x (ties to the lower index), else a fly camp at x, added to lg.camps
// (shared by the teams positioned at the same place) and named "fly camp
// at <Place> (start)".
func (lg *logModel) startCamp(k int, x geo.XY, ps *TeamPosition) int32 {
	lim := lg.commute[k]
	to, best := int32(-1), 0.0
	consider := func(c int32) {
		if d := dist(*lg.camps[c].XY, x); d <= lim && (to < 0 || d < best) {
			to, best = c, d
		}
	}
	consider(lg.home[k])
	for c := lg.nbase; c < lg.nfwd; c++ {
		consider(int32(c))
	}
	if to >= 0 {
		return to
	}
	for c := lg.nfwd; c < len(lg.camps); c++ {
		if *lg.camps[c].XY == x {
			return int32(c)
		}
	}
	name := "fly camp at the start position"
	if ps.Place != "" {
		name = "fly camp at " + ps.Place + " (start)" // apart from a fly camp the plan may set up at that unit
	}
	lg.camps = append(lg.camps, Camp{Name: name, Kind: CampFly, LonLat: ps.LonLat, XY: &x})
	for u, c := range lg.centre { // a camp some team works from: the bound's least travel
		lg.near[u] = min(lg.near[u], dist(x, c))
	}
	return int32(len(lg.camps) - 1)
}

// lowerDurations sets bdur: m.dur with each class's duration of a step
// lowered to the first job of any fresh team of the class on it (its work
// and the travel from its position), so that the bound, which takes a
// class's duration for every job of its teams, stays below every
// schedule. Cost O(steps × fresh teams of their kind).
func (p *posModel) lowerDurations(m *model) {
	n := 0
	for _, f := range p.freshOf {
		n += len(f)
	}
	if n == 0 {
		return
	}
	p.bdur = slices.Clone(m.dur)
	var clsOf [4][]int32 // per kind, the class of each fresh team
	for s, f := range p.freshOf {
		for _, k := range f {
			i := slices.Index(m.teamsOf[s], k)
			clsOf[s] = append(clsOf[s], m.cls[s][i])
		}
	}
	for u := range m.n {
		for j := m.stepStart[u]; j < m.stepStart[u+1]; j++ {
			st := &m.steps[j]
			for i, k := range p.freshOf[st.kind] {
				at := int(st.dur) + int(clsOf[st.kind][i])
				if d := m.work[at] + dist(*p.at[k], p.centre[u])/p.mPerDay; d < p.bdur[at] {
					p.bdur[at] = d
				}
			}
		}
	}
}

// boundModel returns m with the durations the bound needs: m itself, or
// with positioned teams yet to leave their position a copy with bdur.
func (m *model) boundModel() *model {
	if m.pos == nil || m.pos.bdur == nil {
		return m
	}
	b := *m
	b.dur = m.pos.bdur
	return &b
}

// firstJob returns the duration of team k's first job (work plus the
// travel from its position) on step st of unit u, a team without a
// commute limit: see TeamPosition. It sets c.travel.
func (m *model) firstJob(k int32, st *mstep, pc *pickClass, u int, c *choice) float64 {
	c.travel = dist(*m.pos.at[k], m.pos.centre[u]) / m.pos.mPerDay
	return m.work[int(st.dur)+int(pc.dc)] + c.travel
}

// start sets the positioned teams' free times, camps and first jobs in a
// state at the plan's start, and puts every class of m back in order: by
// (free time, index), a valid heap, or with logistics by (camp, free
// time, index).
func (p *posModel) start(m *model, s *state) {
	copy(s.free, p.free)
	s.fresh = slices.Clone(p.fresh)
	if s.camp != nil {
		for k, c := range p.camp {
			if c >= 0 {
				s.camp[k] = c
			}
		}
	}
	for c := range m.pc {
		h := s.heap[m.pc[c].off:m.pc[c].end]
		slices.SortFunc(h, func(a, b int32) int {
			switch {
			case s.camp != nil && s.campBefore(a, b), s.camp == nil && before(s.free, a, b):
				return -1
			case a == b:
				return 0
			}
			return 1
		})
	}
}
