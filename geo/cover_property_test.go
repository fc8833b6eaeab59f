package geo_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"github.com/landrelease/clearance/geo"
)

// rectUnionArea returns the exact area of the union of axis-aligned
// rectangles [x0, x1) × [y0, y1), by coordinate compression: an oracle
// that shares nothing with the grid's clipping.
func rectUnionArea(rects [][4]float64) float64 {
	var xs, ys []float64
	for _, r := range rects {
		xs = append(xs, r[0], r[2])
		ys = append(ys, r[1], r[3])
	}
	slices.Sort(xs)
	slices.Sort(ys)
	xs, ys = slices.Compact(xs), slices.Compact(ys)
	area := 0.0
	for i := 0; i+1 < len(xs); i++ {
		for j := 0; j+1 < len(ys); j++ {
			mx, my := (xs[i]+xs[i+1])/2, (ys[j]+ys[j+1])/2
			for _, r := range rects {
				if mx > r[0] && mx < r[2] && my > r[1] && my < r[3] {
					area += (xs[i+1] - xs[i]) * (ys[j+1] - ys[j])
					break
				}
			}
		}
	}
	return area
}

// TestCoverUnionConservesArea: on seeded random layers, the cells'
// areas sum to the union's area to 1e-9 (relative): overlapping,
// duplicated and nested rectangles, rotated by a random angle and moved to
// UTM-sized coordinates (their union's area known exactly before the
// rotation, which keeps it), beside disjoint stars with holes (their areas
// by the shoelace formula). The cells do not depend on the worker count
// (identical) or on the order of the polygons (same cells, areas to 1e-9).
func TestCoverUnionConservesArea(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	runs := 20
	if testing.Short() {
		runs = 5
	}
	for run := range runs {
		t.Run(fmt.Sprint(run), func(t *testing.T) {
			var rects [][4]float64
			for range 3 + rng.IntN(8) {
				x0, y0 := 1500*rng.Float64(), 1500*rng.Float64()
				r := [4]float64{x0, y0, x0 + 30 + 600*rng.Float64(), y0 + 30 + 600*rng.Float64()}
				rects = append(rects, r)
				switch rng.IntN(4) {
				case 0: // a duplicate
					rects = append(rects, r)
				case 1: // a rectangle nested inside
					w, h := r[2]-r[0], r[3]-r[1]
					rects = append(rects, [4]float64{r[0] + 0.2*w, r[1] + 0.3*h, r[2] - 0.1*w, r[3] - 0.25*h})
				}
			}
			want := rectUnionArea(rects)
			theta := 2 * math.Pi * rng.Float64()
			sin, cos := math.Sincos(theta)
			ox, oy := 600000+1000*rng.Float64(), 4450000+1000*rng.Float64()
			at := func(x, y float64) geo.XY { return geo.XY{X: ox + x*cos - y*sin, Y: oy + x*sin + y*cos} }
			var polys []geo.MultiPolygonXY
			for _, r := range rects {
				ring := geo.RingXY{at(r[0], r[1]), at(r[2], r[1]), at(r[2], r[3]), at(r[0], r[3]), at(r[0], r[1])}
				polys = append(polys, geo.MultiPolygonXY{{ring}})
			}
			for k := range rng.IntN(4) {
				star := geo.MultiPolygonXY{covStarHoles(rng, ox+8000+3000*float64(k), oy-5000, 200+500*rng.Float64(), 8+rng.IntN(60), rng.IntN(3))}
				want += covPolygonArea(star)
				polys = append(polys, star)
			}
			var g geo.Grid
			cov, err := g.CoverUnion(context.Background(), polys, &geo.CoverOptions{Workers: 1})
			if err != nil {
				t.Fatal(err)
			}
			got := 0.0
			for _, c := range cov.Cells {
				got += c.AreaM2
			}
			if math.Abs(got-want) > 1e-9*want {
				t.Errorf("cells sum to %.12g m², the union is %.12g m² (relative error %.2g)", got, want, math.Abs(got-want)/want)
			}
			cov3, err := g.CoverUnion(context.Background(), polys, &geo.CoverOptions{Workers: 3})
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(cov3.Cells, cov.Cells) {
				t.Error("3 workers give other cells than 1")
			}
			perm := rng.Perm(len(polys))
			shuffled := make([]geo.MultiPolygonXY, len(polys))
			for i, p := range perm {
				shuffled[i] = polys[p]
			}
			covS, err := g.CoverUnion(context.Background(), shuffled, nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(covS.Cells) != len(cov.Cells) {
				t.Fatalf("shuffled: %d cells, want %d", len(covS.Cells), len(cov.Cells))
			}
			for k, c := range covS.Cells {
				o := cov.Cells[k]
				if c.I != o.I || c.J != o.J || math.Abs(c.AreaM2-o.AreaM2) > 1e-9*g.Size()*g.Size() {
					t.Fatalf("shuffled: cell %d is (%d,%d) %g m², want (%d,%d) %g m²", k, c.I, c.J, c.AreaM2, o.I, o.J, o.AreaM2)
				}
			}
		})
	}
}
