package dataset_test

import (
	"encoding/csv"
	"encoding/json"
	"io/fs"
	"slices"
	"strings"
	"testing"

	"github.com/landrelease/clearance/testdata/aghdam"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// TestAghdamFiles checks the embedded Aghdam scenario: the three files are
// there, the hazards are valid GeoJSON polygons (closed rings, shells
// counter-clockwise, holes clockwise and inside their shell) with the
// documented properties, and the CSV files have their columns.
func TestAghdamFiles(t *testing.T) {
	for _, name := range []string{aghdam.Hazards, aghdam.Incidents, aghdam.Settlements} {
		if _, err := fs.Stat(aghdam.FS, name); err != nil {
			t.Fatalf("embedded %s: %v", name, err)
		}
	}

	features := dsReadHazards(t)
	if n := len(features); n != 46 {
		t.Errorf("%d hazard features, want 46", n)
	}
	ids := map[string]bool{}
	var totalM2 float64
	kinds := map[string]int{}
	var papravend orb.Polygon
	for i, f := range features {
		if f.Type != "Feature" || f.Geometry.Type != "Polygon" {
			t.Fatalf("feature %d: type %q, geometry %q", i, f.Type, f.Geometry.Type)
		}
		id := f.str("id")
		if id == "" || ids[id] {
			t.Errorf("feature %d: missing or duplicate id %q", i, id)
		}
		ids[id] = true
		kind := f.str("kind")
		kinds[kind]++
		if !strings.HasPrefix(id, kind+"-") {
			t.Errorf("%s: kind %q", id, kind)
		}
		if s := f.str("status"); s != "open" && s != "worked on" && s != "closed" {
			t.Errorf("%s: status %q", id, s)
		}
		if syn, _ := f.Properties["synthetic"].(bool); !syn {
			t.Errorf("%s: not marked synthetic", id)
		}
		if ev, _ := f.Properties["evidence"].([]any); len(ev) == 0 {
			t.Errorf("%s: no evidence", id)
		}
		poly := f.polygon()
		for k, r := range poly {
			if !r.Closed() || len(r) < 4 {
				t.Errorf("%s ring %d: not closed", id, k)
			}
			if o := r.Orientation(); k == 0 && o != orb.CCW || k > 0 && o != orb.CW {
				t.Errorf("%s ring %d: orientation %v", id, k, o)
			}
			if k > 0 {
				for _, q := range r {
					if !planar.RingContains(poly[0], q) {
						t.Errorf("%s hole %d: position %v outside the shell", id, k, q)
						break
					}
				}
			}
		}
		// Area in m² on a local plane (about 85.2 km per degree of longitude
		// and 111.0 km per degree of latitude at 40° N).
		totalM2 += planar.Area(poly) * 85.2e3 * 111.0e3
		if id == "CHA-001" {
			papravend = poly
		}
	}
	if kinds["SHA"] < 25 || kinds["SHA"] > 40 || kinds["CHA"] < 10 || kinds["CHA"] > 15 {
		t.Errorf("kinds %v", kinds)
	}
	if ha := totalM2 / 1e4; ha < 8000 || ha > 15000 {
		t.Errorf("total %.0f ha, want 8,000-15,000", ha)
	}

	rows := dsReadCSV(t, aghdam.Settlements)
	if want := []string{"name", "name_latin", "lat", "lon", "kind", "population", "population_year", "source"}; !slices.Equal(rows[0], want) {
		t.Errorf("settlements header %v", rows[0])
	}
	if n := len(rows) - 1; n != 26 {
		t.Errorf("%d settlements, want 26", n)
	}

	rows = dsReadCSV(t, aghdam.Incidents)
	if want := []string{"id", "date", "lat", "lon", "killed", "injured", "device", "synthetic", "note"}; !slices.Equal(rows[0], want) {
		t.Fatalf("incidents header %v", rows[0])
	}
	if n := len(rows) - 1; n < 60 || n > 120 {
		t.Errorf("%d incidents, want 60-120", n)
	}
	real := 0
	for _, r := range rows[1:] {
		if r[7] == "false" {
			real++
			if r[1] != "2025-06-30" || r[6] != "AP" || r[4] != "0" || r[5] != "1" {
				t.Errorf("the Papravend stand-in: %v", r)
			}
			if papravend == nil || !planar.PolygonContains(papravend, orb.Point{46.841667, 40.158333}) {
				t.Error("the Papravend accident is not inside CHA-001")
			}
		} else if r[7] != "true" {
			t.Errorf("%s: synthetic = %q", r[0], r[7])
		}
	}
	if real != 1 {
		t.Errorf("%d incidents not synthetic, want 1", real)
	}
}

// dsFeature is the part of a GeoJSON Polygon feature this test reads,
// with encoding/json: the module's own readers are tested on their own.
type dsFeature struct {
	Type       string         `json:"type"`
	Properties map[string]any `json:"properties"`
	Geometry   struct {
		Type        string         `json:"type"`
		Coordinates [][][2]float64 `json:"coordinates"`
	} `json:"geometry"`
}

func dsReadHazards(t *testing.T) []dsFeature {
	t.Helper()
	raw, err := fs.ReadFile(aghdam.FS, aghdam.Hazards)
	if err != nil {
		t.Fatal(err)
	}
	if !json.Valid(raw) {
		t.Fatal("hazards.geojson is not valid JSON")
	}
	var fc struct {
		Type     string      `json:"type"`
		Features []dsFeature `json:"features"`
	}
	if err := json.Unmarshal(raw, &fc); err != nil {
		t.Fatal(err)
	}
	if fc.Type != "FeatureCollection" {
		t.Fatalf("hazards.geojson: type %q", fc.Type)
	}
	return fc.Features
}

func (f dsFeature) str(key string) string { s, _ := f.Properties[key].(string); return s }

func (f dsFeature) polygon() orb.Polygon {
	p := make(orb.Polygon, len(f.Geometry.Coordinates))
	for k, r := range f.Geometry.Coordinates {
		p[k] = make(orb.Ring, len(r))
		for i, q := range r {
			p[k][i] = orb.Point(q)
		}
	}
	return p
}

func dsReadCSV(t *testing.T, name string) [][]string {
	t.Helper()
	f, err := aghdam.FS.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return rows
}
