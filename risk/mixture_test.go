package risk

import (
	"cmp"
	"context"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// mixOracle returns, by brute force over the incidents, the log of the
// Mixture's kernel sum (per m²) at (x, y) over the incidents keep selects.
func mixOracle(m *Model, w []float64, pts [][3]float64, keep func(q int) bool) float64 {
	prm := m.params()
	top := math.Inf(-1)
	var terms []float64
	for q, pt := range pts {
		if !keep(q) {
			continue
		}
		d2 := pt[2]
		a := math.Log(w[q]*prm.piS/(2*math.Pi*prm.hS*prm.hS)) - d2/(2*prm.hS*prm.hS)
		b := math.Log(w[q]*prm.piL/(2*math.Pi*prm.hL*prm.hL)) - d2/(2*prm.hL*prm.hL)
		terms = append(terms, a, b)
		top = max(top, a, b)
	}
	var sum float64
	for _, t := range terms {
		sum += math.Exp(t - top)
	}
	return top + math.Log(sum)
}

func TestMixtureMatchesBruteForce(t *testing.T) {
	models := []struct {
		name string
		m    Model
	}{
		{"default", Model{}},
		{"narrow", Model{ShortBandwidthM: 200, LongBandwidthM: 800, LongWeight: 0.3, RecencyYears: 1.5, NearScaleM: 500}},
		{"no-nearness", Model{LongBandwidthM: 2000, NearScaleM: -1, CasualtyWeight: true}},
	}
	for seed := range uint64(2) {
		rng := rand.New(rand.NewPCG(7, 1+seed))
		d := randomDataset(rng, scenario{hazards: 30, incidents: 60, settlements: 10, inside: 0.3})
		p := project(t, d)
		for _, tc := range models {
			t.Run(tc.name, func(t *testing.T) {
				s, err := tc.m.Score(context.Background(), p, &ScoreOptions{Workers: 2})
				if err != nil {
					t.Fatal(err)
				}
				w, err := tc.m.IncidentWeights(p)
				if err != nil {
					t.Fatal(err)
				}
				prm := tc.m.params()
				// Calibration, from the dates directly.
				ref := d.Incidents[0].Date
				for _, in := range d.Incidents {
					if in.Date.After(ref) {
						ref = in.Date
					}
				}
				span := 0.0
				for _, in := range d.Incidents {
					if !in.Date.IsZero() {
						span = max(span, ref.Sub(in.Date).Hours()/(365.25*24))
					}
				}
				calib := 1e6 / (prm.tau * (1 - math.Exp(-(span+1)/prm.tau)))
				far := 0
				maxErr := 0.0
				for k, c := range s.All() {
					pts := make([][3]float64, len(p.Incidents))
					dmin := math.Inf(1)
					for q, xy := range p.Incidents {
						dx, dy := c.Centre.X-xy.X, c.Centre.Y-xy.Y
						pts[q] = [3]float64{float64(q), 0, dx*dx + dy*dy}
						dmin = min(dmin, math.Sqrt(pts[q][2]))
					}
					damp := 0.0
					if prm.near > 0 {
						damp = -dmin / prm.near
					}
					var want float64
					tol := 1e-8
					if dmin > (MixtureCutoffBandwidths-3)*prm.hL {
						far++
						order := make([]int, len(pts))
						for q := range order {
							order[q] = q
						}
						slices.SortFunc(order, func(a, b int) int {
							if c := cmp.Compare(pts[a][2], pts[b][2]); c != 0 {
								return c
							}
							return a - b
						})
						nearest := map[int]bool{}
						for _, q := range order[:min(MixtureNearest, len(order))] {
							nearest[q] = true
						}
						want = math.Exp(mixOracle(&tc.m, w, pts, func(q int) bool { return nearest[q] }) + math.Log(calib) + damp)
					} else {
						// Each kernel summed within its cut; on a lattice, the
						// long kernel's log interpolated (LatticeBandwidths).
						if latticeStep(prm.hL, s.Grid.Size()) > 1 {
							tol = 1e-2
						}
						var sum float64
						for q, pt := range pts {
							if pt[2] <= math.Pow(MixtureCutoffBandwidths*prm.hS, 2) {
								sum += w[q] * prm.piS / (2 * math.Pi * prm.hS * prm.hS) * math.Exp(-pt[2]/(2*prm.hS*prm.hS))
							}
							if pt[2] <= math.Pow(MixtureCutoffBandwidths*prm.hL, 2) {
								sum += w[q] * prm.piL / (2 * math.Pi * prm.hL * prm.hL) * math.Exp(-pt[2]/(2*prm.hL*prm.hL))
							}
						}
						want = sum * calib * math.Exp(damp)
					}
					maxErr = max(maxErr, math.Abs(c.Likelihood-want)/want)
					if math.Abs(c.Likelihood-want) > tol*want {
						t.Fatalf("cell %d (%d,%d): likelihood %v, want %v (nearest %v m)", k, c.I, c.J, c.Likelihood, want, dmin)
					}
					wantRisk := c.Likelihood * (ExposureFloor + (1-ExposureFloor)*math.Exp(-c.VillageM/prm.lambda)) * c.AreaM2 / 1e6
					if math.Abs(c.Risk-wantRisk) > 1e-12*wantRisk {
						t.Fatalf("cell %d risk %v, want %v", k, c.Risk, wantRisk)
					}
				}
				t.Logf("%d cells, %d by the nearest incidents; largest relative error %.2g", len(s.Cells), far, maxErr)
			})
		}
	}
}

// The Mixture's surface is the same for every worker count.
func TestMixtureWorkers(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	p := project(t, randomDataset(rng, scenario{hazards: 30, incidents: 200, settlements: 10, inside: 0.5}))
	var m Model
	a, err := m.Score(context.Background(), p, &ScoreOptions{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	b, err := m.Score(context.Background(), p, &ScoreOptions{Workers: 3})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(a.Cells, b.Cells) {
		t.Fatal("cells differ between 1 and 3 workers")
	}
}
