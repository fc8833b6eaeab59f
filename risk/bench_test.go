package risk

import (
	"context"
	"io"
	"math"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/landrelease/clearance/geo"
)

// nationalScenario is about the national benchmark's size, built in
// projected metres (UTM 38N) without a source dataset: about 2,000
// star-shaped hazards (32 to 256 vertices, some overlapping) covering about
// 1,000,000 ha over 250 × 200 km, 3,400 incidents (most near hazards) and
// 800 settlements.
var nationalScenario = sync.OnceValue(func() *geo.Projected {
	rng := rand.New(rand.NewPCG(1, 1))
	p := &geo.Projected{Projection: geo.NewUTM(geo.Zone{Number: 38})}
	x0, y0, w, h := 400_000.0, 4_300_000.0, 250_000.0, 200_000.0
	var centres []geo.XY
	for range 2000 {
		c := geo.XY{X: x0 + rng.Float64()*w, Y: y0 + rng.Float64()*h}
		centres = append(centres, c)
		r := 1100 + 800*rng.Float64()
		n := 32 + rng.IntN(225)
		ring := make(geo.RingXY, 0, n+1)
		for k := range n {
			a := (float64(k) + 0.8*rng.Float64()) / float64(n) * 2 * math.Pi
			rr := r * (0.7 + 0.3*rng.Float64())
			ring = append(ring, geo.XY{X: c.X + rr*math.Cos(a), Y: c.Y + rr*math.Sin(a)})
		}
		ring = append(ring, ring[0])
		p.Hazards = append(p.Hazards, geo.MultiPolygonXY{{ring}})
	}
	for k := range 3400 {
		if k%5 == 0 {
			p.Incidents = append(p.Incidents, geo.XY{X: x0 + rng.Float64()*w, Y: y0 + rng.Float64()*h})
			continue
		}
		c := centres[rng.IntN(len(centres))]
		p.Incidents = append(p.Incidents, geo.XY{X: c.X + rng.NormFloat64()*1000, Y: c.Y + rng.NormFloat64()*1000})
	}
	for range 800 {
		p.Settlements = append(p.Settlements, geo.XY{X: x0 + rng.Float64()*w, Y: y0 + rng.Float64()*h})
	}
	return p
})

var nationalSurface = sync.OnceValues(func() (*Surface, error) {
	return (&Model{}).Score(context.Background(), nationalScenario(), nil)
})

func nationalLayout(b *testing.B) (*Surface, *geo.Projected) {
	s, err := nationalSurface()
	if err != nil {
		b.Fatal(err)
	}
	return s, nationalScenario()
}

// BenchmarkScore scores the national scenario end to end (coverage,
// factors, aggregates), files aside.
func BenchmarkScore(b *testing.B) {
	p := nationalScenario()
	b.ReportAllocs()
	var cells int
	for b.Loop() {
		s, err := (&Model{}).Score(context.Background(), p, nil)
		if err != nil {
			b.Fatal(err)
		}
		cells = len(s.Cells)
	}
	b.ReportMetric(float64(cells), "cells")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(cells), "ns/cell")
}

// BenchmarkDensity compares the bulk kernel over every national cell with
// brute force (every incident against every cell) over the first 20,000
// cells; ns/cell compares them.
func BenchmarkDensity(b *testing.B) {
	s, p := nationalLayout(b)
	w := ones(len(p.Incidents))
	b.Run("bulk", func(b *testing.B) {
		b.ReportAllocs()
		dst := make([]float64, len(s.Cells))
		var tab []float64
		for b.Loop() {
			clear(dst)
			for c := 0; c+1 < len(s.lay.chunks); c++ {
				tab = s.lay.addDensity(dst, int(s.lay.chunks[c]), int(s.lay.chunks[c+1]), p.Incidents, w, 1000, 4000, tab)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(dst)), "ns/cell")
	})
	b.Run("brute", func(b *testing.B) {
		b.ReportAllocs()
		n := min(20000, len(s.Cells))
		var sink float64
		for b.Loop() {
			for k := range n {
				sink += bruteDensity(s.Cells[k].Centre, p.Incidents, w, 1000, 4000)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/cell")
		_ = sink
	})
}

// BenchmarkVillage compares the row-envelope nearest settlement over every
// national cell with brute force over the first 20,000 cells.
func BenchmarkVillage(b *testing.B) {
	s, p := nationalLayout(b)
	b.Run("envelope", func(b *testing.B) {
		b.ReportAllocs()
		dst := make([]float64, len(s.Cells))
		nr := newNearest(p.Settlements)
		var env envBuf
		for b.Loop() {
			nr.rows(s.lay, 0, s.lay.rows(), dst, nil, &env)
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(dst)), "ns/cell")
	})
	b.Run("brute", func(b *testing.B) {
		b.ReportAllocs()
		n := min(20000, len(s.Cells))
		var sink float64
		for b.Loop() {
			for k := range n {
				sink += bruteNearest(s.Cells[k].Centre, p.Settlements)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/cell")
		_ = sink
	})
}

// BenchmarkWriteCSV writes the national surface as CSV.
func BenchmarkWriteCSV(b *testing.B) {
	s, _ := nationalLayout(b)
	b.ReportAllocs()
	for b.Loop() {
		if err := s.WriteCSV(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(s.Cells)), "ns/cell")
}
