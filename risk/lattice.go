package risk

import (
	"math"

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
	node []float64 // node values, row-major
	tab  []float64
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
// within cutoff of the lattice nodes, with d measured from the nodes (the
// centres of the cells whose I and J are multiples of step) and the
// logarithm interpolated bilinearly to the cell centre. A node's value
// depends only on the node, never on the chunk, so the result is the same
// whatever the chunks and workers. Where one of the four nodes is 0, the
// values, not their logarithms, are interpolated. Cost O(points · node
// rows in reach · node columns in reach + cells).
func (l *layout) addLattice(dst []float64, r0, r1 int, pts []geo.XY, w []float64, h, cutoff float64, step int, b latticeBuf) latticeBuf {
	lo, hi := int(l.rowOff[r0]), int(l.rowOff[r1])
	if lo >= hi {
		return b
	}
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
	}
	node := b.node[:ni*nj]
	clear(node)
	s := l.s
	ns := s * float64(step)
	c2 := cutoff * cutoff
	inv := 1 / (2 * h * h)
	// Node (a, c) is the centre of cell (I, J) = ((n0i+a)·step, (n0j+c)·step).
	nodeX := func(a int) float64 { return (float64((n0i+a)*step) + 0.5) * s }
	nodeY := func(c int) float64 { return (float64((n0j+c)*step) + 0.5) * s }
	for k, p := range pts {
		wk := w[k]
		if wk == 0 {
			continue
		}
		ca := max(0, int(math.Floor((p.Y-cutoff-0.5*s)/ns))-n0j-1)
		cb := min(nj-1, int(math.Ceil((p.Y+cutoff-0.5*s)/ns))-n0j+1)
		if ca > cb {
			continue
		}
		aa := max(0, int(math.Floor((p.X-cutoff-0.5*s)/ns))-n0i-1)
		ab := min(ni-1, int(math.Ceil((p.X+cutoff-0.5*s)/ns))-n0i+1)
		if aa > ab {
			continue
		}
		b.tab = b.tab[:0]
		for a := aa; a <= ab; a++ {
			dx := nodeX(a) - p.X
			b.tab = append(b.tab, math.Exp(-dx*dx*inv))
		}
		for c := ca; c <= cb; c++ {
			dy := nodeY(c) - p.Y
			dy2 := dy * dy
			if dy2 > c2 {
				continue
			}
			ey := wk * math.Exp(-dy2*inv)
			row := node[c*ni:]
			for a := aa; a <= ab; a++ {
				dx := nodeX(a) - p.X
				if dx*dx+dy2 <= c2 {
					row[a] += ey * b.tab[a-aa]
				}
			}
		}
	}
	for r := r0; r < r1; r++ {
		j := r + l.j0
		c := floorDiv(j, step) - n0j
		fy := float64(j-(n0j+c)*step) / float64(step)
		for q := int(l.rowOff[r]); q < int(l.rowOff[r+1]); q++ {
			i := int(l.ci[q])
			a := floorDiv(i, step) - n0i
			fx := float64(i-(n0i+a)*step) / float64(step)
			v00, v10 := node[c*ni+a], node[c*ni+a+1]
			v01, v11 := node[(c+1)*ni+a], node[(c+1)*ni+a+1]
			var v float64
			switch {
			case fx == 0 && fy == 0:
				v = v00
			case v00 > 0 && v10 > 0 && v01 > 0 && v11 > 0:
				lv := (1-fy)*((1-fx)*math.Log(v00)+fx*math.Log(v10)) + fy*((1-fx)*math.Log(v01)+fx*math.Log(v11))
				v = math.Exp(lv)
			default:
				v = (1-fy)*((1-fx)*v00+fx*v10) + fy*((1-fx)*v01+fx*v11)
			}
			dst[q] += v
		}
	}
	return b
}
