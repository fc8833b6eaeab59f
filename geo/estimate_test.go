package geo

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

func square(x0, y0, side float64) MultiPolygonXY {
	return MultiPolygonXY{{{{x0, y0}, {x0 + side, y0}, {x0 + side, y0 + side}, {x0, y0 + side}, {x0, y0}}}}
}

func TestEstimateCells(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	tests := []struct {
		name  string
		cellM float64
		polys []MultiPolygonXY
		want  int64
		bad   *NotFiniteError // the error wanted, or nil
	}{
		{name: "empty", want: 0},
		{name: "no positions", polys: []MultiPolygonXY{{}, {{}}}, want: 0},
		{name: "one aligned hectare touches 4 cells by its closed edges", polys: []MultiPolygonXY{square(0, 0, 100)}, want: 4},
		{name: "inside one cell", polys: []MultiPolygonXY{square(10, 10, 50)}, want: 1},
		{name: "10 m grid", cellM: 10, polys: []MultiPolygonXY{square(5, 5, 50)}, want: 36},
		{name: "negative coordinates", polys: []MultiPolygonXY{square(-250, -250, 200)}, want: 9},
		{name: "boxes summed", polys: []MultiPolygonXY{square(10, 10, 50), square(1010, 10, 50)}, want: 2},
		{name: "at most the box of all", polys: []MultiPolygonXY{square(10, 10, 150), square(20, 20, 150), square(30, 30, 150)}, want: 4},
		{name: "NaN x", polys: []MultiPolygonXY{square(0, 0, 100), {{{{0, 0}, {nan, 1}, {1, 1}, {0, 0}}}}},
			bad: &NotFiniteError{Polygon: 1, Part: 0, Ring: 0, Vertex: 1}},
		{name: "infinite y in a hole", polys: []MultiPolygonXY{{{{{0, 0}, {9, 0}, {9, 9}, {0, 0}}, {{1, 1}, {2, inf}, {2, 2}, {1, 1}}}}},
			bad: &NotFiniteError{Polygon: 0, Part: 0, Ring: 1, Vertex: 1}},
		{name: "-Inf in a second part", polys: []MultiPolygonXY{{{{{0, 0}, {9, 0}, {9, 9}, {0, 0}}}, {{{-inf, 0}, {9, 0}, {9, 9}, {0, 0}}}}},
			bad: &NotFiniteError{Polygon: 0, Part: 1, Ring: 0, Vertex: 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := Grid{CellM: tt.cellM}
			n, err := g.EstimateCells(tt.polys)
			if tt.bad != nil {
				var ne *NotFiniteError
				if !errors.As(err, &ne) || !errors.Is(err, ErrNotFinite) {
					t.Fatalf("EstimateCells: %v, want a *NotFiniteError wrapping ErrNotFinite", err)
				}
				if ne.Polygon != tt.bad.Polygon || ne.Part != tt.bad.Part || ne.Ring != tt.bad.Ring || ne.Vertex != tt.bad.Vertex {
					t.Errorf("error at %d/%d/%d/%d, want %d/%d/%d/%d", ne.Polygon, ne.Part, ne.Ring, ne.Vertex,
						tt.bad.Polygon, tt.bad.Part, tt.bad.Ring, tt.bad.Vertex)
				}
				// CoverUnion reports the same error and Cover adds no cell
				// for the bad polygon; neither panics.
				if _, err := g.CoverUnion(context.Background(), tt.polys, nil); !errors.Is(err, ErrNotFinite) {
					t.Errorf("CoverUnion: %v, want ErrNotFinite", err)
				}
				if cells := g.Cover(tt.polys[tt.bad.Polygon], nil); len(cells) != 0 {
					t.Errorf("Cover of the bad polygon: %d cells, want 0", len(cells))
				}
				return
			}
			if err != nil || n != tt.want {
				t.Errorf("EstimateCells = %d, %v; want %d", n, err, tt.want)
			}
		})
	}
}

// TestEstimateCellsBounds checks on seeded random polygons that the estimate
// is never below the cells CoverUnion finds.
func TestEstimateCellsBounds(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	for trial := range 50 {
		var polys []MultiPolygonXY
		for range 1 + rng.IntN(5) {
			n := 3 + rng.IntN(20)
			cx, cy := rng.Float64()*5000-2500, rng.Float64()*5000-2500
			r := 50 + rng.Float64()*1500
			ring := make(RingXY, 0, n+1)
			for k := range n {
				a := 2 * math.Pi * float64(k) / float64(n)
				rr := r * (0.5 + rng.Float64()/2)
				ring = append(ring, XY{cx + rr*math.Cos(a), cy + rr*math.Sin(a)})
			}
			ring = append(ring, ring[0])
			polys = append(polys, MultiPolygonXY{{ring}})
		}
		g := Grid{CellM: []float64{10, 100, 250}[trial%3]}
		est, err := g.EstimateCells(polys)
		if err != nil {
			t.Fatal(err)
		}
		cov, err := g.CoverUnion(context.Background(), polys, nil)
		if err != nil {
			t.Fatal(err)
		}
		if int64(cov.Len()) > est {
			t.Errorf("trial %d: estimate %d below the %d cells covered", trial, est, cov.Len())
		}
	}
}

func TestCheckCellsLimit(t *testing.T) {
	g := Grid{CellM: 10}
	polys := []MultiPolygonXY{square(5, 5, 50)} // 36 cells
	for _, tt := range []struct {
		name  string
		limit int64
		fail  bool
	}{
		{"no limit", 0, false}, {"negative is no limit", -1, false}, {"at the limit", 36, false}, {"past it", 35, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			n, err := g.CheckCells(polys, tt.limit)
			if n != 36 {
				t.Errorf("estimate %d, want 36", n)
			}
			if !tt.fail {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			var le *CellLimitError
			if !errors.As(err, &le) || !errors.Is(err, ErrTooManyCells) {
				t.Fatalf("CheckCells: %v, want a *CellLimitError wrapping ErrTooManyCells", err)
			}
			le.BytesPerCell, le.Hint, le.What = 300, "raise it", "the hazards"
			for _, s := range []string{"the hazards", "36 cells of 10 m", "11 kB", "limit of 35 cells", "; raise it"} {
				if !strings.Contains(le.Error(), s) {
					t.Errorf("message %q lacks %q", le.Error(), s)
				}
			}
			if _, err := g.CoverUnion(context.Background(), polys, &CoverOptions{MaxCells: tt.limit}); !errors.Is(err, ErrTooManyCells) {
				t.Errorf("CoverUnion: %v, want ErrTooManyCells", err)
			}
		})
	}
}
