package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"

	"github.com/landrelease/clearance/geo/dataset"
	"github.com/landrelease/clearance/geo/feature"
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
	cellsGJ := fs.String("geojson", "", "also write the scored cells as a GeoJSON `file` of WGS84 squares with every factor")
	hazOut := fs.String("hazards-out", "", "also write the per-hazard aggregates (area, risk mass, mean and peak risk) as a GeoJSON `file`, or a layer \"hazard_risk\" in a .gpkg file or a postgres:// URL")
	lean := fs.Bool("lean", false, "write a lean CSV: i,j,area_m2,density,village_m,risk, extra factors and hazards, without the columns that follow from them (ground_m2, proximity, lon, lat, x, y); about twice as fast on large surfaces")
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

	s, err := in.score(ctx, rep)
	if err != nil {
		return fail(stderr, "score", err)
	}
	writeCSV := func(w io.Writer) error {
		return s.WriteCSVWith(w, &risk.CSVOptions{Lean: *lean, Workers: in.workers})
	}
	if isLayerOut(*cells) {
		err = writeLayer(ctx, *cells, func() (*feature.Layer, error) { return s.CellsLayer(nil) })
	} else {
		err = writeOut(*cells, stdout, writeCSV)
	}
	if err != nil {
		return fail(stderr, "score", err)
	}
	if *cellsGJ != "" {
		writeGJ := func(w io.Writer) error {
			return s.WriteCellsGeoJSONWith(w, &risk.GeoJSONOptions{Workers: in.workers})
		}
		if err := writeOut(*cellsGJ, stdout, writeGJ); err != nil {
			return fail(stderr, "score", err)
		}
	}
	if *hazOut != "" {
		if isLayerOut(*hazOut) {
			err = writeLayer(ctx, *hazOut, s.HazardsLayer)
		} else {
			err = writeOut(*hazOut, stdout, s.WriteHazardsGeoJSON)
		}
		if err != nil {
			return fail(stderr, "score", err)
		}
	}
	rep.notef("wrote %s", joinNonEmpty(dataset.DisplayName(*cells), *cellsGJ, dataset.DisplayName(*hazOut)))
	return exitOK
}

// writeOut writes with write to path, or to stdout if path is "-". The
// file is written through a buffer and closed; an error names the path.
func writeOut(path string, stdout io.Writer, write func(io.Writer) error) error {
	if path == "-" {
		return write(stdout)
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 1<<16)
	err = write(bw)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
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
