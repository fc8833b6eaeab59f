package planning_test

import (
	"context"
	"fmt"
	"time"

	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/planning"
)

// Three work units near Papravənd, a survey team and a manual clearance
// team: the plan surveys and clears the riskiest land per team-day first.
func Example() {
	units := []planning.Unit{
		{ID: "papravend-south", Kind: geo.CHA, AreaM2: 6000, Risk: 8, Centre: geo.XY{X: 2000, Y: 0}},
		{ID: "valley-fields", Kind: geo.SHA, AreaM2: 40000, Risk: 5, Centre: geo.XY{X: 6000, Y: 3000}},
		{ID: "old-front", Kind: geo.SHA, AreaM2: 20000, Risk: 1, Centre: geo.XY{X: 9000, Y: -4000}},
	}
	base := &geo.XY{}
	teams := []planning.Team{
		{Name: "survey", Method: planning.MethodTS, Base: base},
		{Name: "NTS", Method: planning.MethodNTS, Base: base},
		{Name: "manual", Method: planning.MethodManual, Deminers: 20, Base: base},
	}
	cfg := &planning.Config{Calendar: planning.Calendar{Start: time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)}}
	plan, err := planning.Schedule(context.Background(), units, teams, cfg)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, j := range plan.Jobs {
		fmt.Printf("%-6s %-15s %-9s %6.0f m²  %s → %s\n", j.TeamName, j.UnitID, j.Step, j.AreaM2,
			j.Start.Format("Jan 02 15:04"), j.End.Format("Jan 02 15:04"))
	}
	fmt.Printf("cost %.1f, bound %.1f, gap %.1f%%\n", plan.Cost, plan.Bound, 100*plan.Gap)
	fmt.Println("last hectare released", plan.LastWorkDay().Format("2006-01-02"))
	// Output:
	// survey papravend-south TS          6000 m²  Jul 01 00:00 → Jul 01 18:19
	// survey valley-fields   TS         27200 m²  Jul 01 20:16 → Jul 07 06:56
	// survey old-front       TS         13600 m²  Jul 07 06:56 → Jul 09 01:19
	// NTS    valley-fields   NTS        40000 m²  Jul 01 00:00 → Jul 01 20:16
	// NTS    old-front       NTS        20000 m²  Jul 01 20:16 → Jul 02 07:26
	// manual papravend-south clearance   3882 m²  Jul 01 18:19 → Jul 10 05:56
	// manual valley-fields   clearance  17600 m²  Jul 10 05:56 → Aug 20 15:00
	// manual old-front       clearance   8800 m²  Aug 20 15:00 → Sep 10 08:35
	// cost 292.5, bound 292.5, gap 0.0%
	// last hectare released 2025-09-10
}

// A forecast month by month, placed in Azerbaijan's national task.
func ExamplePlan_Forecast() {
	units := []planning.Unit{
		{ID: "a", Kind: geo.SHA, AreaM2: 200000, Risk: 3},
		{ID: "b", Kind: geo.CHA, AreaM2: 50000, Risk: 9},
	}
	teams := []planning.Team{
		{Method: planning.MethodNTS}, {Method: planning.MethodTS},
		{Method: planning.MethodManual, Count: 6}, {Method: planning.MethodMDD, Count: 2},
	}
	cfg := &planning.Config{Calendar: planning.Calendar{Start: time.Date(2025, 11, 1, 0, 0, 0, 0, time.UTC),
		OffMonths: []time.Month{time.January}}}
	plan, _ := planning.Schedule(context.Background(), units, teams, cfg)
	f := plan.Forecast(&planning.National{BaselineHa: 140000, TaskHa: 1040000})
	for _, m := range f.Months {
		fmt.Printf("%s  %2.0f days  released %5.2f ha  left %5.2f ha  risk %2.0f  national %.4f%%\n",
			m.Month.Format("2006-01"), m.WorkDays, (m.CancelledM2+m.ReducedM2+m.ClearedM2)/1e4,
			m.RemainingM2/1e4, m.ResidualRisk, 100*m.NationalShare)
	}
	fmt.Println("last hectare:", f.LastWorkDay().Format("2006-01-02"))
	// Output:
	// 2025-11  20 days  released 13.22 ha  left 11.78 ha  risk 12  national 13.4628%
	// 2025-12  23 days  released  4.55 ha  left  7.23 ha  risk 12  national 13.4632%
	// 2026-01   0 days  released  0.00 ha  left  7.23 ha  risk 12  national 13.4632%
	// 2026-02  20 days  released  1.81 ha  left  5.42 ha  risk  3  national 13.4634%
	// 2026-03  22 days  released  1.87 ha  left  3.55 ha  risk  3  national 13.4636%
	// 2026-04  22 days  released  1.87 ha  left  1.68 ha  risk  3  national 13.4638%
	// 2026-05  21 days  released  1.68 ha  left  0.00 ha  risk  0  national 13.4639%
	// last hectare: 2026-05-28
}

// LastRelease is the instant the work is done: after a whole working day,
// the midnight that ends it. LastWorkDay is the day to print. Here one
// manual team clears 900 m² at 300 m² a day from Thursday 4 March 2027,
// and 8 March is a holiday every year: it works Thursday, Friday and
// Tuesday.
func ExamplePlan_LastWorkDay() {
	units := []planning.Unit{{ID: "CHA-1", Kind: geo.CHA, AreaM2: 900, Risk: 1}}
	teams := []planning.Team{{Method: planning.MethodManual, M2PerDay: 300}}
	cfg := &planning.Config{
		Policy: &planning.Policy{Default: &planning.Rates{}}, // clearance only
		Calendar: planning.Calendar{Start: time.Date(2027, 3, 4, 0, 0, 0, 0, time.UTC),
			YearlyHolidays: []planning.MonthDay{{Month: time.March, Day: 8}}},
	}
	plan, err := planning.Schedule(context.Background(), units, teams, cfg)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("working days:", plan.LastReleaseDay)
	fmt.Println("LastRelease: ", plan.LastRelease.Format("Mon 2006-01-02 15:04"))
	fmt.Println("LastWorkDay: ", plan.LastWorkDay().Format("Mon 2006-01-02"))
	// Output:
	// working days: 3
	// LastRelease:  Wed 2027-03-10 00:00
	// LastWorkDay:  Tue 2027-03-09
}
