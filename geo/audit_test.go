package geo_test

import (
	"strings"
	"testing"
	"time"

	"github.com/landrelease/clearance/geo"
)

func TestAudit(t *testing.T) {
	now := time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC)
	day := func(y int) time.Time { return time.Date(y, 5, 1, 0, 0, 0, 0, time.UTC) }
	hz := []geo.Hazard{square("H1", 46.8, 39.9, 0.05), square("H2", 47.0, 40.0, 0.02)}
	near := geo.Incident{ID: "near", Point: geo.LonLat{Lon: 46.82, Lat: 39.92}, Date: day(2020)}
	village := geo.Settlement{Name: "Papravend", Point: geo.LonLat{Lon: 46.9, Lat: 39.95}}
	cases := []struct {
		name string
		d    geo.Dataset
		want []string // substrings, one warning each, in order
	}{
		{"sound", geo.Dataset{Hazards: hz, Incidents: []geo.Incident{near}, Settlements: []geo.Settlement{village}}, nil},
		{"empty layers", geo.Dataset{Hazards: hz}, []string{"incident layer is empty", "settlement layer is empty"}},
		{"swapped", geo.Dataset{Hazards: hz, Incidents: []geo.Incident{near, {ID: "sw", Point: geo.LonLat{Lon: 39.93, Lat: 46.81}}},
			Settlements: []geo.Settlement{village, {Name: "X", Point: geo.LonLat{Lon: 39.95, Lat: 46.9}}}},
			[]string{`1 incidents look as if latitude and longitude were swapped`, `"sw" (lon 39.93, lat 46.81)`, `1 settlements look as if`}},
		{"incidents away from the area of interest", geo.Dataset{Area: hz[0].Geometry, Settlements: []geo.Settlement{village},
			Incidents: []geo.Incident{{ID: "far", Point: geo.LonLat{Lon: 45, Lat: 41}}}}, []string{"none of the 1 incidents lies within 4000 m of the area of interest"}},
		{"incidents all away", geo.Dataset{Hazards: hz, Settlements: []geo.Settlement{village},
			Incidents: []geo.Incident{{ID: "far", Point: geo.LonLat{Lon: 45, Lat: 41}}}}, []string{"none of the 1 incidents lies within 4000 m of a hazard"}},
		{"dates", geo.Dataset{Hazards: hz, Settlements: []geo.Settlement{village}, Incidents: []geo.Incident{near,
			{ID: "f1", Point: near.Point, Date: day(2031)}, {ID: "f2", Point: near.Point, Date: day(2099)},
			{ID: "f3", Point: near.Point, Date: day(2040)}, {ID: "f4", Point: near.Point, Date: day(2050)}, {ID: "o", Point: near.Point, Date: day(1066)}}},
			[]string{`4 incidents are dated after today (2026-12-02): "f1" 2031-05-01, "f2" 2099-05-01, "f3" 2040-05-01, ...`, `1 incidents are dated before 1900: "o" 1066-05-01`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ws := c.d.Audit(now, 4000)
			got := make([]string, len(ws))
			for i, w := range ws {
				got[i] = w.String()
			}
			all := strings.Join(got, "\n")
			n := 0
			for _, want := range c.want {
				if !strings.Contains(all, want) {
					t.Errorf("no warning with %q in:\n%s", want, all)
				}
			}
			for _, w := range c.want {
				if !strings.HasPrefix(w, `"`) {
					n++
				}
			}
			if len(ws) != n {
				t.Errorf("%d warnings, want %d:\n%s", len(ws), n, all)
			}
		})
	}
}

func TestCollapseWarnings(t *testing.T) {
	var ws []geo.Warning
	for i := range 2000 {
		ws = append(ws, geo.Warning{File: "h.geojson", Index: i, ID: "H" + string(rune('a'+i%26)), Field: "status", Message: "no status: taken as open"})
		if i == 5 {
			ws = append(ws, geo.Warning{File: "h.geojson", Index: 5, Field: "kind", Message: "odd"})
		}
	}
	got := geo.CollapseWarnings(ws, 0)
	want := []string{
		`h.geojson: status: no status: taken as open (2000 features: feature 0 (id "Ha"), feature 1 (id "Hb"), feature 2 (id "Hc"), ...)`,
		`h.geojson: feature 5: kind: odd`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if got := geo.CollapseWarnings(ws[:2], 0); len(got) != 2 || got[0] != ws[0].String() {
		t.Errorf("two warnings: %q", got)
	}
}
