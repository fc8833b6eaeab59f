package risk

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"
)

// TestNearestSettlement checks the settlement the scorer keeps per cell
// against a brute-force search: it is at the cell's VillageM, and no
// settlement is nearer.
func TestNearestSettlement(t *testing.T) {
	for _, tc := range []struct {
		name        string
		settlements int
	}{{"none", -1}, {"one", 1}, {"many", 60}} {
		t.Run(tc.name, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(1, 1))
			d := randomDataset(rng, scenario{hazards: 20, incidents: 100, settlements: max(tc.settlements, 0), inside: 0.7})
			p := project(t, d)
			var m Model
			s, err := m.Score(context.Background(), p, &ScoreOptions{Workers: 3})
			if err != nil {
				t.Fatal(err)
			}
			if len(s.Cells) == 0 {
				t.Fatal("no cells")
			}
			for k := range s.Cells {
				c := &s.Cells[k]
				n := s.NearestSettlement(k)
				if len(p.Settlements) == 0 {
					if n != -1 {
						t.Fatalf("cell %d: nearest %d without settlements", k, n)
					}
					continue
				}
				q := p.Settlements[n]
				got := math.Hypot(c.Centre.X-q.X, c.Centre.Y-q.Y)
				want := bruteNearest(c.Centre, p.Settlements)
				if !closeRel(got, c.VillageM, 1e-12) || !closeRel(got, want, 1e-9) {
					t.Fatalf("cell %d: settlement %d at %v m, VillageM %v, brute force %v", k, n, got, c.VillageM, want)
				}
			}
		})
	}
}
