package report

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/internal/text"
	"github.com/landrelease/clearance/planning"
)

// Thresholds of [Warnings].
const (
	// IdleWarnDays: a team that waits more than this many working days
	// for its first job is idle.
	IdleWarnDays = 20
	// FarBaseKm: a team base farther than this from every work unit is
	// far from the data (a teams file made for another place).
	FarBaseKm = 200.0
	// LongPlanYears: a plan whose last hectare comes later than this many
	// years after its start (or whose P90 does) is too long to be a plan.
	LongPlanYears = 50
)

// idle sums up how teams wait.
type idle struct {
	none, waiting int     // teams with no job; teams waiting > IdleWarnDays
	worst         string  // the team that waits longest (no job counts as the whole plan)
	worstDays     float64 // its wait, working days
}

// idleTeams finds the teams without a job and those that wait more than
// IdleWarnDays working days for their first job.
func idleTeams(p *planning.Plan) idle {
	var r idle
	for k := range p.Teams {
		jobs := p.TeamJobs(k)
		wait := p.LastReleaseDay
		if len(jobs) == 0 {
			r.none++
		} else {
			wait = jobs[0].StartDay
			if wait > IdleWarnDays {
				r.waiting++
			}
		}
		if wait > r.worstDays {
			r.worst, r.worstDays = p.Teams[k].Name, wait
		}
	}
	return r
}

// Warnings returns what a reader must not miss about the plan of in, one
// sentence each, in this order: teams idle (no job at all, or more than
// IdleWarnDays working days before the first), team bases more than
// FarBaseKm from every work unit (which base, which teams and how far), a
// plan (or its P90 under in.Uncertainty) longer than LongPlanYears, and
// synthetic data. The summary lists them first; the planner prints them
// on standard error. No plan gives only the synthetic warning. Cost
// O(teams · units) for the bases, O(jobs) for the rest.
func Warnings(in SummaryInput) []string { return warnings(&in, true) }

// warnings is Warnings, with the synthetic warning only if synthetic is set
// (the summary has its own, more visible, note).
func warnings(in *SummaryInput, synthetic bool) []string {
	var out []string
	p := in.Plan
	if p != nil {
		id := idleTeams(p)
		if id.none > 0 {
			out = append(out, fmt.Sprintf("%s of %d %s no job in the whole plan: the work does not need them, or they cannot reach it; move or drop them.",
				text.Count(id.none, "team", "teams"), len(p.Teams), plural(id.none, "has", "have")))
		}
		if id.waiting > 0 {
			out = append(out, fmt.Sprintf("%s of %d wait more than %d working days for their first job (longest %s: %s working days): survey paces clearance, or there are more teams of a kind than work for them.",
				text.Count(id.waiting, "team", "teams"), len(p.Teams), IdleWarnDays, id.worst, text.Fixed(id.worstDays, 0)))
		}
		out = append(out, farBases(p, in.Units)...)
		if y := yearsBetween(p.Start, p.LastWorkDay()); y > LongPlanYears {
			out = append(out, fmt.Sprintf("The plan runs %s, to %s: past %d years it is a statement that the teams are too few, not a plan.",
				spanText(p.Start, p.LastWorkDay()), text.Date(p.LastWorkDay()), LongPlanYears))
		} else if u := in.Uncertainty; u != nil && u.Runs > 0 && yearsBetween(p.Start, u.LastWorkDay[planning.P90]) > LongPlanYears {
			out = append(out, fmt.Sprintf("At P90 the plan runs %s, to %s: past %d years.",
				spanText(p.Start, u.LastWorkDay[planning.P90]), text.Date(u.LastWorkDay[planning.P90]), LongPlanYears))
		}
	}
	if synthetic && in.synthetic() {
		out = append(out, "Synthetic data: the hazards and/or incidents are invented; do not use this plan for operations.")
	}
	return out
}

// farBases lists the team bases more than FarBaseKm from every unit's
// centre: one warning per base position, naming its teams.
func farBases(p *planning.Plan, units []planning.Unit) []string {
	if len(units) == 0 {
		return nil
	}
	type base struct {
		xy    geo.XY
		ll    geo.LonLat
		names []string
	}
	var bases []base
	for k := range p.Teams {
		t := &p.Teams[k]
		if t.Base == nil {
			continue
		}
		i := slices.IndexFunc(bases, func(b base) bool { return b.xy == *t.Base })
		if i < 0 {
			bases = append(bases, base{xy: *t.Base, ll: t.BaseLonLat})
			i = len(bases) - 1
		}
		bases[i].names = append(bases[i].names, t.Name)
	}
	var out []string
	for _, b := range bases {
		near := math.Inf(1)
		for i := range units {
			c := units[i].Centre
			near = min(near, math.Hypot(c.X-b.xy.X, c.Y-b.xy.Y))
		}
		if near <= FarBaseKm*1000 {
			continue
		}
		names := b.names
		more := ""
		if len(names) > 3 {
			more = fmt.Sprintf(" and %d more", len(names)-3)
			names = names[:3]
		}
		out = append(out, fmt.Sprintf("The base at %.5f N, %.5f E (%s%s) is %s from the nearest work unit: is the teams file for this data?",
			b.ll.Lat, b.ll.Lon, strings.Join(names, ", "), more, text.Distance(near)))
	}
	return out
}

// yearsBetween is the time from a to b in years of 365.2425 days.
func yearsBetween(a, b interface{ Unix() int64 }) float64 {
	return float64(b.Unix()-a.Unix()) / (365.2425 * 86400)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
