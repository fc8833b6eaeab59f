package report_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"errors"
	"image"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/internal/golden"
	"github.com/landrelease/clearance/planning"
	"github.com/landrelease/clearance/planning/report"
	"github.com/landrelease/clearance/risk"
)

// writers are the text reports, by golden file name.
var writers = []struct {
	name  string
	write func(w *bytes.Buffer, sc *scenario) error
}{
	{"schedule.csv", func(w *bytes.Buffer, sc *scenario) error { return report.WriteScheduleCSV(w, sc.plan) }},
	{"priorities.csv", func(w *bytes.Buffer, sc *scenario) error {
		return report.WritePrioritiesCSV(w, sc.prios, sc.units, sc.plan)
	}},
	{"priorities.geojson", func(w *bytes.Buffer, sc *scenario) error {
		return report.WritePrioritiesGeoJSON(w, sc.prios, sc.units, sc.surface, sc.plan)
	}},
	{"plan.kml", func(w *bytes.Buffer, sc *scenario) error {
		return report.WritePlanKML(w, sc.prios, sc.units, sc.surface, sc.plan)
	}},
	{"summary.md", func(w *bytes.Buffer, sc *scenario) error { return report.WriteSummary(w, sc.input()) }},
	{"teams.kml", func(w *bytes.Buffer, sc *scenario) error { // every team's doc.kml, one after another
		for k := range sc.plan.Teams {
			var kmz bytes.Buffer
			if err := report.WriteTeamKMZ(&kmz, sc.plan, k, sc.prios, sc.units, sc.surface); err != nil {
				return err
			}
			zr, err := zip.NewReader(bytes.NewReader(kmz.Bytes()), int64(kmz.Len()))
			if err != nil {
				return err
			}
			rc, err := zr.File[0].Open()
			if err != nil {
				return err
			}
			_, err = io.Copy(w, rc)
			rc.Close()
			if err != nil {
				return err
			}
		}
		return nil
	}},
	{"teams.gpx", func(w *bytes.Buffer, sc *scenario) error { // every team's GPX, one after another
		for k := range sc.plan.Teams {
			if err := report.WriteTeamGPX(w, sc.plan, k, sc.prios, sc.units, sc.surface); err != nil {
				return err
			}
		}
		return nil
	}},
}

// TestGolden writes every text report of the scenario and compares it with
// testdata/golden; the scenario is built twice, so the bytes must not
// depend on anything but the input. The KML and GeoJSON files there are
// the ones GDAL read (testdata/ogrinfo).
//
// The priorities' reasons come from planning.Prioritise: a change of its
// wording changes these files (regenerate with -update and review).
func TestGolden(t *testing.T) {
	a, b := build(t), build(t)
	for _, wr := range writers {
		t.Run(wr.name, func(t *testing.T) {
			var x, y bytes.Buffer
			if err := wr.write(&x, a); err != nil {
				t.Fatal(err)
			}
			if err := wr.write(&y, b); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(x.Bytes(), y.Bytes()) {
				t.Fatal("two runs on the same input differ")
			}
			golden.Check(t, filepath.Join("testdata", "golden", wr.name), x.Bytes(), "")
		})
	}
}

// TestScheduleCSV checks the rows against the plan's jobs.
func TestScheduleCSV(t *testing.T) {
	sc := build(t)
	var buf bytes.Buffer
	if err := report.WriteScheduleCSV(&buf, sc.plan); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if len(lines) != len(sc.plan.Jobs)+1 {
		t.Fatalf("%d lines for %d jobs", len(lines), len(sc.plan.Jobs))
	}
	if lines[0] != strings.Join(report.ScheduleHeader, ",") {
		t.Errorf("header %q", lines[0])
	}
	buf.Reset()
	if err := report.WriteScheduleCSV(&buf, nil); err != nil || strings.Count(buf.String(), "\n") != 1 {
		t.Errorf("nil plan: %q, %v; want the header alone", buf.String(), err)
	}
}

// TestPrioritiesGeoJSON checks the features: one per priority in rank
// order, valid JSON with simplestyle keys, and block outlines whose
// projected area is the area of their cells.
func TestPrioritiesGeoJSON(t *testing.T) {
	sc := build(t)
	var buf bytes.Buffer
	if err := report.WritePrioritiesGeoJSON(&buf, sc.prios, sc.units, sc.surface, sc.plan); err != nil {
		t.Fatal(err)
	}
	var fc struct {
		Type     string
		Features []struct {
			ID       string
			Geometry struct {
				Type        string
				Coordinates json.RawMessage
			}
			Properties map[string]any
		}
	}
	if err := json.Unmarshal(buf.Bytes(), &fc); err != nil {
		t.Fatal(err)
	}
	if len(fc.Features) != len(sc.prios) {
		t.Fatalf("%d features for %d priorities", len(fc.Features), len(sc.prios))
	}
	proj := sc.surface.Projection
	cell := sc.surface.Grid.Size()
	blocks := 0
	for k, f := range fc.Features {
		if got := f.Properties["rank"].(float64); int(got) != k+1 {
			t.Errorf("feature %d has rank %v", k, got)
		}
		for _, key := range []string{"fill", "fill-opacity", "stroke", "stroke-width", "title", "description", "band"} {
			if _, ok := f.Properties[key]; !ok {
				t.Errorf("feature %d: no %q", k, key)
			}
		}
		u := sc.units[sc.prios[k].Unit]
		if f.ID != u.ID {
			t.Errorf("feature %d: id %q, want %q", k, f.ID, u.ID)
		}
		if !u.Block {
			continue
		}
		blocks++
		var polys [][][][2]float64
		switch f.Geometry.Type {
		case "Polygon":
			var p [][][2]float64
			json.Unmarshal(f.Geometry.Coordinates, &p)
			polys = append(polys, p)
		case "MultiPolygon":
			json.Unmarshal(f.Geometry.Coordinates, &polys)
		default:
			t.Fatalf("block %s: geometry %s", u.ID, f.Geometry.Type)
		}
		area := 0.0
		for _, p := range polys {
			for _, ring := range p {
				for q := 0; q+1 < len(ring); q++ {
					a := proj.Forward(geo.LonLat{Lon: ring[q][0], Lat: ring[q][1]})
					b := proj.Forward(geo.LonLat{Lon: ring[q+1][0], Lat: ring[q+1][1]})
					area += (a.X*b.Y - b.X*a.Y) / 2
				}
			}
		}
		want := float64(len(u.Cells)) * cell * cell
		if math.Abs(area-want) > 1e-4*want { // corners are rounded to 1e-7°, about 1 cm
			t.Errorf("block %s: outline area %.1f m², want %.0f (%d cells)", u.ID, area, want, len(u.Cells))
		}
	}
	if blocks == 0 {
		t.Error("the scenario has no block unit")
	}
}

// decode reads a PNG and counts its non-white pixels and its strongly red
// ones (the top of the risk palette).
func decode(t *testing.T, b []byte) (img image.Image, ink, red int) {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	r := img.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			cr, cg, cb, _ := img.At(x, y).RGBA()
			if cr < 0xf000 || cg < 0xf000 || cb < 0xf000 {
				ink++
			}
			if cr > 0xa000 && cg < 0x6000 && cb < 0x6000 {
				red++
			}
		}
	}
	return img, ink, red
}

func TestRiskMapPNG(t *testing.T) {
	sc := build(t)
	var a, b bytes.Buffer
	if err := report.RiskMapPNG(&a, sc.surface, nil); err != nil {
		t.Fatal(err)
	}
	if err := report.RiskMapPNG(&b, sc.surface, nil); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two renderings differ")
	}
	img, ink, red := decode(t, a.Bytes())
	// 20 cm at 150 dpi.
	if got := img.Bounds().Size(); got != (image.Point{1181, 1181}) {
		t.Errorf("size %v, want 1181×1181", got)
	}
	if ink < 50_000 || red < 1000 {
		t.Errorf("%d inked pixels, %d red ones: the map looks empty", ink, red)
	}

	var c bytes.Buffer
	if err := report.RiskMapPNG(&c, sc.surface, &report.MapOptions{WidthCm: 10, HeightCm: 8, DPI: 100, MaxRaster: 7, Title: "small"}); err != nil {
		t.Fatal(err)
	}
	img, ink, _ = decode(t, c.Bytes())
	if got := img.Bounds().Size(); got != (image.Point{394, 315}) || ink == 0 {
		t.Errorf("downsampled map: size %v, %d inked pixels", got, ink)
	}
}

func TestRiskMapPNGEmpty(t *testing.T) {
	for name, d := range map[string]*geo.Dataset{
		"no layers":      {},
		"no settlements": {Hazards: dataset().Hazards},
		"no incidents":   {Hazards: dataset().Hazards, Settlements: dataset().Settlements},
	} {
		t.Run(name, func(t *testing.T) {
			p := d.Project(geo.NewUTM(geo.Zone{Number: 38}))
			s, err := (&risk.Model{}).Score(t.Context(), p, nil)
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := report.RiskMapPNG(&buf, s, nil); err != nil {
				t.Fatal(err)
			}
			if _, ink, _ := decode(t, buf.Bytes()); ink == 0 {
				t.Error("blank image")
			}
		})
	}
}

func TestBurndownPNG(t *testing.T) {
	sc := build(t)
	opts := &report.ChartOptions{Start: sc.plan.Start, TotalRisk: sc.plan.TotalRisk}
	var a, b bytes.Buffer
	if err := report.BurndownPNG(&a, sc.fc, opts); err != nil {
		t.Fatal(err)
	}
	if err := report.BurndownPNG(&b, sc.fc, opts); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two renderings differ")
	}
	img, ink, red := decode(t, a.Bytes())
	if got := img.Bounds().Size(); got != (image.Point{1181, 709}) {
		t.Errorf("size %v, want 1181×709", got)
	}
	if ink < 10_000 || red < 500 {
		t.Errorf("%d inked pixels, %d red ones", ink, red)
	}
	// Nothing to release, and a forecast without a start.
	for _, f := range []planning.Forecast{{}, {LastRelease: sc.plan.Start}} {
		var buf bytes.Buffer
		if err := report.BurndownPNG(&buf, f, nil); err != nil {
			t.Fatal(err)
		}
		decode(t, buf.Bytes())
	}
	if err := report.BurndownPNG(&bytes.Buffer{}, sc.fc, nil); err != nil {
		t.Fatal(err)
	}
}

func TestErrors(t *testing.T) {
	sc := build(t)
	bad := slices.Clone(sc.prios)
	bad[2].Unit = len(sc.units)
	var buf bytes.Buffer
	for name, err := range map[string]error{
		"csv":     report.WritePrioritiesCSV(&buf, bad, sc.units, sc.plan),
		"geojson": report.WritePrioritiesGeoJSON(&buf, bad, sc.units, sc.surface, sc.plan),
		"kml":     report.WritePlanKML(&buf, bad, sc.units, sc.surface, sc.plan),
		"summary": report.WriteSummary(&buf, report.SummaryInput{Units: sc.units, Priorities: bad}),
	} {
		if err == nil || !strings.Contains(err.Error(), "priority 2") {
			t.Errorf("%s: %v, want an error naming priority 2", name, err)
		}
	}
	if err := report.WritePrioritiesCSV(&buf, sc.prios, sc.units[1:], nil); err == nil {
		t.Error("a priority beyond the units: no error")
	}
	if err := report.WritePrioritiesCSV(&buf, nil, sc.units[1:], sc.plan); err == nil {
		t.Error("a plan of other units: no error")
	}
	units := slices.Clone(sc.units)
	for i := range units {
		if units[i].Block {
			units[i].Cells = []int{len(sc.surface.Cells)}
			err := report.WritePrioritiesGeoJSON(&buf, sc.prios, units, sc.surface, sc.plan)
			if err == nil || !strings.Contains(err.Error(), "cell index") {
				t.Errorf("cell out of range: %v", err)
			}
			break
		}
	}
}

// TestNoSurface writes the priorities without a surface: points at the
// units' centres, and null for a centre that is not finite.
func TestNoSurface(t *testing.T) {
	sc := build(t)
	units := slices.Clone(sc.units)
	units[0].LonLat = geo.LonLat{Lon: math.NaN(), Lat: math.NaN()}
	var buf bytes.Buffer
	if err := report.WritePrioritiesGeoJSON(&buf, sc.prios, units, nil, nil); err != nil {
		t.Fatal(err)
	}
	var fc struct {
		Features []struct{ Geometry *struct{ Type string } }
	}
	if err := json.Unmarshal(buf.Bytes(), &fc); err != nil {
		t.Fatal(err)
	}
	nulls := 0
	for _, f := range fc.Features {
		switch {
		case f.Geometry == nil:
			nulls++
		case f.Geometry.Type != "Point":
			t.Errorf("geometry %s without a surface", f.Geometry.Type)
		}
	}
	if nulls != 1 {
		t.Errorf("%d null geometries, want 1", nulls)
	}
	if err := report.WritePlanKML(&buf, sc.prios, units, nil, sc.plan); err != nil {
		t.Fatal(err)
	}
}

func TestWriteAll(t *testing.T) {
	sc := build(t)
	dir := filepath.Join(t.TempDir(), "out")
	paths, err := report.WriteAll(dir, sc.input())
	if err != nil {
		t.Fatal(err)
	}
	want := []string{report.ScheduleFile, report.PrioritiesFile, report.PrioritiesGeoJSONFile, report.PlanKMZFile}
	for k := range sc.plan.Teams {
		base := filepath.Join(report.TeamsDir, report.TeamFileName(k, sc.plan.Teams[k].Name))
		want = append(want, base+".kmz", base+".gpx")
	}
	want = append(want, report.RiskMapFile, report.BurndownFile, report.SummaryFile)
	if len(paths) != len(want) {
		t.Fatalf("paths %v", paths)
	}
	for i, p := range paths {
		if p != filepath.Join(dir, want[i]) {
			t.Errorf("path %d: %s, want %s", i, p, want[i])
		}
		if fi, err := os.Stat(p); err != nil || fi.Size() == 0 {
			t.Errorf("%s: %v", p, err)
		}
	}
	// The summary WriteAll writes is WriteSummary's, with what it split.
	var buf bytes.Buffer
	if err := report.WriteSummary(&buf, sc.input()); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(paths[len(paths)-1])
	if !bytes.Contains(got, []byte("split by team: teams/ holds a KMZ per team")) {
		t.Errorf("summary.md does not say where the team files are:\n%s", got)
	}
	if cut := bytes.Index(buf.Bytes(), []byte("## Forecast")); cut < 0 || !bytes.HasPrefix(got, buf.Bytes()[:cut]) {
		t.Error("summary.md differs from WriteSummary's before the forecast")
	}

	bad := sc.input()
	bad.Priorities = slices.Clone(bad.Priorities)
	bad.Priorities[0].Unit = -1
	paths, err = report.WriteAll(t.TempDir(), bad)
	if err == nil || len(paths) != 1 {
		t.Errorf("bad priorities: %v after %v", err, paths)
	}
	var pe *os.PathError
	if _, err := report.WriteAll(filepath.Join(paths[0], "x"), sc.input()); !errors.As(err, &pe) {
		t.Errorf("dir under a file: %v", err)
	}
}

// TestBadImageOptions: a negative or NaN size is an error, not a default.
func TestBadImageOptions(t *testing.T) {
	sc := build(t)
	if err := report.RiskMapPNG(io.Discard, sc.surface, &report.MapOptions{WidthCm: -5}); err == nil ||
		!strings.Contains(err.Error(), "MapOptions.WidthCm") {
		t.Errorf("RiskMapPNG with WidthCm -5: %v", err)
	}
	if err := report.BurndownPNG(io.Discard, sc.fc, &report.ChartOptions{DPI: -1}); err == nil ||
		!strings.Contains(err.Error(), "ChartOptions.DPI") {
		t.Errorf("BurndownPNG with DPI -1: %v", err)
	}
	if err := report.RiskMapPNG(io.Discard, sc.surface, &report.MapOptions{MaxRisk: math.NaN()}); err == nil {
		t.Error("RiskMapPNG with MaxRisk NaN: no error")
	}
}
