package gpkg

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/geo/feature"
	"github.com/paulmach/orb"
)

// The tables every GeoPackage has (GeoPackage 1.3, clauses 1.1.2 and
// 1.1.3 and 2.1.5), with the three rows gpkg_spatial_ref_sys must hold.
var metaSQL = []string{
	`PRAGMA application_id = 1196444487`, // "GPKG"
	`PRAGMA user_version = 10300`,        // 1.3.0
	`CREATE TABLE IF NOT EXISTS gpkg_spatial_ref_sys (
		srs_name TEXT NOT NULL, srs_id INTEGER PRIMARY KEY, organization TEXT NOT NULL,
		organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT)`,
	`INSERT OR IGNORE INTO gpkg_spatial_ref_sys VALUES
		('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system'),
		('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system'),
		('WGS 84 geodetic', 4326, 'EPSG', 4326, 'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]', 'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid')`,
	`CREATE TABLE IF NOT EXISTS gpkg_contents (
		table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
		description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
		min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
		CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id))`,
	`CREATE TABLE IF NOT EXISTS gpkg_geometry_columns (
		table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
		srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
		CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
		CONSTRAINT uk_gc_table_name UNIQUE (table_name),
		CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
		CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id))`,
}

// geomColumn is the name of the geometry column Write creates.
const geomColumn = "geom"

// sqlType returns the GeoPackage column type of t.
func sqlType(t feature.ColumnType) string {
	switch t {
	case feature.TypeInt:
		return "INTEGER"
	case feature.TypeFloat:
		return "REAL"
	case feature.TypeBool:
		return "BOOLEAN"
	case feature.TypeDate:
		return "DATE"
	}
	return "TEXT"
}

// Write writes l as the feature table l.Name of the GeoPackage at path,
// creating the file if it does not exist and replacing a table of that
// name if it does, in one transaction: on any error (a bad row, a done
// ctx) the file is left as it was. The table has an integer primary key
// "fid", a geometry column "geom" (POINT, or MULTIPOLYGON for a polygon
// layer, whose Polygons are written as MultiPolygons of one) in EPSG:4326,
// and a column per layer column: INTEGER, REAL, BOOLEAN, DATE (a
// "2006-01-02" text at midnight UTC, RFC 3339 otherwise) or TEXT (strings;
// string lists joined with "; "; other values as feature.Column.Text
// gives them). gpkg_contents gets the layer's extent.
//
// It refuses a layer whose name or column names are blank, start with
// "gpkg_" or "rtree_", or repeat (in any case, "fid" and "geom"
// included), and a row whose geometry is not of the layer's kind or has a
// position that is not finite and in range; the error names the file,
// layer and row. Rows are streamed: cost O(rows · columns), memory
// O(columns).
func Write(ctx context.Context, path string, l *feature.Layer) (err error) {
	if err := checkNames(l); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	db, err := open(path, false)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := db.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("%s: %w", path, cerr)
		}
	}()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	defer func() {
		if err != nil {
			tx.Rollback()
		}
	}()
	for _, q := range metaSQL {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("%s: not a GeoPackage that can be written (%v): %w", path, err, feature.ErrFormat)
		}
	}
	where := fmt.Sprintf("%s: layer %s", path, l.Name)
	t := quoteIdent(l.Name)
	gtype := "POINT"
	if l.Geometry == feature.PolygonGeometry {
		gtype = "MULTIPOLYGON"
	}
	defs := []string{`"fid" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL`, quoteIdent(geomColumn) + " " + gtype}
	for _, c := range l.Columns {
		defs = append(defs, quoteIdent(c.Name)+" "+sqlType(c.Type))
	}
	for _, q := range []string{
		`DELETE FROM gpkg_geometry_columns WHERE table_name = ?`,
		`DELETE FROM gpkg_contents WHERE table_name = ?`,
	} {
		if _, err := tx.ExecContext(ctx, q, l.Name); err != nil {
			return fmt.Errorf("%s: %w", where, err)
		}
	}
	for _, q := range []string{
		"DROP TABLE IF EXISTS " + t,
		fmt.Sprintf("CREATE TABLE %s (%s)", t, strings.Join(defs, ", ")),
	} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("%s: %w", where, err)
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id) VALUES (?, 'features', ?, 4326)`, l.Name, l.Name); err != nil {
		return fmt.Errorf("%s: %w", where, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO gpkg_geometry_columns VALUES (?, ?, ?, 4326, 0, 0)`, l.Name, geomColumn, gtype); err != nil {
		return fmt.Errorf("%s: %w", where, err)
	}
	names := []string{quoteIdent(geomColumn)}
	marks := []string{"?"}
	for _, c := range l.Columns {
		names = append(names, quoteIdent(c.Name))
		marks = append(marks, "?")
	}
	stmt, err := tx.PrepareContext(ctx, fmt.Sprintf("INSERT INTO %s (%s) VALUES (%s)", t, strings.Join(names, ", "), strings.Join(marks, ", ")))
	if err != nil {
		return fmt.Errorf("%s: %w", where, err)
	}
	defer stmt.Close()
	args := make([]any, 1+len(l.Columns))
	var blob []byte
	ext := orb.Bound{Min: orb.Point{math.Inf(1), math.Inf(1)}, Max: orb.Point{math.Inf(-1), math.Inf(-1)}}
	i := 0
	for g, vals := range l.Rows {
		if i%1024 == 0 && ctx.Err() != nil {
			return fmt.Errorf("%s: %w", where, ctx.Err())
		}
		g, err := rowGeometry(l.Geometry, g)
		if err != nil {
			return fmt.Errorf("%s: row %d: %w", where, i, err)
		}
		if blob, err = encodeBlob(blob[:0], g, 4326); err != nil {
			return fmt.Errorf("%s: row %d: %w", where, i, err)
		}
		ext = ext.Union(g.Bound())
		args[0] = blob
		for k, c := range l.Columns {
			if args[1+k], err = sqlValue(c, vals[k]); err != nil {
				return fmt.Errorf("%s: row %d: column %q: %w", where, i, c.Name, err)
			}
		}
		if _, err := stmt.ExecContext(ctx, args...); err != nil {
			return fmt.Errorf("%s: row %d: %w", where, i, err)
		}
		i++
	}
	if ctx.Err() != nil {
		return fmt.Errorf("%s: %w", where, ctx.Err())
	}
	if i > 0 {
		if _, err := tx.ExecContext(ctx, `UPDATE gpkg_contents SET min_x = ?, min_y = ?, max_x = ?, max_y = ? WHERE table_name = ?`,
			ext.Min[0], ext.Min[1], ext.Max[0], ext.Max[1], l.Name); err != nil {
			return fmt.Errorf("%s: %w", where, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("%s: %w", where, err)
	}
	return nil
}

// checkNames checks the layer's table and column names.
func checkNames(l *feature.Layer) error {
	bad := func(n string) bool {
		ln := strings.ToLower(n)
		return strings.TrimSpace(n) == "" || strings.HasPrefix(ln, "gpkg_") || strings.HasPrefix(ln, "rtree_") || strings.HasPrefix(ln, "sqlite_")
	}
	if bad(l.Name) {
		return fmt.Errorf("layer name %q: a GeoPackage table name must be non-blank, not starting gpkg_, rtree_ or sqlite_", l.Name)
	}
	if l.Geometry != feature.PointGeometry && l.Geometry != feature.PolygonGeometry {
		return fmt.Errorf("layer %s: geometry kind %d: %w", l.Name, l.Geometry, feature.ErrGeometryType)
	}
	seen := map[string]bool{"fid": true, geomColumn: true}
	for _, c := range l.Columns {
		k := strings.ToLower(c.Name)
		if strings.TrimSpace(c.Name) == "" || seen[k] {
			return fmt.Errorf("layer %s: column %q: blank, or taken by fid, geom or another column", l.Name, c.Name)
		}
		seen[k] = true
	}
	return nil
}

// rowGeometry checks a row's geometry against the layer's kind and its
// positions, and returns it as written (a Polygon as a MultiPolygon).
func rowGeometry(kind feature.GeometryKind, g orb.Geometry) (orb.Geometry, error) {
	switch x := g.(type) {
	case orb.Point:
		if kind == feature.PointGeometry {
			return x, geo.ValidatePoint(x)
		}
	case orb.Polygon:
		if kind == feature.PolygonGeometry {
			return orb.MultiPolygon{x}, checkPositions(orb.MultiPolygon{x})
		}
	case orb.MultiPolygon:
		if kind == feature.PolygonGeometry {
			return x, checkPositions(x)
		}
	}
	return nil, fmt.Errorf("geometry %T in a layer of %s: %w", g, kindName(kind), feature.ErrGeometryType)
}

func kindName(k feature.GeometryKind) string {
	if k == feature.PointGeometry {
		return "points"
	}
	return "polygons"
}

func checkPositions(mp orb.MultiPolygon) error {
	for pi, p := range mp {
		for ri, r := range p {
			for k, pt := range r {
				if err := geo.ValidatePoint(pt); err != nil {
					return fmt.Errorf("polygon %d ring %d position %d: %w", pi, ri, k, err)
				}
			}
		}
	}
	return nil
}

// sqlValue returns a layer value as stored in column c.
func sqlValue(c feature.Column, v any) (any, error) {
	switch x := v.(type) {
	case nil, feature.Null:
		return nil, nil
	case int:
		if c.Type == feature.TypeInt || c.Type == feature.TypeFloat {
			return int64(x), nil
		}
	case float64:
		if c.Type == feature.TypeFloat || c.Type == feature.TypeInt {
			return x, nil
		}
	case bool:
		if c.Type == feature.TypeBool {
			return x, nil
		}
	case time.Time:
		if c.Type == feature.TypeDate {
			return c.Text(x)
		}
	}
	return c.Text(v)
}
