package geo_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/testdata/aghdam"
)

func TestReadDatasetAghdam(t *testing.T) {
	d, warns, err := geo.ReadDataset(aghdam.FS, geo.Files{
		Hazards:     aghdam.Hazards,
		Incidents:   aghdam.Incidents,
		Settlements: aghdam.Settlements,
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(warns) != 0 {
		t.Errorf("warnings: %v", warns)
	}
	if len(d.Hazards) != 46 || len(d.Incidents) != 95 || len(d.Settlements) != 26 {
		t.Errorf("got %d hazards, %d incidents, %d settlements; want 46, 95, 26",
			len(d.Hazards), len(d.Incidents), len(d.Settlements))
	}
}

func TestReadDatasetReportsEveryFile(t *testing.T) {
	fsys := fstest.MapFS{
		"h.geojson": {Data: []byte(`{"type":"FeatureCollection","features":[
 {"type":"Feature","id":"A","properties":{"kind":"SHA"},"geometry":{"type":"Polygon","coordinates":[[[46,40],[46.01,40],[46.01,40.01],[46,40.01],[46,40]]]}},
 {"type":"Feature","id":"B","properties":{"kind":"XHA"},"geometry":{"type":"Polygon","coordinates":[[[46,40],[46.01,40],[46.01,40.01],[46,40.01],[46,40]]]}}]}`)},
		"i.csv": {Data: []byte("id,lat,lon,date\nI1,40.0,46.0,2020-01-01\nI2,95,46.0,2020-01-01\n")},
	}
	d, _, err := geo.ReadDataset(fsys, geo.Files{Hazards: "h.geojson", Incidents: "i.csv", Settlements: "missing.csv"}, nil)
	if err == nil {
		t.Fatal("want an error")
	}
	if !errors.Is(err, geo.ErrUnknownValue) || !errors.Is(err, geo.ErrOutOfRange) {
		t.Errorf("error should hold both files' problems: %v", err)
	}
	var fe *geo.FeatureError
	if !errors.As(err, &fe) || fe.File != "h.geojson" || fe.Index != 1 || fe.ID != "B" {
		t.Errorf("errors.As: got %+v", fe)
	}
	if len(d.Hazards) != 1 || len(d.Incidents) != 1 {
		t.Errorf("good features lost: %d hazards, %d incidents; want 1 and 1", len(d.Hazards), len(d.Incidents))
	}
}

func TestReadDatasetOSFiles(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "v.csv")
	if err := os.WriteFile(p, []byte("name,latitude,longitude,population\nPapravend,40.158333,46.841667,2173\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	d, _, err := geo.ReadDataset(nil, geo.Files{Settlements: p}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Settlements) != 1 || d.Settlements[0].Population != 2173 {
		t.Errorf("got %+v", d.Settlements)
	}
}
