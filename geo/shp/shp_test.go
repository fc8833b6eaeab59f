package shp_test

import (
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/geo/dataset"
	"github.com/landrelease/clearance/geo/feature"
	"github.com/landrelease/clearance/geo/shp"
	"github.com/landrelease/clearance/internal/crs"
	"github.com/landrelease/clearance/testdata/aghdam"
)

// gdal is the folder of the GDAL-written fixtures (see its README).
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

func read(t *testing.T, path string) []feature.Feature {
	t.Helper()
	feats, err := shp.Read(context.Background(), nil, path)
	if err != nil {
		t.Fatal(err)
	}
	return feats
}

// TestGDALWGS84: the Aghdam layers as ogr2ogr wrote them to Shapefiles
// read back to the model the GeoJSON and CSV originals give, bit for bit,
// without a warning about ring winding.
func TestGDALWGS84(t *testing.T) {
	want := readAghdam(t)
	dir := filepath.Join(gdal, "shp")
	hs, warns, err := feature.Hazards("h", read(t, filepath.Join(dir, "hazards.shp")), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range warns {
		if w.Field != "status" {
			t.Errorf("warning %v", w)
		}
	}
	if len(hs) != len(want.Hazards) {
		t.Fatalf("%d hazards, want %d", len(hs), len(want.Hazards))
	}
	for i := range hs {
		g, w := hs[i], want.Hazards[i]
		if g.ID != w.ID || g.Kind != w.Kind || g.Status != w.Status || !g.Reported.Equal(w.Reported) ||
			!reflect.DeepEqual(g.Geometry, w.Geometry) || !reflect.DeepEqual(g.Evidence, w.Evidence) {
			t.Errorf("hazard %d:\n got %+v\nwant %+v", i, g, w)
		}
	}
	is, _, err := feature.Incidents("i", read(t, filepath.Join(dir, "incidents.shp")), nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := range is {
		is[i].Properties = nil
	}
	wi := append([]geo.Incident(nil), want.Incidents...)
	for i := range wi {
		wi[i].Properties = nil
	}
	if !reflect.DeepEqual(is, wi) {
		t.Errorf("incidents differ: %+v\n%+v", is[0], wi[0])
	}
	ss, _, err := feature.Settlements("s", read(t, filepath.Join(dir, "settlements.shp")), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(ss) != len(want.Settlements) {
		t.Fatalf("%d settlements", len(ss))
	}
	for i := range ss {
		g, w := ss[i], want.Settlements[i]
		if g.Name != w.Name || g.Point != w.Point || g.Population != w.Population {
			t.Errorf("settlement %d: %+v, want %+v", i, g, w)
		}
	}
}

// TestGDALUTM: Shapefiles in UTM 38N with Windows-1254 text read back to
// within a micrometre of the originals, with their text decoded.
func TestGDALUTM(t *testing.T) {
	want := readAghdam(t)
	dir := filepath.Join(gdal, "shp-utm")
	hs, _, err := feature.Hazards("h", read(t, filepath.Join(dir, "hazards.shp")), nil)
	if err != nil {
		t.Fatal(err)
	}
	const tol = 1e-11 // degrees, about a micrometre
	for i := range hs {
		g, w := hs[i].Geometry, want.Hazards[i].Geometry
		for pi := range w {
			for ri := range w[pi] {
				for k, p := range w[pi][ri] {
					q := g[pi][ri][k]
					if math.Abs(p[0]-q[0]) > tol || math.Abs(p[1]-q[1]) > tol {
						t.Fatalf("hazard %d position %d: %v, want %v", i, k, q, p)
					}
				}
			}
		}
	}
	ss, _, err := feature.Settlements("s", read(t, filepath.Join(dir, "settlements.shp")), nil)
	if err != nil {
		t.Fatal(err)
	}
	if ss[0].Name != "Abdal-Gülablı" || ss[2].Name != "Ağdam" {
		t.Errorf("names %q, %q: Windows-1254 not decoded", ss[0].Name, ss[2].Name)
	}
	feats := read(t, filepath.Join(dir, "incidents.shp"))
	if len(feats[0].Warnings) == 0 || feats[0].Warnings[len(feats[0].Warnings)-1].Field != "geometry" {
		t.Errorf("no warning that UTM was turned into lon/lat: %v", feats[0].Warnings)
	}
}

// TestPRJRefused: a .prj the library cannot undo is an error naming it.
func TestPRJRefused(t *testing.T) {
	dir := t.TempDir()
	for _, ext := range []string{".shp", ".shx", ".dbf", ".cpg"} {
		b, err := os.ReadFile(filepath.Join(gdal, "shp", "incidents"+ext))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, "i"+ext), b, 0o644)
	}
	prj := `PROJCS["Pulkovo_1942_GK_Zone_8",GEOGCS["GCS_Pulkovo_1942",DATUM["D_Pulkovo_1942",SPHEROID["Krasovsky_1940",6378245.0,298.3]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],UNIT["Meter",1.0]]`
	os.WriteFile(filepath.Join(dir, "i.prj"), []byte(prj), 0o644)
	_, err := shp.Read(context.Background(), nil, filepath.Join(dir, "i.shp"))
	if !errors.Is(err, crs.ErrUnsupported) || !contains(err.Error(), "Pulkovo_1942_GK_Zone_8") {
		t.Fatalf("error %v: want ErrUnsupported naming the CRS", err)
	}
	os.Remove(filepath.Join(dir, "i.dbf"))
	if _, err := shp.Read(context.Background(), nil, filepath.Join(dir, "i.shp")); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("without a .dbf: %v", err)
	}
}

func contains(s, sub string) bool {
	return len(sub) == 0 || len(s) >= len(sub) && (s[:len(sub)] == sub || contains(s[1:], sub))
}
