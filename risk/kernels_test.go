package risk

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/landrelease/clearance/geo"
)

// blobLayout returns a layout of random cells (sorted by J then I): each
// cell of a w × h block is kept with probability keep.
func blobLayout(rng *rand.Rand, s float64, i0, j0, w, h int, keep float64) (*layout, [][2]int) {
	var cells [][2]int
	for j := j0; j < j0+h; j++ {
		for i := i0; i < i0+w; i++ {
			if rng.Float64() < keep {
				cells = append(cells, [2]int{i, j})
			}
		}
	}
	return newLayout(s, len(cells), func(k int) (int, int) { return cells[k][0], cells[k][1] }), cells
}

func TestLayout(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	l, cells := blobLayout(rng, 100, 4000, 44000, 300, 200, 0.3)
	if l.n != len(cells) || int(l.rowOff[l.rows()]) != len(cells) {
		t.Fatalf("n %d rows end %d, want %d", l.n, l.rowOff[l.rows()], len(cells))
	}
	for k, c := range cells {
		if got := l.find(c[0], c[1]); got != k {
			t.Fatalf("find(%v) = %d, want %d", c, got, k)
		}
	}
	if l.find(0, 0) != -1 || l.find(4000+300, 44000) != -1 || l.find(4000, 44000+200) != -1 {
		t.Fatal("find outside")
	}
	// Chunks cover the rows, in order, with whole rows.
	if l.chunks[0] != 0 || int(l.chunks[len(l.chunks)-1]) != l.rows() {
		t.Fatalf("chunks %v", l.chunks)
	}
	empty := newLayout(100, 0, nil)
	if empty.find(1, 1) != -1 || len(empty.chunks) != 1 {
		t.Fatal("empty layout")
	}
	// Chunks of about equal size: ⌈cells/chunkCells⌉ of them, each within a
	// row of cells/chunks (whole rows), so that the workers finish together.
	for _, sz := range [][3]int{{400, 250, 100}, {300, 170, 100}, {500, 66, 100}, {700, 300, 30}} {
		l, cells := blobLayout(rng, 100, 4000, 44000, sz[0], sz[1], float64(sz[2])/100)
		n := len(cells)
		want := (n + chunkCells - 1) / chunkCells
		if len(l.chunks)-1 != want || l.chunks[0] != 0 || int(l.chunks[len(l.chunks)-1]) != l.rows() {
			t.Fatalf("%v: %d cells in %d chunks (%v), want %d", sz, n, len(l.chunks)-1, l.chunks, want)
		}
		for c := 0; c+1 < len(l.chunks); c++ {
			size := int(l.rowOff[l.chunks[c+1]] - l.rowOff[l.chunks[c]])
			if d := size - n/want; d > sz[0] || d < -sz[0] {
				t.Fatalf("%v: chunk %d of %d holds %d cells, want %d within a row (%d)", sz, c, want, size, n/want, sz[0])
			}
		}
	}
}

func TestDensityKernel(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	s := 100.0
	l, cells := blobLayout(rng, s, 5000, 44000, 150, 120, 0.5)
	var pts []geo.XY
	var w []float64
	for range 200 {
		pts = append(pts, geo.XY{X: 5000*s + rng.Float64()*170*s - 10*s, Y: 44000*s + rng.Float64()*140*s - 10*s})
		w = append(w, rng.Float64()*3)
	}
	// Points exactly on cell centres and edges.
	pts = append(pts, geo.XY{X: 5050.5 * s, Y: 44050.5 * s}, geo.XY{X: 5060 * s, Y: 44070 * s})
	w = append(w, 1, 0)
	for _, h := range []float64{1000, 333} {
		cut := 4 * h
		dst := make([]float64, l.n)
		var tab []float64
		for c := 0; c+1 < len(l.chunks); c++ {
			tab = l.addDensity(dst, int(l.chunks[c]), int(l.chunks[c+1]), pts, w, h, cut, tab)
		}
		for k, c := range cells {
			x, y := centre(s, c[0], c[1])
			want := bruteDensity(geo.XY{X: x, Y: y}, pts, w, h, cut)
			if !closeRel(dst[k], want, 1e-12) {
				t.Fatalf("h %v cell %v: %v, want %v", h, c, dst[k], want)
			}
		}
	}
}

func TestNearestKernel(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	s := 100.0
	l, cells := blobLayout(rng, s, 5000, 44000, 120, 100, 0.6)
	for _, tc := range []struct {
		name string
		pts  func() []geo.XY
	}{
		{"none", func() []geo.XY { return nil }},
		{"one", func() []geo.XY { return []geo.XY{{X: 505000, Y: 4400000}} }},
		{"random", func() []geo.XY {
			var p []geo.XY
			for range 300 {
				p = append(p, geo.XY{X: 5000*s + rng.Float64()*200*s - 40*s, Y: 44000*s + rng.Float64()*200*s - 50*s})
			}
			return p
		}},
		{"lattice with shared X and ties", func() []geo.XY {
			var p []geo.XY
			for range 200 {
				p = append(p, geo.XY{X: 5000*s + float64(rng.IntN(12))*1000, Y: 44000*s + float64(rng.IntN(12))*1000})
			}
			return p
		}},
		{"far away", func() []geo.XY { return []geo.XY{{X: 0, Y: 0}, {X: 1e6, Y: 1e7}, {X: 1e6, Y: 0}} }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pts := tc.pts()
			nr := newNearest(pts)
			dist := make([]float64, l.n)
			idx := make([]int32, l.n)
			var b envBuf
			nr.rows(l, 0, l.rows(), dist, idx, &b)
			for k, c := range cells {
				x, y := centre(s, c[0], c[1])
				want := bruteNearest(geo.XY{X: x, Y: y}, pts)
				if !closeRel(dist[k], want, 1e-12) {
					t.Fatalf("cell %v: %v, want %v", c, dist[k], want)
				}
				if len(pts) == 0 && idx[k] != -1 || len(pts) > 0 && idx[k] < 0 {
					t.Fatalf("cell %v: index %d", c, idx[k])
				}
			}
		})
	}
}

func TestSegIndex(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	var lines Lines
	for range 50 {
		a := geo.XY{X: 500000 + rng.Float64()*20000, Y: 4400000 + rng.Float64()*20000}
		pl := []geo.XY{a}
		for range rng.IntN(8) {
			a = geo.XY{X: a.X + rng.NormFloat64()*1500, Y: a.Y + rng.NormFloat64()*1500}
			pl = append(pl, a)
		}
		lines = append(lines, pl)
	}
	ix := newSegIndex(lines)
	for range 3000 {
		p := geo.XY{X: 500000 + rng.Float64()*60000 - 20000, Y: 4400000 + rng.Float64()*60000 - 20000}
		best := math.Inf(1)
		for _, sg := range ix.segs {
			best = min(best, sg.dist2(p))
		}
		if got := ix.nearest(p); !closeRel(got, math.Sqrt(best), 1e-12) {
			t.Fatalf("%v: %v, want %v", p, got, math.Sqrt(best))
		}
	}
	if d := newSegIndex(Lines{nil}).nearest(geo.XY{}); !math.IsInf(d, 1) {
		t.Fatalf("empty layer distance %v", d)
	}
	one := newSegIndex(Lines{{{X: 10, Y: 10}}})
	if d := one.nearest(geo.XY{X: 13, Y: 14}); d != 5 {
		t.Fatalf("single point distance %v", d)
	}
}

// TestDensityRuns checks addDensity, bit for bit, against its definition
// computed cell by cell: each cell the sum, in point order, of
// w·exp(−dy²/(2h²))·exp(−dx²/(2h²)) over the points whose squared distance
// dx·dx + dy·dy is within the cutoff's square; on dense rows (one run of
// cells), sparse and gappy rows, with points at cell centres, on cell edges
// and at exactly the cutoff from rows of centres (where the test is an
// equality), for every chunking.
func TestDensityRuns(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 7))
	const s = 100.0
	for _, tc := range []struct {
		name string
		keep float64
		h    float64
	}{
		{"dense", 1, 500},
		{"holes", 0.93, 300},
		{"gappy", 0.5, 700},
		{"sparse", 0.05, 1000},
	} {
		t.Run(tc.name, func(t *testing.T) {
			i0, j0, nw, nh := 5000, 44000, 160, 110
			l, cells := blobLayout(rng, s, i0, j0, nw, nh, tc.keep)
			cut := 4 * tc.h // a multiple of s: centres at exactly the cutoff
			var pts []geo.XY
			var w []float64
			for range 150 {
				x := float64(i0)*s + rng.Float64()*float64(nw+60)*s - 30*s
				y := float64(j0)*s + rng.Float64()*float64(nh+60)*s - 30*s
				switch rng.IntN(3) {
				case 0: // a cell centre
					x, y = (math.Floor(x/s)+0.5)*s, (math.Floor(y/s)+0.5)*s
				case 1: // a cell corner
					x, y = math.Floor(x/s)*s, math.Floor(y/s)*s
				}
				pts = append(pts, geo.XY{X: x, Y: y})
				w = append(w, []float64{0, 1, rng.Float64() * 3}[rng.IntN(3)])
			}
			inv := 1 / (2 * tc.h * tc.h)
			want := make([]float64, l.n)
			for k, c := range cells {
				x, y := centre(s, c[0], c[1])
				for p, q := range pts {
					if w[p] == 0 {
						continue
					}
					dx, dy := x-q.X, y-q.Y
					if dx*dx+dy*dy <= cut*cut {
						want[k] += w[p] * math.Exp(-dy*dy*inv) * math.Exp(-dx*dx*inv)
					}
				}
			}
			// Whole rows, then the layout's chunks, then chunks of one row.
			for _, chunks := range [][]int32{{0, int32(l.rows())}, l.chunks, nil} {
				if chunks == nil {
					for r := 0; r <= l.rows(); r++ {
						chunks = append(chunks, int32(r))
					}
				}
				got := make([]float64, l.n)
				var tab []float64
				for c := 0; c+1 < len(chunks); c++ {
					tab = l.addDensity(got, int(chunks[c]), int(chunks[c+1]), pts, w, tc.h, cut, tab)
				}
				for k := range got {
					if math.Float64bits(got[k]) != math.Float64bits(want[k]) {
						t.Fatalf("%d chunks: cell %v: %v, want %v", len(chunks)-1, cells[k], got[k], want[k])
					}
				}
			}
		})
	}
}

// TestAddScaled checks addScaled against the plain loop, bit for bit, for
// every length up to 11.
func TestAddScaled(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for n := range 12 {
		src := make([]float64, n+3)
		dst := make([]float64, n)
		for m := range src {
			src[m] = rng.NormFloat64()
		}
		for m := range dst {
			dst[m] = rng.NormFloat64()
		}
		a := rng.NormFloat64()
		want := make([]float64, n)
		for m := range want {
			want[m] = dst[m] + a*src[m]
		}
		addScaled(dst, src, a)
		for m := range want {
			if math.Float64bits(dst[m]) != math.Float64bits(want[m]) {
				t.Fatalf("n %d, [%d]: %v, want %v", n, m, dst[m], want[m])
			}
		}
	}
}

// TestEnvelopeTables checks the envelope, which reads the points' X, X² and
// Y from tables in X order, piece for piece and bit for bit against the
// same sweep reading each point's coordinates directly.
func TestEnvelopeTables(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 1))
	plain := func(nr *nearest, y float64) []envPiece {
		var ps []envPiece
		for _, id := range nr.order {
			p := nr.pts[id]
			q := p.X - nr.x0
			dy := y - p.Y
			c := dy * dy
			cq := c + q*q
			for {
				k := len(ps) - 1
				if k < 0 {
					ps = append(ps, envPiece{z: math.Inf(-1), q: q, c: c, cq: cq, v: id})
					break
				}
				top := &ps[k]
				if q == top.q {
					if c >= top.c {
						break
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
		return ps
	}
	for _, n := range []int{1, 2, 7, 300} {
		var pts []geo.XY
		for range n {
			// Shared X and Y on a coarse lattice, and random ones.
			if rng.IntN(2) == 0 {
				pts = append(pts, geo.XY{X: 500000 + float64(rng.IntN(10))*700, Y: 4400000 + float64(rng.IntN(10))*700})
			} else {
				pts = append(pts, geo.XY{X: 500000 + rng.Float64()*7000, Y: 4400000 + rng.Float64()*7000})
			}
		}
		nr := newNearest(pts)
		var b envBuf
		for range 50 {
			y := 4400000 + float64(rng.IntN(80))*100 - 500 + 50
			nr.envelope(y, &b)
			want := plain(nr, y)
			if len(b.p) != len(want) {
				t.Fatalf("%d points, y %v: %d pieces, want %d", n, y, len(b.p), len(want))
			}
			for k := range want {
				g, w := b.p[k], want[k]
				if g.v != w.v || math.Float64bits(g.z) != math.Float64bits(w.z) || math.Float64bits(g.cq) != math.Float64bits(w.cq) {
					t.Fatalf("%d points, y %v, piece %d: %+v, want %+v", n, y, k, g, w)
				}
			}
		}
	}
}
