package geo

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestScaleFieldAccuracy checks the interpolated scale factor against the
// exact one over UTM zones, inside and outside the zone.
func TestScaleFieldAccuracy(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	worst := 0.0
	for _, z := range []Zone{{38, false}, {39, false}, {33, true}, {1, false}} {
		u := NewUTM(z)
		f := newScaleField(u, Grid{})
		for range 20000 {
			// Eastings up to ~700 km from the central meridian, all latitudes
			// from the equator to 80°.
			p := XY{X: 500000 + (rng.Float64()*2-1)*700000, Y: rng.Float64() * 8.8e6}
			if z.South {
				p.Y = 1e7 - p.Y
			}
			exact := u.ScaleXY(p)
			got := f.at(p)
			worst = max(worst, math.Abs(got-exact)/exact)
		}
	}
	t.Logf("worst relative error of the interpolated scale factor: %.3g", worst)
	if worst > 1e-9 {
		t.Errorf("worst relative error %.3g, want <= 1e-9", worst)
	}
}

func TestScaleFieldExactForCoarseGrids(t *testing.T) {
	u := NewUTM(Zone{38, false})
	f := newScaleField(u, Grid{CellM: 1000})
	p := XY{X: 612345, Y: 4444444}
	if got, want := f.at(p), u.ScaleXY(p); got != want {
		t.Errorf("coarse grid: got %v, want exactly %v", got, want)
	}
}

// TestScaleFieldSweep walks cells row by row, up and then down, as
// CoverUnion does, and checks every value against the exact factor.
func TestScaleFieldSweep(t *testing.T) {
	u := NewUTM(Zone{38, false})
	g := Grid{}
	f := newScaleField(u, g)
	check := func(i, j int) {
		p := g.CellCentre(i, j)
		if got, want := f.at(p), u.ScaleXY(p); math.Abs(got-want) > 1e-9*want {
			t.Fatalf("cell (%d,%d): %v, want %v", i, j, got, want)
		}
	}
	for j := 44400; j < 44430; j++ {
		for i := 6000; i < 6040; i++ {
			check(i, j)
		}
		for i := 5990; i > 5900; i -= 7 { // leftwards, growing the rows' ranges
			check(i, j)
		}
	}
	for j := 44430; j > 44380; j-- {
		check(6001, j)
	}
}
