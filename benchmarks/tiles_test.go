package benchmarks

// BenchmarkTiles measures the tiles of a country-sized run (risk.Model.Tiles,
// as planner score -tiles and examples/beam run them), one tile after
// another as one worker of a cluster would, each from its own input
// (Tiling.Input), with one scoring goroutine (ScoreOptions.Workers 1; the
// band writer runs beside it), its CSV written to a file that is then
// removed. Times are CPU time (user + system, getrusage), so they are what
// a core spends, whatever runs beside it on the machine.
//
// The scenario is the country one (the national scenario ×15: about
// 15,000,000 ha in 30,000 polygons over about 900 × 950 km, projected in
// UTM 38N), with the default tile height (about risk.TileCells cells a
// tile, estimated):
//
//   - country/100m: every tile at 1 ha cells, so the run is measured whole.
//   - country/10m: an evenly spaced sample of tiles at 10 m cells; for each,
//     the input, the coverage alone (geo.Grid.CoverRows), the scoring
//     without writing and with the CSV written, so that the time splits
//     into input, coverage, factors (scoring less coverage) and CSV (writing
//     less scoring). The whole run is projected from the sample's CPU time
//     per cell and the country's cells at 10 m (its area, from the 1 ha
//     run, per 100 m²).
//
// Run (a few minutes; -benchtime 1x, each op is a whole measurement):
//
//	go test ./benchmarks/ -run '^$' -bench Tiles -benchtime 1x -timeout 60m

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/landrelease/clearance/benchmarks/scenario"
	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/risk"
)

// tileSample is the number of tiles timed at 10 m.
const tileSample = 4

func BenchmarkTiles(b *testing.B) {
	ctx := context.Background()
	d := scenario.Generate(scenario.NationalConfig(1).Scaled(15))
	p, err := d.UTM("38N")
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	var m risk.Model
	// writeTile writes tile's CSV to a file, removed after, and returns
	// the cells written.
	writeTile := func(tl *risk.Tiling, in *geo.Projected, tile risk.Tile) int {
		path := filepath.Join(dir, fmt.Sprintf("tile-%05d.csv", tile.Index))
		f, err := os.Create(path)
		if err != nil {
			b.Fatal(err)
		}
		bw := bufio.NewWriterSize(f, 1<<16)
		n, err := tl.WriteCSV(ctx, bw, in, tile, &risk.CSVOptions{Workers: 1})
		if err == nil {
			err = bw.Flush()
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			b.Fatal(err)
		}
		os.Remove(path)
		return n
	}
	one := &risk.ScoreOptions{Workers: 1}
	var areaM2 float64 // the country's scored area, from the 1 ha run

	b.Run("country/100m", func(b *testing.B) {
		tl, err := m.Tiles(p, &risk.ScoreOptions{MaxCells: -1}, 0)
		if err != nil {
			b.Fatal(err)
		}
		var cells int
		var cpu time.Duration
		for b.Loop() {
			cells, areaM2 = 0, 0
			c0 := cpuTime()
			for _, tile := range tl.Tiles {
				in := tl.Input(p, tile)
				cells += writeTile(tl, in, tile)
			}
			cpu = cpuTime() - c0
			// The area, for the projection at 10 m (not timed).
			for _, tile := range tl.Tiles {
				sum, err := tl.Score(ctx, tl.Input(p, tile), tile, nil, func(*risk.Surface) error { return nil })
				if err != nil {
					b.Fatal(err)
				}
				areaM2 += sum.AreaM2
			}
		}
		n := float64(len(tl.Tiles))
		b.ReportMetric(n, "tiles")
		b.ReportMetric(float64(tl.Rows), "rows/tile")
		b.ReportMetric(float64(cells), "cells")
		b.ReportMetric(areaM2/1e4, "ha")
		b.ReportMetric(cpu.Seconds(), "cpu-s")
		b.ReportMetric(n/cpu.Seconds(), "tiles/cpu-s")
		b.ReportMetric(float64(cpu.Nanoseconds())/float64(cells), "cpu-ns/cell")
	})

	b.Run("country/10m", func(b *testing.B) {
		grid := geo.Grid{CellM: 10}
		tl, err := m.Tiles(p, &risk.ScoreOptions{Grid: grid, MaxCells: -1}, 0)
		if err != nil {
			b.Fatal(err)
		}
		nt := len(tl.Tiles)
		var sample []risk.Tile
		for k := range tileSample {
			sample = append(sample, tl.Tiles[(2*k+1)*nt/(2*tileSample)])
		}
		var cells int
		var input, cover, score, write time.Duration
		for b.Loop() {
			cells, input, cover, score, write = 0, 0, 0, 0, 0
			for _, tile := range sample {
				c0 := cpuTime()
				in := tl.Input(p, tile)
				c1 := cpuTime()
				err := grid.CoverRows(ctx, in.Hazards, &geo.CoverOptions{Workers: 1, Projection: in.Projection}, 0, tile.Row0, tile.Row1,
					func(*geo.Coverage) error { return nil })
				if err != nil {
					b.Fatal(err)
				}
				c2 := cpuTime()
				if _, err := tl.Score(ctx, in, tile, one, func(*risk.Surface) error { return nil }); err != nil {
					b.Fatal(err)
				}
				c3 := cpuTime()
				cells += writeTile(tl, in, tile)
				c4 := cpuTime()
				input += c1 - c0
				cover += c2 - c1
				score += c3 - c2
				write += c4 - c3
			}
		}
		ns := float64(write.Nanoseconds()+input.Nanoseconds()) / float64(cells)
		b.ReportMetric(float64(nt), "tiles")
		b.ReportMetric(float64(tl.Rows), "rows/tile")
		b.ReportMetric(float64(cells)/tileSample, "cells/tile")
		b.ReportMetric((write+input).Seconds()/tileSample, "cpu-s/tile")
		b.ReportMetric(ns, "cpu-ns/cell")
		b.ReportMetric(float64(input.Nanoseconds())/float64(cells), "input-ns/cell")
		b.ReportMetric(float64(cover.Nanoseconds())/float64(cells), "cover-ns/cell")
		b.ReportMetric(float64((score-cover).Nanoseconds())/float64(cells), "factors-ns/cell")
		b.ReportMetric(float64((write-score).Nanoseconds())/float64(cells), "csv-ns/cell")
		if areaM2 > 0 {
			total := areaM2 / 100
			b.ReportMetric(total, "proj-cells")
			b.ReportMetric(total*ns/1e9/3600, "proj-cpu-h")
		}
	})
}
