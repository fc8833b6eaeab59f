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
// The plan's lower bound stays valid (each job's least travel counts At;
// a team free later only makes every schedule longer). Each positioned
// team is looked at on its own by the scheduler, so positioning every one
// of hundreds of teams makes a plan slower to compute.
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
	set     []bool    // per team, positioned: a pick class of its own
	at      []*geo.XY // per team, its position, nil for none
	free    []float64 // per team, working days before it is free
	fresh   []bool    // per team, its first job's travel is from at (no commute limit)
	camp    []int32   // per team, its camp at the start with logistics; −1: its base's
	base    []*geo.XY // per team, its base
	centre  []geo.XY  // per unit
	mPerDay float64
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
		fresh: make([]bool, len(all)), camp: make([]int32, len(all)), base: make([]*geo.XY, len(all)),
		centre: make([]geo.XY, len(units)), mPerDay: kmPerDay * 1000}
	for k := range all {
		p.camp[k] = -1
		p.base[k] = all[k].Base
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
	return int32(len(lg.camps) - 1)
}

// solo reports whether team k is positioned (a duration and pick class of
// its own).
func (p *posModel) solo(k int) bool { return p != nil && p.set[k] }

// leastTravel is the least travel, in working days, of any job of team k
// on unit u: fromBase (from its base, or with logistics lg.minTravel's
// least over the camps it may work from) or from its position.
func (p *posModel) leastTravel(k, u int, fromBase float64) float64 {
	if p == nil || p.at[k] == nil {
		return fromBase
	}
	return min(fromBase, dist(*p.at[k], p.centre[u])/p.mPerDay)
}

// firstJob returns the duration of team k's first job (work plus the
// travel from its position) on step st of unit u, a team without a
// commute limit: see TeamPosition. It sets c.travel.
func (m *model) firstJob(k int32, st *mstep, pc *pickClass, u int, c *choice) float64 {
	c.travel = dist(*m.pos.at[k], m.pos.centre[u]) / m.pos.mPerDay
	return m.work[int(st.dur)+int(pc.dc)] + c.travel
}

// start sets the positioned teams' free times, camps and first jobs in a
// state at the plan's start.
func (p *posModel) start(s *state) {
	copy(s.free, p.free)
	s.fresh = slices.Clone(p.fresh)
	if s.camp != nil {
		for k, c := range p.camp {
			if c >= 0 {
				s.camp[k] = c
			}
		}
	}
}
