// Package wkb decodes OGC well-known binary geometries, the ISO forms with
// Z, M and ZM, and PostGIS's extended WKB (EWKB, with its flags and SRID),
// as GeoPackage and PostGIS hold them. Only the types the layers take are
// decoded (Point, Polygon, MultiPolygon); others give their type name.
// Positions are returned as stored: the caller turns them into WGS84 and
// checks them (see internal/crs).
package wkb

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"

	"github.com/paulmach/orb"
)

// ErrWKB: the bytes are not a well-formed WKB geometry.
var ErrWKB = errors.New("geo: malformed WKB geometry")

// Geometry is a decoded geometry.
type Geometry struct {
	// Type is the WKB type's name: "Point", "Polygon", "MultiPolygon",
	// "LineString", "MultiPoint", "MultiLineString", "GeometryCollection",
	// with " Z", " M" or " ZM" for the ISO and EWKB dimensions.
	Type string
	// Geom is the orb geometry of a Point, Polygon or MultiPolygon, nil
	// for other types and for an empty geometry (POINT EMPTY is NaN NaN in
	// WKB).
	Geom orb.Geometry
	// SRID is the EWKB SRID, 0 if none.
	SRID int
	// Extra holds the third and fourth ordinates (Z, M) of every
	// position, unchecked; the caller checks they are finite.
	Extra []float64
}

var typeNames = [...]string{1: "Point", 2: "LineString", 3: "Polygon", 4: "MultiPoint", 5: "MultiLineString", 6: "MultiPolygon", 7: "GeometryCollection"}

// reader reads WKB; pos is where the next read starts.
type reader struct {
	b     []byte
	pos   int
	order binary.ByteOrder
	dims  int // 2, 3 or 4 ordinates a position
	extra *[]float64
}

func (r *reader) fail(format string, args ...any) error {
	return fmt.Errorf("byte %d: %s: %w", r.pos, fmt.Sprintf(format, args...), ErrWKB)
}

func (r *reader) u32() (uint32, error) {
	if len(r.b)-r.pos < 4 {
		return 0, r.fail("truncated")
	}
	v := r.order.Uint32(r.b[r.pos:])
	r.pos += 4
	return v, nil
}

// count reads a count of items of at least min bytes each, bounded by
// the bytes left, so that a forged count allocates nothing.
func (r *reader) count(min int) (int, error) {
	n, err := r.u32()
	if err != nil {
		return 0, err
	}
	if int64(n)*int64(min) > int64(len(r.b)-r.pos) {
		return 0, r.fail("count %d exceeds the bytes left", n)
	}
	return int(n), nil
}

func (r *reader) point() (orb.Point, error) {
	if len(r.b)-r.pos < 8*r.dims {
		return orb.Point{}, r.fail("truncated position")
	}
	var p orb.Point
	for i := range r.dims {
		v := math.Float64frombits(r.order.Uint64(r.b[r.pos:]))
		r.pos += 8
		if i < 2 {
			p[i] = v
		} else {
			*r.extra = append(*r.extra, v)
		}
	}
	return p, nil
}

func (r *reader) ring() (orb.Ring, error) {
	n, err := r.count(8 * r.dims)
	if err != nil {
		return nil, err
	}
	ring := make(orb.Ring, n)
	for i := range ring {
		if ring[i], err = r.point(); err != nil {
			return nil, err
		}
	}
	return ring, nil
}

func (r *reader) polygon() (orb.Polygon, error) {
	n, err := r.count(4)
	if err != nil {
		return nil, err
	}
	p := make(orb.Polygon, n)
	for i := range p {
		if p[i], err = r.ring(); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// header reads a byte order and a type; it returns the base type (1..7)
// and its name with dimensions.
func (r *reader) header(top bool) (base uint32, name string, srid int, err error) {
	if r.pos >= len(r.b) {
		return 0, "", 0, r.fail("truncated")
	}
	switch r.b[r.pos] {
	case 0:
		r.order = binary.BigEndian
	case 1:
		r.order = binary.LittleEndian
	default:
		return 0, "", 0, r.fail("byte order %d, want 0 or 1", r.b[r.pos])
	}
	r.pos++
	t, err := r.u32()
	if err != nil {
		return 0, "", 0, err
	}
	z, m := t&0x80000000 != 0, t&0x40000000 != 0
	hasSRID := t&0x20000000 != 0
	t &^= 0xE0000000
	switch t / 1000 {
	case 1:
		z = true
	case 2:
		m = true
	case 3:
		z, m = true, true
	}
	base = t % 1000
	if t/1000 > 3 || base < 1 || base > 7 {
		return 0, "", 0, r.fail("geometry type %d", t)
	}
	if hasSRID {
		if !top {
			return 0, "", 0, r.fail("an SRID inside a collection")
		}
		s, err := r.u32()
		if err != nil {
			return 0, "", 0, err
		}
		srid = int(int32(s))
	}
	dims := 2
	name = typeNames[base]
	switch {
	case z && m:
		dims, name = 4, name+" ZM"
	case z:
		dims, name = 3, name+" Z"
	case m:
		dims, name = 3, name+" M"
	}
	if !top && dims != r.dims {
		return 0, "", 0, r.fail("%s inside a collection of %d ordinates", name, r.dims)
	}
	r.dims = dims
	return base, name, srid, nil
}

// Decode decodes one geometry from b, which it must fill exactly. A
// malformed or truncated geometry, or bytes after it, is an error
// wrapping ErrWKB that gives the byte offset. Cost O(len(b)); a forged
// count allocates nothing beyond what b could hold.
func Decode(b []byte) (*Geometry, error) {
	g := &Geometry{}
	r := &reader{b: b, extra: &g.Extra}
	base, name, srid, err := r.header(true)
	if err != nil {
		return nil, err
	}
	g.Type, g.SRID = name, srid
	switch base {
	case 1:
		p, err := r.point()
		if err != nil {
			return nil, err
		}
		if !(math.IsNaN(p[0]) && math.IsNaN(p[1])) {
			g.Geom = p
		}
	case 3:
		p, err := r.polygon()
		if err != nil {
			return nil, err
		}
		if len(p) > 0 {
			g.Geom = p
		}
	case 6:
		n, err := r.count(9)
		if err != nil {
			return nil, err
		}
		mp := make(orb.MultiPolygon, n)
		for i := range mp {
			sub, _, _, err := r.header(false)
			if err != nil {
				return nil, err
			}
			if sub != 3 {
				return nil, r.fail("a %s inside a MultiPolygon", typeNames[sub])
			}
			if mp[i], err = r.polygon(); err != nil {
				return nil, err
			}
		}
		if len(mp) > 0 {
			g.Geom = mp
		}
	default:
		// Another type: its name is all a layer needs to refuse it.
		return g, nil
	}
	if r.pos != len(b) {
		return nil, r.fail("%d bytes after the geometry", len(b)-r.pos)
	}
	return g, nil
}
