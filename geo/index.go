package geo

import (
	"cmp"
	"iter"
	"math"
	"slices"
	"sync"

	"github.com/tidwall/rtree"
)

// Index answers spatial queries over the layers of a [Projected] dataset:
// hazards that intersect a box or contain a point, incidents and
// settlements within a radius, and the nearest incidents or settlements.
// All distances are Euclidean in projected metres.
//
// An Index is built once by [NewIndex] and never changes; it is safe for any
// number of concurrent readers. It keeps a reference to the Projected it was
// built from: do not modify that while the Index is in use.
//
// Every query reports layer indexes (Hazards[i], Incidents[i],
// Settlements[i] of the Projected, which are also the indexes of the source
// [Dataset]) in ascending order, or, for the nearest-neighbour queries, by
// distance and then index, so results are deterministic. Queries with a NaN
// or infinite coordinate, or a negative or NaN radius, match nothing. A nil
// *Index is an empty index.
type Index struct {
	p *Projected
	// hazards holds one entry per polygon of every hazard MultiPolygon,
	// keyed by its bounding box; the data indexes parts.
	hazards     rtree.RTreeG[int32]
	parts       []hazardPart
	incidents   rtree.RTreeG[int32]
	settlements rtree.RTreeG[int32]
}

// hazardPart locates one polygon of one hazard.
type hazardPart struct {
	hazard, poly int32
}

// Neighbor is one result of a nearest-neighbour query: the index of the item
// in its layer and its distance from the query point in projected metres.
type Neighbor struct {
	Index     int
	DistanceM float64
}

// NewIndex builds an index over the hazards, incidents and settlements of p
// (the area of interest is not indexed). Cost O(n log n) for n polygons and
// points, plus O(v) to bound the polygons' v positions. A nil p, or empty
// layers, give an empty index. Points with a NaN or infinite coordinate, and
// polygons with no positions, are left out of the index and so never match.
// It panics if a layer holds more than 2³¹−1 items.
func NewIndex(p *Projected) *Index {
	x := &Index{p: p}
	if p == nil {
		return x
	}
	if len(p.Hazards) > math.MaxInt32 || len(p.Incidents) > math.MaxInt32 || len(p.Settlements) > math.MaxInt32 {
		panic("geo: NewIndex: layer has more than 2³¹−1 items")
	}
	for h, mp := range p.Hazards {
		for k, poly := range mp {
			lo, hi, ok := polygonBounds(poly)
			if !ok {
				continue
			}
			if len(x.parts) == math.MaxInt32 {
				panic("geo: NewIndex: more than 2³¹−1 hazard polygons")
			}
			x.hazards.Insert(lo, hi, int32(len(x.parts)))
			x.parts = append(x.parts, hazardPart{int32(h), int32(k)})
		}
	}
	insertPoints(&x.incidents, p.Incidents)
	insertPoints(&x.settlements, p.Settlements)
	return x
}

func insertPoints(tr *rtree.RTreeG[int32], pts []XY) {
	for i, q := range pts {
		if !finite(q) {
			continue
		}
		pt := [2]float64{q.X, q.Y}
		tr.Insert(pt, pt, int32(i))
	}
}

// polygonBounds returns the bounds of the shell of poly (holes lie inside
// it), or false if the shell has no finite position.
func polygonBounds(poly PolygonXY) (lo, hi [2]float64, ok bool) {
	if len(poly) == 0 {
		return lo, hi, false
	}
	lo = [2]float64{math.Inf(1), math.Inf(1)}
	hi = [2]float64{math.Inf(-1), math.Inf(-1)}
	for _, q := range poly[0] {
		if !finite(q) {
			continue
		}
		lo[0], lo[1] = min(lo[0], q.X), min(lo[1], q.Y)
		hi[0], hi[1] = max(hi[0], q.X), max(hi[1], q.Y)
		ok = true
	}
	return lo, hi, ok
}

func finite(p XY) bool {
	return !math.IsNaN(p.X) && !math.IsNaN(p.Y) && !math.IsInf(p.X, 0) && !math.IsInf(p.Y, 0)
}

// Projected returns the projected dataset the index was built from; nil for
// an index built from nil.
func (x *Index) Projected() *Projected {
	if x == nil {
		return nil
	}
	return x.p
}

// bufPool recycles the result buffers of the iterators, so a query allocates
// only its closures.
var bufPool = sync.Pool{New: func() any { return new([]int32) }}

// sortedYield sorts and deduplicates buf, yields each value until yield
// returns false, and recycles the buffer.
func sortedYield(bp *[]int32, buf []int32, yield func(int) bool) {
	slices.Sort(buf)
	buf = slices.Compact(buf)
	defer func() {
		*bp = buf[:0]
		bufPool.Put(bp)
	}()
	for _, i := range buf {
		if !yield(int(i)) {
			return
		}
	}
}

// HazardsIntersecting returns the indexes, in ascending order, of the
// hazards whose area (shell minus holes, boundary included) shares at least
// one point with the closed box b: a hazard that only touches b along an
// edge or at a corner is reported. The test is exact on the polygons, not on
// their bounding boxes: a box that lies in a hole, or in a concave bay
// outside the shell, does not intersect. A box with Min.X > Max.X or
// Min.Y > Max.Y is empty and matches nothing.
//
// Cost O(log n + m·v) for m candidate polygons of v positions, and the sort
// of the results. The hazards are found when iteration starts; iteration
// stops when yield returns false.
func (x *Index) HazardsIntersecting(b BoxXY) iter.Seq[int] {
	return func(yield func(int) bool) {
		if x == nil || x.hazards.Len() == 0 || !finite(b.Min) || !finite(b.Max) ||
			b.Min.X > b.Max.X || b.Min.Y > b.Max.Y {
			return
		}
		bp := bufPool.Get().(*[]int32)
		buf := (*bp)[:0]
		x.hazards.Search([2]float64{b.Min.X, b.Min.Y}, [2]float64{b.Max.X, b.Max.Y},
			func(lo, hi [2]float64, id int32) bool {
				part := x.parts[id]
				// A polygon whose bounds lie in b intersects it: the bound
				// comes from the shell, which has a vertex on every side.
				if (lo[0] >= b.Min.X && hi[0] <= b.Max.X && lo[1] >= b.Min.Y && hi[1] <= b.Max.Y) ||
					polygonIntersectsBox(x.p.Hazards[part.hazard][part.poly], b) {
					buf = append(buf, part.hazard)
				}
				return true
			})
		sortedYield(bp, buf, yield)
	}
}

// HazardsContaining returns the indexes, in ascending order, of the hazards
// whose area contains p. Polygons are closed: a point on a shell edge or on
// a hole's edge is contained (the safe answer for a hazard map); a point
// strictly inside a hole is not. "On an edge" is decided in floating point:
// the point is on the segment when their cross product is exactly zero, which
// is exact for vertices and for axis-aligned edges.
//
// Cost O(log n + m·v) for m candidate polygons of v positions. Iteration
// stops when yield returns false.
func (x *Index) HazardsContaining(p XY) iter.Seq[int] {
	return func(yield func(int) bool) {
		if x == nil || x.hazards.Len() == 0 || !finite(p) {
			return
		}
		bp := bufPool.Get().(*[]int32)
		buf := (*bp)[:0]
		pt := [2]float64{p.X, p.Y}
		x.hazards.Search(pt, pt, func(_, _ [2]float64, id int32) bool {
			part := x.parts[id]
			if polygonContains(x.p.Hazards[part.hazard][part.poly], p) {
				buf = append(buf, part.hazard)
			}
			return true
		})
		sortedYield(bp, buf, yield)
	}
}

// IncidentsWithin returns the indexes, in ascending order, of the incidents
// at a distance of at most radiusM metres from p (so radius 0 finds the
// incidents exactly at p, and +Inf finds them all). A negative or NaN
// radius matches nothing.
//
// Cost O(log n + m) for m incidents in the box around the circle, and the
// sort of the results. Iteration stops when yield returns false.
func (x *Index) IncidentsWithin(p XY, radiusM float64) iter.Seq[int] {
	return func(yield func(int) bool) {
		if x == nil || x.p == nil {
			return
		}
		within(&x.incidents, x.p.Incidents, p, radiusM, yield)
	}
}

// SettlementsWithin returns the indexes, in ascending order, of the
// settlements at a distance of at most radiusM metres from p; it works as
// [Index.IncidentsWithin] does.
func (x *Index) SettlementsWithin(p XY, radiusM float64) iter.Seq[int] {
	return func(yield func(int) bool) {
		if x == nil || x.p == nil {
			return
		}
		within(&x.settlements, x.p.Settlements, p, radiusM, yield)
	}
}

func within(tr *rtree.RTreeG[int32], pts []XY, p XY, r float64, yield func(int) bool) {
	if tr.Len() == 0 || !finite(p) || !(r >= 0) {
		return
	}
	r2 := r * r
	bp := bufPool.Get().(*[]int32)
	buf := (*bp)[:0]
	tr.Search([2]float64{p.X - r, p.Y - r}, [2]float64{p.X + r, p.Y + r},
		func(_, _ [2]float64, i int32) bool {
			q := pts[i]
			dx, dy := q.X-p.X, q.Y-p.Y
			if dx*dx+dy*dy <= r2 {
				buf = append(buf, i)
			}
			return true
		})
	sortedYield(bp, buf, yield)
}

// NearestSettlements returns the k settlements nearest to p, sorted by
// distance and then by index, so that ties are broken the same way every
// time. It returns every settlement if k exceeds their number, and nil if
// k <= 0, the layer is empty or p is not finite.
//
// Cost O((k + t) log n) for n settlements and t settlements tied with the
// k-th; the result is a new slice.
func (x *Index) NearestSettlements(p XY, k int) []Neighbor {
	if x == nil {
		return nil
	}
	return nearest(&x.settlements, p, k)
}

// NearestIncidents returns the k incidents nearest to p, sorted by distance
// and then by index; it works as [Index.NearestSettlements] does.
func (x *Index) NearestIncidents(p XY, k int) []Neighbor {
	if x == nil {
		return nil
	}
	return nearest(&x.incidents, p, k)
}

func nearest(tr *rtree.RTreeG[int32], p XY, k int) []Neighbor {
	if k <= 0 || tr.Len() == 0 || !finite(p) {
		return nil
	}
	pt := [2]float64{p.X, p.Y}
	out := make([]Neighbor, 0, min(k, tr.Len()))
	var kth float64 // squared distance of the k-th item met
	// Nearby yields items by increasing box distance, which for points is
	// the squared Euclidean distance. Keep going past the k-th item while
	// others tie with it, so the tie-break by index below sees them all.
	tr.Nearby(rtree.BoxDist[float64, int32](pt, pt, nil),
		func(_, _ [2]float64, i int32, d2 float64) bool {
			if len(out) >= k && d2 > kth {
				return false
			}
			out = append(out, Neighbor{Index: int(i), DistanceM: d2})
			if len(out) == k {
				kth = d2
			}
			return true
		})
	slices.SortFunc(out, func(a, b Neighbor) int {
		if c := cmp.Compare(a.DistanceM, b.DistanceM); c != 0 {
			return c
		}
		return cmp.Compare(a.Index, b.Index)
	})
	out = out[:min(k, len(out))]
	for i := range out {
		out[i].DistanceM = math.Sqrt(out[i].DistanceM)
	}
	return out
}

// polygonContains reports whether p lies in poly, boundary included. The
// crossing rule runs over every ring, so holes subtract (even-odd).
func polygonContains(poly PolygonXY, p XY) bool {
	in := false
	for _, r := range poly {
		on, odd := ringCrossings(r, p)
		if on {
			return true
		}
		if odd {
			in = !in
		}
	}
	return in
}

// ringCrossings reports whether p lies on an edge of r, and otherwise whether
// a ray from p towards +X crosses r an odd number of times. The ring may be
// closed (last position repeats the first) or not.
func ringCrossings(r RingXY, p XY) (on, odd bool) {
	n := len(r)
	for i, j := 0, n-1; i < n; j, i = i, i+1 {
		a, b := r[j], r[i]
		if onSegment(a, b, p) {
			return true, false
		}
		if (a.Y > p.Y) != (b.Y > p.Y) {
			xi := a.X + (p.Y-a.Y)*(b.X-a.X)/(b.Y-a.Y)
			if p.X < xi {
				odd = !odd
			}
		}
	}
	return false, odd
}

// onSegment reports whether p lies on the closed segment ab.
func onSegment(a, b, p XY) bool {
	if p.X < min(a.X, b.X) || p.X > max(a.X, b.X) || p.Y < min(a.Y, b.Y) || p.Y > max(a.Y, b.Y) {
		return false
	}
	return (b.X-a.X)*(p.Y-a.Y)-(b.Y-a.Y)*(p.X-a.X) == 0
}

// polygonIntersectsBox reports whether poly (boundary included) and the
// closed box b share a point: either an edge of poly meets b, or, no
// boundary meeting b, b lies wholly inside poly.
func polygonIntersectsBox(poly PolygonXY, b BoxXY) bool {
	if len(poly) == 0 {
		return false
	}
	for _, r := range poly {
		n := len(r)
		for i, j := 0, n-1; i < n; j, i = i, i+1 {
			if segmentIntersectsBox(r[j], r[i], b) {
				return true
			}
		}
	}
	return polygonContains(poly, b.Min)
}

// segmentIntersectsBox reports whether the closed segment ab meets the
// closed box b. By the separating axis theorem, two convex sets are disjoint
// only if they are separated along a box axis or along the segment's normal.
func segmentIntersectsBox(a, c XY, b BoxXY) bool {
	if max(a.X, c.X) < b.Min.X || min(a.X, c.X) > b.Max.X ||
		max(a.Y, c.Y) < b.Min.Y || min(a.Y, c.Y) > b.Max.Y {
		return false
	}
	dx, dy := c.X-a.X, c.Y-a.Y
	side := func(q XY) float64 { return dx*(q.Y-a.Y) - dy*(q.X-a.X) }
	s1 := side(b.Min)
	s2 := side(XY{b.Max.X, b.Min.Y})
	s3 := side(b.Max)
	s4 := side(XY{b.Min.X, b.Max.Y})
	if s1 > 0 && s2 > 0 && s3 > 0 && s4 > 0 {
		return false
	}
	if s1 < 0 && s2 < 0 && s3 < 0 && s4 < 0 {
		return false
	}
	return true
}
