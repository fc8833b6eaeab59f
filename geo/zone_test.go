package geo

import (
	"errors"
	"math"
	"strconv"
	"strings"
	"testing"
)

func TestParseZone(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     Zone
	}{
		{"number and N", "38N", Zone{38, false}},
		{"lower-case n", "38n", Zone{38, false}},
		{"space before the letter", "38 N", Zone{38, false}},
		{"number and S", "38S", Zone{38, true}},
		{"lower-case s", "1s", Zone{1, true}},
		{"leading zero", "05N", Zone{5, false}},
		{"surrounding spaces", "  60S\t", Zone{60, true}},
		{"EPSG north", "EPSG:32638", Zone{38, false}},
		{"epsg south lower-case", "epsg:32738", Zone{38, true}},
		{"EPSG space after the colon", "EPSG: 32639", Zone{39, false}},
		{"bare code north", "32638", Zone{38, false}},
		{"bare code south", "32701", Zone{1, true}},
		{"bare code zone 60", "32660", Zone{60, false}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseZone(tc.in)
			if err != nil {
				t.Fatalf("ParseZone(%q): %v", tc.in, err)
			}
			if got != tc.want {
				t.Errorf("ParseZone(%q) = %#v, want %#v", tc.in, got, tc.want)
			}
		})
	}
}

func TestParseZoneErrors(t *testing.T) {
	for _, tc := range []struct{ name, in string }{
		{"empty", ""},
		{"blank", "   "},
		{"no hemisphere", "38"},
		{"zone 0", "0N"},
		{"zone 61", "61N"},
		{"three digits", "138N"},
		{"MGRS band letter", "38T"},
		{"letter first", "N38"},
		{"sign", "+38N"},
		{"negative", "-38N"},
		{"decimal", "38.5N"},
		{"hemisphere only", "N"},
		{"WGS84 geographic code", "EPSG:4326"},
		{"other projected code", "EPSG:3857"},
		{"EPSG zone 0", "EPSG:32600"},
		{"EPSG zone 61", "EPSG:32661"},
		{"EPSG no digits", "EPSG:"},
		{"EPSG letters", "EPSG:326AB"},
		{"bare code zone 0", "32700"},
		{"bare code too long", "326380"},
		{"UTM prefix", "UTM 38N"},
		{"two letters", "38NS"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			z, err := ParseZone(tc.in)
			if err == nil {
				t.Fatalf("ParseZone(%q) = %v, want an error", tc.in, z)
			}
			if !errors.Is(err, ErrBadZone) {
				t.Errorf("ParseZone(%q) error %q does not wrap ErrBadZone", tc.in, err)
			}
			if !strings.Contains(err.Error(), strconv.Quote(tc.in)) {
				t.Errorf("ParseZone(%q) error %q does not quote the input", tc.in, err)
			}
			if z != (Zone{}) {
				t.Errorf("ParseZone(%q) = %#v with the error, want the zero Zone", tc.in, z)
			}
		})
	}
}

func TestZoneOf(t *testing.T) {
	for _, tc := range []struct {
		name string
		p    LonLat
		want Zone
	}{
		{"Papravend", LonLat{46.841667, 40.158333}, Zone{38, false}},
		{"Baku", LonLat{49.8671, 40.4093}, Zone{39, false}},
		{"west border of 38 is 38", LonLat{42, 40}, Zone{38, false}},
		{"east border of 38 is 39", LonLat{48, 40}, Zone{39, false}},
		{"just west of 48", LonLat{math.Nextafter(48, 0), 40}, Zone{38, false}},
		{"just west of -174", LonLat{math.Nextafter(-174, -180), 40}, Zone{1, false}},
		{"just west of 174", LonLat{math.Nextafter(174, 0), 40}, Zone{59, false}},
		{"just west of 180", LonLat{math.Nextafter(180, 0), 40}, Zone{60, false}},
		{"just east of -180", LonLat{math.Nextafter(-180, 0), 40}, Zone{1, false}},
		{"lon -180 is zone 1", LonLat{-180, 10}, Zone{1, false}},
		{"lon 180 is zone 60", LonLat{180, 10}, Zone{60, false}},
		{"just west of 180", LonLat{179.999, -10}, Zone{60, true}},
		{"Greenwich is 31", LonLat{0, 51.48}, Zone{31, false}},
		{"just west of Greenwich is 30", LonLat{-1e-9, 51.48}, Zone{30, false}},
		{"equator is north", LonLat{45, 0}, Zone{38, false}},
		{"negative zero latitude is north", LonLat{45, math.Copysign(0, -1)}, Zone{38, false}},
		{"just south of the equator", LonLat{45, -1e-12}, Zone{38, true}},
		{"south pole", LonLat{45, -90}, Zone{38, true}},
		{"lon 181 wraps to zone 1", LonLat{181, 0}, Zone{1, false}},
		{"lon -181 wraps to zone 60", LonLat{-181, 0}, Zone{60, false}},
		{"lon 540 wraps to zone 1", LonLat{540, 0}, Zone{1, false}},
		{"Bergen: Norway exception not applied", LonLat{5.32, 60.39}, Zone{31, false}},
		{"Svalbard: exception not applied", LonLat{15.6, 78.2}, Zone{33, false}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := ZoneOf(tc.p); got != tc.want {
				t.Errorf("ZoneOf(%v) = %v, want %v", tc.p, got, tc.want)
			}
		})
	}
	for _, p := range []LonLat{{math.NaN(), 0}, {math.Inf(1), 0}, {math.Inf(-1), 0}} {
		if z := ZoneOf(p); z.Valid() {
			t.Errorf("ZoneOf(%v) = %v, want an invalid zone", p, z)
		}
	}
}

// TestZoneOfCentralMeridian checks that every zone holds its own central
// meridian and ±2.999°.
func TestZoneOfCentralMeridian(t *testing.T) {
	for n := 1; n <= 60; n++ {
		z := Zone{Number: n}
		for _, d := range []float64{-3, -2.999, 0, 2.999} {
			if got := ZoneOf(LonLat{z.CentralMeridian() + d, 1}); got != z {
				t.Errorf("ZoneOf(central meridian of %v %+g) = %v", z, d, got)
			}
		}
	}
}

func TestZoneMethods(t *testing.T) {
	for _, tc := range []struct {
		name  string
		z     Zone
		str   string
		epsg  int
		cm    float64
		valid bool
	}{
		{"38N", Zone{38, false}, "38N", 32638, 45, true},
		{"38S", Zone{38, true}, "38S", 32738, 45, true},
		{"1N", Zone{1, false}, "1N", 32601, -177, true},
		{"60S", Zone{60, true}, "60S", 32760, 177, true},
		{"zero", Zone{}, "0N", 0, -183, false},
		{"61", Zone{61, false}, "61N", 0, 183, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.z.String(); got != tc.str {
				t.Errorf("String() = %q, want %q", got, tc.str)
			}
			if got := tc.z.EPSG(); got != tc.epsg {
				t.Errorf("EPSG() = %d, want %d", got, tc.epsg)
			}
			if got := tc.z.CentralMeridian(); got != tc.cm {
				t.Errorf("CentralMeridian() = %v, want %v", got, tc.cm)
			}
			if got := tc.z.Valid(); got != tc.valid {
				t.Errorf("Valid() = %v, want %v", got, tc.valid)
			}
			if tc.valid {
				back, err := ParseZone(tc.z.String())
				if err != nil || back != tc.z {
					t.Errorf("ParseZone(String()) = %v, %v", back, err)
				}
			}
		})
	}
}

func FuzzParseZone(f *testing.F) {
	for _, s := range []string{"38N", "38 s", "EPSG:32638", "32738", "61N", "EPSG:4326", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		z, err := ParseZone(s)
		if err != nil {
			if !errors.Is(err, ErrBadZone) {
				t.Fatalf("ParseZone(%q) error %v does not wrap ErrBadZone", s, err)
			}
			return
		}
		if !z.Valid() {
			t.Fatalf("ParseZone(%q) = %#v: not valid", s, z)
		}
		back, err := ParseZone(z.String())
		if err != nil || back != z {
			t.Fatalf("ParseZone(%q) = %v, but ParseZone(%q) = %v, %v", s, z, z.String(), back, err)
		}
	})
}

// TestZoneOfBorders checks every border and the floats on either side of it.
func TestZoneOfBorders(t *testing.T) {
	for n := 1; n <= 60; n++ {
		west := float64(6*n - 186)
		if got := ZoneOf(LonLat{west, 0}); got.Number != n {
			t.Errorf("ZoneOf(%v, 0) = %v, want zone %d", west, got, n)
		}
		if got := ZoneOf(LonLat{math.Nextafter(west, 180), 0}); got.Number != n {
			t.Errorf("ZoneOf(just east of %v) = %v, want zone %d", west, got, n)
		}
		if n > 1 {
			if got := ZoneOf(LonLat{math.Nextafter(west, -180), 0}); got.Number != n-1 {
				t.Errorf("ZoneOf(just west of %v) = %v, want zone %d", west, got, n-1)
			}
		}
	}
}
