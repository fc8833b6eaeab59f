package jsonscan

import (
	"errors"
	"reflect"
	"testing"

	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/geo/feature"
	"github.com/paulmach/orb"
)

// TestDecodeFeatures: each geometry type becomes the orb type the feature
// package expects, with the source's type name, and problems keep their
// field.
func TestDecodeFeatures(t *testing.T) {
	data := fc(
		`{"type":"Feature","id":"P","properties":{"a":1},"geometry":{"type":"Point","coordinates":[46.8,40.1,5]}}`,
		hazardFeature("A", `{}`, goodPoly),
		hazardFeature("M", `null`, `{"type":"MultiPolygon","coordinates":[]}`),
		`{"type":"Feature","id":7,"properties":{},"geometry":{"type":"LineString","coordinates":[[1,2],[3,4]]}}`,
		`{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[200,0]}}`,
		`{"type":"Feature","properties":{},"geometry":null}`,
	)
	got, err := Decode([]byte(data), "f.geojson")
	if err != nil {
		t.Fatal(err)
	}
	ring := orb.Ring{{46.84, 40.15}, {46.85, 40.15}, {46.85, 40.16}, {46.84, 40.16}, {46.84, 40.15}}
	want := []feature.Feature{
		{Index: 0, ID: "P", HasID: true, Geometry: orb.Point{46.8, 40.1}, GeometryType: "Point", Properties: map[string]any{"a": 1.0}},
		{Index: 1, ID: "A", HasID: true, Geometry: orb.Polygon{ring}, GeometryType: "Polygon", Properties: map[string]any{}},
		{Index: 2, ID: "M", HasID: true, Geometry: orb.MultiPolygon{}, GeometryType: "MultiPolygon", Properties: map[string]any{}},
		{Index: 3, ID: "7", HasID: true, GeometryType: "LineString", Properties: map[string]any{}},
		{Index: 4, Properties: map[string]any{}},
		{Index: 5, Properties: map[string]any{}},
	}
	if len(got) != len(want) {
		t.Fatalf("%d features, want %d", len(got), len(want))
	}
	for i := range want {
		g := got[i]
		probs := g.Problems
		g.Problems = nil
		if !reflect.DeepEqual(g, want[i]) {
			t.Errorf("feature %d:\n got %#v\nwant %#v", i, g, want[i])
		}
		if (i == 4) != (len(probs) == 1) {
			t.Errorf("feature %d: problems %v", i, probs)
		}
	}
	if p := got[4].Problems; len(p) != 1 || p[0].Field != "geometry.point" || !errors.Is(p[0].Err, geo.ErrOutOfRange) {
		t.Errorf("feature 4 problems %v, want geometry.point out of range", p)
	}
	if _, err := Decode([]byte("  \n"), "blank.geojson"); !errors.Is(err, geo.ErrEmpty) {
		t.Errorf("blank input: error %v, want ErrEmpty", err)
	}
}
