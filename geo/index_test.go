package geo_test

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"

	"github.com/landrelease/clearance/geo"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// ixStarRing returns a ring of n vertices at increasing angles around c, with
// radii in [rmin, rmax]: star-shaped, so simple; counter-clockwise, or
// clockwise if cw. The ring is closed.
func ixStarRing(r *rand.Rand, c geo.XY, n int, rmin, rmax float64, cw bool) geo.RingXY {
	out := make(geo.RingXY, n+1)
	for i := range n {
		a := 2 * math.Pi * (float64(i) + 0.6*(r.Float64()-0.5)) / float64(n)
		rad := rmin + (rmax-rmin)*r.Float64()
		k := i
		if cw {
			k = n - 1 - i
		}
		out[k] = geo.XY{X: c.X + rad*math.Cos(a), Y: c.Y + rad*math.Sin(a)}
	}
	out[n] = out[0]
	return out
}

// ixRandomPolygon returns a concave star-shaped polygon around c of radius up
// to rmax, with up to two holes well inside it. With at least 12 vertices
// the largest angle step is under 0.68 rad, so the shell keeps a disc of
// 0.55·rmax·cos(0.34) > 0.52·rmax around c; the holes reach 0.45·rmax.
func ixRandomPolygon(r *rand.Rand, c geo.XY, rmax float64) geo.PolygonXY {
	p := geo.PolygonXY{ixStarRing(r, c, 12+r.IntN(12), 0.55*rmax, rmax, false)}
	holes := r.IntN(3)
	a0 := r.Float64() * 2 * math.Pi
	for h := range holes {
		a := a0 + float64(h)*math.Pi
		hc := geo.XY{X: c.X + 0.25*rmax*math.Cos(a), Y: c.Y + 0.25*rmax*math.Sin(a)}
		p = append(p, ixStarRing(r, hc, 6+r.IntN(5), 0.1*rmax, 0.2*rmax, true))
	}
	return p
}

// ixRandomProjected returns nHaz hazards (about one in ten a MultiPolygon of
// two polygons), nPts incidents and nPts/4 settlements snapped to a 250 m
// grid (so that distances tie), in a ixSquare of side sideM metres.
func ixRandomProjected(seed uint64, nHaz, nPts int, sideM float64) *geo.Projected {
	r := rand.New(rand.NewPCG(seed, seed))
	pt := func() geo.XY { return geo.XY{X: 500000 + sideM*r.Float64(), Y: 4400000 + sideM*r.Float64()} }
	p := &geo.Projected{}
	for range nHaz {
		mp := geo.MultiPolygonXY{ixRandomPolygon(r, pt(), 50+450*r.Float64())}
		if r.IntN(10) == 0 {
			mp = append(mp, ixRandomPolygon(r, pt(), 50+250*r.Float64()))
		}
		p.Hazards = append(p.Hazards, mp)
	}
	for range nPts {
		p.Incidents = append(p.Incidents, pt())
	}
	for range nPts / 4 {
		q := pt()
		p.Settlements = append(p.Settlements, geo.XY{X: math.Round(q.X/250) * 250, Y: math.Round(q.Y/250) * 250})
	}
	return p
}

func ixToOrb(p geo.PolygonXY) orb.Polygon {
	out := make(orb.Polygon, len(p))
	for k, rg := range p {
		out[k] = make(orb.Ring, len(rg))
		for i, q := range rg {
			out[k][i] = orb.Point{q.X, q.Y}
		}
	}
	return out
}

// Oracles: brute force over every item, with tests written independently of
// the index (orb's point in polygon; vertex, corner and edge-crossing tests
// for boxes).

// ixOracle holds the hazards as orb polygons, converted once.
type ixOracle [][]orb.Polygon

func ixNewOracle(p *geo.Projected) ixOracle {
	o := make(ixOracle, len(p.Hazards))
	for h, mp := range p.Hazards {
		for _, poly := range mp {
			o[h] = append(o[h], ixToOrb(poly))
		}
	}
	return o
}

func (o ixOracle) containing(q geo.XY) []int {
	var out []int
	for h, mp := range o {
		for _, poly := range mp {
			if planar.PolygonContains(poly, orb.Point{q.X, q.Y}) {
				out = append(out, h)
				break
			}
		}
	}
	return out
}

func ixSegsCross(a, b, c, d geo.XY) bool {
	o := func(p, q, r geo.XY) float64 { return (q.X-p.X)*(r.Y-p.Y) - (q.Y-p.Y)*(r.X-p.X) }
	return o(a, b, c)*o(a, b, d) < 0 && o(c, d, a)*o(c, d, b) < 0
}

func (o ixOracle) intersecting(b geo.BoxXY) []int {
	corners := []orb.Point{{b.Min.X, b.Min.Y}, {b.Max.X, b.Min.Y}, {b.Max.X, b.Max.Y}, {b.Min.X, b.Max.Y}}
	in := func(q orb.Point) bool {
		return q[0] >= b.Min.X && q[0] <= b.Max.X && q[1] >= b.Min.Y && q[1] <= b.Max.Y
	}
	xy := func(q orb.Point) geo.XY { return geo.XY{X: q[0], Y: q[1]} }
	var out []int
	for h, mp := range o {
	polys:
		for _, poly := range mp {
			for _, c := range corners {
				if planar.PolygonContains(poly, c) {
					out = append(out, h)
					break polys
				}
			}
			for _, rg := range poly {
				for i := 0; i+1 < len(rg); i++ {
					if in(rg[i]) {
						out = append(out, h)
						break polys
					}
					for k := range 4 {
						if ixSegsCross(xy(rg[i]), xy(rg[i+1]), xy(corners[k]), xy(corners[(k+1)%4])) {
							out = append(out, h)
							break polys
						}
					}
				}
			}
		}
	}
	return out
}

func ixBruteWithin(pts []geo.XY, q geo.XY, r float64) []int {
	var out []int
	for i, p := range pts {
		if math.Hypot(p.X-q.X, p.Y-q.Y) <= r {
			out = append(out, i)
		}
	}
	return out
}

func ixBruteNearest(pts []geo.XY, q geo.XY, k int) []geo.Neighbor {
	if k <= 0 {
		return nil
	}
	all := make([]geo.Neighbor, len(pts))
	d2 := make([]float64, len(pts))
	for i, p := range pts {
		dx, dy := p.X-q.X, p.Y-q.Y
		d2[i] = dx*dx + dy*dy
		all[i] = geo.Neighbor{Index: i, DistanceM: math.Sqrt(d2[i])}
	}
	slices.SortFunc(all, func(a, b geo.Neighbor) int {
		if c := cmp.Compare(d2[a.Index], d2[b.Index]); c != 0 {
			return c
		}
		return cmp.Compare(a.Index, b.Index)
	})
	if len(all) == 0 {
		return nil
	}
	return all[:min(k, len(all))]
}

func ixCollect(seq func(func(int) bool)) []int {
	var out []int
	for i := range seq {
		out = append(out, i)
	}
	return out
}

func TestIndexOracle(t *testing.T) {
	const side = 20000
	p := ixRandomProjected(1, 300, 2000, side)
	x := geo.NewIndex(p)
	o := ixNewOracle(p)
	r := rand.New(rand.NewPCG(1, 1))
	pt := func() geo.XY { return geo.XY{X: 500000 + side*r.Float64(), Y: 4400000 + side*r.Float64()} }

	nonEmpty := 0
	for i := range 2000 {
		q := pt()
		if i%4 == 0 { // a point near a polygon, to hit holes and bays often
			poly := p.Hazards[r.IntN(len(p.Hazards))][0]
			c := poly[0][r.IntN(len(poly[0]))]
			q = geo.XY{X: c.X + 100*(r.Float64()-0.5), Y: c.Y + 100*(r.Float64()-0.5)}
			if len(poly) > 1 && i%8 == 0 { // a vertex of a hole's neighbourhood
				c = poly[1][r.IntN(len(poly[1]))]
				q = geo.XY{X: c.X + 20*(r.Float64()-0.5), Y: c.Y + 20*(r.Float64()-0.5)}
			}
		}
		got, want := ixCollect(x.HazardsContaining(q)), o.containing(q)
		if !slices.Equal(got, want) {
			t.Fatalf("HazardsContaining(%v) = %v, want %v", q, got, want)
		}
		if len(got) > 0 {
			nonEmpty++
		}
	}
	if nonEmpty < 200 {
		t.Errorf("only %d of 2000 points in a hazard: the test data is too sparse", nonEmpty)
	}

	nonEmpty = 0
	for range 400 {
		c := pt()
		w, h := 1000*r.Float64()*r.Float64(), 1000*r.Float64()*r.Float64()
		b := geo.BoxXY{Min: c, Max: geo.XY{X: c.X + w, Y: c.Y + h}}
		got, want := ixCollect(x.HazardsIntersecting(b)), o.intersecting(b)
		if !slices.Equal(got, want) {
			t.Fatalf("HazardsIntersecting(%v) = %v, want %v", b, got, want)
		}
		if len(got) > 0 {
			nonEmpty++
		}
	}
	if nonEmpty < 60 {
		t.Errorf("only %d of 400 boxes meet a hazard", nonEmpty)
	}

	for range 300 {
		q := pt()
		rad := 1500 * r.Float64()
		if got, want := ixCollect(x.IncidentsWithin(q, rad)), ixBruteWithin(p.Incidents, q, rad); !slices.Equal(got, want) {
			t.Fatalf("IncidentsWithin(%v, %g) = %v, want %v", q, rad, got, want)
		}
		if got, want := ixCollect(x.SettlementsWithin(q, rad)), ixBruteWithin(p.Settlements, q, rad); !slices.Equal(got, want) {
			t.Fatalf("SettlementsWithin(%v, %g) = %v, want %v", q, rad, got, want)
		}
		// Settlements sit on a 250 m grid: query from grid points so that
		// many lie at exactly the same distance.
		g := geo.XY{X: math.Round(q.X/250) * 250, Y: math.Round(q.Y/250) * 250}
		allS := ixBruteNearest(p.Settlements, g, len(p.Settlements))
		allI := ixBruteNearest(p.Incidents, q, len(p.Incidents))
		for _, k := range []int{1, 2, 5, 17, 600} {
			if got, want := x.NearestSettlements(g, k), allS[:min(k, len(allS))]; !slices.Equal(got, want) {
				t.Fatalf("NearestSettlements(%v, %d) = %v, want %v", g, k, got, want)
			}
			if got, want := x.NearestIncidents(q, k), allI[:min(k, len(allI))]; !slices.Equal(got, want) {
				t.Fatalf("NearestIncidents(%v, %d) = %v, want %v", q, k, got, want)
			}
		}
	}
}

// ixSquare returns the closed ring of the axis-aligned ixSquare [x0,x1]×[y0,y1],
// counter-clockwise, or clockwise if cw.
func ixSquare(x0, y0, x1, y1 float64, cw bool) geo.RingXY {
	r := geo.RingXY{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}, {X: x0, Y: y0}}
	if cw {
		slices.Reverse(r)
	}
	return r
}

// ixEdgeCases is a small hand-made layer set:
//
//	hazard 0: the ixSquare [0,100]² with a hole [40,60]²
//	hazard 1: a U shape open to the north: [200,300]×[0,100] minus the bay
//	          [230,270]×[30,100]
//	hazard 2: the ixSquare [50,150]×[50,150], which overlaps hazard 0
//	hazard 3: empty (no polygons)
//	hazard 4: a MultiPolygon of two squares, [1000,1010]² and [2000,2010]²
func ixEdgeCases() *geo.Projected {
	u := geo.RingXY{{X: 200, Y: 0}, {X: 300, Y: 0}, {X: 300, Y: 100}, {X: 270, Y: 100}, {X: 270, Y: 30},
		{X: 230, Y: 30}, {X: 230, Y: 100}, {X: 200, Y: 100}, {X: 200, Y: 0}}
	return &geo.Projected{
		Hazards: []geo.MultiPolygonXY{
			{{ixSquare(0, 0, 100, 100, false), ixSquare(40, 40, 60, 60, true)}},
			{{u}},
			{{ixSquare(50, 50, 150, 150, false)}},
			nil,
			{{ixSquare(1000, 1000, 1010, 1010, false)}, {ixSquare(2000, 2000, 2010, 2010, false)}},
		},
		Incidents:   []geo.XY{{X: 0, Y: 0}, {X: 3, Y: 4}, {X: 0, Y: 0}, {X: math.NaN(), Y: 0}, {X: -5, Y: 0}},
		Settlements: []geo.XY{{X: 10, Y: 0}, {X: 0, Y: 10}, {X: -10, Y: 0}, {X: 20, Y: 0}},
	}
}

func TestHazardsContainingEdgeCases(t *testing.T) {
	x := geo.NewIndex(ixEdgeCases())
	for _, tc := range []struct {
		name string
		p    geo.XY
		want []int
	}{
		{"interior", geo.XY{X: 10, Y: 10}, []int{0}},
		{"shell vertex", geo.XY{X: 0, Y: 0}, []int{0}},
		{"shell edge", geo.XY{X: 0, Y: 37}, []int{0}},
		{"shell top edge", geo.XY{X: 20, Y: 100}, []int{0}},
		{"in the hole", geo.XY{X: 45, Y: 45}, nil},
		{"hole edge", geo.XY{X: 40, Y: 45}, []int{0}},
		{"hole vertex", geo.XY{X: 60, Y: 60}, []int{0, 2}},
		{"in the hole and the overlapping square", geo.XY{X: 55, Y: 55}, []int{2}},
		{"in both", geo.XY{X: 80, Y: 80}, []int{0, 2}},
		{"in the bay of the U", geo.XY{X: 250, Y: 50}, nil},
		{"on the bay's edge", geo.XY{X: 250, Y: 30}, []int{1}},
		{"in an arm of the U", geo.XY{X: 210, Y: 90}, []int{1}},
		{"second polygon of a MultiPolygon", geo.XY{X: 2005, Y: 2005}, []int{4}},
		{"outside", geo.XY{X: -1, Y: 50}, nil},
		{"NaN", geo.XY{X: math.NaN(), Y: 50}, nil},
		{"infinite", geo.XY{X: math.Inf(1), Y: 50}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := ixCollect(x.HazardsContaining(tc.p)); !slices.Equal(got, tc.want) {
				t.Errorf("HazardsContaining(%v) = %v, want %v", tc.p, got, tc.want)
			}
		})
	}
}

func TestHazardsIntersectingEdgeCases(t *testing.T) {
	x := geo.NewIndex(ixEdgeCases())
	box := func(x0, y0, x1, y1 float64) geo.BoxXY {
		return geo.BoxXY{Min: geo.XY{X: x0, Y: y0}, Max: geo.XY{X: x1, Y: y1}}
	}
	for _, tc := range []struct {
		name string
		b    geo.BoxXY
		want []int
	}{
		{"inside the hole", box(42, 42, 48, 48), nil},
		{"inside the hole, across the overlapping square", box(42, 42, 58, 58), []int{2}},
		{"the hole exactly (touches its edges)", box(40, 40, 60, 60), []int{0, 2}},
		{"inside the bay of the U", box(235, 35, 265, 120), nil},
		{"across the U's arm", box(225, 35, 235, 40), []int{1}},
		{"touches a corner", box(-10, -10, 0, 0), []int{0}},
		{"touches an edge", box(100, 10, 120, 20), []int{0}},
		{"a point box on an edge", box(0, 50, 0, 50), []int{0}},
		{"a point box inside", box(10, 10, 10, 10), []int{0}},
		{"within the shell", box(10, 10, 20, 20), []int{0}},
		{"holds a whole hazard", box(990, 990, 1020, 1020), []int{4}},
		{"holds everything", box(-1e9, -1e9, 1e9, 1e9), []int{0, 1, 2, 4}},
		{"in the bounds of a MultiPolygon but between its parts", box(1500, 1500, 1600, 1600), nil},
		{"just outside", box(101, 0, 150, 40), nil},
		{"inverted", box(10, 10, 0, 0), nil},
		{"NaN", geo.BoxXY{Min: geo.XY{X: math.NaN()}, Max: geo.XY{X: 10, Y: 10}}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := ixCollect(x.HazardsIntersecting(tc.b)); !slices.Equal(got, tc.want) {
				t.Errorf("HazardsIntersecting(%v) = %v, want %v", tc.b, got, tc.want)
			}
		})
	}
}

func TestPointQueriesEdgeCases(t *testing.T) {
	x := geo.NewIndex(ixEdgeCases())
	o := geo.XY{}
	for _, tc := range []struct {
		name string
		got  []int
		want []int
	}{
		{"radius 0 finds points exactly there", ixCollect(x.IncidentsWithin(o, 0)), []int{0, 2}},
		{"radius on the boundary is included", ixCollect(x.IncidentsWithin(o, 5)), []int{0, 1, 2, 4}},
		{"just short of it", ixCollect(x.IncidentsWithin(o, 4.999)), []int{0, 2}},
		{"infinite radius: all finite points", ixCollect(x.IncidentsWithin(o, math.Inf(1))), []int{0, 1, 2, 4}},
		{"negative radius", ixCollect(x.IncidentsWithin(o, -1)), nil},
		{"NaN radius", ixCollect(x.IncidentsWithin(o, math.NaN())), nil},
		{"NaN point", ixCollect(x.IncidentsWithin(geo.XY{Y: math.NaN()}, 10)), nil},
		{"settlements within 10", ixCollect(x.SettlementsWithin(o, 10)), []int{0, 1, 2}},
	} {
		if !slices.Equal(tc.got, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.name, tc.got, tc.want)
		}
	}

	nb := func(i int, d float64) geo.Neighbor { return geo.Neighbor{Index: i, DistanceM: d} }
	for _, tc := range []struct {
		name string
		got  []geo.Neighbor
		want []geo.Neighbor
	}{
		{"k = 0", x.NearestSettlements(o, 0), nil},
		{"k < 0", x.NearestSettlements(o, -3), nil},
		{"ties broken by index", x.NearestSettlements(o, 1), []geo.Neighbor{nb(0, 10)}},
		{"ties kept in index order", x.NearestSettlements(o, 2), []geo.Neighbor{nb(0, 10), nb(1, 10)}},
		{"k > n", x.NearestSettlements(o, 10), []geo.Neighbor{nb(0, 10), nb(1, 10), nb(2, 10), nb(3, 20)}},
		{"NaN point", x.NearestSettlements(geo.XY{X: math.NaN()}, 2), nil},
		{"incidents: the NaN one is never found", x.NearestIncidents(o, 10),
			[]geo.Neighbor{nb(0, 0), nb(2, 0), nb(1, 5), nb(4, 5)}},
	} {
		if !slices.Equal(tc.got, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.name, tc.got, tc.want)
		}
	}
}

func TestEmptyIndex(t *testing.T) {
	var nilIndex *geo.Index
	for name, x := range map[string]*geo.Index{
		"nil Projected":   geo.NewIndex(nil),
		"empty Projected": geo.NewIndex(&geo.Projected{}),
		"empty layers":    geo.NewIndex(&geo.Projected{Hazards: []geo.MultiPolygonXY{nil, {}, {{}}, {{{}}}}}),
		"nil Index":       nilIndex,
	} {
		q := geo.XY{X: 1, Y: 2}
		b := geo.BoxXY{Min: geo.XY{X: -1e9, Y: -1e9}, Max: geo.XY{X: 1e9, Y: 1e9}}
		if got := ixCollect(x.HazardsContaining(q)); got != nil {
			t.Errorf("%s: HazardsContaining = %v", name, got)
		}
		if got := ixCollect(x.HazardsIntersecting(b)); got != nil {
			t.Errorf("%s: HazardsIntersecting = %v", name, got)
		}
		if got := ixCollect(x.IncidentsWithin(q, 1e9)); got != nil {
			t.Errorf("%s: IncidentsWithin = %v", name, got)
		}
		if got := ixCollect(x.SettlementsWithin(q, 1e9)); got != nil {
			t.Errorf("%s: SettlementsWithin = %v", name, got)
		}
		if got := x.NearestSettlements(q, 3); got != nil {
			t.Errorf("%s: NearestSettlements = %v", name, got)
		}
		if got := x.NearestIncidents(q, 3); got != nil {
			t.Errorf("%s: NearestIncidents = %v", name, got)
		}
	}
}

func TestIteratorsStop(t *testing.T) {
	x := geo.NewIndex(ixEdgeCases())
	all := geo.BoxXY{Min: geo.XY{X: -1e9, Y: -1e9}, Max: geo.XY{X: 1e9, Y: 1e9}}
	for name, seq := range map[string]func(func(int) bool){
		"HazardsIntersecting": x.HazardsIntersecting(all),
		"HazardsContaining":   x.HazardsContaining(geo.XY{X: 80, Y: 80}),
		"IncidentsWithin":     x.IncidentsWithin(geo.XY{}, 100),
		"SettlementsWithin":   x.SettlementsWithin(geo.XY{}, 100),
	} {
		n := 0
		for range seq {
			n++
			break
		}
		if n != 1 {
			t.Errorf("%s: %d items after break", name, n)
		}
		// The sequence can be run again, and gives the same items.
		if a, b := ixCollect(seq), ixCollect(seq); !slices.Equal(a, b) || len(a) < 2 {
			t.Errorf("%s: runs differ or too short: %v, %v", name, a, b)
		}
	}
}

func TestIndexConcurrentReaders(t *testing.T) {
	const side = 20000
	p := ixRandomProjected(2, 300, 2000, side)
	x := geo.NewIndex(p)
	type query struct {
		b geo.BoxXY
		q geo.XY
		r float64
		k int
	}
	r := rand.New(rand.NewPCG(1, 1))
	qs := make([]query, 200)
	want := make([]string, len(qs))
	run := func(q query) string {
		return fmt.Sprint(ixCollect(x.HazardsIntersecting(q.b)), ixCollect(x.HazardsContaining(q.q)),
			ixCollect(x.IncidentsWithin(q.q, q.r)), x.NearestSettlements(q.q, q.k), x.NearestIncidents(q.q, q.k))
	}
	for i := range qs {
		c := geo.XY{X: 500000 + side*r.Float64(), Y: 4400000 + side*r.Float64()}
		qs[i] = query{b: geo.BoxXY{Min: c, Max: geo.XY{X: c.X + 500, Y: c.Y + 300}}, q: c, r: 800, k: 1 + r.IntN(10)}
		want[i] = run(qs[i])
	}
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range qs {
				j := (i + g*25) % len(qs)
				if got := run(qs[j]); got != want[j] {
					t.Errorf("goroutine %d, query %d: got %s, want %s", g, j, got, want[j])
					return
				}
			}
		})
	}
	wg.Wait()
}

// Benchmarks at national scale (the design target in benchmarks/README.md): 2,000 hazard polygons, 3,400
// incidents, 800 settlements, over 100 km × 100 km. Each query runs against
// the brute-force oracle of the tests as its baseline.

func ixBenchData() (*geo.Projected, *geo.Index, []geo.XY) {
	const side = 100000
	p := ixRandomProjected(3, 2000, 3400, side)
	p.Settlements = p.Settlements[:800]
	r := rand.New(rand.NewPCG(1, 1))
	qs := make([]geo.XY, 1024)
	for i := range qs {
		qs[i] = geo.XY{X: 500000 + side*r.Float64(), Y: 4400000 + side*r.Float64()}
	}
	return p, geo.NewIndex(p), qs
}

func BenchmarkNewIndex(b *testing.B) {
	p, _, _ := ixBenchData()
	b.ReportAllocs()
	for b.Loop() {
		geo.NewIndex(p)
	}
}

var ixSink int

func BenchmarkHazardsContaining(b *testing.B) {
	p, x, qs := ixBenchData()
	o := ixNewOracle(p)
	b.Run("index", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			for h := range x.HazardsContaining(qs[i%len(qs)]) {
				ixSink += h
			}
			i++
		}
	})
	b.Run("brute", func(b *testing.B) {
		i := 0
		for b.Loop() {
			ixSink += len(o.containing(qs[i%len(qs)]))
			i++
		}
	})
}

func BenchmarkHazardsIntersecting(b *testing.B) {
	p, x, qs := ixBenchData()
	o := ixNewOracle(p)
	box := func(q geo.XY) geo.BoxXY { return geo.BoxXY{Min: q, Max: geo.XY{X: q.X + 1000, Y: q.Y + 1000}} }
	b.Run("index", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			for h := range x.HazardsIntersecting(box(qs[i%len(qs)])) {
				ixSink += h
			}
			i++
		}
	})
	b.Run("brute", func(b *testing.B) {
		i := 0
		for b.Loop() {
			ixSink += len(o.intersecting(box(qs[i%len(qs)])))
			i++
		}
	})
}

func BenchmarkIncidentsWithin(b *testing.B) {
	p, x, qs := ixBenchData()
	const r = 2000
	b.Run("index", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			for h := range x.IncidentsWithin(qs[i%len(qs)], r) {
				ixSink += h
			}
			i++
		}
	})
	b.Run("brute", func(b *testing.B) {
		i := 0
		for b.Loop() {
			ixSink += len(ixBruteWithin(p.Incidents, qs[i%len(qs)], r))
			i++
		}
	})
}

func BenchmarkNearestSettlements(b *testing.B) {
	p, x, qs := ixBenchData()
	const k = 5
	b.Run("index", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			ixSink += len(x.NearestSettlements(qs[i%len(qs)], k))
			i++
		}
	})
	b.Run("brute", func(b *testing.B) {
		i := 0
		for b.Loop() {
			ixSink += len(ixBruteNearest(p.Settlements, qs[i%len(qs)], k))
			i++
		}
	})
}
