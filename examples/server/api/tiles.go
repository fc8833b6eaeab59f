package api

import (
	"fmt"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/mvt"
	"github.com/paulmach/orb/geojson"
	"github.com/paulmach/orb/maptile"
	"github.com/tidwall/rtree"

	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/risk"
)

// riskColors colour the risk classes, lowest first (ColorBrewer YlOrRd).
var riskColors = []string{"#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"}

// cellMinZoom is the first zoom whose tiles carry the cells.
const cellMinZoom = 11

// maxZoom is the deepest tile served.
const maxZoom = 22

// surface is a scored surface with what the map needs: the hazards' and
// cells' boxes in lon/lat in R-trees, the bounds and the legend's breaks.
type surface struct {
	s      *risk.Surface
	bounds [4]float64 // west, south, east, north of the hazards (or cells)
	// breaks are the upper bounds of the risk classes but the last, in risk
	// per hectare: the 20th, 40th, 60th and 80th percentiles of the
	// hazards' mean risk per hectare.
	breaks  []float64
	hazards rtree.RTreeG[int]
	cells   rtree.RTreeG[int]
}

func newSurface(rs *risk.Surface) *surface {
	sf := &surface{s: rs}
	src := rs.Projected().Source
	b := orb.Bound{Min: orb.Point{math.Inf(1), math.Inf(1)}, Max: orb.Point{math.Inf(-1), math.Inf(-1)}}
	var means []float64
	for k := range src.Hazards {
		hb := src.Hazards[k].Geometry.Bound()
		sf.hazards.Insert(hb.Min, hb.Max, k)
		b = b.Union(hb)
		if k < len(rs.Hazards) && rs.Hazards[k].Cells > 0 {
			means = append(means, rs.Hazards[k].MeanRisk)
		}
	}
	for k := range rs.Cells {
		cb := cellBound(rs, k)
		sf.cells.Insert(cb.Min, cb.Max, k)
		b = b.Union(cb)
	}
	if !math.IsInf(b.Min[0], 0) {
		sf.bounds = [4]float64{b.Min[0], b.Min[1], b.Max[0], b.Max[1]}
	}
	slices.Sort(means)
	sf.breaks = make([]float64, len(riskColors)-1)
	for q := range sf.breaks {
		if len(means) > 0 {
			sf.breaks[q] = means[(q+1)*(len(means)-1)/len(riskColors)]
		}
	}
	return sf
}

// class returns the risk class of a risk per hectare.
func (sf *surface) class(riskHa float64) int {
	c := 0
	for c < len(sf.breaks) && riskHa > sf.breaks[c] {
		c++
	}
	return c
}

// cellRing returns the square of cell k in lon/lat.
func cellRing(rs *risk.Surface, k int) orb.Ring {
	c := rs.Cells[k]
	box := rs.Grid.CellBox(c.I, c.J)
	corners := [4]geo.XY{box.Min, {X: box.Max.X, Y: box.Min.Y}, box.Max, {X: box.Min.X, Y: box.Max.Y}}
	ring := make(orb.Ring, 0, 5)
	for _, p := range corners {
		ll := rs.Projection.Inverse(p)
		ring = append(ring, orb.Point{ll.Lon, ll.Lat})
	}
	return append(ring, ring[0])
}

func cellBound(rs *risk.Surface, k int) orb.Bound {
	return cellRing(rs, k).Bound()
}

// tile writes the vector tile z/x/y of the query's dataset: layer
// "hazards" (id, kind, status, risk_ha, peak_risk, risk_mass, area_ha,
// class) and, from zoom cellMinZoom, layer "cells" (i, j, risk, risk_ha,
// area_m2, class).
func (s *Server) tile(w http.ResponseWriter, r *http.Request) {
	yStr, ok := strings.CutSuffix(r.PathValue("y"), ".mvt")
	if !ok {
		writeError(w, http.StatusNotFound, fmt.Errorf("tiles are /tiles/{z}/{x}/{y}.mvt"))
		return
	}
	z, errZ := strconv.Atoi(r.PathValue("z"))
	x, errX := strconv.Atoi(r.PathValue("x"))
	y, errY := strconv.Atoi(yStr)
	if errZ != nil || errX != nil || errY != nil || z < 0 || z > maxZoom || x < 0 || y < 0 || x >= 1<<z || y >= 1<<z {
		writeError(w, http.StatusBadRequest, fmt.Errorf("tile %s/%s/%s: want zoom 0 to %d and x, y from 0 to 2^zoom - 1",
			r.PathValue("z"), r.PathValue("x"), yStr, maxZoom))
		return
	}
	sf, _, err := s.surfaceOf(r)
	if err != nil {
		writeError(w, 0, err)
		return
	}
	t := maptile.New(uint32(x), uint32(y), maptile.Zoom(z))
	data, err := sf.tile(t)
	if err != nil {
		writeError(w, 0, err)
		return
	}
	w.Header().Set("Content-Type", "application/vnd.mapbox-vector-tile")
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	w.Write(data)
}

// tile encodes the tile t.
func (sf *surface) tile(t maptile.Tile) ([]byte, error) {
	b := t.Bound(1.0 / 16) // a small buffer, so the clipped edges fall outside
	rs := sf.s
	src := rs.Projected().Source
	hz := geojson.NewFeatureCollection()
	var hk []int
	sf.hazards.Search(b.Min, b.Max, func(_, _ [2]float64, k int) bool {
		hk = append(hk, k)
		return true
	})
	slices.Sort(hk)
	for _, k := range hk {
		h := src.Hazards[k]
		f := geojson.NewFeature(h.Geometry.Clone())
		f.Properties["id"] = h.ID
		f.Properties["kind"] = h.Kind.String()
		f.Properties["status"] = h.Status.String()
		if k < len(rs.Hazards) {
			hs := rs.Hazards[k]
			f.Properties["risk_ha"] = hs.MeanRisk
			f.Properties["peak_risk"] = hs.PeakRisk
			f.Properties["risk_mass"] = hs.RiskMass
			f.Properties["area_ha"] = hs.AreaM2 / 1e4
			f.Properties["class"] = sf.class(hs.MeanRisk)
		}
		hz.Append(f)
	}
	collections := map[string]*geojson.FeatureCollection{"hazards": hz}
	if int(t.Z) >= cellMinZoom {
		cells := geojson.NewFeatureCollection()
		var ck []int
		sf.cells.Search(b.Min, b.Max, func(_, _ [2]float64, k int) bool {
			ck = append(ck, k)
			return true
		})
		slices.Sort(ck)
		for _, k := range ck {
			c := rs.Cells[k]
			f := geojson.NewFeature(orb.Polygon{cellRing(rs, k)})
			riskHa := 0.0
			if c.AreaM2 > 0 {
				riskHa = c.Risk / (c.AreaM2 / 1e4)
			}
			f.Properties["i"] = c.I
			f.Properties["j"] = c.J
			f.Properties["risk"] = c.Risk
			f.Properties["risk_ha"] = riskHa
			f.Properties["area_m2"] = c.AreaM2
			f.Properties["class"] = sf.class(riskHa)
			cells.Append(f)
		}
		collections["cells"] = cells
	}
	layers := mvt.NewLayers(collections)
	slices.SortFunc(layers, func(a, b *mvt.Layer) int { return strings.Compare(a.Name, b.Name) })
	layers.ProjectToTile(t)
	layers.Clip(mvt.MapboxGLDefaultExtentBound)
	layers.RemoveEmpty(0, 0)
	return mvt.Marshal(layers)
}
