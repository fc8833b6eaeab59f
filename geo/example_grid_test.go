package geo_test

import (
	"context"
	"errors"
	"fmt"
	"math"

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

// Before covering, estimate the cells from the bounding boxes and refuse a
// run past a limit; a NaN coordinate is an error, not a panic.
func ExampleGrid_CheckCells() {
	field := geo.MultiPolygonXY{{{{X: 0, Y: 0}, {X: 20000, Y: 0}, {X: 20000, Y: 20000}, {X: 0, Y: 0}}}}
	var g geo.Grid
	n, err := g.CheckCells([]geo.MultiPolygonXY{field}, 1_000_000)
	fmt.Println(n, err)
	_, err = geo.Grid{CellM: 10}.CheckCells([]geo.MultiPolygonXY{field}, 1_000_000)
	fmt.Println(err)
	bad := geo.MultiPolygonXY{{{{X: 0, Y: 0}, {X: math.NaN(), Y: 0}, {X: 1, Y: 1}, {X: 0, Y: 0}}}}
	_, err = g.EstimateCells([]geo.MultiPolygonXY{field, bad})
	fmt.Println(err, errors.Is(err, geo.ErrNotFinite))
	// Output:
	// 40401 <nil>
	// geo: the polygons would cover up to 4004001 cells of 10 m, more than the limit of 1000000 cells
	// geo: polygon 1, part 0, ring 0, vertex 1: coordinate NaN, 0 is NaN or infinite true
}

// Cover in bands of rows: the cells come band by band, as CoverUnion gives
// them, with memory for one band.
func ExampleGrid_CoverBands() {
	sq := geo.MultiPolygonXY{{{{X: 0, Y: 0}, {X: 250, Y: 0}, {X: 250, Y: 250}, {X: 0, Y: 250}, {X: 0, Y: 0}}}}
	var g geo.Grid
	err := g.CoverBands(context.Background(), []geo.MultiPolygonXY{sq}, nil, 2, func(cov *geo.Coverage) error {
		fmt.Printf("band of %d cells, rows %d to %d, %.0f m²\n", cov.Len(), cov.Cells[0].J, cov.Cells[cov.Len()-1].J, cov.AreaM2())
		return nil
	})
	fmt.Println(err)
	// Output:
	// band of 6 cells, rows 0 to 1, 50000 m²
	// band of 3 cells, rows 2 to 2, 12500 m²
	// <nil>
}
