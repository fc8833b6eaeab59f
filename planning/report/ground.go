package report

import (
	"bufio"
	"fmt"
	"slices"

	"github.com/landrelease/clearance/internal/text"
	"github.com/landrelease/clearance/planning"
)

// maxMissedListed is how many missed due dates the summary lists one by
// one (the latest first); the CSV of the schedule has them all.
const maxMissedListed = 15

// summaryGround writes the land rules the plan applied (defaults said so),
// the land, tiers, closures and due dates of the units.
func summaryGround(b *bufio.Writer, in *SummaryInput) {
	p := in.Plan
	if p == nil {
		return
	}
	b.WriteString("## Ground, tiers and due dates\n\n")
	rules := p.LandRules
	switch {
	case len(rules) == 0:
		b.WriteString("- Land rules: none (every method may work every unit at its own pace).\n")
	default:
		which := "given in the teams file"
		if slices.EqualFunc(rules, planning.DefaultLandRules(), sameRule) {
			which = "the library's defaults (planning.DefaultLandRules), since none were given"
		}
		fmt.Fprintf(b, "- Land rules, %s:\n", which)
		for _, r := range rules {
			fmt.Fprintf(b, "  - %s\n", mdText(r.String()))
		}
	}
	known, tiers, closed := 0, map[int]int{}, 0
	for i := range in.Units {
		u := &in.Units[i]
		if u.Land != (planning.Land{}) {
			known++
		}
		if u.Tier > 0 {
			tiers[u.Tier]++
		}
		if len(u.Closures) > 0 {
			closed++
		}
	}
	fmt.Fprintf(b, "- Land known for %s of %s (from the hazards' terrain, vegetation, slope, access and land use properties, or the teams file's areas); no rule applies to the others.\n",
		text.Int(known), text.Count(len(in.Units), "work unit", "work units"))
	if len(tiers) > 0 {
		keys := make([]int, 0, len(tiers))
		for t := range tiers {
			keys = append(keys, t)
		}
		slices.Sort(keys)
		fmt.Fprintf(b, "- Priority tiers (planned first, in order; the scheduler optimises within each):")
		for i, t := range keys {
			sep := ","
			if i == 0 {
				sep = ""
			}
			fmt.Fprintf(b, "%s tier %d: %s", sep, t, text.Count(tiers[t], "unit", "units"))
		}
		b.WriteString(".\n")
	}
	paused := 0.0
	for _, j := range p.Jobs {
		paused += j.PausedDays
	}
	if closed > 0 || paused > 0 {
		fmt.Fprintf(b, "- Closures (seasons, security) on %s, and the teams' own; jobs pause through them: %s team working days paused in all.\n",
			text.Count(closed, "work unit", "work units"), text.Fixed(paused, 0))
	}
	if p.SurveyWaitMax > 0 {
		pace := "survey is not paced to clearance (no survey lead given)"
		if p.SurveyLeadDays > 0 {
			pace = "survey starts at most " + text.Fixed(p.SurveyLeadDays, 0) + " working days before a clearance team is free"
		}
		fmt.Fprintf(b, "- Surveyed land waits for clearance %s working days on average, %s at most; %s.\n",
			text.Fixed(p.SurveyWaitMean, 0), text.Fixed(p.SurveyWaitMax, 0), pace)
	}
	if len(p.Due) > 0 {
		missed := p.Missed()
		fmt.Fprintf(b, "- Due dates: %d, %d met, %d missed.\n", len(p.Due), len(p.Due)-len(missed), len(missed))
		slices.SortStableFunc(missed, func(a, c planning.DueResult) int { return c.LateDays - a.LateDays })
		for i, d := range missed {
			if i == maxMissedListed {
				fmt.Fprintf(b, "  - and %d more\n", len(missed)-i)
				break
			}
			fmt.Fprintf(b, "  - %s: due %s, released %s, %s late\n", mdText(d.ID), text.Date(d.Due), text.Date(d.Released),
				text.Count(d.LateDays, "day", "days"))
		}
	}
	b.WriteByte('\n')
}

func sameRule(a, c planning.LandRule) bool {
	return a.Method == c.Method && a.Field == c.Field && slices.Equal(a.Values, c.Values) &&
		a.Forbid == c.Forbid && a.Factor == c.Factor && a.MinAreaM2 == c.MinAreaM2 && a.Source == c.Source
}
