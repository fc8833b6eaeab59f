package benchmarks

import (
	"context"
	"fmt"
	"math"
	"testing"

	"github.com/landrelease/clearance/benchmarks/scenario"
	"github.com/landrelease/clearance/geo"
)

// covClip clips ring r to box b (Sutherland–Hodgman, every vertex against
// the four sides) and returns the clipped area, in coordinates relative to
// b.Min.
func covClip(r geo.RingXY, b geo.BoxXY, buf, out []geo.XY) (float64, []geo.XY, []geo.XY) {
	w, h := b.Max.X-b.Min.X, b.Max.Y-b.Min.Y
	buf = buf[:0]
	for _, p := range r[:len(r)-1] {
		buf = append(buf, geo.XY{X: p.X - b.Min.X, Y: p.Y - b.Min.Y})
	}
	for side := range 4 {
		if len(buf) == 0 {
			break
		}
		in := func(p geo.XY) bool {
			switch side {
			case 0:
				return p.X >= 0
			case 1:
				return p.X <= w
			case 2:
				return p.Y >= 0
			}
			return p.Y <= h
		}
		cross := func(a, c geo.XY) geo.XY {
			if side < 2 {
				x := 0.0
				if side == 1 {
					x = w
				}
				return geo.XY{X: x, Y: a.Y + (x-a.X)/(c.X-a.X)*(c.Y-a.Y)}
			}
			y := 0.0
			if side == 3 {
				y = h
			}
			return geo.XY{X: a.X + (y-a.Y)/(c.Y-a.Y)*(c.X-a.X), Y: y}
		}
		out = out[:0]
		prev := buf[len(buf)-1]
		for _, cur := range buf {
			switch ci, pi := in(cur), in(prev); {
			case ci && pi:
				out = append(out, cur)
			case ci:
				out = append(out, cross(prev, cur), cur)
			case pi:
				out = append(out, cross(prev, cur))
			}
			prev = cur
		}
		buf, out = out, buf
	}
	var a float64
	for k := range buf {
		p, q := buf[k], buf[(k+1)%len(buf)]
		a += p.X*q.Y - q.X*p.Y
	}
	return math.Abs(a) / 2, buf, out
}

// covBrute is the obvious way: for every cell of rows j0..j1 of the
// bounding box, clip every ring to the cell. Cost O(cells × vertices).
func covBrute(g geo.Grid, mp geo.MultiPolygonXY, j0, j1 int, dst []geo.CellArea) []geo.CellArea {
	minX, maxX := math.Inf(1), math.Inf(-1)
	for _, p := range mp {
		for _, q := range p[0] {
			minX, maxX = min(minX, q.X), max(maxX, q.X)
		}
	}
	i0, _ := g.CellOf(geo.XY{X: minX})
	i1, _ := g.CellOf(geo.XY{X: maxX})
	var buf, out []geo.XY
	for j := j0; j <= j1; j++ {
		for i := i0; i <= i1; i++ {
			box := g.CellBox(i, j)
			var area float64
			for _, p := range mp {
				for k, r := range p {
					var a float64
					a, buf, out = covClip(r, box, buf, out)
					if k == 0 {
						area += a
					} else {
						area -= a
					}
				}
			}
			if area > 1e-12*g.Size()*g.Size() {
				dst = append(dst, geo.CellArea{I: i, J: j, AreaM2: area})
			}
		}
	}
	return dst
}

// covRows returns the cells of rows j0..j1.
func covRows(cells []geo.CellArea, j0, j1 int) []geo.CellArea {
	var out []geo.CellArea
	for _, c := range cells {
		if c.J >= j0 && c.J <= j1 {
			out = append(out, c)
		}
	}
	return out
}

// covCheck fails b unless got and want hold the same cells with areas
// within 1e-9 of a cell.
func covCheck(b *testing.B, g geo.Grid, got, want []geo.CellArea) {
	b.Helper()
	if len(got) != len(want) {
		b.Fatalf("fast: %d cells, brute force: %d", len(got), len(want))
	}
	tol := 1e-9 * g.Size() * g.Size()
	for k := range got {
		if got[k].I != want[k].I || got[k].J != want[k].J || math.Abs(got[k].AreaM2-want[k].AreaM2) > tol {
			b.Fatalf("cell %d: fast %+v, brute force %+v", k, got[k], want[k])
		}
	}
}

// covArea is the shoelace area of mp.
func covArea(mp geo.MultiPolygonXY) float64 {
	var total float64
	for _, p := range mp {
		for k, r := range p {
			var a float64
			o := r[0]
			for i := 1; i+1 < len(r); i++ {
				a += (r[i].X-o.X)*(r[i+1].Y-o.Y) - (r[i+1].X-o.X)*(r[i].Y-o.Y)
			}
			if k == 0 {
				total += math.Abs(a) / 2
			} else {
				total -= math.Abs(a) / 2
			}
		}
	}
	return total
}

// BenchmarkCoverage measures the exact hectare coverage of one large polygon
// (scenario.LargePolygon: ~100,000 ha, 20,000 shell vertices, 20 holes) with
// Grid.Cover and Grid.CoverUnion, of 200 overlapping polygons with
// CoverUnion, and beside them the brute-force baseline (every cell of the
// bounding box clipped against every vertex) on a smaller polygon of 2,000
// shell vertices and about 3,000 ha, where it still runs in a fraction of a
// second. Every fast result is first checked against the brute force (on
// three rows for the large polygon) or against the polygon's area.
func BenchmarkCoverage(b *testing.B) {
	var g geo.Grid
	large := geo.MultiPolygonXY{scenario.LargePolygon(1)}
	small := geo.MultiPolygonXY{scenario.StarPolygon(1, scenario.StarConfig{RadiusM: 3000, Vertices: 2000, Holes: 3, HoleVerticesMin: 50, HoleVerticesMax: 100})}
	var overlapping []geo.MultiPolygonXY
	for k := range 200 {
		c := scenario.AghdamUTM
		c.X += float64(k%20)*1500 - 15000
		c.Y += float64(k/20)*1500 - 7500
		overlapping = append(overlapping, geo.MultiPolygonXY{scenario.StarPolygon(uint64(k), scenario.StarConfig{Centre: c, RadiusM: 1200, Vertices: 400, Holes: 2, HoleVerticesMin: 20, HoleVerticesMax: 40})})
	}

	cells := g.Cover(large, nil)
	if a, want := covSumCells(cells), covArea(large); math.Abs(a-want) > 1e-9*want {
		b.Fatalf("large: cells sum to %.6f m², polygon %.6f m²", a, want)
	}
	mid := cells[len(cells)/2].J
	covCheck(b, g, covRows(cells, mid-1, mid+1), covBrute(g, large, mid-1, mid+1, nil))
	smallCells := g.Cover(small, nil)
	covCheck(b, g, smallCells, covBrute(g, small, smallCells[0].J, smallCells[len(smallCells)-1].J, nil))
	b.Logf("large: %d cells, %.0f ha; small: %d cells", len(cells), covSumCells(cells)/1e4, len(smallCells))

	perCell := func(b *testing.B, n int) {
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/cell")
	}
	b.Run("Cover/large", func(b *testing.B) {
		b.ReportAllocs()
		dst := make([]geo.CellArea, 0, len(cells))
		for b.Loop() {
			dst = g.Cover(large, dst[:0])
		}
		perCell(b, len(dst))
	})
	for _, w := range []int{1, 2} {
		b.Run(fmt.Sprintf("CoverUnion/large/workers=%d", w), func(b *testing.B) {
			b.ReportAllocs()
			var cov *geo.Coverage
			for b.Loop() {
				var err error
				cov, err = g.CoverUnion(context.Background(), []geo.MultiPolygonXY{large}, &geo.CoverOptions{Workers: w})
				if err != nil {
					b.Fatal(err)
				}
			}
			if len(cov.Cells) != len(cells) {
				b.Fatalf("%d cells, Cover %d", len(cov.Cells), len(cells))
			}
			perCell(b, len(cov.Cells))
		})
	}
	for _, w := range []int{1, 2} {
		b.Run(fmt.Sprintf("CoverUnion/overlapping200/workers=%d", w), func(b *testing.B) {
			b.ReportAllocs()
			var cov *geo.Coverage
			for b.Loop() {
				var err error
				cov, err = g.CoverUnion(context.Background(), overlapping, &geo.CoverOptions{Workers: w})
				if err != nil {
					b.Fatal(err)
				}
			}
			perCell(b, len(cov.Cells))
		})
	}
	b.Run("Cover/small", func(b *testing.B) {
		b.ReportAllocs()
		dst := make([]geo.CellArea, 0, len(smallCells))
		for b.Loop() {
			dst = g.Cover(small, dst[:0])
		}
		perCell(b, len(dst))
	})
	b.Run("Baseline/small", func(b *testing.B) {
		b.ReportAllocs()
		var dst []geo.CellArea
		for b.Loop() {
			dst = covBrute(g, small, smallCells[0].J, smallCells[len(smallCells)-1].J, dst[:0])
		}
		perCell(b, len(dst))
	})
}

func covSumCells(cells []geo.CellArea) float64 {
	var s float64
	for _, c := range cells {
		s += c.AreaM2
	}
	return s
}
