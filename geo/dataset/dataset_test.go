package dataset_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/geo/dataset"
	"github.com/landrelease/clearance/geo/feature"
	"github.com/landrelease/clearance/internal/pgtest"
	"github.com/landrelease/clearance/testdata/aghdam"
	"github.com/paulmach/orb"
)

func TestReadDatasetAghdam(t *testing.T) {
	d, warns, err := dataset.Read(context.Background(), dataset.Files{
		Hazards:     aghdam.Hazards,
		Incidents:   aghdam.Incidents,
		Settlements: aghdam.Settlements,
	}, &dataset.Options{FS: aghdam.FS})
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
	d, _, err := dataset.Read(context.Background(), dataset.Files{Hazards: "h.geojson", Incidents: "i.csv", Settlements: "missing.csv"}, &dataset.Options{FS: fsys})
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
	d, _, err := dataset.Read(context.Background(), dataset.Files{Settlements: p}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Settlements) != 1 || d.Settlements[0].Population != 2173 {
		t.Errorf("got %+v", d.Settlements)
	}
}

func TestFormatOf(t *testing.T) {
	for path, want := range map[string]dataset.Format{"a.geojson": dataset.GeoJSON, "b.JSON": dataset.GeoJSON, "dir/c.KmL": dataset.KML, "d.csv": dataset.CSV,
		"e.KMZ": dataset.KMZ, "f.gpkg": dataset.GeoPackage, "f.gpkg?layer=x": dataset.GeoPackage, "g.shp": dataset.Shapefile,
		"postgres://u@h/db?table=t": dataset.PostGIS, "PostgreSQL://h/db": dataset.PostGIS} {
		if got, err := dataset.FormatOf(path); err != nil || got != want {
			t.Errorf("FormatOf(%q) = %v, %v", path, got, err)
		}
	}
	for _, path := range []string{"e.dbf", "h.csv?layer=x", "mysql://h/db"} {
		if _, err := dataset.FormatOf(path); !errors.Is(err, dataset.ErrUnknownFormat) {
			t.Errorf("FormatOf(%s) error %v", path, err)
		}
	}
}

func TestReadCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, _, err := dataset.Read(ctx, dataset.Files{Hazards: aghdam.Hazards}, &dataset.Options{FS: aghdam.FS})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error %v, want context.Canceled", err)
	}
	if _, err := dataset.ReadLayer(ctx, aghdam.Incidents, &dataset.Options{FS: aghdam.FS}); !errors.Is(err, context.Canceled) {
		t.Errorf("ReadLayer: error %v, want context.Canceled", err)
	}
}

func TestReadCSVPolygons(t *testing.T) {
	fsys := fstest.MapFS{"h.csv": {Data: []byte("id,lat,lon\nA,40,46\n")}}
	_, _, err := dataset.Read(context.Background(), dataset.Files{Hazards: "h.csv", Area: "h.csv"}, &dataset.Options{FS: fsys})
	if !errors.Is(err, feature.ErrGeometryType) || !strings.Contains(err.Error(), "h.csv: CSV of points") {
		t.Errorf("error %v, want ErrGeometryType naming the file", err)
	}
}

// TestWriteReadBack writes the Aghdam incidents and settlements in every
// format and reads them back equal; hazards in the formats that hold
// polygons.
func TestWriteReadBack(t *testing.T) {
	ctx := context.Background()
	d, _, err := dataset.Read(ctx, dataset.Files{Hazards: aghdam.Hazards, Incidents: aghdam.Incidents, Settlements: aghdam.Settlements},
		&dataset.Options{FS: aghdam.FS})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, ext := range []string{".geojson", ".kml", ".kmz", ".csv", ".gpkg", "postgres"} {
		t.Run(ext, func(t *testing.T) {
			var files dataset.Files
			base := ""
			if ext == "postgres" {
				base = pgtest.URL(t)
				pgtest.Schema(t, base)
			}
			write := func(name string, l *feature.Layer, err error) string {
				t.Helper()
				if err != nil {
					t.Fatal(err)
				}
				path := filepath.Join(dir, name+ext)
				switch ext {
				case ".gpkg":
					path = filepath.Join(dir, "job.gpkg") // one file, a table each
				case "postgres":
					path = pgtest.WithTable(base, "t_testwritereadback_postgres."+name)
				}
				if err := dataset.Write(ctx, path, l); err != nil {
					t.Fatal(err)
				}
				return path
			}
			l, err := feature.HazardLayer(d.Hazards)
			files.Hazards = write("hazards", l, err)
			l, err = feature.IncidentLayer(d.Incidents)
			files.Incidents = write("incidents", l, err)
			l, err = feature.SettlementLayer(d.Settlements)
			files.Settlements = write("settlements", l, err)
			got, warns, err := dataset.Read(ctx, files, nil)
			if err != nil || len(warns) != 0 {
				t.Fatalf("read back: %v %v", err, warns)
			}
			if ext == ".geojson" && !reflect.DeepEqual(got.Hazards, d.Hazards) {
				t.Errorf("hazards differ")
			}
			for i := range got.Hazards {
				g, w := got.Hazards[i], d.Hazards[i]
				if len(g.Properties) != len(w.Properties) {
					t.Fatalf("hazard %d: properties %v, want %v", i, g.Properties, w.Properties)
				}
				g.Properties, w.Properties = nil, nil
				if !reflect.DeepEqual(g, w) {
					t.Fatalf("hazard %d: got %+v, want %+v", i, g, w)
				}
			}
			// Text formats hold every property as text.
			for i := range got.Incidents {
				g, w := got.Incidents[i], d.Incidents[i]
				g.Properties, w.Properties = nil, nil
				if !reflect.DeepEqual(g, w) {
					t.Fatalf("incident %d: got %+v, want %+v", i, g, w)
				}
			}
			for i := range got.Settlements {
				g, w := got.Settlements[i], d.Settlements[i]
				if len(g.Properties) != len(w.Properties) {
					t.Fatalf("settlement %d: properties %v, want %v", i, g.Properties, w.Properties)
				}
				g.Properties, w.Properties = nil, nil
				if !reflect.DeepEqual(g, w) {
					t.Fatalf("settlement %d: got %+v, want %+v", i, g, w)
				}
			}
		})
	}
	if err := dataset.Write(ctx, filepath.Join(dir, "x.shp"), &feature.Layer{}); !errors.Is(err, dataset.ErrUnknownFormat) {
		t.Errorf("unknown extension: error %v", err)
	}
}

// TestWriteInterrupted: a write cancelled between rows, in every file
// format, leaves the previous file as it was and no temporary file.
func TestWriteInterrupted(t *testing.T) {
	d, _, err := dataset.Read(context.Background(), dataset.Files{Incidents: aghdam.Incidents}, &dataset.Options{FS: aghdam.FS})
	if err != nil {
		t.Fatal(err)
	}
	full, err := feature.IncidentLayer(d.Incidents)
	if err != nil {
		t.Fatal(err)
	}
	for _, ext := range []string{".geojson", ".kml", ".kmz", ".csv"} {
		dir := t.TempDir()
		path := filepath.Join(dir, "incidents"+ext)
		if err := os.WriteFile(path, []byte("previous"), 0o644); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		l := *full
		l.Rows = func(yield func(orb.Geometry, []any) bool) {
			n := 0
			for g, v := range full.Rows {
				if n++; n == 3 {
					cancel()
				}
				if !yield(g, v) {
					return
				}
			}
		}
		err := dataset.Write(ctx, path, &l)
		cancel()
		if !errors.Is(err, context.Canceled) {
			t.Errorf("%s: error %v, want context.Canceled", ext, err)
		}
		if b, _ := os.ReadFile(path); string(b) != "previous" {
			t.Errorf("%s: file now %d bytes, want the previous one", ext, len(b))
		}
		if ents, _ := os.ReadDir(dir); len(ents) != 1 {
			t.Errorf("%s: %d files in the folder, want 1", ext, len(ents))
		}
	}
}
