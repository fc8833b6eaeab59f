package planning

import (
	"math"
	"math/rand/v2"
	"strconv"
	"testing"
	"time"

	"github.com/landrelease/clearance/geo"
)

// TestPrioritiseFactsMatchBruteForce checks the facts of every priority
// against every incident and settlement measured from every cell centre of
// the unit and its centre, on seeded random points around the Papravend
// hazards cut into 200 m blocks; and that only units with land are ranked,
// every score finite, ranks 1..n.
func TestPrioritiseFactsMatchBruteForce(t *testing.T) {
	for seed := range uint64(3) {
		rng := rand.New(rand.NewPCG(1, 1+seed))
		d := papravend()
		at := func() geo.LonLat {
			return geo.LonLat{Lon: 46.80 + 0.13*rng.Float64(), Lat: 40.09 + 0.10*rng.Float64()}
		}
		for i := range 80 {
			d.Incidents = append(d.Incidents, geo.Incident{ID: "r" + strconv.Itoa(i), Point: at(), Killed: rng.IntN(2),
				Date: time.Date(2020+rng.IntN(5), 1, 1+rng.IntN(28), 0, 0, 0, 0, time.UTC)})
		}
		for i := range 30 {
			st := geo.Settlement{Name: "V" + strconv.Itoa(i), Point: at(), Population: rng.IntN(3) - 1}
			if rng.IntN(4) == 0 {
				st.PlannedReturn = time.Date(2027, time.Month(1+rng.IntN(12)), 1, 0, 0, 0, 0, time.UTC)
			}
			d.Settlements = append(d.Settlements, st)
		}
		s := scoreSurface(t, d, nil)
		units, err := UnitsFromSurface(s, &UnitOptions{BlockM: 200})
		if err != nil {
			t.Fatal(err)
		}
		ps, err := Prioritise(units, s, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		p := s.Projected()
		ranked := make([]bool, len(units))
		for r, pr := range ps {
			if pr.Rank != r+1 || math.IsInf(pr.Score, 0) || math.IsNaN(pr.Score) || !(units[pr.Unit].AreaM2 > 0) {
				t.Fatalf("rank %d: %+v (area %v)", r+1, pr, units[pr.Unit].AreaM2)
			}
			ranked[pr.Unit] = true
			u := &units[pr.Unit]
			var pts []geo.XY
			for _, k := range u.Cells {
				pts = append(pts, s.Cells[k].Centre)
			}
			pts = append(pts, u.Centre)
			dist := func(q geo.XY) float64 {
				best := math.Inf(1)
				for _, c := range pts {
					best = min(best, math.Hypot(q.X-c.X, q.Y-c.Y))
				}
				return best
			}
			n, cas := 0, 0
			for i, q := range p.Incidents {
				if dist(q) <= DefaultNearbyM {
					n++
					cas += d.Incidents[i].Killed + d.Incidents[i].Injured + d.Incidents[i].Casualties
				}
			}
			nearest, nearM := "", math.Inf(1)
			var ret time.Time
			for i, q := range p.Settlements {
				dm := dist(q)
				if dm < nearM {
					nearest, nearM = d.Settlements[i].Name, dm
				}
				if rt := d.Settlements[i].PlannedReturn; dm <= DefaultReturnRadiusM && !rt.IsZero() && (ret.IsZero() || rt.Before(ret)) {
					ret = rt
				}
			}
			if pr.IncidentsNearby != n || pr.CasualtiesNearby != cas || pr.NearestSettlement != nearest ||
				!relClose(pr.NearestSettlementM, nearM, 1e-9) || !pr.PlannedReturn.Equal(ret) {
				t.Fatalf("seed %d %s: got %d incidents, %d casualties, %q at %v m, return %v; brute force %d, %d, %q at %v m, %v",
					seed, u.ID, pr.IncidentsNearby, pr.CasualtiesNearby, pr.NearestSettlement, pr.NearestSettlementM, pr.PlannedReturn,
					n, cas, nearest, nearM, ret)
			}
		}
		for i, u := range Unranked(units) {
			if ranked[u] || units[u].AreaM2 > 0 {
				t.Fatalf("unranked %d: unit %d ranked %v, area %v", i, u, ranked[u], units[u].AreaM2)
			}
		}
		if len(ps)+len(Unranked(units)) != len(units) {
			t.Fatalf("%d ranked + %d unranked != %d units", len(ps), len(Unranked(units)), len(units))
		}
	}
}
