package geo

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

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

// decodeCSV reads points from CSV: a header row, then one point per row.
func decodeCSV(r io.Reader, file string) ([]rawFeature, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err == io.EOF {
		return nil, fmt.Errorf("%s: %w", file, ErrEmpty)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: header: %w: %w", file, ErrFormat, err)
	}
	names := make([]string, len(header))
	index := map[string]int{}
	for i, h := range header {
		if i == 0 {
			h = strings.TrimPrefix(h, "\ufeff")
		}
		names[i] = strings.TrimSpace(h)
		if names[i] == "" {
			return nil, fmt.Errorf("%s: header: column %d has no name: %w", file, i+1, ErrFormat)
		}
		lk := strings.ToLower(names[i])
		if j, dup := index[lk]; dup {
			return nil, fmt.Errorf("%s: header: columns %d and %d are both named %q: %w", file, j+1, i+1, names[i], ErrFormat)
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
			file, missing, ErrFormat)
	}
	var out []rawFeature
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		rf := rawFeature{props: map[string]any{}}
		if err != nil {
			var pe *csv.ParseError
			if !errors.As(err, &pe) {
				return nil, fmt.Errorf("%s: %w", file, err)
			}
			rf.line = pe.StartLine
			rf.fail("row", fmt.Errorf("%w: %w", ErrFormat, err))
			out = append(out, rf)
			continue
		}
		rf.line, _ = cr.FieldPos(0)
		if len(rec) != len(names) {
			rf.fail("row", fmt.Errorf("%d fields, the header has %d: %w", len(rec), len(names), ErrFormat))
		}
		for i, v := range rec {
			if i >= len(names) || i == latCol || i == lonCol {
				continue
			}
			rf.props[names[i]] = v
		}
		if latCol < len(rec) && lonCol < len(rec) {
			lat, errLat := csvCoord(rec[latCol])
			lon, errLon := csvCoord(rec[lonCol])
			if errLat != nil {
				rf.fail(names[latCol], errLat)
			}
			if errLon != nil {
				rf.fail(names[lonCol], errLon)
			}
			if errLat == nil && errLon == nil {
				if err := checkLonLat(lon, lat); err != nil {
					field := names[lonCol]
					if errors.Is(err, ErrOutOfRange) && lon >= -180 && lon <= 180 {
						field = names[latCol]
					}
					rf.fail(field, err)
				} else {
					rf.geom = &rawGeom{typ: "Point", isPt: true, point: orb.Point{lon, lat}}
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
		return 0, fmt.Errorf("blank: %w", ErrMissing)
	}
	f, err := parseDecimal(t)
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, fmt.Errorf("%q: %w", abbrev([]byte(t)), ErrNotFinite)
	}
	if err != nil {
		return 0, fmt.Errorf("%q: %w", abbrev([]byte(t)), ErrBadNumber)
	}
	return f, nil
}

// parseDecimal is strconv.ParseFloat for decimal text only: it refuses
// the hexadecimal form ("0x1p3") and "_" separators, which ParseFloat
// accepts and JSON does not. Like ParseFloat it accepts "NaN" and
// infinities, which callers reject. On overflow it returns ±Inf and an error.
func parseDecimal(s string) (float64, error) {
	if strings.ContainsAny(s, "xX_") {
		return 0, strconv.ErrSyntax
	}
	return strconv.ParseFloat(s, 64)
}
