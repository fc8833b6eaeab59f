package geo

import (
	"math"
	"sync"
	"sync/atomic"
)

// This file merges the polygons' cells of CoverUnion into the union's cells,
// sorted by (J, I), on several goroutines: the rows are cut into bands, every
// polygon cell is scattered to its band (polygons in order, so that within a
// cell the members stay in polygon order), and each band is sorted and
// grouped on its own. A row never straddles two bands, so the result is the
// same for every number of goroutines and bands.

// mergeChunk is about how many polygon cells one goroutine scatters at a
// time; mergeBandRefs about how many references a band holds.
const (
	mergeChunk    = 1 << 16
	mergeBandRefs = 1 << 15
)

// parallelFor calls f(k) for k in [0, n) on up to workers goroutines.
func parallelFor(workers, n int, f func(k int)) {
	workers = max(1, min(workers, n))
	if workers == 1 {
		for k := range n {
			f(k)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for k := int(next.Add(1) - 1); k < n; k = int(next.Add(1) - 1) {
				f(k)
			}
		})
	}
	wg.Wait()
}

// spanChunk is a run of polygons [p0, p1) whose cells a goroutine scatters.
type spanChunk struct{ p0, p1 int }

// sortCellRefs returns a reference to every polygon's cell, sorted by (J,
// I) and stably so (polygon order within a cell), and the bands' bounds in
// it: band b is order[bandOff[b]:bandOff[b+1]], whole rows. It returns nil
// if there are no cells. It panics if the cells span more than 2^32 grid
// cells either way.
func sortCellRefs(arenas []unionArena, spans []polySpan, workers int, mem *coverMem) (order []cellRef, bandOff []int) {
	// Bounds, an arena per goroutine.
	type bounds struct{ minI, minJ, maxI, maxJ, n int }
	bs := make([]bounds, len(arenas))
	parallelFor(workers, len(arenas), func(w int) {
		b := bounds{math.MaxInt, math.MaxInt, math.MinInt, math.MinInt, len(arenas[w].cells)}
		for k := range arenas[w].cells {
			pc := &arenas[w].cells[k]
			b.minI, b.maxI = min(b.minI, pc.i), max(b.maxI, pc.i)
			b.minJ, b.maxJ = min(b.minJ, pc.j), max(b.maxJ, pc.j)
		}
		bs[w] = b
	})
	all := bounds{math.MaxInt, math.MaxInt, math.MinInt, math.MinInt, 0}
	for _, b := range bs {
		if b.n == 0 {
			continue
		}
		all.minI, all.maxI = min(all.minI, b.minI), max(all.maxI, b.maxI)
		all.minJ, all.maxJ = min(all.minJ, b.minJ), max(all.maxJ, b.maxJ)
		all.n += b.n
	}
	if all.n == 0 {
		return nil, nil
	}
	if uint64(all.maxI-all.minI) >= 1<<32 || uint64(all.maxJ-all.minJ) >= 1<<32 {
		panic("geo: CoverUnion: polygons span more than 2^32 grid cells")
	}
	rows := all.maxJ - all.minJ + 1
	nb := max(1, min(rows, all.n/mergeBandRefs))
	bandRows := (rows + nb - 1) / nb
	nb = (rows + bandRows - 1) / bandRows
	band := func(j int) int { return (j - all.minJ) / bandRows }

	// Chunks of polygons, in order.
	var chunks []spanChunk
	for p0 := 0; p0 < len(spans); {
		p1, n := p0, 0
		for ; p1 < len(spans) && n < mergeChunk; p1++ {
			n += spans[p1].n
		}
		chunks = append(chunks, spanChunk{p0, p1})
		p0 = p1
	}
	// Count per chunk and band, then turn the counts into each chunk's
	// write offsets: bands in order, chunks in order within a band.
	counts := make([]int, len(chunks)*nb)
	parallelFor(workers, len(chunks), func(c int) {
		cnt := counts[c*nb : (c+1)*nb]
		for _, sp := range spans[chunks[c].p0:chunks[c].p1] {
			cells := arenas[sp.w].cells[sp.c0 : sp.c0+sp.n]
			for k := range cells {
				cnt[band(cells[k].j)]++
			}
		}
	})
	bandOff = make([]int, nb+1)
	off := 0
	for b := range nb {
		bandOff[b] = off
		for c := range chunks {
			n := counts[c*nb+b]
			counts[c*nb+b] = off
			off += n
		}
	}
	bandOff[nb] = off
	order = reuseLen(mem.order, off)
	mem.order = order
	parallelFor(workers, len(chunks), func(c int) {
		at := counts[c*nb : (c+1)*nb]
		for _, sp := range spans[chunks[c].p0:chunks[c].p1] {
			cells := arenas[sp.w].cells[sp.c0 : sp.c0+sp.n]
			for k := range cells {
				pc := &cells[k]
				b := band(pc.j)
				order[at[b]] = cellRef{
					key: uint64(pc.j-all.minJ)<<32 | uint64(pc.i-all.minI),
					ref: uint64(sp.w)<<40 | uint64(sp.c0+k),
				}
				at[b]++
			}
		}
	})
	// Sort each band, stably.
	tmp := reuseLen(mem.tmp, len(order))
	mem.tmp = tmp
	parallelFor(workers, nb, func(b int) {
		a := order[bandOff[b]:bandOff[b+1]]
		for k := 1; k < len(a); k++ {
			if a[k].key < a[k-1].key {
				if s := radixSortRefs(a, tmp[bandOff[b]:bandOff[b+1]]); &s[0] != &a[0] {
					copy(a, s)
				}
				return
			}
		}
	})
	return order, bandOff
}

// groupCells turns the sorted references into the union's cells: one per
// distinct (I, J), its members' polygon indexes and areas in members and
// memberAreas at [first, first+n) (their references are order[first:
// first+n]), and its area if it has one member (the others' is left to
// unionAreas). The bands of sortCellRefs are grouped on workers goroutines.
func groupCells(arenas []unionArena, order []cellRef, bandOff []int, workers int, mem *coverMem) (cells []CoveredCell, members []int32, memberAreas []float64) {
	members = reuseLen(mem.members, len(order))
	memberAreas = reuseLen(mem.memberAreas, len(order))
	mem.members, mem.memberAreas = members, memberAreas
	nb := len(bandOff) - 1
	cellOff := make([]int, nb+1)
	parallelFor(workers, nb, func(b int) {
		n := 0
		for k := bandOff[b]; k < bandOff[b+1]; k++ {
			if k == bandOff[b] || order[k].key != order[k-1].key {
				n++
			}
		}
		cellOff[b+1] = n
	})
	for b := range nb {
		cellOff[b+1] += cellOff[b]
	}
	cells = reuseLen(mem.cells, cellOff[nb])
	mem.cells = cells
	parallelFor(workers, nb, func(b int) {
		out := cells[cellOff[b]:cellOff[b+1]]
		q := 0
		for k := bandOff[b]; k < bandOff[b+1]; {
			k0 := k
			pc := arenaCell(arenas, order[k].ref)
			for ; k < bandOff[b+1] && order[k].key == order[k0].key; k++ {
				mc := arenaCell(arenas, order[k].ref)
				members[k] = mc.poly
				memberAreas[k] = mc.areaM2
			}
			cc := CoveredCell{I: pc.i, J: pc.j, first: int32(k0), n: int32(k - k0)}
			if cc.n == 1 {
				cc.AreaM2 = pc.areaM2
			}
			out[q] = cc
			q++
		}
	})
	return cells, members, memberAreas
}
