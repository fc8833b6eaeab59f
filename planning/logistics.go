package planning

import (
	"fmt"
	"math"
	"slices"

	"github.com/landrelease/clearance/geo"
)

// Camp is a named place where teams can live while they work: a forward
// camp of [Logistics], or (in [Plan].Camps) a base or a fly camp.
type Camp struct {
	// Name labels the camp in plans; forward camps must have unique,
	// non-empty names.
	Name string
	// Kind says whether the camp is a team's base, a forward camp or a fly
	// camp at a unit.
	Kind CampKind
	// LonLat is the camp in WGS84, for reports.
	LonLat geo.LonLat
	// XY is the camp in the projected metres of Unit.Centre; nil until
	// [ProjectCamps] sets it (Schedule refuses a forward camp without it).
	XY *geo.XY
}

// CampKind is the kind of a [Camp].
type CampKind uint8

const (
	// CampForward is a forward camp named in Logistics.Camps.
	CampForward CampKind = iota
	// CampBase is a team's base (Team.Base).
	CampBase
	// CampFly is a fly camp at a unit's centre, set up when no base or
	// forward camp is within the commute limit of the unit.
	CampFly
)

// String returns "forward camp", "base" or "fly camp".
func (k CampKind) String() string {
	switch k {
	case CampForward:
		return "forward camp"
	case CampBase:
		return "base"
	case CampFly:
		return "fly camp"
	}
	return fmt.Sprintf("CampKind(%d)", uint8(k))
}

// Logistics is team logistics ([Config].Logistics): the forward camps
// teams may move to, the daily commute limit and the cost of a move. The
// zero value has no commute limit, so no team ever moves.
//
// # Model
//
// Mine action teams live in field camps near their tasks: a team's base,
// a forward camp set up near a cluster of tasks, or a fly camp (tents) at
// the task itself. A team drives from its camp to the unit each working
// day; operators avoid a daily commute of more than about 1 to 1.5 hours
// each way on rural roads, and moving a camp (striking it, moving and
// setting it up again) takes one to three days. These figures are
// illustrative assumptions, not a standard; every one is a parameter.
//
// With [Config].Logistics set and a commute limit for the team
// (Logistics.CommuteKm or Team.CommuteKm, straight-line km from the camp to
// the unit's centre), each team has a current camp, its base at the start
// of the plan. For each job of the team:
//
//   - if the unit's centre is within the commute limit of the current camp,
//     the job is charged the travel from that camp, as a job is charged the
//     travel from the base without logistics (distance / TravelKmPerDay,
//     once per job);
//   - otherwise the team first moves: to the camp nearest the unit among
//     its own base and the forward camps (Logistics.Camps) within the limit
//     of the unit, or, when there is none, to a fly camp at the unit's
//     centre. The move costs Logistics.RelocationDays plus the straight-line
//     distance between the camps at TravelKmPerDay; then the job is charged
//     the travel from the new camp, which stays the team's camp for its
//     next jobs.
//
// So a team never works a unit beyond its commute limit from the camp of
// that job. A team without a base (Team.Base nil) or without a commute
// limit never moves and is charged the travel from its base, as without
// logistics; a nil Logistics (or one without any commute limit) gives
// exactly the plan without logistics. Moves are part of the job that
// follows them: the team is busy from the job's start (the move first,
// then the travel, then the work), and closures pause them as they pause
// the work.
type Logistics struct {
	// Camps are the forward camps, each with a unique name and XY set.
	Camps []Camp
	// CommuteKm is the daily commute limit of every team without its own
	// (Team.CommuteKm), in straight-line km from the camp to a unit's
	// centre; 0 means no limit.
	CommuteKm float64
	// RelocationDays is the fixed cost of a move in working days (striking
	// and setting up the camp), ≥ 0; the drive itself is added at
	// Config.TravelKmPerDay.
	RelocationDays float64
}

// ProjectCamps returns a copy of l whose camps have XY set to p.Forward of
// their LonLat. nil gives nil; l is not modified. Cost O(len(l.Camps)).
// It panics if p is nil.
func ProjectCamps(l *Logistics, p geo.Projection) *Logistics {
	if p == nil {
		panic("planning: ProjectCamps with a nil projection")
	}
	if l == nil {
		return nil
	}
	out := *l
	out.Camps = slices.Clone(l.Camps)
	for i := range out.Camps {
		xy := p.Forward(out.Camps[i].LonLat)
		out.Camps[i].XY = &xy
	}
	return &out
}

// Validate checks the logistics: limits and relocation days finite and ≥
// 0, every camp named (uniquely), of kind CampForward and projected with
// finite XY. A nil Logistics is valid. The error is a [*TeamError] with
// Index −1 naming the field ("Logistics.Camps[2].XY"), wrapping
// [ErrInvalid] or [ErrMissing].
func (l *Logistics) Validate() error {
	if l == nil {
		return nil
	}
	bad := func(field string, err error) error {
		return &TeamError{Index: -1, Field: "Logistics." + field, Err: err}
	}
	if !nonNegative(l.CommuteKm) {
		return bad("CommuteKm", fmt.Errorf("%w: %v", ErrInvalid, l.CommuteKm))
	}
	if !nonNegative(l.RelocationDays) {
		return bad("RelocationDays", fmt.Errorf("%w: %v", ErrInvalid, l.RelocationDays))
	}
	seen := make(map[string]int, len(l.Camps))
	for i := range l.Camps {
		c := &l.Camps[i]
		field := fmt.Sprintf("Camps[%d]", i)
		switch {
		case c.Name == "":
			return bad(field+".Name", ErrMissing)
		case c.Kind != CampForward:
			return bad(field+".Kind", fmt.Errorf("%w: %s: want a forward camp", ErrInvalid, c.Kind))
		case c.XY == nil:
			return bad(field+".XY", fmt.Errorf("%w: camp %q is not projected (see ProjectCamps)", ErrMissing, c.Name))
		case !finiteXY(*c.XY):
			return bad(field+".XY", fmt.Errorf("%w: %v", ErrInvalid, *c.XY))
		}
		if j, dup := seen[c.Name]; dup {
			return bad(field+".Name", fmt.Errorf("%w: %q is also camp %d", ErrInvalid, c.Name, j))
		}
		seen[c.Name] = i
	}
	return nil
}

// commuteM returns team t's commute limit in metres under l: its own, or
// l's default; 0 for none (nil l, no limit, or a team without a base).
func (l *Logistics) commuteM(t *Team) float64 {
	if l == nil || t.Base == nil {
		return 0
	}
	if t.CommuteKm > 0 {
		return t.CommuteKm * 1000
	}
	return l.CommuteKm * 1000
}

// on reports whether some team has a commute limit, and so may move.
func (l *Logistics) on(teams []Team) bool {
	for i := range teams {
		if l.commuteM(&teams[i]) > 0 {
			return true
		}
	}
	return false
}

func finiteXY(p geo.XY) bool {
	return !math.IsNaN(p.X) && !math.IsInf(p.X, 0) && !math.IsNaN(p.Y) && !math.IsInf(p.Y, 0)
}

func dist(a, b geo.XY) float64 { return math.Hypot(a.X-b.X, a.Y-b.Y) }
