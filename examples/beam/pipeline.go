package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"

	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/geo/dataset"
	"github.com/landrelease/clearance/geo/feature"
	"github.com/landrelease/clearance/risk"
	"github.com/landrelease/clearance/risk/modelfile"
)

func init() {
	register.DoFn2x2[context.Context, int, int, error](&scoreTileFn{})
	register.DoFn3x1[context.Context, int, func(*int) bool, error](&mergeFn{})
	register.Iter1[int]()
}

// Config is what every worker needs to score a tile: the inputs and the
// flags that change a cell's bytes, and where to write. Its exported
// fields travel with the pipeline to the workers (as the DoFns' fields).
type Config struct {
	// Hazards, Incidents and Villages are the input files or URLs, read by
	// geo/dataset on every worker (a path every worker sees: a shared disk,
	// a postgres:// URL, or a Beam filesystem path such as gs://, copied to
	// a local file first).
	Hazards, Incidents, Villages string
	// Zone is the UTM zone ("" for the data's).
	Zone string
	// Model names the risk model as planner score's -model does: "",
	// "default" or "mixture" for the default Mixture (with VillageScaleM),
	// "kde" for the classic model (with BandwidthM and VillageScaleM), or
	// a model file written by planner fit.
	Model string
	// CellM, BandwidthM and VillageScaleM are planner score's -cell,
	// -bandwidth and -village-scale.
	CellM, BandwidthM, VillageScaleM float64
	// TileRows is the tile height in grid rows (0: risk chooses).
	TileRows int
	// Lean writes the lean CSV (planner score -lean).
	Lean bool
	// Workers is the goroutines per tile (0: GOMAXPROCS).
	Workers int
	// Out is the output directory: Out/tiles/tile-NNNNN.csv (the shards)
	// and Out/cells.csv (the merged CSV). Local or a Beam filesystem path.
	Out string
}

// model returns the risk model the configuration names, or an error for an
// unknown name.
func (c *Config) model() (risk.Model, error) {
	switch c.Model {
	case "", "default", "mixture":
		return risk.Model{VillageScaleM: c.VillageScaleM}, nil
	case "kde":
		return risk.Model{Kind: risk.KDE, BandwidthM: c.BandwidthM, VillageScaleM: c.VillageScaleM}, nil
	}
	f, err := os.Open(c.Model)
	if err != nil {
		return risk.Model{}, fmt.Errorf("-model: %w", err)
	}
	defer f.Close()
	mf, err := modelfile.Read(f, c.Model)
	if err != nil {
		return risk.Model{}, err
	}
	m := mf.Model()
	if m.VillageScaleM == 0 {
		m.VillageScaleM = c.VillageScaleM
	}
	return m, nil
}

// run is a loaded run: the projected inputs and their tiles.
type run struct {
	p  *geo.Projected
	tl *risk.Tiling
	// tiles are the tiles to score: the Tiling's, or, with no hazard, one
	// empty tile, whose CSV is the header alone.
	tiles []risk.Tile
}

// load reads the inputs as planner score does, projects them and tiles the
// run. Warnings are returned for the launcher to print.
func (c *Config) load(ctx context.Context) (*run, []geo.Warning, error) {
	m, err := c.model()
	if err != nil {
		return nil, nil, err
	}
	files := dataset.Files{Hazards: c.Hazards, Incidents: c.Incidents, Settlements: c.Villages}
	for _, f := range []*string{&files.Hazards, &files.Incidents, &files.Settlements} {
		if *f, err = localCopy(ctx, *f); err != nil {
			return nil, nil, err
		}
	}
	d, warns, err := dataset.Read(ctx, files, &dataset.Options{Options: feature.Options{RequireMapped: true}})
	if err != nil {
		return nil, warns, err
	}
	p, err := d.UTM(c.Zone)
	if err != nil {
		return nil, warns, err
	}
	tl, err := m.Tiles(p, &risk.ScoreOptions{Grid: geo.Grid{CellM: c.CellM}, MaxCells: -1}, c.TileRows)
	if err != nil {
		return nil, warns, err
	}
	r := &run{p: p, tl: tl, tiles: tl.Tiles}
	if len(r.tiles) == 0 {
		r.tiles = []risk.Tile{{}}
	}
	return r, warns, nil
}

// loaded holds the runs a worker process has loaded, by configuration: a
// worker reads the inputs once, whatever the number of DoFn instances and
// bundles.
var loaded sync.Map // Config -> *loadOnce

type loadOnce struct {
	once sync.Once
	r    *run
	err  error
}

// loadCached is load, once per configuration and process.
func (c *Config) loadCached(ctx context.Context) (*run, error) {
	v, _ := loaded.LoadOrStore(*c, &loadOnce{})
	lo := v.(*loadOnce)
	lo.once.Do(func() { lo.r, _, lo.err = c.load(ctx) })
	return lo.r, lo.err
}

// localCopy returns path as it is, unless it is a Beam filesystem path
// (gs://, s3://...; not postgres://): its bytes are then copied to a local
// temporary file, with the same extension, whose path is returned.
func localCopy(ctx context.Context, path string) (string, error) {
	scheme, _, ok := strings.Cut(path, "://")
	if !ok || strings.HasPrefix(scheme, "postgres") {
		return path, nil
	}
	fs, err := filesystem.New(ctx, path)
	if err != nil {
		return "", err
	}
	defer fs.Close()
	r, err := fs.OpenRead(ctx, path)
	if err != nil {
		return "", err
	}
	defer r.Close()
	f, err := os.CreateTemp("", "clearance-*"+filepath.Ext(path))
	if err != nil {
		return "", err
	}
	if _, err := io.Copy(f, r); err != nil {
		f.Close()
		return "", fmt.Errorf("copying %s: %w", path, err)
	}
	return f.Name(), f.Close()
}

// tilePath returns the path of tile k's shard under out.
func tilePath(out string, k int) string {
	return joinPath(out, "tiles", fmt.Sprintf("tile-%05d.csv", k))
}

// joinPath joins path elements with "/" onto a local path or a URL.
func joinPath(base string, elem ...string) string {
	if !strings.Contains(base, "://") {
		return filepath.Join(append([]string{base}, elem...)...)
	}
	return strings.TrimSuffix(base, "/") + "/" + strings.Join(elem, "/")
}

// hostname and tmpSeq make temporary names that no other attempt at the
// same file (a retried or speculative bundle, here or on another worker)
// takes.
var (
	hostname, _ = os.Hostname()
	tmpSeq      atomic.Int64
)

// removeShards removes the shards under out of an earlier run (whose tiles
// may have been more), so that out/tiles holds this run's only.
func removeShards(ctx context.Context, out string) error {
	glob := joinPath(out, "tiles", "tile-*")
	fs, err := filesystem.New(ctx, glob)
	if err != nil {
		return err
	}
	defer fs.Close()
	old, err := fs.List(ctx, glob)
	if err != nil || len(old) == 0 {
		return err
	}
	rm, ok := fs.(filesystem.Remover)
	if !ok {
		return fmt.Errorf("%s holds shards of an earlier run, which its file system cannot remove: use another -out", out)
	}
	for _, f := range old {
		if err := rm.Remove(ctx, f); err != nil {
			return err
		}
	}
	return nil
}

// writeFile writes path through fs with write, into a temporary name
// renamed once complete, so that path is either absent or whole.
func writeFile(ctx context.Context, fs filesystem.Interface, path string, write func(io.Writer) error) error {
	tmp := fmt.Sprintf("%s.%s-%d-%d.tmp", path, hostname, os.Getpid(), tmpSeq.Add(1))
	w, err := fs.OpenWrite(ctx, tmp)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	err = write(bw)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := w.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = filesystem.Rename(ctx, fs, tmp, path)
	}
	if err != nil {
		if rm, ok := fs.(filesystem.Remover); ok {
			rm.Remove(ctx, tmp)
		}
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}

// scoreTileFn scores one tile, writes its shard and emits its index.
type scoreTileFn struct {
	Cfg Config
}

// ProcessElement scores tile k from the tile's own inputs (risk's
// Tiling.Input) and writes its CSV, header and rows, to Out/tiles.
func (f *scoreTileFn) ProcessElement(ctx context.Context, k int) (int, error) {
	r, err := f.Cfg.loadCached(ctx)
	if err != nil {
		return 0, err
	}
	if k < 0 || k >= len(r.tiles) {
		return 0, fmt.Errorf("tile %d of %d", k, len(r.tiles))
	}
	tile := r.tiles[k]
	path := tilePath(f.Cfg.Out, k)
	fs, err := filesystem.New(ctx, path)
	if err != nil {
		return 0, err
	}
	defer fs.Close()
	err = writeFile(ctx, fs, path, func(w io.Writer) error {
		_, err := r.tl.WriteCSV(ctx, w, r.tl.Input(r.p, tile), tile, &risk.CSVOptions{Lean: f.Cfg.Lean, Workers: f.Cfg.Workers})
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("tile %d (rows %d to %d): %w", k, tile.Row0, tile.Row1-1, err)
	}
	return k, nil
}

// mergeFn merges the shards, once all are written, into Out/cells.csv.
type mergeFn struct {
	Cfg   Config
	Tiles int
}

// ProcessElement receives every tile index under one key and merges the
// shards in row order; it fails if a tile is missing or repeated.
func (f *mergeFn) ProcessElement(ctx context.Context, _ int, done func(*int) bool) error {
	var ks []int
	var k int
	for done(&k) {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	for i, k := range ks {
		if k != i {
			return fmt.Errorf("merge: tile %d where tile %d was expected (%d of %d tiles)", k, i, len(ks), f.Tiles)
		}
	}
	if len(ks) != f.Tiles {
		return fmt.Errorf("merge: %d of %d tiles", len(ks), f.Tiles)
	}
	out := joinPath(f.Cfg.Out, "cells.csv")
	fs, err := filesystem.New(ctx, out)
	if err != nil {
		return err
	}
	defer fs.Close()
	return writeFile(ctx, fs, out, func(w io.Writer) error {
		mg := risk.NewCSVMerger(w)
		for _, k := range ks {
			path := tilePath(f.Cfg.Out, k)
			r, err := fs.OpenRead(ctx, path)
			if err != nil {
				return err
			}
			err = mg.Add(r)
			r.Close()
			if err != nil {
				return fmt.Errorf("%s: %w", path, err)
			}
		}
		return mg.Flush()
	})
}

// buildPipeline returns the pipeline: the tile indexes, spread over the
// workers (Reshuffle), each tile scored and written, then every index
// gathered under one key and the shards merged.
func buildPipeline(cfg Config, tiles int) *beam.Pipeline {
	p, s := beam.NewPipelineWithRoot()
	ks := make([]int, tiles)
	for k := range ks {
		ks[k] = k
	}
	idx := beam.Reshuffle(s, beam.CreateList(s, ks))
	scored := beam.ParDo(s.Scope("ScoreTiles"), &scoreTileFn{Cfg: cfg}, idx)
	all := beam.GroupByKey(s, beam.AddFixedKey(s, scored))
	beam.ParDo0(s.Scope("MergeTiles"), &mergeFn{Cfg: cfg, Tiles: tiles}, all)
	return p
}
