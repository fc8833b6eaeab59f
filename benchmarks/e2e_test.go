package benchmarks

// End-to-end benchmarks: files in, scored hectares out. Each size has a fast
// sub-benchmark (the library: geo/dataset, UTM, risk.Model.Score, WriteCSV
// with every column), a fast-lean one (the same, writing the lean CSV:
// i,j,area_m2,density,village_m,risk,hazards, as the brute force writes)
// and a brute-force one beside them (the same reading, projection and
// coverage, then every incident and every settlement against every cell,
// written by a plain CSV writer). TestBruteMatchesScore checks first that
// the two agree.
//
// Run:
//
//	go test ./benchmarks/ -run '^$' -bench E2E -count 6 -timeout 30m | tee /tmp/e2e.txt
//	go tool benchstat /tmp/e2e.txt
//
// national/brute costs about 4e9 distance evaluations on one goroutine,
// seconds per op (b.Loop then stops after one op); on its own:
// -bench 'E2E/national$/brute' -benchtime 1x. The fast path uses every CPU.
// peak-MiB is the largest resident Go memory seen during the loop (see
// startPeakSampler); for a figure for one size alone, run only that size.

import (
	"bufio"
	"context"
	"io"
	"math"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/landrelease/clearance/benchmarks/scenario"
	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/geo/dataset"
	"github.com/landrelease/clearance/risk"
)

// e2eSize is one scenario size of the end-to-end benchmarks.
type e2eSize struct {
	name  string
	gen   func() *geo.Dataset
	brute bool // run the brute-force baseline too
}

var e2eSizes = []e2eSize{
	{"small", func() *geo.Dataset { return scenario.Small(1) }, true},
	{"large", func() *geo.Dataset { return scenario.Large(1) }, true},
	{"national", func() *geo.Dataset { return scenario.National(1) }, true},
	// The national scenario at a quarter and half the size (hazards,
	// incidents, settlements and region all scaled), for the slope of time
	// against hectares.
	{"national-x0.25", func() *geo.Dataset { return scenario.Generate(scenario.NationalConfig(1).Scaled(0.25)) }, false},
	{"national-x0.5", func() *geo.Dataset { return scenario.Generate(scenario.NationalConfig(1).Scaled(0.5)) }, false},
}

// readFiles reads the three files of a scenario with geo/dataset and
// projects them in UTM 38N.
func readFiles(ctx context.Context, f scenario.Files) (*geo.Projected, error) {
	d, _, err := dataset.Read(ctx, dataset.Files{Hazards: f.Hazards, Incidents: f.Incidents, Settlements: f.Settlements}, nil)
	if err != nil {
		return nil, err
	}
	return d.UTM("38N")
}

// scoreFast is the library's way: read, project, score with the default
// model, write the CSV (every column, or the lean CSV's: the fixed six and
// hazards). It returns the scored area in m².
func scoreFast(ctx context.Context, f scenario.Files, w io.Writer, csv *risk.CSVOptions) (float64, error) {
	p, err := readFiles(ctx, f)
	if err != nil {
		return 0, err
	}
	var m risk.Model
	s, err := m.Score(ctx, p, nil)
	if err != nil {
		return 0, err
	}
	if err := s.WriteCSVWith(w, csv); err != nil {
		return 0, err
	}
	a, _ := s.Total()
	return a, nil
}

// scoreBands is scoreFast scoring and writing in bands (risk.Model.ScoreBands
// with a risk.CSVStream), as the planner does: the same bytes, with memory
// for two bands. It returns the scored area in m².
func scoreBands(ctx context.Context, f scenario.Files, w io.Writer, csv *risk.CSVOptions) (float64, error) {
	p, err := readFiles(ctx, f)
	if err != nil {
		return 0, err
	}
	var m risk.Model
	cs := risk.NewCSVStream(w, csv)
	sum, err := m.ScoreBands(ctx, p, nil, cs.Write)
	if err != nil {
		return 0, err
	}
	return sum.AreaM2, cs.Flush()
}

// bruteCells holds the brute-force factors of a coverage's cells.
type bruteCells struct {
	cov              *geo.Coverage
	density, village []float64
	risk             []float64
}

// scoreBrute reads and projects as scoreFast, covers the hazards' union
// with the same geo.CoverUnion, then computes the default model's factors
// the obvious way: for every cell, every incident (Gaussian kernel, h =
// 1,000 m, cut off beyond 4h) and every settlement (nearest distance); risk
// = density · exp(-village_m / 2,000 m) · area_m2 / 10,000. It writes i, j,
// area_m2, density, village_m, risk. One goroutine: O(cells · points).
func scoreBrute(ctx context.Context, f scenario.Files, w io.Writer) (*bruteCells, error) {
	p, err := readFiles(ctx, f)
	if err != nil {
		return nil, err
	}
	var g geo.Grid
	cov, err := g.CoverUnion(ctx, p.Hazards, &geo.CoverOptions{Projection: p.Projection})
	if err != nil {
		return nil, err
	}
	const (
		h      = risk.DefaultBandwidthM
		cutoff = risk.DefaultCutoffBandwidths * h
		lambda = risk.DefaultVillageScaleM
	)
	n := len(cov.Cells)
	bc := &bruteCells{cov: cov, density: make([]float64, n), village: make([]float64, n), risk: make([]float64, n)}
	for k, c := range cov.Cells {
		ctr := g.CellCentre(c.I, c.J)
		var dens float64
		for _, q := range p.Incidents {
			dx, dy := q.X-ctr.X, q.Y-ctr.Y
			if d2 := dx*dx + dy*dy; d2 <= cutoff*cutoff {
				dens += math.Exp(-d2 / (2 * h * h))
			}
		}
		best := math.Inf(1)
		for _, q := range p.Settlements {
			dx, dy := q.X-ctr.X, q.Y-ctr.Y
			best = min(best, dx*dx+dy*dy)
		}
		v := math.Sqrt(best)
		bc.density[k], bc.village[k] = dens, v
		bc.risk[k] = dens * math.Exp(-v/lambda) * c.AreaM2 / 10000
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	bw.WriteString("i,j,area_m2,density,village_m,risk\n")
	var line []byte
	for k, c := range cov.Cells {
		line = strconv.AppendInt(line[:0], int64(c.I), 10)
		line = append(line, ',')
		line = strconv.AppendInt(line, int64(c.J), 10)
		for _, v := range [...]float64{c.AreaM2, bc.density[k], bc.village[k], bc.risk[k]} {
			line = append(line, ',')
			line = strconv.AppendFloat(line, v, 'g', -1, 64)
		}
		line = append(line, '\n')
		bw.Write(line)
	}
	return bc, bw.Flush()
}

// TestBruteMatchesScore checks the fast path against the brute force on the
// small scenario: the same cells, density and village_m within a relative
// 1e-9, and so risk.
func TestBruteMatchesScore(t *testing.T) {
	files, err := scenario.WriteFiles(t.TempDir(), scenario.Small(1))
	if err != nil {
		t.Fatal(err)
	}
	bc, err := scoreBrute(t.Context(), files, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	p, err := readFiles(t.Context(), files)
	if err != nil {
		t.Fatal(err)
	}
	m := risk.Model{Kind: risk.KDE} // the brute force computes the classic kernel
	s, err := m.Score(t.Context(), p, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Cells) != len(bc.cov.Cells) {
		t.Fatalf("Score gave %d cells, CoverUnion %d", len(s.Cells), len(bc.cov.Cells))
	}
	near := func(a, b float64) bool { return a == b || math.Abs(a-b) <= 1e-9*math.Max(math.Abs(a), math.Abs(b)) }
	var positive int
	for k, c := range s.Cells {
		bcell := bc.cov.Cells[k]
		if c.I != bcell.I || c.J != bcell.J || c.AreaM2 != bcell.AreaM2 {
			t.Fatalf("cell %d: Score (%d,%d) %v m², CoverUnion (%d,%d) %v m²", k, c.I, c.J, c.AreaM2, bcell.I, bcell.J, bcell.AreaM2)
		}
		if !near(c.Density, bc.density[k]) || !near(c.VillageM, bc.village[k]) || !near(c.Risk, bc.risk[k]) {
			t.Fatalf("cell %d (%d,%d): Score density %v village_m %v risk %v; brute %v %v %v",
				k, c.I, c.J, c.Density, c.VillageM, c.Risk, bc.density[k], bc.village[k], bc.risk[k])
		}
		if c.Density > 0 {
			positive++
		}
	}
	if positive < len(s.Cells)/2 {
		t.Errorf("only %d of %d cells have a positive density: a weak test", positive, len(s.Cells))
	}
}

func BenchmarkE2E(b *testing.B) {
	for _, sz := range e2eSizes {
		b.Run(sz.name, func(b *testing.B) {
			files, err := scenario.WriteFiles(b.TempDir(), sz.gen())
			if err != nil {
				b.Fatal(err)
			}
			for _, v := range []struct {
				name  string
				csv   *risk.CSVOptions
				score func(context.Context, scenario.Files, io.Writer, *risk.CSVOptions) (float64, error)
			}{
				{"fast", nil, scoreFast},
				{"fast-lean", &risk.CSVOptions{Lean: true}, scoreFast},
				{"bands", nil, scoreBands},
			} {
				b.Run(v.name, func(b *testing.B) {
					b.ReportAllocs()
					var areaM2 float64
					var err error
					peak := startPeakSampler()
					for b.Loop() {
						if areaM2, err = v.score(b.Context(), files, io.Discard, v.csv); err != nil {
							b.Fatal(err)
						}
					}
					b.ReportMetric(float64(peak())/(1<<20), "peak-MiB")
					reportPerHa(b, areaM2/1e4)
				})
			}
			if !sz.brute {
				return
			}
			b.Run("brute", func(b *testing.B) {
				b.ReportAllocs()
				var bc *bruteCells
				var err error
				for b.Loop() {
					if bc, err = scoreBrute(b.Context(), files, io.Discard); err != nil {
						b.Fatal(err)
					}
				}
				reportPerHa(b, bc.cov.AreaM2()/1e4)
			})
		})
	}
}

// startPeakSampler samples the memory the Go runtime holds from the OS
// (runtime/metrics: /memory/classes/total minus heap/released, about the
// process's resident Go memory) every 2 ms, after a GC, and returns a
// function that stops the sampling and returns the peak in bytes. It is the
// peak over the whole loop, setup data included (the files' contents are not
// held: only the paths are).
func startPeakSampler() func() uint64 {
	debug.FreeOSMemory() // a GC, and memory handed back: the peak starts from what is live
	samples := []metrics.Sample{{Name: "/memory/classes/total:bytes"}, {Name: "/memory/classes/heap/released:bytes"}}
	read := func() uint64 {
		metrics.Read(samples)
		return samples[0].Value.Uint64() - samples[1].Value.Uint64()
	}
	var peak atomic.Uint64
	peak.Store(read())
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(2 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				if v := read(); v > peak.Load() {
					peak.Store(v)
				}
			}
		}
	}()
	return func() uint64 {
		close(stop)
		<-done
		if v := read(); v > peak.Load() {
			peak.Store(v)
		}
		return peak.Load()
	}
}

func reportPerHa(b *testing.B, ha float64) {
	if b.N > 0 && ha > 0 {
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/ha, "ns/ha")
	}
	b.ReportMetric(ha, "ha")
}
