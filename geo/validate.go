package geo

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
)

// GeometryError locates a problem inside a polygon or multipolygon. Indexes
// are 0-based; -1 means "not applicable". Err is one of the package
// sentinels (ErrUnclosedRing, ErrTooFewPositions, ErrNotFinite,
// ErrOutOfRange, ErrSelfIntersection, ErrHoleOutside, ErrHolesOverlap,
// ErrPolygonsOverlap, ErrEmpty), so errors.Is works through it.
type GeometryError struct {
	Polygon  int // polygon of the MultiPolygon (0 for a Polygon)
	Ring     int // ring of the polygon: 0 the shell, 1... the holes
	Position int // position of the ring
	// Other names the second party of a two-party problem: the other
	// ring (ErrHolesOverlap, ErrHoleOutside), the other polygon
	// (ErrPolygonsOverlap) or the other segment's first position
	// (ErrSelfIntersection). -1 otherwise.
	Other int
	Err   error
}

// Path returns the location as "polygon[0].ring[1]" (as far as known).
func (e *GeometryError) Path() string {
	var b strings.Builder
	if e.Polygon >= 0 {
		fmt.Fprintf(&b, "polygon[%d]", e.Polygon)
	}
	if e.Ring >= 0 {
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		fmt.Fprintf(&b, "ring[%d]", e.Ring)
	}
	return b.String()
}

// detail returns the error without its path: the position and other party,
// wrapping Err.
func (e *GeometryError) detail() error {
	var parts []string
	if e.Position >= 0 {
		parts = append(parts, "position "+strconv.Itoa(e.Position))
	}
	if e.Other >= 0 {
		switch {
		case errors.Is(e.Err, ErrPolygonsOverlap):
			parts = append(parts, fmt.Sprintf("with polygon[%d]", e.Other))
		case errors.Is(e.Err, ErrSelfIntersection):
			parts = append(parts, fmt.Sprintf("with the segment from position %d", e.Other))
		default:
			parts = append(parts, fmt.Sprintf("with ring[%d]", e.Other))
		}
	}
	if len(parts) == 0 {
		return e.Err
	}
	return fmt.Errorf("%s: %w", strings.Join(parts, " "), e.Err)
}

func (e *GeometryError) Error() string {
	p := e.Path()
	if p == "" {
		return e.detail().Error()
	}
	return p + ": " + e.detail().Error()
}

// Unwrap returns the sentinel.
func (e *GeometryError) Unwrap() error { return e.Err }

func newGeomErr(poly, ring, pos, other int, err error) *GeometryError {
	return &GeometryError{Polygon: poly, Ring: ring, Position: pos, Other: other, Err: err}
}

// ValidatePolygon reports the first problem of a WGS84 lon/lat polygon as a
// *[GeometryError] (with Polygon 0), or nil if it is valid. Valid means:
//   - at least one ring; every ring closed (last position equal to the
//     first) with at least 4 positions, of which at least 3 distinct;
//   - every coordinate finite, lon in [-180, 180] and lat in [-90, 90];
//   - no ring touches or crosses itself (consecutive repeated positions are
//     allowed and ignored; a spike that folds back along itself is a
//     self-intersection);
//   - holes (rings 1...) lie inside the shell and do not overlap each other.
//     A hole may touch the shell or another hole at points, and may share
//     an edge with the shell or another hole as long as the areas stay on
//     opposite sides. Containment is decided by edge crossings plus one
//     point of the hole's boundary not on the other ring (a position, or
//     when every position lies on the other ring, the middle of a stretch
//     of an edge), so it does not depend on where rings start; a hole that
//     leaves the shell only through a shared vertex is not detected. A
//     hole equal to the shell is ErrHoleOutside.
//
// Winding order is not checked: the readers normalise it (shell
// counter-clockwise, holes clockwise). The polygon is not modified.
//
// Cost: O(n) for n positions plus the segment pairs that share a cell of a
// grid of about 4n cells over the polygon's bounds, which is near O(n) for
// survey polygons, whose edges are short beside the polygon (a smooth
// 20,000-vertex ring takes about 10-20 ms on one core), plus O(n·h) for h holes.
// The worst case is quadratic: thousands of long edges packed in a small
// part of the bounds (a dense sawtooth) share cells.
func ValidatePolygon(p orb.Polygon) error {
	if err := validatePolygon(p, 0); err != nil {
		return err
	}
	return nil
}

// ValidateMultiPolygon validates every polygon as [ValidatePolygon] does and
// also reports polygons whose interiors overlap (ErrPolygonsOverlap, with
// Other the first polygon it overlaps). Touching polygons are valid. An
// empty MultiPolygon is valid. The error is a *[GeometryError].
//
// Containment is decided as for holes (see [ValidatePolygon]): a polygon
// whose positions all lie on another's boundary is tested at points of its
// edges, so a triangle inscribed in a square overlaps it.
//
// Cost: that of ValidatePolygon over all positions, plus O(n·m) point
// tests for polygons whose bounds nest.
func ValidateMultiPolygon(mp orb.MultiPolygon) error {
	for i, p := range mp {
		if err := validatePolygon(p, i); err != nil {
			return err
		}
	}
	if len(mp) < 2 {
		return nil
	}
	if ge := valCheckSegs(mp, true); ge != nil {
		return ge
	}
	if ge := valCheckNested(mp); ge != nil {
		return ge
	}
	return nil
}

func validatePolygon(p orb.Polygon, pi int) *GeometryError {
	if len(p) == 0 {
		return newGeomErr(pi, -1, -1, -1, fmt.Errorf("polygon has no rings: %w", ErrEmpty))
	}
	for ri, r := range p {
		if ge := validateRing(r, pi, ri); ge != nil {
			return ge
		}
	}
	if ge := valCheckSegs(orb.MultiPolygon{p}, false); ge != nil {
		ge.Polygon = pi
		return ge
	}
	if len(p) > 1 {
		if ge := valCheckHoles(p); ge != nil {
			ge.Polygon = pi
			return ge
		}
	}
	return nil
}

// validateRing checks positions, closure and size of one ring.
func validateRing(r orb.Ring, pi, ri int) *GeometryError {
	for k, pt := range r {
		if err := checkLonLat(pt[0], pt[1]); err != nil {
			return newGeomErr(pi, ri, k, -1, err)
		}
	}
	if len(r) == 0 {
		return newGeomErr(pi, ri, -1, -1, fmt.Errorf("0 positions: %w", ErrTooFewPositions))
	}
	if r[0] != r[len(r)-1] {
		return newGeomErr(pi, ri, -1, -1, ErrUnclosedRing)
	}
	if len(r) < 4 {
		return newGeomErr(pi, ri, -1, -1, fmt.Errorf("%d positions: %w", len(r), ErrTooFewPositions))
	}
	if d := valDistinct(r); d < 3 {
		return newGeomErr(pi, ri, -1, -1, fmt.Errorf("only %d distinct positions: %w", d, ErrTooFewPositions))
	}
	return nil
}

// valDistinct counts the positions of a closed ring that differ from
// their predecessor, not counting the closing position.
func valDistinct(r orb.Ring) int {
	n := 0
	for k := 0; k < len(r)-1; k++ {
		if k == 0 || r[k] != r[k-1] {
			n++
		}
	}
	if n > 1 && r[len(r)-2] == r[0] {
		n--
	}
	return n
}

// ValidatePoint reports whether p is a WGS84 lon/lat position: both
// coordinates finite ([ErrNotFinite]), lon in [-180, 180] and lat in
// [-90, 90] ([ErrOutOfRange], naming the coordinate). Cost O(1).
func ValidatePoint(p orb.Point) error { return checkLonLat(p[0], p[1]) }

// checkLonLat checks one WGS84 coordinate pair.
func checkLonLat(lon, lat float64) error {
	if math.IsNaN(lon) || math.IsInf(lon, 0) || math.IsNaN(lat) || math.IsInf(lat, 0) {
		return ErrNotFinite
	}
	if lon < -180 || lon > 180 {
		return fmt.Errorf("longitude %v: %w", lon, ErrOutOfRange)
	}
	if lat < -90 || lat > 90 {
		return fmt.Errorf("latitude %v: %w", lat, ErrOutOfRange)
	}
	return nil
}

// valSeg is one non-degenerate edge of a ring.
type valSeg struct {
	a, b       orb.Point
	poly, ring int
	pos        int  // index of a in the ring
	seq        int  // index among the ring's non-degenerate segments
	n          int  // number of non-degenerate segments of the ring
	leftIn     bool // the polygon's interior lies left of a→b
	minX, minY float64
	maxX, maxY float64
}

// valRingSegs appends the non-degenerate segments of a closed ring.
func valRingSegs(dst []valSeg, r orb.Ring, pi, ri int) []valSeg {
	shell := ri == 0
	ccw := valSignedArea(r) > 0
	start := len(dst)
	for k := 0; k+1 < len(r); k++ {
		a, b := r[k], r[k+1]
		if a == b {
			continue
		}
		dst = append(dst, valSeg{
			a: a, b: b, poly: pi, ring: ri, pos: k, seq: len(dst) - start,
			leftIn: shell == ccw,
			minX:   math.Min(a[0], b[0]), maxX: math.Max(a[0], b[0]),
			minY: math.Min(a[1], b[1]), maxY: math.Max(a[1], b[1]),
		})
	}
	n := len(dst) - start
	for k := start; k < len(dst); k++ {
		dst[k].n = n
	}
	return dst
}

// valSignedArea returns twice the signed area of a ring: positive for
// counter-clockwise.
func valSignedArea(r orb.Ring) float64 {
	if len(r) < 3 {
		return 0
	}
	var s float64
	o := r[0]
	for k := 1; k+1 < len(r); k++ {
		s += (r[k][0]-o[0])*(r[k+1][1]-o[1]) - (r[k+1][0]-o[0])*(r[k][1]-o[1])
	}
	return s
}

// unwrappedSignedArea is valSignedArea with each longitude taken within
// 180° of the ring's first, so that a ring across the 180° meridian
// (179.9 then -179.9) keeps its winding on the ground instead of going the
// long way round the globe. It is the same for every ring spanning under
// 180° of longitude that does not cross that meridian.
func unwrappedSignedArea(r orb.Ring) float64 {
	if len(r) < 3 {
		return 0
	}
	var s float64
	o := r[0]
	dx := func(x float64) float64 { return wrap180(x - o[0]) }
	for k := 1; k+1 < len(r); k++ {
		s += dx(r[k][0])*(r[k+1][1]-o[1]) - dx(r[k+1][0])*(r[k][1]-o[1])
	}
	return s
}

// valCheckSegs looks for bad segment pairs. Within one polygon
// (crossPolys false): any touch of non-adjacent segments of a ring, proper
// crossings between rings, and collinear overlaps whose areas lie on the
// same side. Between polygons (crossPolys true, pairs within one polygon
// skipped): proper crossings and same-side collinear overlaps.
func valCheckSegs(mp orb.MultiPolygon, crossPolys bool) *GeometryError {
	total := 0
	for _, p := range mp {
		for _, r := range p {
			total += len(r)
		}
	}
	segs := make([]valSeg, 0, total)
	for pi, p := range mp {
		for ri, r := range p {
			segs = valRingSegs(segs, r, pi, ri)
		}
	}
	n := len(segs)
	if n < 2 {
		return nil
	}
	minX, minY := math.Inf(1), math.Inf(1)
	maxX, maxY := math.Inf(-1), math.Inf(-1)
	for i := range segs {
		minX, minY = math.Min(minX, segs[i].minX), math.Min(minY, segs[i].minY)
		maxX, maxY = math.Max(maxX, segs[i].maxX), math.Max(maxY, segs[i].maxY)
	}
	// A grid of about 4n cells over the bounds: a ring's edges cross a
	// band of cells, so most cells stay empty and the busy ones hold a few
	// edges each.
	w, h := maxX-minX, maxY-minY
	nx, ny := 1, 1
	if w > 0 && h > 0 {
		side := math.Sqrt(w * h / float64(4*n))
		nx = int(math.Min(math.Ceil(w/side), 4096))
		ny = int(math.Min(math.Ceil(h/side), 4096))
	} else if w > 0 {
		nx = min(4*n, 4096)
	} else if h > 0 {
		ny = min(4*n, 4096)
	}
	cw, ch := w/float64(nx), h/float64(ny)
	cellX := func(x float64) int {
		if cw == 0 {
			return 0
		}
		return min(nx-1, max(0, int((x-minX)/cw)))
	}
	cellY := func(y float64) int {
		if ch == 0 {
			return 0
		}
		return min(ny-1, max(0, int((y-minY)/ch)))
	}
	// Count, then fill, a CSR layout of cell -> segments.
	counts := make([]int32, nx*ny+1)
	for i := range segs {
		s := &segs[i]
		for cy := cellY(s.minY); cy <= cellY(s.maxY); cy++ {
			for cx := cellX(s.minX); cx <= cellX(s.maxX); cx++ {
				counts[cy*nx+cx+1]++
			}
		}
	}
	for c := 1; c < len(counts); c++ {
		counts[c] += counts[c-1]
	}
	items := make([]int32, counts[len(counts)-1])
	fill := slices.Clone(counts[:len(counts)-1])
	for i := range segs {
		s := &segs[i]
		for cy := cellY(s.minY); cy <= cellY(s.maxY); cy++ {
			for cx := cellX(s.minX); cx <= cellX(s.maxX); cx++ {
				c := cy*nx + cx
				items[fill[c]] = int32(i)
				fill[c]++
			}
		}
	}
	var best *GeometryError
	bestKey := [4]int{}
	for c := 0; c < nx*ny; c++ {
		cell := items[counts[c]:counts[c+1]]
		cx, cy := c%nx, c/nx
		for x := 0; x < len(cell); x++ {
			s := &segs[cell[x]]
			for y := x + 1; y < len(cell); y++ {
				t := &segs[cell[y]]
				if s.maxX < t.minX || t.maxX < s.minX || s.maxY < t.minY || t.maxY < s.minY {
					continue
				}
				// Test each pair once: in the cell holding the low corner
				// of the overlap of their bounds.
				if cellX(math.Max(s.minX, t.minX)) != cx || cellY(math.Max(s.minY, t.minY)) != cy {
					continue
				}
				var ge *GeometryError
				if crossPolys {
					if s.poly != t.poly {
						ge = valPairBetween(s, t)
					}
				} else {
					ge = valPairIn(s, t)
				}
				if ge != nil {
					// Report the first problem in ring order, so that the
					// result does not depend on the grid.
					key := [4]int{ge.Polygon, ge.Ring, ge.Position, ge.Other}
					if best == nil || valCmpKey(key, bestKey) < 0 {
						best, bestKey = ge, key
					}
				}
			}
		}
	}
	return best
}

func valCmpKey(a, b [4]int) int {
	for i := range a {
		if a[i] != b[i] {
			if a[i] < b[i] {
				return -1
			}
			return 1
		}
	}
	return 0
}

// valOrdered returns s, t with s first in (poly, ring, pos) order.
func valOrdered(s, t *valSeg) (*valSeg, *valSeg) {
	if s.poly > t.poly || (s.poly == t.poly && (s.ring > t.ring || (s.ring == t.ring && s.pos > t.pos))) {
		return t, s
	}
	return s, t
}

func valPairIn(s, t *valSeg) *GeometryError {
	s, t = valOrdered(s, t)
	k := valIntersect(s.a, s.b, t.a, t.b)
	if k == meetNone {
		return nil
	}
	if s.ring == t.ring {
		adjacent := t.seq == s.seq+1 || (s.seq == 0 && t.seq == s.n-1)
		if adjacent && k == meetTouch {
			return nil
		}
		return newGeomErr(s.poly, s.ring, t.pos, s.pos, ErrSelfIntersection)
	}
	if k == meetTouch {
		return nil
	}
	if k == meetOverlap && !valSameSide(s, t) {
		return nil
	}
	if s.ring == 0 {
		return newGeomErr(s.poly, t.ring, t.pos, -1, ErrHoleOutside)
	}
	return newGeomErr(s.poly, t.ring, t.pos, s.ring, ErrHolesOverlap)
}

func valPairBetween(s, t *valSeg) *GeometryError {
	s, t = valOrdered(s, t)
	k := valIntersect(s.a, s.b, t.a, t.b)
	if k == meetCross || (k == meetOverlap && valSameSide(s, t)) {
		return newGeomErr(t.poly, t.ring, t.pos, s.poly, ErrPolygonsOverlap)
	}
	return nil
}

// valSameSide reports whether two collinear overlapping segments have the
// polygon's interior on the same side.
func valSameSide(s, t *valSeg) bool {
	dot := (s.b[0]-s.a[0])*(t.b[0]-t.a[0]) + (s.b[1]-s.a[1])*(t.b[1]-t.a[1])
	return (dot > 0) == (s.leftIn == t.leftIn)
}

type valMeet uint8

const (
	meetNone    valMeet = iota
	meetTouch           // share one point: an end of one lies on the other
	meetCross           // cross at a point inside both
	meetOverlap         // collinear, sharing a stretch of positive length
)

func valOrient(a, b, c orb.Point) float64 {
	return (b[0]-a[0])*(c[1]-a[1]) - (b[1]-a[1])*(c[0]-a[0])
}

func valSign(x float64) int {
	switch {
	case x > 0:
		return 1
	case x < 0:
		return -1
	}
	return 0
}

// valOnSeg reports whether c, collinear with a-b, lies within its bounds.
func valOnSeg(a, b, c orb.Point) bool {
	return math.Min(a[0], b[0]) <= c[0] && c[0] <= math.Max(a[0], b[0]) &&
		math.Min(a[1], b[1]) <= c[1] && c[1] <= math.Max(a[1], b[1])
}

// valIntersect classifies how segments p1-p2 and q1-q2 (each of positive
// length) meet.
func valIntersect(p1, p2, q1, q2 orb.Point) valMeet {
	d1 := valSign(valOrient(q1, q2, p1))
	d2 := valSign(valOrient(q1, q2, p2))
	d3 := valSign(valOrient(p1, p2, q1))
	d4 := valSign(valOrient(p1, p2, q2))
	if d1 == 0 && d2 == 0 && d3 == 0 && d4 == 0 {
		// Collinear: project on the longer axis of p.
		ax := 0
		if math.Abs(p2[1]-p1[1]) > math.Abs(p2[0]-p1[0]) {
			ax = 1
		}
		pl, ph := math.Min(p1[ax], p2[ax]), math.Max(p1[ax], p2[ax])
		ql, qh := math.Min(q1[ax], q2[ax]), math.Max(q1[ax], q2[ax])
		lo, hi := math.Max(pl, ql), math.Min(ph, qh)
		switch {
		case lo < hi:
			return meetOverlap
		case lo == hi:
			return meetTouch
		}
		return meetNone
	}
	if d1*d2 < 0 && d3*d4 < 0 {
		return meetCross
	}
	if (d1 == 0 && valOnSeg(q1, q2, p1)) || (d2 == 0 && valOnSeg(q1, q2, p2)) ||
		(d3 == 0 && valOnSeg(p1, p2, q1)) || (d4 == 0 && valOnSeg(p1, p2, q2)) {
		return meetTouch
	}
	return meetNone
}

// valPointInRing returns 1 if pt is strictly inside ring r, -1 if strictly
// outside and 0 if on its boundary. O(len(r)).
func valPointInRing(pt orb.Point, r orb.Ring) int {
	in := false
	for k := 0; k+1 < len(r); k++ {
		a, b := r[k], r[k+1]
		// An edge wholly above or wholly below pt neither holds it nor
		// crosses its horizontal: most edges of a long ring.
		if above := a[1] > pt[1]; above == (b[1] > pt[1]) && (above || a[1] < pt[1] && b[1] < pt[1]) {
			continue
		}
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

// valRingRel returns the relation of ring a to ring b, which it does not
// cross: 1 if a lies inside b (a point of a is strictly inside b), -1 if
// outside, 0 if a lies on b's boundary everywhere it is tested (a is b).
//
// The test points are a's positions, then, when all of them lie on b's
// boundary, the middles of the stretches into which b's positions cut a's
// edges, skipping stretches that run along an edge of b. As the rings do
// not cross, each such stretch lies wholly inside or outside b, so the
// answer does not depend on where a starts. Cost O(len(a)·len(b)).
func valRingRel(a, b orb.Ring) int {
	for _, pt := range a {
		if rel := valPointInRing(pt, b); rel != 0 {
			return rel
		}
	}
	var cuts []valCut
	for k := 0; k+1 < len(a); k++ {
		p, q := a[k], a[k+1]
		if p == q {
			continue
		}
		ax := 0
		if math.Abs(q[1]-p[1]) > math.Abs(q[0]-p[0]) {
			ax = 1
		}
		cuts = append(cuts[:0], valCut{0, p}, valCut{1, q})
		for _, c := range b[:len(b)-1] {
			if c != p && c != q && valOrient(p, q, c) == 0 && valOnSeg(p, q, c) {
				cuts = append(cuts, valCut{(c[ax] - p[ax]) / (q[ax] - p[ax]), c})
			}
		}
		slices.SortFunc(cuts, func(x, y valCut) int { return cmp.Compare(x.t, y.t) })
		for j := 0; j+1 < len(cuts); j++ {
			u, v := cuts[j].pt, cuts[j+1].pt
			if u == v || valAlongRing(u, v, b) {
				continue
			}
			mid := orb.Point{u[0] + (v[0]-u[0])/2, u[1] + (v[1]-u[1])/2}
			if rel := valPointInRing(mid, b); rel != 0 {
				return rel
			}
		}
	}
	return 0
}

// valCut is a point of an edge, at parameter t along it.
type valCut struct {
	t  float64
	pt orb.Point
}

// valAlongRing reports whether the segment u-v lies on one edge of ring r.
func valAlongRing(u, v orb.Point, r orb.Ring) bool {
	for k := 0; k+1 < len(r); k++ {
		c, d := r[k], r[k+1]
		if c != d && valOrient(c, d, u) == 0 && valOrient(c, d, v) == 0 && valOnSeg(c, d, u) && valOnSeg(c, d, v) {
			return true
		}
	}
	return false
}

func valRingBound(r orb.Ring) orb.Bound { return orb.LineString(r).Bound() }

func valBoundWithin(inner, outer orb.Bound) bool {
	return inner.Min[0] >= outer.Min[0] && inner.Min[1] >= outer.Min[1] &&
		inner.Max[0] <= outer.Max[0] && inner.Max[1] <= outer.Max[1]
}

// valCheckHoles checks, once no rings cross, that every hole is inside the
// shell (and is not the shell itself) and that no hole lies inside another.
func valCheckHoles(p orb.Polygon) *GeometryError {
	bounds := make([]orb.Bound, len(p))
	for i, r := range p {
		bounds[i] = valRingBound(r)
	}
	for i := 1; i < len(p); i++ {
		if !valBoundWithin(bounds[i], bounds[0]) || valRingRel(p[i], p[0]) <= 0 {
			return newGeomErr(0, i, -1, -1, ErrHoleOutside)
		}
	}
	for i := 1; i < len(p); i++ {
		for j := 1; j < len(p); j++ {
			if i == j || !valBoundWithin(bounds[i], bounds[j]) {
				continue
			}
			// A ring on the other's boundary everywhere is the same ring
			// repeated: report it once, on the later ring.
			rel := valRingRel(p[i], p[j])
			if rel > 0 || (rel == 0 && i > j) {
				a, b := max(i, j), min(i, j)
				return newGeomErr(0, a, -1, b, ErrHolesOverlap)
			}
		}
	}
	return nil
}

// valCheckNested reports polygons lying inside another polygon's
// shell (and not inside one of its holes), once no boundaries cross.
func valCheckNested(mp orb.MultiPolygon) *GeometryError {
	bounds := make([]orb.Bound, len(mp))
	for i, p := range mp {
		bounds[i] = valRingBound(p[0])
	}
	for i := range mp {
		for j := range mp {
			if i == j || !valBoundWithin(bounds[i], bounds[j]) {
				continue
			}
			if valInsidePolygon(mp[i][0], mp[j]) {
				a, b := max(i, j), min(i, j)
				return newGeomErr(a, 0, -1, b, ErrPolygonsOverlap)
			}
		}
	}
	return nil
}

// valInsidePolygon reports whether ring a, which crosses no ring of p, lies in
// p's interior: inside p's shell (see [valRingRel]; a ring that is the
// shell counts as inside) and neither inside nor equal to one of its holes.
func valInsidePolygon(a orb.Ring, p orb.Polygon) bool {
	if valRingRel(a, p[0]) < 0 {
		return false
	}
	ab := valRingBound(a)
	for _, h := range p[1:] {
		if valBoundWithin(ab, valRingBound(h)) && valRingRel(a, h) >= 0 {
			return false
		}
	}
	return true
}

// NormalizeMultiPolygon makes a decoded WGS84 multipolygon ready for the
// model, as every reader does: in lenient mode it first repairs what is
// unambiguous, dropping exact consecutive repeated positions and closing an
// unclosed ring that has at least 3 distinct positions; then it validates
// mp as [ValidateMultiPolygon] does; then it turns each ring to the RFC 7946
// winding (shell counter-clockwise, holes clockwise), judged on the ground:
// a ring across the 180° meridian is not taken the long way round. In strict mode
// (lenient false) repeated positions are kept (they are valid) and an
// unclosed ring is [ErrUnclosedRing].
//
// warn, which may be nil, receives each repair and each ring turned, with
// the ring's field ("geometry.polygon[0].ring[1]") and a message. The rings
// of mp are modified in place and the result shares them; on error the
// result is nil and the error is a *[GeometryError]. An empty mp is
// returned as it is. Cost: that of ValidateMultiPolygon, plus O(positions).
func NormalizeMultiPolygon(mp orb.MultiPolygon, lenient bool, warn func(field, msg string)) (orb.MultiPolygon, error) {
	if warn == nil {
		warn = func(string, string) {}
	}
	field := func(pi, ri int) string { return fmt.Sprintf("geometry.polygon[%d].ring[%d]", pi, ri) }
	if lenient {
		for pi, p := range mp {
			for ri, r := range p {
				var dropped []int
				out := r[:0:0]
				for k, pt := range r {
					if k > 0 && pt == r[k-1] {
						dropped = append(dropped, k)
						continue
					}
					out = append(out, pt)
				}
				if len(dropped) > 0 {
					warn(field(pi, ri), fmt.Sprintf("dropped %d repeated position(s) at %s", len(dropped), intList(dropped)))
					r = out
				}
				if len(r) >= 3 && r[0] != r[len(r)-1] && valDistinct(append(slices.Clip(r), r[0])) >= 3 {
					warn(field(pi, ri), "ring was not closed: closed it by repeating position 0")
					r = append(slices.Clip(r), r[0])
				}
				p[ri] = r
			}
		}
	}
	if err := ValidateMultiPolygon(mp); err != nil {
		var ge *GeometryError
		if !errors.As(err, &ge) {
			ge = newGeomErr(-1, -1, -1, -1, err)
		}
		return nil, ge
	}
	for pi, p := range mp {
		for ri, r := range p {
			ccw := unwrappedSignedArea(r) > 0
			if want := ri == 0; ccw != want {
				slices.Reverse(r)
				if want {
					warn(field(pi, ri), "shell was clockwise: reversed to counter-clockwise (RFC 7946)")
				} else {
					warn(field(pi, ri), "hole was counter-clockwise: reversed to clockwise (RFC 7946)")
				}
			}
		}
	}
	return mp, nil
}

// intList writes xs as "1, 2, 3", the first 10 and a count of the others.
func intList(xs []int) string {
	const maxShown = 10
	var b strings.Builder
	for i, x := range xs {
		if i == maxShown {
			fmt.Fprintf(&b, " and %d more", len(xs)-maxShown)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprint(&b, x)
	}
	return b.String()
}
