package kml_test

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/geo/dataset"
	"github.com/landrelease/clearance/geo/feature"
	"github.com/landrelease/clearance/geo/kml"
	"github.com/landrelease/clearance/internal/featuretest"
	"github.com/landrelease/clearance/testdata/aghdam"
)

const gdal = "../../testdata/gdal"

func readAghdam(t *testing.T) *geo.Dataset {
	t.Helper()
	d, _, err := dataset.Read(context.Background(), dataset.Files{
		Hazards: aghdam.Hazards, Incidents: aghdam.Incidents, Settlements: aghdam.Settlements,
	}, &dataset.Options{FS: aghdam.FS})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func decodeKMZFile(t *testing.T, path string) []feature.Feature {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	feats, err := kml.DecodeKMZ(bytes.NewReader(b), int64(len(b)), path)
	if err != nil {
		t.Fatal(err)
	}
	return feats
}

// TestGDALKMZ: the KMZ files GDAL's LIBKML driver wrote (doc.kml linking
// to layers/NAME.kml, dates as 2023/05/30, string lists as "(2:a,b)")
// read to the model the originals give.
func TestGDALKMZ(t *testing.T) {
	want := readAghdam(t)
	hs, _, err := feature.Hazards("h", decodeKMZFile(t, filepath.Join(gdal, "kmz/hazards.kmz")), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(hs) != len(want.Hazards) {
		t.Fatalf("%d hazards", len(hs))
	}
	for i := range hs {
		g, w := hs[i], want.Hazards[i]
		if g.ID != w.ID || g.Kind != w.Kind || g.Status != w.Status || !g.Reported.Equal(w.Reported) ||
			!reflect.DeepEqual(g.Geometry, w.Geometry) || !reflect.DeepEqual(g.Evidence, w.Evidence) {
			t.Errorf("hazard %d:\n got %+v\nwant %+v", i, g, w)
		}
	}
	is, _, err := feature.Incidents("i", decodeKMZFile(t, filepath.Join(gdal, "kmz/incidents.kmz")), nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := range is {
		g, w := is[i], want.Incidents[i]
		if g.ID != w.ID || !g.Date.Equal(w.Date) || g.Killed != w.Killed || g.Injured != w.Injured || g.Device != w.Device || g.Point != w.Point {
			t.Errorf("incident %d: %+v, want %+v", i, g, w)
		}
	}
	ss, _, err := feature.Settlements("s", decodeKMZFile(t, filepath.Join(gdal, "kmz/settlements.kmz")), nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := range ss {
		g, w := ss[i], want.Settlements[i]
		if g.Name != w.Name || g.Point != w.Point || g.Population != w.Population {
			t.Errorf("settlement %d: %+v, want %+v", i, g, w)
		}
	}
}

// TestKMZRoundTrip: WriteKMZ then DecodeKMZ gives the hazards back.
func TestKMZRoundTrip(t *testing.T) {
	want := readAghdam(t)
	l, err := feature.HazardLayer(want.Hazards)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := kml.WriteKMZ(&buf, l); err != nil {
		t.Fatal(err)
	}
	feats, err := kml.DecodeKMZ(bytes.NewReader(buf.Bytes()), int64(buf.Len()), "h.kmz")
	if err != nil {
		t.Fatal(err)
	}
	hs, _, err := feature.Hazards("h", feats, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := range hs {
		if !reflect.DeepEqual(hs[i].Geometry, want.Hazards[i].Geometry) || hs[i].ID != want.Hazards[i].ID {
			t.Fatalf("hazard %d differs", i)
		}
	}
}

func zipOf(t testing.TB, files ...string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i+1 < len(files); i += 2 {
		w, err := zw.Create(files[i])
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(files[i+1]))
	}
	zw.Close()
	return buf.Bytes()
}

func TestDecodeKMZErrors(t *testing.T) {
	pm := `<kml><Placemark><name>a</name><Point><coordinates>46,40</coordinates></Point></Placemark></kml>`
	link := `<kml><Document><NetworkLink><Link><href>layers/a.kml</href></Link></NetworkLink><NetworkLink><Link><href>http://example.org/x.kml</href></Link></NetworkLink></Document></kml>`
	for _, tc := range []struct {
		name string
		b    []byte
		n    int
		bad  bool
	}{
		{"not a zip", []byte("<kml/>"), 0, true},
		{"no kml", zipOf(t, "a.txt", "x"), 0, true},
		{"first kml when no doc.kml", zipOf(t, "x/a.kml", pm), 1, false},
		{"doc.kml first", zipOf(t, "a.kml", pm+"", "doc.kml", link, "layers/a.kml", pm), 1, false},
		{"missing link target", zipOf(t, "doc.kml", link), 0, true},
		{"link loop read once", zipOf(t, "doc.kml", strings.Replace(link, "layers/a.kml", "doc.kml", 1)), 0, false},
		{"BOM", zipOf(t, "doc.kml", "\ufeff"+pm), 1, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			feats, err := kml.DecodeKMZ(bytes.NewReader(tc.b), int64(len(tc.b)), "f.kmz")
			if tc.bad {
				if !errors.Is(err, feature.ErrFormat) {
					t.Fatalf("got %v, %v; want ErrFormat", feats, err)
				}
				return
			}
			if err != nil || len(feats) != tc.n {
				t.Fatalf("got %d features, %v; want %d", len(feats), err, tc.n)
			}
		})
	}
}

// FuzzDecodeKMZ: any bytes give ErrFormat-like errors or features that
// map to valid layers.
func FuzzDecodeKMZ(f *testing.F) {
	b, err := os.ReadFile(filepath.Join(gdal, "kmz/incidents.kmz"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add(zipOf(f, "doc.kml", `<kml><Placemark><Polygon><outerBoundaryIs><LinearRing><coordinates>47,40 47.01,40 47.01,40.01 47,40</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark></kml>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		feats, err := kml.DecodeKMZ(bytes.NewReader(b), int64(len(b)), "f.kmz")
		featuretest.CheckDecoded(t, feats, err, true)
	})
}
