package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/landrelease/clearance/benchmarks/scenario"
)

var aghdam = struct{ hazards, incidents, settlements, teams string }{
	filepath.Join("..", "..", "testdata", "aghdam", "hazards.geojson"),
	filepath.Join("..", "..", "testdata", "aghdam", "incidents.csv"),
	filepath.Join("..", "..", "testdata", "aghdam", "settlements.csv"),
	filepath.Join("..", "..", "testdata", "aghdam", "teams.json"),
}

// call runs the planner in-process and returns its exit status and output.
func call(t *testing.T, ctx context.Context, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(ctx, args, &out, &errb)
	return code, out.String(), errb.String()
}

// checkCells checks a scored cells CSV and returns its rows.
func checkCells(t *testing.T, path string) [][]string {
	t.Helper()
	rows := readCSV(t, path)
	if len(rows) < 2 {
		t.Fatalf("%s: %d rows, want a header and cells", path, len(rows))
	}
	if h := strings.Join(rows[0], ","); !strings.HasPrefix(h, "i,j,area_m2,density,likelihood,village_m,risk") {
		t.Errorf("%s: header %q does not start with i,j,area_m2,density,likelihood,village_m,risk", path, h)
	}
	return rows[1:]
}

func checkJSON(t *testing.T, path string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var fc struct {
		Type     string            `json:"type"`
		Features []json.RawMessage `json:"features"`
	}
	if err := json.Unmarshal(b, &fc); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if fc.Type != "FeatureCollection" || len(fc.Features) == 0 {
		t.Errorf("%s: type %q with %d features", path, fc.Type, len(fc.Features))
	}
}

func TestScoreAghdam(t *testing.T) {
	dir := t.TempDir()
	cells, gj, hz := filepath.Join(dir, "risk.csv"), filepath.Join(dir, "risk.geojson"), filepath.Join(dir, "hazards.geojson")
	code, stdout, stderr := call(t, t.Context(), "score",
		"-hazards", aghdam.hazards, "-incidents", aghdam.incidents, "-villages", aghdam.settlements,
		"-cells", cells, "-geojson", gj, "-hazards-out", hz)
	if code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	if stdout != "" {
		t.Errorf("stdout %q, want nothing", stdout)
	}
	if !strings.Contains(stderr, "scored ") || !strings.Contains(stderr, "wrote "+cells) {
		t.Errorf("stderr lacks the summary:\n%s", stderr)
	}
	rows := checkCells(t, cells)
	if len(rows) < 1000 {
		t.Errorf("%d cells, want thousands of hectares", len(rows))
	}
	checkJSON(t, gj)
	checkJSON(t, hz)

	// -q: nothing on stderr; -cells -: the same CSV on stdout; the same
	// bytes for any worker count.
	want, err := os.ReadFile(cells)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"1", "2", "8"} {
		code, stdout, stderr = call(t, t.Context(), "score", "-q", "-workers", w,
			"-hazards", aghdam.hazards, "-incidents", aghdam.incidents, "-villages", aghdam.settlements, "-cells", "-")
		if code != 0 || stderr != "" {
			t.Fatalf("-q -workers %s: exit %d, stderr %q", w, code, stderr)
		}
		if stdout != string(want) {
			t.Errorf("-cells - -workers %s: stdout differs from the file written", w)
		}
	}
	// Without -geojson the cells are scored and written in bands: the same
	// bytes, and the same hazard aggregates.
	cells2, hz2 := filepath.Join(dir, "risk2.csv"), filepath.Join(dir, "hazards2.geojson")
	if code, _, stderr := call(t, t.Context(), "score", "-q",
		"-hazards", aghdam.hazards, "-incidents", aghdam.incidents, "-villages", aghdam.settlements,
		"-cells", cells2, "-hazards-out", hz2); code != 0 {
		t.Fatalf("bands: exit %d, stderr:\n%s", code, stderr)
	}
	for _, f := range [][2]string{{cells, cells2}, {hz, hz2}} {
		a, errA := os.ReadFile(f[0])
		b, errB := os.ReadFile(f[1])
		if errA != nil || errB != nil || !bytes.Equal(a, b) {
			t.Errorf("%s (bands) differs from %s (whole surface)", f[1], f[0])
		}
	}
}

func TestScoreScenario(t *testing.T) {
	dir := t.TempDir()
	files, err := scenario.WriteFiles(dir, scenario.Small(1))
	if err != nil {
		t.Fatal(err)
	}
	cells := filepath.Join(dir, "cells.csv")
	code, _, stderr := call(t, t.Context(), "score", "-q", "-zone", "38N", "-cell", "200", "-bandwidth", "1500", "-village-scale", "3000",
		"-hazards", files.Hazards, "-incidents", files.Incidents, "-villages", files.Settlements, "-cells", cells)
	if code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	rows := checkCells(t, cells)
	// About 5,000 ha in 200 m cells (4 ha): over a thousand cells.
	if len(rows) < 1000 || len(rows) > 2500 {
		t.Errorf("%d cells of 4 ha for about 5,000 ha", len(rows))
	}
	for _, r := range rows {
		if r[2] == "" || r[2] == "0" {
			t.Fatalf("row %v: empty cell", r)
		}
	}

	code, stdout, stderr := call(t, t.Context(), "backtest", "-q", "-split", "2020-01-01",
		"-hazards", files.Hazards, "-incidents", files.Incidents, "-villages", files.Settlements)
	if code != 0 {
		t.Fatalf("backtest: exit %d, stderr:\n%s", code, stderr)
	}
	for _, s := range []string{"model", "uniform", "distance", "AUC", "top1%", "top20%"} {
		if !strings.Contains(stdout, s) {
			t.Errorf("backtest table lacks %q:\n%s", s, stdout)
		}
	}
}

func TestBacktestAghdam(t *testing.T) {
	code, stdout, stderr := call(t, t.Context(), "backtest", "-split", "2020-01-01",
		"-hazards", aghdam.hazards, "-incidents", aghdam.incidents, "-villages", aghdam.settlements)
	if code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	if !strings.HasPrefix(stdout, "backtest split 2020-01-01") {
		t.Errorf("stdout:\n%s", stdout)
	}
	for _, s := range []string{"model", "uniform", "distance", "AUC"} {
		if !strings.Contains(stdout, s) {
			t.Errorf("backtest table lacks %q:\n%s", s, stdout)
		}
	}
}

func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	badInc := filepath.Join(dir, "incidents.csv")
	os.WriteFile(badInc, []byte("id,date,lat,lon,killed,injured,device\nA,2020-01-01,40.1,46.9,0,1,AP\nB,2020-13-45,95,46.9,-1,1,AP\n"), 0o644)
	// A bow tie: the ring crosses itself.
	badHaz := filepath.Join(dir, "hazards.geojson")
	os.WriteFile(badHaz, []byte(`{"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"id":"OK-1","kind":"SHA"},"geometry":{"type":"Polygon","coordinates":[[[46.9,40.0],[46.91,40.0],[46.91,40.01],[46.9,40.0]]]}},
{"type":"Feature","properties":{"id":"BOWTIE","kind":"CHA"},"geometry":{"type":"Polygon","coordinates":[[[46.9,40.0],[46.91,40.01],[46.91,40.0],[46.9,40.01],[46.9,40.0]]]}}]}`), 0o644)
	out := filepath.Join(dir, "out.csv")

	tests := []struct {
		name      string
		args      []string
		wantInErr []string
	}{
		{"bad incidents", []string{"-hazards", aghdam.hazards, "-incidents", badInc, "-villages", aghdam.settlements},
			[]string{badInc, "feature 1", `"B"`, "lat", "date", "killed"}},
		{"bad hazard", []string{"-hazards", badHaz, "-incidents", aghdam.incidents, "-villages", aghdam.settlements},
			[]string{badHaz, "feature 1", `"BOWTIE"`, "intersects itself"}},
		{"two bad files and a missing one", []string{"-hazards", badHaz, "-incidents", badInc, "-villages", filepath.Join(dir, "none.csv")},
			[]string{badHaz, "BOWTIE", badInc, "none.csv"}},
		{"unknown extension", []string{"-hazards", aghdam.hazards, "-incidents", aghdam.incidents, "-villages", filepath.Join(dir, "v.xlsx")},
			[]string{"v.xlsx", "unknown file format"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, cmd := range [][]string{{"score", "-cells", out}, {"backtest", "-split", "2020-01-01"}} {
				code, _, stderr := call(t, t.Context(), append(cmd, tc.args...)...)
				if code != 1 {
					t.Errorf("%s: exit %d, want 1; stderr:\n%s", cmd[0], code, stderr)
				}
				for _, s := range tc.wantInErr {
					if !strings.Contains(stderr, s) {
						t.Errorf("%s: stderr lacks %q:\n%s", cmd[0], s, stderr)
					}
				}
			}
			if _, err := os.Stat(out); err == nil {
				t.Errorf("%s written despite bad input", out)
			}
		})
	}
}

func TestHelp(t *testing.T) {
	common := []string{"-hazards", "-incidents", "-villages", "-area", "-zone", "-cell", "-bandwidth", "-village-scale", "-workers", "-lenient", "-q"}
	for _, tc := range []struct {
		cmd   string
		flags []string
	}{
		{"score", append([]string{"-cells", "-geojson", "-hazards-out", "-lean"}, common...)},
		{"backtest", append([]string{"-split"}, common...)},
		{"plan", append([]string{"-teams", "-more-teams", "-out", "-block", "-horizon", "-travel-km-per-day", "-task-ha", "-baseline-ha",
			"-title", "-nts-cancel", "-ts-reduce-sha", "-ts-reduce-cha"}, common...)},
	} {
		code, _, stderr := call(t, t.Context(), tc.cmd, "-h")
		if code != 0 {
			t.Errorf("%s -h: exit %d", tc.cmd, code)
		}
		for _, f := range tc.flags {
			if !strings.Contains(stderr, "\n  "+f+" ") && !strings.Contains(stderr, "\n  "+f+"\t") && !strings.Contains(stderr, "\n  "+f+"\n") {
				t.Errorf("%s -h does not document %s:\n%s", tc.cmd, f, stderr)
			}
		}
		if !strings.Contains(stderr, "Example:") {
			t.Errorf("%s -h has no example", tc.cmd)
		}
		// help <cmd> prints the same on stdout.
		code, stdout, _ := call(t, t.Context(), "help", tc.cmd)
		if code != 0 || stdout != stderr {
			t.Errorf("help %s: exit %d, output differs from %s -h", tc.cmd, code, tc.cmd)
		}
	}
	for _, args := range [][]string{{"-h"}, {"help"}, {"--help"}} {
		code, stdout, _ := call(t, t.Context(), args...)
		if code != 0 || !strings.Contains(stdout, "score") || !strings.Contains(stdout, "backtest") || !strings.Contains(stdout, "Example") {
			t.Errorf("%v: exit %d, stdout:\n%s", args, code, stdout)
		}
	}
}

func TestUsageErrors(t *testing.T) {
	in := []string{"-hazards", aghdam.hazards, "-incidents", aghdam.incidents, "-villages", aghdam.settlements}
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"no command", nil, "Commands:"},
		{"plan without teams", append([]string{"plan", "-out", "x"}, in...), "-teams is required"},
		{"plan without out", append([]string{"plan", "-teams", aghdam.teams}, in...), "-out is required"},
		{"plan bad share", append([]string{"plan", "-teams", aghdam.teams, "-out", "x", "-nts-cancel", "1.5"}, in...), "-nts-cancel must be a share"},
		{"plan negative nts-cancel", append([]string{"plan", "-teams", aghdam.teams, "-out", "x", "-nts-cancel", "-0.1"}, in...), "-nts-cancel must be a share between 0 and 1, not -0.1"},
		{"plan negative ts-reduce-sha", append([]string{"plan", "-teams", aghdam.teams, "-out", "x", "-ts-reduce-sha", "-1"}, in...), "-ts-reduce-sha must be a share between 0 and 1, not -1"},
		{"plan negative ts-reduce-cha", append([]string{"plan", "-teams", aghdam.teams, "-out", "x", "-ts-reduce-cha", "-0.5"}, in...), "-ts-reduce-cha must be a share between 0 and 1, not -0.5"},
		{"plan NaN ts-reduce-cha", append([]string{"plan", "-teams", aghdam.teams, "-out", "x", "-ts-reduce-cha", "NaN"}, in...), "-ts-reduce-cha must be a share between 0 and 1, not NaN"},
		{"plan ts-reduce-sha above 1", append([]string{"plan", "-teams", aghdam.teams, "-out", "x", "-ts-reduce-sha", "1.01"}, in...), "-ts-reduce-sha must be a share"},
		{"plan negative baseline", append([]string{"plan", "-teams", aghdam.teams, "-out", "x", "-baseline-ha", "-1"}, in...), "-baseline-ha must be 0 (none) or a positive number"},
		{"plan negative task", append([]string{"plan", "-teams", aghdam.teams, "-out", "x", "-task-ha", "-1"}, in...), "-task-ha must be"},
		{"plan NaN travel", append([]string{"plan", "-teams", aghdam.teams, "-out", "x", "-travel-km-per-day", "NaN"}, in...), "-travel-km-per-day must be"},
		{"unknown command", []string{"frobnicate"}, `unknown command "frobnicate"`},
		{"help unknown", []string{"help", "frobnicate"}, `unknown command "frobnicate"`},
		{"no cells", append([]string{"score"}, in...), "-cells is required"},
		{"no incidents", []string{"score", "-hazards", aghdam.hazards, "-villages", aghdam.settlements, "-cells", "x.csv"}, "-incidents is required"},
		{"no hazards", []string{"score", "-incidents", aghdam.incidents, "-villages", aghdam.settlements, "-cells", "x.csv"}, "-hazards (or -area) is required"},
		{"bad zone", append([]string{"score", "-zone", "99Q", "-cells", "x.csv"}, in...), "-zone"},
		{"bad cell", append([]string{"score", "-cell", "0", "-cells", "x.csv"}, in...), "-cell must be positive"},
		{"bad flag", append([]string{"score", "-frob"}, in...), "flag provided but not defined: -frob"},
		{"stray argument", append(append([]string{"score", "-cells", "x.csv"}, in...), "extra"), `unexpected argument "extra"`},
		{"no split", append([]string{"backtest"}, in...), "-split is required"},
		{"bad split", append([]string{"backtest", "-split", "1.1.2020"}, in...), "-split"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := call(t, t.Context(), tc.args...)
			if code != 2 {
				t.Errorf("exit %d, want 2", code)
			}
			if !strings.Contains(stderr, tc.want) {
				t.Errorf("stderr lacks %q:\n%s", tc.want, stderr)
			}
		})
	}
}

func TestInterrupted(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	code, _, stderr := call(t, ctx, "score", "-hazards", aghdam.hazards, "-incidents", aghdam.incidents,
		"-villages", aghdam.settlements, "-cells", filepath.Join(t.TempDir(), "x.csv"))
	if code != exitInterrupted || !strings.Contains(stderr, "interrupted") {
		t.Errorf("exit %d, stderr:\n%s", code, stderr)
	}
}

func TestReporterPlain(t *testing.T) {
	var b bytes.Buffer
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	r := newReporter(&b, false)
	r.now = func() time.Time { return now }
	r.begin("score")
	r.update(50, 100) // under a second: quiet
	if b.Len() != 0 {
		t.Errorf("short run printed %q", b.String())
	}
	now = now.Add(2 * time.Second)
	r.update(55, 100)
	r.update(58, 100) // same tenth: no new line
	r.update(100, 100)
	r.end()
	want := "score: 50% (55/100) after 2s\nscore: 100% (100/100) after 2s\n"
	if b.String() != want {
		t.Errorf("got %q, want %q", b.String(), want)
	}
	q := newReporter(&b, true)
	q.begin("x")
	q.update(1, 1)
	q.notef("note")
	if b.String() != want {
		t.Errorf("quiet reporter wrote %q", strings.TrimPrefix(b.String(), want))
	}
}

func TestScoreArea(t *testing.T) {
	dir := t.TempDir()
	aoi := filepath.Join(dir, "aoi.geojson")
	// About 8.5 km by 11 km north of Aghdam: some 9,500 ha.
	os.WriteFile(aoi, []byte(`{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"box"},
"geometry":{"type":"Polygon","coordinates":[[[46.80,40.10],[46.90,40.10],[46.90,40.20],[46.80,40.20],[46.80,40.10]]]}}]}`), 0o644)
	cells := filepath.Join(dir, "cells.csv")
	code, _, stderr := call(t, t.Context(), "score", "-area", aoi, "-incidents", aghdam.incidents, "-villages", aghdam.settlements, "-cells", cells)
	if code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	if !strings.Contains(stderr, "of the area of interest") {
		t.Errorf("stderr:\n%s", stderr)
	}
	if n := len(checkCells(t, cells)); n < 9000 || n > 10500 {
		t.Errorf("%d cells for about 9,500 ha", n)
	}
}

func TestPlanAghdam(t *testing.T) {
	dir := t.TempDir()
	code, stdout, stderr := call(t, t.Context(), "plan", "-q",
		"-hazards", aghdam.hazards, "-incidents", aghdam.incidents, "-villages", aghdam.settlements,
		"-teams", aghdam.teams, "-block", "500", "-horizon", "12", "-nts-cancel", "0.4", "-out", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"work units", "lower bound", "horizon", "last hectare released", "summary.md"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
	for _, name := range []string{"schedule.csv", "priorities.csv", "priorities.geojson", "plan.kmz", "risk-map.png", "burndown.png", "summary.md"} {
		if fi, err := os.Stat(filepath.Join(dir, name)); err != nil || fi.Size() == 0 {
			t.Errorf("report %s: %v", name, err)
		}
	}
	checkJSON(t, filepath.Join(dir, "priorities.geojson"))
	// The policy flag reaches the plan: the summary quotes the NTS share.
	b, _ := os.ReadFile(filepath.Join(dir, "summary.md"))
	if !strings.Contains(string(b), "40.0%") {
		t.Errorf("summary does not quote -nts-cancel 0.4:\n%s", b)
	}
	// The uncertainty of the default -runs reaches the terminal and the
	// summary.
	if !strings.Contains(stdout, "last hectare P10 ") || !strings.Contains(string(b), "(P10), **") {
		t.Errorf("no P10/P50/P90 on stdout or in the summary:\n%s\n%s", stdout, b)
	}
	// The terminal and the summary name the same last working day (the
	// plan's LastRelease is the midnight after it).
	_, day, _ := strings.Cut(stdout, "last hectare released ")
	day, _, _ = strings.Cut(day, "\n")
	if !strings.Contains(string(b), "Last hectare released: **"+day+"**") {
		t.Errorf("stdout's last release %q is not the summary's:\n%s", day, b)
	}
}

// TestPlanFlagsGiven: a share given as 0 is used (not taken for "unset"),
// and the national figures appear only when given: no hidden baseline.
func TestPlanFlagsGiven(t *testing.T) {
	plan := func(extra ...string) string {
		dir := t.TempDir()
		args := append([]string{"plan", "-q", "-runs", "0", "-hazards", aghdam.hazards, "-incidents", aghdam.incidents,
			"-villages", aghdam.settlements, "-teams", aghdam.teams, "-block", "500", "-horizon", "3", "-out", dir}, extra...)
		if code, _, stderr := call(t, t.Context(), args...); code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		b, err := os.ReadFile(filepath.Join(dir, "summary.md"))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	none := plan("-baseline-ha", "0", "-nts-cancel", "0")
	if !strings.Contains(none, "National task: not given") || strings.Contains(none, "released before this plan") {
		t.Errorf("-baseline-ha 0 placed the plan in a national task:\n%s", none)
	}
	if !strings.Contains(none, "— 0.0 ha cancelled by NTS") {
		t.Errorf("-nts-cancel 0 still cancels land:\n%s", none)
	}
	if def := plan(); !strings.Contains(def, "National task: not given") || strings.Contains(def, "140,000") {
		t.Errorf("no -baseline-ha: a hidden national figure:\n%s", def)
	}
	if given := plan("-baseline-ha", "1000", "-task-ha", "50000"); !strings.Contains(given, "(1,000 ha released before this plan, a task of 50,000 ha)") {
		t.Errorf("-baseline-ha 1000 -task-ha 50000 not in the summary:\n%s", given)
	}
}

func TestPlanBadTeamsFile(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "teams.json")
	if err := os.WriteFile(bad, []byte(`{"teams":[{"name":"A","method":"manual"},{"name":"B","method":"hovercraft"}],"calendar":{"start":"2027-03-01"}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := call(t, t.Context(), "plan", "-q",
		"-hazards", aghdam.hazards, "-incidents", aghdam.incidents, "-villages", aghdam.settlements,
		"-teams", bad, "-out", t.TempDir())
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	for _, want := range []string{bad, "hovercraft", "method"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
}

// TestPlanMoreTeams: -more-teams plans the larger team set with the first
// plan as the baseline, and its last hectare is never released later.
func TestPlanMoreTeams(t *testing.T) {
	b, err := os.ReadFile(aghdam.teams)
	if err != nil {
		t.Fatal(err)
	}
	var f map[string]any
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatal(err)
	}
	teams := f["teams"].([]any)
	first := teams[0].(map[string]any)
	first["count"] = first["count"].(float64) + 4
	more := filepath.Join(t.TempDir(), "more.json")
	b, _ = json.Marshal(f)
	if err := os.WriteFile(more, b, 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := call(t, t.Context(), "plan", "-q",
		"-hazards", aghdam.hazards, "-incidents", aghdam.incidents, "-villages", aghdam.settlements,
		"-teams", aghdam.teams, "-more-teams", more, "-block", "500", "-out", t.TempDir())
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var d1, d2 string
	for _, line := range strings.Split(stdout, "\n") {
		if rest, ok := strings.CutPrefix(line, "last hectare released "); ok {
			d1 = rest
		}
		if i := strings.Index(line, "last hectare released "); strings.HasPrefix(line, "with the 29 teams") && i >= 0 {
			d2 = line[i+len("last hectare released "):]
		}
	}
	if d1 == "" || d2 == "" || d2 > d1 {
		t.Errorf("last release %q with the teams, %q with more:\n%s", d1, d2, stdout)
	}
}

// TestMaxCells checks that a run whose estimated cells pass -max-cells is
// refused with the estimate, the limit and how to raise it, and that
// nothing is written; -max-cells 0 lifts the limit.
func TestMaxCells(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "out.csv")
	args := []string{"-hazards", aghdam.hazards, "-incidents", aghdam.incidents, "-villages", aghdam.settlements, "-q"}
	for _, cmd := range [][]string{{"score", "-cells", out}, {"plan", "-teams", aghdam.teams, "-out", filepath.Join(dir, "plan")}} {
		code, _, stderr := call(t, t.Context(), append(append(cmd, args...), "-max-cells", "1000")...)
		if code != 1 {
			t.Errorf("%s: exit %d, want 1; stderr:\n%s", cmd[0], code, stderr)
		}
		for _, s := range []string{"would cover up to", "more than the limit of 1000 cells", "raise it with -max-cells"} {
			if !strings.Contains(stderr, s) {
				t.Errorf("%s: stderr lacks %q:\n%s", cmd[0], s, stderr)
			}
		}
		// plan holds the surface whole, and says what memory it would
		// take; score works in bands, whose memory does not grow so.
		if got := strings.Contains(stderr, "MB of memory"); got != (cmd[0] == "plan") {
			t.Errorf("%s: memory figure shown %v:\n%s", cmd[0], got, stderr)
		}
	}
	if _, err := os.Stat(out); err == nil {
		t.Errorf("%s written despite the refusal", out)
	}
	if _, err := os.Stat(filepath.Join(dir, "plan")); err == nil {
		t.Errorf("plan directory made despite the refusal")
	}
	if code, _, stderr := call(t, t.Context(), append([]string{"score", "-cells", out, "-max-cells", "0"}, args...)...); code != 0 {
		t.Errorf("-max-cells 0: exit %d; stderr:\n%s", code, stderr)
	}
}

// TestPlanProgress: a re-plan after a clearance and a reduced NTS keeps
// the released unit out, skips the NTS done, starts the day after the last
// record and compares with the first plan in the summary.
func TestPlanProgress(t *testing.T) {
	base := []string{"plan", "-q", "-runs", "0", "-hazards", aghdam.hazards, "-incidents", aghdam.incidents,
		"-villages", aghdam.settlements, "-teams", aghdam.teams, "-block", "500"}
	dir := t.TempDir()
	if code, _, stderr := call(t, t.Context(), append(base, "-out", dir)...); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	rows := readCSV(t, filepath.Join(dir, "schedule.csv"))
	var cleared, surveyed string
	for _, r := range rows[1:] {
		switch {
		case r[3] == "clearance" && cleared == "":
			cleared = r[2]
		case r[3] == "NTS" && surveyed == "" && r[2] != cleared:
			surveyed = r[2]
		}
	}
	if cleared == "" || surveyed == "" {
		t.Fatalf("no clearance or NTS job in %s", filepath.Join(dir, "schedule.csv"))
	}
	done := filepath.Join(t.TempDir(), "done.csv")
	if err := os.WriteFile(done, []byte("unit,step,date,outcome\n\""+cleared+"\",clearance,2027-06-01,\n\""+surveyed+"\",nts,2027-05-01,reduced\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	dir2 := t.TempDir()
	code, stdout, stderr := call(t, t.Context(), append(base, "-out", dir2, "-progress", done)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "re-plan from 2027-06-02: 2 steps reported, 1 units released in the field, 1 partly surveyed, 0 with a step under way, 0 teams positioned") {
		t.Errorf("stdout:\n%s", stdout)
	}
	for _, r := range readCSV(t, filepath.Join(dir2, "schedule.csv"))[1:] {
		if r[2] == cleared || r[2] == surveyed && r[3] == "NTS" {
			t.Errorf("re-plan has %s %s, done already", r[2], r[3])
		}
		if r[4] < "2027-06-02" {
			t.Errorf("job %v starts before the re-plan", r)
		}
	}
	b, _ := os.ReadFile(filepath.Join(dir2, "summary.md"))
	if !strings.Contains(string(b), "## Progress and re-plan") || !strings.Contains(string(b), "Planned against actual") {
		t.Errorf("summary lacks planned against actual:\n%s", b)
	}
	if code, _, stderr := call(t, t.Context(), append(base, "-out", t.TempDir(), "-from", "2027-06-01")...); code == 0 || !strings.Contains(stderr, "-from needs -progress") {
		t.Errorf("-from without -progress: exit %d, %s", code, stderr)
	}

	// With the team column and a step under way: the team that cleared
	// is busy until 2027-06-20 (its last date there), so its first job of
	// the re-plan starts after it; the clearance under way is planned
	// with the rest of its area.
	var team, started, startedStep string
	var startedM2 float64
	stepRank := map[string]int{"NTS": 1, "TS": 2, "clearance": 3}
	for _, r := range rows[1:] {
		if r[2] == cleared && r[3] == "clearance" && team == "" {
			team = r[0]
		}
	}
	for _, r := range rows[1:] {
		if r[2] == cleared || r[2] == surveyed {
			continue
		}
		if started == "" {
			started = r[2]
		}
		if r[2] == started && (startedStep == "" || stepRank[r[3]] < stepRank[startedStep]) {
			startedStep = r[3]
			startedM2, _ = strconv.ParseFloat(r[8], 64)
		}
	}
	if team == "" || started == "" || !(startedM2 > 0) {
		t.Fatalf("team %q, unit %q, area %v", team, started, startedM2)
	}
	src := "unit,step,date,outcome,team,done_ha\n\"" + cleared + "\",clearance,2027-06-20,," + team + ",\n\"" + surveyed + "\",nts,2027-05-01,reduced,,\n\"" +
		started + "\"," + startedStep + ",2027-05-15,,," + strconv.FormatFloat(startedM2/2/1e4, 'g', -1, 64) + "\n"
	if err := os.WriteFile(done, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	dir3 := t.TempDir()
	code, stdout, stderr = call(t, t.Context(), append(base, "-out", dir3, "-progress", done, "-from", "2027-06-02")...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "1 with a step under way, 1 teams positioned") {
		t.Errorf("stdout:\n%s", stdout)
	}
	first, half := "", false
	for _, r := range readCSV(t, filepath.Join(dir3, "schedule.csv"))[1:] {
		if r[0] == team && (first == "" || r[4] < first) {
			first = r[4]
		}
		if r[2] == started && r[3] == startedStep {
			a, _ := strconv.ParseFloat(r[8], 64)
			half = math.Abs(a-startedM2/2) <= 1e-6*startedM2
			if !half {
				t.Errorf("%s %s under way, half done: the re-plan works %v m² of %v", started, startedStep, a, startedM2)
			}
		}
	}
	if !half {
		t.Errorf("the re-plan has no %s job for %s", startedStep, started)
	}
	if first == "" || first < "2027-06-21" {
		t.Errorf("team %s starts its first job of the re-plan on %q, before it is free (2027-06-21)", team, first)
	}
	b, _ = os.ReadFile(filepath.Join(dir3, "summary.md"))
	if !strings.Contains(string(b), "1 team starts where it last worked") {
		t.Errorf("summary lacks the positioned team:\n%s", b)
	}
	// An unknown team names the file, the record and the column.
	if err := os.WriteFile(done, []byte("unit,step,date,outcome,team\n\""+cleared+"\",clearance,2027-06-20,,Nobody-7\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr = call(t, t.Context(), append(base, "-out", t.TempDir(), "-progress", done)...)
	if code == 0 || !strings.Contains(stderr, "done.csv: planning: progress record 0") || !strings.Contains(stderr, `team: planning: invalid value: no team is named "Nobody-7"`) {
		t.Errorf("unknown team: exit %d, %s", code, stderr)
	}
}

// readCSV returns the rows of the CSV file at path.
func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return rows
}

// TestPlanBudget: a teams file with prices and a yearly budget: the
// summary's budget table never commits more than the budget in a year,
// and says what the budget delays.
func TestPlanBudget(t *testing.T) {
	b, err := os.ReadFile(aghdam.teams)
	if err != nil {
		t.Fatal(err)
	}
	teams := strings.Replace(string(b), `"survey_lead_days"`,
		`"costs": {"currency": "USD", "per_m2": {"manual": 1, "mdd": 0.6, "mechanical": 0.5, "nts": 0.02, "ts": 0.2}, "yearly_budget": 4000000},
  "survey_lead_days"`, 1)
	path := filepath.Join(t.TempDir(), "teams.json")
	if err := os.WriteFile(path, []byte(teams), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	code, stdout, stderr := call(t, t.Context(), "plan", "-q", "-runs", "0", "-hazards", aghdam.hazards, "-incidents", aghdam.incidents,
		"-villages", aghdam.settlements, "-teams", path, "-block", "500", "-out", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "budget: last hectare released") {
		t.Errorf("stdout:\n%s", stdout)
	}
	sum, _ := os.ReadFile(filepath.Join(dir, "summary.md"))
	s := string(sum)
	if !strings.Contains(s, "## Budget") || !strings.Contains(s, "The budget delays") {
		t.Fatalf("summary lacks the budget:\n%s", s)
	}
	years := 0
	for _, line := range strings.Split(s, "\n") {
		var y int
		var spent, budget string
		if n, _ := fmt.Sscanf(line, "| %d | %s | %s |", &y, &spent, &budget); n == 3 && y > 2000 {
			years++
			sp, _ := strconv.ParseFloat(strings.ReplaceAll(spent, ",", ""), 64)
			bu, _ := strconv.ParseFloat(strings.ReplaceAll(budget, ",", ""), 64)
			if sp > bu+0.5 {
				t.Errorf("%d: committed %s over the budget %s", y, spent, budget)
			}
		}
	}
	if years < 2 {
		t.Errorf("%d budget years in the summary", years)
	}
}

// TestScoreKDEUnchanged checks that -model kde -exact writes, byte for
// byte, the CSVs (full and lean, in bands and whole) and the cells GeoJSON
// that planner score wrote on the Aghdam scenario before the Mixture model
// became the default (their SHA-256, taken at commit 18d6358, when every
// float was written as its shortest round trip), and that without -exact
// the same files differ only in their numbers, each within 5.5e-15
// relative of the exact one (15 significant digits).
func TestScoreKDEUnchanged(t *testing.T) {
	const (
		fullCSV = "1cfe32ec3bc9818abb804bd6cd1fcbc2d260dad7a678263e7dfcec7b7565ec23"
		leanCSV = "c328c125153568a81507ca6626231dbe24d507a3bdca2b8899fbee6b124dc59f"
		cellsGJ = "05e87a544e542472fec3feac9c9fd393c1ab6eea201d8c5481976951d66adbdd"
	)
	dir := t.TempDir()
	in := []string{"-q", "-model", "kde", "-hazards", aghdam.hazards, "-incidents", aghdam.incidents, "-villages", aghdam.settlements}
	read := func(path string) []byte {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	sum := func(path string) string {
		h := sha256.Sum256(read(path))
		return hex.EncodeToString(h[:])
	}
	for _, tc := range []struct {
		name  string
		args  []string
		files map[string]string
	}{
		{"bands", []string{"-cells", "a.csv"}, map[string]string{"a.csv": fullCSV}},
		{"lean", []string{"-lean", "-cells", "b.csv"}, map[string]string{"b.csv": leanCSV}},
		{"whole", []string{"-cells", "c.csv", "-geojson", "c.geojson"},
			map[string]string{"c.csv": fullCSV, "c.geojson": cellsGJ}},
	} {
		for _, exact := range []bool{true, false} {
			args := slices.Clone(tc.args)
			sub := "rounded"
			if exact {
				args = append(args, "-exact")
				sub = "exact"
			}
			for k, a := range args {
				if strings.Contains(a, ".") {
					args[k] = filepath.Join(dir, sub+"-"+a)
				}
			}
			code, _, stderr := call(t, t.Context(), append([]string{"score"}, append(slices.Clone(in), args...)...)...)
			if code != 0 {
				t.Fatalf("%s %s: exit %d: %s", tc.name, sub, code, stderr)
			}
		}
		for f, want := range tc.files {
			if got := sum(filepath.Join(dir, "exact-"+f)); got != want {
				t.Errorf("%s: %s -exact has SHA-256 %s, want %s (the CSV of the classic model before the Mixture)", tc.name, f, got, want)
			}
			sameButNumbers(t, f, read(filepath.Join(dir, "exact-"+f)), read(filepath.Join(dir, "rounded-"+f)), 5.5e-15)
		}
	}
}

// sameButNumbers checks that got is want with each number (a run of
// digits, signs, points and exponents starting with a digit or a sign and
// a digit) read back within rel relative of want's, the text between them
// byte for byte the same, and at least one number written otherwise.
func sameButNumbers(t *testing.T, name string, want, got []byte, rel float64) {
	t.Helper()
	num := regexp.MustCompile(`[-+]?[0-9][0-9.eE+-]*`)
	wn, gn := num.FindAllIndex(want, -1), num.FindAllIndex(got, -1)
	if len(wn) != len(gn) {
		t.Fatalf("%s: %d numbers, want %d", name, len(gn), len(wn))
	}
	differ := 0
	wp, gp := 0, 0
	for k := range wn {
		if !bytes.Equal(want[wp:wn[k][0]], got[gp:gn[k][0]]) {
			t.Fatalf("%s: number %d: text before it %q, want %q", name, k, got[gp:gn[k][0]], want[wp:wn[k][0]])
		}
		ws, gs := string(want[wn[k][0]:wn[k][1]]), string(got[gn[k][0]:gn[k][1]])
		wp, gp = wn[k][1], gn[k][1]
		if ws == gs {
			continue
		}
		differ++
		w, err1 := strconv.ParseFloat(ws, 64)
		g, err2 := strconv.ParseFloat(gs, 64)
		if err1 != nil || err2 != nil || math.Abs(g-w) > rel*math.Abs(w) {
			t.Fatalf("%s: number %d is %s, want %s within %g relative", name, k, gs, ws, rel)
		}
	}
	if !bytes.Equal(want[wp:], got[gp:]) {
		t.Fatalf("%s: the text after the last number differs", name)
	}
	if differ == 0 {
		t.Errorf("%s: every number written as -exact writes it", name)
	}
}

// TestFitThenScore fits a model on the Aghdam incidents, scores with it,
// and refuses a bad model file naming the file and the field.
func TestFitThenScore(t *testing.T) {
	dir := t.TempDir()
	model := filepath.Join(dir, "model.json")
	in := []string{"-hazards", aghdam.hazards, "-incidents", aghdam.incidents, "-villages", aghdam.settlements}
	code, _, stderr := call(t, t.Context(), append(append([]string{"fit"}, in...), "-out", model)...)
	if code != 0 {
		t.Fatalf("fit: exit %d: %s", code, stderr)
	}
	if !strings.Contains(stderr, "fitted in") {
		t.Errorf("fit stderr lacks the summary:\n%s", stderr)
	}
	b, err := os.ReadFile(model)
	if err != nil {
		t.Fatal(err)
	}
	var mf struct {
		Format, Kind string
		Fit          struct {
			Method     string
			Candidates []json.RawMessage
		}
	}
	if err := json.Unmarshal(b, &mf); err != nil || mf.Kind != "mixture" || mf.Fit.Method == "" {
		t.Fatalf("model file %v: %s", err, b)
	}
	cells := filepath.Join(dir, "cells.csv")
	code, _, stderr = call(t, t.Context(), append(append([]string{"score", "-q", "-model", model}, in...), "-cells", cells)...)
	if code != 0 {
		t.Fatalf("score -model: exit %d: %s", code, stderr)
	}
	checkCells(t, cells)

	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte(`{"format":"clearance-risk-model/1","kind":"mixture","short_bandwidth_m":500,"long_bandwidth_m":5000,"long_weight":3,"recency_years":3,"near_scale_m":3000}`), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr = call(t, t.Context(), append(append([]string{"score", "-model", bad}, in...), "-cells", cells)...)
	if code != 1 || !strings.Contains(stderr, "bad.json") || !strings.Contains(stderr, "long_weight") {
		t.Fatalf("bad model: exit %d, stderr %s", code, stderr)
	}
}

// TestBacktestPNG backtests the default model on Aghdam with the capture
// curves drawn.
func TestBacktestPNG(t *testing.T) {
	out := filepath.Join(t.TempDir(), "capture.png")
	code, stdout, stderr := call(t, t.Context(), "backtest", "-q", "-hazards", aghdam.hazards, "-incidents", aghdam.incidents,
		"-villages", aghdam.settlements, "-split", "2020-01-01", "-png", out)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"model ", "uniform ", "distance ", "kde ", "short ", "long ", "95% intervals"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := png.Decode(f); err != nil {
		t.Fatalf("%s: %v", out, err)
	}
}
