package text

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/landrelease/clearance/geo"
)

func TestFixed(t *testing.T) {
	for _, c := range []struct {
		x    float64
		dec  int
		want string
	}{
		{0, 0, "0"},
		{1.25, 1, "1.2"}, // round half to even, as strconv
		{1.35, 1, "1.4"},
		{-0.04, 1, "0.0"},
		{math.Copysign(0, -1), 2, "0.00"},
		{-0.06, 1, "-0.1"},
		{1234.5678, 3, "1234.568"},
		{math.NaN(), 1, "NaN"},
		{math.Inf(1), 0, "+Inf"},
		{math.Inf(-1), 0, "-Inf"},
	} {
		if got := Fixed(c.x, c.dec); got != c.want {
			t.Errorf("Fixed(%v, %d) = %q, want %q", c.x, c.dec, got, c.want)
		}
	}
}

func TestFixedNegativeDecimals(t *testing.T) {
	defer func() {
		if r := recover(); r == nil || !strings.HasPrefix(r.(string), "text: ") {
			t.Errorf("panic %v", r)
		}
	}()
	Fixed(1, -1)
}

func TestInt(t *testing.T) {
	for n, want := range map[int]string{
		0: "0", 7: "7", 999: "999", 1000: "1,000", 2173: "2,173", 99999: "99,999", 100000: "100,000",
		1234567: "1,234,567", -1: "-1", -999: "-999", -4500: "-4,500", -1234567: "-1,234,567",
		math.MaxInt64: "9,223,372,036,854,775,807", math.MinInt64: "-9,223,372,036,854,775,808",
	} {
		if got := Int(n); got != want {
			t.Errorf("Int(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestWhole(t *testing.T) {
	for _, c := range []struct {
		x    float64
		want string
	}{
		{0, "0"}, {0.4, "0"}, {0.5, "1"}, {-0.4, "0"}, {-0.5, "-1"}, {math.Copysign(0, -1), "0"},
		{999.49, "999"}, {999.5, "1,000"}, {1234.5, "1,235"}, {1040000, "1,040,000"}, {-12345.6, "-12,346"},
		{1e15, "1,000,000,000,000,000"},
		{math.NaN(), "NaN"}, {math.Inf(1), "+Inf"}, {math.Inf(-1), "-Inf"},
	} {
		if got := Whole(c.x); got != c.want {
			t.Errorf("Whole(%v) = %q, want %q", c.x, got, c.want)
		}
	}
}

func TestCount(t *testing.T) {
	for _, c := range []struct {
		n         int
		one, many string
		want      string
	}{
		{0, "incident", "incidents", "0 incidents"},
		{1, "casualty", "casualties", "1 casualty"},
		{2, "casualty", "casualties", "2 casualties"},
		{2173, "month", "months", "2,173 months"},
		{-1, "day", "days", "-1 days"},
	} {
		if got := Count(c.n, c.one, c.many); got != c.want {
			t.Errorf("Count(%d) = %q, want %q", c.n, got, c.want)
		}
	}
}

func TestHectares(t *testing.T) {
	for _, c := range []struct {
		ha   float64
		want string
	}{
		{0, "0.0"}, {0.04, "0.0"}, {-0.04, "0.0"}, {0.25, "0.2"}, {12.46, "12.5"}, {99.94, "99.9"},
		{99.96, "100.0"}, // below 100 before rounding
		{100, "100"}, {1234.5, "1,235"}, {-250.4, "-250"}, {16000, "16,000"},
	} {
		if got := Hectares(c.ha); got != c.want {
			t.Errorf("Hectares(%v) = %q, want %q", c.ha, got, c.want)
		}
	}
}

func TestPercent(t *testing.T) {
	for _, c := range []struct {
		share float64
		dec   int
		want  string
	}{
		{0, 1, "0.0%"}, {0.32, 1, "32.0%"}, {0.3214, 1, "32.1%"}, {0.123456, 2, "12.35%"}, {1, 0, "100%"},
		{-0.0001, 1, "0.0%"}, {2.5, 1, "250.0%"},
		{math.NaN(), 1, "an unknown share"}, {math.Inf(1), 1, "an unknown share"}, {math.Inf(-1), 2, "an unknown share"},
	} {
		if got := Percent(c.share, c.dec); got != c.want {
			t.Errorf("Percent(%v, %d) = %q, want %q", c.share, c.dec, got, c.want)
		}
	}
}

func TestDistance(t *testing.T) {
	for _, c := range []struct {
		m    float64
		want string
	}{
		{0, "0 m"}, {8, "8 m"}, {93.4, "93 m"}, {430, "430 m"}, {999.4, "999 m"},
		{999.5, "1 km"}, {999.6, "1 km"}, {1000, "1 km"}, {1049, "1 km"}, {1050, "1.1 km"}, {1234, "1.2 km"},
		{2000, "2 km"}, {4000, "4 km"}, {12345, "12.3 km"}, {123456, "123.5 km"},
		{math.Inf(1), "∞"}, {math.NaN(), "NaN"},
	} {
		if got := Distance(c.m); got != c.want {
			t.Errorf("Distance(%v) = %q, want %q", c.m, got, c.want)
		}
	}
}

func TestDates(t *testing.T) {
	baku := time.FixedZone("UTC+04:00", 4*3600)
	for _, c := range []struct {
		t                time.Time
		date, day, month string
	}{
		{time.Time{}, "", "", ""},
		{time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC), "2025-06-30", "30 June 2025", "June 2025"},
		// The civil date in the time's own location, not in UTC.
		{time.Date(2027, 3, 1, 1, 0, 0, 0, baku), "2027-03-01", "1 March 2027", "March 2027"},
		{time.Date(2027, 12, 31, 23, 59, 0, 0, baku), "2027-12-31", "31 December 2027", "December 2027"},
	} {
		if got := Date(c.t); got != c.date {
			t.Errorf("Date(%v) = %q, want %q", c.t, got, c.date)
		}
		if got := Day(c.t); got != c.day {
			t.Errorf("Day(%v) = %q, want %q", c.t, got, c.day)
		}
		if got := Month(c.t); got != c.month {
			t.Errorf("Month(%v) = %q, want %q", c.t, got, c.month)
		}
	}
}

func TestStatus(t *testing.T) {
	for s, want := range map[geo.HazardStatus]string{
		0: "", geo.StatusOpen: "open", geo.StatusWorkedOn: "worked on", geo.StatusClosed: "closed", 9: "",
	} {
		if got := Status(s); got != want {
			t.Errorf("Status(%d) = %q, want %q", s, got, want)
		}
		// One spelling: what geo reads back is what it writes.
		if want != "" {
			if back, err := geo.ParseHazardStatus(Status(s)); err != nil || back != s {
				t.Errorf("ParseHazardStatus(%q) = %v, %v", Status(s), back, err)
			}
		}
	}
}
