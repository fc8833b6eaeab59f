package geo

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
)

// randomDataset returns a seeded dataset with what Project must split
// well: many small hazards, one ring of 50,000 positions, empty rings,
// polygons and hazards, NaN positions, an area of interest, and many
// incidents and settlements.
func randomDataset(seed uint64) *Dataset {
	rng := rand.New(rand.NewPCG(seed, 7))
	pos := func() orb.Point {
		if rng.IntN(5000) == 0 {
			return orb.Point{math.NaN(), 40}
		}
		return orb.Point{42 + 6*rng.Float64(), 30 + 10*rng.Float64()}
	}
	ring := func(n int) orb.Ring {
		r := make(orb.Ring, n)
		for i := range r {
			r[i] = pos()
		}
		return r
	}
	multi := func() orb.MultiPolygon {
		mp := make(orb.MultiPolygon, rng.IntN(4))
		for k := range mp {
			mp[k] = make(orb.Polygon, rng.IntN(4))
			for j := range mp[k] {
				mp[k][j] = ring(rng.IntN(3) * rng.IntN(700))
			}
		}
		return mp
	}
	d := &Dataset{Hazards: make([]Hazard, 400), Area: multi()}
	for i := range d.Hazards {
		d.Hazards[i].Geometry = multi()
	}
	d.Hazards[123].Geometry = orb.MultiPolygon{{ring(50000), ring(5)}}
	d.Incidents = make([]Incident, 9000)
	for i := range d.Incidents {
		p := pos()
		d.Incidents[i].Point = LonLat{Lon: p[0], Lat: p[1]}
	}
	d.Settlements = make([]Settlement, 3001)
	for i := range d.Settlements {
		p := pos()
		d.Settlements[i].Point = LonLat{Lon: p[0], Lat: p[1]}
	}
	return d
}

// Project gives the same bits whatever the number of goroutines, each
// position that of the projection's Forward, in the source's shape.
func TestProjectWorkers(t *testing.T) {
	d := randomDataset(1)
	u := NewUTM(Zone{Number: 38})
	same := func(a, b XY) bool {
		return math.Float64bits(a.X) == math.Float64bits(b.X) && math.Float64bits(a.Y) == math.Float64bits(b.Y)
	}
	fwd := func(q orb.Point) XY { return u.Forward(LonLat{Lon: q[0], Lat: q[1]}) }
	want := d.project(u, 1)
	checkMulti := func(what string, got MultiPolygonXY, src orb.MultiPolygon) {
		t.Helper()
		if len(got) != len(src) {
			t.Fatalf("%s: %d polygons, want %d", what, len(got), len(src))
		}
		for k := range src {
			if len(got[k]) != len(src[k]) {
				t.Fatalf("%s polygon %d: %d rings, want %d", what, k, len(got[k]), len(src[k]))
			}
			for j, r := range src[k] {
				if len(got[k][j]) != len(r) || cap(got[k][j]) != len(r) {
					t.Fatalf("%s polygon %d ring %d: len %d cap %d, want %d", what, k, j, len(got[k][j]), cap(got[k][j]), len(r))
				}
				for i, q := range r {
					if !same(got[k][j][i], fwd(q)) {
						t.Fatalf("%s polygon %d ring %d position %d: %v, want %v", what, k, j, i, got[k][j][i], fwd(q))
					}
				}
			}
		}
	}
	for _, w := range []int{1, 2, 3, 5, 16} {
		p := d.project(u, w)
		for h := range d.Hazards {
			checkMulti("hazard", p.Hazards[h], d.Hazards[h].Geometry)
		}
		checkMulti("area", p.Area, d.Area)
		for i := range d.Incidents {
			if !same(p.Incidents[i], want.Incidents[i]) || !same(p.Incidents[i], u.Forward(d.Incidents[i].Point)) {
				t.Fatalf("workers %d: incident %d: %v, want %v", w, i, p.Incidents[i], want.Incidents[i])
			}
		}
		for i := range d.Settlements {
			if !same(p.Settlements[i], want.Settlements[i]) || !same(p.Settlements[i], u.Forward(d.Settlements[i].Point)) {
				t.Fatalf("workers %d: settlement %d: %v, want %v", w, i, p.Settlements[i], want.Settlements[i])
			}
		}
	}
}

// Project allocates the layers and a few backing arrays, not one per
// hazard or ring.
func TestProjectAllocs(t *testing.T) {
	d := randomDataset(2)
	u := NewUTM(Zone{Number: 38})
	if n := testing.AllocsPerRun(3, func() { d.project(u, 1) }); n > 12 {
		t.Errorf("%v allocations, want at most 12 (a constant number: the layers, the backing arrays, the closures)", n)
	}
}
