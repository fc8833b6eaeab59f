package main

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/landrelease/clearance/geo/dataset"
	"github.com/landrelease/clearance/geo/feature"
	"github.com/landrelease/clearance/geo/postgis"
	"github.com/landrelease/clearance/internal/pgtest"
)

// gdal is the folder of the files GDAL's ogr2ogr wrote from the Aghdam
// scenario (see its README).
var gdal = filepath.Join("..", "..", "testdata", "gdal")

// scoreCells runs planner score on the inputs and returns the cells CSV.
func scoreCells(t *testing.T, hazards, incidents, villages string, more ...string) []byte {
	t.Helper()
	path := filepath.Join(t.TempDir(), "cells.csv")
	args := append([]string{"score", "-q", "-hazards", hazards, "-incidents", incidents, "-villages", villages, "-cells", path}, more...)
	code, _, stderr := call(t, t.Context(), args...)
	if code != 0 {
		t.Fatalf("%v: exit %d, stderr:\n%s", args, code, stderr)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestScoreGDALFormats: the Aghdam scenario as GDAL wrote it (GeoPackage,
// Shapefile, KMZ, CSV with WKT) scores byte for byte like the GeoJSON and
// CSV originals.
func TestScoreGDALFormats(t *testing.T) {
	want := scoreCells(t, aghdam.hazards, aghdam.incidents, aghdam.settlements)
	gpkg := filepath.Join(gdal, "gpkg", "aghdam.gpkg")
	for _, tc := range []struct{ name, h, i, v string }{
		{"GeoPackage, layers picked by role", gpkg, gpkg, gpkg},
		{"GeoPackage, layers named", gpkg + "?layer=hazards", gpkg + "?layer=incidents", gpkg + "?layer=settlements"},
		{"Shapefile", filepath.Join(gdal, "shp", "hazards.shp"), filepath.Join(gdal, "shp", "incidents.shp"), filepath.Join(gdal, "shp", "settlements.shp")},
		{"KMZ", filepath.Join(gdal, "kmz", "hazards.kmz"), filepath.Join(gdal, "kmz", "incidents.kmz"), filepath.Join(gdal, "kmz", "settlements.kmz")},
		{"CSV with WKT", filepath.Join(gdal, "csv", "hazards-semicolon.csv"), aghdam.incidents, aghdam.settlements},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := scoreCells(t, tc.h, tc.i, tc.v); string(got) != string(want) {
				t.Errorf("cells differ from the GeoJSON original's (%d bytes, want %d)", len(got), len(want))
			}
		})
	}
}

// TestMap: -map reads a field from another column; a mapped column that
// no feature has is an error naming it.
func TestMap(t *testing.T) {
	dir := t.TempDir()
	b, err := os.ReadFile(aghdam.incidents)
	if err != nil {
		t.Fatal(err)
	}
	renamed := filepath.Join(dir, "incidents.csv")
	os.WriteFile(renamed, []byte("ref"+string(b[2:])), 0o644) // the id column renamed "ref"
	want := scoreCells(t, aghdam.hazards, aghdam.incidents, aghdam.settlements)
	if got := scoreCells(t, aghdam.hazards, renamed, aghdam.settlements, "-map", "incidents.id=ref"); string(got) != string(want) {
		t.Errorf("-map incidents.id=ref: cells differ")
	}
	code, _, stderr := call(t, t.Context(), "score", "-q", "-hazards", aghdam.hazards, "-incidents", aghdam.incidents,
		"-villages", aghdam.settlements, "-cells", filepath.Join(dir, "c.csv"), "-map", "incidents.killed=fatalities")
	if code != exitFail || !contains(stderr, "fatalities") || !contains(stderr, "incidents.killed") {
		t.Errorf("a mapped column missing: exit %d, stderr %q", code, stderr)
	}
	for _, bad := range []string{"incidents.killed", "roads.id=x", "incidents.speed=x", "=x"} {
		code, _, _ := call(t, t.Context(), "score", "-map", bad)
		if code != exitUsage {
			t.Errorf("-map %q: exit %d, want %d", bad, code, exitUsage)
		}
	}
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}

// TestPostGISRoundTrip: the GeoJSON and CSV inputs loaded into PostGIS
// score byte for byte like the files; the cells written back to PostGIS
// hold every cell, each value equal to the CSV's to the last digit.
func TestPostGISRoundTrip(t *testing.T) {
	base := pgtest.URL(t)
	schema, urls := pgtest.Schema(t, base, "hazards", "incidents", "settlements", "cells")
	ctx := context.Background()
	d, _, err := dataset.Read(ctx, dataset.Files{Hazards: aghdam.hazards, Incidents: aghdam.incidents, Settlements: aghdam.settlements}, nil)
	if err != nil {
		t.Fatal(err)
	}
	hl, _ := feature.HazardLayer(d.Hazards)
	il, _ := feature.IncidentLayer(d.Incidents)
	sl, _ := feature.SettlementLayer(d.Settlements)
	for i, l := range []*feature.Layer{hl, il, sl} {
		if err := dataset.Write(ctx, urls[i], l); err != nil {
			t.Fatal(err)
		}
	}
	// -exact: the CSV's shortest round-trip floats, so that each value
	// read back from the table equals the CSV's to the last bit.
	want := scoreCells(t, aghdam.hazards, aghdam.incidents, aghdam.settlements, "-exact")
	if got := scoreCells(t, urls[0], urls[1], urls[2], "-exact"); string(got) != string(want) {
		t.Fatalf("cells from PostGIS differ from the files'")
	}
	code, _, stderr := call(t, t.Context(), "score", "-q", "-hazards", urls[0], "-incidents", urls[1], "-villages", urls[2], "-cells", urls[3])
	if code != 0 {
		t.Fatalf("-cells %s: exit %d, stderr:\n%s", urls[3], code, stderr)
	}
	feats, err := postgis.Read(ctx, urls[3], "")
	if err != nil {
		t.Fatal(err)
	}
	checkCellsEqual(t, feats, want)

	// plan -out to PostGIS writes the plan's layers as tables.
	out := pgtest.WithTable(base, schema+".plan")
	code, _, stderr = call(t, t.Context(), "plan", "-q", "-hazards", urls[0], "-incidents", urls[1], "-villages", urls[2],
		"-teams", aghdam.teams, "-out", out)
	if code != 0 {
		t.Fatalf("plan -out %s: exit %d, stderr:\n%s", out, code, stderr)
	}
	for _, table := range []string{"priorities", "schedule", "cells", "hazard_risk"} {
		feats, err := postgis.Read(ctx, pgtest.WithTable(base, schema+"."+table), "")
		if err != nil || len(feats) == 0 {
			t.Errorf("table %s: %d rows, %v", table, len(feats), err)
		}
	}
}

// checkCellsEqual checks that the features of a cells layer hold, row for
// row, the values of the cells CSV.
func checkCellsEqual(t *testing.T, feats []feature.Feature, csvBytes []byte) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "cells.csv")
	os.WriteFile(path, csvBytes, 0o644)
	rows := checkCells(t, path)
	if len(feats) != len(rows) {
		t.Fatalf("%d cells written back, the CSV has %d", len(feats), len(rows))
	}
	f, _ := os.Open(path)
	defer f.Close()
	header := mustHeader(t, csvBytes)
	for n, rec := range rows {
		p := feats[n].Properties
		for k, name := range header {
			v, ok := p[name]
			if name == "hazards" {
				if !ok && rec[k] != "" || ok && v != rec[k] {
					t.Fatalf("cell %d: hazards %v, CSV %q", n, v, rec[k])
				}
				continue
			}
			want, err := strconv.ParseFloat(rec[k], 64)
			if err != nil {
				t.Fatal(err)
			}
			if got, _ := v.(float64); got != want {
				t.Fatalf("cell %d: %s is %v, CSV %q", n, name, v, rec[k])
			}
		}
	}
}

func mustHeader(t *testing.T, b []byte) []string {
	t.Helper()
	for i, c := range b {
		if c == '\n' {
			return splitComma(string(b[:i]))
		}
	}
	t.Fatal("no header")
	return nil
}

func splitComma(s string) []string {
	var out []string
	start := 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == ',' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return out
}
