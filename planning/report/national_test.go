package report_test

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/planning"
	"github.com/landrelease/clearance/planning/report"
)

// readOutput returns a file's text: a KMZ's doc.kml, any other file as it
// is.
func readOutput(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(path, ".kmz") {
		return string(b)
	}
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if len(zr.File) != 1 || zr.File[0].Name != "doc.kml" {
		t.Fatalf("%s: entries %v, want doc.kml alone", path, zr.File)
	}
	rc, err := zr.File[0].Open()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	kml, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return string(kml)
}

// withExtras is the scenario's input with a unit without land, an
// uncertainty and a what-if, as the planner writes them.
func withExtras(t *testing.T, sc *scenario) report.SummaryInput {
	t.Helper()
	in := sc.input()
	units := append(append([]planning.Unit(nil), sc.units...), planning.Unit{ID: "empty", Kind: geo.SHA, HazardIDs: []string{"SHA-001"}})
	prios, err := planning.Prioritise(units, sc.surface, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	teams := sc.plan.Teams
	cfg := &planning.Config{Calendar: planning.Calendar{Start: sc.plan.Start}}
	pl, err := planning.Schedule(context.Background(), units, teams, cfg)
	if err != nil {
		t.Fatal(err)
	}
	unc, err := planning.Simulate(context.Background(), units, teams, cfg, &planning.UncertaintyOptions{Runs: 8})
	if err != nil {
		t.Fatal(err)
	}
	more := append(append([]planning.Team(nil), teams...), planning.Team{Name: "extra", Method: planning.MethodManual, Base: teams[0].Base})
	cfgMore := *cfg
	cfgMore.Baseline = pl
	plMore, err := planning.Schedule(context.Background(), units, more, &cfgMore)
	if err != nil {
		t.Fatal(err)
	}
	fc := pl.Forecast(nil)
	in.Units, in.Priorities, in.Plan, in.Forecast = units, prios, pl, &fc
	in.Uncertainty = unc
	in.WhatIf = &report.WhatIf{Name: "one more manual team", Plan: plMore}
	return in
}

// TestOutputsHaveNoNaNInfNull scans every file WriteAll writes (KMZs
// unzipped; PNGs are images) for NaN, infinities and null, and checks the
// synthetic mark in each.
func TestOutputsHaveNoNaNInfNull(t *testing.T) {
	sc := build(t)
	in := withExtras(t, sc)
	dir := t.TempDir()
	paths, err := report.WriteAll(dir, in)
	if err != nil {
		t.Fatal(err)
	}
	bad := regexp.MustCompile(`\bNaN\b|[+-]?\bInf\b|\bnull\b|Infinity`)
	mark := map[string]string{".csv": ",synthetic", ".geojson": `"synthetic":true`, ".kmz": "Synthetic data", ".gpx": "Synthetic data", ".md": "Synthetic data"}
	for _, p := range paths {
		ext := filepath.Ext(p)
		if ext == ".png" {
			continue
		}
		s := readOutput(t, p)
		if m := bad.FindStringIndex(s); m != nil {
			t.Errorf("%s: %q at byte %d: …%s…", p, s[m[0]:m[1]], m[0], s[max(m[0]-80, 0):min(m[1]+40, len(s))])
		}
		if !strings.Contains(s, mark[ext]) {
			t.Errorf("%s: no synthetic mark %q", p, mark[ext])
		}
	}
	// Each unit's release at P10, P50 and P90, in the CSV and the GeoJSON.
	if csv := readOutput(t, filepath.Join(dir, report.PrioritiesFile)); !strings.Contains(strings.SplitN(csv, "\n", 2)[0], "release_p10,release_p50,release_p90,synthetic") {
		t.Errorf("priorities.csv header: %s", strings.SplitN(csv, "\n", 2)[0])
	}
	if gj := readOutput(t, filepath.Join(dir, report.PrioritiesGeoJSONFile)); strings.Count(gj, `"release_p90":"`) != len(in.Priorities) {
		t.Errorf("priorities.geojson: %d release_p90 for %d priorities", strings.Count(gj, `"release_p90":"`), len(in.Priorities))
	}
	sum := readOutput(t, filepath.Join(dir, report.SummaryFile))
	for _, want := range []string{"(P10), **", "What if (one more manual team", "1 work unit has no land to release"} {
		if !strings.Contains(sum, want) {
			t.Errorf("summary lacks %q:\n%s", want, sum)
		}
	}
	for _, pr := range in.Priorities {
		if pr.ID == "empty" {
			t.Error("a unit without land is ranked")
		}
	}
}

// TestWriteAllSplitsGeoJSON: with a small size bound the GeoJSON comes in
// parts, each a whole collection under the bound, together every priority
// in rank order; the summary says so.
func TestWriteAllSplitsGeoJSON(t *testing.T) {
	sc := build(t)
	in := sc.input()
	var whole bytes.Buffer
	if err := report.WritePrioritiesGeoJSON(&whole, sc.prios, sc.units, sc.surface, sc.plan); err != nil {
		t.Fatal(err)
	}
	in.MaxFileMB = float64(whole.Len()) / 3.5 / 1e6
	dir := t.TempDir()
	paths, err := report.WriteAll(dir, in)
	if err != nil {
		t.Fatal(err)
	}
	var parts []string
	for _, p := range paths {
		if strings.HasSuffix(p, ".geojson") {
			parts = append(parts, p)
		}
	}
	if len(parts) < 4 {
		t.Fatalf("%d parts for a bound of a 3.5th of %d bytes", len(parts), whole.Len())
	}
	var ids []string
	for i, p := range parts {
		s := readOutput(t, p)
		if float64(len(s)) >= in.MaxFileMB*1e6 {
			t.Errorf("%s: %d bytes, over the bound", p, len(s))
		}
		if !strings.HasPrefix(s, `{"type":"FeatureCollection","features":[`) || !strings.HasSuffix(s, "\n]}\n") {
			t.Errorf("part %d is not a whole collection", i)
		}
		ids = append(ids, regexp.MustCompile(`"rank":(\d+)`).FindAllString(s, -1)...)
	}
	if want := regexp.MustCompile(`"rank":(\d+)`).FindAllString(whole.String(), -1); strings.Join(ids, " ") != strings.Join(want, " ") {
		t.Errorf("the parts' ranks %v, want %v", ids, want)
	}
	if sum := readOutput(t, filepath.Join(dir, report.SummaryFile)); !strings.Contains(sum, "split by rank into") {
		t.Errorf("the summary does not say the GeoJSON is split:\n%s", sum)
	}
}

// TestWarnings: idle teams, a base far from the data (which, how far), a
// plan past 50 years.
func TestWarnings(t *testing.T) {
	sc := build(t)
	ctx := context.Background()
	far := sc.surface.Projection.Forward(geo.LonLat{Lon: 13.2, Lat: -8.8}) // Luanda, about 5,500 km away
	near := *sc.plan.Teams[0].Base
	teams := []planning.Team{
		{Name: "NTS", Method: planning.MethodNTS, Base: &near},
		{Name: "TS", Method: planning.MethodTS, Base: &near},
		{Name: "tiny", Method: planning.MethodManual, M2PerDay: 10, Base: &far, BaseLonLat: geo.LonLat{Lon: 13.2, Lat: -8.8}},
		// Survey teams 5,500 km away (37 working days of travel a job)
		// beside a near one: some get no job.
		{Name: "spare", Method: planning.MethodNTS, Count: 3, Base: &far, BaseLonLat: geo.LonLat{Lon: 13.2, Lat: -8.8}},
	}
	pl, err := planning.Schedule(ctx, sc.units, teams, &planning.Config{Calendar: planning.Calendar{Start: time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)}, Budget: -1})
	if err != nil {
		t.Fatal(err)
	}
	in := sc.input()
	in.Plan = pl
	ws := strings.Join(report.Warnings(in), "\n")
	for _, want := range []string{"no job in the whole plan", "The base at -8.80000 N, 13.20000 E (tiny, spare-1, spare-2 and 1 more)", "km from the nearest work unit", "past 50 years", "Synthetic data"} {
		if !strings.Contains(ws, want) {
			t.Errorf("warnings lack %q:\n%s", want, ws)
		}
	}
	if ws := report.Warnings(sc.input()); len(ws) != 2 || !strings.Contains(ws[0], "wait more than") {
		t.Errorf("the test plan's warnings: %q", ws)
	}
}

// TestSummarySaysWhyRiskDiffers: when the plan's units hold less risk than
// the surface (land of no unit), the summary says how much and why, and
// the burn-down's 100% is the plan's.
func TestSummarySaysWhyRiskDiffers(t *testing.T) {
	sc := build(t)
	units := sc.units[1:]
	prios, err := planning.Prioritise(units, sc.surface, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	pl, err := planning.Schedule(context.Background(), units, sc.plan.Teams, &planning.Config{Calendar: planning.Calendar{Start: sc.plan.Start}})
	if err != nil {
		t.Fatal(err)
	}
	in := sc.input()
	in.Units, in.Priorities, in.Plan, in.Forecast = units, prios, pl, nil
	var b bytes.Buffer
	if err := report.WriteSummary(&b, in); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "- Risk planned: ") || !strings.Contains(b.String(), "lies on land in no work unit") {
		t.Errorf("the summary does not say why the plan's risk is not the surface's:\n%s", b.String())
	}
	var full bytes.Buffer
	if err := report.WriteSummary(&full, sc.input()); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(full.String(), "Risk planned:") {
		t.Error("the summary explains a difference that is not there")
	}
}

// TestWriteAllSameForAnyWorkerCount: the same files, byte for byte, and
// the same paths in the same order, with 1, 2 or 5 workers.
func TestWriteAllSameForAnyWorkerCount(t *testing.T) {
	sc := build(t)
	in := withExtras(t, sc)
	var first map[string][]byte
	var firstPaths []string
	for _, w := range []int{1, 2, 5} {
		in.Workers = w
		dir := t.TempDir()
		paths, err := report.WriteAll(dir, in)
		if err != nil {
			t.Fatal(err)
		}
		files := make(map[string][]byte)
		var rel []string
		for _, p := range paths {
			r, _ := filepath.Rel(dir, p)
			rel = append(rel, r)
			if files[r], err = os.ReadFile(p); err != nil {
				t.Fatal(err)
			}
		}
		if first == nil {
			first, firstPaths = files, rel
			continue
		}
		if strings.Join(rel, " ") != strings.Join(firstPaths, " ") {
			t.Fatalf("%d workers: paths %v, want %v", w, rel, firstPaths)
		}
		for r, b := range files {
			if !bytes.Equal(b, first[r]) {
				t.Errorf("%d workers: %s differs from 1 worker's", w, r)
			}
		}
	}
}

// TestWriteAllWithoutPlan: priorities alone still give every file but the
// team files, and the summary says what it does not know.
func TestWriteAllWithoutPlan(t *testing.T) {
	sc := build(t)
	in := sc.input()
	in.Plan, in.Forecast = nil, nil
	paths, err := report.WriteAll(t.TempDir(), in)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range paths {
		if strings.Contains(p, report.TeamsDir) {
			t.Errorf("team file %s without a plan", p)
		}
	}
	if len(paths) != 7 {
		t.Errorf("%d files without a plan: %v", len(paths), paths)
	}
}
