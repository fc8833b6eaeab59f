package geo_test

import (
	"math"
	"testing"

	"github.com/landrelease/clearance/geo"
)

func TestGridCells(t *testing.T) {
	for _, tc := range []struct {
		name string
		g    geo.Grid
		p    geo.XY
		i, j int
	}{
		{"origin", geo.Grid{}, geo.XY{X: 0, Y: 0}, 0, 0},
		{"inside", geo.Grid{}, geo.XY{X: 150, Y: 250}, 1, 2},
		{"on the lines: half-open", geo.Grid{}, geo.XY{X: 100, Y: 200}, 1, 2},
		{"negative", geo.Grid{}, geo.XY{X: -0.5, Y: -100}, -1, -1},
		{"UTM", geo.Grid{}, geo.XY{X: 600123, Y: 4445099}, 6001, 44450},
		{"25 m", geo.Grid{CellM: 25}, geo.XY{X: 60, Y: -10}, 2, -1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			i, j := tc.g.CellOf(tc.p)
			if i != tc.i || j != tc.j {
				t.Fatalf("CellOf(%v) = %d,%d; want %d,%d", tc.p, i, j, tc.i, tc.j)
			}
			b := tc.g.CellBox(i, j)
			if tc.p.X < b.Min.X || tc.p.X >= b.Max.X || tc.p.Y < b.Min.Y || tc.p.Y >= b.Max.Y {
				t.Errorf("CellBox(%d,%d) = %v does not hold %v", i, j, b, tc.p)
			}
			s := tc.g.Size()
			if c := tc.g.CellCentre(i, j); c.X != b.Min.X+s/2 || c.Y != b.Min.Y+s/2 {
				t.Errorf("CellCentre(%d,%d) = %v, box %v", i, j, c, b)
			}
		})
	}
	if s := (geo.Grid{}).Size(); s != geo.DefaultCellM {
		t.Errorf("zero Grid size %g", s)
	}
}

func TestGridBadSizePanics(t *testing.T) {
	for _, s := range []float64{-100, math.NaN(), math.Inf(1)} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("CellM %g: no panic", s)
				}
			}()
			geo.Grid{CellM: s}.Cover(geo.MultiPolygonXY{covSquare(0, 0, 1, 1)}, nil)
		}()
	}
}

func TestCoverageFind(t *testing.T) {
	cov := &geo.Coverage{Cells: []geo.CoveredCell{{I: 5, J: -1}, {I: -3, J: 0}, {I: 0, J: 0}, {I: 7, J: 0}, {I: 1, J: 4}}}
	for k, c := range cov.Cells {
		if got, ok := cov.Find(c.I, c.J); !ok || got != k {
			t.Errorf("Find(%d,%d) = %d,%v; want %d", c.I, c.J, got, ok, k)
		}
	}
	for _, c := range [][2]int{{0, -1}, {6, -1}, {1, 0}, {8, 0}, {0, 4}, {0, 9}, {0, -9}} {
		if k, ok := cov.Find(c[0], c[1]); ok {
			t.Errorf("Find(%d,%d) = %d, true; want not found", c[0], c[1], k)
		}
	}
}
