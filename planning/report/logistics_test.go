package report_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/internal/text"
	"github.com/landrelease/clearance/planning"
	"github.com/landrelease/clearance/planning/report"
)

// With logistics the schedule CSV names each job's camp and move, the team
// files say them, and the summary counts the moves. The units lie about
// 20 km from the teams' base at Aghdam, beyond their 10 km limit, and a
// forward camp stands at Papravənd among them: every team moves there
// once, for its first job.
func TestLogisticsReports(t *testing.T) {
	sc := build(t)
	p, err := dataset().UTM("")
	if err != nil {
		t.Fatal(err)
	}
	base := p.Projection.Forward(geo.LonLat{Lon: 46.934, Lat: 39.989})
	teams := []planning.Team{
		{Name: "NTS", Method: planning.MethodNTS, Base: &base},
		{Name: "TS", Method: planning.MethodTS, Base: &base},
		{Name: "manual", Method: planning.MethodManual, Count: 2, Deminers: 30, Base: &base},
	}
	l := planning.ProjectCamps(&planning.Logistics{CommuteKm: 10, RelocationDays: 1,
		Camps: []planning.Camp{{Name: "Papravənd camp", LonLat: geo.LonLat{Lon: 46.8417, Lat: 40.1583}}}}, p.Projection)
	plan, err := planning.Schedule(context.Background(), sc.units, teams, &planning.Config{
		Calendar: planning.Calendar{Start: time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)}, Logistics: l})
	if err != nil {
		t.Fatal(err)
	}
	if plan.Moves != len(plan.Teams) {
		t.Fatalf("%d moves for %d teams", plan.Moves, len(plan.Teams))
	}

	var buf bytes.Buffer
	if err := report.WriteScheduleCSV(&buf, plan); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if want := strings.Join(append(report.ScheduleHeader, report.LogisticsHeader...), ","); strings.Join(rows[0], ",") != want {
		t.Fatalf("header %v, want %s", rows[0], want)
	}
	if len(rows) != len(plan.Jobs)+1 {
		t.Fatalf("%d rows for %d jobs", len(rows), len(plan.Jobs))
	}
	moved := 0
	for i, j := range plan.Jobs {
		row := rows[i+1]
		camp, days := row[len(row)-2], row[len(row)-1]
		if camp != "Papravənd camp" || days != text.Fixed(j.RelocationDays, 3) {
			t.Errorf("row %d: camp %q, relocation %q; job %+v", i, camp, days, j)
		}
		if days != "0.000" {
			moved++
		}
	}
	if moved != plan.Moves {
		t.Errorf("%d rows with a move, plan has %d", moved, plan.Moves)
	}

	buf.Reset()
	if err := report.WriteTeamGPX(&buf, plan, 0, sc.prios, sc.units, sc.surface); err != nil {
		t.Fatal(err)
	}
	first := plan.TeamJobs(0)[0]
	want := fmt.Sprintf("Camp: Papravənd camp (forward camp), moved there first (%s working days).", text.Fixed(first.RelocationDays, 2))
	if !strings.Contains(buf.String(), want) || strings.Count(buf.String(), "Camp: ") != len(plan.TeamJobs(0)) {
		t.Errorf("GPX does not say the camps (%q):\n%s", want, buf.String())
	}

	buf.Reset()
	if err := report.WriteTeamKMZ(&buf, plan, 0, sc.prios, sc.units, sc.surface); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	f, err := zr.File[0].Open()
	if err != nil {
		t.Fatal(err)
	}
	kml, _ := io.ReadAll(f)
	if !regexp.MustCompile(`<Data name="camp">\s*<value>Papravənd camp</value>`).Match(kml) || !strings.Contains(string(kml), want) {
		t.Errorf("team KMZ does not say the camps:\n%s", kml)
	}

	buf.Reset()
	in := sc.input()
	in.Plan = plan
	fc := plan.Forecast(nil)
	in.Forecast = &fc
	if err := report.WriteSummary(&buf, in); err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf("- Logistics: %d camp moves,", plan.Moves); !strings.Contains(buf.String(), want) {
		t.Errorf("summary does not count the moves (%q):\n%s", want, buf.String())
	}
}
