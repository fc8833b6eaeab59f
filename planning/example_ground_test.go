package planning_test

import (
	"context"
	"fmt"
	"time"

	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/planning"
)

// Two confirmed areas, one on a steep slope; a machine and a manual team.
// The default land rules keep the machine off the slope, the flat area is
// due by 10 March and closed for three days, and the steep one is in tier
// 1, so it is planned first.
func ExampleSchedule_ground() {
	start := time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC)
	units := []planning.Unit{
		{ID: "steep", Kind: geo.CHA, AreaM2: 3000, Risk: 1, Tier: 1, Land: planning.Land{Slope: "steep"}},
		{ID: "flat", Kind: geo.CHA, AreaM2: 6000, Risk: 5, Due: start.AddDate(0, 0, 9),
			Closures: []planning.Closure{{From: start, To: start.AddDate(0, 0, 2), Reason: "security"}}},
	}
	teams := []planning.Team{
		{Name: "manual", Method: planning.MethodManual, M2PerDay: 300},
		{Name: "machine", Method: planning.MethodMechanical, M2PerDay: 3000},
	}
	p, err := planning.Schedule(context.Background(), units, teams, &planning.Config{
		Policy:   &planning.Policy{Default: &planning.Rates{}}, // clearance only
		Calendar: planning.Calendar{Start: start, Weekdays: []time.Weekday{0, 1, 2, 3, 4, 5, 6}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, j := range p.Jobs {
		fmt.Printf("%s on %s: %s to %s\n", j.UnitID, j.TeamName, j.Start.Format("Jan 2"),
			planning.LastWorkDayOf(p.Start, j.End).Format("Jan 2"))
	}
	for _, d := range p.Due {
		fmt.Printf("%s due %s: met %v\n", d.ID, d.Due.Format("Jan 2"), d.Met)
	}
	// Output:
	// steep on manual: Mar 1 to Mar 17
	// flat on machine: Mar 4 to Mar 5
	// flat due Mar 10: met true
}
