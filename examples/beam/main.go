// Command beam scores the hazards' cells as tiles of grid rows on Apache
// Beam (the Go SDK), so that a country at 10 m cells runs on a cluster:
// the launcher reads the inputs and fans out the tiles (risk.Model.Tiles),
// each worker scores its tiles from their own inputs (risk.Tiling.Input:
// the hazards reaching the tile, the incidents within the model's reach,
// every settlement) and writes one CSV shard a tile, and a last step merges
// the shards in row order into one CSV: the bytes of planner score -cells
// with the same flags.
//
// Usage:
//
//	go run . -hazards H -incidents I -villages V [-zone Z] [-model M] [-cell N] -out DIR [beam flags]
//
// It writes DIR/tiles/tile-NNNNN.csv (each a CSV with its header) and
// DIR/cells.csv. The runner is Beam's -runner flag, prism (Beam's local
// runner, in this process) by default; README.md names the flags for
// Flink, Spark and Dataflow.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/x/beamx"

	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/risk"
)

func main() {
	cfg, beamArgs, quiet, err := parseFlags(os.Args[1:], os.Stderr)
	if err == flag.ErrHelp {
		os.Exit(0)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "beam: %v\n", err)
		os.Exit(2)
	}
	// Beam's own flags (-runner, -endpoint, -project, ...) are the rest.
	if err := flag.CommandLine.Parse(beamArgs); err != nil {
		os.Exit(2)
	}
	beam.Init()
	if err := launch(context.Background(), cfg, quiet, os.Stderr); err != nil {
		fmt.Fprintf(os.Stderr, "beam: %v\n", err)
		os.Exit(1)
	}
}

// parseFlags parses this program's flags out of args and returns the
// configuration, the arguments left for Beam's flags and -q. Beam's
// Dataflow runner defines a -zone flag of its own (a GCP zone; use
// -worker_zone there), so this program's flags are taken out of the
// command line before Beam's are parsed: -zone is the UTM zone, as in
// planner score.
func parseFlags(args []string, stderr io.Writer) (Config, []string, bool, error) {
	var cfg Config
	fs := flag.NewFlagSet("beam", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&cfg.Hazards, "hazards", "", "hazardous areas (SHA/CHA polygons): `file` or URL, as planner score reads them (required)")
	fs.StringVar(&cfg.Incidents, "incidents", "", "incidents (points): `file` or URL (required)")
	fs.StringVar(&cfg.Villages, "villages", "", "settlements (points): `file` or URL (required)")
	fs.StringVar(&cfg.Zone, "zone", "", "UTM `zone` to project in, such as 38N or EPSG:32638 (default: the zone of the data's centre)")
	fs.StringVar(&cfg.Model, "model", "mixture", "risk `model`, as planner score's: mixture (the default: a 500 m and a 5 km kernel with recency weights, times exposure, with -village-scale), kde (the classic kernel density, with -bandwidth and -village-scale) or a model FILE.json written by planner fit")
	fs.Float64Var(&cfg.CellM, "cell", geo.DefaultCellM, "grid cell size in `metres`")
	fs.Float64Var(&cfg.BandwidthM, "bandwidth", risk.DefaultBandwidthM, "incident density kernel bandwidth h in `metres`")
	fs.Float64Var(&cfg.VillageScaleM, "village-scale", risk.DefaultVillageScaleM, "settlement proximity distance scale λ in `metres`")
	fs.IntVar(&cfg.TileRows, "tile-rows", 0, "tile height in grid `rows`; 0 chooses it so that a tile holds about 4 million cells")
	fs.BoolVar(&cfg.Lean, "lean", false, "write planner score -lean's CSV")
	fs.IntVar(&cfg.Workers, "workers", 0, "goroutines per tile, `n`; 0 means one per CPU (the output is the same for any count)")
	fs.StringVar(&cfg.Out, "out", "", "output `dir`: DIR/tiles/tile-NNNNN.csv and DIR/cells.csv; local, or a path of a Beam filesystem (gs://...) on a cluster (required)")
	quiet := fs.Bool("q", false, "quiet: no summary on stderr")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: beam -hazards H -incidents I -villages V [-zone Z] [-model M] [-cell N] -out DIR [beam flags such as -runner]\n\n")
		fs.PrintDefaults()
		fmt.Fprintf(stderr, "\nBeam's flags follow (-runner prism by default; see README.md for Flink, Spark and Dataflow).\n")
	}
	var mine, rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		name, _, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		f := fs.Lookup(name)
		if !strings.HasPrefix(a, "-") || a == "-" || a == "--" || f == nil {
			if name == "h" || name == "help" {
				fs.Usage()
				return cfg, nil, false, flag.ErrHelp
			}
			rest = append(rest, a)
			continue
		}
		mine = append(mine, a)
		if b, ok := f.Value.(interface{ IsBoolFlag() bool }); !hasValue && !(ok && b.IsBoolFlag()) && i+1 < len(args) {
			i++
			mine = append(mine, args[i])
		}
	}
	if err := fs.Parse(mine); err != nil {
		return cfg, nil, false, err
	}
	switch {
	case cfg.Hazards == "":
		return cfg, nil, false, fmt.Errorf("-hazards is required")
	case cfg.Incidents == "":
		return cfg, nil, false, fmt.Errorf("-incidents is required")
	case cfg.Villages == "":
		return cfg, nil, false, fmt.Errorf("-villages is required")
	case cfg.Out == "":
		return cfg, nil, false, fmt.Errorf("-out is required")
	case !(cfg.CellM > 0):
		return cfg, nil, false, fmt.Errorf("-cell must be positive, not %v", cfg.CellM)
	case !(cfg.BandwidthM > 0):
		return cfg, nil, false, fmt.Errorf("-bandwidth must be positive, not %v", cfg.BandwidthM)
	case !(cfg.VillageScaleM > 0):
		return cfg, nil, false, fmt.Errorf("-village-scale must be positive, not %v", cfg.VillageScaleM)
	case cfg.TileRows < 0 || cfg.Workers < 0:
		return cfg, nil, false, fmt.Errorf("-tile-rows and -workers must be 0 or more")
	}
	if cfg.Zone != "" {
		if _, err := geo.ParseZone(cfg.Zone); err != nil {
			return cfg, nil, false, fmt.Errorf("-zone: %v", err)
		}
	}
	if _, err := cfg.model(); err != nil {
		return cfg, nil, false, err
	}
	return cfg, rest, *quiet, nil
}

// launch reads the inputs here first, so that bad input fails before any
// job starts, with every problem named as planner score names it; then
// builds the pipeline over the tiles and runs it on Beam's -runner.
func launch(ctx context.Context, cfg Config, quiet bool, stderr io.Writer) error {
	t0 := time.Now()
	r, warns, err := cfg.load(ctx)
	for _, w := range warns {
		if !quiet {
			fmt.Fprintf(stderr, "warning: %s\n", w)
		}
	}
	if err != nil {
		return err
	}
	// A worker in this process (prism's loopback) takes the run loaded here.
	lo := &loadOnce{}
	lo.once.Do(func() { lo.r = r })
	loaded.Store(cfg, lo)
	if !quiet {
		fmt.Fprintf(stderr, "read and tiled in %s: %d hazards, %d incidents, %d settlements in %s; %d tiles of %d rows of %v m cells\n",
			time.Since(t0).Round(time.Millisecond), len(r.p.Hazards), len(r.p.Incidents), len(r.p.Settlements), r.p.Projection, len(r.tiles), r.tl.Rows, r.tl.Grid.Size())
	}
	if err := removeShards(ctx, cfg.Out); err != nil {
		return err
	}
	t1 := time.Now()
	if err := beamx.Run(ctx, buildPipeline(cfg, len(r.tiles))); err != nil {
		return err
	}
	if !quiet {
		fmt.Fprintf(stderr, "scored %d tiles and merged them into %s in %s\n", len(r.tiles), joinPath(cfg.Out, "cells.csv"), time.Since(t1).Round(time.Millisecond))
	}
	return nil
}
