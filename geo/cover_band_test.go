package geo_test

import (
	"context"
	"errors"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/landrelease/clearance/geo"
)

// TestCoverBandsMatchesCoverUnion checks that the bands of CoverBands,
// joined, are CoverUnion's coverage bit for bit (cells, areas, ground
// areas, members and their areas), for several band heights, cell sizes
// and worker counts, on overlapping polygons with holes, some crossing
// several bands, with a scale projection.
func TestCoverBandsMatchesCoverUnion(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	var polys []geo.MultiPolygonXY
	for range 40 {
		polys = append(polys, geo.MultiPolygonXY{covStarHoles(rng, 600000+3000*rng.Float64(), 4450000+3000*rng.Float64(), 200+900*rng.Float64(), 12+rng.IntN(80), rng.IntN(4))})
	}
	polys = append(polys, nil, geo.MultiPolygonXY{{}}, geo.MultiPolygonXY{covSquare(599000, 4449000, 599100, 4452000)})
	for _, cellM := range []float64{100, 30} {
		g := geo.Grid{CellM: cellM}
		opts := &geo.CoverOptions{Projection: covScaleProjection{}}
		want, err := g.CoverUnion(context.Background(), polys, opts)
		if err != nil {
			t.Fatal(err)
		}
		for _, rows := range []int{1, 3, 7, 64, 0} {
			for _, w := range []int{1, 2} {
				opts := &geo.CoverOptions{Projection: covScaleProjection{}, Workers: w}
				var got []geo.CoveredCell
				var members [][]int32
				var areas [][]float64
				bands, last := 0, 0
				opts.Progress = func(done, total int) {
					if done != last+1 || done > total {
						t.Errorf("progress %d/%d after %d", done, total, last)
					}
					last = done
				}
				err := g.CoverBands(context.Background(), polys, opts, rows, func(cov *geo.Coverage) error {
					bands++
					for k := range cov.Cells {
						c := cov.Cells[k]
						if rows > 0 && (c.J < cov.Cells[0].J/rows*rows || c.J >= (cov.Cells[0].J/rows+1)*rows) {
							t.Fatalf("band of %d rows holds rows %d and %d", rows, cov.Cells[0].J, c.J)
						}
						got = append(got, c)
						members = append(members, slices.Clone(cov.Members(k)))
						areas = append(areas, slices.Clone(cov.MemberAreas(k)))
					}
					return nil
				})
				if err != nil {
					t.Fatal(err)
				}
				if len(got) != want.Len() {
					t.Fatalf("%g m, %d rows, %d workers: %d cells in %d bands, want %d", cellM, rows, w, len(got), bands, want.Len())
				}
				for k := range got {
					wc := want.Cells[k]
					if got[k].I != wc.I || got[k].J != wc.J || got[k].AreaM2 != wc.AreaM2 || got[k].GroundM2 != wc.GroundM2 ||
						!slices.Equal(members[k], want.Members(k)) || !slices.Equal(areas[k], want.MemberAreas(k)) {
						t.Fatalf("%g m, %d rows, %d workers: cell %d is %+v %v %v, want %+v %v %v", cellM, rows, w, k,
							got[k], members[k], areas[k], wc, want.Members(k), want.MemberAreas(k))
					}
				}
				if rows == 1 && bands < 20 {
					t.Errorf("%d bands of one row: too few for a test", bands)
				}
			}
		}
	}
}

func TestCoverBandsErrors(t *testing.T) {
	g := geo.Grid{}
	polys := []geo.MultiPolygonXY{{covSquare(0, 0, 1000, 1000)}}
	stop := errors.New("stop")
	calls := 0
	err := g.CoverBands(context.Background(), polys, nil, 2, func(*geo.Coverage) error { calls++; return stop })
	if !errors.Is(err, stop) || calls != 1 {
		t.Errorf("f's error: %v after %d calls", err, calls)
	}
	if err := g.CoverBands(context.Background(), polys, &geo.CoverOptions{MaxCells: 10}, 2, func(*geo.Coverage) error {
		t.Error("f called past MaxCells")
		return nil
	}); !errors.Is(err, geo.ErrTooManyCells) {
		t.Errorf("MaxCells: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := g.CoverBands(ctx, polys, nil, 2, func(*geo.Coverage) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
	if err := g.CoverBands(context.Background(), nil, nil, 0, func(*geo.Coverage) error { t.Error("f called"); return nil }); err != nil {
		t.Errorf("no polygons: %v", err)
	}
}
