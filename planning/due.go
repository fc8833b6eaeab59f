package planning

import "time"

// DueResult says whether a plan releases a unit by its due date.
type DueResult struct {
	// Unit is the index of the unit in the slice given to Schedule.
	Unit int
	ID   string
	// Due is the unit's due date (Unit.Due); Released the plan's last
	// working day on the unit (LastWorkDayOf(Plan.Start, its Release)).
	Due, Released time.Time
	// Met is true when Released is on or before Due's date.
	Met bool
	// LateDays is how many calendar days after Due the unit is released
	// (0 when Met); EarlyDays how many before (0 when late).
	LateDays, EarlyDays int
}

// dueResults compares every due date with the plan's release dates.
func (p *Plan) dueResults(units []Unit) []DueResult {
	var out []DueResult
	for i := range units {
		if units[i].Due.IsZero() {
			continue
		}
		rel := LastWorkDayOf(p.Start, p.Units[i].Release)
		diff := int(dayOf(rel) - dayOf(units[i].Due))
		r := DueResult{Unit: i, ID: units[i].ID, Due: units[i].Due, Released: rel, Met: diff <= 0}
		if diff > 0 {
			r.LateDays = diff
		} else {
			r.EarlyDays = -diff
		}
		out = append(out, r)
	}
	return out
}

// Missed returns the due dates the plan misses, in unit order (a
// sub-slice would alias; this is a new slice). Cost O(len(Due)).
func (p *Plan) Missed() []DueResult {
	var out []DueResult
	for _, d := range p.Due {
		if !d.Met {
			out = append(out, d)
		}
	}
	return out
}
