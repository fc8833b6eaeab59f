package text

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/landrelease/clearance/geo"
)

// Fixed writes x with dec decimals (strconv's 'f' format), never "-0":
// Fixed(-0.04, 1) is "0.0". NaN and infinities are written as strconv
// writes them ("NaN", "+Inf"). It panics if dec is negative.
func Fixed(x float64, dec int) string {
	if dec < 0 {
		panic("text: Fixed with negative decimals")
	}
	s := strconv.FormatFloat(x, 'f', dec, 64)
	if strings.HasPrefix(s, "-") && strings.Trim(s[1:], "0.") == "" {
		return s[1:]
	}
	return s
}

// Int writes n with a comma between groups of three digits: "999",
// "2,173", "-1,234,567".
func Int(n int) string { return group(strconv.Itoa(n)) }

// Whole writes x rounded to a whole number (half away from zero), with a
// comma between groups of three digits, never "-0": Whole(1234.5) is
// "1,235", Whole(-0.4) is "0". NaN and infinities are written as strconv
// writes them.
func Whole(x float64) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return strconv.FormatFloat(x, 'f', 0, 64)
	}
	return group(Fixed(math.Round(x), 0))
}

// group puts commas into the digits of an integer's text, keeping its sign.
func group(s string) string {
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	if len(s) <= 3 {
		return sign + s
	}
	b := make([]byte, 0, len(sign)+len(s)+len(s)/3)
	b = append(b, sign...)
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			b = append(b, ',')
		}
		b = append(b, s[i])
	}
	return string(b)
}

// Count writes n and a noun, singular for 1 and plural otherwise, n with
// thousands separators: Count(1, "casualty", "casualties") is "1 casualty",
// Count(2173, "casualty", "casualties") "2,173 casualties", and 0 takes the
// plural ("0 casualties").
func Count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return Int(n) + " " + many
}

// Hectares writes an area in hectares, without the unit, as the reports
// print it: a whole number with thousands separators from 100 ha up
// ("1,234"), one decimal below ("12.5", "0.3"); the sign decides by
// magnitude.
func Hectares(ha float64) string {
	if math.Abs(ha) >= 100 {
		return Whole(ha)
	}
	return Fixed(ha, 1)
}

// Percent writes a share (1 is 100%) as a percentage with dec decimals:
// Percent(0.3214, 1) is "32.1%". NaN or an infinite share is "an unknown
// share". It panics if dec is negative.
func Percent(share float64, dec int) string {
	if math.IsInf(share, 0) || math.IsNaN(share) {
		return "an unknown share"
	}
	return Fixed(100*share, dec) + "%"
}

// Distance writes a distance in metres for a reader: whole metres under a
// kilometre ("430 m", "999 m"), kilometres with one decimal from 999.5 m
// up, a trailing ".0" dropped ("1 km", "1.2 km", "2 km", "12.3 km"). +Inf
// (no such thing) is "∞" and NaN is "NaN", without a unit.
func Distance(m float64) string {
	switch {
	case math.IsInf(m, 1):
		return "∞"
	case math.IsNaN(m):
		return "NaN"
	case m < 999.5:
		return Fixed(m, 0) + " m"
	}
	return strconv.FormatFloat(math.Round(m/100)/10, 'f', -1, 64) + " km"
}

// Date writes the civil date of t in t's location as the files and reports
// print dates, ISO 8601 "2006-01-02"; "" for the zero time, which callers
// word as they need ("undated", "unknown").
func Date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

// Day writes the civil date of t for a sentence, "2 January 2006"; "" for
// the zero time.
func Day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2 January 2006")
}

// Month writes the month of t, "January 2006"; "" for the zero time.
func Month(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("January 2006")
}

// Status writes a hazard status as every output spells it, the
// [geo.HazardStatus] String ("open", "worked on", "closed"), and "" for the
// zero value (no status recorded) or an unknown one.
func Status(s geo.HazardStatus) string {
	switch s {
	case geo.StatusOpen, geo.StatusWorkedOn, geo.StatusClosed:
		return s.String()
	}
	return ""
}
