package report_test

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/planning"
	"github.com/landrelease/clearance/planning/report"
)

// A schedule of two units near Papravənd for a survey team and a manual
// clearance team, as CSV for an operations officer.
func ExampleWriteScheduleCSV() {
	units := []planning.Unit{
		{ID: "papravend-south", Kind: geo.CHA, AreaM2: 6000, Risk: 8, Centre: geo.XY{X: 2000, Y: 0}},
		{ID: "valley-fields", Kind: geo.SHA, AreaM2: 40000, Risk: 5, Centre: geo.XY{X: 6000, Y: 3000}},
	}
	base := &geo.XY{}
	teams := []planning.Team{
		{Name: "survey", Method: planning.MethodTS, Base: base},
		{Name: "NTS", Method: planning.MethodNTS, Base: base},
		{Name: "manual", Method: planning.MethodManual, Deminers: 20, Base: base},
	}
	cfg := &planning.Config{Calendar: planning.Calendar{Start: time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)}}
	plan, err := planning.Schedule(context.Background(), units, teams, cfg)
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := report.WriteScheduleCSV(os.Stdout, plan); err != nil {
		fmt.Println(err)
	}
	// Output:
	// team,method,unit,step,start,end,start_day,end_day,area_m2,released_m2,travel_days
	// survey,TS,papravend-south,TS,2025-07-01,2025-07-01,0.000,0.763,6000.0,2117.6,0.013
	// survey,TS,valley-fields,TS,2025-07-01,2025-07-07,0.845,4.289,27200.0,9600.0,0.045
	// NTS,NTS,valley-fields,NTS,2025-07-01,2025-07-01,0.000,0.845,40000.0,12800.0,0.045
	// manual,manual,papravend-south,clearance,2025-07-01,2025-07-10,0.763,7.247,3882.4,3882.4,0.013
	// manual,manual,valley-fields,clearance,2025-07-10,2025-08-20,7.247,36.625,17600.0,17600.0,0.045
}
