package report

import (
	"cmp"
	"slices"
)

// ipt is a grid corner: corner (i, j) is the lower-left corner of cell
// (i, j).
type ipt struct{ i, j int }

// iring is a closed ring of grid corners; the last repeats the first.
type iring []ipt

// ipoly is a shell (counter-clockwise) and its holes (clockwise).
type ipoly []iring

// outline traces the boundary of a set of grid cells into polygons with
// holes, in grid corner coordinates: shells counter-clockwise, holes
// clockwise, the set's interior on the left of every edge, collinear
// corners dropped. Rings are simple and touch other rings at most at
// corners: where two cells of the set touch only at a corner the boundary
// turns left, keeping them apart (two shells, or a shell and a hole, meet
// there), and where two cells outside the set do, the ring that passes the
// corner twice is split there (two holes meet there). Duplicate cells count once; no cells give
// no polygons. The result depends only on the set, not on the order of
// cells. Cost O(c log c) for c cells (sorting), plus O(h·v) to put h holes
// in shells of v corners.
func outline(cells []ipt) []ipoly {
	if r, ok := rectangle(cells); ok {
		return []ipoly{{r}}
	}
	return outlineTraced(cells)
}

// outlineTraced is outline without the fast path for rectangles: the
// boundary's edges, sorted, traced into rings.
func outlineTraced(cells []ipt) []ipoly {
	set := make(map[ipt]bool, len(cells))
	for _, c := range cells {
		set[c] = true
	}
	// Boundary edges, each from a corner to the next with the set on the
	// left, as (from, direction).
	type edge struct {
		from ipt
		d    uint8 // 0 east, 1 north, 2 west, 3 south
	}
	var dirs = [4]ipt{{1, 0}, {0, 1}, {-1, 0}, {0, -1}}
	var edges []edge
	for c := range set {
		if !set[ipt{c.i, c.j - 1}] {
			edges = append(edges, edge{c, 0})
		}
		if !set[ipt{c.i + 1, c.j}] {
			edges = append(edges, edge{ipt{c.i + 1, c.j}, 1})
		}
		if !set[ipt{c.i, c.j + 1}] {
			edges = append(edges, edge{ipt{c.i + 1, c.j + 1}, 2})
		}
		if !set[ipt{c.i - 1, c.j}] {
			edges = append(edges, edge{ipt{c.i, c.j + 1}, 3})
		}
	}
	slices.SortFunc(edges, func(a, b edge) int {
		if c := cmp.Compare(a.from.j, b.from.j); c != 0 {
			return c
		}
		if c := cmp.Compare(a.from.i, b.from.i); c != 0 {
			return c
		}
		return cmp.Compare(a.d, b.d)
	})
	// At most two edges leave a corner; they are adjacent in edges.
	find := func(from ipt, d uint8) int {
		k, ok := slices.BinarySearchFunc(edges, edge{from, d}, func(a, b edge) int {
			if c := cmp.Compare(a.from.j, b.from.j); c != 0 {
				return c
			}
			if c := cmp.Compare(a.from.i, b.from.i); c != 0 {
				return c
			}
			return cmp.Compare(a.d, b.d)
		})
		if !ok {
			return -1
		}
		return k
	}
	used := make([]bool, len(edges))
	var shells []iring
	var holes []iring
	for e0 := range edges {
		if used[e0] {
			continue
		}
		var ring iring
		e := e0
		for {
			used[e] = true
			ed := edges[e]
			to := ipt{ed.from.i + dirs[ed.d].i, ed.from.j + dirs[ed.d].j}
			// Prefer a left turn, then straight on, then a right turn.
			next := -1
			for _, turn := range [3]uint8{1, 0, 3} {
				if k := find(to, (ed.d+turn)%4); k >= 0 {
					next = k
					if turn != 0 { // a straight-on corner is not kept
						ring = append(ring, to)
					}
					break
				}
			}
			if next < 0 {
				panic("report: outline: open boundary") // cannot happen: every corner balances
			}
			e = next
			if e == e0 {
				break
			}
		}
		// ring lists the corners where the boundary turns. Where two
		// cells of the complement touch at a corner the boundary passes the
		// corner twice: split it there into simple rings.
		for _, loop := range splitLoops(ring) {
			r := closeLowest(loop)
			if area2(r) > 0 {
				shells = append(shells, r)
			} else {
				holes = append(holes, r)
			}
		}
	}
	polys := make([]ipoly, len(shells))
	for k, s := range shells {
		polys[k] = ipoly{s}
	}
	for _, h := range holes {
		// A point just inside the set, beside the hole's first edge: the
		// innermost shell holding it owns the hole.
		a, b := h[0], h[1]
		dx, dy := float64(sign(b.i-a.i)), float64(sign(b.j-a.j))
		x := float64(a.i) + 0.5*dx - 0.25*dy
		y := float64(a.j) + 0.5*dy + 0.25*dx
		best, bestArea := -1, 0
		for k, s := range shells {
			if inside(s, x, y) {
				if ar := area2(s); best < 0 || ar < bestArea {
					best, bestArea = k, ar
				}
			}
		}
		if best >= 0 {
			polys[best] = append(polys[best], h)
		}
	}
	return polys
}

// rectangle returns the ring outline gives cells if they fill a rectangle
// (each once): its four corners counter-clockwise from the lower left, and
// false otherwise. Cost O(c) for c cells, without a map: most blocks of a
// plan are whole squares.
func rectangle(cells []ipt) (iring, bool) {
	if len(cells) == 0 || len(cells) > 1<<16 {
		return nil, false
	}
	lo, hi := cells[0], cells[0]
	for _, c := range cells[1:] {
		lo.i, lo.j = min(lo.i, c.i), min(lo.j, c.j)
		hi.i, hi.j = max(hi.i, c.i), max(hi.j, c.j)
	}
	w, h := hi.i-lo.i+1, hi.j-lo.j+1
	if w > len(cells) || h > len(cells) || w*h != len(cells) {
		return nil, false
	}
	var small [64]bool
	var seen []bool
	if len(cells) <= len(small) {
		seen = small[:len(cells)]
	} else {
		seen = make([]bool, len(cells))
	}
	for _, c := range cells {
		k := (c.j-lo.j)*w + c.i - lo.i
		if seen[k] {
			return nil, false // a duplicate: some cell is missing
		}
		seen[k] = true
	}
	return iring{lo, {hi.i + 1, lo.j}, {hi.i + 1, hi.j + 1}, {lo.i, hi.j + 1}, lo}, true
}

func sign(x int) int {
	switch {
	case x > 0:
		return 1
	case x < 0:
		return -1
	}
	return 0
}

// area2 is twice the signed area of a closed ring: positive if it is
// counter-clockwise.
func area2(r iring) int {
	s := 0
	for k := 0; k+1 < len(r); k++ {
		s += r[k].i*r[k+1].j - r[k+1].i*r[k].j
	}
	return s
}

// inside reports whether (x, y), never on an edge, is inside closed ring r
// (even-odd rule).
func inside(r iring, x, y float64) bool {
	in := false
	for k := 0; k+1 < len(r); k++ {
		x1, y1 := float64(r[k].i), float64(r[k].j)
		x2, y2 := float64(r[k+1].i), float64(r[k+1].j)
		if (y1 > y) != (y2 > y) && x < x1+(y-y1)*(x2-x1)/(y2-y1) {
			in = !in
		}
	}
	return in
}

// splitLoops splits a cyclic sequence of corners that passes some corners
// more than once into loops that pass each corner once. Cost O(n) with a
// map.
func splitLoops(ring []ipt) [][]ipt {
	var loops [][]ipt
	var stack []ipt
	at := make(map[ipt]int, len(ring))
	for _, p := range ring {
		if k, ok := at[p]; ok {
			loops = append(loops, append([]ipt(nil), stack[k:]...))
			for _, q := range stack[k+1:] {
				delete(at, q)
			}
			stack = stack[:k+1]
			continue
		}
		at[p] = len(stack)
		stack = append(stack, p)
	}
	return append(loops, stack)
}

// closeLowest rotates a loop to start at its lowest corner (smallest j,
// then i) and closes it.
func closeLowest(loop []ipt) iring {
	lo := 0
	for k, p := range loop {
		if p.j < loop[lo].j || p.j == loop[lo].j && p.i < loop[lo].i {
			lo = k
		}
	}
	r := make(iring, 0, len(loop)+1)
	r = append(r, loop[lo:]...)
	r = append(r, loop[:lo]...)
	return append(r, r[0])
}
