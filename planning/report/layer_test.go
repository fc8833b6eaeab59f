package report_test

import (
	"bytes"
	"encoding/csv"
	"testing"

	"github.com/landrelease/clearance/geo/feature"
	"github.com/landrelease/clearance/planning/report"
	"github.com/paulmach/orb"
)

// TestLayers: the priorities and schedule layers hold the rows of the
// CSV reports, in their order, with each unit's shape.
func TestLayers(t *testing.T) {
	sc := build(t)
	var buf bytes.Buffer
	if err := report.WritePrioritiesCSV(&buf, sc.prios, sc.units, sc.plan); err != nil {
		t.Fatal(err)
	}
	want, _ := csv.NewReader(&buf).ReadAll()
	l, err := report.PrioritiesLayer(sc.prios, sc.units, sc.surface, sc.plan)
	if err != nil {
		t.Fatal(err)
	}
	if l.Geometry != feature.PolygonGeometry {
		t.Errorf("priorities of units with shapes: geometry kind %d", l.Geometry)
	}
	n := 0
	for g, vals := range l.Rows {
		rec := want[1+n]
		for k, c := range l.Columns[:len(rec)] {
			if c.Name != want[0][k] {
				t.Fatalf("column %d is %q, the CSV's %q", k, c.Name, want[0][k])
			}
		}
		if vals[1] != rec[1] || vals[7] != rec[7] || vals[10] != rec[10] {
			t.Errorf("row %d: id %v release %v hazards %v; CSV %q %q %q", n, vals[1], vals[7], vals[10], rec[1], rec[7], rec[10])
		}
		if mp, ok := g.(orb.MultiPolygon); !ok || len(mp) == 0 {
			t.Errorf("row %d: geometry %T", n, g)
		}
		n++
	}
	if n != len(want)-1 {
		t.Errorf("%d rows, the CSV has %d", n, len(want)-1)
	}
	buf.Reset()
	if err := report.WriteScheduleCSV(&buf, sc.plan); err != nil {
		t.Fatal(err)
	}
	want, _ = csv.NewReader(&buf).ReadAll()
	l, err = report.ScheduleLayer(sc.plan, sc.units, sc.surface)
	if err != nil {
		t.Fatal(err)
	}
	n = 0
	for _, vals := range l.Rows {
		rec := want[1+n]
		for k := range 6 {
			if vals[k] != rec[k] {
				t.Fatalf("schedule row %d column %s: %v, CSV %q", n, l.Columns[k].Name, vals[k], rec[k])
			}
		}
		n++
	}
	if n != len(want)-1 || n == 0 {
		t.Errorf("%d schedule rows, the CSV has %d", n, len(want)-1)
	}
	// Without a surface: points.
	l, err = report.PrioritiesLayer(sc.prios, sc.units, nil, nil)
	if err != nil || l.Geometry != feature.PointGeometry {
		t.Fatalf("without a surface: %v, %v", l, err)
	}
}
