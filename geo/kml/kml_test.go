package kml_test

import (
	"bytes"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/geo/feature"
	"github.com/landrelease/clearance/geo/kml"
	"github.com/landrelease/clearance/internal/featuretest"
	"github.com/paulmach/orb"
)

const placemarks = `<?xml version="1.0" encoding="UTF-8"?>
<kml xmlns="http://www.opengis.net/kml/2.2"><Document>
<Folder><Placemark id="pm1"><name>SHA-1</name><description>front line</description>
  <ExtendedData><Data name="kind"><value>SHA</value></Data><Data name="name"><value>other</value></Data></ExtendedData>
  <Polygon><outerBoundaryIs><LinearRing><coordinates>46.84,40.15,0 46.85,40.15,0 46.85,40.16,0 46.84,40.15,0</coordinates></LinearRing></outerBoundaryIs></Polygon>
</Placemark></Folder>
<Placemark><MultiGeometry><Polygon><outerBoundaryIs><LinearRing><coordinates>47,40 47.01,40 47.01,40.01 47,40</coordinates></LinearRing></outerBoundaryIs></Polygon></MultiGeometry></Placemark>
<Placemark><LineString><coordinates>47,40 47.1,40.1</coordinates></LineString></Placemark>
<Placemark><Point><coordinates>46.8 , 95</coordinates></Point></Placemark>
</Document></kml>`

func TestDecode(t *testing.T) {
	feats, err := kml.Decode(strings.NewReader(placemarks), "h.kml")
	if err != nil || len(feats) != 4 {
		t.Fatalf("features %v, error %v", feats, err)
	}
	f := feats[0]
	if f.Index != 0 || f.Line != 3 || f.FallbackID != "pm1" || f.HasID || f.GeometryType != "Polygon" ||
		f.Properties["name"] != "other" || f.Properties["kml_name"] != "SHA-1" || f.Properties["description"] != "front line" || len(f.Warnings) != 1 {
		t.Errorf("feature 0: %+v", f)
	}
	if _, ok := f.Geometry.(orb.Polygon); !ok {
		t.Errorf("feature 0 geometry %T, want orb.Polygon", f.Geometry)
	}
	if mp, ok := feats[1].Geometry.(orb.MultiPolygon); !ok || len(mp) != 1 || feats[1].GeometryType != "MultiGeometry" {
		t.Errorf("feature 1: %+v", feats[1])
	}
	if f := feats[2]; f.Geometry != nil || f.GeometryType != "LineString" {
		t.Errorf("feature 2: %+v", f)
	}
	if f := feats[3]; f.Geometry != nil || len(f.Problems) != 1 || !errors.Is(f.Problems[0].Err, geo.ErrOutOfRange) {
		t.Errorf("feature 3: %+v", f)
	}
}

func TestDecodeStructuralErrors(t *testing.T) {
	for _, c := range []struct {
		name, src string
		want      error
	}{
		{"not XML", "{", feature.ErrFormat},
		{"not KML", "<gpx></gpx>", feature.ErrFormat},
		{"text only", "hello", feature.ErrFormat},
		{"empty", "", geo.ErrEmpty},
		{"bad placemark", "<kml><Placemark><name>a</Placemark></kml>", feature.ErrFormat},
	} {
		t.Run(c.name, func(t *testing.T) {
			feats, err := kml.Decode(strings.NewReader(c.src), "in")
			if feats != nil || !errors.Is(err, c.want) || !strings.HasPrefix(err.Error(), "in: ") {
				t.Fatalf("features %v, error %v; want none and %v naming the file", feats, err, c.want)
			}
		})
	}
}

func layerOf(cols []feature.Column, g orb.Geometry, rows ...[]any) *feature.Layer {
	return &feature.Layer{Name: "t", Geometry: feature.PointGeometry, Columns: cols,
		Rows: func(yield func(orb.Geometry, []any) bool) {
			for _, r := range rows {
				if !yield(g, r) {
					return
				}
			}
		}}
}

// TestWriteLabelAndID: the Label column is the <name>, not Data, unless it
// is the ID; another "name" column with a value takes <name>'s place; an
// "id" property beside an ID is refused.
func TestWriteLabelAndID(t *testing.T) {
	cols := []feature.Column{{Name: "id", Type: feature.TypeString, ID: true}, {Name: "label", Type: feature.TypeString, Label: true},
		{Name: "name", Type: feature.TypeString}, {Name: "note", Type: feature.TypeAny}}
	var buf bytes.Buffer
	err := kml.Write(&buf, layerOf(cols, orb.Point{46.8, 40.1}, []any{"X1", "Village", nil, feature.Null{}}, []any{nil, "V2", "N2", nil}))
	if err != nil {
		t.Fatal(err)
	}
	s := buf.String()
	for _, want := range []string{"<name>Village</name>", `<Data name="id">`, `<Data name="note">`, `<Data name="name">`, "<value>N2</value>", "<coordinates>46.8,40.1</coordinates>"} {
		if !strings.Contains(s, want) {
			t.Errorf("missing %s in\n%s", want, s)
		}
	}
	for _, bad := range []string{`<Data name="label">`, "<name>V2</name>"} {
		if strings.Contains(s, bad) {
			t.Errorf("unexpected %s in\n%s", bad, s)
		}
	}
	cols[2].Name = "ID"
	if err := kml.Write(&bytes.Buffer{}, layerOf(cols, orb.Point{1, 2}, []any{"X1", nil, "Y", nil})); err == nil || !strings.Contains(err.Error(), `"ID"`) {
		t.Errorf("id beside ID: error %v", err)
	}
	if err := kml.Write(&bytes.Buffer{}, layerOf(cols, orb.Point{math.NaN(), 2}, []any{nil, nil, nil, nil})); !errors.Is(err, geo.ErrNotFinite) {
		t.Errorf("NaN coordinate: error %v", err)
	}
}

// FuzzDecode: Decode never panics, and what it returns maps to a valid
// model (see featuretest.CheckDecoded).
func FuzzDecode(f *testing.F) {
	for _, s := range []string{
		placemarks,
		`<kml><Placemark><name>a</name><Point><coordinates>46.8,40.1</coordinates></Point></Placemark></kml>`,
		`<kml><Document><Placemark><ExtendedData><Data name="kind"><value>SHA</value></Data></ExtendedData><MultiGeometry><Point><coordinates>1,2</coordinates></Point></MultiGeometry></Placemark></Document></kml>`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		feats, err := kml.Decode(bytes.NewReader(data), "f")
		featuretest.CheckDecoded(t, feats, err, true)
	})
}
