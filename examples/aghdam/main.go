// Command aghdam is the main planning job on the embedded Aghdam scenario:
// the 26 real settlements of the district and around it, with synthetic
// hazards and incidents (see testdata/aghdam/README.md). It reads and
// validates the layers, projects them to UTM, covers the hazards with the
// hectare grid and prints an inventory; scores every hazardous hectare and
// explains the riskiest; then plans survey and clearance for the team set
// of testdata/aghdam/teams.json and writes every report into the output
// folder: risk.csv, risk.geojson, schedule.csv, priorities.csv,
// priorities.geojson, plan.kmz, teams/ (a KMZ and a GPX per team), risk-map.png,
// burndown.png and summary.md.
//
// Usage:
//
//	go run ./examples/aghdam [-out dir] [-workers N]
//
// Every file is written to a temporary file in the output folder and
// renamed into place once complete. An interrupt (Ctrl-C, SIGINT) or
// SIGTERM stops the run at any phase with exit status 130, leaving the
// files already complete and no partial one; other errors exit with 1.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/geo/dataset"
	"github.com/landrelease/clearance/risk"
	"github.com/landrelease/clearance/testdata/aghdam"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("aghdam", flag.ContinueOnError)
	fs.SetOutput(stderr)
	workers := fs.Int("workers", 0, "goroutines for the grid and risk work; 0 means one per CPU (the output is the same for any count)")
	out := fs.String("out", "out", "`folder` to write the reports into (created if needed)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: go run ./examples/aghdam [flags]")
		fmt.Fprintln(stderr, "\nRuns the Aghdam scenario (embedded data) end to end: inventory, risk, plan and reports.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if err := job(ctx, stdout, stderr, *out, *workers); err != nil {
		if errors.Is(err, context.Canceled) {
			// Every file being written was removed; those complete stay.
			fmt.Fprintln(stderr, "aghdam: interrupted")
			return 130
		}
		fmt.Fprintln(stderr, "aghdam:", err)
		return 1
	}
	return 0
}

func job(ctx context.Context, stdout, stderr io.Writer, outDir string, workers int) error {
	if err := os.MkdirAll(outDir, 0o755); err != nil {
		return err
	}
	d, warns, err := dataset.Read(ctx, dataset.Files{
		Hazards:     aghdam.Hazards,
		Incidents:   aghdam.Incidents,
		Settlements: aghdam.Settlements,
	}, &dataset.Options{FS: aghdam.FS})
	for _, w := range geo.CollapseWarnings(warns, 3) {
		fmt.Fprintln(stderr, "warning:", w)
	}
	if err != nil {
		return err
	}
	for _, w := range d.Audit(time.Now(), 4*risk.DefaultBandwidthM) {
		fmt.Fprintln(stderr, "warning:", w)
	}
	fmt.Fprintf(stdout, "Aghdam scenario: %d hazards, %d incidents, %d settlements (hazards and incidents are synthetic)\n",
		len(d.Hazards), len(d.Incidents), len(d.Settlements))
	p, err := d.UTM("")
	if err != nil {
		return err
	}
	// Score once: the surface's cells are the hectare cover of the hazards
	// (union, exact areas) that the inventory counts too.
	var m risk.Model
	s, err := m.Score(ctx, p, &risk.ScoreOptions{Workers: workers})
	if err != nil {
		return err
	}
	if err := inventory(ctx, stdout, p, s, workers); err != nil {
		return err
	}
	riskFiles, err := reportRisk(ctx, stdout, s, outDir)
	if err != nil {
		return err
	}
	reports, err := plan(ctx, stdout, s, outDir)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "\nWrote:\n")
	for _, f := range append(riskFiles, reports...) {
		fmt.Fprintf(stdout, "  %s\n", f)
	}
	return nil
}
