package geo

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Zone is a UTM zone on the WGS84 datum: Number 1 to 60 counts the 6° bands
// of longitude eastward from 180°W, and South selects the southern
// hemisphere's false northing (10,000,000 m). The zero Zone is not valid.
type Zone struct {
	Number int
	South  bool
}

// ParseZone reads a UTM zone written as a number and a hemisphere letter
// ("38N", "38n", "38 N", "38S") or as a WGS84 UTM EPSG code ("EPSG:32638",
// "epsg:32738", "32638"; 326xx is north, 327xx south). Spaces around the
// input are ignored. MGRS latitude band letters (C to X) are not accepted:
// "38S" means the southern hemisphere, not band S.
//
// The error wraps [ErrBadZone] and quotes the input.
func ParseZone(s string) (Zone, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return Zone{}, fmt.Errorf("%w %q: empty", ErrBadZone, s)
	}
	if len(t) >= 5 && strings.EqualFold(t[:5], "epsg:") {
		return parseEPSGZone(s, strings.TrimSpace(t[5:]))
	}
	if allDigits(t) {
		return parseEPSGZone(s, t)
	}
	last := t[len(t)-1]
	var south bool
	switch last {
	case 'N', 'n':
	case 'S', 's':
		south = true
	default:
		return Zone{}, fmt.Errorf("%w %q: want a zone number and N or S (\"38N\") or an EPSG code (\"EPSG:32638\")", ErrBadZone, s)
	}
	num := strings.TrimRight(t[:len(t)-1], " \t")
	if num == "" || len(num) > 2 || !allDigits(num) {
		return Zone{}, fmt.Errorf("%w %q: want a zone number 1 to 60 before %q", ErrBadZone, s, string(last))
	}
	n, _ := strconv.Atoi(num) // at most two digits: cannot fail
	z := Zone{Number: n, South: south}
	if !z.Valid() {
		return Zone{}, fmt.Errorf("%w %q: zone number %d is not 1 to 60", ErrBadZone, s, n)
	}
	return z, nil
}

// parseEPSGZone reads code, the digits of a WGS84 UTM EPSG code; in is the
// whole input, for the error.
func parseEPSGZone(in, code string) (Zone, error) {
	if len(code) != 5 || !allDigits(code) {
		return Zone{}, fmt.Errorf("%w %q: EPSG code must be 326xx (north) or 327xx (south)", ErrBadZone, in)
	}
	c, _ := strconv.Atoi(code) // five digits: cannot fail
	var z Zone
	switch c / 100 {
	case 326:
	case 327:
		z.South = true
	default:
		return Zone{}, fmt.Errorf("%w %q: EPSG:%d is not a WGS84 UTM zone (326xx north, 327xx south)", ErrBadZone, in, c)
	}
	z.Number = c % 100
	if !z.Valid() {
		return Zone{}, fmt.Errorf("%w %q: zone number %d is not 1 to 60", ErrBadZone, in, z.Number)
	}
	return z, nil
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// ZoneOf returns the standard UTM zone of p: the 6° band of longitude holding
// p.Lon, each band half-open [west, east) so a point on a border belongs to
// the zone east of it (lon 42 is zone 38), except that lon 180 is the east
// edge of zone 60. Longitudes outside [-180, 180] are wrapped first. The zone
// is South when p.Lat < 0; the equator (lat 0) is north. A NaN or infinite
// longitude gives the zero Zone, which is not Valid.
//
// The exceptions of the UTM grid around south-west Norway (zone 32V widened
// to 3°E) and Svalbard (zones 31X to 37X redrawn) are not applied: they change
// the zone of a point by a rule of map sheets, not of accuracy, the
// projection is accurate well outside its standard zone (see [UTM]), and a
// user who needs one of those zones names it ([ParseZone], [NewUTM]).
func ZoneOf(p LonLat) Zone {
	lon := p.Lon
	if math.IsNaN(lon) || math.IsInf(lon, 0) {
		return Zone{}
	}
	if lon < -180 || lon > 180 {
		lon = math.Mod(lon+180, 360)
		if lon < 0 {
			lon += 360
		}
		lon -= 180
	}
	// The borders -180 + 6k are exact in floating point; the division is
	// not, so correct it by one against them.
	n := int(math.Floor((lon + 180) / 6))
	if lon < float64(6*n-180) {
		n--
	} else if lon >= float64(6*n-174) {
		n++
	}
	n++ // zones count from 1
	if n > 60 {
		n = 60 // lon == 180
	}
	return Zone{Number: n, South: p.Lat < 0}
}

// Valid reports whether z.Number is 1 to 60.
func (z Zone) Valid() bool { return z.Number >= 1 && z.Number <= 60 }

// String returns the zone as a number and hemisphere letter: "38N", "38S".
// An invalid zone prints its number all the same ("0N").
func (z Zone) String() string {
	h := byte('N')
	if z.South {
		h = 'S'
	}
	return strconv.Itoa(z.Number) + string(h)
}

// EPSG returns the EPSG code of the WGS84 UTM zone: 32600+Number in the
// north, 32700+Number in the south; 0 for an invalid zone.
func (z Zone) EPSG() int {
	if !z.Valid() {
		return 0
	}
	if z.South {
		return 32700 + z.Number
	}
	return 32600 + z.Number
}

// CentralMeridian returns the longitude of the zone's central meridian in
// degrees east: 6·Number - 183 (zone 1 is -177, zone 38 is 45). For an
// invalid zone the formula is applied all the same.
func (z Zone) CentralMeridian() float64 { return float64(6*z.Number - 183) }
