package feature

import (
	"errors"
	"slices"
	"testing"

	"github.com/landrelease/clearance/geo"
	"github.com/paulmach/orb"
)

func TestIncidentCasualties(t *testing.T) {
	pt := orb.Point{46.8, 40.1}
	raws := []Feature{
		{Index: 0, Geometry: pt, Properties: map[string]any{"id": "a", "Casualties": "3"}},
		{Index: 1, Geometry: pt, Properties: map[string]any{"id": "b", "victims": 2.0, "killed": 1.0}},
		{Index: 2, Geometry: pt, Properties: map[string]any{"id": "c"}},
		{Index: 3, Geometry: pt, Properties: map[string]any{"id": "d", "casualties": "-1"}},
	}
	got, _, err := Incidents("i.geojson", raws, nil)
	var fe *geo.FileError
	if !errors.As(err, &fe) || len(fe.Errs) != 1 || fe.Errs[0].Index != 3 || fe.Errs[0].Field != "casualties" ||
		!errors.Is(fe.Errs[0], ErrBadNumber) {
		t.Fatalf("error %v, want one ErrBadNumber on feature 3's casualties", err)
	}
	cas := []int{}
	for _, in := range got {
		cas = append(cas, in.Casualties)
		if len(in.Properties) > 1 {
			t.Errorf("%s: properties %v: casualties kept as a property", in.ID, in.Properties)
		}
	}
	if want := []int{3, 2, 0}; !slices.Equal(cas, want) {
		t.Fatalf("casualties %v, want %v", cas, want)
	}

	// The layer has the column only when some incident has casualties.
	l, err := IncidentLayer(got)
	if err != nil {
		t.Fatal(err)
	}
	k := slices.IndexFunc(l.Columns, func(c Column) bool { return c.Name == "casualties" })
	if k < 0 {
		t.Fatalf("columns %v lack casualties", l.Columns)
	}
	var vals []any
	for _, v := range l.Rows {
		vals = append(vals, v[k])
	}
	if !slices.Equal(vals, []any{3, 2, 0}) {
		t.Fatalf("casualties column %v", vals)
	}
	l, err = IncidentLayer(got[2:])
	if err != nil {
		t.Fatal(err)
	}
	if slices.ContainsFunc(l.Columns, func(c Column) bool { return c.Name == "casualties" }) {
		t.Fatalf("columns %v: casualties without any", l.Columns)
	}
}

func TestRequireMapped(t *testing.T) {
	pt := orb.Point{46.8, 40.1}
	raws := []Feature{{Index: 0, Geometry: pt, Properties: map[string]any{"id": "a", "Victims Total": "3"}}}
	opt := &Options{Schema: &Schema{IncidentCasualties: []string{"victims total"}, IncidentKilled: []string{"dead"}}, RequireMapped: true}
	got, _, err := Incidents("i.csv", raws, opt)
	var fe *geo.FileError
	if !errors.As(err, &fe) || len(fe.Errs) != 1 || fe.Errs[0].Index != -1 || fe.Errs[0].Field != "incidents.killed" || !errors.Is(err, ErrMissing) {
		t.Fatalf("error %v: want one ErrMissing for incidents.killed", err)
	}
	if len(got) != 1 || got[0].Casualties != 3 {
		t.Fatalf("incidents %+v", got)
	}
	opt.RequireMapped = false
	if _, _, err := Incidents("i.csv", raws, opt); err != nil {
		t.Fatalf("without RequireMapped: %v", err)
	}
	opt.RequireMapped = true
	if _, _, err := Incidents("i.csv", nil, opt); err != nil {
		t.Fatalf("no features: %v", err)
	}
}
