package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/landrelease/clearance/geo/dataset"
	"github.com/landrelease/clearance/internal/outfile"
	"github.com/landrelease/clearance/risk"
)

// tileManifest is the file of a -tiles directory that says which run its
// tiles belong to.
const tileManifest = "run.txt"

// tileName returns the file name of tile k in a -tiles directory.
func tileName(k int) string { return fmt.Sprintf("tile-%05d.csv", k) }

// scoreTiles is runScore with -tiles dir: the run is cut into tiles of grid
// rows (risk.Model.Tiles; tileRows rows each, 0 to choose), each tile's CSV
// is written into dir atomically (a temporary file renamed once complete
// and synced), tiles already there are skipped, so a killed run resumes
// where it stopped, and the tiles are merged, in row order, into cells:
// the bytes of a run without -tiles. Memory holds one tile's bands. dir
// keeps a manifest of the run (inputs with their sizes and times, flags,
// tiles) and a run with other inputs or flags refuses it.
func scoreTiles(ctx context.Context, in *inputs, rep *reporter, cells, dir string, tileRows int, csvOpts risk.CSVOptions, stdout, stderr io.Writer) int {
	p, err := in.load(ctx, rep)
	if err != nil {
		return fail(stderr, "score", err)
	}
	m, err := in.model()
	if err != nil {
		return fail(stderr, "score", err)
	}
	tl, err := m.Tiles(p, in.scoreOptions(rep), tileRows)
	if err != nil {
		return fail(stderr, "score", limitHint(err))
	}
	if err := checkTileDir(ctx, dir, tileRunKey(in, m, tl, csvOpts)); err != nil {
		return fail(stderr, "score", err)
	}
	t0 := time.Now()
	rep.begin("tiles")
	resumed, ncells := 0, 0
	opts := &csvOpts
	for _, tile := range tl.Tiles {
		path := filepath.Join(dir, tileName(tile.Index))
		if _, err := os.Stat(path); err == nil {
			resumed++
			rep.update(tile.Index+1, len(tl.Tiles))
			continue
		}
		n, err := writeAtomic(ctx, path, func(w io.Writer) (int, error) {
			return tl.WriteCSV(ctx, w, tl.Input(p, tile), tile, opts)
		})
		if err != nil {
			rep.end()
			return fail(stderr, "score", fmt.Errorf("tile %d (rows %d to %d): %w", tile.Index, tile.Row0, tile.Row1-1, err))
		}
		ncells += n
		rep.update(tile.Index+1, len(tl.Tiles))
	}
	rep.end()
	rep.notef("scored %d of %d tiles of %d rows (%d cells) in %s; %d were done already",
		len(tl.Tiles)-resumed, len(tl.Tiles), tl.Rows, ncells, time.Since(t0).Round(time.Millisecond), resumed)
	err = writeOut(ctx, cells, stdout, func(w io.Writer) error {
		mg := risk.NewCSVMerger(w)
		if len(tl.Tiles) == 0 {
			// No hazard: the header of an empty run.
			var b bytes.Buffer
			if _, err := tl.WriteCSV(ctx, &b, p, risk.Tile{}, opts); err != nil {
				return err
			}
			if err := mg.Add(&b); err != nil {
				return err
			}
		}
		for _, tile := range tl.Tiles {
			path := filepath.Join(dir, tileName(tile.Index))
			f, err := os.Open(path)
			if err != nil {
				return err
			}
			err = mg.Add(f)
			f.Close()
			if err != nil {
				return fmt.Errorf("%s: %w", path, err)
			}
		}
		return mg.Flush()
	})
	if err != nil {
		return fail(stderr, "score", err)
	}
	rep.notef("merged %d tiles from %s into %s", len(tl.Tiles), dir, dataset.DisplayName(cells))
	return exitOK
}

// tileRunKey describes the run whose tiles a -tiles directory holds: the
// inputs (with the size and time of each local file), every flag that
// changes a cell's bytes, the model m with its parameters, and the tiles.
func tileRunKey(in *inputs, m risk.Model, tl *risk.Tiling, opts risk.CSVOptions) string {
	var b strings.Builder
	b.WriteString("planner score -tiles: the tiles of this directory belong to this run\n")
	for _, f := range [][2]string{{"hazards", in.hazards}, {"incidents", in.incidents}, {"villages", in.villages}} {
		fmt.Fprintf(&b, "%s %s", f[0], f[1])
		if st, err := os.Stat(f[1]); err == nil {
			fmt.Fprintf(&b, " (%d bytes, modified %s)", st.Size(), st.ModTime().UTC().Format(time.RFC3339Nano))
		}
		b.WriteByte('\n')
	}
	floats := "15 digits" // tiles written before the writers rounded to 15 digits have no such line
	if opts.Exact {
		floats = "exact"
	}
	fmt.Fprintf(&b, "map %s\nzone %q\ncell %v\nmodel %+v\nlean %v\nfloats %s\n",
		in.maps.String(), in.zone, in.cellM, m, opts.Lean, floats)
	fmt.Fprintf(&b, "tiles %d of %d rows", len(tl.Tiles), tl.Rows)
	if len(tl.Tiles) > 0 {
		fmt.Fprintf(&b, ", rows %d to %d", tl.Tiles[0].Row0, tl.Tiles[len(tl.Tiles)-1].Row1-1)
	}
	b.WriteByte('\n')
	return b.String()
}

// checkTileDir makes dir if need be and checks that its manifest is key,
// writing it if there is none; it removes the temporary files a killed run
// left.
func checkTileDir(ctx context.Context, dir, key string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	path := filepath.Join(dir, tileManifest)
	old, err := os.ReadFile(path)
	switch {
	case err == nil && string(old) != key:
		return fmt.Errorf("-tiles %s holds the tiles of another run (see %s): remove it or name another directory", dir, path)
	case os.IsNotExist(err):
		if _, err := writeAtomic(ctx, path, func(w io.Writer) (int, error) {
			_, err := io.WriteString(w, key)
			return 0, err
		}); err != nil {
			return err
		}
	case err != nil:
		return err
	}
	stale, err := filepath.Glob(filepath.Join(dir, "*.tmp"))
	if err != nil {
		return err
	}
	for _, f := range stale {
		if err := os.Remove(f); err != nil {
			return err
		}
	}
	return nil
}

// writeAtomic writes path with write through internal/outfile: into a
// temporary file beside it, synced, then renamed to path, so that path is
// either absent or whole. The temporary file is removed if write fails.
func writeAtomic(ctx context.Context, path string, write func(io.Writer) (int, error)) (int, error) {
	f, err := outfile.Create(ctx, path)
	if err != nil {
		return 0, err
	}
	n, err := write(f)
	if err != nil {
		f.Abort()
		return 0, err
	}
	return n, f.Close()
}
