package crs

import (
	"fmt"
	"math"

	"github.com/landrelease/clearance/geo"
	"github.com/paulmach/orb"
)

// Apply turns every position of g, an orb.Point, Polygon or MultiPolygon
// as a decoder read it in c, into WGS84 lon/lat (rings in place) and
// checks each (finite, in range: geo.ValidatePoint). It returns the
// geometry turned; on the first bad position, the field as geo/feature
// names it ("geometry.point", "geometry.polygon[0].ring[1]") and an error
// giving the position's index and, when c is not WGS84, the coordinates
// as stored. Other geometries are returned as they are. Cost
// O(positions); it does not allocate unless a position is bad.
func (c CRS) Apply(g orb.Geometry) (orb.Geometry, string, error) {
	switch x := g.(type) {
	case orb.Point:
		q, err := c.position(x)
		if err != nil {
			return g, "geometry.point", err
		}
		return q, "", nil
	case orb.Polygon:
		if f, err := c.polygon(x, 0); err != nil {
			return g, f, err
		}
	case orb.MultiPolygon:
		for pi, p := range x {
			if f, err := c.polygon(p, pi); err != nil {
				return g, f, err
			}
		}
	}
	return g, "", nil
}

func (c CRS) polygon(p orb.Polygon, pi int) (string, error) {
	for ri, r := range p {
		for k, pt := range r {
			q, err := c.position(pt)
			if err != nil {
				return fmt.Sprintf("geometry.polygon[%d].ring[%d]", pi, ri), fmt.Errorf("position %d: %w", k, err)
			}
			r[k] = q
		}
	}
	return "", nil
}

func (c CRS) position(p orb.Point) (orb.Point, error) {
	if c.kind == lonLat {
		return p, geo.ValidatePoint(p)
	}
	if math.IsNaN(p[0]) || math.IsNaN(p[1]) || math.IsInf(p[0], 0) || math.IsInf(p[1], 0) {
		return p, geo.ValidatePoint(p)
	}
	lon, lat := c.LonLat(p[0], p[1])
	q := orb.Point{lon, lat}
	if err := geo.ValidatePoint(q); err != nil {
		return p, fmt.Errorf("(%g, %g) in %s: %w", p[0], p[1], c, err)
	}
	return q, nil
}
