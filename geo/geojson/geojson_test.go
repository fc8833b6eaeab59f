package geojson_test

import (
	"bytes"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/geo/feature"
	"github.com/landrelease/clearance/geo/geojson"
	"github.com/paulmach/orb"
)

// fc wraps features in a FeatureCollection.
func fc(features ...string) string {
	return `{"type":"FeatureCollection","features":[` + strings.Join(features, ",") + `]}`
}

const goodPoly = `{"type":"Polygon","coordinates":[[[46.84,40.15],[46.85,40.15],[46.85,40.16],[46.84,40.16],[46.84,40.15]]]}`

func hazardFeature(id, props, geom string) string {
	return `{"type":"Feature","id":"` + id + `","properties":` + props + `,"geometry":` + geom + `}`
}

func TestDecodeStructuralErrors(t *testing.T) {
	for _, c := range []struct {
		name, src string
		want      error
	}{
		{"not JSON", "hello", feature.ErrFormat},
		{"empty", "  ", geo.ErrEmpty},
		{"not a collection", `{"type":"Feature"}`, feature.ErrFormat},
		{"features not an array", `{"type":"FeatureCollection","features":{}}`, feature.ErrFormat},
		{"no features member", `{"type":"FeatureCollection"}`, feature.ErrFormat},
	} {
		t.Run(c.name, func(t *testing.T) {
			feats, err := geojson.Decode(strings.NewReader(c.src), "in")
			if feats != nil || !errors.Is(err, c.want) || !strings.HasPrefix(err.Error(), "in: ") {
				t.Fatalf("features %v, error %v; want none and %v naming the file", feats, err, c.want)
			}
		})
	}
}

func TestDecodeFeature(t *testing.T) {
	src := fc(hazardFeature("A", `{"kind":"SHA","n":2}`, goodPoly), `{"type":"Feature","properties":null,"geometry":{"type":"Point","coordinates":[46.8,95]}}`)
	feats, err := geojson.Decode(strings.NewReader(src), "h.geojson")
	if err != nil || len(feats) != 2 {
		t.Fatalf("features %v, error %v", feats, err)
	}
	if f := feats[0]; f.Index != 0 || f.ID != "A" || !f.HasID || f.GeometryType != "Polygon" || f.Properties["n"] != 2.0 || len(f.Problems) != 0 {
		t.Errorf("feature 0: %+v", f)
	}
	if _, ok := feats[0].Geometry.(orb.Polygon); !ok {
		t.Errorf("feature 0 geometry %T, want orb.Polygon", feats[0].Geometry)
	}
	if f := feats[1]; f.Index != 1 || f.Geometry != nil || len(f.Problems) != 1 || !errors.Is(f.Problems[0].Err, geo.ErrOutOfRange) {
		t.Errorf("feature 1: %+v", f)
	}
}

// TestWriteLayer: the ID column is the top-level id, other columns are
// properties in column order, with dates as text, lists as arrays, Null as
// null; rows without a value leave the key out.
func TestWriteLayer(t *testing.T) {
	cols := []feature.Column{
		{Name: "z", Type: feature.TypeString},
		{Name: "id", Type: feature.TypeString, ID: true},
		{Name: "a", Type: feature.TypeDate},
		{Name: "list", Type: feature.TypeStringList},
		{Name: "n", Type: feature.TypeAny},
	}
	rows := [][]any{
		{"<z>", "X1", time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC), []string{"a", "b"}, feature.Null{}},
		{nil, nil, time.Date(2025, 6, 30, 10, 0, 0, 0, time.UTC), nil, 1.5},
	}
	l := &feature.Layer{Name: "t", Geometry: feature.PointGeometry, Columns: cols,
		Rows: func(yield func(orb.Geometry, []any) bool) {
			for _, r := range rows {
				if !yield(orb.Point{46.8, 40.1}, r) {
					return
				}
			}
		}}
	var buf bytes.Buffer
	if err := geojson.Write(&buf, l); err != nil {
		t.Fatal(err)
	}
	want := `{"type":"FeatureCollection","features":[
{"type":"Feature","id":"X1","geometry":{"type":"Point","coordinates":[46.8,40.1]},"properties":{"z":"<z>","a":"2025-06-30","list":["a","b"],"n":null}},
{"type":"Feature","geometry":{"type":"Point","coordinates":[46.8,40.1]},"properties":{"a":"2025-06-30T10:00:00Z","n":1.5}}
]}
`
	if buf.String() != want {
		t.Errorf("got\n%s\nwant\n%s", buf.String(), want)
	}
	rows[1][4] = math.NaN()
	if err := geojson.Write(&bytes.Buffer{}, l); err == nil || !strings.Contains(err.Error(), "row 1") {
		t.Errorf("NaN property: error %v, want one naming row 1", err)
	}
}
