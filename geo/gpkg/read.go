package gpkg

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/geo/feature"
	"github.com/landrelease/clearance/internal/crs"
	_ "modernc.org/sqlite" // the "sqlite" database/sql driver
)

// ErrLayer: the layer asked for is not in the file, or the file has
// several and none was named.
var ErrLayer = errors.New("geo: no such layer")

// open opens the SQLite file at path, which must exist; readOnly opens it
// so.
func open(path string, readOnly bool) (*sql.DB, error) {
	if readOnly {
		if _, err := os.Stat(path); err != nil {
			return nil, err
		}
	}
	u := url.URL{Scheme: "file", Opaque: url.PathEscape(path)}
	q := url.Values{}
	if readOnly {
		q.Set("mode", "ro")
	}
	q.Add("_pragma", "busy_timeout(5000)")
	u.RawQuery = q.Encode()
	db, err := sql.Open("sqlite", u.String())
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	return db, nil
}

// Layers returns the names of the feature tables of the GeoPackage at
// path, sorted. A file that is not a GeoPackage is an error naming it and
// wrapping feature.ErrFormat.
func Layers(ctx context.Context, path string) ([]string, error) {
	db, err := open(path, true)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	return layers(ctx, db, path)
}

func layers(ctx context.Context, db *sql.DB, path string) ([]string, error) {
	rows, err := db.QueryContext(ctx, `SELECT table_name FROM gpkg_contents WHERE lower(data_type) = 'features' ORDER BY table_name`)
	if err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("%s: %w", path, ctx.Err())
		}
		return nil, fmt.Errorf("%s: not a GeoPackage (%v): %w", path, err, feature.ErrFormat)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		out = append(out, n)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return out, nil
}

// quoteIdent quotes a SQLite identifier.
func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// Read decodes feature table layer of the GeoPackage at path ("" for the
// file's only feature table) into features, in primary key order (see
// the package doc). Each feature's Index is its position; Line is 0.
// Geometries in the layer's SRS are turned into WGS84 lon/lat and checked:
// a bad position is a problem of the feature, on the field
// ("geometry.polygon[0].ring[1]") it concerns.
//
// The error names the file: one that cannot be opened or is not a
// GeoPackage (feature.ErrFormat), a missing layer or several layers and
// none named (ErrLayer, listing them), an SRS the library cannot undo
// (internal crs.ErrUnsupported, naming it). A done ctx stops reading
// between rows with ctx.Err(). Cost O(rows · columns).
func Read(ctx context.Context, path, layer string) ([]feature.Feature, error) {
	db, err := open(path, true)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	names, err := layers(ctx, db, path)
	if err != nil {
		return nil, err
	}
	switch {
	case layer == "" && len(names) == 1:
		layer = names[0]
	case layer == "" && len(names) == 0:
		return nil, fmt.Errorf("%s: no feature table: %w", path, ErrLayer)
	case layer == "":
		return nil, fmt.Errorf("%s: %d feature tables (%s): name one as %s?layer=NAME: %w", path, len(names), strings.Join(names, ", "), path, ErrLayer)
	default:
		found := false
		for _, n := range names {
			found = found || n == layer
		}
		if !found {
			return nil, fmt.Errorf("%s: no feature table %q (it has %s): %w", path, layer, strings.Join(names, ", "), ErrLayer)
		}
	}
	where := fmt.Sprintf("%s: layer %s", path, layer)
	var geomCol string
	var srsID int64
	err = db.QueryRowContext(ctx, `SELECT column_name, srs_id FROM gpkg_geometry_columns WHERE table_name = ?`, layer).Scan(&geomCol, &srsID)
	if err != nil {
		return nil, fmt.Errorf("%s: no geometry column in gpkg_geometry_columns (%v): %w", where, err, feature.ErrFormat)
	}
	ref, err := srsOf(ctx, db, srsID)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", where, err)
	}
	cols, pk, err := columns(ctx, db, layer)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", where, err)
	}
	var sel []string
	var props []column
	gi := -1
	for _, c := range cols {
		switch {
		case strings.EqualFold(c.name, geomCol):
			gi = len(sel)
		case c.name == pk:
			continue
		default:
			props = append(props, c)
		}
		sel = append(sel, quoteIdent(c.name))
	}
	if gi < 0 {
		return nil, fmt.Errorf("%s: geometry column %q not in the table: %w", where, geomCol, feature.ErrFormat)
	}
	order := "rowid"
	if pk != "" {
		order = quoteIdent(pk)
	}
	rows, err := db.QueryContext(ctx, fmt.Sprintf("SELECT %s FROM %s ORDER BY %s", strings.Join(sel, ", "), quoteIdent(layer), order))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", where, err)
	}
	defer rows.Close()
	vals := make([]any, len(sel))
	ptrs := make([]any, len(sel))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	var out []feature.Feature
	for rows.Next() {
		if len(out)%1024 == 0 && ctx.Err() != nil {
			return nil, fmt.Errorf("%s: %w", where, ctx.Err())
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, fmt.Errorf("%s: row %d: %w", where, len(out), err)
		}
		f := feature.Feature{Index: len(out), Properties: make(map[string]any, len(props))}
		p := 0
		for i, v := range vals {
			if i == gi {
				setGeometry(&f, v, ref)
				continue
			}
			c := props[p]
			p++
			if v == nil {
				continue
			}
			f.Properties[c.name] = c.value(v)
		}
		out = append(out, f)
	}
	if err := rows.Err(); err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("%s: %w", where, ctx.Err())
		}
		return nil, fmt.Errorf("%s: %w", where, err)
	}
	return out, nil
}

// setGeometry decodes a geometry value into f, recording a problem.
func setGeometry(f *feature.Feature, v any, ref crs.CRS) {
	if v == nil {
		return
	}
	b, ok := v.([]byte)
	if !ok {
		f.Fail("geometry", fmt.Errorf("a %T where GeoPackage binary was expected: %w", v, feature.ErrBadGeometry))
		return
	}
	g, _, err := decodeBlob(b)
	if err != nil {
		f.Fail("geometry", fmt.Errorf("%w: %w", feature.ErrBadGeometry, err))
		return
	}
	f.GeometryType = strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(g.Type, " ZM"), " Z"), " M")
	for _, z := range g.Extra {
		if math.IsNaN(z) || math.IsInf(z, 0) {
			f.Fail("geometry", fmt.Errorf("a Z or M ordinate: %w", geo.ErrNotFinite))
			return
		}
	}
	if g.Geom == nil {
		if f.GeometryType == "Point" || f.GeometryType == "Polygon" || f.GeometryType == "MultiPolygon" {
			f.GeometryType = "" // empty: no geometry
		}
		return
	}
	geom, field, err := ref.Apply(g.Geom)
	if err != nil {
		f.Fail(field, err)
		return
	}
	f.Geometry = geom
}

// srsOf returns the CRS of a gpkg_spatial_ref_sys row: by its EPSG code,
// else its WKT definition. srs_id 0 (undefined geographic) is taken as
// WGS84; -1 (undefined Cartesian) is an error.
func srsOf(ctx context.Context, db *sql.DB, id int64) (crs.CRS, error) {
	if id == 0 {
		return crs.WGS84, nil
	}
	var name, org, def sql.NullString
	var code sql.NullInt64
	err := db.QueryRowContext(ctx, `SELECT srs_name, organization, organization_coordsys_id, definition FROM gpkg_spatial_ref_sys WHERE srs_id = ?`, id).
		Scan(&name, &org, &code, &def)
	if err != nil {
		return crs.CRS{}, fmt.Errorf("srs_id %d: not in gpkg_spatial_ref_sys (%v): %w", id, err, feature.ErrFormat)
	}
	if strings.EqualFold(org.String, "EPSG") && code.Valid {
		c, err := crs.FromEPSG(int(code.Int64))
		if err != nil {
			return crs.CRS{}, fmt.Errorf("srs_id %d (%s): %w", id, name.String, err)
		}
		return c, nil
	}
	c, err := crs.FromWKT(def.String)
	if err != nil {
		return crs.CRS{}, fmt.Errorf("srs_id %d (%s %d, %s): %w", id, org.String, code.Int64, name.String, err)
	}
	return c, nil
}

// column is a column of a feature table.
type column struct {
	name, typ string
}

// value turns a SQLite value of column c into a property value.
func (c column) value(v any) any {
	switch x := v.(type) {
	case int64:
		if strings.EqualFold(c.typ, "BOOLEAN") {
			return x != 0
		}
		return float64(x)
	case float64:
		return x
	case string:
		return x
	case []byte:
		return string(x)
	case bool:
		return x
	case time.Time:
		// The driver parses DATE and DATETIME text; give it back as text.
		if strings.EqualFold(c.typ, "DATE") || x.Location() == time.UTC && x.Hour() == 0 && x.Minute() == 0 && x.Second() == 0 && x.Nanosecond() == 0 {
			return x.Format(time.DateOnly)
		}
		return x.Format(time.RFC3339Nano)
	}
	return fmt.Sprint(v)
}

// columns returns the columns of table t and its integer primary key
// ("" if none).
func columns(ctx context.Context, db *sql.DB, t string) ([]column, string, error) {
	rows, err := db.QueryContext(ctx, "SELECT name, type, pk FROM pragma_table_info(?) ORDER BY cid", t)
	if err != nil {
		return nil, "", err
	}
	defer rows.Close()
	var out []column
	pk, pks := "", 0
	for rows.Next() {
		var c column
		var isPK int
		if err := rows.Scan(&c.name, &c.typ, &isPK); err != nil {
			return nil, "", err
		}
		if isPK > 0 {
			pks++
			if strings.EqualFold(c.typ, "INTEGER") {
				pk = c.name
			}
		}
		out = append(out, c)
	}
	if pks != 1 {
		pk = ""
	}
	return out, pk, rows.Err()
}
