package planning

import (
	"errors"
	"fmt"
	"math"
	"time"
)

// Limits of [Schedule] (and of [LowerBound], [HorizonBound] and
// [Simulate], which share its model). They are generous: far above any
// real programme, low enough that a mistyped count or productivity is
// refused at once, before any allocation, instead of running for hours or
// exhausting memory. An input past a limit is an error wrapping [ErrLimit]
// that names the limit.
const (
	// MaxTeams is the most teams a plan may have, Count expanded (a whole
	// national programme has under a thousand).
	MaxTeams = 10_000
	// MinM2PerDay is the least productivity a team may be given, in m² per
	// working day (a manual deminer alone clears 10-50). A zero M2PerDay
	// still means the method's default.
	MinM2PerDay = 1.0
	// MaxPlanYears bounds the plan's length and its horizon: a plan that
	// would need more than this many years even with every team busy all
	// the time (its length in working days, a lower bound computed from
	// the areas and the teams' rates before scheduling, is at least the
	// years times 366), or a horizon further than this after the start, is
	// refused.
	MaxPlanYears = 1000
	// MaxModelEntries bounds the scheduling model: the sum over the units'
	// steps of the teams that can do each, one duration (8 bytes) kept per
	// pair, so about 800 MB at the limit.
	MaxModelEntries = 100_000_000
)

// ErrLimit is wrapped by the errors of inputs past one of the limits above.
var ErrLimit = errors.New("planning: over a limit")

// checkLimits checks teams and cfg against the limits, before the teams are
// expanded or the model built: the total team count, each team's
// productivity, the model's size, a lower bound on the plan's length and
// the horizon. Cost O(len(units) + len(teams)).
func checkLimits(units []Unit, teams []Team, c *Config) error {
	total := 0
	var rate [4]float64  // by step kind, of every team able to do it
	var count [4]float64 // teams able to do each step kind
	fastest := [4]float64{}
	for i := range teams {
		t := &teams[i]
		n := max(t.Count, 1)
		if n > MaxTeams || total+n > MaxTeams {
			return &TeamError{Index: i, Name: t.Name, Field: "Count",
				Err: fmt.Errorf("%w: %d teams in all, more than MaxTeams (%d)", ErrLimit, total+n, MaxTeams)}
		}
		total += n
		if t.M2PerDay > 0 && t.M2PerDay < MinM2PerDay {
			return &TeamError{Index: i, Name: t.Name, Field: "M2PerDay",
				Err: fmt.Errorf("%w: %v m²/day, less than MinM2PerDay (%v m²/day)", ErrLimit, t.M2PerDay, MinM2PerDay)}
		}
		r := t.Rate()
		for s := NTS; s <= Clearance; s++ {
			if t.Method.Does(s) {
				rate[s] += float64(n) * r
				count[s] += float64(n)
				fastest[s] = max(fastest[s], r)
			}
		}
	}
	// The plan's length in working days is at least the work of each step
	// kind shared by every team able to do it, and at least each unit's
	// chain of steps on the fastest teams (travel aside).
	var area [4]float64
	entries, longest := 0.0, 0.0
	for i := range units {
		st, n := c.Policy.steps(&units[i])
		chain := 0.0
		for _, s := range st[:n] {
			area[s.Kind] += s.AreaM2
			entries += count[s.Kind]
			if fastest[s.Kind] > 0 {
				chain += s.AreaM2 / fastest[s.Kind]
			}
		}
		longest = max(longest, chain)
	}
	if entries > MaxModelEntries {
		return fmt.Errorf("planning: %d units and %d teams make %.3g step-team pairs, more than MaxModelEntries (%d): %w",
			len(units), total, entries, MaxModelEntries, ErrLimit)
	}
	days := longest
	for s := NTS; s <= Clearance; s++ {
		if rate[s] > 0 {
			days = max(days, area[s]/rate[s])
		}
	}
	if maxDays := float64(MaxPlanYears) * 366; days > maxDays || math.IsInf(days, 0) {
		return fmt.Errorf("planning: the plan would take at least %.4g working days (over %.4g years), more than MaxPlanYears (%d): "+
			"check the teams' productivities and the units' areas, or add teams: %w", days, days/366, MaxPlanYears, ErrLimit)
	}
	if !c.Horizon.IsZero() && c.Horizon.After(c.Calendar.Start.AddDate(MaxPlanYears, 0, 0)) {
		return fmt.Errorf("planning: Config.Horizon %s is more than MaxPlanYears (%d) after the start %s: %w",
			c.Horizon.Format(time.DateOnly), MaxPlanYears, c.Calendar.Start.Format(time.DateOnly), ErrLimit)
	}
	return nil
}
