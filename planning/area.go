package planning

import (
	"fmt"
	"slices"
	"time"
)

// AreaRule is what an authority says about an area: a priority tier, a
// due date, closures, the ground. It selects units by district, hazard ids or unit
// ids; a unit must match every selector given, and a rule must give at
// least one.
type AreaRule struct {
	// Name labels the rule in reports and errors.
	Name string
	// District selects the units of a district (Unit.District); "" any.
	District string
	// Hazards selects the units of these hazards (Unit.HazardIDs); nil
	// any.
	Hazards []string
	// Units selects units by id; nil any.
	Units []string
	// Tier, if > 0, is the units' tier (Unit.Tier); a unit that several
	// rules give a tier keeps the most urgent (the smallest).
	Tier int
	// Due, if not zero, is the units' due date; a unit that several rules
	// give one keeps the earliest.
	Due time.Time
	// Closures are added to the units' own.
	Closures []Closure
	// Land sets the units' ground: each field given replaces the unit's
	// (read from its hazard's properties), for data that does not carry
	// it; later rules win.
	Land Land
}

func (a *AreaRule) matches(u *Unit) bool {
	if a.District != "" && u.District != a.District {
		return false
	}
	if a.Hazards != nil && !slices.ContainsFunc(u.HazardIDs, func(h string) bool { return slices.Contains(a.Hazards, h) }) {
		return false
	}
	return a.Units == nil || slices.Contains(a.Units, u.ID)
}

// ApplyAreaRules sets the tier, due date, closures and land of every unit the
// rules select, in place, and returns how many units each rule matched (a
// rule that matched none is worth a warning: a misspelt id). A rule with
// no selector, a negative tier or a bad closure is an error wrapping
// [ErrInvalid] or [ErrMissing] that names the rule; units are then left
// unchanged. Cost: O(rules × units × selectors).
func ApplyAreaRules(units []Unit, rules []AreaRule) ([]int, error) {
	for i := range rules {
		a := &rules[i]
		bad := func(field string, err error) error {
			return fmt.Errorf("planning: area rule %d (%q): %s: %w", i, a.Name, field, err)
		}
		switch {
		case a.District == "" && a.Hazards == nil && a.Units == nil:
			return nil, bad("selector", fmt.Errorf("%w: a district, hazards or units", ErrMissing))
		case a.Tier < 0:
			return nil, bad("Tier", fmt.Errorf("%w: tier %d is negative", ErrInvalid, a.Tier))
		}
		for j := range a.Closures {
			if err := a.Closures[j].validate(); err != nil {
				return nil, bad(fmt.Sprintf("Closures[%d]", j), err)
			}
		}
	}
	matched := make([]int, len(rules))
	for k := range units {
		u := &units[k]
		for i := range rules {
			a := &rules[i]
			if !a.matches(u) {
				continue
			}
			matched[i]++
			if a.Tier > 0 && (u.Tier == 0 || a.Tier < u.Tier) {
				u.Tier = a.Tier
			}
			if !a.Due.IsZero() && (u.Due.IsZero() || a.Due.Before(u.Due)) {
				u.Due = a.Due
			}
			for _, f := range landFields {
				if v := a.Land.Get(f); v != "" {
					u.Land.set(f, v)
				}
			}
			if len(a.Closures) > 0 {
				u.Closures = append(slices.Clip(u.Closures), a.Closures...)
			}
		}
	}
	return matched, nil
}
