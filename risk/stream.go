package risk

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"sync/atomic"

	"github.com/landrelease/clearance/geo"
)

// BandCells is about how many cells a band of [Model.ScoreBands] holds: the
// band height in grid rows is chosen from the hazards' estimated cells per
// row so that a band holds at most about this many (the estimate errs high).
// 131,072 (2^18 before December 2026): on the national scenario two bands
// of this size hold about 45 MB less than two of 2^18 (peak resident set
// about 185 MB instead of 230 MB, a fifth fewer page faults) for 0.5% more
// instructions.
const BandCells = 1 << 17

// BandSummary is what [Model.ScoreBands] returns once every band has been
// scored: what a whole [Surface] would say of itself.
type BandSummary struct {
	// Cells is the number of cells scored.
	Cells int
	// AreaM2 and Risk are the scored area in grid m² and the total risk,
	// summed in cell order: Surface.Total's values, bit for bit.
	AreaM2, Risk float64
	// Hazards are the per-hazard aggregates, index-aligned with
	// Projected.Hazards: Surface.Hazards, bit for bit.
	Hazards []HazardScore
	// Bands is the number of bands the cells came in.
	Bands int

	src *geo.Projected
}

// WriteHazardsGeoJSON writes the per-hazard aggregates as
// Surface.WriteHazardsGeoJSON does, with the same bytes as the whole
// surface's. It returns ErrSource if the source dataset is missing or not
// aligned with the hazards. Cost O(hazards + vertices).
func (b *BandSummary) WriteHazardsGeoJSON(w io.Writer) error {
	return (&Surface{Hazards: b.Hazards, src: b.src}).WriteHazardsGeoJSON(w)
}

// ScoreBands scores the cells Score would, one band of grid rows at a time,
// so that memory holds the cells of two bands (about BandCells each)
// rather than all of them, and calls f with each band, from south to north,
// on one goroutine of its own (never concurrently; the next band is scored
// meanwhile, so f must not touch what the scoring reads): a Surface
// whose Cells are the band's (the same cells as Score's surface in those
// rows, in the same order, with the same values, bit for bit), whose
// Hazards hold only the ids (the aggregates come in the summary) and whose
// writers write the band's rows (see CSVStream). A band is f's only during
// the call (its memory then serves a later band's cells); f is called at least once (with an empty band if there are no
// cells). It returns the summary of all bands; if f returns an error,
// ScoreBands stops and returns it.
//
// Models that need every cell before any is final (WeightedSum, whose
// factors are normalised by their maxima over the surface) and scoring
// over the area of interest (UseArea) are scored whole, as one band, with
// Score's memory. Progress, if set, is called with the bands done and the
// total. Errors, options and panics are Score's; ScoreOptions.MaxCells
// applies too (the bands' memory does not grow with the cells, but the
// time and the output do), and its error then gives no memory figure. Cost: Score's, plus per
// band the edges of the hazards that reach it and, with polygon layers,
// the layer's coverage.
func (m *Model) ScoreBands(ctx context.Context, p *geo.Projected, opts *ScoreOptions, f func(band *Surface) error) (*BandSummary, error) {
	if p == nil {
		panic("risk: ScoreBands of a nil *geo.Projected")
	}
	return m.scoreBands(ctx, p, opts, nil, f)
}

// scoreBands is ScoreBands, over the grid rows rows[0] <= J < rows[1] only
// if rows is not nil (see ScoreTile).
func (m *Model) scoreBands(ctx context.Context, p *geo.Projected, opts *ScoreOptions, rows *[2]int, f func(band *Surface) error) (*BandSummary, error) {
	if (m.Func == nil && m.Combination == WeightedSum) || (opts != nil && opts.UseArea) {
		s, err := m.Score(ctx, p, opts)
		if err != nil {
			return nil, err
		}
		if err := f(s); err != nil {
			return nil, err
		}
		sum := &BandSummary{Cells: len(s.Cells), Hazards: s.Hazards, Bands: 1, src: p}
		sum.AreaM2, sum.Risk = s.Total()
		return sum, nil
	}
	run, err := m.newScoreRun(ctx, p, opts)
	if le, ok := err.(*geo.CellLimitError); ok {
		le.BytesPerCell = 0 // the bands' memory does not grow with the cells
	}
	if err != nil {
		return nil, err
	}
	userProgress := run.pr.f
	run.pr = &progress{} // the steps within a band are not reported
	g := run.o.Grid
	height, err := bandRows(g, p.Hazards)
	if err != nil {
		return nil, err
	}
	sum := &BandSummary{Hazards: newHazardScores(p), src: p}
	ids := make([]HazardScore, len(sum.Hazards))
	for h := range ids {
		ids[h].ID = sum.Hazards[h].ID
	}
	scored := make([]float64, len(sum.Hazards))
	covOpts := &geo.CoverOptions{Workers: run.workers, Projection: p.Projection, Progress: userProgress}
	// The writer runs beside the scorer: band k is handed to f on its own
	// goroutine while band k+1 is scored (at most two bands held), in
	// order. The first error of f stops the scoring.
	bands := make(chan *Surface, 1)
	// A band f is done with comes back to be scored into: after the first
	// bands, the bands' memory is reused rather than fresh (page faults).
	spare := make(chan *Surface, 2)
	var fErr error
	fDone := make(chan struct{})
	var failed atomic.Bool
	go func() {
		defer close(fDone)
		for s := range bands {
			if fErr == nil {
				if fErr = f(s); fErr != nil {
					failed.Store(true)
				}
			}
			select {
			case spare <- s:
			default:
			}
		}
	}()
	finish := func() error {
		close(bands)
		<-fDone
		return fErr
	}
	band := func(cov *geo.Coverage) error {
		if failed.Load() {
			return errStopped
		}
		var old *Surface
		select {
		case old = <-spare:
		default:
		}
		s := m.newSurfaceIn(old, p, run, cov, cov)
		if err := s.polygonFactors(ctx, m.Polygons, len(m.Lines)*2); err != nil {
			return err
		}
		if err := s.scoreFactors(ctx, run, cov); err != nil {
			return err
		}
		if err := s.combineFactors(ctx, run); err != nil {
			return err
		}
		s.accumulate(sum.Hazards, scored)
		for k := range s.Cells {
			sum.AreaM2 += s.Cells[k].AreaM2
			sum.Risk += s.Cells[k].Risk
		}
		sum.Cells += len(s.Cells)
		sum.Bands++
		s.Hazards = ids
		bands <- s
		return nil
	}
	rowLo, rowHi := math.MinInt, math.MaxInt
	if rows != nil {
		rowLo, rowHi = rows[0], rows[1]
	}
	err = g.CoverRows(ctx, p.Hazards, covOpts, height, rowLo, rowHi, band)
	if err == nil && sum.Bands == 0 {
		err = band(&geo.Coverage{Grid: g})
	}
	if werr := finish(); werr != nil {
		return nil, werr
	}
	if err != nil {
		if _, ok := err.(*geo.CellLimitError); ok || ctx.Err() != nil {
			return nil, err
		}
		return nil, fmt.Errorf("risk: scoring in bands: %w", err)
	}
	finishHazards(sum.Hazards, scored)
	return sum, nil
}

// errStopped stops CoverBands once f has failed; f's error is returned.
var errStopped = errors.New("risk: stopped")

// bandRows returns the band height, in grid rows, that holds about
// BandCells cells of the hazards' estimated cells.
func bandRows(g geo.Grid, hazards []geo.MultiPolygonXY) (int, error) {
	est, err := g.EstimateCells(hazards)
	if err != nil || est == 0 {
		return geo.DefaultBandRows, err
	}
	s := g.Size()
	minY, maxY := math.Inf(1), math.Inf(-1)
	for _, mp := range hazards {
		for _, poly := range mp {
			for _, r := range poly {
				for _, q := range r {
					minY, maxY = min(minY, q.Y), max(maxY, q.Y)
				}
			}
		}
	}
	rows := math.Floor(maxY/s) - math.Floor(minY/s) + 1
	perRow := float64(est) / rows
	return int(max(1, min(float64(bandCellsTarget)/perRow, 1<<20))), nil
}

// bandCellsTarget is BandCells; tests lower it to make many bands.
var bandCellsTarget = BandCells

// CSVStream writes the bands of [Model.ScoreBands] as one CSV, with the
// same bytes as the whole surface's WriteCSVWith: the header once, from the
// first band, then each band's rows. The zero value is not usable: make one
// with NewCSVStream.
type CSVStream struct {
	bw     *bufio.Writer
	o      CSVOptions
	header bool
}

// NewCSVStream returns a CSVStream writing to w with opts (nil: as
// WriteCSV). Call Flush after the last band.
func NewCSVStream(w io.Writer, opts *CSVOptions) *CSVStream {
	cs := &CSVStream{bw: bufio.NewWriterSize(w, 1<<16)}
	if opts != nil {
		cs.o = *opts
	}
	return cs
}

// Write writes band's rows (and, for the first band, the header). Its
// cost is WriteCSVWith's for the band.
func (cs *CSVStream) Write(band *Surface) error {
	if !cs.header {
		cs.header = true
		if _, err := cs.bw.Write(band.csvHeader(cs.o.Lean)); err != nil {
			return err
		}
	}
	return band.writeCSVRows(cs.bw, &cs.o)
}

// Flush writes what is buffered to the underlying writer.
func (cs *CSVStream) Flush() error { return cs.bw.Flush() }
