package risk

import (
	"math"
	"sync"

	"github.com/landrelease/clearance/geo"
)

// LatticeBandwidths is how finely the Mixture's long kernel is sampled on
// fine grids: when the long bandwidth spans at least 2·LatticeBandwidths
// cells, its sum is computed exactly at the centres of every k-th cell in
// each direction, k = ⌊h / (LatticeBandwidths · cell)⌋ (every 4th hectare
// for h = 5 km), and its logarithm interpolated bilinearly between them for
// the other cells. The logarithm of one Gaussian is quadratic, so the
// relative error is about (k·cell)²/(8h²), 8e−4 at these settings, and
// up to a few times that between clusters of incidents, where the log of
// the sum bends more (under 1% in the tests against the exact sum); the
// cost of the long kernel falls by k².
const LatticeBandwidths = 12

// latticeStep returns k for a bandwidth h on cells of size s, or 1 when
// the kernel is summed at every cell.
func latticeStep(h, s float64) int {
	k := int(math.Floor(h / (LatticeBandwidths * s)))
	if k < 2 {
		return 1
	}
	return k
}

// latticeBuf is per-worker scratch for addLattice.
type latticeBuf struct {
	node []float64 // node values, row-major, then their logarithms
	lg   []float64
	need []bool  // the nodes some cell of the chunk interpolates from
	runs []int32 // per node row, the runs of needed columns: [start, end) pairs
	row0 []int32 // node row c's runs are runs[row0[c]:row0[c+1]]
}

// latticeTabs holds, for every point, its kernel's column and row factors
// at the lattice nodes in its reach: computed once per scoring, since the
// nodes are fixed by the grid, not by the chunk.
type latticeTabs struct {
	step       int
	a0, c0     []int       // first node column and row in reach, in node units
	cols, rows [][]float64 // exp(−dx²/(2h²)) and w·exp(−dy²/(2h²)) at the nodes in reach
	dxs        [][]float64 // dx at the node columns of cols, as addLattice computes it
	c2         float64
}

// newLatticeTabs builds the tables of the points of weight w over the
// lattice of step cells of size s, for a kernel of bandwidth h cut at
// cutoff. Only the nodes a cell covering box (min X, min Y, max X, max Y)
// can interpolate from are kept (with a node of margin): a point's tables
// hold the same values for them as unclipped tables would, and a point
// with no such node in reach has none. The points are split among workers
// goroutines.
func newLatticeTabs(pts []geo.XY, w []float64, h, cutoff, s float64, step int, box [4]float64, workers int) *latticeTabs {
	lt := &latticeTabs{step: step, a0: make([]int, len(pts)), c0: make([]int, len(pts)),
		cols: make([][]float64, len(pts)), rows: make([][]float64, len(pts)), dxs: make([][]float64, len(pts)),
		c2: cutoff * cutoff}
	if !(box[0] <= box[2] && box[1] <= box[3]) {
		return lt // no cells
	}
	// The nodes next to the cells in box: columns floorDiv(i, step) and the
	// next, for the cells' I within a cell of the box (and so for rows). An
	// infinite side does not clip.
	clip := func(lo, hi float64) (int, int) {
		a, b := math.MinInt, math.MaxInt
		if !math.IsInf(lo, 0) {
			a = floorDiv(int(math.Floor(lo/s))-1, step) - 1
		}
		if !math.IsInf(hi, 0) {
			b = floorDiv(int(math.Floor(hi/s))+1, step) + 2
		}
		return a, b
	}
	boxA0, boxA1 := clip(box[0], box[2])
	boxC0, boxC1 := clip(box[1], box[3])
	ns := s * float64(step)
	inv := 1 / (2 * h * h)
	build := func(k0, k1 int) {
		for k := k0; k < k1; k++ {
			p := pts[k]
			if w[k] == 0 {
				continue
			}
			a0 := max(int(math.Floor((p.X-cutoff-0.5*s)/ns))-1, boxA0)
			a1 := min(int(math.Ceil((p.X+cutoff-0.5*s)/ns))+1, boxA1)
			c0 := max(int(math.Floor((p.Y-cutoff-0.5*s)/ns))-1, boxC0)
			c1 := min(int(math.Ceil((p.Y+cutoff-0.5*s)/ns))+1, boxC1)
			if a0 > a1 || c0 > c1 {
				continue
			}
			lt.a0[k], lt.c0[k] = a0, c0
			cols := make([]float64, a1-a0+1)
			dxs := make([]float64, len(cols))
			for a := range cols {
				dx := (float64((a0+a)*step)+0.5)*s - p.X
				cols[a] = math.Exp(-dx * dx * inv)
				dxs[a] = dx
			}
			lt.dxs[k] = dxs
			rows := make([]float64, c1-c0+1)
			for c := range rows {
				dy := (float64((c0+c)*step)+0.5)*s - p.Y
				rows[c] = w[k] * math.Exp(-dy*dy*inv)
			}
			lt.cols[k], lt.rows[k] = cols, rows
		}
	}
	workers = max(min(workers, len(pts)/64), 1)
	var wg sync.WaitGroup
	for g := range workers {
		wg.Go(func() { build(g*len(pts)/workers, (g+1)*len(pts)/workers) })
	}
	wg.Wait()
	return lt
}

func floorDiv(a, k int) int {
	q := a / k
	if a%k != 0 && a < 0 {
		q--
	}
	return q
}

// addLattice adds to dst[q], for every cell q of rows [r0, r1), the sum
// over points p (in index order) of w[p]·exp(−d²/(2h²)) for the points
// within the cutoff of the lattice nodes (the centres of the cells whose I
// and J are multiples of lt.step), d measured from the node, with the
// logarithm interpolated bilinearly to the cell centre. A node's value
// depends only on the node, never on the chunk, so the result is the same
// whatever the chunks and workers. Where one of the four nodes is 0, the
// values, not their logarithms, are interpolated. Only the nodes next to
// a cell of the rows are summed. Cost O(points · node rows in reach · (node
// columns in reach + runs of needed nodes in a row) + cells + nodes).
func (l *layout) addLattice(dst []float64, r0, r1 int, pts []geo.XY, lt *latticeTabs, b latticeBuf) latticeBuf {
	lo, hi := int(l.rowOff[r0]), int(l.rowOff[r1])
	if lo >= hi {
		return b
	}
	step := lt.step
	imin, imax := math.MaxInt, math.MinInt
	for q := lo; q < hi; q++ {
		imin, imax = min(imin, int(l.ci[q])), max(imax, int(l.ci[q]))
	}
	jmin, jmax := r0+l.j0, r1-1+l.j0
	n0i, n0j := floorDiv(imin, step), floorDiv(jmin, step)
	ni := floorDiv(imax, step) - n0i + 2
	nj := floorDiv(jmax, step) - n0j + 2
	if cap(b.node) < ni*nj {
		b.node = make([]float64, ni*nj)
		b.lg = make([]float64, ni*nj)
	}
	node, lg := b.node[:ni*nj], b.lg[:ni*nj]
	clear(node)
	// Only the nodes some cell interpolates from are summed (on scattered
	// hazards most of the chunk's box is empty): mark them, then keep each
	// node row's needed columns as runs.
	if cap(b.need) < ni*nj {
		b.need = make([]bool, ni*nj)
	}
	need := b.need[:ni*nj]
	clear(need)
	for r := r0; r < r1; r++ {
		c := floorDiv(r+l.j0, step) - n0j
		for q := int(l.rowOff[r]); q < int(l.rowOff[r+1]); q++ {
			a := floorDiv(int(l.ci[q]), step) - n0i
			need[c*ni+a], need[c*ni+a+1], need[(c+1)*ni+a], need[(c+1)*ni+a+1] = true, true, true, true
		}
	}
	runs, row0 := b.runs[:0], append(b.row0[:0], 0)
	for c := range nj {
		nd := need[c*ni : (c+1)*ni]
		for a := 0; a < ni; a++ {
			if nd[a] {
				e := a + 1
				for e < ni && nd[e] {
					e++
				}
				runs = append(runs, int32(a), int32(e))
				a = e
			}
		}
		row0 = append(row0, int32(len(runs)))
	}
	b.runs, b.row0 = runs, row0
	s := l.s
	ns := s * float64(step)
	for k, p := range pts {
		rows, cols := lt.rows[k], lt.cols[k]
		if rows == nil {
			continue
		}
		ca, cb := max(0, lt.c0[k]-n0j), min(nj-1, lt.c0[k]+len(rows)-1-n0j)
		aa, ab := max(0, lt.a0[k]-n0i), min(ni-1, lt.a0[k]+len(cols)-1-n0i)
		if ca > cb || aa > ab {
			continue
		}
		for c := ca; c <= cb; c++ {
			dy := (float64((n0j+c)*step)+0.5)*s - p.Y
			dy2 := dy * dy
			if dy2 > lt.c2 {
				continue
			}
			rr := runs[row0[c]:row0[c+1]]
			if len(rr) == 0 {
				continue
			}
			ey := rows[c+n0j-lt.c0[k]]
			off := n0i - lt.a0[k]
			// The nodes within the cutoff form one run of columns (|dx|
			// falls, then rises, with the column): find its ends, then add
			// without a test. dxs holds dx as computed here before, so the
			// same nodes are in, to the bit: the chord gives the ends to
			// about a column, the test settles them.
			dxs := lt.dxs[k][aa+off : ab+off+1]
			in := func(t int) bool { return dxs[t]*dxs[t]+dy2 <= lt.c2 }
			w := math.Sqrt(lt.c2 - dy2)
			base := lt.a0[k] + aa + off // the node column of dxs[0]
			last := len(dxs) - 1
			lo := min(max(int(math.Ceil((p.X-w-0.5*s)/ns))-base, 0), last)
			hi := min(max(int(math.Floor((p.X+w-0.5*s)/ns))-base, 0), last)
			for lo > 0 && in(lo-1) {
				lo--
			}
			for hi < last && in(hi+1) {
				hi++
			}
			for lo <= hi && !in(lo) {
				lo++
			}
			for hi >= lo && !in(hi) {
				hi--
			}
			if lo > hi {
				// The chord missed the run (not seen): scan for it.
				lo, hi = 0, last
				for lo <= hi && !in(lo) {
					lo++
				}
				for hi >= lo && !in(hi) {
					hi--
				}
				if lo > hi {
					continue
				}
			}
			// Columns [aa+lo, aa+hi] of the row, where needed.
			x0, x1 := int32(aa+lo), int32(aa+hi+1)
			for m := 0; m < len(rr); m += 2 {
				u, v := max(rr[m], x0), min(rr[m+1], x1)
				if rr[m] >= x1 {
					break
				}
				if u >= v {
					continue
				}
				addScaled(node[c*ni+int(u):c*ni+int(v)], cols[int(u)+off:int(v)+off], ey)
			}
		}
	}
	for q, v := range node {
		lg[q] = math.Log(v) // −Inf for 0: such cells interpolate the values
	}
	for r := r0; r < r1; r++ {
		j := r + l.j0
		c := floorDiv(j, step) - n0j
		fy := float64(j-(n0j+c)*step) / float64(step)
		for q := int(l.rowOff[r]); q < int(l.rowOff[r+1]); q++ {
			i := int(l.ci[q])
			a := floorDiv(i, step) - n0i
			fx := float64(i-(n0i+a)*step) / float64(step)
			n00, n10, n01, n11 := c*ni+a, c*ni+a+1, (c+1)*ni+a, (c+1)*ni+a+1
			var v float64
			switch {
			case fx == 0 && fy == 0:
				v = node[n00]
			case node[n00] > 0 && node[n10] > 0 && node[n01] > 0 && node[n11] > 0:
				v = math.Exp((1-fy)*((1-fx)*lg[n00]+fx*lg[n10]) + fy*((1-fx)*lg[n01]+fx*lg[n11]))
			default:
				v = (1-fy)*((1-fx)*node[n00]+fx*node[n10]) + fy*((1-fx)*node[n01]+fx*node[n11])
			}
			dst[q] += v
		}
	}
	return b
}
