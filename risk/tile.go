package risk

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"time"

	"github.com/landrelease/clearance/geo"
)

// TileCells is about how many cells a tile of [Model.Tiles] holds when no
// height is asked for: the tile height in grid rows is chosen from the
// hazards' estimated cells per row (an estimate that errs high) so that a
// tile holds at most about this many. At 330 bytes a cell held whole this
// would be 1.4 GB, but a tile is scored in bands ([BandCells]), so its
// memory is two bands'.
const TileCells = 1 << 22

// ErrNotTileable is returned by [Model.Tiles] for a run whose cells are not
// independent of one another, so that tiles could not give the whole run's
// bytes: a WeightedSum model (its factors are normalised by their maxima
// over every cell) or scoring over the area of interest.
var ErrNotTileable = errors.New("risk: this run cannot be scored in tiles")

// Tile is one block of grid rows of the aligned grid: the cells with
// Row0 <= J < Row1 (J as in [geo.Grid]), every column. A tile's cells are
// the whole run's cells in those rows, so the tiles' CSVs, concatenated in
// Index order, are the whole run's CSV (see [CSVMerger]).
type Tile struct {
	// Index is the tile's position among the tiles of its Tiling, from
	// south to north.
	Index int
	// Row0 and Row1 bound the tile's rows, half-open.
	Row0, Row1 int
}

// Tiling splits a scoring run into tiles of Rows grid rows each, aligned:
// tile rows start at multiples of Rows, as bands do. It holds what every
// tile needs to find its inputs ([Tiling.Input]) and to be scored
// ([Tiling.Score]): each hazard's rows and the model with the defaults that
// depend on the whole dataset (the recency reference date) settled. A
// Tiling is read, never changed, and may be shared by goroutines.
type Tiling struct {
	// Grid is the grid scored.
	Grid geo.Grid
	// Rows is the tile height in grid rows.
	Rows int
	// Tiles are the tiles that may hold a cell (those some hazard's
	// bounding box reaches, with a row of margin each side), from south to
	// north; a tile may still turn out empty.
	Tiles []Tile
	// ReachM is the model's reach ([Model.ReachM]) with the halo added:
	// incidents farther than this from a tile's rows are left out of its
	// input. +Inf keeps every incident.
	ReachM float64

	model Model
	opts  ScoreOptions
	spans [][2]int // per hazard, its rows [lo, hi] with a row of margin; lo > hi if empty
}

// ReachM returns the distance in metres beyond which an incident no longer
// changes a cell's score under m: the kernel's cut-off (CutoffM, by default
// DefaultCutoffBandwidths bandwidths). A model whose incidents reach every
// cell returns +Inf. Settlements have no reach, since a cell's distance to
// the nearest one is scored however far it is, and layers belong to the
// model: a tile keeps them all. Cost O(1).
func (m *Model) ReachM() float64 {
	if m.Kind != KDE {
		return math.Inf(1) // the Mixture is untruncated, with its nearest-incident damping
	}
	return m.params().cutoff
}

// Tiles splits the run that [Model.ScoreBands] would make of p with opts
// into tiles of rows grid rows each (0: chosen so that a tile holds about
// TileCells cells). It returns an error wrapping ErrNotTileable for a
// WeightedSum model (without Func) or UseArea, Score's errors for an
// invalid model, missing source attributes or non-finite coordinates, and a
// *geo.CellLimitError when the whole run's estimated cells pass
// opts.MaxCells (each tile is then scored without a limit). Empty hazards
// give no tile. Cost O(vertices + incidents). It panics if p is nil or rows
// is negative.
func (m *Model) Tiles(p *geo.Projected, opts *ScoreOptions, rows int) (*Tiling, error) {
	if p == nil {
		panic("risk: Tiles of a nil *geo.Projected")
	}
	if rows < 0 {
		panic(fmt.Sprintf("risk: Tiles with %d rows", rows))
	}
	var o ScoreOptions
	if opts != nil {
		o = *opts
	}
	switch {
	case m.Func == nil && m.Combination == WeightedSum:
		return nil, fmt.Errorf("%w: a WeightedSum model normalises its factors over every cell", ErrNotTileable)
	case o.UseArea:
		return nil, fmt.Errorf("%w: scoring over the area of interest is not tiled", ErrNotTileable)
	}
	if err := m.Validate(); err != nil {
		return nil, err
	}
	if _, err := m.incidentWeights(p); err != nil {
		return nil, err
	}
	if m.PopulationWeighted {
		if _, err := populations(p, m.params().popUnknown); err != nil {
			return nil, err
		}
	}
	if err := checkInput(p, &o); err != nil {
		if le, ok := err.(*geo.CellLimitError); ok {
			le.BytesPerCell = 0 // tiles are scored in bands
		}
		return nil, err
	}
	t := &Tiling{Grid: o.Grid, model: *m, opts: o}
	t.opts.MaxCells = -1
	t.opts.Progress = nil
	t.model.Reference = m.wholeReference(p)
	t.ReachM = m.ReachM()
	s := o.Grid.Size()
	if !math.IsInf(t.ReachM, 1) {
		t.ReachM += 2 * s // a cell centre is within half a cell of its row's edges; a cell more for rounding
	}
	t.spans = make([][2]int, len(p.Hazards))
	lo, hi := math.MaxInt, math.MinInt
	for h, mp := range p.Hazards {
		minY, maxY := math.Inf(1), math.Inf(-1)
		for _, poly := range mp {
			for _, r := range poly {
				for _, q := range r {
					minY, maxY = min(minY, q.Y), max(maxY, q.Y)
				}
			}
		}
		if minY > maxY {
			t.spans[h] = [2]int{1, 0}
			continue
		}
		// The margins of geo.Grid.CoverBands: a row either side.
		t.spans[h] = [2]int{int(math.Floor(minY/s)) - 1, int(math.Floor(maxY/s)) + 1}
		lo, hi = min(lo, t.spans[h][0]), max(hi, t.spans[h][1])
	}
	if rows == 0 {
		var err error
		if rows, err = tileRows(o.Grid, p.Hazards, lo, hi); err != nil {
			return nil, err
		}
	}
	t.Rows = rows
	if lo > hi {
		return t, nil
	}
	k0, k1 := floorDiv(lo, rows), floorDiv(hi, rows)
	held := make([]bool, k1-k0+1)
	for _, sp := range t.spans {
		if sp[0] > sp[1] {
			continue
		}
		for k := floorDiv(sp[0], rows); k <= floorDiv(sp[1], rows); k++ {
			held[k-k0] = true
		}
	}
	for k, ok := range held {
		if ok {
			r0 := (k + k0) * rows
			t.Tiles = append(t.Tiles, Tile{Index: len(t.Tiles), Row0: r0, Row1: r0 + rows})
		}
	}
	return t, nil
}

// wholeReference returns the date incident ages are counted from:
// m.Reference, or without one the latest incident date in p (the whole
// dataset's, which a tile's incidents may not hold). A model that does not
// weigh by age ignores it.
func (m *Model) wholeReference(p *geo.Projected) (ref time.Time) {
	ref = m.Reference
	if ref.IsZero() && p.Source != nil {
		for _, in := range p.Source.Incidents {
			if in.Date.After(ref) {
				ref = in.Date
			}
		}
	}
	return ref
}

// tileRows returns the tile height, in grid rows, that holds about
// TileCells of the hazards' estimated cells over rows [lo, hi].
func tileRows(g geo.Grid, hazards []geo.MultiPolygonXY, lo, hi int) (int, error) {
	est, err := g.EstimateCells(hazards)
	if err != nil || est == 0 || lo > hi {
		return 1 << 20, err
	}
	perRow := float64(est) / float64(hi-lo+1)
	return int(max(1, min(float64(TileCells)/perRow, 1<<20))), nil
}

// Input returns the part of p that tile needs: the hazards whose bounding
// box (with a row of margin) reaches the tile's rows, the incidents within
// ReachM of its rows, every settlement and the area of interest, in p's
// order, with p.Source cut the same way (so the hazards' ids and the
// incidents' attributes stay aligned). Scoring the input with
// [Tiling.Score] gives the cells of p in the tile's rows, bit for bit.
// The result shares the geometries and settlements with p: do not modify
// them. Cost O(hazards + incidents). It panics if p is not the dataset the
// Tiling was made from (a different number of hazards).
func (t *Tiling) Input(p *geo.Projected, tile Tile) *geo.Projected {
	if len(p.Hazards) != len(t.spans) {
		panic(fmt.Sprintf("risk: Tiling.Input of %d hazards, tiled with %d", len(p.Hazards), len(t.spans)))
	}
	q := &geo.Projected{Projection: p.Projection, Settlements: p.Settlements, Area: p.Area}
	var src *geo.Dataset
	if p.Source != nil {
		src = &geo.Dataset{Settlements: p.Source.Settlements, Area: p.Source.Area}
	}
	hazAligned := p.Source != nil && len(p.Source.Hazards) == len(p.Hazards)
	for h, sp := range t.spans {
		if sp[0] <= sp[1] && sp[0] < tile.Row1 && sp[1] >= tile.Row0 {
			q.Hazards = append(q.Hazards, p.Hazards[h])
			if hazAligned {
				src.Hazards = append(src.Hazards, p.Source.Hazards[h])
			}
		}
	}
	incAligned := p.Source != nil && len(p.Source.Incidents) == len(p.Incidents)
	s := t.Grid.Size()
	yLo, yHi := float64(tile.Row0)*s-t.ReachM, float64(tile.Row1)*s+t.ReachM
	for k, in := range p.Incidents {
		if math.IsInf(t.ReachM, 1) || (in.Y >= yLo && in.Y <= yHi) {
			q.Incidents = append(q.Incidents, in)
			if incAligned {
				src.Incidents = append(src.Incidents, p.Source.Incidents[k])
			}
		}
	}
	q.Source = src
	return q
}

// Score scores tile from in (its [Tiling.Input]) as [Model.ScoreBands]
// scores a whole run, calling f with each band of the tile's rows, from
// south to north: the cells are the whole run's cells in those rows, bit
// for bit (f is called at least once, with an empty band if the tile holds
// no cell). opts sets the workers and progress only (nil: defaults); the
// grid, threshold and limit are the Tiling's. The summary's per-hazard
// aggregates are in's hazards', over this tile only. Errors are
// ScoreBands'. Cost: ScoreBands' over the tile's cells and in's hazards.
func (t *Tiling) Score(ctx context.Context, in *geo.Projected, tile Tile, opts *ScoreOptions, f func(band *Surface) error) (*BandSummary, error) {
	o := t.opts
	if opts != nil {
		o.Workers, o.Progress = opts.Workers, opts.Progress
	}
	return t.model.scoreBands(ctx, in, &o, &[2]int{tile.Row0, tile.Row1}, f)
}

// WriteCSV scores tile from in, as Score does, and writes its cells as one
// CSV with the header of the whole run's CSV (WriteCSVWith with opts; nil
// as WriteCSV): a tile's CSV is a CSV of its own, and the tiles' CSVs
// merged by a [CSVMerger] in Index order are the whole run's, byte for
// byte. It returns the number of cells written. Errors are Score's and w's.
func (t *Tiling) WriteCSV(ctx context.Context, w io.Writer, in *geo.Projected, tile Tile, opts *CSVOptions) (int, error) {
	cs := NewCSVStream(w, opts)
	var so *ScoreOptions
	if opts != nil {
		so = &ScoreOptions{Workers: opts.Workers}
	}
	sum, err := t.Score(ctx, in, tile, so, cs.Write)
	if err != nil {
		return 0, err
	}
	return sum.Cells, cs.Flush()
}

// CSVMerger concatenates the CSVs of tiles (see [Tiling.WriteCSV]) into
// one: the header once, from the first, then every CSV's rows. Added in
// tile order, the tiles of a run give the whole run's CSV, byte for byte.
// The zero value is not usable: make one with NewCSVMerger.
type CSVMerger struct {
	bw     *bufio.Writer
	header []byte
	n      int
}

// NewCSVMerger returns a CSVMerger writing to w. Call Flush after the last
// tile.
func NewCSVMerger(w io.Writer) *CSVMerger {
	return &CSVMerger{bw: bufio.NewWriterSize(w, 1<<16)}
}

// ErrTileCSV is returned by CSVMerger.Add for a tile CSV that is not one:
// empty, without a header line, or with another header than the first
// tile's (a tile of another run, say).
var ErrTileCSV = errors.New("risk: not a tile CSV of this run")

// Add appends the CSV r holds: all of it for the first, its rows (past the
// header line) for the others. It returns an error wrapping ErrTileCSV if
// r is empty or its header differs from the first's, and r's or the
// writer's errors. Cost O(bytes), with a 64 KiB buffer.
func (c *CSVMerger) Add(r io.Reader) error {
	br := bufio.NewReaderSize(r, 1<<16)
	line, err := br.ReadSlice('\n')
	switch {
	case err == bufio.ErrBufferFull:
		return fmt.Errorf("%w: a header line longer than 64 KiB", ErrTileCSV)
	case err == io.EOF:
		return fmt.Errorf("%w: no header line", ErrTileCSV)
	case err != nil:
		return err
	}
	c.n++
	if c.header == nil {
		c.header = bytes.Clone(line)
		if _, err := c.bw.Write(line); err != nil {
			return err
		}
	} else if !bytes.Equal(line, c.header) {
		return fmt.Errorf("%w: tile %d's header %q is not the first's %q", ErrTileCSV, c.n-1, bytes.TrimSpace(line), bytes.TrimSpace(c.header))
	}
	_, err = br.WriteTo(c.bw)
	return err
}

// Flush writes what is buffered to the underlying writer.
func (c *CSVMerger) Flush() error { return c.bw.Flush() }
