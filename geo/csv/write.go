package csv

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/geo/feature"
	"github.com/landrelease/clearance/internal/crs"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkt"
)

// Write writes l as CSV: for a layer of points, a header "lat,lon" and the
// column names, then a row per point in row order with its latitude and
// longitude (shortest exact decimals); for a layer of polygons, a header
// "wkt" and the column names, then a row per polygon with its WKT
// (shortest exact decimals). Then each row's values as text (see
// feature.Column.Text; no value is an empty field). [Decode] reads it back.
//
// It refuses a layer whose column names are blank, repeated in any case,
// or those of a coordinate or WKT column ("lat", "X", "geometry"...), a
// row whose geometry is not of the layer's kind
// (feature.ErrGeometryType), and a coordinate that is not finite or out of
// range; the error names the column or row. Rows are written as they come: cost
// O(rows · columns), memory O(columns).
func Write(w io.Writer, l *feature.Layer) error {
	polygons := l.Geometry == feature.PolygonGeometry
	if l.Geometry != feature.PointGeometry && !polygons {
		return fmt.Errorf("%s: geometry kind %d: %w", l.Name, l.Geometry, feature.ErrGeometryType)
	}
	geomCols := 2
	header := make([]string, 0, 2+len(l.Columns))
	if polygons {
		header, geomCols = append(header, "wkt"), 1
	} else {
		header = append(header, "lat", "lon")
	}
	seen := map[string]bool{"lat": true, "lon": true}
	for _, pair := range csvCoordNames {
		seen[pair[0]], seen[pair[1]] = true, true
	}
	for _, n := range wktNames {
		seen[n] = true
	}
	for _, c := range l.Columns {
		name := strings.TrimSpace(c.Name)
		key := strings.ToLower(name)
		switch {
		case name == "" || name != c.Name:
			return fmt.Errorf("%s: column %q: a CSV column name must be non-blank, without spaces around it", l.Name, c.Name)
		case seen[key]:
			return fmt.Errorf("%s: column %q: the name is taken by a coordinate or another column", l.Name, c.Name)
		}
		seen[key] = true
		header = append(header, c.Name)
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(header); err != nil {
		return err
	}
	rec := make([]string, len(header))
	i := 0
	for g, vals := range l.Rows {
		if polygons {
			switch g.(type) {
			case orb.Polygon, orb.MultiPolygon:
			default:
				return fmt.Errorf("%s: row %d: geometry %T: %w", l.Name, i, g, feature.ErrGeometryType)
			}
			if _, field, err := crs.WGS84.Apply(g); err != nil {
				return fmt.Errorf("%s: row %d: %s: %w", l.Name, i, field, err)
			}
			rec[0] = wkt.MarshalString(g)
		} else {
			pt, ok := g.(orb.Point)
			if !ok {
				return fmt.Errorf("%s: row %d: geometry %T: %w", l.Name, i, g, feature.ErrGeometryType)
			}
			if err := geo.ValidatePoint(pt); err != nil {
				return fmt.Errorf("%s: row %d: %w", l.Name, i, err)
			}
			rec[0] = strconv.FormatFloat(pt[1], 'f', -1, 64)
			rec[1] = strconv.FormatFloat(pt[0], 'f', -1, 64)
		}
		for k, c := range l.Columns {
			s, err := c.Text(vals[k])
			if err != nil {
				return fmt.Errorf("%s: row %d: column %q: %w", l.Name, i, c.Name, err)
			}
			rec[geomCols+k] = s
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
		i++
	}
	cw.Flush()
	return cw.Error()
}
