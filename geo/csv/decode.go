package csv

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/geo/feature"
	"github.com/landrelease/clearance/internal/crs"
	"github.com/landrelease/clearance/internal/lex"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkt"
)

// csvCoordNames lists the recognised latitude/longitude column pairs, in
// order of preference. Names match in any case, after trimming spaces.
var csvCoordNames = [][2]string{
	{"latitude", "longitude"},
	{"lat", "lon"},
	{"lat", "lng"},
	{"lat", "long"},
	{"y", "x"},
}

// Decode reads points from CSV: a header row, then one point per row; file
// names the input in messages. See the package doc for the columns. Each
// row is a feature whose properties are its other columns, as strings;
// its Index is the 0-based data row (blank lines, which are skipped, do
// not count) and its Line the line of the file where the row starts. A
// row with a field count other than the header's is a problem of the row
// (feature.ErrFormat), as is a blank coordinate (feature.ErrMissing).
//
// A structural problem (no header, a header with a blank or repeated name
// or no coordinate columns, a read error) is an error naming the file and
// wrapping feature.ErrFormat (an empty file: geo.ErrEmpty), with no
// features. Cost O(file size).
func Decode(r io.Reader, file string) ([]feature.Feature, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	semicolon := detectSemicolon(br)
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	if semicolon {
		cr.Comma = ';'
	}
	header, err := cr.Read()
	if err == io.EOF {
		return nil, fmt.Errorf("%s: %w", file, geo.ErrEmpty)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: header: %w: %w", file, feature.ErrFormat, err)
	}
	names := make([]string, len(header))
	index := map[string]int{}
	for i, h := range header {
		if i == 0 {
			h = strings.TrimPrefix(h, "\ufeff")
		}
		names[i] = strings.TrimSpace(h)
		if names[i] == "" {
			return nil, fmt.Errorf("%s: header: column %d has no name: %w", file, i+1, feature.ErrFormat)
		}
		lk := strings.ToLower(names[i])
		if j, dup := index[lk]; dup {
			return nil, fmt.Errorf("%s: header: columns %d and %d are both named %q: %w", file, j+1, i+1, names[i], feature.ErrFormat)
		}
		index[lk] = i
	}
	latCol, lonCol, wktCol := -1, -1, -1
	for _, n := range wktNames {
		if k, ok := index[n]; ok {
			wktCol = k
			break
		}
	}
	for _, pair := range csvCoordNames {
		la, okA := index[pair[0]]
		lo, okO := index[pair[1]]
		if okA && okO {
			latCol, lonCol = la, lo
			break
		}
	}
	if wktCol >= 0 {
		latCol, lonCol = -1, -1 // the WKT column gives the geometry; lat/lon are properties
	}
	if latCol < 0 && wktCol < 0 {
		missing := "latitude and longitude columns"
		for _, pair := range csvCoordNames {
			if _, ok := index[pair[0]]; ok {
				missing = "a longitude column to go with " + names[index[pair[0]]]
				break
			}
			if _, ok := index[pair[1]]; ok {
				missing = "a latitude column to go with " + names[index[pair[1]]]
				break
			}
		}
		hint := ""
		if !semicolon && len(header) == 1 && strings.Contains(header[0], "\t") {
			hint = " (the header is one column holding tabs: tab-separated values are not read, save as CSV)"
		}
		return nil, fmt.Errorf("%s: header: no %s (want lat/lon, lat/lng, lat/long, latitude/longitude or y/x, in any case, or a WKT column: wkt, geometry, geom, the_geom)%s: %w",
			file, missing, hint, feature.ErrFormat)
	}
	var out []feature.Feature
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		rf := feature.Feature{Index: len(out), Properties: map[string]any{}}
		if err != nil {
			var pe *csv.ParseError
			if !errors.As(err, &pe) {
				return nil, fmt.Errorf("%s: %w", file, err)
			}
			rf.Line = pe.StartLine
			rf.Fail("row", fmt.Errorf("%w: %w", feature.ErrFormat, err))
			out = append(out, rf)
			continue
		}
		rf.Line, _ = cr.FieldPos(0)
		if len(rec) != len(names) {
			rf.Fail("row", fmt.Errorf("%d fields, the header has %d: %w", len(rec), len(names), feature.ErrFormat))
		}
		for i, v := range rec {
			if i >= len(names) || i == latCol || i == lonCol || i == wktCol {
				continue
			}
			rf.Properties[names[i]] = v
		}
		if wktCol >= 0 {
			if wktCol < len(rec) {
				wktGeometry(&rf, names[wktCol], rec[wktCol])
			}
		} else if latCol < len(rec) && lonCol < len(rec) {
			lat, errLat := csvCoord(rec[latCol], semicolon)
			lon, errLon := csvCoord(rec[lonCol], semicolon)
			if errLat != nil {
				rf.Fail(names[latCol], errLat)
			}
			if errLon != nil {
				rf.Fail(names[lonCol], errLon)
			}
			if errLat == nil && errLon == nil {
				if err := geo.ValidatePoint(orb.Point{lon, lat}); err != nil {
					field := names[lonCol]
					if errors.Is(err, geo.ErrOutOfRange) && lon >= -180 && lon <= 180 {
						field = names[latCol]
					}
					rf.Fail(field, err)
				} else {
					rf.Geometry, rf.GeometryType = orb.Point{lon, lat}, "Point"
				}
			}
		}
		out = append(out, rf)
	}
	if semicolon && len(out) > 0 {
		msg := "separated by semicolons (detected from the header)"
		if wktCol < 0 {
			msg += ": coordinates with a decimal comma (40,15) read as 40.15"
		}
		out[0].Warn("row", msg)
	}
	return out, nil
}

// wktNames are the names of a WKT geometry column, lower case, in order
// of preference.
var wktNames = []string{"wkt", "geometry", "geom", "the_geom", "wkt_geom", "shape"}

// wktGeometry sets rf's geometry from the WKT text of column name.
func wktGeometry(rf *feature.Feature, name, text string) {
	t := strings.TrimSpace(text)
	if t == "" {
		rf.Fail(name, fmt.Errorf("blank: %w", feature.ErrMissing))
		return
	}
	g, err := wkt.Unmarshal(t)
	if err != nil {
		rf.Fail(name, fmt.Errorf("%q is not WKT (%v): %w", lex.Excerpt([]byte(t)), err, feature.ErrBadGeometry))
		return
	}
	switch g.(type) {
	case orb.Point, orb.Polygon, orb.MultiPolygon:
	default:
		rf.GeometryType = g.GeoJSONType()
		return
	}
	g, field, err := crs.WGS84.Apply(g)
	if err != nil {
		rf.Fail(field, err)
		return
	}
	rf.Geometry, rf.GeometryType = g, g.GeoJSONType()
}

// detectSemicolon reports whether the header line, peeked from br, has
// more semicolons than commas outside quotes: a CSV as spreadsheets write
// it where the decimal separator is a comma.
func detectSemicolon(br *bufio.Reader) bool {
	b, _ := br.Peek(64 << 10)
	commas, semis := 0, 0
	quoted := false
	for _, c := range b {
		switch {
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == '\n':
			return semis > commas
		case c == ',':
			commas++
		case c == ';':
			semis++
		}
	}
	return semis > commas
}

// csvCoord parses a coordinate; decimalComma reads one comma as the
// decimal point (semicolon-separated files).
func csvCoord(s string, decimalComma bool) (float64, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return 0, fmt.Errorf("blank: %w", feature.ErrMissing)
	}
	if decimalComma && strings.Count(t, ",") == 1 && !strings.Contains(t, ".") {
		t = strings.Replace(t, ",", ".", 1)
	}
	f, err := lex.ParseDecimal(t)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, fmt.Errorf("%q: %w", lex.Excerpt([]byte(t)), geo.ErrNotFinite)
	}
	if err != nil {
		return 0, fmt.Errorf("%q: %w", lex.Excerpt([]byte(t)), feature.ErrBadNumber)
	}
	return f, nil
}
