package geo

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/paulmach/orb"
)

func sq(x0, y0, x1, y1 float64) orb.Ring {
	return orb.Ring{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}
}

func rev(r orb.Ring) orb.Ring {
	out := make(orb.Ring, len(r))
	for i := range r {
		out[i] = r[len(r)-1-i]
	}
	return out
}

func TestValidatePolygon(t *testing.T) {
	shell := sq(0, 0, 10, 10)
	cases := []struct {
		name string
		p    orb.Polygon
		want error // nil for valid
		path string
	}{
		{"square", orb.Polygon{shell}, nil, ""},
		{"clockwise shell is fine", orb.Polygon{rev(shell)}, nil, ""},
		{"hole inside", orb.Polygon{shell, rev(sq(2, 2, 4, 4))}, nil, ""},
		{"hole touching the shell at a point", orb.Polygon{shell, orb.Ring{{0, 5}, {3, 4}, {3, 6}, {0, 5}}}, nil, ""},
		{"hole sharing an edge with the shell", orb.Polygon{shell, rev(sq(0, 2, 3, 4))}, nil, ""},
		{"two holes touching at a corner", orb.Polygon{shell, rev(sq(2, 2, 4, 4)), rev(sq(4, 4, 6, 6))}, nil, ""},
		{"two holes sharing an edge", orb.Polygon{shell, rev(sq(2, 2, 4, 4)), rev(sq(4, 2, 6, 4))}, nil, ""},
		{"repeated consecutive positions", orb.Polygon{{{0, 0}, {1, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 0}}}, nil, ""},
		{"across the antimeridian edge", orb.Polygon{sq(179, 0, 180, 1)}, nil, ""},
		{"no rings", orb.Polygon{}, ErrEmpty, "polygon[0]"},
		{"unclosed", orb.Polygon{{{0, 0}, {1, 0}, {1, 1}, {0, 1}}}, ErrUnclosedRing, "polygon[0].ring[0]"},
		{"three positions", orb.Polygon{{{0, 0}, {1, 0}, {0, 0}}}, ErrTooFewPositions, "polygon[0].ring[0]"},
		{"two distinct positions", orb.Polygon{{{0, 0}, {1, 0}, {1, 0}, {0, 0}}}, ErrTooFewPositions, "polygon[0].ring[0]"},
		{"NaN", orb.Polygon{{{0, 0}, {math.NaN(), 0}, {1, 1}, {0, 0}}}, ErrNotFinite, "polygon[0].ring[0]"},
		{"Inf", orb.Polygon{{{0, 0}, {1, math.Inf(1)}, {1, 1}, {0, 0}}}, ErrNotFinite, "polygon[0].ring[0]"},
		{"longitude beyond 180", orb.Polygon{sq(179, 0, 181, 1)}, ErrOutOfRange, "polygon[0].ring[0]"},
		{"latitude beyond 90", orb.Polygon{sq(0, 89, 1, 91)}, ErrOutOfRange, "polygon[0].ring[0]"},
		{"bowtie", orb.Polygon{{{0, 0}, {1, 1}, {1, 0}, {0, 1}, {0, 0}}}, ErrSelfIntersection, "polygon[0].ring[0]"},
		{"ring touching itself", orb.Polygon{{{0, 0}, {4, 0}, {4, 4}, {2, 0}, {0, 4}, {0, 0}}}, ErrSelfIntersection, "polygon[0].ring[0]"},
		{"spike", orb.Polygon{{{0, 0}, {4, 0}, {6, 0}, {4, 0}, {4, 4}, {0, 0}}}, ErrSelfIntersection, "polygon[0].ring[0]"},
		{"collinear", orb.Polygon{{{0, 0}, {1, 0}, {2, 0}, {0, 0}}}, ErrSelfIntersection, "polygon[0].ring[0]"},
		{"hole outside shell", orb.Polygon{shell, rev(sq(20, 20, 22, 22))}, ErrHoleOutside, "polygon[0].ring[1]"},
		{"hole crossing shell", orb.Polygon{shell, rev(sq(8, 8, 12, 12))}, ErrHoleOutside, "polygon[0].ring[1]"},
		{"hole sharing an edge outside", orb.Polygon{shell, rev(sq(10, 2, 12, 4))}, ErrHoleOutside, "polygon[0].ring[1]"},
		{"hole around the shell", orb.Polygon{sq(2, 2, 4, 4), rev(shell)}, ErrHoleOutside, "polygon[0].ring[1]"},
		{"two holes overlapping", orb.Polygon{shell, rev(sq(2, 2, 5, 5)), rev(sq(4, 4, 6, 6))}, ErrHolesOverlap, "polygon[0].ring[2]"},
		{"hole inside hole", orb.Polygon{shell, rev(sq(2, 2, 8, 8)), rev(sq(4, 4, 5, 5))}, ErrHolesOverlap, "polygon[0].ring[2]"},
		{"same hole twice", orb.Polygon{shell, rev(sq(2, 2, 4, 4)), rev(sq(2, 2, 4, 4))}, ErrHolesOverlap, "polygon[0].ring[2]"},
		{"same hole twice, opposite winding", orb.Polygon{shell, rev(sq(2, 2, 4, 4)), sq(2, 2, 4, 4)}, ErrHolesOverlap, "polygon[0].ring[2]"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := ValidatePolygon(c.p)
			if c.want == nil {
				if err != nil {
					t.Fatalf("got %v, want valid", err)
				}
				return
			}
			if !errors.Is(err, c.want) {
				t.Fatalf("got %v, want %v", err, c.want)
			}
			var ge *GeometryError
			if !errors.As(err, &ge) || ge.Path() != c.path {
				t.Fatalf("got %v, want path %q", err, c.path)
			}
		})
	}
}

func TestValidateMultiPolygon(t *testing.T) {
	cases := []struct {
		name string
		mp   orb.MultiPolygon
		want error
	}{
		{"empty", nil, nil},
		{"apart", orb.MultiPolygon{{sq(0, 0, 1, 1)}, {sq(2, 2, 3, 3)}}, nil},
		{"touching at a corner", orb.MultiPolygon{{sq(0, 0, 1, 1)}, {sq(1, 1, 2, 2)}}, nil},
		{"sharing an edge", orb.MultiPolygon{{sq(0, 0, 1, 1)}, {sq(1, 0, 2, 1)}}, nil},
		{"island in a hole", orb.MultiPolygon{{sq(0, 0, 10, 10), rev(sq(2, 2, 8, 8))}, {sq(4, 4, 6, 6)}}, nil},
		{"crossing", orb.MultiPolygon{{sq(0, 0, 2, 2)}, {sq(1, 1, 3, 3)}}, ErrPolygonsOverlap},
		{"nested", orb.MultiPolygon{{sq(0, 0, 10, 10)}, {sq(4, 4, 6, 6)}}, ErrPolygonsOverlap},
		{"nested, inner first", orb.MultiPolygon{{sq(4, 4, 6, 6)}, {sq(0, 0, 10, 10)}}, ErrPolygonsOverlap},
		{"same twice", orb.MultiPolygon{{sq(0, 0, 1, 1)}, {sq(0, 0, 1, 1)}}, ErrPolygonsOverlap},
		{"overlapping along an edge", orb.MultiPolygon{{sq(0, 0, 2, 1)}, {sq(1, 0, 3, 1)}}, ErrPolygonsOverlap},
		{"bad second polygon", orb.MultiPolygon{{sq(0, 0, 1, 1)}, {{{5, 5}, {6, 6}, {6, 5}, {5, 6}, {5, 5}}}}, ErrSelfIntersection},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := ValidateMultiPolygon(c.mp)
			if c.want == nil && err != nil || c.want != nil && !errors.Is(err, c.want) {
				t.Fatalf("got %v, want %v", err, c.want)
			}
		})
	}
	err := ValidateMultiPolygon(orb.MultiPolygon{{sq(0, 0, 1, 1)}, {sq(5, 5, 6, 6)}, {sq(5.5, 5.5, 7, 7)}})
	if got, want := err.Error(), "polygon[2].ring[0]: position 0 with polygon[1]: geo: polygons overlap"; got != want {
		t.Errorf("message %q, want %q", got, want)
	}
}

// wobblyRing is a star-shaped (so simple) ring of n vertices, with random
// radii, around (46.9, 40.0).
func wobblyRing(rng *rand.Rand, n int) orb.Ring {
	r := make(orb.Ring, 0, n+1)
	for k := range n {
		a := 2 * math.Pi * float64(k) / float64(n)
		rad := 0.05 * (1 + 0.3*rng.Float64())
		r = append(r, orb.Point{46.9 + rad*math.Cos(a), 40.0 + rad*math.Sin(a)})
	}
	return append(r, r[0])
}

// surveyRing is a simple ring of n vertices shaped like a surveyed field
// boundary: a smooth irregular outline with small random jitter, around
// (46.9, 40.0), about 11 km across.
func surveyRing(rng *rand.Rand, n int) orb.Ring {
	r := make(orb.Ring, 0, n+1)
	for k := range n {
		a := 2 * math.Pi * float64(k) / float64(n)
		rad := 0.05 * (1 + 0.2*math.Sin(3*a) + 0.1*math.Cos(7*a) + 0.002*rng.Float64())
		r = append(r, orb.Point{46.9 + rad*math.Cos(a), 40.0 + rad*math.Sin(a)})
	}
	return append(r, r[0])
}

// bruteSelfIntersects is the quadratic oracle.
func bruteSelfIntersects(r orb.Ring) bool {
	p := orb.MultiPolygon{{r}}
	segs := valRingSegs(nil, r, 0, 0)
	for i := range segs {
		for j := i + 1; j < len(segs); j++ {
			if valPairIn(&segs[i], &segs[j]) != nil {
				return true
			}
		}
	}
	_ = p
	return false
}

func TestSelfIntersectionOracle(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	bad := 0
	for trial := range 300 {
		n := 4 + rng.IntN(40)
		r := wobblyRing(rng, n)
		// Move a few vertices at random, which often makes the ring cross.
		for range rng.IntN(3) {
			k := rng.IntN(n)
			r[k] = orb.Point{46.9 + 0.1*(rng.Float64()-0.5), 40.0 + 0.1*(rng.Float64()-0.5)}
			if k == 0 {
				r[n] = r[0]
			}
		}
		want := bruteSelfIntersects(r)
		err := ValidatePolygon(orb.Polygon{r})
		got := errors.Is(err, ErrSelfIntersection)
		if got != want {
			t.Fatalf("trial %d: grid says %v (%v), brute force %v", trial, got, err, want)
		}
		if want {
			bad++
		}
	}
	if bad < 30 {
		t.Fatalf("only %d of 300 rings intersect: the test is weak", bad)
	}
}

func BenchmarkValidatePolygon(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	r := surveyRing(rng, 20000)
	p := orb.Polygon{r, rev(sq(46.89, 39.99, 46.91, 40.01))}
	b.Run("grid/20000", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if err := ValidatePolygon(p); err != nil {
				b.Fatal(err)
			}
		}
	})
	saw := wobblyRing(rng, 20000)
	b.Run("grid/20000-sawtooth", func(b *testing.B) {
		for b.Loop() {
			if err := ValidatePolygon(orb.Polygon{saw}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("brute/20000", func(b *testing.B) {
		for b.Loop() {
			if bruteSelfIntersects(r) {
				b.Fatal("brute force: intersects")
			}
		}
	})
}

// rotateRing returns closed ring r started at its k-th position.
func rotateRing(r orb.Ring, k int) orb.Ring {
	n := len(r) - 1
	out := make(orb.Ring, 0, len(r))
	for i := range n {
		out = append(out, r[(k+i)%n])
	}
	return append(out, out[0])
}

// TestValidateNesting covers polygons and holes whose boundaries do not
// cross but touch, so that containment rests on the point tests. Every
// case is checked with each ring started at each of its positions, in both
// windings: the answer must not depend on where a ring starts.
func TestValidateNesting(t *testing.T) {
	shellWithHole := orb.Polygon{sq(0, 0, 10, 10), rev(sq(2, 2, 4, 4))}
	tri := orb.Ring{{2, 3}, {1, 1}, {1, 5}, {2, 3}} // a vertex on the hole, the rest in the shell
	cases := []struct {
		name string
		mp   orb.MultiPolygon
		want error
	}{
		{"triangle touching the hole, inside the shell", orb.MultiPolygon{shellWithHole, {tri}}, ErrPolygonsOverlap},
		{"triangle inscribed in a square", orb.MultiPolygon{{sq(0, 0, 10, 10)}, {{{5, 0}, {10, 5}, {0, 5}, {5, 0}}}}, ErrPolygonsOverlap},
		{"square around an inscribed triangle", orb.MultiPolygon{{{{5, 0}, {10, 5}, {0, 5}, {5, 0}}}, {sq(0, 0, 10, 10)}}, ErrPolygonsOverlap},
		{"triangle filling a notch", orb.MultiPolygon{
			{{{0, 0}, {10, 0}, {10, 10}, {5, 10}, {5, 5}, {0, 5}, {0, 0}}}, // an L
			{{{5, 5}, {5, 10}, {0, 5}, {5, 5}}},
		}, nil},
		{"triangle in a hole, every vertex on the hole", orb.MultiPolygon{
			{sq(0, 0, 10, 10), rev(orb.Ring{{1, 1}, {9, 1}, {5, 5}, {1, 1}})},
			{{{3, 1}, {7, 1}, {7, 3}, {3, 1}}},
		}, nil},
		{"island filling a hole", orb.MultiPolygon{shellWithHole, {sq(2, 2, 4, 4)}}, nil},
		{"island filling a hole, split by a vertex on each edge", orb.MultiPolygon{
			shellWithHole, {{{2, 2}, {3, 2}, {4, 2}, {4, 3}, {4, 4}, {3, 4}, {2, 4}, {2, 3}, {2, 2}}},
		}, nil},
		{"polygon around another's hole", orb.MultiPolygon{shellWithHole, {sq(1, 1, 5, 5)}}, ErrPolygonsOverlap},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, m := range ringVariants(c.mp) {
				err := ValidateMultiPolygon(m)
				if c.want == nil && err != nil || c.want != nil && !errors.Is(err, c.want) {
					t.Fatalf("%v: got %v, want %v", m, err, c.want)
				}
			}
		})
	}

	holeCases := []struct {
		name string
		p    orb.Polygon
		want error
	}{
		{"triangle hole inscribed in a square hole", orb.Polygon{sq(-10, -10, 20, 20), rev(sq(0, 0, 10, 10)), orb.Ring{{5, 0}, {0, 5}, {10, 5}, {5, 0}}}, ErrHolesOverlap},
		{"square hole around an inscribed triangle hole", orb.Polygon{sq(-10, -10, 20, 20), orb.Ring{{5, 0}, {0, 5}, {10, 5}, {5, 0}}, rev(sq(0, 0, 10, 10))}, ErrHolesOverlap},
		{"triangle hole inscribed in the shell", orb.Polygon{sq(0, 0, 10, 10), orb.Ring{{5, 0}, {0, 5}, {10, 5}, {5, 0}}}, nil},
		{"triangle hole touching another hole, inside it", orb.Polygon{sq(-10, -10, 20, 20), rev(sq(2, 2, 4, 4)), orb.Ring{{2, 3}, {3, 2.5}, {3, 3.5}, {2, 3}}}, ErrHolesOverlap},
		{"triangle hole touching another hole, outside it", orb.Polygon{sq(-10, -10, 20, 20), rev(sq(2, 2, 4, 4)), orb.Ring{{2, 3}, {1, 1}, {1, 5}, {2, 3}}}, nil},
		{"hole as big as the shell", orb.Polygon{sq(0, 0, 10, 10), rev(sq(0, 0, 10, 10))}, ErrHoleOutside},
	}
	for _, c := range holeCases {
		t.Run(c.name, func(t *testing.T) {
			for _, m := range ringVariants(orb.MultiPolygon{c.p}) {
				err := ValidatePolygon(m[0])
				if c.want == nil && err != nil || c.want != nil && !errors.Is(err, c.want) {
					t.Fatalf("%v: got %v, want %v", m[0], err, c.want)
				}
			}
		})
	}
}

// ringVariants returns mp with, in turn, each ring started at each of its
// positions, and each ring reversed.
func ringVariants(mp orb.MultiPolygon) []orb.MultiPolygon {
	clone := func() orb.MultiPolygon {
		out := make(orb.MultiPolygon, len(mp))
		for i, p := range mp {
			out[i] = slices.Clone(p)
		}
		return out
	}
	out := []orb.MultiPolygon{mp}
	for pi, p := range mp {
		for ri, r := range p {
			for k := 1; k < len(r)-1; k++ {
				m := clone()
				m[pi][ri] = rotateRing(r, k)
				out = append(out, m)
			}
			m := clone()
			m[pi][ri] = rev(r)
			out = append(out, m)
		}
	}
	return out
}

// TestPointInRingSkip checks valPointInRing, which skips the edges wholly
// above or below the point, against its definition over every edge, on
// random rings and on points at their vertices, on their edges (horizontal
// ones too) and on the grid the vertices lie on.
func TestPointInRingSkip(t *testing.T) {
	plain := func(pt orb.Point, r orb.Ring) int {
		in := false
		for k := 0; k+1 < len(r); k++ {
			a, b := r[k], r[k+1]
			if valOrient(a, b, pt) == 0 && valOnSeg(a, b, pt) {
				return 0
			}
			if (a[1] > pt[1]) != (b[1] > pt[1]) {
				x := a[0] + (pt[1]-a[1])*(b[0]-a[0])/(b[1]-a[1])
				if pt[0] < x {
					in = !in
				}
			}
		}
		if in {
			return 1
		}
		return -1
	}
	rng := rand.New(rand.NewPCG(5, 9))
	counts := map[int]int{}
	for range 300 {
		n := 3 + rng.IntN(12)
		r := make(orb.Ring, 0, n+1)
		for range n {
			r = append(r, orb.Point{float64(rng.IntN(8)), float64(rng.IntN(8))})
		}
		r = append(r, r[0])
		var pts []orb.Point
		for range 30 {
			pts = append(pts, orb.Point{float64(rng.IntN(9)) - 0.5*float64(rng.IntN(2)), float64(rng.IntN(9)) - 0.5*float64(rng.IntN(2))})
		}
		for k := 0; k+1 < len(r); k++ {
			pts = append(pts, r[k], orb.Point{(r[k][0] + r[k+1][0]) / 2, (r[k][1] + r[k+1][1]) / 2})
		}
		for _, pt := range pts {
			got, want := valPointInRing(pt, r), plain(pt, r)
			if got != want {
				t.Fatalf("point %v, ring %v: %d, want %d", pt, r, got, want)
			}
			counts[want]++
		}
	}
	if counts[-1] == 0 || counts[0] == 0 || counts[1] == 0 {
		t.Fatalf("cases not all seen: %v", counts)
	}
}
