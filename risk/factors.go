package risk

import (
	"math"
	"slices"

	"github.com/landrelease/clearance/geo"
)

// chunkCells is the most cells one unit of parallel work aims at: the cells
// are cut into ⌈cells/chunkCells⌉ chunks of about equal size (so that the
// workers finish together), ending at row ends; their bounds do not depend
// on the worker count. The context is checked and progress reported
// between chunks. Each chunk
// recomputes the kernel's column factors of every incident in reach, so
// chunks of many rows matter on fine grids (at 10 m a row of a large hazard
// holds thousands of cells).
const chunkCells = 32768

// layout indexes cells sorted by J then I: rows, and the I of every cell,
// so that a cell is found from (i, j) by one binary search in its row.
type layout struct {
	s      float64 // cell size, m
	n      int
	j0     int     // J of row 0
	rowOff []int32 // cells of row r are [rowOff[r], rowOff[r+1])
	ci     []int32 // I of every cell
	chunks []int32 // chunk c covers rows [chunks[c], chunks[c+1])
}

// newLayout indexes cells (sorted by J then I). Cost O(cells + rows).
func newLayout(s float64, n int, cell func(k int) (i, j int)) *layout {
	return newLayoutIn(nil, s, n, cell)
}

// newLayoutIn is newLayout, in old's memory if old is not nil (old is then
// the layout returned, changed).
func newLayoutIn(old *layout, s float64, n int, cell func(k int) (i, j int)) *layout {
	l := old
	if l == nil {
		l = &layout{}
	}
	*l = layout{s: s, n: n, ci: reuse(l.ci, n), rowOff: l.rowOff[:0], chunks: l.chunks[:0]}
	if n == 0 {
		l.rowOff = append(l.rowOff, 0)
		l.chunks = append(l.chunks, 0)
		return l
	}
	_, j0 := cell(0)
	_, j1 := cell(n - 1)
	l.j0 = j0
	rows := j1 - j0 + 1
	l.rowOff = reuse(l.rowOff, rows+1)
	r := 0
	for k := range n {
		i, j := cell(k)
		l.ci[k] = int32(i)
		for r < j-j0 {
			r++
			l.rowOff[r] = int32(k)
		}
	}
	for r < rows {
		r++
		l.rowOff[r] = int32(n)
	}
	// Chunk c ends at the first row end at or past c/nch of the cells.
	l.chunks = append(l.chunks, 0)
	nch := (n + chunkCells - 1) / chunkCells
	for r := 1; r <= rows; r++ {
		if int(l.rowOff[r]) >= len(l.chunks)*n/nch || r == rows {
			l.chunks = append(l.chunks, int32(r))
		}
	}
	return l
}

func (l *layout) rows() int { return len(l.rowOff) - 1 }

// find returns the index of cell (i, j), or -1. Cost O(log cells in row).
func (l *layout) find(i, j int) int {
	r := j - l.j0
	if r < 0 || r >= l.rows() {
		return -1
	}
	lo, hi := int(l.rowOff[r]), int(l.rowOff[r+1])
	q := lo + lowerBound(l.ci[lo:hi], int32(i))
	if q < hi && l.ci[q] == int32(i) {
		return q
	}
	return -1
}

// lowerBound returns the first index of a (ascending) with a[k] >= v.
func lowerBound(a []int32, v int32) int {
	lo, hi := 0, len(a)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if a[m] < v {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// centre returns the centre of cell (i, j), exactly as geo.Grid.CellCentre.
func centre(s float64, i, j int) (x, y float64) {
	return (float64(i) + 0.5) * s, (float64(j) + 0.5) * s
}

// scatterRows returns, for a point at y, the rows of [r0, r1) whose centres
// may lie within radius: a conservative range (one row wider each side).
func (l *layout) scatterRows(y, radius float64, r0, r1 int) (ra, rb int) {
	ra = int(math.Floor((y-radius)/l.s-0.5)) - 1 - l.j0
	rb = int(math.Ceil((y+radius)/l.s-0.5)) + 1 - l.j0
	return max(ra, r0), min(rb, r1-1)
}

// addDensity adds to dst[k], for every cell k of rows [r0, r1), the sum over
// points p (in index order) with squared distance d² <= cutoff² of
// w[p]·exp(−d²/(2h²)), d measured from the cell centre. The kernel is
// evaluated as exp(−dx²/(2h²))·exp(−dy²/(2h²)), the row and column factors
// computed once per point. tab is scratch; the grown buffer is returned.
// Cost O(points·rows in reach + cells in reach).
func (l *layout) addDensity(dst []float64, r0, r1 int, pts []geo.XY, w []float64, h, cutoff float64, tab []float64) []float64 {
	if r0 >= r1 {
		return tab
	}
	s := l.s
	c2 := cutoff * cutoff
	inv := 1 / (2 * h * h)
	for k, p := range pts {
		wk := w[k]
		if wk == 0 {
			continue
		}
		ra, rb := l.scatterRows(p.Y, cutoff, r0, r1)
		if ra > rb {
			continue
		}
		ia := int(math.Floor((p.X-cutoff)/s-0.5)) - 1
		ib := int(math.Ceil((p.X+cutoff)/s-0.5)) + 1
		tab = tab[:0]
		for i := ia; i <= ib; i++ {
			dx := (float64(i)+0.5)*s - p.X
			tab = append(tab, math.Exp(-dx*dx*inv))
		}
		for r := ra; r <= rb; r++ {
			lo, hi := int(l.rowOff[r]), int(l.rowOff[r+1])
			if lo == hi {
				continue
			}
			_, cy := centre(s, 0, r+l.j0)
			dy := cy - p.Y
			dy2 := dy * dy
			if dy2 > c2 {
				continue
			}
			// Only the chord of the disc in this row: its half-width w, with
			// a cell of margin, then the exact test at its ends. The test
			// passes on one run of columns (|dx| falls, then rises, with i,
			// and the rounded dx·dx + dy·dy follows it), so the cells of the
			// run are exactly those the test passes, to the bit.
			w := math.Sqrt(c2 - dy2)
			qa := max(ia, int(math.Floor((p.X-w)/s-0.5))-1)
			qb := min(ib, int(math.Ceil((p.X+w)/s-0.5))+1)
			for qa <= qb && !inDisc(qa, s, p.X, dy, c2) {
				qa++
			}
			for qb >= qa && !inDisc(qb, s, p.X, dy, c2) {
				qb--
			}
			if qa > qb {
				continue
			}
			ci := l.ci[lo:hi]
			q0 := lowerBound(ci, int32(qa))
			q1 := q0 + lowerBound(ci[q0:], int32(qb+1))
			if q0 == q1 {
				continue
			}
			ey := wk * math.Exp(-dy2*inv)
			if a, b := int(ci[q0]), int(ci[q1-1]); b-a == q1-1-q0 {
				// The row's cells of the run are contiguous.
				addScaled(dst[lo+q0:lo+q1], tab[a-ia:b-ia+1], ey)
				continue
			}
			d := dst[lo+q0 : lo+q1]
			for m, i := range ci[q0:q1] {
				d[m] += ey * tab[int(i)-ia]
			}
		}
	}
	return tab
}

// inDisc reports whether the centre of column i is within the cutoff of a
// point at x, dy away in y: the test addDensity applies to every cell.
func inDisc(i int, s, x, dy, c2 float64) bool {
	dx := (float64(i)+0.5)*s - x
	return dx*dx+dy*dy <= c2
}

// addScaled adds a·src[m] to dst[m] for every m < len(dst) (src at least as
// long), four at a time.
func addScaled(dst, src []float64, a float64) {
	src = src[:len(dst)]
	m := 0
	for ; m+3 < len(dst); m += 4 {
		d, s := dst[m:m+4:m+4], src[m:m+4:m+4]
		d[0] += a * s[0]
		d[1] += a * s[1]
		d[2] += a * s[2]
		d[3] += a * s[3]
	}
	for ; m < len(dst); m++ {
		dst[m] += a * src[m]
	}
}

// addPopulation adds to dst[k], for every cell k of rows [r0, r1), the sum
// over points p (in index order) within radius of pop[p]·exp(−d/lambda).
// Cost O(points·rows in reach + cells in reach).
func (l *layout) addPopulation(dst []float64, r0, r1 int, pts []geo.XY, pop []float64, lambda, radius float64) {
	if r0 >= r1 {
		return
	}
	s := l.s
	c2 := radius * radius
	for k, p := range pts {
		wk := pop[k]
		if wk == 0 {
			continue
		}
		ra, rb := l.scatterRows(p.Y, radius, r0, r1)
		ia := int(math.Floor((p.X-radius)/s-0.5)) - 1
		ib := int(math.Ceil((p.X+radius)/s-0.5)) + 1
		for r := ra; r <= rb; r++ {
			lo, hi := int(l.rowOff[r]), int(l.rowOff[r+1])
			_, cy := centre(s, 0, r+l.j0)
			dy := cy - p.Y
			if lo == hi || dy*dy > c2 {
				continue
			}
			for q := lo + lowerBound(l.ci[lo:hi], int32(ia)); q < hi; q++ {
				i := int(l.ci[q])
				if i > ib {
					break
				}
				dx := (float64(i)+0.5)*s - p.X
				if d2 := dx*dx + dy*dy; d2 <= c2 {
					dst[q] += wk * math.Exp(-math.Sqrt(d2)/lambda)
				}
			}
		}
	}
}

// nearest finds the nearest of a set of points for whole rows of cells at a
// time: for a row at height y the squared distance to point p is the
// parabola (x − p.X)² + (y − p.Y)², and the lower envelope of these
// parabolas (Felzenszwalb and Huttenlocher's distance transform) gives the
// nearest point of every cell in the row in one sweep. The distance itself
// is then computed directly from the cell centre and the chosen point, as a
// brute-force search would. Cost per row O(points + cells in row).
type nearest struct {
	pts   []geo.XY
	order []int32 // points sorted by X, then index
	x0    float64 // origin subtracted from X to keep envelope arithmetic small
	// In the order of order: X − x0, its square, and Y (read in sequence
	// by every row's envelope).
	qs, qq, ys []float64
}

func newNearest(pts []geo.XY) *nearest {
	nr := &nearest{pts: pts, order: make([]int32, len(pts))}
	for k := range nr.order {
		nr.order[k] = int32(k)
	}
	slices.SortFunc(nr.order, func(a, b int32) int {
		if c := cmpFloat(pts[a].X, pts[b].X); c != 0 {
			return c
		}
		return int(a - b)
	})
	if len(pts) > 0 {
		nr.x0 = pts[nr.order[0]].X
	}
	nr.qs, nr.qq, nr.ys = make([]float64, len(pts)), make([]float64, len(pts)), make([]float64, len(pts))
	for k, id := range nr.order {
		q := pts[id].X - nr.x0
		nr.qs[k], nr.qq[k], nr.ys[k] = q, q*q, pts[id].Y
	}
	return nr
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// envBuf is per-worker scratch for the envelope: its pieces, in order.
type envBuf struct {
	p []envPiece
}

// envPiece is one piece of the lower envelope.
type envPiece struct {
	z  float64 // the piece spans [z, the next piece's z)
	q  float64 // its point's X relative to x0
	c  float64 // its squared vertical offset
	cq float64 // c + q·q
	v  int32   // its point
}

// rows writes for every cell k of rows [r0, r1) the distance in metres to
// the nearest point into dist[k] (+Inf if there are no points) and, if idx
// is not nil, its index into idx[k] (-1 if none).
func (nr *nearest) rows(l *layout, r0, r1 int, dist []float64, idx []int32, b *envBuf) {
	s := l.s
	for r := r0; r < r1; r++ {
		lo, hi := int(l.rowOff[r]), int(l.rowOff[r+1])
		if lo == hi {
			continue
		}
		if len(nr.pts) == 0 {
			for q := lo; q < hi; q++ {
				dist[q] = math.Inf(1)
				if idx != nil {
					idx[q] = -1
				}
			}
			continue
		}
		_, cy := centre(s, 0, r+l.j0)
		nr.envelope(cy, b)
		e := 0
		for q := lo; q < hi; q++ {
			cx, _ := centre(s, int(l.ci[q]), 0)
			x := cx - nr.x0
			for e+1 < len(b.p) && b.p[e+1].z < x {
				e++
			}
			v := b.p[e].v
			p := nr.pts[v]
			dx, dy := cx-p.X, cy-p.Y
			dist[q] = math.Sqrt(dx*dx + dy*dy)
			if idx != nil {
				idx[q] = v
			}
		}
	}
}

// envelope builds the lower envelope of the points' parabolas at height y.
func (nr *nearest) envelope(y float64, b *envBuf) {
	ps := b.p[:0]
	qs, qq, ys := nr.qs, nr.qq[:len(nr.qs)], nr.ys[:len(nr.qs)]
	for k, id := range nr.order[:len(qs)] {
		q := qs[k]
		dy := y - ys[k]
		c := dy * dy
		cq := c + qq[k]
		for {
			k := len(ps) - 1
			if k < 0 {
				ps = append(ps, envPiece{z: math.Inf(-1), q: q, c: c, cq: cq, v: id})
				break
			}
			top := &ps[k]
			if q == top.q {
				if c >= top.c {
					break // hidden behind the piece with the same X
				}
				ps = ps[:k]
				continue
			}
			z := (cq - top.cq) / (2 * (q - top.q))
			if z <= top.z {
				ps = ps[:k]
				continue
			}
			ps = append(ps, envPiece{z: z, q: q, c: c, cq: cq, v: id})
			break
		}
	}
	b.p = ps
}

// segIndex buckets the segments of a line layer for exact nearest-segment
// queries by rings of buckets.
type segIndex struct {
	segs         []segment
	minX, minY   float64
	bs           float64 // bucket size, m
	nx, ny       int
	first, items []int32 // bucket b holds items[first[b]:first[b+1]]
}

type segment struct{ a, b geo.XY }

func newSegIndex(lines Lines) *segIndex {
	ix := &segIndex{}
	for _, pl := range lines {
		switch len(pl) {
		case 0:
		case 1:
			ix.segs = append(ix.segs, segment{pl[0], pl[0]})
		default:
			for k := 1; k < len(pl); k++ {
				ix.segs = append(ix.segs, segment{pl[k-1], pl[k]})
			}
		}
	}
	if len(ix.segs) == 0 {
		return ix
	}
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	var total float64
	for _, sg := range ix.segs {
		minX, maxX = min(minX, sg.a.X, sg.b.X), max(maxX, sg.a.X, sg.b.X)
		minY, maxY = min(minY, sg.a.Y, sg.b.Y), max(maxY, sg.a.Y, sg.b.Y)
		total += math.Hypot(sg.b.X-sg.a.X, sg.b.Y-sg.a.Y)
	}
	// Buckets about as large as a mean segment, and no more buckets than
	// four per segment.
	w, h := maxX-minX, maxY-minY
	bs := max(total/float64(len(ix.segs)), math.Sqrt(w*h/float64(4*len(ix.segs))), 1)
	ix.minX, ix.minY, ix.bs = minX, minY, bs
	ix.nx, ix.ny = int(w/bs)+1, int(h/bs)+1
	count := make([]int32, ix.nx*ix.ny+1)
	each := func(sg segment, f func(b int)) {
		i0, j0 := ix.bucket(min(sg.a.X, sg.b.X), min(sg.a.Y, sg.b.Y))
		i1, j1 := ix.bucket(max(sg.a.X, sg.b.X), max(sg.a.Y, sg.b.Y))
		for j := j0; j <= j1; j++ {
			for i := i0; i <= i1; i++ {
				f(j*ix.nx + i)
			}
		}
	}
	for _, sg := range ix.segs {
		each(sg, func(b int) { count[b+1]++ })
	}
	for b := 1; b < len(count); b++ {
		count[b] += count[b-1]
	}
	ix.first = slices.Clone(count)
	ix.items = make([]int32, count[len(count)-1])
	for k, sg := range ix.segs {
		each(sg, func(b int) { ix.items[count[b]] = int32(k); count[b]++ })
	}
	return ix
}

func (ix *segIndex) bucket(x, y float64) (i, j int) {
	i = min(max(int((x-ix.minX)/ix.bs), 0), ix.nx-1)
	j = min(max(int((y-ix.minY)/ix.bs), 0), ix.ny-1)
	return i, j
}

// dist2 returns the squared distance from p to segment s.
func (s segment) dist2(p geo.XY) float64 {
	dx, dy := s.b.X-s.a.X, s.b.Y-s.a.Y
	px, py := p.X-s.a.X, p.Y-s.a.Y
	l2 := dx*dx + dy*dy
	t := 0.0
	if l2 > 0 {
		t = min(max((px*dx+py*dy)/l2, 0), 1)
	}
	ex, ey := px-t*dx, py-t*dy
	return ex*ex + ey*ey
}

// nearest returns the distance in metres from p to the nearest segment,
// +Inf if there is none. Buckets are searched in rings of growing
// Chebyshev radius around p's bucket until no farther ring can hold a
// closer segment.
func (ix *segIndex) nearest(p geo.XY) float64 {
	if len(ix.segs) == 0 {
		return math.Inf(1)
	}
	// Bucket coordinates of p, not clamped, and its distance outside the grid.
	fi := math.Floor((p.X - ix.minX) / ix.bs)
	fj := math.Floor((p.Y - ix.minY) / ix.bs)
	pi, pj := int(max(min(fi, float64(ix.nx+1)), -1)), int(max(min(fj, float64(ix.ny+1)), -1))
	best := math.Inf(1)
	maxR := max(pi, ix.nx-1-pi, pj, ix.ny-1-pj)
	for r := 0; r <= maxR; r++ {
		// Every point of a bucket at ring r is at least (r−1)·bs from p
		// when p lies in its own bucket (r ≥ 1); outside the grid the bound
		// only grows, so it stays valid.
		if lb := float64(r-1) * ix.bs; r >= 1 && lb > 0 && lb*lb >= best {
			break
		}
		for j := pj - r; j <= pj+r; j++ {
			if j < 0 || j >= ix.ny {
				continue
			}
			step := 2 * r
			if j == pj-r || j == pj+r || r == 0 {
				step = 1
			}
			for i := pi - r; i <= pi+r; i += max(step, 1) {
				if i < 0 || i >= ix.nx {
					continue
				}
				b := j*ix.nx + i
				for _, k := range ix.items[ix.first[b]:ix.first[b+1]] {
					if d := ix.segs[k].dist2(p); d < best {
						best = d
					}
				}
			}
		}
	}
	return math.Sqrt(best)
}
