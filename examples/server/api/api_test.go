package api_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/paulmach/orb/encoding/mvt"

	"github.com/landrelease/clearance/examples/server/api"
	"github.com/landrelease/clearance/examples/server/store"
	"github.com/landrelease/clearance/internal/pgtest"
)

func TestHealthz(t *testing.T) {
	ts, _ := newServer(t, api.Config{MaxJobs: 3})
	code, body := get(t, ts.URL+"/healthz")
	h := decode[map[string]any](t, body)
	if code != 200 || h["status"] != "ok" || h["max_jobs"] != 3.0 {
		t.Errorf("%d %s", code, body)
	}
}

func TestUploadAndRead(t *testing.T) {
	ts, _ := newServer(t, api.Config{})
	code, body := post(t, ts.URL+"/api/v1/datasets", "", aghdamParts(t))
	if code != http.StatusCreated {
		t.Fatalf("%d %s", code, body)
	}
	d := decode[api.DatasetInfo](t, body)
	if d.Hazards != 46 || d.Inc != 95 || d.Vil != 26 || len(d.Files) != 3 || d.ID == "" {
		t.Errorf("upload: %s", body)
	}
	code, body = get(t, ts.URL+"/api/v1/datasets/"+d.ID)
	if got := decode[api.DatasetInfo](t, body); code != 200 || got.ID != d.ID || got.Hazards != 46 {
		t.Errorf("get: %d %s", code, body)
	}
	code, body = get(t, ts.URL+"/api/v1/datasets")
	if list := decode[[]api.DatasetInfo](t, body); code != 200 || len(list) != 1 || list[0].ID != d.ID {
		t.Errorf("list: %d %s", code, body)
	}
	for _, layer := range []struct {
		name string
		n    int
		prop string
	}{{"incidents", 95, `"device"`}, {"villages", 26, `"population"`}} {
		code, body = get(t, ts.URL+"/api/v1/datasets/"+d.ID+"/"+layer.name+".geojson")
		fc := decode[struct {
			Features []struct{ Geometry struct{ Type string } }
		}](t, body)
		if code != 200 || len(fc.Features) != layer.n || fc.Features[0].Geometry.Type != "Point" || !bytes.Contains(body, []byte(layer.prop)) {
			t.Errorf("%s: %d, %d features", layer.name, code, len(fc.Features))
		}
	}
	code, body = get(t, ts.URL+"/api/v1/datasets/"+d.ID+"/map.json")
	m := decode[map[string]any](t, body)
	if code != 200 || m["hazards"] != 46.0 || len(m["breaks"].([]any)) != 4 || len(m["bounds"].([]any)) != 4 {
		t.Errorf("map.json: %d %s", code, body)
	}
}

// TestUploadFormats uploads the Aghdam dataset as GDAL wrote it in other
// formats the library reads: Shapefiles with their sidecars (in lon/lat
// and in UTM), KMZ, and one GeoPackage for the three layers.
func TestUploadFormats(t *testing.T) {
	ts, _ := newServer(t, api.Config{})
	gdal := "../../../testdata/gdal"
	shp := func(dir string) func(t *testing.T) []part {
		return func(t *testing.T) []part {
			var ps []part
			for _, role := range []string{"hazards", "incidents", "settlements"} {
				files, err := filepath.Glob(filepath.Join(gdal, dir, role+".*"))
				if err != nil || len(files) < 3 {
					t.Fatalf("%s: %v %v", dir, files, err)
				}
				for _, f := range files {
					ps = append(ps, fileAt(t, role, f))
				}
			}
			return ps
		}
	}
	cases := []struct {
		name  string
		parts func(t *testing.T) []part
	}{
		{"shapefile", shp("shp")},
		{"shapefile utm", shp("shp-utm")},
		{"kmz", func(t *testing.T) []part {
			return []part{fileAt(t, "hazards", filepath.Join(gdal, "kmz/hazards.kmz")),
				fileAt(t, "incidents", filepath.Join(gdal, "kmz/incidents.kmz")),
				fileAt(t, "villages", filepath.Join(gdal, "kmz/settlements.kmz"))}
		}},
		{"geopackage", func(t *testing.T) []part {
			g := filepath.Join(gdal, "gpkg/aghdam.gpkg")
			return []part{fileAt(t, "hazards", g), fileAt(t, "incidents", g), fileAt(t, "villages", g)}
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, body := post(t, ts.URL+"/api/v1/datasets", "", c.parts(t))
			if code != http.StatusCreated {
				t.Fatalf("%d %s", code, body)
			}
			if d := decode[api.DatasetInfo](t, body); d.Hazards != 46 || d.Inc != 95 || d.Vil != 26 {
				t.Errorf("read %d hazards, %d incidents, %d villages; want 46, 95, 26", d.Hazards, d.Inc, d.Vil)
			}
		})
	}
}

// TestUploadBad checks that every spoiled upload is refused with a JSON
// error naming the file, the feature and the field, and nothing is stored.
func TestUploadBad(t *testing.T) {
	ts, _ := newServer(t, api.Config{})
	good := aghdamParts(t)
	hazards := good[0].data
	// Feature 3's first position out of range.
	k := bytes.Index(hazards, []byte(`"id":"SHA-004"`))
	if k < 0 {
		t.Fatal("no SHA-004 in the Aghdam hazards")
	}
	c := bytes.Index(hazards[k:], []byte(`"coordinates":[[[`)) + k + len(`"coordinates":[[[`)
	spoiled := append(append(append([]byte{}, hazards[:c]...), []byte("347.0")...), hazards[bytes.IndexByte(hazards[c:], ',')+c:]...)
	badCSV := []byte("id,date,lat,lon,killed,injured,device\nI1,2020-01-01,40.0,46.9,0,1,AP\nI2,2020-13-45,40.1,46.9,0,1,AP\n")

	cases := []struct {
		name    string
		parts   []part
		code    int
		want    []string // in the error
		problem *api.Problem
	}{
		{"coordinate", []part{{field: "hazards", file: "h.geojson", data: spoiled}, good[1], good[2]}, 400,
			[]string{"h.geojson"}, &api.Problem{File: "hazards/h.geojson", Feature: 3, ID: "SHA-004"}},
		{"date", []part{good[0], {field: "incidents", file: "i.csv", data: badCSV}, good[2]}, 400,
			[]string{"i.csv", "date"}, &api.Problem{File: "incidents/i.csv", Feature: 1, ID: "I2", Field: "date"}},
		{"no villages", good[:2], 400, []string{"villages: no file"}, nil},
		{"unknown field", append(good[:3:3], part{field: "roads", file: "r.geojson", data: []byte("{}")}), 400, []string{`unknown form field "roads"`}, nil},
		{"unknown format", []part{{field: "hazards", file: "h.txt", data: []byte("x")}, good[1], good[2]}, 400, []string{"h.txt", "unknown file format"}, nil},
		{"two files", []part{good[0], {field: "hazards", file: "more.geojson", data: hazards}, good[1], good[2]}, 400, []string{"2 files"}, nil},
		{"no name", []part{{field: "hazards", file: ".geojson", data: hazards}, good[1], good[2]}, 400, []string{"file name"}, nil},
		{"not json", []part{{field: "hazards", file: "h.geojson", data: []byte("{not json")}, good[1], good[2]}, 400, []string{"h.geojson"}, nil},
		{"lenient", append(good[:3:3], part{field: "lenient", data: []byte("maybe")}), 400, []string{"lenient"}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, body := post(t, ts.URL+"/api/v1/datasets", "", c.parts)
			if code != c.code {
				t.Fatalf("%d, want %d: %s", code, c.code, body)
			}
			e := decode[api.ErrorBody](t, body)
			for _, w := range c.want {
				if !strings.Contains(e.Error, w) {
					t.Errorf("error %q does not say %q", e.Error, w)
				}
			}
			if c.problem != nil {
				found := false
				for _, p := range e.Problems {
					if p.File == c.problem.File && p.Feature == c.problem.Feature && p.ID == c.problem.ID &&
						(c.problem.Field == "" || p.Field == c.problem.Field) && p.Field != "" && p.Message != "" {
						found = true
					}
				}
				if !found {
					t.Errorf("no problem like %+v in %s", *c.problem, body)
				}
			}
		})
	}
	// Not multipart at all.
	req, _ := http.NewRequest(http.MethodPost, ts.URL+"/api/v1/datasets", strings.NewReader(`{"hazards": 1}`))
	req.Header.Set("Content-Type", "application/json")
	if code, body := do(t, req); code != 400 {
		t.Errorf("a JSON body: %d %s", code, body)
	}
	if code, body := get(t, ts.URL+"/api/v1/datasets"); code != 200 || strings.TrimSpace(string(body)) != "[]" {
		t.Errorf("a refused upload was stored: %s", body)
	}
}

func TestNotFound(t *testing.T) {
	ts, _ := newServer(t, api.Config{})
	for _, path := range []string{
		"/api/v1/datasets/nope", "/api/v1/datasets/nope/cells.csv", "/api/v1/datasets/nope/cells.geojson",
		"/api/v1/datasets/nope/hazards.geojson", "/api/v1/datasets/nope/incidents.geojson",
		"/api/v1/datasets/nope/map.json", "/api/v1/plans/nope", "/api/v1/plans/nope/files/summary.md",
		"/tiles/3/4/2.mvt?dataset=nope", "/nothing",
	} {
		code, body := get(t, ts.URL+path)
		if code != 404 {
			t.Errorf("%s: %d %s", path, code, body)
		}
	}
}

func TestScoreParams(t *testing.T) {
	ts, _ := newServer(t, api.Config{})
	id := upload(t, ts, aghdamParts(t))
	for _, q := range []string{"zone=99Q", "model=magic", "cell=-1", "cell=abc", "bandwidth=0", "bandwidth=750", "model=mixture&bandwidth=750", "village_scale=inf", "lean=perhaps"} {
		code, body := get(t, ts.URL+"/api/v1/datasets/"+id+"/cells.csv?"+q)
		name, _, _ := strings.Cut(q, "=")
		if e := decode[api.ErrorBody](t, body); code != 400 || !strings.Contains(e.Error, name) {
			t.Errorf("%s: %d %s", q, code, body)
		}
	}
	// A limit on cells refuses before scoring.
	ts2, _ := newServer(t, api.Config{MaxCells: 10})
	id2 := upload(t, ts2, aghdamParts(t))
	code, body := get(t, ts2.URL+"/api/v1/datasets/"+id2+"/cells.csv")
	if code != 400 || !strings.Contains(string(body), "cells") {
		t.Errorf("cell limit: %d %s", code, body)
	}
}

func TestTiles(t *testing.T) {
	ts, _ := newServer(t, api.Config{})
	id := upload(t, ts, aghdamParts(t))
	// Zoom 12 around Aghdam (46.93 E, 40.06 N): the hazards and cells.
	code, body := get(t, ts.URL+"/tiles/12/2582/1549.mvt?dataset="+id)
	if code != 200 {
		t.Fatalf("%d %s", code, body)
	}
	layers, err := mvt.Unmarshal(body)
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string]*mvt.Layer{}
	for _, l := range layers {
		byName[l.Name] = l
	}
	hz, cells := byName["hazards"], byName["cells"]
	if hz == nil || len(hz.Features) == 0 || cells == nil || len(cells.Features) == 0 {
		t.Fatalf("layers %v", layers)
	}
	f := hz.Features[0]
	for _, p := range []string{"id", "kind", "risk_ha", "class"} {
		if _, ok := f.Properties[p]; !ok {
			t.Errorf("a hazard has no %s: %v", p, f.Properties)
		}
	}
	classes := map[float64]bool{}
	for _, c := range cells.Features {
		classes[c.Properties["class"].(float64)] = true
	}
	if len(classes) < 3 {
		t.Errorf("cells in %d risk classes only", len(classes))
	}
	// Zoom 8: hazards only; far away (0/0 at zoom 8): nothing.
	code, body = get(t, ts.URL+"/tiles/8/161/96.mvt?dataset="+id)
	layers, err = mvt.Unmarshal(body)
	if code != 200 || err != nil {
		t.Fatalf("%d %v", code, err)
	}
	for _, l := range layers {
		if l.Name == "cells" {
			t.Error("cells at zoom 8")
		}
	}
	if code, body = get(t, ts.URL+"/tiles/8/0/0.mvt?dataset="+id); code != 200 || len(body) > 50 {
		t.Errorf("an empty tile: %d, %d bytes", code, len(body))
	}
	for _, bad := range []struct {
		path string
		code int
	}{
		{"/tiles/2/4/1.mvt?dataset=" + id, 400}, {"/tiles/23/0/0.mvt?dataset=" + id, 400},
		{"/tiles/a/0/0.mvt?dataset=" + id, 400}, {"/tiles/2/1/1.png?dataset=" + id, 404},
		{"/tiles/2/1/1.mvt", 400},
	} {
		if code, body := get(t, ts.URL+bad.path); code != bad.code {
			t.Errorf("%s: %d, want %d: %s", bad.path, code, bad.code, body)
		}
	}
}

func TestPage(t *testing.T) {
	ts, _ := newServer(t, api.Config{})
	code, body := get(t, ts.URL+"/?dataset=x")
	if code != 200 || !bytes.Contains(body, []byte("maplibre-gl.js")) {
		t.Errorf("/: %d %.200s", code, body)
	}
	for _, f := range []string{"/static/maplibre-gl.js", "/static/maplibre-gl.css", "/static/app.js", "/static/maplibre-gl.LICENSE.txt"} {
		if code, body := get(t, ts.URL+f); code != 200 || len(body) < 100 {
			t.Errorf("%s: %d, %d bytes", f, code, len(body))
		}
	}
}

// TestPlanJob runs a plan as a job, polls it to the end and fetches its
// reports.
func TestPlanJob(t *testing.T) {
	ts, _ := newServer(t, api.Config{})
	id := upload(t, ts, aghdamParts(t))
	teams, err := os.ReadFile(filepath.Join(aghdam, "teams.json"))
	if err != nil {
		t.Fatal(err)
	}
	code, body := post(t, ts.URL+"/api/v1/plans", "", []part{
		{field: "dataset", data: []byte(id)}, {field: "teams", file: "teams.json", data: teams},
		{field: "block", data: []byte("500")}, {field: "runs", data: []byte("3")}, {field: "synthetic", data: []byte("true")},
	})
	if code != http.StatusAccepted {
		t.Fatalf("%d %s", code, body)
	}
	p := decode[api.PlanInfo](t, body)
	if p.Status != store.StatusRunning {
		t.Errorf("a new plan is %s", p.Status)
	}
	last := -1.0
	for p.Status == store.StatusRunning {
		time.Sleep(50 * time.Millisecond)
		code, body = get(t, ts.URL+"/api/v1/plans/"+p.ID)
		if code != 200 {
			t.Fatalf("%d %s", code, body)
		}
		p = decode[api.PlanInfo](t, body)
		if p.Progress < last {
			t.Errorf("progress went back from %v to %v", last, p.Progress)
		}
		last = p.Progress
	}
	if p.Status != store.StatusDone || p.Progress != 1 {
		t.Fatalf("plan ended %s: %s", p.Status, body)
	}
	magic := map[string]string{
		"summary.md": "#", "schedule.csv": "", "priorities.csv": "", "priorities.geojson": `{"type":"FeatureCollection"`,
		"plan.kmz": "PK", "risk-map.png": "\x89PNG", "burndown.png": "\x89PNG",
	}
	for name, prefix := range magic {
		code, body := get(t, ts.URL+"/api/v1/plans/"+p.ID+"/files/"+name)
		if code != 200 || len(body) == 0 || !bytes.HasPrefix(body, []byte(prefix)) {
			t.Errorf("%s: %d, %d bytes: %.40q", name, code, len(body), body)
		}
	}
	if _, body := get(t, ts.URL+"/api/v1/plans/"+p.ID+"/files/summary.md"); !bytes.Contains(body, []byte("ynthetic")) {
		t.Errorf("summary.md does not say the data is synthetic")
	}
	if code, _ := get(t, ts.URL+"/api/v1/plans/"+p.ID+"/files/../x"); code != 400 && code != 404 {
		t.Errorf("a path out of the plan: %d", code)
	}
	code, body = get(t, ts.URL+"/api/v1/plans?dataset="+id)
	if list := decode[[]api.PlanInfo](t, body); code != 200 || len(list) != 1 || list[0].ID != p.ID {
		t.Errorf("plans: %d %s", code, body)
	}
	req, _ := http.NewRequest(http.MethodDelete, ts.URL+"/api/v1/plans/"+p.ID, nil)
	if code, body := do(t, req); code != http.StatusConflict {
		t.Errorf("cancelling a finished plan: %d %s", code, body)
	}
}

func TestPlanBad(t *testing.T) {
	ts, _ := newServer(t, api.Config{})
	id := upload(t, ts, aghdamParts(t))
	teams, err := os.ReadFile(filepath.Join(aghdam, "teams.json"))
	if err != nil {
		t.Fatal(err)
	}
	badTeams := bytes.Replace(teams, []byte(`"method": "manual"`), []byte(`"method": "spoons"`), 1)
	if bytes.Equal(badTeams, teams) {
		badTeams = []byte(`{"teams": [{"name": "A", "method": "spoons"}], "calendar": {"start": "2027-03-01"}}`)
	}
	ds, tf := part{field: "dataset", data: []byte(id)}, part{field: "teams", file: "teams.json", data: teams}
	cases := []struct {
		name  string
		parts []part
		want  string
	}{
		{"no dataset", []part{tf}, "dataset"},
		{"unknown dataset", []part{{field: "dataset", data: []byte("nope")}, tf}, "nope"},
		{"no teams", []part{ds}, "teams"},
		{"bad teams", []part{ds, {field: "teams", file: "t.json", data: badTeams}}, "t.json"},
		{"block", []part{ds, tf, {field: "block", data: []byte("-5")}}, "block"},
		{"runs", []part{ds, tf, {field: "runs", data: []byte("many")}}, "runs"},
		{"zone", []part{ds, tf, {field: "zone", data: []byte("99Q")}}, "zone"},
		{"unknown", []part{ds, tf, {field: "colour", data: []byte("red")}}, "colour"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, body := post(t, ts.URL+"/api/v1/plans", "", c.parts)
			if e := decode[api.ErrorBody](t, body); code != 400 || !strings.Contains(e.Error, c.want) {
				t.Errorf("%d %s", code, body)
			}
		})
	}
	code, body := post(t, ts.URL+"/api/v1/plans", "", []part{ds, {field: "teams", file: "t.json", data: badTeams}})
	if e := decode[api.ErrorBody](t, body); code != 400 || len(e.Problems) == 0 || e.Problems[0].Noun != "team" {
		t.Errorf("a bad team is not named: %s", body)
	}
	if code, body := get(t, ts.URL+"/api/v1/plans"); strings.TrimSpace(string(body)) != "[]" {
		t.Errorf("a refused plan was stored: %d %s", code, body)
	}
}

// blockedPlan starts a plan job whose hook blocks until its context ends,
// and returns its id and a channel closed when the hook has started.
func blockedPlan(t *testing.T, ts string, h *api.Server, dataset string, wait bool) (started chan struct{}) {
	started = make(chan struct{})
	var once sync.Once
	h.SetPlanHook(func(ctx context.Context) error {
		once.Do(func() { close(started) })
		<-ctx.Done()
		return ctx.Err()
	})
	return started
}

func teamsPart(t *testing.T) part {
	return fileAt(t, "teams", filepath.Join(aghdam, "teams.json"))
}

func waitStatus(t *testing.T, url, status string) api.PlanInfo {
	t.Helper()
	for range 600 {
		_, body := get(t, url)
		p := decode[api.PlanInfo](t, body)
		if p.Status == status {
			return p
		}
		if p.Status != store.StatusRunning {
			t.Fatalf("plan %s, want %s: %+v", p.Status, status, p)
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("plan never %s", status)
	return api.PlanInfo{}
}

func TestPlanCancel(t *testing.T) {
	ts, h := newServer(t, api.Config{MaxJobs: 1})
	id := upload(t, ts, aghdamParts(t))
	started := blockedPlan(t, ts.URL, h, id, false)
	code, body := post(t, ts.URL+"/api/v1/plans", "", []part{{field: "dataset", data: []byte(id)}, teamsPart(t)})
	if code != http.StatusAccepted {
		t.Fatalf("%d %s", code, body)
	}
	p := decode[api.PlanInfo](t, body)
	<-started
	// The only slot is taken: more work is refused.
	code, body = post(t, ts.URL+"/api/v1/plans", "", []part{{field: "dataset", data: []byte(id)}, teamsPart(t)})
	if code != http.StatusTooManyRequests {
		t.Errorf("a second plan with one slot: %d %s", code, body)
	}
	if code, body := get(t, ts.URL+"/api/v1/datasets/"+id+"/cells.csv"); code != http.StatusTooManyRequests {
		t.Errorf("scoring with no slot: %d %s", code, body)
	}
	req, _ := http.NewRequest(http.MethodDelete, ts.URL+"/api/v1/plans/"+p.ID, nil)
	if code, body := do(t, req); code != http.StatusAccepted {
		t.Fatalf("cancel: %d %s", code, body)
	}
	got := waitStatus(t, ts.URL+"/api/v1/plans/"+p.ID, store.StatusCancelled)
	if !strings.Contains(got.Error, "DELETE") {
		t.Errorf("error %q", got.Error)
	}
	// The slot is free again.
	h.SetPlanHook(nil)
	for range 100 {
		if code, _ := get(t, ts.URL+"/api/v1/datasets/"+id+"/cells.csv"); code == 200 {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Error("the slot of the cancelled plan was not released")
}

// TestPlanClientGone checks that a plan made in the request (?wait=1) is
// cancelled when its client goes away.
func TestPlanClientGone(t *testing.T) {
	ts, h := newServer(t, api.Config{})
	id := upload(t, ts, aghdamParts(t))
	started := blockedPlan(t, ts.URL, h, id, true)
	body, ct := form(t, []part{{field: "dataset", data: []byte(id)}, teamsPart(t)})
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, ts.URL+"/api/v1/plans?wait=1", bytes.NewReader(body))
	req.Header.Set("Content-Type", ct)
	done := make(chan error)
	go func() {
		_, err := http.DefaultClient.Do(req)
		done <- err
	}()
	<-started
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("client: %v", err)
	}
	_, lb := get(t, ts.URL+"/api/v1/plans")
	list := decode[[]api.PlanInfo](t, lb)
	if len(list) != 1 {
		t.Fatalf("plans: %s", lb)
	}
	if got := waitStatus(t, ts.URL+"/api/v1/plans/"+list[0].ID, store.StatusCancelled); !strings.Contains(got.Error, "went away") {
		t.Errorf("error %q", got.Error)
	}
}

// TestShutdown checks that Shutdown cancels the plans still running at its
// deadline and stores them as cancelled, and refuses new plans.
func TestShutdown(t *testing.T) {
	dir := t.TempDir()
	st, err := store.OpenSQLite(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	h, err := api.New(context.Background(), api.Config{Store: st, Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	var ts = newHTTPServer(t, h)
	id := upload(t, ts, aghdamParts(t))
	started := blockedPlan(t, ts.URL, h, id, false)
	code, body := post(t, ts.URL+"/api/v1/plans", "", []part{{field: "dataset", data: []byte(id)}, teamsPart(t)})
	if code != http.StatusAccepted {
		t.Fatalf("%d %s", code, body)
	}
	p := decode[api.PlanInfo](t, body)
	<-started
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if err := h.Shutdown(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Shutdown: %v", err)
	}
	got, err := st.Plan(context.Background(), p.ID)
	if err != nil || got.Status != store.StatusCancelled || !strings.Contains(got.Error, "shut down") {
		t.Errorf("after Shutdown: %+v, %v", got, err)
	}
	code, body = post(t, ts.URL+"/api/v1/plans", "", []part{{field: "dataset", data: []byte(id)}, teamsPart(t)})
	if code != http.StatusServiceUnavailable {
		t.Errorf("a plan after Shutdown: %d %s", code, body)
	}
	if _, err := st.Dataset(context.Background(), id); err != nil {
		t.Errorf("the dataset was lost: %v", err)
	}
}

// TestRestartMarksUnfinished checks that a plan left running by a server
// that stopped without Shutdown is marked failed by the next one.
func TestRestartMarksUnfinished(t *testing.T) {
	ctx := context.Background()
	st, err := store.OpenSQLite(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	st.PutDataset(ctx, &store.Dataset{ID: "d"})
	if err := st.PutPlan(ctx, &store.Plan{ID: "p", DatasetID: "d", Status: store.StatusRunning}); err != nil {
		t.Fatal(err)
	}
	if _, err := api.New(ctx, api.Config{Store: st, Logger: quiet}); err != nil {
		t.Fatal(err)
	}
	p, err := st.Plan(ctx, "p")
	if err != nil || p.Status != store.StatusFailed || p.Error == "" {
		t.Errorf("%+v, %v", p, err)
	}
}

func TestToken(t *testing.T) {
	ts, _ := newServer(t, api.Config{Token: "s3cret"})
	parts := aghdamParts(t)
	for _, tok := range []string{"", "wrong"} {
		code, body := post(t, ts.URL+"/api/v1/datasets", tok, parts)
		if code != http.StatusUnauthorized || !bytes.Contains(body, []byte("Bearer")) {
			t.Errorf("token %q: %d %s", tok, code, body)
		}
	}
	code, body := post(t, ts.URL+"/api/v1/datasets", "s3cret", parts)
	if code != http.StatusCreated {
		t.Fatalf("%d %s", code, body)
	}
	id := decode[api.DatasetInfo](t, body).ID
	if code, _ := get(t, ts.URL+"/api/v1/datasets/"+id); code != 200 {
		t.Errorf("a read needs no token: %d", code)
	}
	req, _ := http.NewRequest(http.MethodDelete, ts.URL+"/api/v1/plans/x", nil)
	if code, _ := do(t, req); code != http.StatusUnauthorized {
		t.Errorf("DELETE without a token: %d", code)
	}
}

func TestBodyLimit(t *testing.T) {
	ts, _ := newServer(t, api.Config{MaxBodyBytes: 20 << 10})
	code, body := post(t, ts.URL+"/api/v1/datasets", "", aghdamParts(t))
	if code != http.StatusRequestEntityTooLarge {
		t.Errorf("%d %s", code, body)
	}
	if code, body := get(t, ts.URL+"/api/v1/datasets"); strings.TrimSpace(string(body)) != "[]" {
		t.Errorf("%d %s", code, body)
	}
}

func TestRequestTimeout(t *testing.T) {
	ts, _ := newServer(t, api.Config{RequestTimeout: time.Nanosecond})
	code, body := post(t, ts.URL+"/api/v1/datasets", "", aghdamParts(t))
	if code != http.StatusGatewayTimeout {
		t.Errorf("%d %s", code, body)
	}
}

// TestConcurrentClients runs many clients at once (run it with -race):
// uploads, scoring, tiles, GeoJSON and plans, each answer checked.
func TestConcurrentClients(t *testing.T) {
	ts, _ := newServer(t, api.Config{MaxJobs: 64})
	id := upload(t, ts, aghdamParts(t))
	_, want := get(t, ts.URL+"/api/v1/datasets/"+id+"/cells.csv")
	_, wantTile := get(t, ts.URL+"/tiles/12/2582/1549.mvt?dataset="+id)
	const clients = 24
	var wg sync.WaitGroup
	errs := make(chan error, clients*4)
	for k := range clients {
		wg.Go(func() {
			switch k % 4 {
			case 0:
				if code, got := get(t, ts.URL+"/api/v1/datasets/"+id+"/cells.csv"); code != 200 || !bytes.Equal(got, want) {
					errs <- fmt.Errorf("client %d: cells.csv %d, %d bytes", k, code, len(got))
				}
			case 1:
				// A new cell size: a surface every such client shares.
				if code, got := get(t, ts.URL+"/tiles/12/2582/1549.mvt?cell=200&dataset="+id); code != 200 || len(got) == 0 {
					errs <- fmt.Errorf("client %d: tile %d", k, code)
				}
				if code, got := get(t, ts.URL+"/tiles/12/2582/1549.mvt?dataset="+id); code != 200 || !bytes.Equal(got, wantTile) {
					errs <- fmt.Errorf("client %d: tile %d, %d bytes", k, code, len(got))
				}
			case 2:
				code, body := post(t, ts.URL+"/api/v1/datasets", "", aghdamParts(t))
				if code != 201 {
					errs <- fmt.Errorf("client %d: upload %d %s", k, code, body)
				}
			case 3:
				if code, body := get(t, ts.URL+"/api/v1/datasets/"+id+"/map.json"); code != 200 {
					errs <- fmt.Errorf("client %d: map.json %d %s", k, code, body)
				}
				if code, body := get(t, ts.URL+"/api/v1/datasets"); code != 200 {
					errs <- fmt.Errorf("client %d: datasets %d %s", k, code, body)
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	_, body := get(t, ts.URL+"/api/v1/datasets")
	if n := len(decode[[]api.DatasetInfo](t, body)); n != 1+clients/4 {
		t.Errorf("%d datasets stored, want %d", n, 1+clients/4)
	}
}

// TestPostgresStore runs the server over the PostgreSQL store: an upload,
// its cells (the same bytes as over SQLite) and a plan with its reports.
// It skips without the test database (CLEARANCE_TEST_POSTGRES), except
// under CI.
func TestPostgresStore(t *testing.T) {
	base := pgtest.URL(t)
	schema, _ := pgtest.Schema(t, base)
	st, err := store.OpenPostgres(context.Background(), pgtest.WithSearchPath(base, schema))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	h, err := api.New(context.Background(), api.Config{Store: st, Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	ts := newHTTPServer(t, h)
	lite, _ := newServer(t, api.Config{})
	id := upload(t, ts, aghdamParts(t))
	_, got := get(t, ts.URL+"/api/v1/datasets/"+id+"/cells.csv")
	_, want := get(t, lite.URL+"/api/v1/datasets/"+upload(t, lite, aghdamParts(t))+"/cells.csv")
	if len(want) < 1000 || !bytes.Equal(got, want) {
		t.Errorf("cells.csv over PostgreSQL: %d bytes, over SQLite %d", len(got), len(want))
	}
	p := planNow(t, ts, id)
	if code, body := get(t, ts.URL+"/api/v1/plans/"+p.ID+"/files/summary.md"); code != 200 || !bytes.HasPrefix(body, []byte("#")) {
		t.Errorf("summary.md: %d %.80s", code, body)
	}
}
