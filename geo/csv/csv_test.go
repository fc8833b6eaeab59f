package csv_test

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/geo/csv"
	"github.com/landrelease/clearance/geo/feature"
	"github.com/landrelease/clearance/internal/featuretest"
	"github.com/paulmach/orb"
)

func TestDecode(t *testing.T) {
	src := "\ufeffid,Lat,LNG,note\nI1,40.1,46.8,a\n\nI2,95,46.8,b\nI3,,46.8\n"
	feats, err := csv.Decode(strings.NewReader(src), "i.csv")
	if err != nil || len(feats) != 3 {
		t.Fatalf("features %v, error %v", feats, err)
	}
	if f := feats[0]; f.Index != 0 || f.Line != 2 || f.Geometry != (orb.Point{46.8, 40.1}) || f.GeometryType != "Point" ||
		len(f.Properties) != 2 || f.Properties["note"] != "a" || f.Properties["id"] != "I1" {
		t.Errorf("feature 0: %+v", f)
	}
	if f := feats[1]; f.Index != 1 || f.Line != 4 || f.Geometry != nil || len(f.Problems) != 1 || f.Problems[0].Field != "Lat" || !errors.Is(f.Problems[0].Err, geo.ErrOutOfRange) {
		t.Errorf("feature 1: %+v", f)
	}
	if f := feats[2]; len(f.Problems) != 2 || f.Problems[0].Field != "row" || !errors.Is(f.Problems[0].Err, feature.ErrFormat) ||
		f.Problems[1].Field != "Lat" || !errors.Is(f.Problems[1].Err, feature.ErrMissing) {
		t.Errorf("feature 2: %+v", f)
	}
}

func TestDecodeStructuralErrors(t *testing.T) {
	for _, c := range []struct {
		name, src string
		want      error
	}{
		{"missing lat column", "id,lon\n1,46.8\n", feature.ErrFormat},
		{"no coordinates", "id,name\n1,a\n", feature.ErrFormat},
		{"duplicate column", "lat,lon,a,A\n1,2,3,4\n", feature.ErrFormat},
		{"blank column name", "lat,lon,\n1,2,3\n", feature.ErrFormat},
		{"empty", "", geo.ErrEmpty},
	} {
		t.Run(c.name, func(t *testing.T) {
			feats, err := csv.Decode(strings.NewReader(c.src), "in")
			if feats != nil || !errors.Is(err, c.want) || !strings.HasPrefix(err.Error(), "in: ") {
				t.Fatalf("features %v, error %v; want none and %v naming the file", feats, err, c.want)
			}
		})
	}
}

func points(cols []feature.Column, g orb.Geometry, rows ...[]any) *feature.Layer {
	return &feature.Layer{Name: "t", Geometry: feature.PointGeometry, Columns: cols,
		Rows: func(yield func(orb.Geometry, []any) bool) {
			for _, r := range rows {
				if !yield(g, r) {
					return
				}
			}
		}}
}

func TestWrite(t *testing.T) {
	cols := []feature.Column{{Name: "id", Type: feature.TypeString, ID: true}, {Name: "tags", Type: feature.TypeStringList}, {Name: "n", Type: feature.TypeAny}}
	var buf bytes.Buffer
	if err := csv.Write(&buf, points(cols, orb.Point{46.8, 40.1}, []any{"X1", []string{"a", "b, c"}, 1.5}, []any{nil, nil, feature.Null{}})); err != nil {
		t.Fatal(err)
	}
	if want := "lat,lon,id,tags,n\n40.1,46.8,X1,\"a; b, c\",1.5\n40.1,46.8,,,\n"; buf.String() != want {
		t.Errorf("got %q, want %q", buf.String(), want)
	}
	for _, c := range []struct {
		name string
		l    *feature.Layer
	}{
		{"point in a polygon layer", &feature.Layer{Name: "t", Geometry: feature.PolygonGeometry, Rows: points(nil, orb.Point{1, 2}, []any{}).Rows}},
		{"WKT column name", points([]feature.Column{{Name: "Geometry"}}, orb.Point{1, 2})},
		{"coordinate column", points([]feature.Column{{Name: "Latitude"}}, orb.Point{1, 2})},
		{"repeated column", points([]feature.Column{{Name: "a"}, {Name: "A"}}, orb.Point{1, 2})},
		{"blank column", points([]feature.Column{{Name: " "}}, orb.Point{1, 2})},
		{"out of range", points([]feature.Column{{Name: "a"}}, orb.Point{1, 200}, []any{nil})},
	} {
		if err := csv.Write(&bytes.Buffer{}, c.l); err == nil {
			t.Errorf("%s: no error", c.name)
		}
	}
}

// FuzzDecode: Decode never panics, and what it returns maps to valid
// incidents and settlements (see featuretest.CheckDecoded).
func FuzzDecode(f *testing.F) {
	for _, s := range []string{
		"ID,Latitude,LONGITUDE,Date,Killed,Injured,Device,name\nI1,40.158,46.842,2025-06-30,0,1,APM,Papravend\n",
		"name,lat,lng,population\nA,40,46,\nB,,,\n",
		"y,x\n\"1\n2\",3\n",
		"id;lat;lon\r\nI1;40,1;46,8\r\n",
		"id,kind,WKT\nH1,SHA,\"POLYGON ((46 40,47 40,47 41,46 40))\"\nH2,CHA,\"MULTIPOLYGON (((46 40,47 40,47 41,46 40)),((48 40,49 40,49 41,48 40)))\"\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		feats, err := csv.Decode(bytes.NewReader(data), "f")
		featuretest.CheckDecoded(t, feats, err, true)
	})
}

func TestDecodeWKT(t *testing.T) {
	src := "id,kind,WKT,lat\r\n" +
		"H1,SHA,\"POLYGON ((46 40,47 40,47 41,46 40))\",9\r\n" +
		"H2,CHA,\"MULTIPOLYGON (((46 40,47 40,47 41,46 40)),((48 40,49 40,49 41,48 40)))\",\r\n" +
		"H3,SHA,POINT (46.8 40.1),\r\n" +
		"H4,SHA,\"LINESTRING (46 40,47 41)\",\r\n" +
		"H5,SHA,\"POLYGON ((46 40,47 40,47 95,46 40))\",\r\n" +
		"H6,SHA,\"POLYGON ((46 40,\",\r\n" +
		"H7,SHA,,\r\n"
	feats, err := csv.Decode(strings.NewReader(src), "h.csv")
	if err != nil || len(feats) != 7 {
		t.Fatalf("features %v, error %v", feats, err)
	}
	want := []struct {
		typ   string
		field string
		err   error
	}{
		{"Polygon", "", nil}, {"MultiPolygon", "", nil}, {"Point", "", nil}, {"LineString", "", nil},
		{"", "geometry.polygon[0].ring[0]", geo.ErrOutOfRange}, {"", "WKT", feature.ErrBadGeometry}, {"", "WKT", feature.ErrMissing},
	}
	for i, w := range want {
		f := feats[i]
		if f.GeometryType != w.typ {
			t.Errorf("feature %d: type %q, want %q", i, f.GeometryType, w.typ)
		}
		if w.err == nil && len(f.Problems) > 0 || w.err != nil && (len(f.Problems) != 1 || f.Problems[0].Field != w.field || !errors.Is(f.Problems[0].Err, w.err)) {
			t.Errorf("feature %d: problems %v, want %s %v", i, f.Problems, w.field, w.err)
		}
	}
	if feats[0].Properties["lat"] != "9" {
		t.Errorf("lat beside a WKT column is not a property: %v", feats[0].Properties)
	}
	hs, _, err := feature.Hazards("h.csv", feats[:2], nil)
	if err != nil || len(hs) != 2 || len(hs[1].Geometry) != 2 {
		t.Fatalf("hazards %v, %v", hs, err)
	}
}

func TestDecodeSemicolon(t *testing.T) {
	src := "\ufeffid;lat;lon;note\r\nI1;40,158;46,842;a, b\r\nI2;40.5;46.5;\r\n"
	feats, err := csv.Decode(strings.NewReader(src), "i.csv")
	if err != nil || len(feats) != 2 {
		t.Fatalf("features %v, error %v", feats, err)
	}
	if feats[0].Geometry != (orb.Point{46.842, 40.158}) || feats[1].Geometry != (orb.Point{46.5, 40.5}) || feats[0].Properties["note"] != "a, b" {
		t.Errorf("features %+v", feats)
	}
	if len(feats[0].Warnings) != 1 || !strings.Contains(feats[0].Warnings[0].Err.Error(), "semicolons") {
		t.Errorf("warnings %v: want one about semicolons", feats[0].Warnings)
	}
	_, err = csv.Decode(strings.NewReader("id\tlat\tlon\n1\t2\t3\n"), "t.csv")
	if !errors.Is(err, feature.ErrFormat) || !strings.Contains(err.Error(), "tab") {
		t.Errorf("tab-separated: %v", err)
	}
}

func TestWritePolygons(t *testing.T) {
	mp := orb.MultiPolygon{{{{46, 40}, {47, 40}, {47, 41}, {46, 40}}}, {{{48, 40.5}, {49, 40}, {49, 41}, {48, 40.5}}}}
	l := &feature.Layer{Name: "h", Geometry: feature.PolygonGeometry, Columns: []feature.Column{{Name: "id", Type: feature.TypeString}},
		Rows: func(yield func(orb.Geometry, []any) bool) { yield(mp, []any{"H1"}) }}
	var buf bytes.Buffer
	if err := csv.Write(&buf, l); err != nil {
		t.Fatal(err)
	}
	feats, err := csv.Decode(&buf, "h.csv")
	if err != nil || len(feats) != 1 || !reflect.DeepEqual(feats[0].Geometry, mp) || feats[0].Properties["id"] != "H1" {
		t.Fatalf("read back %+v, %v", feats, err)
	}
}
