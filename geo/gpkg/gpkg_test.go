package gpkg_test

import (
	"context"
	"errors"
	"math"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/geo/dataset"
	"github.com/landrelease/clearance/geo/feature"
	"github.com/landrelease/clearance/geo/gpkg"
	"github.com/landrelease/clearance/internal/crs"
	"github.com/landrelease/clearance/testdata/aghdam"
	"github.com/paulmach/orb"
)

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

// TestRoundTrip writes the Aghdam layers into one GeoPackage and reads
// each back to the same model.
func TestRoundTrip(t *testing.T) {
	ctx := context.Background()
	d := readAghdam(t)
	path := filepath.Join(t.TempDir(), "aghdam.gpkg")
	hl, err := feature.HazardLayer(d.Hazards)
	if err != nil {
		t.Fatal(err)
	}
	il, err := feature.IncidentLayer(d.Incidents)
	if err != nil {
		t.Fatal(err)
	}
	sl, err := feature.SettlementLayer(d.Settlements)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range []*feature.Layer{hl, il, sl, hl} { // hazards twice: replaced
		if err := gpkg.Write(ctx, path, l); err != nil {
			t.Fatal(err)
		}
	}
	names, err := gpkg.Layers(ctx, path)
	if err != nil || !reflect.DeepEqual(names, []string{"hazards", "incidents", "settlements"}) {
		t.Fatalf("Layers = %v, %v", names, err)
	}
	read := func(layer string) []feature.Feature {
		feats, err := gpkg.Read(ctx, path, layer)
		if err != nil {
			t.Fatal(err)
		}
		return feats
	}
	hs, _, err := feature.Hazards(path, read("hazards"), nil)
	if err != nil {
		t.Fatal(err)
	}
	is, _, err := feature.Incidents(path, read("incidents"), nil)
	if err != nil {
		t.Fatal(err)
	}
	ss, _, err := feature.Settlements(path, read("settlements"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(hs, d.Hazards) {
		t.Errorf("hazards differ after a round trip:\n%+v\n%+v", hs[0], d.Hazards[0])
	}
	if !reflect.DeepEqual(is, d.Incidents) {
		t.Errorf("incidents differ after a round trip:\n%+v\n%+v", is[0], d.Incidents[0])
	}
	if !reflect.DeepEqual(ss, d.Settlements) {
		t.Errorf("settlements differ after a round trip:\n%+v\n%+v", ss[0], d.Settlements[0])
	}
	if _, err := gpkg.Read(ctx, path, ""); !errors.Is(err, gpkg.ErrLayer) {
		t.Errorf("Read of a file of 3 layers without a name: %v, want ErrLayer", err)
	}
	if _, err := gpkg.Read(ctx, path, "roads"); !errors.Is(err, gpkg.ErrLayer) {
		t.Errorf("Read of a missing layer: %v, want ErrLayer", err)
	}
}

// TestWriteFailureLeavesFile: a bad row rolls the layer back, leaving the
// previous one.
func TestWriteFailureLeavesFile(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "p.gpkg")
	layer := func(pts ...orb.Point) *feature.Layer {
		return &feature.Layer{Name: "pts", Geometry: feature.PointGeometry,
			Columns: []feature.Column{{Name: "n", Type: feature.TypeInt}},
			Rows: func(yield func(orb.Geometry, []any) bool) {
				for i, p := range pts {
					if !yield(p, []any{i}) {
						return
					}
				}
			}}
	}
	if err := gpkg.Write(ctx, path, layer(orb.Point{1, 2}, orb.Point{3, 4})); err != nil {
		t.Fatal(err)
	}
	err := gpkg.Write(ctx, path, layer(orb.Point{5, 6}, orb.Point{500, 4}))
	if !errors.Is(err, geo.ErrOutOfRange) {
		t.Fatalf("writing a point out of range: %v", err)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if err := gpkg.Write(cctx, path, layer(orb.Point{7, 8})); !errors.Is(err, context.Canceled) {
		t.Fatalf("writing with a done context: %v", err)
	}
	feats, err := gpkg.Read(ctx, path, "")
	if err != nil || len(feats) != 2 || feats[1].Geometry != (orb.Point{3, 4}) || feats[1].Properties["n"] != 1.0 {
		t.Fatalf("after failed writes: %+v, %v", feats, err)
	}
}

// TestGDALSRS: a GeoPackage ogr2ogr wrote in UTM 38N reads back to the
// lon/lat of the original within a micrometre; one in EPSG:2154 is
// refused with an error naming the SRS.
func TestGDALSRS(t *testing.T) {
	ctx := context.Background()
	want := readAghdam(t)
	feats, err := gpkg.Read(ctx, "../../testdata/gdal/gpkg/hazards-utm.gpkg", "")
	if err != nil {
		t.Fatal(err)
	}
	hs, _, err := feature.Hazards("h", feats, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := range hs {
		for pi, p := range want.Hazards[i].Geometry {
			for ri, r := range p {
				for k, pt := range r {
					q := hs[i].Geometry[pi][ri][k]
					if math.Abs(q[0]-pt[0]) > 1e-11 || math.Abs(q[1]-pt[1]) > 1e-11 {
						t.Fatalf("hazard %d position %d: %v, want %v", i, k, q, pt)
					}
				}
			}
		}
	}
	_, err = gpkg.Read(ctx, "../../testdata/gdal/gpkg/hazards-lambert93.gpkg", "")
	if !errors.Is(err, crs.ErrUnsupported) || !strings.Contains(err.Error(), "EPSG:2154") {
		t.Fatalf("EPSG:2154: %v, want an error naming it", err)
	}
}
