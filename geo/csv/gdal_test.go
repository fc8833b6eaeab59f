package csv_test

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/landrelease/clearance/geo/csv"
	"github.com/landrelease/clearance/geo/dataset"
	"github.com/landrelease/clearance/geo/feature"
	"github.com/landrelease/clearance/testdata/aghdam"
)

// TestGDALWKT: hazards ogr2ogr wrote as CSV with a WKT column, comma- and
// semicolon-separated, read to the hazards of the GeoJSON original.
func TestGDALWKT(t *testing.T) {
	want, _, err := dataset.Read(context.Background(), dataset.Files{Hazards: aghdam.Hazards}, &dataset.Options{FS: aghdam.FS})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"hazards.csv", "hazards-semicolon.csv"} {
		f, err := os.Open(filepath.Join("../../testdata/gdal/csv", name))
		if err != nil {
			t.Fatal(err)
		}
		feats, err := csv.Decode(f, name)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		hs, _, err := feature.Hazards(name, feats, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(hs) != len(want.Hazards) {
			t.Fatalf("%s: %d hazards", name, len(hs))
		}
		for i := range hs {
			g, w := hs[i], want.Hazards[i]
			if g.ID != w.ID || g.Kind != w.Kind || !g.Reported.Equal(w.Reported) || !reflect.DeepEqual(g.Geometry, w.Geometry) || !reflect.DeepEqual(g.Evidence, w.Evidence) {
				t.Errorf("%s: hazard %d:\n got %+v\nwant %+v", name, i, g, w)
			}
		}
	}
}
