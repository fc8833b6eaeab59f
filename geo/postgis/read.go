package postgis

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/landrelease/clearance/geo/feature"
	"github.com/landrelease/clearance/internal/crs"
	"github.com/landrelease/clearance/internal/wkb"
)

// ErrNoGeometry: the table or query has no geometry column, or the
// database has no PostGIS.
var ErrNoGeometry = errors.New("geo: no PostGIS geometry column")

// rowIDNames are the names of integer primary keys that are row numbers,
// not data (GDAL, shp2pgsql, ESRI), left out of the properties.
var rowIDNames = map[string]bool{"fid": true, "ogc_fid": true, "gid": true, "objectid": true}

// Type OIDs pgx decodes to values this package turns into properties;
// other columns are selected as text.
var knownOIDs = map[uint32]bool{
	pgtype.BoolOID: true, pgtype.Int2OID: true, pgtype.Int4OID: true, pgtype.Int8OID: true,
	pgtype.Float4OID: true, pgtype.Float8OID: true, pgtype.NumericOID: true,
	pgtype.TextOID: true, pgtype.VarcharOID: true, pgtype.BPCharOID: true, pgtype.NameOID: true,
	pgtype.DateOID: true, pgtype.TimestampOID: true, pgtype.TimestamptzOID: true,
	pgtype.JSONOID: true, pgtype.JSONBOID: true,
	pgtype.TextArrayOID: true, pgtype.VarcharArrayOID: true,
}

// Read reads the layer the URL names (see the package doc) into features;
// file names the layer in messages (the URL without its password if "").
// Each feature's Index is its row's position; Line is 0.
//
// The error names the layer: a bad URL (ErrURL), a failed connection or
// query, no geometry column or no PostGIS (ErrNoGeometry), a geometry
// PostGIS cannot transform to EPSG:4326 (the server's message). A bad
// position is a problem of its feature. A done ctx stops the query. Cost
// O(rows · columns) here, plus the server's.
func Read(ctx context.Context, rawURL, file string) ([]feature.Feature, error) {
	src, err := Parse(rawURL, "")
	if err != nil {
		return nil, err
	}
	if file == "" {
		file = src.String()
	}
	conn, err := pgx.Connect(ctx, src.Conn)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	defer conn.Close(context.Background())
	feats, err := read(ctx, conn, src)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	return feats, nil
}

func read(ctx context.Context, conn *pgx.Conn, src Source) ([]feature.Feature, error) {
	var geomOID uint32
	if err := conn.QueryRow(ctx, `SELECT oid FROM pg_type WHERE typname = 'geometry'`).Scan(&geomOID); err != nil {
		if errors.Is(err, pgx.ErrNoRows) {
			return nil, fmt.Errorf("the database has no PostGIS (CREATE EXTENSION postgis): %w", ErrNoGeometry)
		}
		return nil, err
	}
	from := src.tableName()
	var order []string
	if src.Query != "" {
		from = "(" + src.Query + ")"
	} else {
		keys, err := primaryKey(ctx, conn, src)
		if err != nil {
			return nil, err
		}
		order = keys
	}
	// The columns of the source, from an empty result.
	rows, err := conn.Query(ctx, "SELECT * FROM "+from+" AS src LIMIT 0")
	if err != nil {
		return nil, err
	}
	fields := rows.FieldDescriptions()
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	gi := -1
	skip := ""
	if len(order) == 1 && rowIDNames[strings.ToLower(order[0])] {
		skip = order[0]
	}
	var sel, names []string
	for i, f := range fields {
		switch {
		case f.DataTypeOID == geomOID && gi < 0:
			gi = i
			g := "src." + quoteIdent(f.Name)
			// The geometry first: its SRID, then its EWKB in EPSG:4326.
			sel = append([]string{fmt.Sprintf("ST_SRID(%s)", g),
				fmt.Sprintf("ST_AsEWKB(CASE WHEN ST_SRID(%[1]s) IN (0, 4326) THEN ST_Force2D(%[1]s) ELSE ST_Transform(ST_Force2D(%[1]s), 4326) END)", g)}, sel...)
		case f.Name == skip:
		case knownOIDs[f.DataTypeOID]:
			sel = append(sel, "src."+quoteIdent(f.Name))
			names = append(names, f.Name)
		default:
			sel = append(sel, "src."+quoteIdent(f.Name)+"::text")
			names = append(names, f.Name)
		}
	}
	if gi < 0 {
		return nil, fmt.Errorf("no geometry column among %d columns: %w", len(fields), ErrNoGeometry)
	}
	q := "SELECT " + strings.Join(sel, ", ") + " FROM " + from + " AS src"
	if len(order) > 0 {
		ob := make([]string, len(order))
		for i, k := range order {
			ob[i] = "src." + quoteIdent(k)
		}
		q += " ORDER BY " + strings.Join(ob, ", ")
	}
	rows, err = conn.Query(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []feature.Feature
	srid0 := false
	for rows.Next() {
		if len(out)%1024 == 0 && ctx.Err() != nil {
			return nil, ctx.Err()
		}
		vals, err := rows.Values()
		if err != nil {
			return nil, fmt.Errorf("row %d: %w", len(out), err)
		}
		f := feature.Feature{Index: len(out), Properties: make(map[string]any, len(names))}
		var srid int32
		if s, ok := vals[0].(int32); ok {
			srid = s
		}
		srid0 = srid0 || srid == 0 && vals[1] != nil
		setGeometry(&f, vals[1])
		for k, v := range vals[2:] {
			if v == nil {
				continue
			}
			f.Properties[names[k]] = property(v)
		}
		out = append(out, f)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if srid0 && len(out) > 0 {
		out[0].Warn("geometry", "geometries of SRID 0 (unknown): coordinates taken as WGS84 longitude and latitude")
	}
	return out, nil
}

// primaryKey returns the primary key columns of the source's table, in
// key order; none for a view or a table without one.
func primaryKey(ctx context.Context, conn *pgx.Conn, src Source) ([]string, error) {
	name := src.tableName()
	var exists bool
	if err := conn.QueryRow(ctx, `SELECT to_regclass($1) IS NOT NULL`, name).Scan(&exists); err != nil {
		return nil, err
	}
	if !exists {
		return nil, fmt.Errorf("no table %s", name)
	}
	rows, err := conn.Query(ctx, `SELECT a.attname FROM pg_index i
		JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
		WHERE i.indrelid = to_regclass($1) AND i.indisprimary
		ORDER BY array_position(i.indkey, a.attnum)`, name)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}

// setGeometry decodes an EWKB value (already in EPSG:4326) into f.
func setGeometry(f *feature.Feature, v any) {
	b, ok := v.([]byte)
	if !ok {
		return // NULL: no geometry
	}
	g, err := wkb.Decode(b)
	if err != nil {
		f.Fail("geometry", fmt.Errorf("%w: %w", feature.ErrBadGeometry, err))
		return
	}
	f.GeometryType = g.Type
	if g.Geom == nil {
		if g.Type == "Point" || g.Type == "Polygon" || g.Type == "MultiPolygon" {
			f.GeometryType = ""
		}
		return
	}
	geom, field, err := crs.WGS84.Apply(g.Geom)
	if err != nil {
		f.Fail(field, err)
		return
	}
	f.Geometry = geom
}

// property turns a value pgx decoded into a property value.
func property(v any) any {
	switch x := v.(type) {
	case int16:
		return float64(x)
	case int32:
		return float64(x)
	case int64:
		return float64(x)
	case float32:
		return float64(x)
	case float64, string, bool:
		return x
	case pgtype.Numeric:
		if f, err := x.Float64Value(); err == nil && f.Valid && !math.IsInf(f.Float64, 0) {
			return f.Float64
		}
		b, _ := x.MarshalJSON()
		return string(b)
	case time.Time:
		u := x.UTC()
		if u.Hour() == 0 && u.Minute() == 0 && u.Second() == 0 && u.Nanosecond() == 0 {
			return u.Format(time.DateOnly)
		}
		return u.Format(time.RFC3339Nano)
	case map[string]any, []any:
		return x
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	var out any
	if json.Unmarshal(b, &out) != nil {
		return string(b)
	}
	return out
}
