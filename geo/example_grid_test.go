package geo_test

import (
	"context"
	"fmt"

	"github.com/landrelease/clearance/geo"
)

// A 150 m × 150 m square at the origin covers four hectare cells: one
// wholly, two by half and one by a quarter.
func ExampleGrid_Cover() {
	sq := geo.MultiPolygonXY{{{{X: 0, Y: 0}, {X: 150, Y: 0}, {X: 150, Y: 150}, {X: 0, Y: 150}, {X: 0, Y: 0}}}}
	var g geo.Grid // the hectare grid
	for _, c := range g.Cover(sq, nil) {
		fmt.Printf("cell (%d,%d): %.0f m²\n", c.I, c.J, c.AreaM2)
	}
	// Output:
	// cell (0,0): 10000 m²
	// cell (1,0): 5000 m²
	// cell (0,1): 5000 m²
	// cell (1,1): 2500 m²
}

// Two overlapping hazard polygons: the shared cell counts the overlap once,
// and lists both polygons.
func ExampleGrid_CoverUnion() {
	a := geo.MultiPolygonXY{{{{X: 0, Y: 0}, {X: 150, Y: 0}, {X: 150, Y: 100}, {X: 0, Y: 100}, {X: 0, Y: 0}}}}
	b := geo.MultiPolygonXY{{{{X: 50, Y: 0}, {X: 200, Y: 0}, {X: 200, Y: 100}, {X: 50, Y: 100}, {X: 50, Y: 0}}}}
	var g geo.Grid
	cov, err := g.CoverUnion(context.Background(), []geo.MultiPolygonXY{a, b}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	for k, c := range cov.Cells {
		fmt.Printf("cell (%d,%d): %.0f m², polygons %v\n", c.I, c.J, c.AreaM2, cov.Members(k))
	}
	fmt.Printf("union: %.0f m²\n", cov.AreaM2())
	if k, ok := cov.Find(1, 0); ok {
		fmt.Printf("cell (1,0) is cell %d\n", k)
	}
	// Output:
	// cell (0,0): 10000 m², polygons [0 1]
	// cell (1,0): 10000 m², polygons [0 1]
	// union: 20000 m²
	// cell (1,0) is cell 1
}
