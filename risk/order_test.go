package risk

import (
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestFeatureOrder: the scored cells do not depend on the order of the
// features: shuffling the hazards, incidents and settlements gives the
// same cells with the same factors, to rounding (sums run in input
// order, so only the last bits may differ).
func TestFeatureOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 2))
	d := randomDataset(rng, scenario{hazards: 40, incidents: 300, settlements: 25, inside: 0.7})
	m := &Model{CasualtyWeight: true}
	ref, err := m.Score(context.Background(), project(t, d), nil)
	if err != nil {
		t.Fatal(err)
	}
	for run := range 3 {
		e := *d
		e.Hazards, e.Incidents, e.Settlements = slices.Clone(d.Hazards), slices.Clone(d.Incidents), slices.Clone(d.Settlements)
		rng.Shuffle(len(e.Hazards), func(i, j int) { e.Hazards[i], e.Hazards[j] = e.Hazards[j], e.Hazards[i] })
		rng.Shuffle(len(e.Incidents), func(i, j int) { e.Incidents[i], e.Incidents[j] = e.Incidents[j], e.Incidents[i] })
		rng.Shuffle(len(e.Settlements), func(i, j int) { e.Settlements[i], e.Settlements[j] = e.Settlements[j], e.Settlements[i] })
		s, err := m.Score(context.Background(), project(t, &e), &ScoreOptions{Workers: 1 + run})
		if err != nil {
			t.Fatal(err)
		}
		if len(s.Cells) != len(ref.Cells) {
			t.Fatalf("run %d: %d cells, want %d", run, len(s.Cells), len(ref.Cells))
		}
		near := func(a, b float64) bool { return a == b || math.Abs(a-b) <= 1e-9*math.Max(math.Abs(a), math.Abs(b)) }
		for k, c := range s.Cells {
			r := ref.Cells[k]
			if c.I != r.I || c.J != r.J || !near(c.AreaM2, r.AreaM2) || !near(c.Density, r.Density) ||
				!near(c.VillageM, r.VillageM) || !near(c.Risk, r.Risk) {
				t.Fatalf("run %d: cell %d is %+v, want %+v", run, k, c, r)
			}
		}
		_, total := s.Total()
		_, want := ref.Total()
		if !near(total, want) {
			t.Errorf("run %d: total risk %v, want %v", run, total, want)
		}
	}
}
