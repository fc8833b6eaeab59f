package planning_test

import (
	"context"
	"fmt"
	"time"

	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/planning"
)

// A re-plan after a week in the field: Manual-2 cleared CHA-east, 300 km
// from the teams' base, by 5 March, and Manual-1 has cleared half of
// CHA-home. Positions starts Manual-2 at CHA-east, free from 6 March, so
// CHA-west, 10 km from there, is its next job (travel 0.07 days, not 1.93
// from the base); Manual-1, at no position, finishes the 5,000 m² left of
// CHA-home.
func ExamplePositions() {
	day := func(d int) time.Time { return time.Date(2027, 3, d, 0, 0, 0, 0, time.UTC) }
	units := []planning.Unit{
		{ID: "CHA-east", Kind: geo.CHA, AreaM2: 5000, Risk: 2, Centre: geo.XY{X: 300_000}},
		{ID: "CHA-west", Kind: geo.CHA, AreaM2: 5000, Risk: 1, Centre: geo.XY{X: 290_000}},
		{ID: "CHA-home", Kind: geo.CHA, AreaM2: 10000, Risk: 3},
	}
	teams := []planning.Team{{Name: "Manual", Method: planning.MethodManual, M2PerDay: 1000, Count: 2, Base: &geo.XY{}}}
	pol := &planning.Policy{Default: &planning.Rates{}} // no survey: one clearance job each
	done := []planning.Done{
		{UnitID: "CHA-east", Step: planning.Clearance, Date: day(5), Team: "Manual-2"},
		{UnitID: "CHA-home", Step: planning.Clearance, Date: day(5), Team: "Manual-1", AreaDoneM2: 5000},
	}
	pr, err := planning.ApplyProgress(units, pol, done)
	if err != nil {
		fmt.Println(err)
		return
	}
	pos, err := planning.Positions(done, units, teams)
	if err != nil {
		fmt.Println(err)
		return
	}
	cfg := &planning.Config{Policy: pol, TravelKmPerDay: 150, Positions: pos,
		Calendar: planning.Calendar{Start: day(6), Weekdays: []time.Weekday{0, 1, 2, 3, 4, 5, 6}}}
	p, err := planning.Schedule(context.Background(), pr.Units, teams, cfg)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, j := range p.Jobs {
		fmt.Printf("%s: %s, %.0f m², travel %.2f, days %.2f to %.2f\n", j.TeamName, j.UnitID, j.AreaM2, j.TravelDays, j.StartDay, j.EndDay)
	}
	// Output:
	// Manual-1: CHA-home, 5000 m², travel 0.00, days 0.00 to 5.00
	// Manual-2: CHA-west, 5000 m², travel 0.07, days 0.00 to 5.07
}
