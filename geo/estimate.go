package geo

import (
	"errors"
	"fmt"
	"math"
)

// ErrTooManyCells marks a grid whose estimated cells pass a limit (see
// [CellLimitError]).
var ErrTooManyCells = errors.New("geo: too many grid cells")

// CellLimitError is returned, before any large allocation, when the cells a
// set of polygons would cover on a grid are estimated to pass a limit. It
// wraps [ErrTooManyCells].
type CellLimitError struct {
	// What names the polygons ("hazards", say); "" means "the polygons".
	What string
	// CellM is the grid cell size in metres.
	CellM float64
	// Cells is the estimate (see [Grid.EstimateCells]); Limit the limit it
	// passed.
	Cells, Limit int64
	// BytesPerCell, if positive, is the memory the caller needs per cell;
	// the message then gives the memory the run would take.
	BytesPerCell int64
	// Hint, if set, says how to raise the limit (a flag, an option); the
	// message ends with it.
	Hint string
}

func (e *CellLimitError) Error() string {
	what := e.What
	if what == "" {
		what = "the polygons"
	}
	msg := fmt.Sprintf("geo: %s would cover up to %d cells of %g m", what, e.Cells, e.CellM)
	if e.BytesPerCell > 0 {
		msg += fmt.Sprintf(" (about %s of memory)", bytesText(float64(e.Cells)*float64(e.BytesPerCell)))
	}
	msg += fmt.Sprintf(", more than the limit of %d cells", e.Limit)
	if e.Hint != "" {
		msg += "; " + e.Hint
	}
	return msg
}

// Unwrap returns ErrTooManyCells.
func (e *CellLimitError) Unwrap() error { return ErrTooManyCells }

// bytesText writes a byte count in MB or GB (powers of 1000).
func bytesText(b float64) string {
	switch {
	case b >= 1e9:
		return fmt.Sprintf("%.1f GB", b/1e9)
	case b >= 1e6:
		return fmt.Sprintf("%.0f MB", b/1e6)
	}
	return fmt.Sprintf("%.0f kB", b/1e3)
}

// NotFiniteError says where a non-finite (NaN or infinite) coordinate was
// found in polygons given to the grid: polygon Polygon (its index in the
// slice), part, ring and vertex. It wraps [ErrNotFinite].
type NotFiniteError struct {
	Polygon, Part, Ring, Vertex int
	// At is the position found.
	At XY
}

func (e *NotFiniteError) Error() string {
	return fmt.Sprintf("geo: polygon %d, part %d, ring %d, vertex %d: coordinate %v, %v is NaN or infinite",
		e.Polygon, e.Part, e.Ring, e.Vertex, e.At.X, e.At.Y)
}

// Unwrap returns ErrNotFinite.
func (e *NotFiniteError) Unwrap() error { return ErrNotFinite }

// EstimateCells returns an upper estimate of the cells the union of polys
// covers on the grid, from bounding boxes alone: the sum over polygons of
// the cells of each one's bounding box, at most the cells of the bounding
// box of them all. It is meant to refuse a run before it allocates, so it
// errs high: a convex hazard covers about 60-80% of its box. It returns a
// *[NotFiniteError] (wrapping ErrNotFinite) for the first NaN or infinite
// coordinate met, in polygon, part, ring, vertex order. Empty input gives 0.
// Cost O(vertices), no allocation. It panics if the grid's CellM is
// negative, NaN or infinite.
func (g Grid) EstimateCells(polys []MultiPolygonXY) (int64, error) {
	s := g.cellSize()
	var sum float64
	all := BoxXY{Min: XY{math.Inf(1), math.Inf(1)}, Max: XY{math.Inf(-1), math.Inf(-1)}}
	for pi, mp := range polys {
		b := BoxXY{Min: XY{math.Inf(1), math.Inf(1)}, Max: XY{math.Inf(-1), math.Inf(-1)}}
		for a, poly := range mp {
			for ri, r := range poly {
				for v, q := range r {
					// A finite x and y have a finite difference with
					// themselves; NaN and ±Inf do not.
					if q.X-q.X != 0 || q.Y-q.Y != 0 {
						return 0, &NotFiniteError{Polygon: pi, Part: a, Ring: ri, Vertex: v, At: q}
					}
					b.Min.X, b.Max.X = min(b.Min.X, q.X), max(b.Max.X, q.X)
					b.Min.Y, b.Max.Y = min(b.Min.Y, q.Y), max(b.Max.Y, q.Y)
				}
			}
		}
		if b.Min.X > b.Max.X {
			continue
		}
		sum += boxCells(b, s)
		all.Min.X, all.Max.X = min(all.Min.X, b.Min.X), max(all.Max.X, b.Max.X)
		all.Min.Y, all.Max.Y = min(all.Min.Y, b.Min.Y), max(all.Max.Y, b.Max.Y)
	}
	if sum == 0 {
		return 0, nil
	}
	sum = min(sum, boxCells(all, s))
	if sum >= math.MaxInt64/2 {
		return math.MaxInt64 / 2, nil
	}
	return int64(sum), nil
}

// boxCells returns the number of grid cells of side s that box b touches,
// as a float64 (it may pass any integer type).
func boxCells(b BoxXY, s float64) float64 {
	w := math.Floor(b.Max.X/s) - math.Floor(b.Min.X/s) + 1
	h := math.Floor(b.Max.Y/s) - math.Floor(b.Min.Y/s) + 1
	return w * h
}

// CheckCells returns the estimate of [Grid.EstimateCells] and an error if a
// coordinate is not finite or if the estimate passes maxCells: a
// *[CellLimitError] whose CellM, Cells and Limit are set (a caller may fill
// the others before showing it). A maxCells of zero or less means no limit.
// Cost O(vertices), no allocation unless it fails.
func (g Grid) CheckCells(polys []MultiPolygonXY, maxCells int64) (int64, error) {
	n, err := g.EstimateCells(polys)
	if err != nil {
		return 0, err
	}
	if maxCells > 0 && n > maxCells {
		return n, &CellLimitError{CellM: g.Size(), Cells: n, Limit: maxCells}
	}
	return n, nil
}
