package feature_test

import (
	"fmt"

	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/geo/feature"
	"github.com/paulmach/orb"
)

// Map decoded features to hazards with a schema that names the id column
// of an export: the first feature is good, the second has no kind.
func ExampleHazards() {
	square := orb.Polygon{{{46.84, 40.15}, {46.85, 40.15}, {46.85, 40.16}, {46.84, 40.16}, {46.84, 40.15}}}
	feats := []feature.Feature{
		{Index: 0, Geometry: square, GeometryType: "Polygon", Properties: map[string]any{"OBJECTID": "H-1", "Hazard Type": "CHA", "status": "open"}},
		{Index: 1, Geometry: square.Clone(), GeometryType: "Polygon", Properties: map[string]any{"OBJECTID": "H-2"}},
	}
	opt := &feature.Options{Schema: &feature.Schema{HazardID: []string{"objectid"}}}
	hs, warns, err := feature.Hazards("export.geojson", feats, opt)
	fmt.Println(len(hs), hs[0].ID, hs[0].Kind, hs[0].Status, len(warns), "warning")
	fmt.Println(err)
	// Output:
	// 1 H-1 CHA open 1 warning
	// export.geojson: 1 problem
	// 	export.geojson: feature 1 (id "H-2"): kind: no kind/type/hazard_type/category/status: geo: required value missing
}

// The columns of an incident layer: the fixed fields and every property,
// sorted by name; the id is the ID column.
func ExampleIncidentLayer() {
	l, err := feature.IncidentLayer([]geo.Incident{
		{ID: "I1", Point: geo.LonLat{Lon: 46.8, Lat: 40.1}, Properties: map[string]any{"victim": "farmer"}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	var names []string
	for _, c := range l.Columns {
		names = append(names, c.Name)
	}
	fmt.Println(names)
	for g, vals := range l.Rows {
		fmt.Println(g, vals)
	}
	// Output:
	// [date device id injured killed victim]
	// [46.8 40.1] [<nil> unknown I1 0 0 farmer]
}
