package report

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// cellsOf parses a picture: '#' is a cell; the first line is the top row
// (largest j), columns are i.
func cellsOf(rows ...string) []ipt {
	var out []ipt
	for r, row := range rows {
		for i, ch := range row {
			if ch == '#' {
				out = append(out, ipt{i, len(rows) - 1 - r})
			}
		}
	}
	return out
}

// checkOutline verifies the outline of cells against the oracle: every
// ring is closed, has no collinear or repeated corner, shells turn
// counter-clockwise and holes clockwise, the signed areas add up to the
// number of cells, and the centre of every cell in and around the bounding
// box is inside the polygons (even-odd over a polygon's rings, one polygon
// at most) exactly when it is a cell.
func checkOutline(t *testing.T, cells []ipt, polys []ipoly) {
	t.Helper()
	set := map[ipt]bool{}
	for _, c := range cells {
		set[c] = true
	}
	area := 0
	for k, p := range polys {
		for r, ring := range p {
			if len(ring) < 5 || ring[0] != ring[len(ring)-1] {
				t.Fatalf("polygon %d ring %d: not a closed ring of 4+ corners: %v", k, r, ring)
			}
			for q := 0; q+1 < len(ring); q++ {
				a, b, c := ring[q], ring[q+1], ring[(q+2)%(len(ring)-1)]
				if q+2 == len(ring) {
					c = ring[1]
				}
				if a == b {
					t.Fatalf("polygon %d ring %d: repeated corner %v", k, r, a)
				}
				if a.i != b.i && a.j != b.j {
					t.Fatalf("polygon %d ring %d: edge %v-%v is not on the grid", k, r, a, b)
				}
				if (a.i == b.i && b.i == c.i) || (a.j == b.j && b.j == c.j) {
					t.Fatalf("polygon %d ring %d: collinear corner %v", k, r, b)
				}
			}
			a2 := area2(ring)
			if (r == 0) != (a2 > 0) {
				t.Fatalf("polygon %d ring %d: wrong orientation (twice the area %d)", k, r, a2)
			}
			area += a2
		}
	}
	if area != 2*len(set) {
		t.Fatalf("area %d/2, want %d cells", area, len(set))
	}
	if len(set) == 0 {
		return
	}
	i0, i1, j0, j1 := cells[0].i, cells[0].i, cells[0].j, cells[0].j
	for _, c := range cells {
		i0, i1, j0, j1 = min(i0, c.i), max(i1, c.i), min(j0, c.j), max(j1, c.j)
	}
	for i := i0 - 1; i <= i1+1; i++ {
		for j := j0 - 1; j <= j1+1; j++ {
			x, y := float64(i)+0.5, float64(j)+0.5
			n := 0
			for _, p := range polys {
				in := false
				for _, ring := range p {
					if inside(ring, x, y) {
						in = !in
					}
				}
				if in {
					n++
				}
			}
			if n > 1 || (n == 1) != set[ipt{i, j}] {
				t.Fatalf("cell %d,%d: in %d polygons, is a cell: %v", i, j, n, set[ipt{i, j}])
			}
		}
	}
}

func TestOutline(t *testing.T) {
	tests := []struct {
		name         string
		cells        []ipt
		polys, holes int
	}{
		{"empty", nil, 0, 0},
		{"one cell", cellsOf("#"), 1, 0},
		{"duplicate cells", append(cellsOf("##"), cellsOf("##")...), 1, 0},
		{"negative indexes", []ipt{{-3, -7}, {-2, -7}, {-2, -6}}, 1, 0},
		{"L shape", cellsOf("#..", "#..", "###"), 1, 0},
		{"ring around a hole", cellsOf("###", "#.#", "###"), 1, 1},
		{"two cells touching at a corner", cellsOf("#.", ".#"), 2, 0},
		{"hole touching the shell at a corner", cellsOf("####", "#.##", "##.#", "####"), 1, 2},
		{"hole pinched into two", cellsOf("#####", "#..##", "##..#", "#####"), 1, 1},
		{"island in a hole", cellsOf("#####", "#...#", "#.#.#", "#...#", "#####"), 2, 1},
		{"two parts", cellsOf("##...##", "##...##"), 2, 0},
		{"comb", cellsOf("#.#.#", "#####"), 1, 0},
		{"hole reaching the corner of the outer edge", cellsOf("###.", "#.##", "####"), 1, 1},
		{"hole touching the outside at a corner", cellsOf("##.", "#.#", "###"), 1, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			polys := outline(tc.cells)
			checkOutline(t, tc.cells, polys)
			holes := 0
			for _, p := range polys {
				holes += len(p) - 1
			}
			if len(polys) != tc.polys || holes != tc.holes {
				t.Errorf("%d polygons, %d holes; want %d, %d: %v", len(polys), holes, tc.polys, tc.holes, polys)
			}
		})
	}
}

// TestOutlineRandom checks the oracle on seeded random cell sets of every
// density, and that the result does not depend on the order of the cells.
func TestOutlineRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	for n := range 300 {
		w, h := 1+rng.IntN(12), 1+rng.IntN(12)
		p := rng.Float64()
		var cells []ipt
		for i := range w {
			for j := range h {
				if rng.Float64() < p {
					cells = append(cells, ipt{i - 5, j + 3})
				}
			}
		}
		polys := outline(cells)
		checkOutline(t, cells, polys)
		rng.Shuffle(len(cells), func(a, b int) { cells[a], cells[b] = cells[b], cells[a] })
		again := outline(cells)
		if len(again) != len(polys) {
			t.Fatalf("case %d: %d polygons after shuffling, %d before", n, len(again), len(polys))
		}
		for k := range polys {
			if len(again[k]) != len(polys[k]) {
				t.Fatalf("case %d: polygon %d differs after shuffling", n, k)
			}
			for r := range polys[k] {
				if len(again[k][r]) != len(polys[k][r]) {
					t.Fatalf("case %d: polygon %d ring %d differs after shuffling", n, k, r)
				}
				for q := range polys[k][r] {
					if again[k][r][q] != polys[k][r][q] {
						t.Fatalf("case %d: polygon %d ring %d differs after shuffling", n, k, r)
					}
				}
			}
		}
	}
}

// TestRectangle: cells that fill a rectangle get from the fast path the
// outline the general tracing gives; other sets (a cell missing, a
// duplicate in its place, a cell at a corner) are not taken for rectangles.
func TestRectangle(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	for range 300 {
		w, h := 1+rng.IntN(12), 1+rng.IntN(12)
		i0, j0 := rng.IntN(2000)-1000, rng.IntN(2000)-1000
		var cells []ipt
		for j := range h {
			for i := range w {
				cells = append(cells, ipt{i0 + i, j0 + j})
			}
		}
		rng.Shuffle(len(cells), func(a, b int) { cells[a], cells[b] = cells[b], cells[a] })
		r, ok := rectangle(cells)
		if !ok {
			t.Fatalf("%dx%d at (%d, %d): not taken for a rectangle", w, h, i0, j0)
		}
		want := outlineTraced(cells)
		if len(want) != 1 || len(want[0]) != 1 || !slices.Equal(want[0][0], r) {
			t.Fatalf("%dx%d: rectangle %v, traced %v", w, h, r, want)
		}
		checkOutline(t, cells, outline(cells))
		if len(cells) > 1 {
			k := rng.IntN(len(cells))
			other := cells[(k+1)%len(cells)]
			dup := slices.Clone(cells)
			dup[k] = other
			if _, ok := rectangle(dup); ok {
				t.Fatalf("%dx%d with a duplicate taken for a rectangle", w, h)
			}
			checkOutline(t, dup, outline(dup))
			if _, ok := rectangle(slices.Delete(slices.Clone(cells), k, k+1)); ok && w > 1 && h > 1 { // an L: no rectangle
				t.Fatalf("%dx%d less a cell taken for a rectangle", w, h)
			}
		}
		beside := append(slices.Clone(cells), ipt{i0 + w, j0 + h}) // touching a corner
		if _, ok := rectangle(beside); ok {
			t.Fatalf("%dx%d and a cell at its corner taken for a rectangle", w, h)
		}
		checkOutline(t, beside, outline(beside))
	}
}
