package benchmarks

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/landrelease/clearance/benchmarks/scenario"
	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/planning"
	"github.com/landrelease/clearance/risk"
)

// planningInstance returns n seeded work units spread over a 100 km square
// (a third CHA, areas of 0.5-20 ha, skewed risk) and 50 teams: 4 NTS, 6 TS,
// 24 manual, 10 dog and 6 mechanical, based at five camps.
func planningInstance(n int) ([]planning.Unit, []planning.Team) {
	r := rand.New(rand.NewPCG(10, 10))
	units := make([]planning.Unit, n)
	for i := range units {
		kind := geo.SHA
		if r.IntN(3) == 0 {
			kind = geo.CHA
		}
		units[i] = planning.Unit{
			ID:     fmt.Sprintf("SYN-U%05d", i),
			Kind:   kind,
			AreaM2: 5000 + r.Float64()*195000,
			Risk:   math.Exp(3 * r.NormFloat64()),
			Centre: geo.XY{X: r.Float64() * 100000, Y: r.Float64() * 100000},
		}
	}
	camps := make([]*geo.XY, 5)
	for i := range camps {
		camps[i] = &geo.XY{X: r.Float64() * 100000, Y: r.Float64() * 100000}
	}
	var teams []planning.Team
	add := func(m planning.Method, count int) {
		for i := range count {
			teams = append(teams, planning.Team{Method: m, Base: camps[(len(teams)+i)%len(camps)]})
		}
	}
	add(planning.MethodNTS, 4)
	add(planning.MethodTS, 6)
	add(planning.MethodManual, 24)
	add(planning.MethodMDD, 10)
	add(planning.MethodMechanical, 6)
	return units, teams
}

// BenchmarkPlanning plans 10,000 units for 50 teams, bound and gap included.
// "ratio-rule" is the baseline without local improvement; "risk-only" orders
// by risk alone (the obvious way); "lower-bound" is planning.LowerBound
// alone, the part of every plan that proves how far it can be from the
// best.
func BenchmarkPlanning(b *testing.B) {
	units, teams := planningInstance(10000)
	run := func(b *testing.B, units []planning.Unit, cfg *planning.Config) {
		b.ReportAllocs()
		var p *planning.Plan
		for b.Loop() {
			var err error
			p, err = planning.Schedule(context.Background(), units, teams, cfg)
			if err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(p.Gap*100, "gap%")
		b.ReportMetric(p.Cost/1e6, "Mcost")
		b.ReportMetric(float64(p.Evaluations), "evals")
	}
	b.Run("improved", func(b *testing.B) { run(b, units, nil) })
	b.Run("ratio-rule", func(b *testing.B) { run(b, units, &planning.Config{Budget: -1}) })
	b.Run("risk-only", func(b *testing.B) {
		order := make([]int, len(units))
		for i := range order {
			order[i] = i
		}
		slices.SortStableFunc(order, func(x, y int) int { return cmp.Compare(units[y].Risk, units[x].Risk) })
		run(b, units, &planning.Config{Budget: -1, Order: order})
	})
	b.Run("lower-bound", func(b *testing.B) {
		b.ReportAllocs()
		var lb float64
		for b.Loop() {
			var err error
			lb, err = planning.LowerBound(units, teams, nil)
			if err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(lb/1e6, "Mbound")
	})
}

// BenchmarkPrioritise ranks the work units of the national scenario at a
// tenth of its size (about 100,000 ha in 200 hazards, 340 incidents, 80
// settlements), scored with the default model: whole hazards, and blocks of
// 500 m, with every reason and criterion. ns/unit is per work unit.
func BenchmarkPrioritise(b *testing.B) {
	p, err := scenario.Generate(scenario.NationalConfig(1).Scaled(0.1)).UTM("38N")
	if err != nil {
		b.Fatal(err)
	}
	var m risk.Model
	s, err := m.Score(context.Background(), p, nil)
	if err != nil {
		b.Fatal(err)
	}
	for _, blockM := range []float64{0, 500} {
		units, err := planning.UnitsFromSurface(s, &planning.UnitOptions{BlockM: blockM})
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("block=%g", blockM), func(b *testing.B) {
			b.ReportAllocs()
			var ps []planning.Priority
			for b.Loop() {
				if ps, err = planning.Prioritise(units, s, nil, nil); err != nil {
					b.Fatal(err)
				}
			}
			if len(ps) != len(units) || len(ps[0].Reasons) == 0 {
				b.Fatalf("%d priorities for %d units", len(ps), len(units))
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(units)), "ns/unit")
			b.ReportMetric(float64(len(units)), "units")
		})
	}
}
