package planning_test

import (
	"context"
	"fmt"
	"time"

	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/planning"
)

// How sure is the last hectare's date? Simulate plans the units again and
// again with drawn team productivity and release shares, and gives the
// dates at P10, P50 and P90; the same seed gives the same dates.
func ExampleSimulate() {
	units := []planning.Unit{
		{ID: "a", Kind: geo.SHA, AreaM2: 200000, Risk: 3},
		{ID: "b", Kind: geo.CHA, AreaM2: 50000, Risk: 9},
	}
	teams := []planning.Team{
		{Method: planning.MethodNTS}, {Method: planning.MethodTS},
		{Method: planning.MethodManual, Count: 6}, {Method: planning.MethodMDD, Count: 2},
	}
	cfg := &planning.Config{Calendar: planning.Calendar{Start: time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC)}}
	u, err := planning.Simulate(context.Background(), units, teams, cfg, &planning.UncertaintyOptions{Runs: 50, Seed: 7})
	if err != nil {
		fmt.Println(err)
		return
	}
	for q, name := range []string{"P10", "P50", "P90"} {
		fmt.Printf("%s: last hectare %s (working day %.0f)\n", name, u.LastWorkDay[q].Format(time.DateOnly), u.LastReleaseDay[q])
	}
	// Output:
	// P10: last hectare 2027-07-02 (working day 90)
	// P50: last hectare 2027-08-31 (working day 132)
	// P90: last hectare 2027-11-15 (working day 186)
}
