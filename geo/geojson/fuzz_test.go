package geojson_test

import (
	"bytes"
	"testing"

	"github.com/landrelease/clearance/geo/geojson"
	"github.com/landrelease/clearance/internal/featuretest"
)

// FuzzDecode: Decode never panics, and what it returns maps to a valid
// model (see featuretest.CheckDecoded).
func FuzzDecode(f *testing.F) {
	for _, s := range []string{
		fc(hazardFeature("A", `{"kind":"SHA","status":"open"}`, goodPoly)),
		fc(),
		fc(hazardFeature("A", `{"kind":"SHA"}`, `{"type":"MultiPolygon","coordinates":[[[[0,0],[2,0],[2,2],[0,2],[0,0]]],[[[1,1],[3,1],[3,3],[1,3],[1,1]]]]}`)),
		fc(hazardFeature("A", `{"kind":"SHA"}`, `{"type":"Polygon","coordinates":[[[0,0],[9,0],[9,9],[0,9]],[[1,1],[1,4],[4,4],[4,1],[1,1]]]}`)),
		fc(`{"type":"Feature","id":7,"properties":{"name":"X","date":"2025-06","killed":"1","population":3},"geometry":{"type":"Point","coordinates":[46.8,40.1,5]}}`),
		`{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[1e999,0]]]}}]}`,
		"\ufeff" + collection(`{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::3857"}}`, "5214427.587739", "4888929.043073"),
		collection(`{"type":"EPSG","properties":{"code":32638}}`, "656874.180393", "4446920.438961"),
		`{"crs":{"type":"name","properties":{"name":"EPSG:3857"}},"type":"FeatureCollection","features":[` +
			hazardFeature("A", `{"kind":"SHA"}`, `{"type":"Polygon","coordinates":[[[5e6,4e6],[5.1e6,4e6],[5.1e6,4.1e6],[5e6,4e6]]]}`) + `]}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		feats, err := geojson.Decode(bytes.NewReader(data), "f")
		featuretest.CheckDecoded(t, feats, err, true)
	})
}
