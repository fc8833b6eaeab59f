package geo

import (
	"context"
	"math"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
)

// This file merges the per-polygon coverages of CoverUnion.
//
// # Union in a shared cell
//
// Most cells belong to one polygon, and their area is that polygon's. A cell
// that one member covers wholly has the area of the cell. Otherwise every
// member crosses the cell with boundary segments (kept, clipped to the cell,
// by the scanline of cover.go), and the union is integrated over vertical
// slabs: the slab boundaries are the segments' end x's and the x's where two
// segments of different members cross. Inside a slab no cellSeg ends and
// none crosses another, so the length of the union on a vertical line is
// linear in x, and (slab width) × (length at the slab's middle) is exact.
// At the middle x, each member's inside intervals come from its unionCrossing
// segments (entering going up if the cellSeg runs right) and its inside
// length, which Green's theorem gives from the row's running sum of dy
// (kept by the scanline) plus the segments' dy left of x; the length fixes
// the winding at the cell's bottom. The intervals of all members are merged.
//
// Cost per shared cell with p boundary segments: O(p²) for the crossings and
// O(p log p) per slab for O(p²) slabs, so O(p³ log p); p is a handful in
// practice. Merging the polygons' cells is a linear radix sort.

// unionMember is one member's share of a shared cell.
type unionMember struct {
	dBefore float64
	segs    []cellSeg
}

type unionCrossing struct {
	v float64
	d float64 // +1 entering going up, −1 leaving
}

type unionInterval struct{ lo, hi float64 }

// unionScratch holds one worker's buffers for shared cells.
type unionScratch struct {
	mem []unionMember
	xs  []float64
	cr  []unionCrossing
	iv  []unionInterval
}

// CoverUnion covers the union of polys: every cell where the union has a
// positive area, sorted by J then I, with the exact area of the union in the
// cell (overlaps counted once) and the indexes of the polygons with a
// positive area there (see [Coverage.Members]). Each polygon is taken as
// [Grid.Cover] takes it; polygons may overlap one another.
//
// With opts.Projection set, each cell's GroundM2 is AreaM2/k², k the scale
// factor at the cell centre, interpolated bilinearly from its exact values
// on a 500 m lattice (k within 1e-9 relative for UTM, so GroundM2 within
// about 2e-9; grids of 500 m cells or more use the exact value); otherwise
// GroundM2 = AreaM2. The work is shared by opts.Workers goroutines (0: GOMAXPROCS); the result is identical for
// every count. Progress, if set, is called (never concurrently) after each
// polygon with the number done and len(polys).
//
// Empty or nil polys give an empty Coverage and no error. A NaN or infinite
// coordinate gives a *[NotFiniteError] and an estimate past opts.MaxCells a
// *[CellLimitError], both before any allocation that grows with the cells. If
// ctx is cancelled, CoverUnion stops soon after (well under 100 ms) and
// returns nil and ctx.Err().
//
// Cost: the sum of Cover's costs over the polygons, plus a linear merge,
// plus the cost of the union in cells where two or more polygons are
// partial (see the notes in cover_union.go); memory O(vertices + cells).
// It panics as Cover does.
func (g Grid) CoverUnion(ctx context.Context, polys []MultiPolygonXY, opts *CoverOptions) (*Coverage, error) {
	var o CoverOptions
	if opts != nil {
		o = *opts
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if _, err := g.CheckCells(polys, o.MaxCells); err != nil {
		return nil, err
	}
	cov := &Coverage{Grid: g}
	if len(polys) == 0 {
		return cov, nil
	}
	return g.coverUnion(ctx, polys, nil, nil, &o, nil)
}

// coverUnion is CoverUnion of the polygons idx names (all if idx is nil;
// members keep the indexes into polys), in the rows band[0] <= J <
// band[1] (all if band is nil). o is filled in; polys are checked.
func (g Grid) coverUnion(ctx context.Context, polys []MultiPolygonXY, idx []int32, band *[2]int, o *CoverOptions, mem *coverMem) (*Coverage, error) {
	s := g.cellSize()
	cov := &Coverage{Grid: g}
	workers := o.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	if mem == nil {
		mem = &coverMem{}
	}
	arenas, spans := coverEach(ctx, s, polys, idx, band, workers, o.Progress, mem)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	order, bands := sortCellRefs(arenas, spans, workers, mem)
	if len(order) == 0 {
		return cov, nil
	}
	cells, members, memberAreas := groupCells(arenas, order, bands, workers, mem)
	g.unionAreas(ctx, cells, arenas, order, workers, o.Projection)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	cov.Cells = cells
	cov.members = members
	cov.memberAreas = memberAreas
	return cov, nil
}

// coverMem holds the memory of a coverage that its user is done with, for
// the next one (a band's after another's) to be built in: the arenas, the
// sorted references and the cells with their members. The zero value holds
// none.
type coverMem struct {
	arenas      []unionArena
	order, tmp  []cellRef
	cells       []CoveredCell
	members     []int32
	memberAreas []float64
}

// reuseCap returns old emptied if it can hold n elements, else a new
// slice of capacity n.
func reuseCap[T any](old []T, n int) []T {
	if cap(old) >= n {
		return old[:0]
	}
	if old == nil {
		return make([]T, 0, n)
	}
	return make([]T, 0, n+n/4) // room for a larger one next time
}

// reuseLen returns n zero values, in old's backing array if it holds them.
func reuseLen[T any](old []T, n int) []T {
	if cap(old) < n {
		if old == nil {
			return make([]T, n)
		}
		return make([]T, n, n+n/4) // room for a larger one next time
	}
	s := old[:n]
	clear(s)
	return s
}

// polySpan says where one polygon's cells went: arena w, cells [c0, c0+n).
type polySpan struct{ w, c0, n int }

// coverEach covers each polygon on its own (cells of side s), the polygons
// shared among workers goroutines, each appending to its own arena;
// spans[p] says where polygon p went. With idx, only the polygons idx
// names are covered (spans[p] is then for polys[idx[p]]); with band, only
// their cells in rows band[0] <= J < band[1]. progress, if set, is called
// after each polygon, never concurrently. It stops soon after ctx is done,
// with polygons left uncovered: the caller checks ctx.
func coverEach(ctx context.Context, s float64, polys []MultiPolygonXY, idx []int32, band *[2]int, workers int, progress func(done, total int), mem *coverMem) ([]unionArena, []polySpan) {
	n := len(polys)
	if idx != nil {
		n = len(idx)
	}
	poly := func(p int) int {
		if idx != nil {
			return int(idx[p])
		}
		return p
	}
	spans := make([]polySpan, n)
	old := mem.arenas
	arenas := make([]unionArena, max(1, min(workers, n)))
	// Size the arenas from an estimate of the cells and boundary segments,
	// so that they rarely grow (and copy, touching fresh pages twice). The
	// polygons are shared out dynamically, so with several workers each
	// arena gets room for more than its even share: capacity that is never
	// written costs address space, not memory.
	var cells, segs int
	if band == nil {
		cells, segs = estimateCells(polys, s)
	} else {
		cells, segs = estimateBand(polys, idx, s, *band)
	}
	share := 1.0
	if len(arenas) > 1 {
		share = min(1, 1.5/float64(len(arenas)))
	}
	for w := range arenas {
		var oc []polyCell
		var os []cellSeg
		if w < len(old) {
			oc, os = old[w].cells, old[w].segs
		}
		arenas[w].cells = reuseCap(oc, int(float64(cells)*share)+1024)
		arenas[w].segs = reuseCap(os, int(float64(segs)*share)+1024)
	}
	defer func() { mem.arenas = arenas }()
	var next atomic.Int64
	var mu sync.Mutex
	done := 0
	var wg sync.WaitGroup
	for w := range arenas {
		wg.Go(func() {
			sc := scratchPool.Get().(*coverScratch)
			defer scratchPool.Put(sc)
			sc.cancel = func() bool { return ctx.Err() != nil }
			defer func() { sc.cancel = nil }()
			ar := &arenas[w]
			for {
				p := int(next.Add(1) - 1)
				if p >= n || ctx.Err() != nil {
					return
				}
				c0 := len(ar.cells)
				mp := polys[poly(p)]
				if sc.start(s, mp, true) {
					if band != nil {
						sc.setBand(band[0], band[1])
					}
					sc.addMultiPolygon(mp)
					ar.add(sc, sc.sorted(), int32(poly(p)))
				}
				spans[p] = polySpan{w, c0, len(ar.cells) - c0}
				if progress != nil {
					mu.Lock()
					done++
					progress(done, n)
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	return arenas, spans
}

// arenaCell returns the cell a reference (worker<<40 | index) points to.
func arenaCell(arenas []unionArena, ref uint64) *polyCell {
	return &arenas[ref>>40].cells[ref&(1<<40-1)]
}

// unionAreas sets the area of every cell shared by several members (the
// union of their parts) and every cell's ground area (with proj, AreaM2/k²;
// without, AreaM2), in chunks of cells on workers goroutines. It stops soon
// after ctx is done, with cells left unset: the caller checks ctx.
func (g Grid) unionAreas(ctx context.Context, cells []CoveredCell, arenas []unionArena, refs []cellRef, workers int, proj Projection) {
	s := g.cellSize()
	const chunk = 2048
	var nextChunk atomic.Int64
	nchunks := (len(cells) + chunk - 1) / chunk
	var wg sync.WaitGroup
	for range min(workers, nchunks) {
		wg.Go(func() {
			var us unionScratch
			var sf *scaleField
			if proj != nil {
				sf = newScaleField(proj, g)
			}
			for {
				ch := int(nextChunk.Add(1) - 1)
				if ch >= nchunks || ctx.Err() != nil {
					return
				}
				for k := ch * chunk; k < min((ch+1)*chunk, len(cells)); k++ {
					cc := &cells[k]
					if cc.n > 1 {
						cc.AreaM2 = us.area(s, arenas, refs[cc.first:cc.first+cc.n])
					}
					cc.GroundM2 = cc.AreaM2
					if sf != nil {
						f := sf.at(g.CellCentre(cc.I, cc.J))
						cc.GroundM2 = cc.AreaM2 / (f * f)
					}
				}
			}
		})
	}
	wg.Wait()
}

// area returns the area of the union of the polygons' parts in one cell.
func (us *unionScratch) area(s float64, arenas []unionArena, refs []cellRef) float64 {
	full := s * s
	var maxA, sumA float64
	us.mem = us.mem[:0]
	for _, cr := range refs {
		r := cr.ref
		ar := &arenas[r>>40]
		pc := &ar.cells[r&(1<<40-1)]
		if pc.nseg == 0 {
			return full
		}
		maxA = max(maxA, pc.areaM2)
		sumA += pc.areaM2
		us.mem = append(us.mem, unionMember{dBefore: pc.dBefore, segs: ar.segs[pc.seg0 : pc.seg0+pc.nseg]})
	}
	// Slab boundaries.
	xs := append(us.xs[:0], 0, s)
	for a, m := range us.mem {
		for _, sg := range m.segs {
			xs = append(xs, sg.u0, sg.u1)
		}
		for _, m2 := range us.mem[a+1:] {
			for _, p := range m.segs {
				for _, q := range m2.segs {
					if x, ok := cellSegCrossX(p, q); ok && x > 0 && x < s {
						xs = append(xs, x)
					}
				}
			}
		}
	}
	slices.Sort(xs)
	us.xs = xs
	var area float64
	for k := 1; k < len(xs); k++ {
		if w := xs[k] - xs[k-1]; w > 0 {
			area += w * us.length(s, (xs[k]+xs[k-1])*0.5)
		}
	}
	return min(max(area, maxA), sumA, full)
}

// cellSegCrossX returns the x where segments p and q cross, if they do at a single
// point inside both.
func cellSegCrossX(p, q cellSeg) (float64, bool) {
	rx, ry := p.u1-p.u0, p.v1-p.v0
	qx, qy := q.u1-q.u0, q.v1-q.v0
	den := rx*qy - ry*qx
	if den == 0 {
		return 0, false
	}
	wx, wy := q.u0-p.u0, q.v0-p.v0
	t := (wx*qy - wy*qx) / den
	u := (wx*ry - wy*rx) / den
	if !(t > 0 && t < 1 && u > 0 && u < 1) {
		return 0, false
	}
	return p.u0 + t*rx, true
}

// length returns the length of the union's section at x (0 < x < s) inside
// the cell.
func (us *unionScratch) length(s, x float64) float64 {
	iv := us.iv[:0]
	for _, m := range us.mem {
		d := m.dBefore
		cr := us.cr[:0]
		var sum float64
		for _, sg := range m.segs {
			lo, hi := min(sg.u0, sg.u1), max(sg.u0, sg.u1)
			if hi <= x {
				d += sg.v1 - sg.v0
				continue
			}
			if lo >= x {
				continue
			}
			v := sg.v0 + (x-sg.u0)/(sg.u1-sg.u0)*(sg.v1-sg.v0)
			v = min(max(v, 0), s)
			dir := 1.0
			if sg.u0 < x {
				d += v - sg.v0
			} else {
				d += sg.v1 - v
				dir = -1
			}
			cr = append(cr, unionCrossing{v, dir})
			sum += dir * (s - v)
		}
		// Inside length −d = s·b + Σ dir·(s − v), b the winding at the
		// bottom of the cell.
		w := math.Round((-d - sum) / s)
		if len(cr) > 1 {
			slices.SortFunc(cr, func(a, b unionCrossing) int {
				switch {
				case a.v < b.v:
					return -1
				case a.v > b.v:
					return 1
				}
				return 0
			})
		}
		lo := 0.0
		for _, c := range cr {
			nw := w + c.d
			if w <= 0 && nw > 0 {
				lo = c.v
			} else if w > 0 && nw <= 0 {
				iv = append(iv, unionInterval{lo, c.v})
			}
			w = nw
		}
		if w > 0 {
			iv = append(iv, unionInterval{lo, s})
		}
		us.cr = cr
	}
	us.iv = iv
	if len(iv) > 1 {
		slices.SortFunc(iv, func(a, b unionInterval) int {
			switch {
			case a.lo < b.lo:
				return -1
			case a.lo > b.lo:
				return 1
			}
			return 0
		})
	}
	var total, end float64
	end = math.Inf(-1)
	for _, in := range iv {
		if in.lo > end {
			total += in.hi - in.lo
			end = in.hi
		} else if in.hi > end {
			total += in.hi - end
			end = in.hi
		}
	}
	return total
}

type cellRef struct {
	key uint64
	ref uint64
}

// estimateCells returns about how many cells the polygons cover, from their
// areas and perimeters, with a margin: cells wholly inside, about two per
// cell length of boundary, and one per vertex (the room unionArena.add
// asks for); and about how many boundary segments their partial cells
// hold: one per vertex and one per grid line the boundary crosses (the L1
// perimeter over the cell size). Cost O(vertices).
func estimateCells(polys []MultiPolygonXY, s float64) (cells, segs int) {
	var nc, ns float64
	for _, mp := range polys {
		for _, poly := range mp {
			for ri, r := range poly {
				var a2, perim float64
				for k := 1; k < len(r); k++ {
					a2 += r[k-1].X*r[k].Y - r[k].X*r[k-1].Y
					perim += math.Abs(r[k].X-r[k-1].X) + math.Abs(r[k].Y-r[k-1].Y)
				}
				if ri == 0 {
					nc += math.Abs(a2) / 2 / (s * s)
				}
				nc += 2*perim/s + float64(len(r))
				ns += perim/s + float64(len(r))
			}
		}
		nc += 16
		ns += 16
	}
	return int(min(nc*1.05, 1<<31)), int(min(ns*1.1, 1<<31))
}

// unionArena holds the cells and segments one CoverUnion worker found.
type unionArena struct {
	cells []polyCell
	segs  []cellSeg
}

// add appends polygon p's cells from the sorted entries of sc.
func (ar *unionArena) add(sc *coverScratch, ents []coverEntry, p int32) {
	// At most area/s² whole cells and one partial cell per entry (plus
	// rounding); grow at least geometrically.
	full := min(sc.areaM2/(sc.s*sc.s), float64(sc.rowHi-sc.rowLo)*float64(sc.width), float64(math.MaxInt32))
	if need := int(full) + len(ents) + 16; cap(ar.cells)-len(ar.cells) < need {
		ar.cells = slices.Grow(ar.cells, max(need, len(ar.cells)))
	}
	if cap(ar.segs)-len(ar.segs) < len(ents) {
		ar.segs = slices.Grow(ar.segs, max(len(ents), len(ar.segs)))
	}
	sc.sweep(ents, func(r, c int, area, dBefore float64, cell []coverEntry) {
		pc := polyCell{i: c + sc.oi, j: r + sc.oj, areaM2: area, dBefore: dBefore, seg0: int32(len(ar.segs)), poly: p}
		for _, e := range cell {
			ar.segs = append(ar.segs, sc.segs[e.seg])
		}
		pc.nseg = int32(len(ar.segs)) - pc.seg0
		ar.cells = append(ar.cells, pc)
	})
}

// radixSortRefs sorts a by key, stably, using tmp (same length); it returns
// the sorted slice.
func radixSortRefs(a, tmp []cellRef) []cellRef {
	var count [8][256]int
	for i := range a {
		k := a[i].key
		for d := range 8 {
			count[d][byte(k>>(8*d))]++
		}
	}
	n := len(a)
	for d := range 8 {
		c := &count[d]
		if c[byte(a[0].key>>(8*d))] == n {
			continue
		}
		sum := 0
		for b := range 256 {
			c[b], sum = sum, sum+c[b]
		}
		shift := uint(8 * d)
		for i := range a {
			b := byte(a[i].key >> shift)
			tmp[c[b]] = a[i]
			c[b]++
		}
		a, tmp = tmp, a
	}
	return a
}
