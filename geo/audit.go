package geo

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/paulmach/orb"
)

// Audit returns warnings about a dataset that reads without error but
// whose risk would mean little, each naming the layer and what to check:
//
//   - an empty incident layer (no density: risk is 0 everywhere) or
//     settlement layer (proximity 0: risk is 0 everywhere);
//   - incidents or settlements whose coordinates look swapped: outside the
//     hazards' extent (their lon/lat box, widened by half a degree) while
//     the same numbers swapped fall inside it;
//   - incidents none of which lies within marginM metres (about; measured
//     in degrees at the hazards' latitude) of a hazard's box: the risk is 0
//     on every hazard, so nothing ranks (marginM ≤ 0 skips the check; the
//     planner passes the kernel's cutoff);
//   - incidents dated after now, or before 1900, and hazards reported so.
//
// Warnings of one kind come as one, with the count and the first three
// ids. The hazard layer is the reference (without hazards, the area of
// interest; without either only the empty layers and the dates are
// checked). Index is -1, Field names the layer.
// Cost O(incidents · hazards) at worst, for the margin check.
func (d *Dataset) Audit(now time.Time, marginM float64) []Warning {
	if d == nil {
		return nil
	}
	var out []Warning
	warn := func(field, format string, args ...any) {
		out = append(out, Warning{Index: -1, Field: field, Message: fmt.Sprintf(format, args...)})
	}
	if len(d.Incidents) == 0 {
		warn("incidents", "the incident layer is empty: incident density is 0 everywhere, so is every risk; check the file (or its -map columns)")
	}
	if len(d.Settlements) == 0 {
		warn("settlements", "the settlement layer is empty: proximity is 0 everywhere, so is every risk; check the file (or its -map columns)")
	}
	// The hazards' lon/lat box, and each hazard's.
	type box struct{ w, s, e, n float64 }
	all := box{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
	gridded := make([]orb.MultiPolygon, 0, len(d.Hazards))
	for i := range d.Hazards {
		gridded = append(gridded, d.Hazards[i].Geometry)
	}
	what, one := "hazards", "a hazard"
	if len(gridded) == 0 && len(d.Area) > 0 {
		gridded = append(gridded, d.Area)
		what, one = "area of interest", "the area of interest"
	}
	boxes := make([]box, 0, len(gridded))
	for _, mp := range gridded {
		b := box{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
		for _, p := range mp {
			for _, r := range p {
				for _, q := range r {
					if isFinite(q[0]) && isFinite(q[1]) {
						b = box{min(b.w, q[0]), min(b.s, q[1]), max(b.e, q[0]), max(b.n, q[1])}
					}
				}
			}
		}
		if b.w <= b.e {
			boxes = append(boxes, b)
			all = box{min(all.w, b.w), min(all.s, b.s), max(all.e, b.e), max(all.n, b.n)}
		}
	}
	if len(boxes) > 0 {
		const widen = 0.5
		in := func(lon, lat float64) bool {
			return lon >= all.w-widen && lon <= all.e+widen && lat >= all.s-widen && lat <= all.n+widen
		}
		swapped := func(layer string, n int, at func(i int) (LonLat, string)) {
			var c collector
			for i := range n {
				p, id := at(i)
				if isFinite(p.Lon) && isFinite(p.Lat) && !in(p.Lon, p.Lat) && in(p.Lat, p.Lon) {
					c.add(i, id, fmt.Sprintf("(lon %g, lat %g)", p.Lon, p.Lat))
				}
			}
			if c.count > 0 {
				warn(layer, "%d %s look as if latitude and longitude were swapped (outside the %s, which they would fall among swapped): %s; "+
					"check which column is which (the file's lat and lon columns)", c.count, layer, what, c.String())
			}
		}
		swapped("incidents", len(d.Incidents), func(i int) (LonLat, string) { return d.Incidents[i].Point, d.Incidents[i].ID })
		swapped("settlements", len(d.Settlements), func(i int) (LonLat, string) { return d.Settlements[i].Point, d.Settlements[i].Name })

		if marginM > 0 && len(d.Incidents) > 0 {
			lat := (all.s + all.n) / 2
			dLat := marginM / 111_320
			dLon := dLat / max(math.Cos(lat*math.Pi/180), 0.01)
			near := false
			for i := 0; i < len(d.Incidents) && !near; i++ {
				p := d.Incidents[i].Point
				for _, b := range boxes {
					if p.Lon >= b.w-dLon && p.Lon <= b.e+dLon && p.Lat >= b.s-dLat && p.Lat <= b.n+dLat {
						near = true
						break
					}
				}
			}
			if !near {
				warn("incidents", "none of the %d incidents lies within %.0f m of %s: incident density, and so risk, is 0 on every scored cell and nothing ranks; "+
					"check that the incidents and the %s cover the same place (and their coordinates' order)", len(d.Incidents), marginM, one, what)
			}
		}
	}
	// Dates.
	early := time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)
	datedWarnings := func(layer, verb string, n int, at func(i int) (time.Time, string)) {
		var future, old collector
		for i := range n {
			t, id := at(i)
			switch {
			case t.IsZero():
			case t.After(now):
				future.add(i, id, t.Format(time.DateOnly))
			case t.Before(early):
				old.add(i, id, t.Format(time.DateOnly))
			}
		}
		if future.count > 0 {
			warn(layer, "%d %s are %s after today (%s): %s; kept as dated (a mistyped year?)", future.count, layer, verb, now.Format(time.DateOnly), future.String())
		}
		if old.count > 0 {
			warn(layer, "%d %s are %s before 1900: %s; kept as dated (a mistyped year, or a placeholder date?)", old.count, layer, verb, old.String())
		}
	}
	datedWarnings("incidents", "dated", len(d.Incidents), func(i int) (time.Time, string) { return d.Incidents[i].Date, d.Incidents[i].ID })
	datedWarnings("hazards", "reported", len(d.Hazards), func(i int) (time.Time, string) { return d.Hazards[i].Reported, d.Hazards[i].ID })
	return out
}

// collector counts features of one kind of problem and keeps the first
// three, as `"id" value` (`#index value` without an id).
type collector struct {
	count int
	first []string
}

func (c *collector) add(i int, id, value string) {
	c.count++
	if len(c.first) < 3 {
		if id == "" {
			c.first = append(c.first, fmt.Sprintf("#%d %s", i, value))
		} else {
			c.first = append(c.first, fmt.Sprintf("%q %s", id, value))
		}
	}
}

func (c *collector) String() string {
	s := strings.Join(c.first, ", ")
	if c.count > len(c.first) {
		s += ", ..."
	}
	return s
}

// CollapseWarnings returns ws as lines to print, the warnings of one kind
// (the same file, field and message) given once: a kind of more than
// first warnings becomes one line, "FILE: FIELD: MESSAGE (N features:
// feature 3 (id "a"), ...)", naming the first ones; the others are
// printed as [Warning.String] does. Kinds come in the order of their first
// warning. first ≤ 0 means 3. Cost O(len(ws)).
func CollapseWarnings(ws []Warning, first int) []string {
	if first <= 0 {
		first = 3
	}
	type key struct{ file, field, msg string }
	groups := map[key][]int{}
	var order []key
	for i, w := range ws {
		k := key{w.File, w.Field, w.Message}
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		groups[k] = append(groups[k], i)
	}
	out := make([]string, 0, len(order))
	for _, k := range order {
		idx := groups[k]
		if len(idx) <= first {
			for _, i := range idx {
				out = append(out, ws[i].String())
			}
			continue
		}
		var b strings.Builder
		w0 := Warning{File: k.file, Field: k.field, Message: k.msg, Index: -1}
		b.WriteString(w0.String())
		fmt.Fprintf(&b, " (%d features: ", len(idx))
		for j, i := range idx[:first] {
			if j > 0 {
				b.WriteString(", ")
			}
			w := ws[i]
			if w.Line > 0 {
				fmt.Fprintf(&b, "line %d ", w.Line)
			}
			fmt.Fprintf(&b, "feature %d", w.Index)
			if w.ID != "" {
				fmt.Fprintf(&b, " (id %q)", w.ID)
			}
		}
		b.WriteString(", ...)")
		out = append(out, b.String())
	}
	return out
}
