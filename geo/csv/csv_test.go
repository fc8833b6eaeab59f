package csv_test

import (
	"bytes"
	"errors"
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
		{"polygons", &feature.Layer{Name: "t", Geometry: feature.PolygonGeometry}},
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
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		feats, err := csv.Decode(bytes.NewReader(data), "f")
		featuretest.CheckDecoded(t, feats, err, false)
	})
}
