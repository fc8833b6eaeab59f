package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/planning/report"
)

const backtestSummary = "score with the incidents before a date and test against the later ones, beside the baselines"

const backtestExample = `  planner backtest -hazards hazards.geojson -incidents incidents.csv \
      -villages villages.csv -split 2020-01-01`

// runBacktest scores with the incidents before -split and prints how the
// scores and two baselines rank the cells of the later incidents.
func runBacktest(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var in inputs
	fs := newFlagSet("backtest", "-hazards H -incidents I -villages V -split DATE [flags]", backtestSummary, backtestExample, stderr)
	in.register(fs)
	pngOut := fs.String("png", "", "also draw the capture curves (share of later incidents against share of area, the model and every baseline) as a PNG `file`")
	split := fs.String("split", "", "split `date` (ISO 8601, such as 2020-01-01): incidents before it score the cells, those on or after it test them (required)")
	if code := parse(fs, args); code >= 0 {
		return code
	}
	if msg := in.check(); msg != "" {
		return usageErrorf(fs, "%s", msg)
	}
	if *split == "" {
		return usageErrorf(fs, "-split is required")
	}
	at, err := geo.ParseDate(*split)
	if err != nil {
		return usageErrorf(fs, "-split: %v", err)
	}
	rep := newReporter(stderr, in.quiet)

	p, err := in.load(ctx, rep)
	if err != nil {
		return fail(stderr, "backtest", err)
	}
	m, err := in.model()
	if err != nil {
		return fail(stderr, "backtest", err)
	}
	t0 := time.Now()
	rep.begin("score")
	bt, err := m.Backtest(ctx, p, at, in.scoreOptions(rep))
	rep.end()
	if err != nil {
		return fail(stderr, "backtest", limitHint(err))
	}
	rep.notef("backtest in %s", time.Since(t0).Round(time.Millisecond))
	if _, err := bt.WriteTo(stdout); err != nil {
		return fail(stderr, "backtest", err)
	}
	if *pngOut != "" {
		title := fmt.Sprintf("Capture of the %d incidents on or after %s", bt.Later, *split)
		if err := writeOut(ctx, *pngOut, stdout, func(w io.Writer) error {
			return report.CapturePNG(w, title, bt.Rankings(), nil)
		}); err != nil {
			return fail(stderr, "backtest", err)
		}
		rep.notef("wrote %s", *pngOut)
	}
	return exitOK
}
