package postgis

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/geo/feature"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/ewkb"
)

// geomColumn is the name of the geometry column Write creates.
const geomColumn = "geom"

func sqlType(t feature.ColumnType) string {
	switch t {
	case feature.TypeInt:
		return "bigint"
	case feature.TypeFloat:
		return "double precision"
	case feature.TypeBool:
		return "boolean"
	case feature.TypeDate:
		return "timestamptz"
	case feature.TypeStringList:
		return "text[]"
	}
	return "text"
}

// Write writes l as the table the URL names (see the package doc; a URL
// without table= writes the table l.Name in the search path's first
// schema), replacing a table of that name, in one transaction: on any
// error (a bad row, a lost connection, a done ctx) the previous table is
// left as it was. The table has a column per layer column (bigint, double
// precision, boolean, timestamptz, text[] for string lists, text
// otherwise, as feature.Column.Text gives it) and geom, a
// geometry(Point, 4326) or geometry(MultiPolygon, 4326) (a Polygon is
// written as a MultiPolygon of one), with a GiST index. Floats are sent
// at full precision (the shortest text that reads back to the same
// float64; infinities and NaN as PostgreSQL spells them).
//
// It refuses a layer with a column named fid or geom (in any case) or
// repeated,
// and a row whose geometry is not of the layer's kind or has a position
// that is not finite and in range; the error names the layer and row.
// Rows are streamed with COPY: cost O(rows · columns), memory O(columns).
func Write(ctx context.Context, rawURL string, l *feature.Layer) error {
	src, err := Parse(rawURL, l.Name)
	if err != nil {
		return err
	}
	if src.Query != "" {
		return fmt.Errorf("%s: a query cannot be written, name a table: %w", src, ErrURL)
	}
	where := src.String()
	gtype := "Point"
	switch l.Geometry {
	case feature.PointGeometry:
	case feature.PolygonGeometry:
		gtype = "MultiPolygon"
	default:
		return fmt.Errorf("%s: geometry kind %d: %w", where, l.Geometry, feature.ErrGeometryType)
	}
	seen := map[string]bool{geomColumn: true, "fid": true}
	defs := make([]string, 0, len(l.Columns)+2)
	defs = append(defs, `fid bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY`)
	names := make([]string, 0, len(l.Columns)+1)
	for _, c := range l.Columns {
		k := strings.ToLower(c.Name)
		if strings.TrimSpace(c.Name) == "" || seen[k] {
			return fmt.Errorf("%s: column %q: blank, or taken by geom or another column", where, c.Name)
		}
		seen[k] = true
		defs = append(defs, quoteIdent(c.Name)+" "+sqlType(c.Type))
		names = append(names, quoteIdent(c.Name))
	}
	defs = append(defs, fmt.Sprintf("%s geometry(%s, 4326)", geomColumn, gtype))
	names = append(names, geomColumn)

	conn, err := pgx.Connect(ctx, src.Conn)
	if err != nil {
		return fmt.Errorf("%s: %w", where, err)
	}
	defer conn.Close(context.Background())
	tx, err := conn.Begin(ctx)
	if err != nil {
		return fmt.Errorf("%s: %w", where, err)
	}
	defer tx.Rollback(context.Background()) // a no-op after Commit
	t := src.tableName()
	for _, q := range []string{
		"DROP TABLE IF EXISTS " + t,
		fmt.Sprintf("CREATE TABLE %s (%s)", t, strings.Join(defs, ", ")),
	} {
		if _, err := tx.Exec(ctx, q); err != nil {
			return fmt.Errorf("%s: %w", where, err)
		}
	}
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		err := copyRows(ctx, pw, l)
		pw.CloseWithError(err)
		done <- err
	}()
	_, err = conn.PgConn().CopyFrom(ctx, pr, fmt.Sprintf("COPY %s (%s) FROM STDIN", t, strings.Join(names, ", ")))
	pr.CloseWithError(io.ErrClosedPipe) // stops the writer if COPY failed first
	if rowErr := <-done; rowErr != nil && rowErr != io.ErrClosedPipe {
		return fmt.Errorf("%s: %w", where, rowErr)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", where, err)
	}
	idx := quoteIdent(src.Table + "_geom_idx")
	if _, err := tx.Exec(ctx, fmt.Sprintf("CREATE INDEX %s ON %s USING GIST (%s)", idx, t, geomColumn)); err != nil {
		return fmt.Errorf("%s: %w", where, err)
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("%s: %w", where, err)
	}
	return nil
}

// copyRows writes l's rows to w in COPY's text format.
func copyRows(ctx context.Context, w io.Writer, l *feature.Layer) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	var b []byte
	i := 0
	for g, vals := range l.Rows {
		if i%1024 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		b = b[:0]
		for k, c := range l.Columns {
			var err error
			if b, err = appendValue(b, c, vals[k]); err != nil {
				return fmt.Errorf("row %d: column %q: %w", i, c.Name, err)
			}
			b = append(b, '\t')
		}
		hex, err := geometryHex(l.Geometry, g)
		if err != nil {
			return fmt.Errorf("row %d: %w", i, err)
		}
		b = append(b, hex...)
		b = append(b, '\n')
		if _, err := bw.Write(b); err != nil {
			return err
		}
		i++
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return bw.Flush()
}

// geometryHex checks a row's geometry and returns its hex EWKB in SRID
// 4326.
func geometryHex(kind feature.GeometryKind, g orb.Geometry) (string, error) {
	var mp orb.MultiPolygon
	switch x := g.(type) {
	case orb.Point:
		if kind != feature.PointGeometry {
			break
		}
		if err := geo.ValidatePoint(x); err != nil {
			return "", err
		}
		return ewkb.MarshalToHex(x, 4326)
	case orb.Polygon:
		mp = orb.MultiPolygon{x}
	case orb.MultiPolygon:
		mp = x
	}
	if mp == nil || kind != feature.PolygonGeometry {
		return "", fmt.Errorf("geometry %T in a layer of kind %d: %w", g, kind, feature.ErrGeometryType)
	}
	for pi, p := range mp {
		for ri, r := range p {
			for k, pt := range r {
				if err := geo.ValidatePoint(pt); err != nil {
					return "", fmt.Errorf("polygon %d ring %d position %d: %w", pi, ri, k, err)
				}
			}
		}
	}
	return ewkb.MarshalToHex(mp, 4326)
}

// appendValue appends v, a value of column c, in COPY's text format.
func appendValue(b []byte, c feature.Column, v any) ([]byte, error) {
	switch x := v.(type) {
	case nil, feature.Null:
		return append(b, `\N`...), nil
	case int:
		return strconv.AppendInt(b, int64(x), 10), nil
	case float64:
		switch {
		case math.IsNaN(x):
			return append(b, "NaN"...), nil
		case math.IsInf(x, 1):
			return append(b, "Infinity"...), nil
		case math.IsInf(x, -1):
			return append(b, "-Infinity"...), nil
		}
		if c.Type == feature.TypeFloat || c.Type == feature.TypeInt {
			return strconv.AppendFloat(b, x, 'g', -1, 64), nil
		}
	case bool:
		if c.Type == feature.TypeBool {
			return strconv.AppendBool(b, x), nil
		}
	case time.Time:
		if c.Type == feature.TypeDate {
			return x.AppendFormat(b, time.RFC3339Nano), nil
		}
	case []string:
		if c.Type == feature.TypeStringList {
			var a []byte
			a = append(a, '{')
			for k, s := range x {
				if k > 0 {
					a = append(a, ',')
				}
				a = append(a, '"')
				a = append(a, strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s)...)
				a = append(a, '"')
			}
			a = append(a, '}')
			return appendText(b, string(a)), nil
		}
	}
	s, err := c.Text(v)
	if err != nil {
		return nil, err
	}
	return appendText(b, s), nil
}

// appendText appends s escaped for COPY's text format.
func appendText(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\':
			b = append(b, `\\`...)
		case '\n':
			b = append(b, `\n`...)
		case '\r':
			b = append(b, `\r`...)
		case '\t':
			b = append(b, `\t`...)
		default:
			b = append(b, c)
		}
	}
	return b
}
