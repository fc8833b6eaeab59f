package report_test

import (
	"context"
	"io"
	"os"
	"testing"
	"time"

	national "github.com/landrelease/clearance/benchmarks/scenario"
	geodataset "github.com/landrelease/clearance/geo/dataset"
	"github.com/landrelease/clearance/planning"
	"github.com/landrelease/clearance/planning/planfile"
	"github.com/landrelease/clearance/planning/report"
	"github.com/landrelease/clearance/risk"
	"github.com/landrelease/clearance/testdata/aghdam"
)

// aghdamInput scores the embedded Aghdam scenario (about 11,000 hectares)
// with the default model and plans it for 12 manual teams, 4 dog teams, 3
// machines and a survey team of each kind.
func aghdamInput(b *testing.B) report.SummaryInput {
	b.Helper()
	ctx := context.Background()
	d, _, err := geodataset.Read(ctx, geodataset.Files{Hazards: aghdam.Hazards, Incidents: aghdam.Incidents,
		Settlements: aghdam.Settlements}, &geodataset.Options{FS: aghdam.FS})
	if err != nil {
		b.Fatal(err)
	}
	p, err := d.UTM("")
	if err != nil {
		b.Fatal(err)
	}
	s, err := (&risk.Model{}).Score(ctx, p, nil)
	if err != nil {
		b.Fatal(err)
	}
	units, err := planning.UnitsFromSurface(s, nil)
	if err != nil {
		b.Fatal(err)
	}
	prios, err := planning.Prioritise(units, s, nil, nil)
	if err != nil {
		b.Fatal(err)
	}
	teams := []planning.Team{{Method: planning.MethodManual, Count: 12}, {Method: planning.MethodMDD, Count: 4},
		{Method: planning.MethodMechanical, Count: 3}, {Method: planning.MethodNTS}, {Method: planning.MethodTS}}
	plan, err := planning.Schedule(ctx, units, teams, &planning.Config{
		Calendar: planning.Calendar{Start: time.Date(2025, 9, 1, 0, 0, 0, 0, time.UTC)}})
	if err != nil {
		b.Fatal(err)
	}
	return report.SummaryInput{Title: "Aghdam", Surface: s, Units: units, Priorities: prios, Plan: plan}
}

// BenchmarkRiskMapPNG draws Aghdam's risk map at full resolution (one
// raster pixel per hectare, supersampled to the image) and downsampled to
// at most 100 pixels a side.
func BenchmarkRiskMapPNG(b *testing.B) {
	in := aghdamInput(b)
	b.Logf("%d cells", len(in.Surface.Cells))
	for _, bc := range []struct {
		name string
		opts *report.MapOptions
	}{
		{"aghdam", nil},
		{"aghdam/maxraster=100", &report.MapOptions{MaxRaster: 100}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := report.RiskMapPNG(io.Discard, in.Surface, bc.opts); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkWriteAll writes every report of the Aghdam plan.
func BenchmarkWriteAll(b *testing.B) {
	in := aghdamInput(b)
	dir := b.TempDir()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := report.WriteAll(dir, in); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWriteAllNational writes every report of the national plan (the
// benchmarks' national scenario, its 840 teams in
// benchmarks/testdata/national-teams.json, 500 m blocks, as `planner plan
// -runs 0 -block 500 -synthetic` plans it) into a temporary folder: the
// report stage of the whole process alone. The plan is made once, outside
// the timed loop (about 5 s). It reports the CPU seconds (user + system)
// per op beside the wall time. Run:
//
//	go test ./planning/report/ -run '^$' -bench WriteAllNational -benchtime 3x
func BenchmarkWriteAllNational(b *testing.B) {
	ctx := context.Background()
	p, err := national.National(1).UTM("")
	if err != nil {
		b.Fatal(err)
	}
	s, err := (&risk.Model{}).Score(ctx, p, nil)
	if err != nil {
		b.Fatal(err)
	}
	units, err := planning.UnitsFromSurface(s, &planning.UnitOptions{BlockM: 500})
	if err != nil {
		b.Fatal(err)
	}
	const teamsFile = "../../benchmarks/testdata/national-teams.json"
	f, err := os.Open(teamsFile)
	if err != nil {
		b.Fatal(err)
	}
	plf, err := planfile.Read(f, teamsFile)
	f.Close()
	if err != nil {
		b.Fatal(err)
	}
	cfg := plf.Config()
	prios, err := planning.Prioritise(units, s, cfg.Policy, nil)
	if err != nil {
		b.Fatal(err)
	}
	plan, err := planning.Schedule(ctx, units, planning.ProjectBases(plf.Teams, s.Projection), cfg)
	if err != nil {
		b.Fatal(err)
	}
	fc := plan.Forecast(nil)
	in := report.SummaryInput{Surface: s, Units: units, Priorities: prios, Plan: plan, Forecast: &fc,
		Policy: cfg.Policy, Synthetic: true}
	dir := b.TempDir()
	var cpu time.Duration
	b.ResetTimer()
	for b.Loop() {
		c0 := cpuTime()
		paths, err := report.WriteAll(dir, in)
		if err != nil {
			b.Fatal(err)
		}
		cpu += cpuTime() - c0
		b.ReportMetric(float64(len(paths)), "files")
	}
	b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
}
