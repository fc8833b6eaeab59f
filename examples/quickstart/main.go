// Command quickstart is the README's example of the library used from
// another Go program: read the layers, score every hectare, plan the work
// of 12 manual, 4 dog and 3 mechanical clearance teams, 4 technical and
// 1 non-technical survey team. Run it from the repository's root:
//
//	go run ./examples/quickstart
package main

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/landrelease/clearance/geo/dataset"
	"github.com/landrelease/clearance/planning"
	"github.com/landrelease/clearance/risk"
)

func main() {
	ctx := context.Background()
	d, _, err := dataset.Read(ctx, dataset.Files{
		Hazards:     "testdata/aghdam/hazards.geojson", // GeoJSON, KML or CSV points
		Incidents:   "testdata/aghdam/incidents.csv",
		Settlements: "testdata/aghdam/settlements.csv",
	}, nil)
	check(err) // every bad feature, with file, index, id and field

	p, err := d.UTM("") // the data's UTM zone, or "38N", "EPSG:32638"
	check(err)
	s, err := new(risk.Model).Score(ctx, p, nil) // the default model, 1 ha cells
	check(err)
	for _, k := range s.Top(3) {
		fmt.Printf("%.3f  %s\n", s.Cells[k].Risk, s.Explain(k))
	}
	units, err := planning.UnitsFromSurface(s, &planning.UnitOptions{BlockM: 500})
	check(err)
	plan, err := planning.Schedule(ctx, units, []planning.Team{
		{Method: planning.MethodManual, Count: 12}, // 10 deminers, 300 m² a day each team
		{Method: planning.MethodMDD, Count: 4},
		{Method: planning.MethodMechanical, Count: 3},
		{Method: planning.MethodTS, Count: 4},
		{Method: planning.MethodNTS, Count: 1},
	}, &planning.Config{Calendar: planning.Calendar{Start: time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC)}})
	check(err)
	fmt.Printf("last hectare released %s, at most %.0f%% from the best plan\n",
		plan.LastWorkDay().Format("2006-01-02"), 100*plan.Gap)
}

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
