package csv

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/geo/feature"
	"github.com/landrelease/clearance/internal/lex"
	"github.com/paulmach/orb"
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
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
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
	latCol, lonCol := -1, -1
	for _, pair := range csvCoordNames {
		la, okA := index[pair[0]]
		lo, okO := index[pair[1]]
		if okA && okO {
			latCol, lonCol = la, lo
			break
		}
	}
	if latCol < 0 {
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
		return nil, fmt.Errorf("%s: header: no %s (want lat/lon, lat/lng, lat/long, latitude/longitude or y/x, in any case): %w",
			file, missing, feature.ErrFormat)
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
			if i >= len(names) || i == latCol || i == lonCol {
				continue
			}
			rf.Properties[names[i]] = v
		}
		if latCol < len(rec) && lonCol < len(rec) {
			lat, errLat := csvCoord(rec[latCol])
			lon, errLon := csvCoord(rec[lonCol])
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
	return out, nil
}

func csvCoord(s string) (float64, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return 0, fmt.Errorf("blank: %w", feature.ErrMissing)
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
