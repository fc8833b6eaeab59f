package planning_test

import (
	"context"
	"fmt"

	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/planning"
)

// The bound proves how far a plan can be from the best one and says which
// teams limit every plan. Here the one technical survey team, slow, feeds
// seven clearance teams: the TS stage binds, so a second TS team would
// help more than more deminers, and the plan is proven optimal.
func ExampleLowerBound() {
	var units []planning.Unit
	for i := range 12 {
		units = append(units, planning.Unit{ID: fmt.Sprintf("CHA-%02d", i+1), Kind: geo.CHA,
			AreaM2: float64(20000 + 5000*(i%4)), Risk: float64(1 + i%5),
			Centre: geo.XY{X: float64(3000 * i), Y: 0}})
	}
	base := &geo.XY{}
	teams := []planning.Team{
		{Name: "TS", Method: planning.MethodTS, M2PerDay: 2000, Base: base},
		{Name: "manual", Method: planning.MethodManual, Count: 6, Base: base},
		{Name: "flail", Method: planning.MethodMechanical, Base: base},
	}
	lb, err := planning.LowerBound(units, teams, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	plan, err := planning.Schedule(context.Background(), units, teams, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("bound %.0f (the plan's: %t), bound by %s\n", lb, lb == plan.Bound, plan.BoundBy)
	fmt.Printf("plan cost %.0f, at most %.1f%% above the best plan\n", plan.Cost, 100*plan.Gap)
	// Output:
	// bound 2267 (the plan's: true), bound by TS
	// plan cost 2267, at most 0.0% above the best plan
}
