package risk

import (
	"fmt"

	"github.com/landrelease/clearance/geo"
)

// DefaultMaxCells is the cell limit of a zero [ScoreOptions.MaxCells]: a
// run whose hazards (or area of interest) are estimated to cover more cells
// than this is refused before it allocates. The estimate comes from the
// polygons' bounding boxes ([geo.Grid.EstimateCells]) and errs high, so
// this admits about 25-30 million real cells, some 8-10 GB at
// [BytesPerCell]: within a 24 GB machine with room to spare, when the
// surface is held whole ([Model.Score]); scored in bands
// ([Model.ScoreBands]) the memory no longer grows with the cells, and the
// limit bounds the time and the output instead. A 15,000,000 ha country at
// 1 ha passes; the same country at 10 m cells does not.
const DefaultMaxCells = 40_000_000

// BytesPerCell is the memory, in bytes, that scoring and writing one cell
// takes at the peak of a run (the coverage, the surface and its buffers),
// as measured on the national benchmark scenario (benchmarks/README.md);
// the refusal message uses it to give the memory a run would need.
const BytesPerCell = 330

// limitHint is the end of a CellLimitError from Score.
const limitHint = "raise ScoreOptions.MaxCells (negative for no limit) or score on larger cells"

// checkInput returns an error if a coordinate of p that Score reads is NaN
// or infinite (the hazards and area of interest as *geo.NotFiniteError,
// incidents and settlements naming the point), or if the cells to score
// pass the limit of o (a *geo.CellLimitError, returned as it is so that a
// caller may change its Hint), before anything is allocated. Cost O(vertices + points).
func checkInput(p *geo.Projected, o *ScoreOptions) error {
	limit := int64(o.MaxCells)
	switch {
	case limit == 0:
		limit = DefaultMaxCells
	case limit < 0:
		limit = 0
	}
	for _, l := range []struct {
		what  string
		polys []geo.MultiPolygonXY
		check bool
	}{{"the hazards", p.Hazards, true}, {"the area of interest", []geo.MultiPolygonXY{p.Area}, o.UseArea}} {
		if !l.check {
			continue
		}
		_, err := o.Grid.CheckCells(l.polys, limit)
		if le, ok := err.(*geo.CellLimitError); ok {
			le.What, le.BytesPerCell, le.Hint = l.what, BytesPerCell, limitHint
			return le
		}
		if err != nil {
			return fmt.Errorf("risk: %s: %w", l.what, err)
		}
	}
	for _, l := range []struct {
		name string
		pts  []geo.XY
	}{{"incident", p.Incidents}, {"settlement", p.Settlements}} {
		for k, q := range l.pts {
			if q.X-q.X != 0 || q.Y-q.Y != 0 {
				return fmt.Errorf("risk: %s %d at %v, %v: %w", l.name, k, q.X, q.Y, geo.ErrNotFinite)
			}
		}
	}
	return nil
}
