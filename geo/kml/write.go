package kml

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/geo/feature"
	"github.com/paulmach/orb"
	"github.com/twpayne/go-geom"
	kmlgeom "github.com/twpayne/go-geom/encoding/kml"
	gokml "github.com/twpayne/go-kml/v3"
)

// Write writes l as one KML Document named l.Name, a Placemark per row in
// row order: <name> from the Label column (left out when empty, or when
// another column named "name", in any case, has a value in the row); an
// ExtendedData Data element per column with a value in the row, in column
// order, except a Label column that is not also the ID, as text (see
// feature.Column.Text); and the geometry: a Point, a Polygon, or a
// MultiGeometry of Polygons for a MultiPolygon of more than one.
//
// It refuses a row whose ID has a value beside another column named "id"
// (in any case) with a value, as a reader could not tell them apart, and a
// NaN or infinite coordinate; the error names the row. The layer is built
// in memory before it is written: cost O(rows · columns + positions)
// time and space.
func Write(w io.Writer, l *feature.Layer) error {
	var pms []gokml.Element
	i := 0
	for g, vals := range l.Rows {
		pm, err := placemark(l.Columns, vals, g)
		if err != nil {
			return fmt.Errorf("%s: row %d: %w", l.Name, i, err)
		}
		pms = append(pms, pm)
		i++
	}
	doc := gokml.Document(append([]gokml.Element{gokml.Name(l.Name)}, pms...)...)
	bw := bufio.NewWriter(w)
	if err := gokml.KML(doc).WriteIndent(bw, "", "  "); err != nil {
		return err
	}
	bw.WriteByte('\n')
	return bw.Flush()
}

// placemark builds the Placemark of one row.
func placemark(cols []feature.Column, vals []any, g orb.Geometry) (gokml.Element, error) {
	ge, err := encodeGeometry(g)
	if err != nil {
		return nil, err
	}
	var name string
	hasName, hasID := false, false
	for k, c := range cols {
		s, _ := vals[k].(string)
		if c.Label {
			name = s
		}
		if c.ID {
			hasID = s != ""
		}
	}
	for k, c := range cols {
		if vals[k] == nil || c.Label || c.ID {
			continue
		}
		if strings.EqualFold(c.Name, "name") {
			hasName = true
		}
		if hasID && strings.EqualFold(c.Name, "id") {
			return nil, fmt.Errorf("property %q has the name of a field the writer uses", c.Name)
		}
	}
	var children []gokml.Element
	if name != "" && !hasName {
		children = append(children, gokml.Name(name))
	}
	var data []gokml.Element
	for k, c := range cols {
		v := vals[k]
		if v == nil || c.Label && !c.ID {
			continue
		}
		s, err := c.Text(v)
		if err != nil {
			return nil, fmt.Errorf("property %q: %w", c.Name, err)
		}
		data = append(data, gokml.Data(c.Name, gokml.Value(s)))
	}
	if len(data) > 0 {
		children = append(children, gokml.ExtendedData(data...))
	}
	children = append(children, ge)
	return gokml.Placemark(children...), nil
}

func encodeGeometry(g orb.Geometry) (gokml.Element, error) {
	switch x := g.(type) {
	case orb.Point:
		if err := checkFinite(x[0], x[1]); err != nil {
			return nil, err
		}
		return kmlgeom.EncodePoint(geom.NewPointFlat(geom.XY, []float64{x[0], x[1]})), nil
	case orb.Polygon:
		return encodeMultiPolygon(orb.MultiPolygon{x})
	case orb.MultiPolygon:
		return encodeMultiPolygon(x)
	}
	return nil, fmt.Errorf("geometry %T: want a Point, Polygon or MultiPolygon", g)
}

func encodeMultiPolygon(mp orb.MultiPolygon) (gokml.Element, error) {
	var flat []float64
	endss := make([][]int, 0, len(mp))
	for _, p := range mp {
		ends := make([]int, 0, len(p))
		for _, r := range p {
			for _, pt := range r {
				if err := checkFinite(pt[0], pt[1]); err != nil {
					return nil, err
				}
				flat = append(flat, pt[0], pt[1])
			}
			ends = append(ends, len(flat))
		}
		endss = append(endss, ends)
	}
	if len(mp) == 1 {
		return kmlgeom.EncodePolygon(geom.NewPolygonFlat(geom.XY, flat, endss[0])), nil
	}
	return kmlgeom.EncodeMultiPolygon(geom.NewMultiPolygonFlat(geom.XY, flat, endss)), nil
}

func checkFinite(pts ...float64) error {
	for _, v := range pts {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return geo.ErrNotFinite
		}
	}
	return nil
}
