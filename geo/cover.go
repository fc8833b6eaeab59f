package geo

import (
	"cmp"
	"iter"
	"math"
	"math/bits"
	"slices"
	"sync"
)

// This file computes the exact area of a polygon in every grid cell by strip
// (scanline) clipping; cover_union.go merges several polygons.
//
// # Method
//
// For a region P bounded by a closed curve C, oriented with the interior on
// the left (shells counter-clockwise, holes clockwise), Green's theorem with
// M(x, y) = 1[y0 ≤ y < y1] · (clamp(x, xa, xb) − xb) gives
//
//	area(P ∩ [xa, xb) × [y0, y1)) = ∮_C 1[y0 ≤ y < y1] · (clamp(x, xa, xb) − xb) dy.
//
// Only the parts of C inside the strip [y0, y1) contribute. A piece of an edge
// in the strip and in column [xa, xb) contributes (ū − s)·dy, with ū its mean
// x measured from xa (exact: x is linear along the piece); a piece left of the
// column contributes −s·dy; a piece right of it contributes nothing. So every
// edge is cut at the horizontal grid lines it crosses (the rows), each row
// piece at the vertical grid lines it crosses (the columns), and each cut
// piece becomes one entry (row, column, ū·dy, dy). After sorting the entries
// by row then column, one pass along each row keeps the running sum D of dy:
// the area of a cell with entries is Σ ū·dy − s·D (D including the cell's own
// entries), and a run of columns without entries is wholly inside or wholly
// outside, with area s²·round(−D/s). Horizontal edges have dy = 0 and add no
// area, but they still add an entry to each cell they cross inside a row, so
// that such cells are computed exactly and not rounded as whole.
//
// Cost: O(V + B + C) time plus the sort of V + B entries (a radix sort, so
// linear), for V vertices, B cells crossed by the boundary and C cells
// emitted; memory O(V + B) besides the output. Nothing depends on the product
// of vertices and cells.
//
// Precision: coordinates are first moved to a grid-aligned origin next to the
// polygon (exact for grid sizes that are integers, such as the hectare grid),
// so UTM coordinates near 10⁶ m lose nothing; each cell area is then good to
// about 1e-12 of a cell. Areas at or below s²·1e-12 (1e-8 m² on the hectare
// grid) are taken as rounding noise and the cell is left out.

// coverEntry is the contribution of one piece of an edge to one cell.
type coverEntry struct {
	key uint64  // row·width + column, both relative to the local origin
	m   float64 // ū·dy: the piece's mean x from the cell's left side times dy
	d   float64 // dy, signed so that the interior is on the left
	seg int32   // index into coverScratch.segs, or -1
}

// cellSeg is a piece of a polygon boundary inside one cell, in coordinates
// relative to the cell's lower-left corner, oriented with the polygon's
// interior on its left.
type cellSeg struct {
	u0, v0, u1, v1 float64
}

// polyCell is one cell of one polygon, as CoverUnion keeps it.
type polyCell struct {
	i, j   int
	areaM2 float64
	// dBefore is the running sum of dy of the boundary pieces left of the
	// cell in its row: −dBefore is the length of the cell's left side
	// inside the polygon.
	dBefore float64
	seg0    int32 // first cellSeg, in the owner's cellSeg slice
	nseg    int32 // 0: the cell is wholly inside
	poly    int32
}

// coverScratch holds the buffers of one polygon's coverage; it is reused.
type coverScratch struct {
	s      float64
	oi, oj int     // cell of the local origin
	ox, oy float64 // local origin in metres: (oi·s, oj·s)
	width  uint64  // columns spanned, with margins: key = row·width + column
	maxKey uint64
	areaM2 float64 // the polygon's area, from the rings' shoelace sums
	union  bool    // keep segments for CoverUnion
	// rowLo and rowHi bound the local rows kept, [rowLo, rowHi): every row
	// unless a band is set (see setBand).
	rowLo, rowHi int
	ents         []coverEntry
	tmp          []coverEntry
	segs         []cellSeg
	// edges counts edges for cancellation checks; cancel, if set, is
	// polled every few thousand edges.
	edges     int
	cancel    func() bool
	cancelled bool
}

var scratchPool = sync.Pool{New: func() any { return new(coverScratch) }}

// cellSize returns the grid size, panicking on a bad one.
func (g Grid) cellSize() float64 {
	s := g.Size()
	if !(s > 0) || math.IsInf(s, 0) {
		panic("geo: Grid.CellM must be positive and finite")
	}
	return s
}

// Cover appends to dst every cell with a positive area of mp ∩ cell, sorted
// by J then I, with that area in grid m², and returns the extended slice.
//
// mp is taken as valid: closed rings (an open ring is closed implicitly),
// holes inside their shell, no self-intersections and parts whose interiors
// do not overlap. Orientation does not matter: each ring's orientation is
// measured and the shell counted positive, holes negative. Degenerate rings
// (fewer than 3 positions, zero area) add nothing; an empty mp adds no cell.
// Areas are exact up to floating-point rounding (about 1e-12 of a cell);
// cells with an area at or below 1e-12 of a cell are left out as noise, and
// a cell area never exceeds the cell's. A polygon with a NaN or infinite
// coordinate adds no cell: [Grid.EstimateCells] and [Grid.CoverUnion]
// report it as an error.
//
// Cost: O(V + B + C) for V vertices, B boundary cells and C cells appended;
// no per-call allocation beyond growing dst (scratch buffers are pooled).
// It panics if the grid's CellM is negative, NaN or infinite, or if mp spans
// more than 2³¹ cells in either direction.
func (g Grid) Cover(mp MultiPolygonXY, dst []CellArea) []CellArea {
	s := g.cellSize()
	sc := scratchPool.Get().(*coverScratch)
	if sc.start(s, mp, false) {
		sc.addMultiPolygon(mp)
		ents := sc.sorted()
		dst = sc.sweepCells(ents, dst)
	}
	sc.cancel = nil
	scratchPool.Put(sc)
	return dst
}

// Cells returns the cells of [Grid.Cover] as an iterator, in the same order.
// It computes them all on the first call to the iterator (memory O(C)) and
// then yields them; stopping early does not save that work.
func (g Grid) Cells(mp MultiPolygonXY) iter.Seq[CellArea] {
	return func(yield func(CellArea) bool) {
		for _, c := range g.Cover(mp, nil) {
			if !yield(c) {
				return
			}
		}
	}
}

// start resets the scratch for a polygon and sets the local origin one cell
// below and left of its bounding box. It returns false if mp has no
// position or a NaN or infinite one.
func (sc *coverScratch) start(s float64, mp MultiPolygonXY, union bool) bool {
	sc.s = s
	sc.union = union
	sc.ents = sc.ents[:0]
	sc.segs = sc.segs[:0]
	sc.edges = 0
	sc.areaM2 = 0
	sc.cancelled = false
	minX, minY := math.Inf(1), math.Inf(1)
	maxX, maxY := math.Inf(-1), math.Inf(-1)
	for _, p := range mp {
		for _, r := range p {
			for _, q := range r {
				minX = min(minX, q.X)
				minY = min(minY, q.Y)
				maxX = max(maxX, q.X)
				maxY = max(maxY, q.Y)
			}
		}
	}
	if !(minX <= maxX && minY <= maxY) || math.IsInf(maxX-minX, 0) || math.IsInf(maxY-minY, 0) {
		return false // no position, or one NaN or infinite
	}
	const maxSpan = 1 << 31
	if (maxX-minX)/s > maxSpan-4 || (maxY-minY)/s > maxSpan-4 {
		panic("geo: polygon spans more than 2^31 grid cells")
	}
	sc.oi = int(math.Floor(minX/s)) - 1
	sc.oj = int(math.Floor(minY/s)) - 1
	sc.ox = float64(sc.oi) * s
	sc.oy = float64(sc.oj) * s
	sc.width = uint64(int(math.Floor(maxX/s)) - sc.oi + 3)
	rows := uint64(int(math.Floor(maxY/s)) - sc.oj + 3)
	sc.maxKey = rows*sc.width - 1
	sc.rowLo, sc.rowHi = 0, int(rows)
	// Entries are about the vertices plus the boundary's cell crossings.
	nv := 0
	for _, p := range mp {
		for _, r := range p {
			nv += len(r)
		}
	}
	sc.ents = slices.Grow(sc.ents, nv+nv/2)
	if union {
		sc.segs = slices.Grow(sc.segs, nv+nv/2)
	}
	return true
}

// setBand keeps only the rows of grid J in [j0, j1): the cells of the
// other rows are not computed. A row's cells are the same with or without a
// band, since a row's sweep reads only the row's own entries and an edge's
// crossings are computed from its lower end whatever rows are kept. Call it
// after start.
func (sc *coverScratch) setBand(j0, j1 int) {
	sc.rowLo = max(sc.rowLo, j0-sc.oj)
	sc.rowHi = min(sc.rowHi, j1-sc.oj)
}

// addMultiPolygon adds the entries of every edge of mp.
func (sc *coverScratch) addMultiPolygon(mp MultiPolygonXY) {
	for _, p := range mp {
		for k, r := range p {
			if sc.cancelled {
				return
			}
			a := sc.ringArea2(r)
			if a == 0 {
				continue // degenerate: adds nothing
			}
			// Shells count positive, holes negative, whatever the
			// orientation they were given.
			sign := 1.0
			if (k == 0) != (a > 0) {
				sign = -1
			}
			sc.areaM2 += sign * a / 2
			sc.addRing(r, sign)
		}
	}
}

// ringArea2 returns twice the signed area of r in local coordinates.
func (sc *coverScratch) ringArea2(r RingXY) float64 {
	n := len(r)
	if n < 3 {
		return 0
	}
	var a float64
	px, py := r[n-1].X-sc.ox, r[n-1].Y-sc.oy
	for _, q := range r {
		x, y := q.X-sc.ox, q.Y-sc.oy
		a += px*y - x*py
		px, py = x, y
	}
	return a
}

// addRing adds the edges of r; sign is +1 if r's orientation already puts
// the interior on the left, −1 if not.
func (sc *coverScratch) addRing(r RingXY, sign float64) {
	n := len(r)
	px, py := r[n-1].X-sc.ox, r[n-1].Y-sc.oy
	for _, q := range r {
		x, y := q.X-sc.ox, q.Y-sc.oy
		if x != px || y != py {
			sc.addEdge(px, py, x, y, sign)
		}
		px, py = x, y
	}
	sc.edges += n
	if sc.cancel != nil && sc.edges >= 1<<14 {
		sc.edges = 0
		sc.cancelled = sc.cancel()
	}
}

// addEdge cuts the edge a→b (local coordinates) at the rows it crosses.
func (sc *coverScratch) addEdge(ax, ay, bx, by, sign float64) {
	s := sc.s
	if ay == by {
		sc.addHorizontal(ax, bx, ay, sign)
		return
	}
	dir := sign
	// Walk upward from the lower end; computing the crossings from the
	// lower end makes an edge shared by two polygons cut identically.
	if ay > by {
		ax, ay, bx, by = bx, by, ax, ay
		dir = -dir
	}
	r0 := int(math.Floor(ay / s))
	r1 := int(math.Ceil(by/s)) - 1
	r1 = max(r1, r0)
	if r1 < sc.rowLo || r0 >= sc.rowHi {
		return // outside the band
	}
	loX, hiX := min(ax, bx), max(ax, bx)
	slope := (bx - ax) / (by - ay)
	xl, yl := ax, ay
	if r0 < sc.rowLo {
		// Start at the band's first row, where the walk from r0 would
		// have arrived: the same expression, so the same bits.
		r0 = sc.rowLo
		yl = float64(r0) * s
		xl = min(max(ax+(yl-ay)*slope, loX), hiX)
	}
	for r := r0; r <= min(r1, sc.rowHi-1); r++ {
		xh, yh := bx, by
		if r < r1 {
			yh = float64(r+1) * s
			xh = min(max(ax+(yh-ay)*slope, loX), hiX)
		}
		sc.addRowPiece(r, xl, yl, xh, yh, dir)
		xl, yl = xh, yh
	}
}

// addRowPiece cuts the piece (x0,y0)→(x1,y1), y0 < y1, of row r at the
// columns it crosses; dir is +1 if the interior is on its left going up.
func (sc *coverScratch) addRowPiece(r int, x0, y0, x1, y1, dir float64) {
	s := sc.s
	rs := float64(r) * s
	if x0 == x1 {
		c := int(math.Floor(x0 / s))
		u := x0 - float64(c)*s
		d := (y1 - y0) * dir
		seg := int32(-1)
		if sc.union {
			seg = sc.addSeg(u, y0-rs, u, y1-rs, dir)
		}
		sc.ents = append(sc.ents, coverEntry{key: uint64(r)*sc.width + uint64(c), m: u * d, d: d, seg: seg})
		return
	}
	xa, ya, xb, yb := x0, y0, x1, y1
	if xa > xb {
		xa, ya, xb, yb = xb, yb, xa, ya
	}
	c0 := int(math.Floor(xa / s))
	c1 := int(math.Ceil(xb/s)) - 1
	c1 = max(c1, c0)
	slope := (yb - ya) / (xb - xa)
	xl, yl := xa, ya
	for c := c0; c <= c1; c++ {
		xr, yr := xb, yb
		if c < c1 {
			xr = float64(c+1) * s
			yr = min(max(ya+(xr-xa)*slope, y0), y1)
		}
		cs := float64(c) * s
		d := math.Abs(yr-yl) * dir
		seg := int32(-1)
		if sc.union {
			// Oriented upward if dir > 0, downward if not.
			if (yl < yr) == (dir > 0) {
				seg = sc.addSeg(xl-cs, yl-rs, xr-cs, yr-rs, 1)
			} else {
				seg = sc.addSeg(xr-cs, yr-rs, xl-cs, yl-rs, 1)
			}
		}
		sc.ents = append(sc.ents, coverEntry{key: uint64(r)*sc.width + uint64(c), m: ((xl+xr)*0.5 - cs) * d, d: d, seg: seg})
		xl, yl = xr, yr
	}
}

// addHorizontal adds an entry to each cell crossed by the horizontal edge
// from x0 to x1 at height y, if the edge lies inside a row (not on a row
// line, where it bounds no cell's interior).
func (sc *coverScratch) addHorizontal(x0, x1, y, sign float64) {
	s := sc.s
	r := int(math.Floor(y / s))
	v := y - float64(r)*s
	if !(v > 0 && v < s) || r < sc.rowLo || r >= sc.rowHi {
		return
	}
	if sign < 0 {
		x0, x1 = x1, x0
	}
	lo, hi := min(x0, x1), max(x0, x1)
	c0 := int(math.Floor(lo / s))
	c1 := int(math.Ceil(hi/s)) - 1
	c1 = max(c1, c0)
	for c := c0; c <= c1; c++ {
		cs := float64(c) * s
		seg := int32(-1)
		if sc.union {
			a, b := max(lo, cs)-cs, min(hi, cs+s)-cs
			if x0 > x1 {
				a, b = b, a
			}
			seg = sc.addSeg(a, v, b, v, 1)
		}
		sc.ents = append(sc.ents, coverEntry{key: uint64(r)*sc.width + uint64(c), seg: seg})
	}
}

// addSeg keeps a cellSeg, reversed if dir < 0, clamped to the cell.
func (sc *coverScratch) addSeg(u0, v0, u1, v1, dir float64) int32 {
	s := sc.s
	c := func(t float64) float64 { return min(max(t, 0), s) }
	if dir < 0 {
		u0, v0, u1, v1 = u1, v1, u0, v0
	}
	sc.segs = append(sc.segs, cellSeg{c(u0), c(v0), c(u1), c(v1)})
	return int32(len(sc.segs) - 1)
}

// sorted returns the entries sorted by key.
func (sc *coverScratch) sorted() []coverEntry {
	if cap(sc.tmp) < len(sc.ents) {
		sc.tmp = make([]coverEntry, len(sc.ents), cap(sc.ents))
	}
	out, spare := radixSortEntries(sc.ents, sc.tmp[:len(sc.ents)], sc.maxKey)
	sc.ents, sc.tmp = out, spare
	return out
}

// sweepCells runs along each row of the sorted entries and appends the
// cells with a positive area to dst.
func (sc *coverScratch) sweepCells(ents []coverEntry, dst []CellArea) []CellArea {
	sc.sweep(ents, func(r, c int, area, _ float64, _ []coverEntry) {
		dst = append(dst, CellArea{I: c + sc.oi, J: r + sc.oj, AreaM2: area})
	})
	return dst
}

// sweep calls emit for every cell with a positive area, in key order, with
// the running dy sum before the cell and the cell's entries (nil for a
// cell wholly inside).
func (sc *coverScratch) sweep(ents []coverEntry, emit func(r, c int, area, dBefore float64, cell []coverEntry)) {
	s := sc.s
	full := s * s
	eps := full * 1e-12
	width := sc.width
	for k := 0; k < len(ents); {
		row := ents[k].key / width
		r := int(row)
		end := (row + 1) * width
		D := 0.0
		prev := -1
		for k < len(ents) && ents[k].key < end {
			key := ents[k].key
			c := int(key - row*width)
			if prev >= 0 && c > prev+1 && math.Round(-D/s) > 0 {
				for cc := prev + 1; cc < c; cc++ {
					emit(r, cc, full, D, nil)
				}
			}
			dBefore := D
			m := 0.0
			k0 := k
			for ; k < len(ents) && ents[k].key == key; k++ {
				m += ents[k].m
				D += ents[k].d
			}
			if area := m - s*D; area > eps {
				emit(r, c, min(area, full), dBefore, ents[k0:k])
			}
			prev = c
		}
	}
}

// radixSortEntries sorts a by key (stable LSD radix sort, in as few passes
// of at most 11 bits as keys up to maxKey need), using tmp (same length) as
// the other buffer. It returns the sorted slice and the spare one.
func radixSortEntries(a, tmp []coverEntry, maxKey uint64) (sorted, spare []coverEntry) {
	if len(a) < 64 {
		slices.SortStableFunc(a, func(x, y coverEntry) int { return cmp.Compare(x.key, y.key) })
		return a, tmp
	}
	nbits := bits.Len64(maxKey)
	passes := (nbits + 10) / 11
	var count [1 << 11]int
	for p := range passes {
		lo := uint(p * nbits / passes)
		hi := uint((p + 1) * nbits / passes)
		mask := uint64(1)<<(hi-lo) - 1
		c := count[:mask+1]
		clear(c)
		for i := range a {
			c[(a[i].key>>lo)&mask]++
		}
		sum := 0
		for b := range c {
			c[b], sum = sum, sum+c[b]
		}
		for i := range a {
			b := (a[i].key >> lo) & mask
			tmp[c[b]] = a[i]
			c[b]++
		}
		a, tmp = tmp, a
	}
	return a, tmp
}
