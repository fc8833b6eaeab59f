package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"time"

	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/risk"
	"github.com/landrelease/clearance/risk/modelfile"
)

const fitSummary = "choose the risk model's parameters from the incidents' own history and write them as JSON"

const fitExample = `  planner fit -hazards hazards.geojson -incidents incidents.csv \
      -villages villages.csv -out model.json
  planner score -model model.json -hazards hazards.geojson -incidents incidents.csv \
      -villages villages.csv -cells risk.csv`

// runFit fits the Mixture's parameters by rolling-origin validation
// (risk.Fit) and writes the model file.
func runFit(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var in inputs
	fs := newFlagSet("fit", "-hazards H -incidents I -villages V -out model.json [flags]", fitSummary, fitExample, stderr)
	in.register(fs)
	out := fs.String("out", "", "write the fitted model (parameters, how they were chosen, the validation scores) to this JSON `file` (required; \"-\" for standard output)")
	fitCell := fs.Float64("fit-cell", 1000, "cell size in `metres` of the validation scorings (coarser than -cell for speed)")
	if code := parse(fs, args); code >= 0 {
		return code
	}
	if msg := in.check(); msg != "" {
		return usageErrorf(fs, "%s", msg)
	}
	if *out == "" {
		return usageErrorf(fs, "-out is required")
	}
	if !(*fitCell > 0) || math.IsInf(*fitCell, 0) {
		return usageErrorf(fs, "-fit-cell must be positive, not %v", *fitCell)
	}
	rep := newReporter(stderr, in.quiet)
	p, err := in.load(ctx, rep)
	if err != nil {
		return fail(stderr, "fit", err)
	}
	t0 := time.Now()
	rep.begin("fit")
	f, err := risk.Fit(ctx, p, &risk.FitOptions{Grid: geo.Grid{CellM: *fitCell}, UseArea: in.area != "",
		Workers: in.workers, MaxCells: in.maxCellsOption()})
	rep.end()
	if err != nil {
		return fail(stderr, "fit", limitHint(err))
	}
	m := f.Model
	if in.villageScaleM != risk.DefaultVillageScaleM {
		m.VillageScaleM = in.villageScaleM
	}
	mf, err := modelfile.FromModel(m, f)
	if err != nil {
		return fail(stderr, "fit", err)
	}
	if err := writeOut(ctx, *out, stdout, func(w io.Writer) error { return modelfile.Write(w, mf) }); err != nil {
		return fail(stderr, "fit", err)
	}
	d := m.WithDefaults()
	rep.notef("fitted in %s: %s", time.Since(t0).Round(time.Millisecond), f.Method)
	rep.notef("model: kernels %s m and %s m (long share %.2f), recency %.3g years, nearness %s; wrote %s",
		fmt.Sprint(math.Round(d.ShortBandwidthM)), fmt.Sprint(math.Round(d.LongBandwidthM)), d.LongWeight, d.RecencyYears,
		nearText(d.NearScaleM), *out)
	return exitOK
}

func nearText(l float64) string {
	if l < 0 {
		return "off"
	}
	return fmt.Sprintf("%.0f m", l)
}
