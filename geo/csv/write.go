package csv

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/geo/feature"
	"github.com/paulmach/orb"
)

// Write writes l, a layer of points, as CSV: a header "lat,lon" and the
// column names, then a row per point in row order with its latitude and
// longitude (shortest exact decimals) and its values as text (see
// feature.Column.Text; no value is an empty field). [Decode] reads it back.
//
// It refuses a layer that is not of points (feature.ErrGeometryType), one
// whose column names are blank, repeated in any case, or those of a
// coordinate column ("lat", "X"...), and a coordinate that is not finite
// or out of range; the error names the column or row. Rows are written as they come: cost
// O(rows · columns), memory O(columns).
func Write(w io.Writer, l *feature.Layer) error {
	if l.Geometry != feature.PointGeometry {
		return fmt.Errorf("%s: CSV holds points: %w", l.Name, feature.ErrGeometryType)
	}
	header := make([]string, 0, 2+len(l.Columns))
	header = append(header, "lat", "lon")
	seen := map[string]bool{"lat": true, "lon": true}
	for _, pair := range csvCoordNames {
		seen[pair[0]], seen[pair[1]] = true, true
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
		pt, ok := g.(orb.Point)
		if !ok {
			return fmt.Errorf("%s: row %d: geometry %T: %w", l.Name, i, g, feature.ErrGeometryType)
		}
		if err := geo.ValidatePoint(pt); err != nil {
			return fmt.Errorf("%s: row %d: %w", l.Name, i, err)
		}
		rec[0] = strconv.FormatFloat(pt[1], 'f', -1, 64)
		rec[1] = strconv.FormatFloat(pt[0], 'f', -1, 64)
		for k, c := range l.Columns {
			s, err := c.Text(vals[k])
			if err != nil {
				return fmt.Errorf("%s: row %d: column %q: %w", l.Name, i, c.Name, err)
			}
			rec[2+k] = s
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
		i++
	}
	cw.Flush()
	return cw.Error()
}
