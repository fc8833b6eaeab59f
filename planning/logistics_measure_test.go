package planning

import (
	"context"
	"math/rand/v2"
	"os"
	"testing"

	"github.com/landrelease/clearance/geo"
)

// TestGroupNeighboursMeasure measures what grouping neighbouring units of
// close ratio (groupNeighbours) does to the cost and the moves of plans
// with logistics: three dispersed synthetic instances (1,500 units over
// 150 km × 150 km, teams based anywhere, six forward camps, a 30 km
// commute limit, two set-up days), without grouping and with several
// tolerances. Run with CLEARANCE_MEASURE=1 (about a minute); the figures
// are in benchmarks/README.md. Every plan's bound stays at or below its
// cost.
func TestGroupNeighboursMeasure(t *testing.T) {
	if testing.Short() || os.Getenv("CLEARANCE_MEASURE") == "" {
		t.Skip("a measurement: set CLEARANCE_MEASURE=1")
	}
	defer func(on bool, tol float64) { groupOn, groupTol = on, tol }(groupOn, groupTol)
	for _, seed := range []uint64{1, 2, 3} {
		r := rand.New(rand.NewPCG(seed, 7))
		units, teams := randInstance(r, 1500, 6, true)
		for i := range units {
			units[i].Centre = geo.XY{X: r.Float64() * 150000, Y: r.Float64() * 150000}
		}
		for i := range teams {
			teams[i].Base = &geo.XY{X: r.Float64() * 150000, Y: r.Float64() * 150000}
		}
		l := &Logistics{CommuteKm: 30, RelocationDays: 2}
		for i := range 6 {
			l.Camps = append(l.Camps, Camp{Name: string(rune('F' + i)), XY: &geo.XY{X: r.Float64() * 150000, Y: r.Float64() * 150000}})
		}
		for _, tol := range []float64{0, 0.1, 0.25, 0.5, 1} {
			groupOn, groupTol = tol > 0, tol
			p, err := Schedule(context.Background(), units, teams, &Config{Logistics: l})
			if err != nil {
				t.Fatal(err)
			}
			if !relLE(p.Bound, p.Cost) {
				t.Fatalf("seed %d tolerance %v: bound %v above the cost %v", seed, tol, p.Bound, p.Cost)
			}
			t.Logf("seed %d, tolerance %v: cost %.4g (ratio rule %.4g), %d moves (%.0f days), gap %.1f%%, last release day %.0f",
				seed, tol, p.Cost, p.InitialCost, p.Moves, p.RelocationDays, 100*p.Gap, p.LastReleaseDay)
		}
	}
}
