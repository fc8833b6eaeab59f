package geo

import (
	"cmp"
	"math"
	"slices"
)

// DefaultCellM is the default grid cell size in metres: 100 m cells are
// hectares.
const DefaultCellM = 100

// Grid is a square grid over projected metres, aligned to multiples of the
// cell size: cell (I, J) covers the half-open square
// [I·s, (I+1)·s) × [J·s, (J+1)·s), s the cell size. The zero value is the
// hectare grid (100 m cells). Because every grid of one size shares the same
// origin, grids of tiles join exactly.
type Grid struct {
	// CellM is the cell size in metres; zero means DefaultCellM.
	CellM float64
}

// Size returns the cell size in metres.
func (g Grid) Size() float64 {
	if g.CellM == 0 {
		return DefaultCellM
	}
	return g.CellM
}

// CellOf returns the cell holding p.
func (g Grid) CellOf(p XY) (i, j int) {
	s := g.Size()
	return int(math.Floor(p.X / s)), int(math.Floor(p.Y / s))
}

// CellBox returns the bounds of cell (i, j).
func (g Grid) CellBox(i, j int) BoxXY {
	s := g.Size()
	return BoxXY{Min: XY{float64(i) * s, float64(j) * s}, Max: XY{float64(i+1) * s, float64(j+1) * s}}
}

// CellCentre returns the centre of cell (i, j).
func (g Grid) CellCentre(i, j int) XY {
	s := g.Size()
	return XY{(float64(i) + 0.5) * s, (float64(j) + 0.5) * s}
}

// CellArea is one cell's share of a geometry: the exact area, in grid m², of
// the geometry's intersection with cell (I, J).
type CellArea struct {
	I, J   int
	AreaM2 float64
}

// CoveredCell is one cell of a [Coverage].
type CoveredCell struct {
	I, J int
	// AreaM2 is the grid (projected) area of the union of the polygons
	// within the cell, in m².
	AreaM2 float64
	// GroundM2 is AreaM2 corrected by the projection's scale factor at the
	// cell centre (AreaM2 / k²); equal to AreaM2 when no projection is given.
	GroundM2 float64
	// first and n locate the cell's polygon indexes in Coverage.members.
	first, n int32
}

// Coverage is the union of a set of polygons on a grid: every cell with a
// positive area of the union, sorted by J then I, and for each the polygons
// that touch it.
type Coverage struct {
	Grid        Grid
	Cells       []CoveredCell
	members     []int32
	memberAreas []float64
}

// Members returns the indexes (into the polygons given to CoverUnion), in
// ascending order, of the polygons with a positive area in cell k. The slice
// is shared: do not modify it.
func (c *Coverage) Members(k int) []int32 {
	cc := &c.Cells[k]
	return c.members[cc.first : cc.first+cc.n : cc.first+cc.n]
}

// MemberAreas returns, index-aligned with Members(k), each polygon's own
// area in cell k in grid m² (the area of polygon ∩ cell, as [Grid.Cover]
// gives it). Where polygons overlap these sum to more than the cell's
// AreaM2, which counts the union once. The slice is shared: do not modify
// it.
func (c *Coverage) MemberAreas(k int) []float64 {
	cc := &c.Cells[k]
	return c.memberAreas[cc.first : cc.first+cc.n : cc.first+cc.n]
}

// CoverOptions sets how CoverUnion runs. A nil *CoverOptions means defaults.
type CoverOptions struct {
	// Workers is the number of goroutines; 0 means GOMAXPROCS. The result
	// is the same for every count.
	Workers int
	// Projection, if set, gives each cell's GroundM2.
	Projection Projection
	// Progress, if set, is called from time to time with the polygons done
	// and the total.
	Progress func(done, total int)
	// MaxCells, if positive, refuses (with a *CellLimitError, before any
	// large allocation) polygons whose estimated cells (see
	// [Grid.EstimateCells]) pass it; zero means no limit.
	MaxCells int64
}

// Len returns the number of cells.
func (c *Coverage) Len() int { return len(c.Cells) }

// AreaM2 returns the grid area of the union in m²: the sum of the cells'
// AreaM2, in cell order (compensated, so the same for the same cells).
// Cost O(cells).
func (c *Coverage) AreaM2() float64 {
	var s areaSum
	for k := range c.Cells {
		s.add(c.Cells[k].AreaM2)
	}
	return s.sum()
}

// GroundM2 returns the ground area of the union in m²: the sum of the cells'
// GroundM2, in cell order. Cost O(cells).
func (c *Coverage) GroundM2() float64 {
	var s areaSum
	for k := range c.Cells {
		s.add(c.Cells[k].GroundM2)
	}
	return s.sum()
}

// Find returns the position of cell (i, j) in c.Cells and true, or false if
// the cell has no area. Cost O(log cells).
func (c *Coverage) Find(i, j int) (k int, ok bool) {
	return slices.BinarySearchFunc(c.Cells, [2]int{i, j}, func(cc CoveredCell, t [2]int) int {
		if cc.J != t[1] {
			return cmp.Compare(cc.J, t[1])
		}
		return cmp.Compare(cc.I, t[0])
	})
}

// areaSum is a Neumaier compensated sum.
type areaSum struct{ s, c float64 }

func (k *areaSum) add(x float64) {
	t := k.s + x
	if math.Abs(k.s) >= math.Abs(x) {
		k.c += (k.s - t) + x
	} else {
		k.c += (x - t) + k.s
	}
	k.s = t
}

func (k *areaSum) sum() float64 { return k.s + k.c }
