package geo

import (
	"context"
	"math"
)

// DefaultBandRows is the number of grid rows of a band of
// [Grid.CoverBands] when none is given.
const DefaultBandRows = 256

// CoverBands covers the union of polys as [Grid.CoverUnion] does, one band
// of grid rows at a time, so that memory holds one band's cells rather
// than all of them: for each band of bandRows rows (J in [j0, j0+bandRows),
// j0 a multiple of bandRows; 0 means DefaultBandRows) that holds a cell,
// from south to north, it calls f with the band's coverage: the cells of
// CoverUnion's coverage in those rows, in the same order, with the same
// areas, ground areas and members (indexes into polys), bit for bit. The
// coverage is f's only during the call. If f returns an error, CoverBands
// stops and returns it.
//
// Errors, options and panics are CoverUnion's; Progress is called with the
// bands done and the total. Cost: CoverUnion's, plus, per band, the edges
// of the polygons whose bounding box reaches it; memory O(vertices + cells
// of the largest band).
func (g Grid) CoverBands(ctx context.Context, polys []MultiPolygonXY, opts *CoverOptions, bandRows int, f func(cov *Coverage) error) error {
	return g.CoverRows(ctx, polys, opts, bandRows, math.MinInt, math.MaxInt, f)
}

// CoverRows is [Grid.CoverBands] restricted to the rows rowLo <= J < rowHi:
// its bands are CoverBands' bands cut to those rows, and their cells are
// CoverUnion's cells in those rows, bit for bit, whatever the rows. A
// range that holds no cell calls f never. Cost: CoverBands' over the
// polygons whose bounding box reaches the rows.
func (g Grid) CoverRows(ctx context.Context, polys []MultiPolygonXY, opts *CoverOptions, bandRows, rowLo, rowHi int, f func(cov *Coverage) error) error {
	var o CoverOptions
	if opts != nil {
		o = *opts
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if _, err := g.CheckCells(polys, o.MaxCells); err != nil {
		return err
	}
	s := g.cellSize()
	if bandRows <= 0 {
		bandRows = DefaultBandRows
	}
	// Each polygon's rows, from its bounding box (with a row of margin
	// either side: the scanline's rows come from the same floors).
	type rowSpan struct{ lo, hi int }
	spans := make([]rowSpan, len(polys))
	lo, hi := math.MaxInt, math.MinInt
	for p, mp := range polys {
		minY, maxY := math.Inf(1), math.Inf(-1)
		for _, poly := range mp {
			for _, r := range poly {
				for _, q := range r {
					minY, maxY = min(minY, q.Y), max(maxY, q.Y)
				}
			}
		}
		if minY > maxY {
			spans[p] = rowSpan{1, 0}
			continue
		}
		spans[p] = rowSpan{int(math.Floor(minY/s)) - 1, int(math.Floor(maxY/s)) + 1}
		lo, hi = min(lo, spans[p].lo), max(hi, spans[p].hi)
	}
	lo, hi = max(lo, rowLo), min(hi, rowHi-1)
	if lo > hi {
		return nil
	}
	b0 := floorDiv(lo, bandRows)
	b1 := floorDiv(hi, bandRows)
	prog := o.Progress
	o.Progress = nil
	var idx []int32
	// The coverage is f's only during the call: the next band's is built
	// in its memory (fresh memory costs page faults).
	mem := &coverMem{}
	for b := b0; b <= b1; b++ {
		j0, j1 := max(b*bandRows, rowLo), min((b+1)*bandRows, rowHi)
		idx = idx[:0]
		for p, sp := range spans {
			if sp.lo < j1 && sp.hi >= j0 {
				idx = append(idx, int32(p))
			}
		}
		if len(idx) > 0 {
			cov, err := g.coverUnion(ctx, polys, idx, &[2]int{j0, j1}, &o, mem)
			if err != nil {
				return err
			}
			if len(cov.Cells) > 0 {
				if err := f(cov); err != nil {
					return err
				}
			}
		}
		if prog != nil {
			prog(b-b0+1, b1-b0+1)
		}
	}
	return ctx.Err()
}

// floorDiv returns ⌊a/b⌋ for b > 0.
func floorDiv(a, b int) int {
	q := a / b
	if a%b != 0 && a < 0 {
		q--
	}
	return q
}

// estimateBand is estimateCells for the polygons idx names, within rows
// band[0] <= J < band[1]: the cells and segments of each polygon scaled by
// the share of its bounding box's rows in the band, at most the cells of
// its bounding box within the band.
func estimateBand(polys []MultiPolygonXY, idx []int32, s float64, band [2]int) (cells, segs int) {
	var nc, ns float64
	one := make([]MultiPolygonXY, 1)
	for _, p := range idx {
		one[0] = polys[p]
		c, sg := estimateCells(one, s)
		b := BoxXY{Min: XY{math.Inf(1), math.Inf(1)}, Max: XY{math.Inf(-1), math.Inf(-1)}}
		for _, poly := range polys[p] {
			for _, r := range poly {
				for _, q := range r {
					b.Min.X, b.Max.X = min(b.Min.X, q.X), max(b.Max.X, q.X)
					b.Min.Y, b.Max.Y = min(b.Min.Y, q.Y), max(b.Max.Y, q.Y)
				}
			}
		}
		if b.Min.X > b.Max.X {
			continue
		}
		rows := math.Floor(b.Max.Y/s) - math.Floor(b.Min.Y/s) + 1
		in := min(rows, float64(band[1]-band[0]))
		share := in / rows
		cols := math.Floor(b.Max.X/s) - math.Floor(b.Min.X/s) + 1
		nc += min(float64(c)*share+16, cols*in)
		ns += float64(sg)*share + 16
	}
	return int(min(nc, 1<<31)), int(min(ns, 1<<31))
}
