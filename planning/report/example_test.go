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

// The survey team's jobs as GPX waypoints for its handheld GPS: one per
// job, in time order, at the unit's centre.
func ExampleWriteTeamGPX() {
	units := []planning.Unit{
		{ID: "papravend-south", Kind: geo.CHA, AreaM2: 6000, Risk: 8, LonLat: geo.LonLat{Lon: 46.8417, Lat: 40.1583}},
		{ID: "valley-fields", Kind: geo.SHA, AreaM2: 40000, Risk: 5, LonLat: geo.LonLat{Lon: 46.8628, Lat: 40.1308}},
	}
	teams := []planning.Team{{Name: "survey", Method: planning.MethodTS}, {Name: "NTS", Method: planning.MethodNTS},
		{Name: "manual", Method: planning.MethodManual, Deminers: 20}}
	cfg := &planning.Config{Calendar: planning.Calendar{Start: time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)}}
	plan, err := planning.Schedule(context.Background(), units, teams, cfg)
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := report.WriteTeamGPX(os.Stdout, plan, 0, nil, units, nil); err != nil {
		fmt.Println(err)
	}
	// Output:
	// <?xml version="1.0" encoding="UTF-8"?>
	// <gpx version="1.1" creator="clearance" xmlns="http://www.topografix.com/GPX/1/1">
	//   <metadata>
	//     <name>survey (TS)</name>
	//     <desc>Jobs of survey in time order: 2 jobs.</desc>
	//   </metadata>
	//   <wpt lat="40.1583000" lon="46.8417000">
	//     <time>2025-07-01T00:00:00Z</time>
	//     <name>1 papravend-south TS</name>
	//     <desc>TS of CHA hazard, 2025-07-01 to 2025-07-01; 0.60 ha to process, 0.21 ha expected released; travel 0.00 working days.</desc>
	//     <sym>Flag, Red</sym>
	//   </wpt>
	//   <wpt lat="40.1308000" lon="46.8628000">
	//     <time>2025-07-01T00:00:00Z</time>
	//     <name>2 valley-fields TS</name>
	//     <desc>TS of SHA hazard, 2025-07-01 to 2025-07-07; 2.72 ha to process, 0.96 ha expected released; travel 0.00 working days.</desc>
	//     <sym>Flag, Red</sym>
	//   </wpt>
	// </gpx>
}
