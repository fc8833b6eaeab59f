package risk

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/landrelease/clearance/geo"
	"github.com/paulmach/orb"
)

// scenario sizes a synthetic dataset.
type scenario struct {
	hazards, incidents, settlements int
	// inside is the share of incidents put near hazards.
	inside float64
}

const (
	baseLon, baseLat = 46.75, 40.05
	mPerDegLat       = 111_000.0
)

func mPerDegLon() float64 { return mPerDegLat * math.Cos(baseLat*math.Pi/180) }

// star returns a closed CCW star-shaped ring of n vertices around c, radius r
// metres (each vertex between 0.5r and r).
func star(rng *rand.Rand, c geo.LonLat, r float64, n int) orb.Ring {
	ring := make(orb.Ring, 0, n+1)
	for k := range n {
		a := (float64(k) + 0.8*rng.Float64()) / float64(n) * 2 * math.Pi
		rr := r * (0.5 + 0.5*rng.Float64())
		ring = append(ring, orb.Point{c.Lon + rr*math.Cos(a)/mPerDegLon(), c.Lat + rr*math.Sin(a)/mPerDegLat})
	}
	return append(ring, ring[0])
}

// randomDataset builds a seeded dataset over about 30 × 30 km near Aghdam.
// Hazards are star polygons that may overlap; some have a hole.
func randomDataset(rng *rand.Rand, sc scenario) *geo.Dataset {
	d := &geo.Dataset{}
	at := func() geo.LonLat {
		return geo.LonLat{Lon: baseLon + (rng.Float64()-0.5)*0.35, Lat: baseLat + (rng.Float64()-0.5)*0.27}
	}
	centres := make([]geo.LonLat, sc.hazards)
	for h := range sc.hazards {
		c := at()
		centres[h] = c
		r := 300 + 1500*rng.Float64()
		poly := orb.Polygon{star(rng, c, r, 8+rng.IntN(9))}
		if rng.IntN(3) == 0 {
			hole := star(rng, c, 0.2*r, 6)
			for i, j := 0, len(hole)-1; i < j; i, j = i+1, j-1 {
				hole[i], hole[j] = hole[j], hole[i]
			}
			poly = append(poly, hole)
		}
		d.Hazards = append(d.Hazards, geo.Hazard{ID: "H-" + itoa(h), Kind: geo.HazardKind(1 + rng.IntN(2)),
			Status: geo.StatusOpen, Geometry: orb.MultiPolygon{poly}})
	}
	t0 := time.Date(1995, 1, 1, 0, 0, 0, 0, time.UTC)
	for k := range sc.incidents {
		var p geo.LonLat
		if sc.hazards > 0 && rng.Float64() < sc.inside {
			c := centres[rng.IntN(sc.hazards)]
			p = geo.LonLat{Lon: c.Lon + rng.NormFloat64()*800/mPerDegLon(), Lat: c.Lat + rng.NormFloat64()*800/mPerDegLat}
		} else {
			p = at()
		}
		in := geo.Incident{ID: "I-" + itoa(k), Point: p, Killed: rng.IntN(2), Injured: rng.IntN(3),
			Device: geo.Device(rng.IntN(5))}
		if rng.IntN(20) > 0 {
			in.Date = t0.AddDate(0, 0, rng.IntN(30*365))
		}
		d.Incidents = append(d.Incidents, in)
	}
	for s := range sc.settlements {
		pop := -1
		if rng.IntN(4) > 0 {
			pop = 100 + rng.IntN(5000)
		}
		d.Settlements = append(d.Settlements, geo.Settlement{Name: "S" + itoa(s), Population: pop, Point: at()})
	}
	return d
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

func project(t testing.TB, d *geo.Dataset) *geo.Projected {
	t.Helper()
	p, err := d.UTM("38N")
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// close reports whether a and b agree within a relative tol (exactly if
// both are infinite).
func closeRel(a, b, tol float64) bool {
	if a == b {
		return true
	}
	return math.Abs(a-b) <= tol*max(math.Abs(a), math.Abs(b))
}

// bruteDensity is the oracle: every incident against the cell, in index
// order.
func bruteDensity(c geo.XY, pts []geo.XY, w []float64, h, cutoff float64) float64 {
	var sum float64
	for k, p := range pts {
		dx, dy := c.X-p.X, c.Y-p.Y
		if d2 := dx*dx + dy*dy; d2 <= cutoff*cutoff {
			sum += w[k] * math.Exp(-d2/(2*h*h))
		}
	}
	return sum
}

func bruteNearest(c geo.XY, pts []geo.XY) float64 {
	best := math.Inf(1)
	for _, p := range pts {
		dx, dy := c.X-p.X, c.Y-p.Y
		best = min(best, dx*dx+dy*dy)
	}
	return math.Sqrt(best)
}

func brutePopulation(c geo.XY, pts []geo.XY, pop []float64, lambda, radius float64) float64 {
	var sum float64
	for k, p := range pts {
		dx, dy := c.X-p.X, c.Y-p.Y
		if d2 := dx*dx + dy*dy; d2 <= radius*radius {
			sum += pop[k] * math.Exp(-math.Sqrt(d2)/lambda)
		}
	}
	return sum
}
