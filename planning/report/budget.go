package report

import (
	"bufio"
	"fmt"
	"math"

	"github.com/landrelease/clearance/internal/text"
)

// summaryBudget writes what the plan commits each year against its
// budget and, given the plan without the cap, what the budget delays.
func summaryBudget(b *bufio.Writer, in *SummaryInput) {
	p := in.Plan
	if p == nil || p.Spend == nil {
		return
	}
	cur := ""
	if in.Currency != "" {
		cur = " (" + mdText(in.Currency) + ")"
	}
	b.WriteString("## Budget\n\n")
	fmt.Fprintf(b, "A job is paid from the year it starts; no year commits more than its budget.\n\n| year | committed%s | budget%s |\n|---|---:|---:|\n", cur, cur)
	for _, y := range p.Spend {
		budget := "no cap"
		if !math.IsInf(y.Budget, 1) {
			budget = text.Whole(y.Budget)
		}
		fmt.Fprintf(b, "| %d | %s | %s |\n", y.Year, text.Whole(y.Spent), budget)
	}
	b.WriteByte('\n')
	if u := in.Unbudgeted; u != nil && len(u.Units) == len(p.Units) {
		n, sum, worst := 0, 0.0, 0.0
		for i := range p.Units {
			if d := p.Units[i].ReleaseDay - u.Units[i].ReleaseDay; d > 1e-9 {
				n++
				sum += d
				worst = max(worst, d)
			}
		}
		if n == 0 {
			b.WriteString("- The budget delays no work unit.\n\n")
			return
		}
		fmt.Fprintf(b, "- The budget delays %s, by %s working days on average and %s at most; the last hectare is released on %s instead of %s.\n\n",
			text.Count(n, "work unit", "work units"), text.Fixed(sum/float64(n), 0), text.Fixed(worst, 0),
			text.Date(p.LastWorkDay()), text.Date(u.LastWorkDay()))
	}
}
