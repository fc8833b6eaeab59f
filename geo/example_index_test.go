package geo_test

import (
	"fmt"

	"github.com/landrelease/clearance/geo"
)

// A hazard with a hole, two incidents and three settlements, in projected
// metres, queried through an Index.
func ExampleIndex() {
	square := func(x0, y0, x1, y1 float64) geo.RingXY {
		return geo.RingXY{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}, {X: x0, Y: y0}}
	}
	hole := square(400, 400, 600, 600)
	hole[1], hole[3] = hole[3], hole[1] // clockwise
	p := &geo.Projected{
		Hazards: []geo.MultiPolygonXY{
			{{square(0, 0, 1000, 1000), hole}}, // a 1 km square with a hole
			{{square(2000, 0, 2500, 500)}},
		},
		Incidents:   []geo.XY{{X: 100, Y: 100}, {X: 2200, Y: 300}},
		Settlements: []geo.XY{{X: 1500, Y: 1500}, {X: -500, Y: 0}, {X: 3000, Y: 0}},
	}
	x := geo.NewIndex(p)

	for _, q := range []geo.XY{{X: 100, Y: 100}, {X: 500, Y: 500}, {X: 1000, Y: 500}} {
		fmt.Print("hazards containing ", q, ":")
		for h := range x.HazardsContaining(q) {
			fmt.Print(" ", h)
		}
		fmt.Println()
	}
	fmt.Print("hazards meeting the box [900,2100]×[0,100]:")
	for h := range x.HazardsIntersecting(geo.BoxXY{Min: geo.XY{X: 900, Y: 0}, Max: geo.XY{X: 2100, Y: 100}}) {
		fmt.Print(" ", h)
	}
	fmt.Println()
	fmt.Print("incidents within 2.5 km of (0, 0):")
	for i := range x.IncidentsWithin(geo.XY{}, 2500) {
		fmt.Print(" ", i)
	}
	fmt.Println()
	for _, n := range x.NearestSettlements(geo.XY{X: 2200, Y: 300}, 2) {
		fmt.Printf("settlement %d at %.0f m\n", n.Index, n.DistanceM)
	}
	// Output:
	// hazards containing {100 100}: 0
	// hazards containing {500 500}:
	// hazards containing {1000 500}: 0
	// hazards meeting the box [900,2100]×[0,100]: 0 1
	// incidents within 2.5 km of (0, 0): 0 1
	// settlement 2 at 854 m
	// settlement 0 at 1389 m
}
