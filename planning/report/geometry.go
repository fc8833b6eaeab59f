package report

import (
	"fmt"
	"math"

	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/planning"
	"github.com/landrelease/clearance/risk"
	"github.com/paulmach/orb"
)

// unitShape returns the WGS84 polygons of unit u (index ui), rounded to 7
// decimals, as the package documentation describes, or nil if the unit is
// drawn as a point. It returns an error if an index of u is out of range.
func unitShape(ui int, u *planning.Unit, s *risk.Surface) (orb.MultiPolygon, error) {
	if s == nil {
		return nil, nil
	}
	if len(u.Cells) > 0 && (u.Block || len(u.Hazards) == 0) {
		if s.Projection == nil {
			return nil, nil
		}
		cells := make([]ipt, len(u.Cells))
		for k, c := range u.Cells {
			if c < 0 || c >= len(s.Cells) {
				return nil, fmt.Errorf("report: unit %d (id %q): cell index %d out of range [0, %d)",
					ui, u.ID, c, len(s.Cells))
			}
			cells[k] = ipt{s.Cells[c].I, s.Cells[c].J}
		}
		return cellsLonLat(outline(cells), s.Grid.Size(), s.Projection), nil
	}
	src := s.Projected()
	if len(u.Hazards) == 0 || src == nil || src.Source == nil {
		return nil, nil
	}
	var mp orb.MultiPolygon
	for _, h := range u.Hazards {
		if h < 0 || h >= len(src.Source.Hazards) {
			return nil, fmt.Errorf("report: unit %d (id %q): hazard index %d out of range [0, %d)",
				ui, u.ID, h, len(src.Source.Hazards))
		}
		for _, poly := range src.Source.Hazards[h].Geometry {
			p := make(orb.Polygon, len(poly))
			for r, ring := range poly {
				rr := make(orb.Ring, len(ring))
				for k, pt := range ring {
					rr[k] = orb.Point{coord(pt[0]), coord(pt[1])}
				}
				p[r] = rr
			}
			mp = append(mp, p)
		}
	}
	return mp, nil
}

// cellsLonLat turns traced outlines in grid corners into WGS84 polygons:
// corner (i, j) is at (i·size, j·size) metres, inverse-projected.
func cellsLonLat(polys []ipoly, size float64, proj geo.Projection) orb.MultiPolygon {
	mp := make(orb.MultiPolygon, len(polys))
	for k, poly := range polys {
		p := make(orb.Polygon, len(poly))
		for r, ring := range poly {
			rr := make(orb.Ring, len(ring))
			for q, c := range ring {
				ll := proj.Inverse(geo.XY{X: float64(c.i) * size, Y: float64(c.j) * size})
				rr[q] = orb.Point{coord(ll.Lon), coord(ll.Lat)}
			}
			p[r] = rr
		}
		mp[k] = p
	}
	return mp
}

// unitPoint returns the unit's centre in WGS84: Unit.LonLat, or its
// projected centre inverse-projected if LonLat is zero and s has a
// projection.
func unitPoint(u *planning.Unit, s *risk.Surface) geo.LonLat {
	ll := u.LonLat
	if ll == (geo.LonLat{}) && s != nil && s.Projection != nil && u.Centre != (geo.XY{}) {
		ll = s.Projection.Inverse(u.Centre)
	}
	return geo.LonLat{Lon: coord(ll.Lon), Lat: coord(ll.Lat)}
}

// finite reports whether ll is a finite position.
func finite(ll geo.LonLat) bool {
	return !math.IsNaN(ll.Lon) && !math.IsNaN(ll.Lat) && !math.IsInf(ll.Lon, 0) && !math.IsInf(ll.Lat, 0)
}

// shapes holds the WGS84 polygons of every unit (unitShape's), made once
// by workers goroutines for the writers that draw the same units; the
// polygons are the same whatever the count. A nil *shapes computes each
// shape when asked.
type shapes struct {
	mp  []orb.MultiPolygon
	err error
}

// newShapes computes the shapes of units on s with workers goroutines
// (each unit on its own, so the result does not depend on the count).
func newShapes(units []planning.Unit, s *risk.Surface, workers int) *shapes {
	sh := &shapes{mp: make([]orb.MultiPolygon, len(units))}
	errs := make([]error, len(units))
	parallel(workers, len(units), func(i int) {
		sh.mp[i], errs[i] = unitShape(i, &units[i], s)
	})
	for _, err := range errs {
		if err != nil {
			sh.err = err
			break
		}
	}
	return sh
}

// shape returns unit ui's shape: the one computed, or unitShape's.
func (sh *shapes) shape(ui int, u *planning.Unit, s *risk.Surface) (orb.MultiPolygon, error) {
	if sh == nil || ui < 0 || ui >= len(sh.mp) {
		return unitShape(ui, u, s)
	}
	if sh.err != nil {
		return nil, sh.err
	}
	return sh.mp[ui], nil
}
