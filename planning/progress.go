package planning

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/landrelease/clearance/geo"
)

// SurveyResult is what a finished survey step found on a unit.
type SurveyResult uint8

const (
	// Cancelled: no evidence, the unit's remaining area is released.
	Cancelled SurveyResult = iota + 1
	// Reduced: the step released part of the area at the policy's share
	// (Rates), and the rest goes on to the next step.
	Reduced
	// Confirmed: evidence found, nothing released: the whole remaining
	// area goes on to the next step.
	Confirmed
)

// String returns "cancelled", "reduced" or "confirmed".
func (r SurveyResult) String() string {
	switch r {
	case Cancelled:
		return "cancelled"
	case Reduced:
		return "reduced"
	case Confirmed:
		return "confirmed"
	}
	return fmt.Sprintf("SurveyResult(%d)", uint8(r))
}

// Done is one step finished in the field, as reported for a re-plan.
type Done struct {
	// UnitID is the unit's id (Unit.ID).
	UnitID string
	// Step is the step done. A clearance step releases the unit.
	Step StepKind
	// Date is the day the step ended.
	Date time.Time
	// Result is what a survey step found; 0 for clearance and for a step
	// under way.
	Result SurveyResult
	// AreaDoneM2, if above 0, makes the record a step started but not
	// finished: the area, in m², worked on it by Date. The unit then keeps
	// the step (Unit.StartedM2) and the plan works the rest of it.
	AreaDoneM2 float64
	// Team, if not empty, is the name of the team that did the step, as a
	// plan names it (Plan.Teams[k].Name, Team.Count expanded: "Manual-3"):
	// see Positions.
	Team string
}

// Released is a unit that progress reports released in full.
type Released struct {
	// Unit is its index in the units given to ApplyProgress.
	Unit int
	ID   string
	// Date is when, and Step the step that released it (clearance, or a
	// survey that cancelled it).
	Date time.Time
	Step StepKind
}

// Progress is the state of the units after the work reported done.
type Progress struct {
	// Units are the units left to plan, in input order: those not
	// released, with Done and AreaM2 set after their finished survey.
	Units []Unit
	// Index[i] is the index in the input of Units[i].
	Index []int
	// Released are the units released in the field, in input order.
	Released []Released
	// Surveyed counts the units still to plan that had a survey step done.
	Surveyed int
	// Started counts the units with a step under way (Done.AreaDoneM2).
	Started int
	// Last is the latest date reported (zero with no record).
	Last time.Time
}

// ProgressError is a bad progress record: Index is its 0-based position
// in the slice given to ApplyProgress.
type ProgressError struct {
	Index  int
	UnitID string
	Field  string
	Err    error
}

func (e *ProgressError) Error() string {
	var b strings.Builder
	b.WriteString("planning: ")
	writeItem(&b, "progress record", e.Index, "unit ", e.UnitID, e.Field, e.Err)
	return b.String()
}

// Unwrap returns the underlying error, a sentinel of this package.
func (e *ProgressError) Unwrap() error { return e.Err }

// ApplyProgress returns the units left to plan after the steps reported
// done, for a re-plan from a later date (Calendar.Start after the last
// record). A unit's records are taken in step order: clearance releases
// it; a survey step (NTS, TS) that cancelled releases it, one that reduced
// takes the policy's share (Policy.Rates of its district) off its area,
// one that confirmed takes nothing off; the unit then goes on from the
// next step (Unit.Done). Risk stays with the unit until it is released.
//
// Every record is checked; the first problem is returned as a
// [*ProgressError] wrapping [ErrInvalid] or [ErrMissing]: an unknown unit
// id, a step reported twice for a unit, a step after the unit's release,
// a survey without a result or clearance with one, a step the unit does
// not need (NTS on a CHA), a zero date. The units are not modified.
//
// A record with AreaDoneM2 > 0 is a step under way: it must be the unit's
// next step after its finished ones (NTS of an SHA, TS, or clearance, as
// the policy gives them), without an outcome, with no later step reported,
// and with less area done than the step has (Policy.Steps); the unit stays
// to plan with Unit.StartedM2 set, so its step keeps its kind and the plan
// works the rest (half a clearance step done leaves half the clearance).
// Cost: O(units + records log records).
func ApplyProgress(units []Unit, pol *Policy, done []Done) (*Progress, error) {
	at := make(map[string]int, len(units))
	for i := range units {
		at[units[i].ID] = i
	}
	idx := make([]int, len(done))
	for i := range idx {
		idx[i] = i
	}
	for i, d := range done {
		bad := func(field string, err error) error {
			return &ProgressError{Index: i, UnitID: d.UnitID, Field: field, Err: err}
		}
		u, ok := at[d.UnitID]
		switch {
		case d.UnitID == "":
			return nil, bad("unit", ErrMissing)
		case !ok:
			return nil, bad("unit", fmt.Errorf("%w: no unit has this id", ErrInvalid))
		case d.Step < NTS || d.Step > Clearance:
			return nil, bad("step", fmt.Errorf("%w: %v", ErrInvalid, d.Step))
		case d.Date.IsZero():
			return nil, bad("date", ErrMissing)
		case math.IsNaN(d.AreaDoneM2) || math.IsInf(d.AreaDoneM2, 0) || d.AreaDoneM2 < 0:
			return nil, bad("done_ha", fmt.Errorf("%w: area done %v m²", ErrInvalid, d.AreaDoneM2))
		case d.Step == Clearance && d.Result != 0:
			return nil, bad("outcome", fmt.Errorf("%w: clearance has no survey outcome", ErrInvalid))
		case d.AreaDoneM2 > 0 && d.Result != 0:
			return nil, bad("outcome", fmt.Errorf("%w: a step under way (area done given) has no outcome yet", ErrInvalid))
		case d.AreaDoneM2 == 0 && d.Step != Clearance && (d.Result < Cancelled || d.Result > Confirmed):
			return nil, bad("outcome", fmt.Errorf("%w: a survey step needs its outcome: cancelled, reduced or confirmed", ErrMissing))
		case d.Step == NTS && units[u].Kind != geo.SHA:
			return nil, bad("step", fmt.Errorf("%w: NTS on a CHA, which skips it", ErrInvalid))
		}
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		if c := cmp.Compare(at[done[a].UnitID], at[done[b].UnitID]); c != 0 {
			return c
		}
		return cmp.Compare(done[a].Step, done[b].Step)
	})
	out := &Progress{}
	state := make([]Unit, len(units))
	copy(state, units)
	released := make([]bool, len(units))
	started := make(map[int]int) // unit -> its record under way
	for k, i := range idx {
		d := done[i]
		u := at[d.UnitID]
		bad := func(field string, err error) error {
			return &ProgressError{Index: i, UnitID: d.UnitID, Field: field, Err: err}
		}
		if k > 0 && done[idx[k-1]].UnitID == d.UnitID && done[idx[k-1]].Step == d.Step {
			return nil, bad("step", fmt.Errorf("%w: %s reported twice (also record %d)", ErrInvalid, d.Step, idx[k-1]))
		}
		if released[u] {
			return nil, bad("step", fmt.Errorf("%w: the unit was released by an earlier step", ErrInvalid))
		}
		if j, ok := started[u]; ok {
			return nil, bad("step", fmt.Errorf("%w: record %d reports an earlier step under way", ErrInvalid, j))
		}
		if d.Date.After(out.Last) {
			out.Last = d.Date
		}
		s := &state[u]
		if d.AreaDoneM2 > 0 {
			st, n := pol.steps(s)
			switch {
			case n == 0 || st[0].Kind != d.Step:
				next := "none"
				if n > 0 {
					next = st[0].Kind.String()
				}
				return nil, bad("step", fmt.Errorf("%w: %s under way, but the unit's next step is %s", ErrInvalid, d.Step, next))
			case d.AreaDoneM2 >= st[0].AreaM2:
				return nil, bad("done_ha", fmt.Errorf("%w: %.0f m² done of a step of %.0f m²: report it finished", ErrInvalid, d.AreaDoneM2, st[0].AreaM2))
			}
			s.StartedM2 = d.AreaDoneM2
			started[u] = i
			out.Started++
			continue
		}
		r := pol.Rates(s.District)
		switch {
		case d.Step == Clearance || d.Result == Cancelled:
			released[u] = true
			out.Released = append(out.Released, Released{Unit: u, ID: s.ID, Date: d.Date, Step: d.Step})
			continue
		case d.Step == NTS && d.Result == Reduced:
			s.AreaM2 *= 1 - r.NTSCancel
		case d.Step == TS && d.Result == Reduced:
			share := r.TSReduceCHA
			if s.Kind == geo.SHA {
				share = r.TSReduceSHA
				if s.Done < NTS {
					s.AreaM2 *= 1 - r.NTSCancel // NTS done before, unreported: its expected share
				}
			}
			s.AreaM2 *= 1 - share
		}
		// Confirmed: nothing released; the whole area goes on (an SHA
		// confirmed by TS without an NTS record keeps all of it).
		s.Done = max(s.Done, d.Step)
	}
	slices.SortFunc(out.Released, func(a, b Released) int { return cmp.Compare(a.Unit, b.Unit) })
	for i := range state {
		if released[i] {
			continue
		}
		if state[i].Done != 0 {
			out.Surveyed++
		}
		out.Units = append(out.Units, state[i])
		out.Index = append(out.Index, i)
	}
	return out, nil
}

// PlannedActual compares a step done in the field with the plan.
type PlannedActual struct {
	Done
	// Planned is the plan's last working day of that step on the unit
	// (zero if the plan has no such job); LateDays is Date − Planned in
	// calendar days (negative: early).
	Planned  time.Time
	LateDays int
}

// Compare returns, for each record in order, the plan's date for the step
// it reports. Records of units or steps the plan does not have, and steps
// under way (AreaDoneM2 > 0), get a zero Planned. Cost: O(jobs + records).
func (p *Plan) Compare(done []Done) []PlannedActual {
	type key struct {
		id   string
		step StepKind
	}
	end := make(map[key]time.Time, len(p.Jobs))
	for _, j := range p.Jobs {
		end[key{j.UnitID, j.Step}] = LastWorkDayOf(p.Start, j.End)
	}
	out := make([]PlannedActual, len(done))
	for i, d := range done {
		out[i].Done = d
		if d.AreaDoneM2 > 0 {
			continue
		}
		if t, ok := end[key{d.UnitID, d.Step}]; ok {
			out[i].Planned = t
			out[i].LateDays = int(dayOf(d.Date) - dayOf(t))
		}
	}
	return out
}
