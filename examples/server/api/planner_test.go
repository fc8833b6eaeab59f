package api_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/landrelease/clearance/examples/server/api"
)

var (
	plannerOnce sync.Once
	plannerBin  string
	plannerErr  error
)

// planner builds the command-line planner once (examples/planner) and
// returns its path.
func planner(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("-short: builds the planner")
	}
	plannerOnce.Do(func() {
		dir, err := os.MkdirTemp("", "clearance-planner-")
		if err != nil {
			plannerErr = err
			return
		}
		plannerBin = filepath.Join(dir, "planner")
		out, err := exec.Command("go", "build", "-o", plannerBin, "github.com/landrelease/clearance/examples/planner").CombinedOutput()
		if err != nil {
			plannerErr = err
			plannerBin = string(out)
		}
	})
	if plannerErr != nil {
		t.Fatalf("building the planner: %v\n%s", plannerErr, plannerBin)
	}
	return plannerBin
}

// runPlanner runs the planner with args in dir and fails t if it fails.
func runPlanner(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command(planner(t), args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("planner %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// TestCellsAsPlanner checks the done-when of the issue: a dataset uploaded
// gives cells byte-identical to planner score on the same files, and so do
// the cells' GeoJSON and the per-hazard aggregates.
func TestCellsAsPlanner(t *testing.T) {
	planner(t) // build it first: skips under -short
	ts, _ := newServer(t, api.Config{})
	id := upload(t, ts, aghdamParts(t))
	out := t.TempDir()
	abs := func(name string) string { return filepath.Join(out, name) }
	in := []string{"-q", "-hazards", "hazards.geojson", "-incidents", "incidents.csv", "-villages", "settlements.csv"}

	cases := []struct {
		name, query string
		args        []string
	}{
		{"default", "", nil},
		{"zone", "?zone=38N", []string{"-zone", "38N"}},
		{"lean and cells", "?zone=EPSG:32638&cell=200&lean=true", []string{"-zone", "EPSG:32638", "-cell", "200", "-lean"}},
		{"village scale", "?village_scale=2000", []string{"-village-scale", "2000"}},
	}
	// model=kde is the classic model, with its bandwidth; mixture is the
	// default, named.
	cases = append(cases, []struct {
		name, query string
		args        []string
	}{
		{"kde", "?zone=38N&model=kde", []string{"-zone", "38N", "-model", "kde"}},
		{"kde bandwidth", "?model=kde&bandwidth=750", []string{"-model", "kde", "-bandwidth", "750"}},
		{"mixture", "?model=mixture", []string{"-model", "mixture"}},
	}...)

	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			args := append(append([]string{"score"}, in...), c.args...)
			runPlanner(t, aghdam, append(args, "-cells", abs(c.name+".csv"))...)
			want, err := os.ReadFile(abs(c.name + ".csv"))
			if err != nil {
				t.Fatal(err)
			}
			code, got := get(t, ts.URL+"/api/v1/datasets/"+id+"/cells.csv"+c.query)
			if code != 200 {
				t.Fatalf("%d %s", code, got)
			}
			if len(want) < 1000 {
				t.Fatalf("the planner wrote only %d bytes", len(want))
			}
			if !bytes.Equal(got, want) {
				t.Errorf("cells.csv%s: %d bytes, the planner's %d; they differ", c.query, len(got), len(want))
			}
		})
	}

	// An area of interest (about 9,500 ha north of Aghdam) is scored
	// instead of the hazards, with them or without.
	aoi := []byte(`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"box"},
"geometry":{"type":"Polygon","coordinates":[[[46.80,40.10],[46.90,40.10],[46.90,40.20],[46.80,40.20],[46.80,40.10]]]}}]}`)
	if err := os.WriteFile(abs("aoi.geojson"), aoi, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, withHazards := range []bool{true, false} {
		t.Run(fmt.Sprintf("area, hazards %v", withHazards), func(t *testing.T) {
			parts := append(aghdamParts(t), part{field: "area", file: "aoi.geojson", data: aoi})
			args := []string{"score", "-q", "-area", abs("aoi.geojson"), "-incidents", "incidents.csv", "-villages", "settlements.csv", "-cells", abs("aoi.csv")}
			if withHazards {
				args = append(args, "-hazards", "hazards.geojson")
			} else {
				parts = parts[1:]
			}
			aid := upload(t, ts, parts)
			runPlanner(t, aghdam, args...)
			want, err := os.ReadFile(abs("aoi.csv"))
			if err != nil {
				t.Fatal(err)
			}
			code, got := get(t, ts.URL+"/api/v1/datasets/"+aid+"/cells.csv")
			if code != 200 || len(want) < 1000 || !bytes.Equal(got, want) {
				t.Errorf("%d: %d bytes, the planner's %d; they differ", code, len(got), len(want))
			}
		})
	}

	t.Run("geojson and hazards", func(t *testing.T) {
		args := append(append([]string{"score"}, in...), "-zone", "38N",
			"-cells", abs("g.csv"), "-geojson", abs("cells.geojson"), "-hazards-out", abs("hazards.geojson"))
		runPlanner(t, aghdam, args...)
		for _, f := range []string{"cells.geojson", "hazards.geojson"} {
			want, err := os.ReadFile(abs(f))
			if err != nil {
				t.Fatal(err)
			}
			code, got := get(t, ts.URL+"/api/v1/datasets/"+id+"/"+f+"?zone=38N")
			if code != 200 {
				t.Fatalf("%s: %d %s", f, code, got)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s: %d bytes, the planner's %d; they differ", f, len(got), len(want))
			}
		}
	})
}

// TestPlanAsPlanner checks that a plan made by the server has the reports
// planner plan writes for the same files and options, byte for byte.
func TestPlanAsPlanner(t *testing.T) {
	planner(t) // build it first: skips under -short
	ts, _ := newServer(t, api.Config{})
	id := upload(t, ts, aghdamParts(t))
	p := planNow(t, ts, id)
	out := t.TempDir()
	runPlanner(t, aghdam, "plan", "-q", "-hazards", "hazards.geojson", "-incidents", "incidents.csv", "-villages", "settlements.csv",
		"-teams", "teams.json", "-block", "500", "-runs", "0", "-out", out)
	names := map[string]bool{}
	for _, f := range p.Files {
		if f.Role == "" {
			names[f.Name] = true
		}
	}
	for _, want := range []string{"summary.md", "schedule.csv", "priorities.csv", "priorities.geojson", "plan.kmz", "risk-map.png", "burndown.png"} {
		if !names[want] {
			t.Errorf("the plan has no %s: %v", want, names)
		}
	}
	n := 0
	err := filepath.WalkDir(out, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(out, path)
		rel = filepath.ToSlash(rel)
		want, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		code, got := get(t, ts.URL+"/api/v1/plans/"+p.ID+"/files/"+rel)
		if code != 200 {
			t.Errorf("%s: %d %s", rel, code, got)
			return nil
		}
		n++
		if !bytes.Equal(got, want) {
			t.Errorf("%s: %d bytes, the planner's %d; they differ", rel, len(got), len(want))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n != len(names) {
		t.Errorf("the planner wrote %d files, the server has %d", n, len(names))
	}
}
