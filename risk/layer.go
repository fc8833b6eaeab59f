package risk

import (
	"strings"

	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/geo/feature"
	"github.com/landrelease/clearance/internal/text"
	"github.com/paulmach/orb"
)

// LayerOptions sets what CellsLayer yields. A nil *LayerOptions means the
// defaults.
type LayerOptions struct {
	// Points yields each cell's centre as a point instead of its square.
	Points bool
}

// CellsLayer returns the scored cells as a layer named "cells", to write
// with any format's writer (geo/dataset.Write: GeoPackage, PostGIS,
// GeoJSON...). Its columns are those of WriteCSV, with the same values at
// full precision: i and j (ints), area_m2, density, likelihood (Mixture
// only), village_m, risk,
// ground_m2, proximity, lon, lat, x, y, the extra factors by name
// (floats), and hazards (the ids of the hazards touching the cell joined
// by ";"). Each row's geometry is the cell's square in WGS84 (its four
// corners inverse-projected, SW, SE, NE, NW, a closed counter-clockwise
// ring, as WriteCellsGeoJSON writes it), or with opts.Points its centre.
// Rows come in J-then-I order and are computed as they are read: nothing
// is held but one row. An empty surface gives a layer without rows. It
// returns ErrSource if the surface has no projection. Cost O(cells) per
// pass over the rows.
func (s *Surface) CellsLayer(opts *LayerOptions) (*feature.Layer, error) {
	var o LayerOptions
	if opts != nil {
		o = *opts
	}
	if s.Projection == nil {
		return nil, ErrSource
	}
	names := strings.Split(s.csvHeaderStart(false), ",")
	mix := s.Model.Kind == Mixture
	cols := make([]feature.Column, 0, len(names)+len(s.FactorNames)+1)
	for k, n := range names {
		t := feature.TypeFloat
		if k < 2 {
			t = feature.TypeInt
		}
		cols = append(cols, feature.Column{Name: n, Type: t})
	}
	for _, n := range s.FactorNames {
		cols = append(cols, feature.Column{Name: n, Type: feature.TypeFloat})
	}
	cols = append(cols, feature.Column{Name: "hazards", Type: feature.TypeString})
	kind := feature.PolygonGeometry
	if o.Points {
		kind = feature.PointGeometry
	}
	ids := s.hazardIDs()
	size := s.Grid.Size()
	return &feature.Layer{
		Name:     "cells",
		Geometry: kind,
		Columns:  cols,
		Rows: func(yield func(orb.Geometry, []any) bool) {
			vals := make([]any, len(cols))
			var sb strings.Builder
			for k := range s.Cells {
				c := &s.Cells[k]
				ll := s.LonLat(k)
				var n int
				if mix {
					row := [...]any{c.I, c.J, c.AreaM2, c.Density, c.Likelihood, c.VillageM, c.Risk, c.GroundM2, c.Proximity,
						ll.Lon, ll.Lat, c.Centre.X, c.Centre.Y}
					n = copy(vals, row[:])
				} else {
					row := [...]any{c.I, c.J, c.AreaM2, c.Density, c.VillageM, c.Risk, c.GroundM2, c.Proximity,
						ll.Lon, ll.Lat, c.Centre.X, c.Centre.Y}
					n = copy(vals, row[:])
				}
				for _, v := range s.Extra(k) {
					vals[n] = v
					n++
				}
				sb.Reset()
				for q, h := range s.CellHazards(k) {
					if q > 0 {
						sb.WriteByte(';')
					}
					sb.WriteString(ids[h])
				}
				vals[n] = sb.String()
				var g orb.Geometry
				if o.Points {
					g = orb.Point{ll.Lon, ll.Lat}
				} else {
					x0, y0 := float64(c.I)*size, float64(c.J)*size
					x1, y1 := x0+size, y0+size
					ring := make(orb.Ring, 5)
					for q, xy := range [4]geo.XY{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}} {
						p := s.Projection.Inverse(xy)
						ring[q] = orb.Point{p.Lon, p.Lat}
					}
					ring[4] = ring[0]
					g = orb.Polygon{ring}
				}
				if !yield(g, vals) {
					return
				}
			}
		},
	}, nil
}

// HazardsLayer returns the per-hazard aggregates as a layer named
// "hazard_risk" of the hazards' WGS84 polygons, one row per hazard in
// index order, with the columns WriteHazardsGeoJSON writes: id (the ID and
// Label), kind, status, area_m2, ground_m2, risk_mass, mean_risk (per ha),
// peak_risk (floats), cells and cells_above (ints). It returns ErrSource
// if the surface's source dataset is missing or not aligned with the
// hazards. Cost O(hazards + vertices) per pass over the rows.
func (s *Surface) HazardsLayer() (*feature.Layer, error) {
	src := s.src.Source
	if src == nil || len(src.Hazards) != len(s.Hazards) {
		return nil, ErrSource
	}
	cols := []feature.Column{
		{Name: "id", Type: feature.TypeString, ID: true, Label: true},
		{Name: "kind", Type: feature.TypeString},
		{Name: "status", Type: feature.TypeString},
	}
	for _, n := range []string{"area_m2", "ground_m2", "risk_mass", "mean_risk", "peak_risk"} {
		cols = append(cols, feature.Column{Name: n, Type: feature.TypeFloat})
	}
	cols = append(cols, feature.Column{Name: "cells", Type: feature.TypeInt}, feature.Column{Name: "cells_above", Type: feature.TypeInt})
	return &feature.Layer{
		Name:     "hazard_risk",
		Geometry: feature.PolygonGeometry,
		Columns:  cols,
		Rows: func(yield func(orb.Geometry, []any) bool) {
			vals := make([]any, len(cols))
			for h := range s.Hazards {
				hs, hz := &s.Hazards[h], &src.Hazards[h]
				row := [...]any{hs.ID, hz.Kind.String(), text.Status(hz.Status), hs.AreaM2, hs.GroundM2,
					hs.RiskMass, hs.MeanRisk, hs.PeakRisk, hs.Cells, hs.CellsAbove}
				copy(vals, row[:])
				if !yield(hz.Geometry, vals) {
					return
				}
			}
		},
	}, nil
}
