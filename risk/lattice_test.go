package risk

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/landrelease/clearance/geo"
)

// TestLatticeNodes checks addLattice, bit for bit, against its definition
// computed node by node: each node the sum, in point order, of w·exp(−dy²/
// (2h²))·exp(−dx²/(2h²)) (the tables' factors) over the points within the
// cutoff, and each cell the bilinear interpolation of its four nodes'
// logarithms (values where a node is 0); on scattered blobs of cells and a
// dense block, with points inside and outside, chunks of every size, and
// steps 2 to 5.
func TestLatticeNodes(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	const s = 100.0
	for _, tc := range []struct {
		name  string
		keep  float64
		w, h  int
		blobs int
		step  int
		hM    float64
	}{
		{"dense", 0.9, 120, 90, 0, 2, 1000},
		{"blobs", 0.0, 400, 300, 25, 4, 5000},
		{"sparse", 0.02, 300, 250, 0, 3, 2000},
		{"blobs-step5", 0.0, 500, 200, 12, 5, 3000},
	} {
		i0, j0 := 4000, 44000
		keep := make(map[[2]int]bool)
		for j := j0; j < j0+tc.h; j++ {
			for i := i0; i < i0+tc.w; i++ {
				if rng.Float64() < tc.keep {
					keep[[2]int{i, j}] = true
				}
			}
		}
		for range tc.blobs {
			ci, cj, r := i0+rng.IntN(tc.w), j0+rng.IntN(tc.h), 2+rng.IntN(12)
			for j := max(j0, cj-r); j < min(j0+tc.h, cj+r); j++ {
				for i := max(i0, ci-r); i < min(i0+tc.w, ci+r); i++ {
					if (i-ci)*(i-ci)+(j-cj)*(j-cj) <= r*r {
						keep[[2]int{i, j}] = true
					}
				}
			}
		}
		var cells [][2]int
		for j := j0; j < j0+tc.h; j++ {
			for i := i0; i < i0+tc.w; i++ {
				if keep[[2]int{i, j}] {
					cells = append(cells, [2]int{i, j})
				}
			}
		}
		l := newLayout(s, len(cells), func(k int) (int, int) { return cells[k][0], cells[k][1] })
		var pts []geo.XY
		var w []float64
		for range 150 {
			pts = append(pts, geo.XY{X: (float64(i0) + rng.Float64()*float64(tc.w+200) - 100) * s,
				Y: (float64(j0) + rng.Float64()*float64(tc.h+200) - 100) * s})
			w = append(w, []float64{0, 1, rng.Float64() * 3}[rng.IntN(3)])
		}
		cutoff := 4 * tc.hM
		// The tables are clipped to the box of the polygons the cells cover
		// (the points reach well beyond): here the tightest such box, all
		// but a sliver inside the outermost cells.
		imin, jmin, imax, jmax := math.MaxInt, math.MaxInt, math.MinInt, math.MinInt
		for _, c := range cells {
			imin, jmin, imax, jmax = min(imin, c[0]), min(jmin, c[1]), max(imax, c[0]), max(jmax, c[1])
		}
		box := [4]float64{(float64(imin) + 0.999) * s, (float64(jmin) + 0.999) * s, (float64(imax) + 0.001) * s, (float64(jmax) + 0.001) * s}
		if tc.name == "sparse" {
			box = [4]float64{math.Inf(-1), math.Inf(-1), math.Inf(1), math.Inf(1)} // not clipped
		}
		lt := newLatticeTabs(pts, w, tc.hM, cutoff, s, tc.step, box, 2)
		inv := 1 / (2 * tc.hM * tc.hM)
		// nodeValue is a node's sum by its definition, without the tables.
		nodeValue := func(a, c int) float64 {
			var v float64
			for k, p := range pts {
				if w[k] == 0 {
					continue
				}
				dy := (float64(c*tc.step)+0.5)*s - p.Y
				dx := (float64(a*tc.step)+0.5)*s - p.X
				if dy*dy > lt.c2 || !(dx*dx+dy*dy <= lt.c2) {
					continue
				}
				v += w[k] * math.Exp(-dy*dy*inv) * math.Exp(-dx*dx*inv)
			}
			return v
		}
		want := make([]float64, len(cells))
		for q, cl := range cells {
			a, c := floorDiv(cl[0], tc.step), floorDiv(cl[1], tc.step)
			fx := float64(cl[0]-a*tc.step) / float64(tc.step)
			fy := float64(cl[1]-c*tc.step) / float64(tc.step)
			n00, n10, n01, n11 := nodeValue(a, c), nodeValue(a+1, c), nodeValue(a, c+1), nodeValue(a+1, c+1)
			switch {
			case fx == 0 && fy == 0:
				want[q] = n00
			case n00 > 0 && n10 > 0 && n01 > 0 && n11 > 0:
				l00, l10, l01, l11 := math.Log(n00), math.Log(n10), math.Log(n01), math.Log(n11)
				want[q] = math.Exp((1-fy)*((1-fx)*l00+fx*l10) + fy*((1-fx)*l01+fx*l11))
			default:
				want[q] = (1-fy)*((1-fx)*n00+fx*n10) + fy*((1-fx)*n01+fx*n11)
			}
		}
		for _, chunk := range []int{1, 7, 40, l.rows()} {
			got := make([]float64, len(cells))
			var b latticeBuf
			for r := 0; r < l.rows(); r += chunk {
				b = l.addLattice(got, r, min(r+chunk, l.rows()), pts, lt, b)
			}
			for q := range cells {
				if math.Float64bits(got[q]) != math.Float64bits(want[q]) {
					t.Fatalf("%s, chunks of %d rows: cell %v: %v, want %v", tc.name, chunk, cells[q], got[q], want[q])
				}
			}
		}
	}
}
