package planning

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/landrelease/clearance/geo"
)

// Unit is a work unit: a hazardous area, or a block of contiguous hectares
// within one, that teams survey and clear as a whole. Whoever builds units
// (from a risk surface, or straight from hazards) fills it.
type Unit struct {
	// ID names the unit; it must be non-empty and unique within a plan.
	ID string
	// Kind is geo.SHA or geo.CHA: an SHA gets non-technical survey first,
	// a CHA does not.
	Kind geo.HazardKind
	// District selects observed release rates in Policy.Overrides; empty,
	// or a district without an override, uses the policy's default rates.
	District string
	// AreaM2 is the area of the unit in square metres, ≥ 0. A unit of zero
	// area needs no work and is released on day 0.
	AreaM2 float64
	// Risk is the unit's risk mass, ≥ 0: the weight of its release date in
	// the plan's cost.
	Risk float64
	// Centre is the unit's centre in projected metres (the frame of the
	// teams' bases), used for travel.
	Centre geo.XY
	// LonLat is the same centre in WGS84, for reports.
	LonLat geo.LonLat
	// HazardIDs are the ids of the hazards the unit comes from.
	HazardIDs []string
	// Evidence lists the facts behind the unit, as written in the source.
	Evidence []string
	// Hazards are the indexes into the risk surface's
	// Projected().Source.Hazards of the hazards the unit comes from, in
	// the order of HazardIDs; nil for a unit built by hand.
	Hazards []int
	// Cells are the indexes into the risk surface's Cells of the unit's
	// cells, ascending; nil for a unit built by hand or without area.
	Cells []int
	// Block is true for a unit that is one block of a hazard (see
	// UnitOptions.BlockM), false for a whole hazard.
	Block bool
	// Land is the ground the unit lies on; Config.LandRules say which
	// methods may work it and at what pace. The zero Land is unknown
	// ground, which every method may work.
	Land Land
	// Tier is the authority's priority tier: tier 1 units are planned
	// before tier 2, and so on, and units without a tier (0) last;
	// within a tier the scheduler optimises. See Config.Order.
	Tier int
	// Due is the date by which the unit should be released (its last
	// step done by the end of that day), zero if none. A plan reports
	// every due date it meets or misses (Plan.Due); it does not change
	// the order for it (give the unit a tier for that).
	Due time.Time
	// Closures are the periods when no team may work the unit (seasons,
	// security closures). A job that meets one pauses until it ends.
	Closures []Closure
	// Done is the last survey step already done on the unit (NTS or TS;
	// 0 for none): the plan skips it and the steps before it, and AreaM2
	// is what is left after it (see ApplyProgress).
	Done StepKind
	// StartedM2 is the area, in m², of the unit's next step (the first
	// step the plan gives it, after Done) already worked in the field: a
	// step started but not finished (see ApplyProgress). The plan's job
	// for that step works only the rest of its area; what the step
	// releases is unchanged (the whole step's expected release, at its
	// end), so the unit's Outcome is the same. 0 means none; more than the
	// step's area leaves it nothing to work.
	StartedM2 float64
}

// Sentinel errors for conditions callers test with errors.Is. A
// [UnitError] or [TeamError] wraps one of them.
var (
	// ErrInvalid: a number is negative, NaN or infinite, or a value is
	// out of its range.
	ErrInvalid = errors.New("planning: invalid value")
	// ErrMissing: a required value is empty.
	ErrMissing = errors.New("planning: required value missing")
	// ErrDuplicateID: two units share an id.
	ErrDuplicateID = errors.New("planning: duplicate unit id")
	// ErrNoTeam: a unit needs a step that no team can do.
	ErrNoTeam = errors.New("planning: no team can do the step")
	// ErrNoWorkDays: the calendar has no working day.
	ErrNoWorkDays = errors.New("planning: calendar has no working day")
	// ErrBaseline: Config.Baseline does not match the units or the teams.
	ErrBaseline = errors.New("planning: baseline plan does not match")
)

// UnitError is a problem with one unit of the input. Index is its 0-based
// position in the slice given to [Schedule], Field the field at fault (or
// the step, for [ErrNoTeam]).
type UnitError struct {
	Index int
	ID    string
	Field string
	Err   error
}

func (e *UnitError) Error() string {
	var b strings.Builder
	b.WriteString("planning: ")
	writeItem(&b, "unit", e.Index, "id ", e.ID, e.Field, e.Err)
	return b.String()
}

// writeItem writes `<what> <index> (<label><quoted name>): <field>: <err>`,
// leaving out the parts that are empty (and the whole item part if index
// is negative): the shape of every input error of the package.
func writeItem(b *strings.Builder, what string, index int, label, name, field string, err error) {
	if index >= 0 {
		fmt.Fprintf(b, "%s %d", what, index)
		if name != "" {
			fmt.Fprintf(b, " (%s%q)", label, name)
		}
		b.WriteString(": ")
	}
	if field != "" {
		b.WriteString(field)
		b.WriteString(": ")
	}
	if err != nil {
		b.WriteString(err.Error())
	}
}

// Unwrap returns the underlying error, one of the sentinels above.
func (e *UnitError) Unwrap() error { return e.Err }

// TeamError is a problem with one team of the input. Index is its 0-based
// position in the slice given to [Schedule].
type TeamError struct {
	Index int
	Name  string
	Field string
	Err   error
}

func (e *TeamError) Error() string {
	var b strings.Builder
	b.WriteString("planning: ")
	writeItem(&b, "team", e.Index, "", e.Name, e.Field, e.Err)
	return b.String()
}

// Unwrap returns the underlying error, one of the sentinels above.
func (e *TeamError) Unwrap() error { return e.Err }

// nonNegative reports whether x is a finite number ≥ 0.
func nonNegative(x float64) bool { return x >= 0 && !math.IsInf(x, 1) }

// validateUnits checks every unit; it returns the first problem found.
// Cost: O(n) with a map of ids.
func validateUnits(units []Unit) error {
	seen := make(map[string]int, len(units))
	for i := range units {
		u := &units[i]
		bad := func(field string, err error) error {
			return &UnitError{Index: i, ID: u.ID, Field: field, Err: err}
		}
		switch {
		case u.ID == "":
			return bad("ID", ErrMissing)
		case u.Kind != geo.SHA && u.Kind != geo.CHA:
			return bad("Kind", fmt.Errorf("%w: kind %d is neither SHA nor CHA", ErrInvalid, u.Kind))
		case !nonNegative(u.AreaM2):
			return bad("AreaM2", fmt.Errorf("%w: %v", ErrInvalid, u.AreaM2))
		case !nonNegative(u.Risk):
			return bad("Risk", fmt.Errorf("%w: %v", ErrInvalid, u.Risk))
		case math.IsNaN(u.Centre.X) || math.IsInf(u.Centre.X, 0) || math.IsNaN(u.Centre.Y) || math.IsInf(u.Centre.Y, 0):
			return bad("Centre", fmt.Errorf("%w: %v", ErrInvalid, u.Centre))
		case u.Done != 0 && u.Done != NTS && u.Done != TS:
			return bad("Done", fmt.Errorf("%w: %v: only a survey step (NTS or TS) can be done on a unit still to plan", ErrInvalid, u.Done))
		case !nonNegative(u.StartedM2):
			return bad("StartedM2", fmt.Errorf("%w: %v", ErrInvalid, u.StartedM2))
		case u.Tier < 0:
			return bad("Tier", fmt.Errorf("%w: tier %d is negative", ErrInvalid, u.Tier))
		}
		for j := range u.Closures {
			if err := u.Closures[j].validate(); err != nil {
				return bad(fmt.Sprintf("Closures[%d]", j), err)
			}
		}
		if j, ok := seen[u.ID]; ok {
			return bad("ID", fmt.Errorf("%w: also unit %d", ErrDuplicateID, j))
		}
		seen[u.ID] = i
	}
	return nil
}
