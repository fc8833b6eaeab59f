package planning_test

import (
	"context"
	"fmt"

	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/planning"
)

// A team based at the origin clears two hazards 5 and 62 km away, with a
// daily commute of at most 20 km and a forward camp 60 km out. The near
// one is worked from the base; for the far one the team first moves to the
// forward camp: one day to strike and set up camp, plus 60 km at 100 km a
// working day.
func ExampleLogistics() {
	units := []planning.Unit{
		{ID: "CHA-near", Kind: geo.CHA, AreaM2: 10000, Risk: 3, Centre: geo.XY{X: 5000}},
		{ID: "CHA-far", Kind: geo.CHA, AreaM2: 10000, Risk: 1, Centre: geo.XY{X: 62000}},
	}
	teams := []planning.Team{{Name: "Manual", Method: planning.MethodManual, M2PerDay: 1000, Base: &geo.XY{}}}
	cfg := &planning.Config{
		Policy:         &planning.Policy{Default: &planning.Rates{}}, // no survey: one clearance job each
		TravelKmPerDay: 100,
		Logistics: &planning.Logistics{CommuteKm: 20, RelocationDays: 1,
			Camps: []planning.Camp{{Name: "Forward", XY: &geo.XY{X: 60000}}}},
	}
	p, err := planning.Schedule(context.Background(), units, teams, cfg)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, j := range p.Jobs {
		c := p.Camps[j.Camp]
		fmt.Printf("%s from %s (%s): move %.2f, travel %.2f, working days %.2f to %.2f\n",
			j.UnitID, c.Name, c.Kind, j.RelocationDays, j.TravelDays, j.StartDay, j.EndDay)
	}
	fmt.Printf("%d move\n", p.Moves)
	// Output:
	// CHA-near from base of Manual (base): move 0.00, travel 0.05, working days 0.00 to 10.05
	// CHA-far from Forward (forward camp): move 1.60, travel 0.02, working days 10.05 to 21.67
	// 1 move
}
