package geo_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"github.com/landrelease/clearance/geo"
)

// ---- test geometry -------------------------------------------------------

// star returns a closed star-shaped ring of n vertices around (cx, cy) with
// radii in [rmin, rmax], counter-clockwise if ccw.
func covStar(rng *rand.Rand, cx, cy, rmin, rmax float64, n int, ccw bool) geo.RingXY {
	r := make(geo.RingXY, 0, n+1)
	for k := range n {
		a := 2 * math.Pi * (float64(k) + 0.8*rng.Float64()) / float64(n)
		rad := rmin + (rmax-rmin)*rng.Float64()
		r = append(r, geo.XY{X: cx + rad*math.Cos(a), Y: cy + rad*math.Sin(a)})
	}
	if !ccw {
		slices.Reverse(r)
	}
	return append(r, r[0])
}

// covStarHoles returns a concave star polygon of radius up to R with up to
// three star holes near its centre (the disk of radius 0.25R is inside the
// shell for n ≥ 12).
func covStarHoles(rng *rand.Rand, cx, cy, R float64, n, holes int) geo.PolygonXY {
	p := geo.PolygonXY{covStar(rng, cx, cy, 0.35*R, R, n, true)}
	for h := range holes {
		a := 2 * math.Pi * float64(h) / 3
		hx, hy := cx+0.12*R*math.Cos(a), cy+0.12*R*math.Sin(a)
		p = append(p, covStar(rng, hx, hy, 0.02*R, 0.05*R, 5+rng.IntN(8), false))
	}
	return p
}

func covSquare(x0, y0, x1, y1 float64) geo.PolygonXY {
	return geo.PolygonXY{{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}, {X: x0, Y: y0}}}
}

// ---- oracles -----------------------------------------------------------------

// covRingArea is the covShoelace area of r, taken about its first vertex.
func covRingArea(r geo.RingXY) float64 {
	if len(r) < 3 {
		return 0
	}
	o := r[0]
	var a float64
	for k := range r {
		p, q := r[k], r[(k+1)%len(r)]
		a += (p.X-o.X)*(q.Y-o.Y) - (q.X-o.X)*(p.Y-o.Y)
	}
	return math.Abs(a) / 2
}

func covPolygonArea(mp geo.MultiPolygonXY) float64 {
	var a float64
	for _, p := range mp {
		for k, r := range p {
			if k == 0 {
				a += covRingArea(r)
			} else {
				a -= covRingArea(r)
			}
		}
	}
	return a
}

// covClipBox clips ring r to box b with Sutherland–Hodgman, in coordinates
// relative to b.Min (to keep UTM-sized numbers out of the area sums).
func covClipBox(r geo.RingXY, b geo.BoxXY) []geo.XY {
	w, h := b.Max.X-b.Min.X, b.Max.Y-b.Min.Y
	poly := make([]geo.XY, 0, len(r))
	for _, p := range r {
		poly = append(poly, geo.XY{X: p.X - b.Min.X, Y: p.Y - b.Min.Y})
	}
	if len(poly) > 1 && poly[0] == poly[len(poly)-1] {
		poly = poly[:len(poly)-1]
	}
	type plane struct {
		in    func(geo.XY) bool
		cross func(a, b geo.XY) geo.XY
	}
	atX := func(x float64) func(a, b geo.XY) geo.XY {
		return func(a, b geo.XY) geo.XY {
			t := (x - a.X) / (b.X - a.X)
			return geo.XY{X: x, Y: a.Y + t*(b.Y-a.Y)}
		}
	}
	atY := func(y float64) func(a, b geo.XY) geo.XY {
		return func(a, b geo.XY) geo.XY {
			t := (y - a.Y) / (b.Y - a.Y)
			return geo.XY{X: a.X + t*(b.X-a.X), Y: y}
		}
	}
	planes := []plane{
		{func(p geo.XY) bool { return p.X >= 0 }, atX(0)},
		{func(p geo.XY) bool { return p.X <= w }, atX(w)},
		{func(p geo.XY) bool { return p.Y >= 0 }, atY(0)},
		{func(p geo.XY) bool { return p.Y <= h }, atY(h)},
	}
	for _, pl := range planes {
		if len(poly) == 0 {
			break
		}
		var out []geo.XY
		prev := poly[len(poly)-1]
		for _, cur := range poly {
			switch {
			case pl.in(cur) && pl.in(prev):
				out = append(out, cur)
			case pl.in(cur):
				out = append(out, pl.cross(prev, cur), cur)
			case pl.in(prev):
				out = append(out, pl.cross(prev, cur))
			}
			prev = cur
		}
		poly = out
	}
	return poly
}

func covShoelace(p []geo.XY) float64 {
	var a float64
	for k := range p {
		q, r := p[k], p[(k+1)%len(p)]
		a += q.X*r.Y - r.X*q.Y
	}
	return math.Abs(a) / 2
}

type covIJ struct{ i, j int }

func covBBox(mps ...geo.MultiPolygonXY) geo.BoxXY {
	b := geo.BoxXY{Min: geo.XY{X: math.Inf(1), Y: math.Inf(1)}, Max: geo.XY{X: math.Inf(-1), Y: math.Inf(-1)}}
	for _, mp := range mps {
		for _, p := range mp {
			for _, r := range p {
				for _, q := range r {
					b.Min.X, b.Min.Y = min(b.Min.X, q.X), min(b.Min.Y, q.Y)
					b.Max.X, b.Max.Y = max(b.Max.X, q.X), max(b.Max.Y, q.Y)
				}
			}
		}
	}
	return b
}

// covOracle computes every cell's area of mp over its bounding box by
// Sutherland–Hodgman: area(shell ∩ cell) − Σ area(hole ∩ cell).
func covOracle(g geo.Grid, mp geo.MultiPolygonXY) map[covIJ]float64 {
	out := map[covIJ]float64{}
	b := covBBox(mp)
	i0, j0 := g.CellOf(b.Min)
	i1, j1 := g.CellOf(b.Max)
	for j := j0; j <= j1; j++ {
		for i := i0; i <= i1; i++ {
			box := g.CellBox(i, j)
			var a float64
			for _, p := range mp {
				for k, r := range p {
					ra := covShoelace(covClipBox(r, box))
					if k == 0 {
						a += ra
					} else {
						a -= ra
					}
				}
			}
			if a != 0 {
				out[covIJ{i, j}] = a
			}
		}
	}
	return out
}

// covOracleUnion computes the area of the union of polys in cell (i, j) by
// integrating over vertical slabs whose bounds are every vertex x, every x
// where an edge meets the cell's bottom or top line and every crossing x of
// two edges (of any polygons) inside the cell; at the middle
// of each slab the polygons' sections are found by the even–odd rule over
// all their edges, clipped to the cell and merged. Brute force over edges.
func covOracleUnion(g geo.Grid, polys []geo.MultiPolygonXY, i, j int) float64 {
	box := g.CellBox(i, j)
	type edge struct{ a, b geo.XY }
	var all [][]edge
	for _, mp := range polys {
		var es []edge
		for _, p := range mp {
			for _, r := range p {
				for k := 0; k+1 < len(r); k++ {
					a := geo.XY{X: r[k].X - box.Min.X, Y: r[k].Y - box.Min.Y}
					b := geo.XY{X: r[k+1].X - box.Min.X, Y: r[k+1].Y - box.Min.Y}
					es = append(es, edge{a, b})
				}
			}
		}
		all = append(all, es)
	}
	w, h := box.Max.X-box.Min.X, box.Max.Y-box.Min.Y
	xs := []float64{0, w}
	var flat []edge
	for _, es := range all {
		flat = append(flat, es...)
	}
	for k, e := range flat {
		if e.a.X > 0 && e.a.X < w {
			xs = append(xs, e.a.X)
		}
		// Where the edge meets the cell's bottom and top lines.
		for _, y := range []float64{0, h} {
			if (e.a.Y < y) != (e.b.Y < y) {
				if x := e.a.X + (y-e.a.Y)/(e.b.Y-e.a.Y)*(e.b.X-e.a.X); x > 0 && x < w {
					xs = append(xs, x)
				}
			}
		}
		for _, f := range flat[k+1:] {
			rx, ry := e.b.X-e.a.X, e.b.Y-e.a.Y
			qx, qy := f.b.X-f.a.X, f.b.Y-f.a.Y
			den := rx*qy - ry*qx
			if den == 0 {
				continue
			}
			t := ((f.a.X-e.a.X)*qy - (f.a.Y-e.a.Y)*qx) / den
			u := ((f.a.X-e.a.X)*ry - (f.a.Y-e.a.Y)*rx) / den
			if t >= 0 && t <= 1 && u >= 0 && u <= 1 {
				if x := e.a.X + t*rx; x > 0 && x < w {
					xs = append(xs, x)
				}
			}
		}
	}
	slices.Sort(xs)
	var area float64
	for k := 1; k < len(xs); k++ {
		if xs[k] <= xs[k-1] {
			continue
		}
		xm := (xs[k] + xs[k-1]) / 2
		type iv struct{ lo, hi float64 }
		var ivs []iv
		for _, es := range all {
			var ys []float64
			for _, e := range es {
				if (e.a.X <= xm) != (e.b.X <= xm) {
					ys = append(ys, e.a.Y+(xm-e.a.X)/(e.b.X-e.a.X)*(e.b.Y-e.a.Y))
				}
			}
			slices.Sort(ys)
			for q := 0; q+1 < len(ys); q += 2 {
				lo, hi := max(ys[q], 0), min(ys[q+1], h)
				if hi > lo {
					ivs = append(ivs, iv{lo, hi})
				}
			}
		}
		slices.SortFunc(ivs, func(a, b iv) int {
			switch {
			case a.lo < b.lo:
				return -1
			case a.lo > b.lo:
				return 1
			}
			return 0
		})
		var length float64
		end := math.Inf(-1)
		for _, v := range ivs {
			if v.lo > end {
				length += v.hi - v.lo
				end = v.hi
			} else if v.hi > end {
				length += v.hi - end
				end = v.hi
			}
		}
		area += (xs[k] - xs[k-1]) * length
	}
	return area
}

// ---- checks ---------------------------------------------------------------------

func covCheckSorted(t *testing.T, cells []geo.CellArea) {
	t.Helper()
	for k := 1; k < len(cells); k++ {
		a, b := cells[k-1], cells[k]
		if a.J > b.J || (a.J == b.J && a.I >= b.I) {
			t.Fatalf("cells %d and %d out of order: %+v %+v", k-1, k, a, b)
		}
	}
}

// covCases are the named single-polygon cases of the oracle tests.
func covCases() []struct {
	name string
	grid geo.Grid
	mp   geo.MultiPolygonXY
} {
	rng := rand.New(rand.NewPCG(1, 1))
	type tc = struct {
		name string
		grid geo.Grid
		mp   geo.MultiPolygonXY
	}
	var cases []tc
	for k := range 6 {
		cases = append(cases, tc{fmt.Sprintf("star with holes %d", k), geo.Grid{},
			geo.MultiPolygonXY{covStarHoles(rng, 300*rng.Float64(), 300*rng.Float64(), 400+600*rng.Float64(), 12+rng.IntN(60), k%4)}})
	}
	cases = append(cases,
		tc{"multipolygon", geo.Grid{}, geo.MultiPolygonXY{
			covStarHoles(rng, 0, 0, 500, 40, 2),
			covStarHoles(rng, 1300, 250, 400, 25, 1),
			covSquare(-800, -800, -650, -640),
		}},
		tc{"clockwise shell, counter-clockwise hole", geo.Grid{}, func() geo.MultiPolygonXY {
			p := covStarHoles(rng, 50, 50, 700, 50, 3)
			for _, r := range p {
				slices.Reverse(r)
			}
			return geo.MultiPolygonXY{p}
		}()},
		tc{"vertices on grid lines", geo.Grid{}, func() geo.MultiPolygonXY {
			p := covStarHoles(rng, 0, 0, 800, 48, 2)
			for _, r := range p {
				for k := range r {
					r[k].X = math.Round(r[k].X/50) * 50
					r[k].Y = math.Round(r[k].Y/50) * 50
				}
			}
			return geo.MultiPolygonXY{{p[0]}}
		}()},
		tc{"square matching cells", geo.Grid{}, geo.MultiPolygonXY{covSquare(200, -300, 700, 100)}},
		tc{"square matching one cell", geo.Grid{}, geo.MultiPolygonXY{covSquare(100, 100, 200, 200)}},
		tc{"square with a cell hole", geo.Grid{}, geo.MultiPolygonXY{{covSquare(0, 0, 300, 300)[0], covSquare(100, 100, 200, 200)[0]}}},
		tc{"tiny polygon in one cell", geo.Grid{}, geo.MultiPolygonXY{covSquare(120.25, 130.5, 120.75, 131)}},
		tc{"thin horizontal band", geo.Grid{}, geo.MultiPolygonXY{covSquare(-130, 20, 460, 70)}},
		tc{"negative coordinates", geo.Grid{}, geo.MultiPolygonXY{covStarHoles(rng, -2345.6, -987.1, 600, 40, 3)}},
		tc{"UTM coordinates", geo.Grid{}, geo.MultiPolygonXY{covStarHoles(rng, 600123.4, 4450321.7, 900, 80, 3)}},
		tc{"UTM on grid lines", geo.Grid{}, func() geo.MultiPolygonXY {
			p := covStarHoles(rng, 600000, 4450000, 700, 40, 0)
			for k := range p[0] {
				p[0][k].X = math.Round(p[0][k].X/25) * 25
				p[0][k].Y = math.Round(p[0][k].Y/25) * 25
			}
			return geo.MultiPolygonXY{p}
		}()},
		tc{"25 m grid", geo.Grid{CellM: 25}, geo.MultiPolygonXY{covStarHoles(rng, 10, 20, 200, 30, 2)}},
		tc{"non-integer grid", geo.Grid{CellM: 33.3}, geo.MultiPolygonXY{covStarHoles(rng, 10, 20, 300, 30, 2)}},
		tc{"open ring", geo.Grid{}, geo.MultiPolygonXY{{covSquare(30, 30, 230, 180)[0][:4]}}},
	)
	return cases
}

func TestCoverOracle(t *testing.T) {
	for _, tc := range covCases() {
		t.Run(tc.name, func(t *testing.T) {
			g := tc.grid
			s := g.Size()
			got := g.Cover(tc.mp, nil)
			covCheckSorted(t, got)
			want := covOracle(g, tc.mp)
			tol := 1e-9 * s * s
			seen := map[covIJ]bool{}
			var sum float64
			for _, c := range got {
				if !(c.AreaM2 > 0) || c.AreaM2 > s*s {
					t.Errorf("cell (%d,%d): area %g out of (0, %g]", c.I, c.J, c.AreaM2, s*s)
				}
				w := want[covIJ{c.I, c.J}]
				if math.Abs(c.AreaM2-w) > tol {
					t.Errorf("cell (%d,%d): area %.12g, oracle %.12g", c.I, c.J, c.AreaM2, w)
				}
				seen[covIJ{c.I, c.J}] = true
				sum += c.AreaM2
			}
			for k, w := range want {
				if !seen[k] && w > tol {
					t.Errorf("cell %v: missing, oracle area %.12g", k, w)
				}
			}
			if area := covPolygonArea(tc.mp); math.Abs(sum-area) > 1e-9*area {
				t.Errorf("sum of cells %.12g, polygon area %.12g (rel %.2g)", sum, area, (sum-area)/area)
			}
		})
	}
}

func TestCoverOpenRingMatchesClosed(t *testing.T) {
	closed := geo.MultiPolygonXY{covSquare(30, 30, 230, 180)}
	open := geo.MultiPolygonXY{{closed[0][0][:4]}}
	var g geo.Grid
	if a, b := g.Cover(closed, nil), g.Cover(open, nil); !reflect.DeepEqual(a, b) {
		t.Errorf("open ring %v, closed %v", b, a)
	}
}

func TestCoverEmpty(t *testing.T) {
	var g geo.Grid
	for name, mp := range map[string]geo.MultiPolygonXY{
		"nil":              nil,
		"empty polygon":    {{}},
		"empty ring":       {{{}}},
		"two positions":    {{{{X: 0, Y: 0}, {X: 100, Y: 100}}}},
		"zero area":        {{{{X: 0, Y: 0}, {X: 100, Y: 100}, {X: 200, Y: 200}, {X: 0, Y: 0}}}},
		"zero-width strip": {covSquare(50, 50, 50, 250)},
	} {
		if got := g.Cover(mp, nil); len(got) != 0 {
			t.Errorf("%s: got %v, want no cells", name, got)
		}
	}
	dst := []geo.CellArea{{I: 7, J: 7, AreaM2: 1}}
	if got := g.Cover(nil, dst); !reflect.DeepEqual(got, dst) {
		t.Errorf("Cover(nil, dst) changed dst: %v", got)
	}
}

func TestCoverAppends(t *testing.T) {
	var g geo.Grid
	dst := []geo.CellArea{{I: -1, J: -1, AreaM2: 5}}
	got := g.Cover(geo.MultiPolygonXY{covSquare(0, 0, 100, 100)}, dst)
	want := []geo.CellArea{{I: -1, J: -1, AreaM2: 5}, {I: 0, J: 0, AreaM2: 10000}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func TestCellsMatchesCover(t *testing.T) {
	var g geo.Grid
	rng := rand.New(rand.NewPCG(1, 1))
	mp := geo.MultiPolygonXY{covStarHoles(rng, 0, 0, 900, 50, 2)}
	var got []geo.CellArea
	for c := range g.Cells(mp) {
		got = append(got, c)
	}
	if want := g.Cover(mp, nil); !reflect.DeepEqual(got, want) {
		t.Errorf("Cells gave %d cells, Cover %d", len(got), len(want))
	}
	n := 0
	for range g.Cells(mp) {
		n++
		if n == 3 {
			break
		}
	}
	if n != 3 {
		t.Errorf("early stop: %d", n)
	}
}

func TestCoverAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("allocation counts are not meaningful under the race detector")
	}
	var g geo.Grid
	rng := rand.New(rand.NewPCG(1, 1))
	mp := geo.MultiPolygonXY{covStarHoles(rng, 600000, 4450000, 3000, 2000, 3)}
	dst := g.Cover(mp, nil)
	allocs := testing.AllocsPerRun(20, func() { dst = g.Cover(mp, dst[:0]) })
	if allocs > 0.5 {
		t.Errorf("Cover with a large enough dst: %.1f allocations per call, want 0", allocs)
	}
}

// ---- union ----------------------------------------------------------------------

func covCheckUnion(t *testing.T, g geo.Grid, polys []geo.MultiPolygonXY, cov *geo.Coverage) {
	t.Helper()
	s := g.Size()
	tol := 1e-9 * s * s
	// Every cell where some polygon has area, with its members.
	type cellInfo struct {
		members []int32
		areas   []float64
	}
	want := map[covIJ]*cellInfo{}
	for p, mp := range polys {
		for _, c := range g.Cover(mp, nil) {
			ci := want[covIJ{c.I, c.J}]
			if ci == nil {
				ci = &cellInfo{}
				want[covIJ{c.I, c.J}] = ci
			}
			ci.members = append(ci.members, int32(p))
			ci.areas = append(ci.areas, c.AreaM2)
		}
	}
	if len(cov.Cells) != len(want) {
		t.Errorf("%d cells, want %d", len(cov.Cells), len(want))
	}
	for k, c := range cov.Cells {
		if k > 0 {
			a := cov.Cells[k-1]
			if a.J > c.J || (a.J == c.J && a.I >= c.I) {
				t.Fatalf("cells %d and %d out of order", k-1, k)
			}
		}
		ci := want[covIJ{c.I, c.J}]
		if ci == nil {
			t.Errorf("cell (%d,%d): unexpected, area %g", c.I, c.J, c.AreaM2)
			continue
		}
		if !slices.Equal(cov.Members(k), ci.members) {
			t.Errorf("cell (%d,%d): members %v, want %v", c.I, c.J, cov.Members(k), ci.members)
		} else if !slices.Equal(cov.MemberAreas(k), ci.areas) {
			t.Errorf("cell (%d,%d): member areas %v, want Cover's %v", c.I, c.J, cov.MemberAreas(k), ci.areas)
		}
		w := covOracleUnion(g, polys, c.I, c.J)
		if math.Abs(c.AreaM2-w) > tol {
			t.Errorf("cell (%d,%d) members %v: union %.12g, oracle %.12g", c.I, c.J, ci.members, c.AreaM2, w)
		}
		if c.GroundM2 != c.AreaM2 {
			t.Errorf("cell (%d,%d): GroundM2 %g without projection, AreaM2 %g", c.I, c.J, c.GroundM2, c.AreaM2)
		}
		if kk, ok := cov.Find(c.I, c.J); !ok || kk != k {
			t.Errorf("Find(%d,%d) = %d, %v; want %d", c.I, c.J, kk, ok, k)
		}
	}
}

func TestCoverUnionOracle(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	for k := range 6 {
		t.Run(fmt.Sprint("random ", k), func(t *testing.T) {
			var g geo.Grid
			var polys []geo.MultiPolygonXY
			for range 2 + k%3 {
				polys = append(polys, geo.MultiPolygonXY{covStarHoles(rng, 400*rng.Float64(), 400*rng.Float64(), 250+300*rng.Float64(), 10+rng.IntN(20), rng.IntN(3))})
			}
			cov, err := g.CoverUnion(context.Background(), polys, nil)
			if err != nil {
				t.Fatal(err)
			}
			covCheckUnion(t, g, polys, cov)
			shared := 0 // cells shared by polygons that all cross them
			for k, c := range cov.Cells {
				if len(cov.Members(k)) > 1 && c.AreaM2 < g.Size()*g.Size() {
					shared++
				}
			}
			if shared < 5 {
				t.Errorf("%d partly shared cells: the case tests little", shared)
			}
		})
	}
}

func TestCoverUnionCases(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	a := geo.MultiPolygonXY{covStarHoles(rng, 0, 0, 500, 40, 2)}
	a2 := geo.MultiPolygonXY{{}} // a copy of a
	for _, r := range a[0] {
		a2[0] = append(a2[0], slices.Clone(r))
	}
	rev := geo.MultiPolygonXY{{}}
	for _, r := range a[0] {
		c := slices.Clone(r)
		slices.Reverse(c)
		rev[0] = append(rev[0], c)
	}
	inner := geo.MultiPolygonXY{{covStar(rng, 10, 20, 60, 140, 20, true)}}
	left := geo.MultiPolygonXY{{{{X: 0, Y: 0}, {X: 130, Y: 10}, {X: 170, Y: 240}, {X: 20, Y: 230}, {X: 0, Y: 0}}}}
	right := geo.MultiPolygonXY{{{{X: 130, Y: 10}, {X: 330, Y: 30}, {X: 310, Y: 250}, {X: 170, Y: 240}, {X: 130, Y: 10}}}}
	dis1 := geo.MultiPolygonXY{covSquare(110, 110, 140, 150)}
	dis2 := geo.MultiPolygonXY{{{{X: 150, Y: 105}, {X: 190, Y: 130}, {X: 160, Y: 190}, {X: 150, Y: 105}}}}
	hole := geo.MultiPolygonXY{{covSquare(0, 0, 300, 300)[0], covSquare(60, 60, 240, 240)[0]}}
	plug := geo.MultiPolygonXY{covSquare(60, 60, 240, 240)}
	var g geo.Grid
	for _, tc := range []struct {
		name  string
		polys []geo.MultiPolygonXY
		want  geo.MultiPolygonXY // the union, as one valid polygon
	}{
		{"identical duplicates", []geo.MultiPolygonXY{a, a2}, a},
		{"duplicate reversed", []geo.MultiPolygonXY{a, rev}, a},
		{"one inside another", []geo.MultiPolygonXY{a, inner}, nil},
		{"sharing an edge", []geo.MultiPolygonXY{left, right}, geo.MultiPolygonXY{{{{X: 0, Y: 0}, {X: 130, Y: 10}, {X: 330, Y: 30}, {X: 310, Y: 250}, {X: 170, Y: 240}, {X: 20, Y: 230}, {X: 0, Y: 0}}}}},
		{"disjoint in the same cell", []geo.MultiPolygonXY{dis1, dis2}, nil},
		{"polygon filling a hole", []geo.MultiPolygonXY{hole, plug}, geo.MultiPolygonXY{covSquare(0, 0, 300, 300)}},
		{"three copies", []geo.MultiPolygonXY{a, a2, rev}, a},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cov, err := g.CoverUnion(context.Background(), tc.polys, nil)
			if err != nil {
				t.Fatal(err)
			}
			covCheckUnion(t, g, tc.polys, cov)
			if tc.want != nil {
				want := g.Cover(tc.want, nil)
				if len(want) != len(cov.Cells) {
					t.Fatalf("%d cells, want %d", len(cov.Cells), len(want))
				}
				for k, c := range want {
					got := cov.Cells[k]
					if got.I != c.I || got.J != c.J || math.Abs(got.AreaM2-c.AreaM2) > 1e-9*g.Size()*g.Size() {
						t.Errorf("cell %d: got (%d,%d) %.12g, want (%d,%d) %.12g", k, got.I, got.J, got.AreaM2, c.I, c.J, c.AreaM2)
					}
				}
				if area := covPolygonArea(tc.want); math.Abs(cov.AreaM2()-area) > 1e-9*area {
					t.Errorf("total %.12g, union area %.12g", cov.AreaM2(), area)
				}
			}
		})
	}
	// Disjoint polygons in one cell: the cell has the sum.
	cov, _ := g.CoverUnion(context.Background(), []geo.MultiPolygonXY{dis1, dis2}, nil)
	if len(cov.Cells) != 1 || math.Abs(cov.Cells[0].AreaM2-(covPolygonArea(dis1)+covPolygonArea(dis2))) > 1e-9 {
		t.Errorf("disjoint: %+v", cov.Cells)
	}
}

func TestCoverUnionWorkers(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	var polys []geo.MultiPolygonXY
	for range 40 {
		polys = append(polys, geo.MultiPolygonXY{covStarHoles(rng, 600000+3000*rng.Float64(), 4450000+3000*rng.Float64(), 200+500*rng.Float64(), 12+rng.IntN(80), rng.IntN(4))})
	}
	polys = append(polys, nil, geo.MultiPolygonXY{{}})
	var g geo.Grid
	var ref *geo.Coverage
	calls := 0
	for _, w := range []int{1, 2, 8, 0} {
		last := 0
		cov, err := g.CoverUnion(context.Background(), polys, &geo.CoverOptions{Workers: w, Progress: func(done, total int) {
			calls++
			if total != len(polys) || done != last+1 {
				t.Errorf("progress %d/%d after %d", done, total, last)
			}
			last = done
		}})
		if err != nil {
			t.Fatal(err)
		}
		if last != len(polys) {
			t.Errorf("workers %d: progress ended at %d", w, last)
		}
		if ref == nil {
			ref = cov
			continue
		}
		if !reflect.DeepEqual(cov, ref) {
			t.Errorf("workers %d: result differs from workers 1", w)
		}
	}
	var sum float64
	for _, mp := range polys {
		sum += covPolygonArea(mp)
	}
	if a := ref.AreaM2(); a >= sum || a <= 0 {
		t.Errorf("union area %g, sum of areas %g: expected overlaps", a, sum)
	}
}

func TestCoverUnionCancel(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	polys := []geo.MultiPolygonXY{{covStarHoles(rng, 0, 0, 500, 30, 1)}}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var g geo.Grid
	cov, err := g.CoverUnion(ctx, polys, &geo.CoverOptions{Workers: 2})
	if !errors.Is(err, context.Canceled) || cov != nil {
		t.Errorf("got %v, %v; want nil, context.Canceled", cov, err)
	}
	// Cancelled from the progress callback, part way.
	for range 200 {
		polys = append(polys, geo.MultiPolygonXY{covStarHoles(rng, 5000*rng.Float64(), 5000*rng.Float64(), 300, 40, 1)})
	}
	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	cov, err = g.CoverUnion(ctx, polys, &geo.CoverOptions{Workers: 2, Progress: func(done, _ int) {
		if done == 10 {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) || cov != nil {
		t.Errorf("cancelled while running: got %v, %v", cov, err)
	}
}

func TestCoverUnionEmpty(t *testing.T) {
	var g geo.Grid
	for name, polys := range map[string][]geo.MultiPolygonXY{
		"nil":           nil,
		"empty":         {},
		"empty members": {nil, {{}}, {{{}}}},
	} {
		cov, err := g.CoverUnion(context.Background(), polys, nil)
		if err != nil || cov == nil || len(cov.Cells) != 0 || cov.AreaM2() != 0 || cov.GroundM2() != 0 {
			t.Errorf("%s: got %+v, %v; want an empty coverage", name, cov, err)
		}
		if _, ok := cov.Find(0, 0); ok {
			t.Errorf("%s: Find found a cell", name)
		}
	}
}

// covScaleProjection is a Projection with a scale factor that varies with x.
type covScaleProjection struct{}

func (covScaleProjection) Forward(p geo.LonLat) geo.XY { return geo.XY{X: p.Lon, Y: p.Lat} }
func (covScaleProjection) Inverse(p geo.XY) geo.LonLat { return geo.LonLat{Lon: p.X, Lat: p.Y} }
func (covScaleProjection) ScaleXY(p geo.XY) float64    { return 0.9996 + p.X*1e-6 }
func (covScaleProjection) String() string              { return "test scale" }

func TestCoverUnionGround(t *testing.T) {
	var g geo.Grid
	polys := []geo.MultiPolygonXY{{covSquare(0, 0, 250, 150)}, {covSquare(100, 100, 400, 300)}}
	cov, err := g.CoverUnion(context.Background(), polys, &geo.CoverOptions{Projection: covScaleProjection{}})
	if err != nil {
		t.Fatal(err)
	}
	var ground float64
	for _, c := range cov.Cells {
		k := 0.9996 + g.CellCentre(c.I, c.J).X*1e-6
		if want := c.AreaM2 / (k * k); math.Abs(c.GroundM2-want) > 1e-9 {
			t.Errorf("cell (%d,%d): ground %g, want %g", c.I, c.J, c.GroundM2, want)
		}
		ground += c.GroundM2
	}
	if want := 250.0*150 + 300*200 - 150*50; math.Abs(cov.AreaM2()-want) > 1e-6 {
		t.Errorf("AreaM2 %g, want %g", cov.AreaM2(), want)
	}
	if math.Abs(cov.GroundM2()-ground) > 1e-6 {
		t.Errorf("GroundM2 %g, want %g", cov.GroundM2(), ground)
	}
}
