package report

import (
	"bufio"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/landrelease/clearance/internal/text"
	"github.com/landrelease/clearance/planning"
)

// Replan describes a plan made after work was reported done
// (planning.ApplyProgress), for the summary.
type Replan struct {
	// From is the re-plan's start; Previous the start of the plan the
	// work was planned by.
	From, Previous time.Time
	// Progress is what ApplyProgress returned.
	Progress *planning.Progress
	// Compared is the previous plan's date for each step reported
	// (planning.Plan.Compare).
	Compared []planning.PlannedActual
	// ReleasedM2 is the area of the units released in the field.
	ReleasedM2 float64
	// Positioned is how many teams the re-plan starts where they last
	// worked (planning.Config.Positions); 0 means every team at its base.
	Positioned int
}

// maxLateListed is how many steps the summary lists by lateness.
const maxLateListed = 10

// summaryReplan writes what was done against what was planned.
func summaryReplan(b *bufio.Writer, in *SummaryInput) {
	r := in.Replan
	if r == nil || r.Progress == nil {
		return
	}
	b.WriteString("## Progress and re-plan\n\n")
	fmt.Fprintf(b, "- Re-planned from %s with %s reported since the plan of %s: %s released in the field (%s ha), %s surveyed and still to finish, %s with a step under way (the plan works the rest of it).\n",
		text.Date(r.From), text.Count(len(r.Compared), "step", "steps"), text.Date(r.Previous),
		text.Count(len(r.Progress.Released), "work unit", "work units"), text.Hectares(r.ReleasedM2/1e4),
		text.Count(r.Progress.Surveyed, "work unit", "work units"), text.Count(r.Progress.Started, "work unit", "work units"))
	if r.Positioned > 0 {
		fmt.Fprintf(b, "- %s where %s last worked, free from the day after; the other teams from their bases.\n",
			text.Count(r.Positioned, "team starts", "teams start"), map[bool]string{true: "it", false: "they"}[r.Positioned == 1])
	} else {
		fmt.Fprintf(b, "- Teams start from their bases (the progress file names no team).\n")
	}
	var late, early, onTime, unplanned, started, sum int
	for _, c := range r.Compared {
		switch {
		case c.AreaDoneM2 > 0:
			started++ // under way: nothing to compare yet
			continue
		case c.Planned.IsZero():
			unplanned++
			continue
		case c.LateDays > 0:
			late++
		case c.LateDays < 0:
			early++
		default:
			onTime++
		}
		sum += c.LateDays
	}
	if n := len(r.Compared) - unplanned - started; n > 0 {
		fmt.Fprintf(b, "- Planned against actual: %d on the planned day, %d early, %d late; on average %s days %s.\n",
			onTime, early, late, text.Fixed(math.Abs(float64(sum)/float64(n)), 1), map[bool]string{true: "late", false: "early"}[sum > 0])
	}
	if unplanned > 0 {
		fmt.Fprintf(b, "- %s the previous plan did not have (a unit or step it did not plan).\n", text.Count(unplanned, "step reported is one", "steps reported are ones"))
	}
	worst := slices.Clone(r.Compared)
	worst = slices.DeleteFunc(worst, func(c planning.PlannedActual) bool { return c.Planned.IsZero() || c.LateDays <= 0 })
	slices.SortStableFunc(worst, func(a, c planning.PlannedActual) int { return c.LateDays - a.LateDays })
	for i, c := range worst {
		if i == maxLateListed {
			fmt.Fprintf(b, "  - and %d more late\n", len(worst)-i)
			break
		}
		fmt.Fprintf(b, "  - %s %s: planned %s, done %s, %s late\n", mdText(c.UnitID), c.Step, text.Date(c.Planned), text.Date(c.Date),
			text.Count(c.LateDays, "day", "days"))
	}
	b.WriteByte('\n')
}
