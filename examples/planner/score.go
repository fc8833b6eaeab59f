package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/landrelease/clearance/geo/dataset"
	"github.com/landrelease/clearance/geo/feature"
	"github.com/landrelease/clearance/internal/outfile"
	"github.com/landrelease/clearance/risk"
)

const scoreSummary = "score every hectare of the hazards (or an area) and write the cells"

const scoreExample = `  planner score -hazards hazards.geojson -incidents incidents.csv \
      -villages villages.csv -cells risk.csv -geojson risk.geojson -hazards-out hazards-risk.geojson`

// runScore scores the hectares and writes them.
func runScore(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var in inputs
	fs := newFlagSet("score", "-hazards H -incidents I -villages V -cells out.csv [flags]", scoreSummary, scoreExample, stderr)
	in.register(fs)
	cells := fs.String("cells", "", "write the scored cells to `file` (required): CSV (\"-\" for standard output), header i,j,area_m2,density,village_m,risk,... rows sorted by j then i; or, for a .gpkg file or a postgres://...?table=schema.name URL, a layer \"cells\" of WGS84 squares with the same columns (a GeoPackage's other layers are kept; a PostGIS table of that name is replaced in one transaction)")
	cellsGJ := fs.String("geojson", "", "also write the scored cells as a GeoJSON `file` of WGS84 squares with every factor (the surface is then held whole in memory; without it, and with a CSV -cells, the cells are scored and written in bands of rows)")
	hazOut := fs.String("hazards-out", "", "also write the per-hazard aggregates (area, risk mass, mean and peak risk) as a GeoJSON `file`, or a layer \"hazard_risk\" in a .gpkg file or a postgres:// URL")
	lean := fs.Bool("lean", false, "write a lean CSV: i,j,area_m2,density,village_m,risk, extra factors and hazards, without the columns that follow from them (ground_m2, proximity, lon, lat, x, y); about twice as fast on large surfaces")
	exact := fs.Bool("exact", false, "write every float of the cells (CSV and GeoJSON) as the shortest decimal that reads back to the same float64, as before December 2026, instead of 15 significant digits (within 5.5e-15 relative); formatting then takes about 3.5 times the instructions and the CSV is about 6% larger")
	tiles := fs.String("tiles", "", "score in tiles of grid rows, each tile's CSV written into `dir` (made if need be) as it is done, then merged into the -cells CSV (the same bytes as without -tiles); a run killed or failed resumes from the tiles already in dir; needs a CSV -cells, no -geojson, -hazards-out or -area")
	tileRows := fs.Int("tile-rows", 0, "with -tiles, the tile height in grid `rows`; 0 chooses it so that a tile holds about 4 million cells")
	if code := parse(fs, args); code >= 0 {
		return code
	}
	if msg := in.check(); msg != "" {
		return usageErrorf(fs, "%s", msg)
	}
	if *cells == "" {
		return usageErrorf(fs, "-cells is required")
	}
	rep := newReporter(stderr, in.quiet)
	if *tiles != "" {
		switch {
		case *cellsGJ != "" || *hazOut != "" || in.area != "" || isLayerOut(*cells):
			return usageErrorf(fs, "-tiles writes a CSV -cells only: not with -geojson, -hazards-out, -area or a layer")
		case *tileRows < 0:
			return usageErrorf(fs, "-tile-rows must be 0 or more, not %d", *tileRows)
		}
		return scoreTiles(ctx, &in, rep, *cells, *tiles, *tileRows, risk.CSVOptions{Lean: *lean, Exact: *exact, Workers: in.workers}, stdout, stderr)
	}
	if *cellsGJ == "" && !isLayerOut(*cells) && !isLayerOut(*hazOut) {
		return scoreBands(ctx, &in, rep, *cells, *hazOut, risk.CSVOptions{Lean: *lean, Exact: *exact, Workers: in.workers}, stdout, stderr)
	}

	s, err := in.score(ctx, rep)
	if err != nil {
		return fail(stderr, "score", err)
	}
	writeCSV := func(w io.Writer) error {
		return s.WriteCSVWith(w, &risk.CSVOptions{Lean: *lean, Exact: *exact, Workers: in.workers})
	}
	if isLayerOut(*cells) {
		err = writeLayer(ctx, *cells, func() (*feature.Layer, error) { return s.CellsLayer(nil) })
	} else {
		err = writeOut(ctx, *cells, stdout, writeCSV)
	}
	if err != nil {
		return fail(stderr, "score", err)
	}
	if *cellsGJ != "" {
		writeGJ := func(w io.Writer) error {
			return s.WriteCellsGeoJSONWith(w, &risk.GeoJSONOptions{Exact: *exact, Workers: in.workers})
		}
		if err := writeOut(ctx, *cellsGJ, stdout, writeGJ); err != nil {
			return fail(stderr, "score", err)
		}
	}
	if *hazOut != "" {
		if isLayerOut(*hazOut) {
			err = writeLayer(ctx, *hazOut, s.HazardsLayer)
		} else {
			err = writeOut(ctx, *hazOut, stdout, s.WriteHazardsGeoJSON)
		}
		if err != nil {
			return fail(stderr, "score", err)
		}
	}
	rep.notef("wrote %s", joinNonEmpty(dataset.DisplayName(*cells), *cellsGJ, dataset.DisplayName(*hazOut)))
	return exitOK
}

// scoreBands is runScore without cells GeoJSON and with CSV cells (and
// hazards, if asked, as a GeoJSON file): the cells are scored and written
// one band of rows at a time (risk.Model.ScoreBands), so memory holds two
// bands, with the bytes the whole surface would write. The CSV is written
// atomically (writeOut), so a refused, failed or interrupted run leaves
// nothing written.
func scoreBands(ctx context.Context, in *inputs, rep *reporter, cells, hazOut string, opts risk.CSVOptions, stdout, stderr io.Writer) int {
	p, err := in.load(ctx, rep)
	if err != nil {
		return fail(stderr, "score", err)
	}
	m, err := in.model()
	if err != nil {
		return fail(stderr, "score", err)
	}
	t0 := time.Now()
	rep.begin("score")
	var sum *risk.BandSummary
	err = writeOut(ctx, cells, stdout, func(w io.Writer) error {
		cs := risk.NewCSVStream(w, &opts)
		var err error
		if sum, err = m.ScoreBands(ctx, p, in.scoreOptions(rep), cs.Write); err != nil {
			return err
		}
		return cs.Flush()
	})
	rep.end()
	if err != nil {
		return fail(stderr, "score", limitHint(err))
	}
	what := "hazards"
	if in.area != "" {
		what = "the area of interest"
	}
	rep.notef("scored and wrote %d cells (%.1f ha of %s) in %d bands in %s; total risk %.6g",
		sum.Cells, sum.AreaM2/1e4, what, sum.Bands, time.Since(t0).Round(time.Millisecond), sum.Risk)
	zeroRisk(rep, sum.Cells, sum.Risk)
	if hazOut != "" {
		if err := writeOut(ctx, hazOut, stdout, sum.WriteHazardsGeoJSON); err != nil {
			return fail(stderr, "score", err)
		}
	}
	rep.notef("wrote %s", joinNonEmpty(dataset.DisplayName(cells), dataset.DisplayName(hazOut)))
	return exitOK
}

// writeOut writes with write to path, or to stdout if path is "-". The
// file is written atomically (internal/outfile): to a temporary file beside
// path, renamed into place only when complete, removed if write fails or
// ctx is done, so a failed or interrupted run leaves the previous file (or
// none), never a partial one. An error of write is returned as it is; a
// failed write to the file names the path.
func writeOut(ctx context.Context, path string, stdout io.Writer, write func(io.Writer) error) error {
	if path == "-" {
		return write(stdout)
	}
	f, err := outfile.Create(ctx, path)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Abort()
		return err
	}
	return f.Close()
}

func joinNonEmpty(ss ...string) string {
	out := ""
	for _, s := range ss {
		if s == "" {
			continue
		}
		if out != "" {
			out += ", "
		}
		if s == "-" {
			s = "standard output"
		}
		out += s
	}
	return out
}

// isLayerOut reports whether path names a GeoPackage file or a PostGIS
// table, which take layers.
func isLayerOut(path string) bool {
	f, err := dataset.FormatOf(path)
	return err == nil && (f == dataset.GeoPackage || f == dataset.PostGIS)
}

// writeLayer builds a layer and writes it to path (a GeoPackage or a
// PostGIS URL) with geo/dataset.
func writeLayer(ctx context.Context, path string, build func() (*feature.Layer, error)) error {
	l, err := build()
	if err != nil {
		return err
	}
	if err := dataset.Write(ctx, path, l); err != nil {
		return fmt.Errorf("writing %s: %w", dataset.DisplayName(path), err)
	}
	return nil
}
