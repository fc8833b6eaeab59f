package report

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/landrelease/clearance/internal/text"
	"github.com/landrelease/clearance/planning"
)

// sig formats x with 6 significant digits in fixed notation, trailing zeros
// dropped: 13.0107, 0.000123457, 1234570. NaN and infinities are written as
// Go does ("NaN", "+Inf").
func sig(x float64) string {
	if x == 0 || math.IsNaN(x) || math.IsInf(x, 0) {
		if x == 0 {
			return "0"
		}
		return strconv.FormatFloat(x, 'g', -1, 64)
	}
	dec := 5 - int(math.Floor(math.Log10(math.Abs(x))))
	dec = min(max(dec, 0), 15)
	s := text.Fixed(x, dec)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(s, "0")
		s = strings.TrimSuffix(s, ".")
	}
	return s
}

// appendSig appends sig(x).
func appendSig(b []byte, x float64) []byte {
	if x == 0 {
		return append(b, '0')
	}
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return strconv.AppendFloat(b, x, 'g', -1, 64)
	}
	dec := 5 - int(math.Floor(math.Log10(math.Abs(x))))
	dec = min(max(dec, 0), 15)
	n := len(b)
	b = appendFixed(b, x, dec)
	if slices.Contains(b[n:], '.') {
		for b[len(b)-1] == '0' {
			b = b[:len(b)-1]
		}
		if b[len(b)-1] == '.' {
			b = b[:len(b)-1]
		}
	}
	return b
}

// appendFixed appends text.Fixed(x, dec): x with dec decimals, never "-0".
func appendFixed(b []byte, x float64, dec int) []byte {
	n := len(b)
	b = strconv.AppendFloat(b, x, 'f', dec, 64)
	if b[n] != '-' {
		return b
	}
	for _, c := range b[n+1:] {
		if c != '0' && c != '.' {
			return b
		}
	}
	return append(b[:n], b[n+1:]...)
}

// appendDate appends text.Date(t): 2006-01-02, nothing for the zero t.
func appendDate(b []byte, t time.Time) []byte {
	if t.IsZero() {
		return b
	}
	return t.AppendFormat(b, time.DateOnly)
}

// coord rounds a longitude or latitude to 7 decimals (about 1 cm).
func coord(x float64) float64 { return math.Round(x*1e7) / 1e7 }

// endDate is the last day of work that begins at start and ends at t
// (planning.LastWorkDayOf: the day before if t is midnight exactly and
// after start), as 2006-01-02; "" for the zero t.
func endDate(start, t time.Time) string {
	return text.Date(planning.LastWorkDayOf(start, t))
}

// releaseDate is the date unit u is released under plan p, or "" if p is
// nil. A unit released on day 0 (no work) is released on the plan's start.
func releaseDate(p *planning.Plan, u int) string {
	if p == nil || u < 0 || u >= len(p.Units) {
		return ""
	}
	return endDate(p.Start, p.Units[u].Release)
}

// appendReleaseDate appends releaseDate(p, u).
func appendReleaseDate(b []byte, p *planning.Plan, u int) []byte {
	if p == nil || u < 0 || u >= len(p.Units) {
		return b
	}
	return appendDate(b, planning.LastWorkDayOf(p.Start, p.Units[u].Release))
}

// band is a rank band: its name and colours.
type band struct {
	name   string
	colour string // #rrggbb
}

var bands = [3]band{
	{"top 10%", "#e31a1c"},
	{"next 20%", "#fd8d3c"},
	{"rest", "#fecc5c"},
}

// bandOf returns the band of 1-based rank among n priorities: ranks up to
// ⌈0.1·n⌉ are the top 10%, up to ⌈0.3·n⌉ the next 20%, the others the rest.
func bandOf(rank, n int) int {
	switch {
	case rank <= (n+9)/10:
		return 0
	case rank <= (3*n+9)/10:
		return 1
	}
	return 2
}

// criteria joins the criteria's names with ";".
func criteria(cs []planning.Criterion) string {
	var b strings.Builder
	for i, c := range cs {
		if i > 0 {
			b.WriteByte(';')
		}
		b.WriteString(c.String())
	}
	return b.String()
}

// checkSizes reports a negative, NaN or infinite image setting: zero means
// the default, anything else below zero is a mistake, not a default.
func checkSizes(what string, vals map[string]float64) error {
	names := make([]string, 0, len(vals))
	for n := range vals {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		if v := vals[n]; v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("report: %s.%s is %v; want 0 (the default) or a positive number", what, n, v)
		}
	}
	return nil
}
