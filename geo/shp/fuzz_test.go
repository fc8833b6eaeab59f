package shp_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/landrelease/clearance/geo/feature"
	"github.com/landrelease/clearance/geo/shp"
	"github.com/landrelease/clearance/internal/crs"
	"github.com/landrelease/clearance/internal/featuretest"
)

// FuzzDecode feeds the .shp and .dbf parsers arbitrary bytes: they give
// an error wrapping ErrShape (or feature.ErrFormat, crs.ErrUnsupported)
// and no features, or features the feature package maps to valid
// hazards, incidents and settlements. Seeds: the GDAL-written files.
func FuzzDecode(f *testing.F) {
	for _, name := range []string{"shp/incidents", "shp-utm/settlements"} {
		s, err1 := os.ReadFile(filepath.Join(gdal, name+".shp"))
		d, err2 := os.ReadFile(filepath.Join(gdal, name+".dbf"))
		if err1 != nil || err2 != nil {
			f.Fatal(err1, err2)
		}
		f.Add(s, d, "")
	}
	f.Add([]byte{}, []byte{}, "CP1251")
	f.Fuzz(func(t *testing.T, s, d []byte, cpg string) {
		feats, err := shp.Decode(shp.Files{SHP: s, DBF: d, CPG: []byte(cpg)}, "f.shp")
		if err != nil && !errors.Is(err, shp.ErrShape) && !errors.Is(err, feature.ErrFormat) && !errors.Is(err, crs.ErrUnsupported) {
			t.Fatalf("error %v wraps no sentinel", err)
		}
		featuretest.CheckDecoded(t, feats, err, true)
	})
}
