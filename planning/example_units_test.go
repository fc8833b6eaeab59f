package planning_test

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/planning"
	"github.com/landrelease/clearance/risk"
	"github.com/paulmach/orb"
)

// valley is a tiny scored dataset in the Gülyataq valley: a suspected area
// by Papravənd where a police officer lost a foot on 30 June 2025, a
// confirmed minefield farther south, and two villages, one with a planned
// return.
func valley() *risk.Surface {
	box := func(lon0, lat0, lon1, lat1 float64) orb.Polygon {
		return orb.Polygon{{{lon0, lat0}, {lon1, lat0}, {lon1, lat1}, {lon0, lat1}, {lon0, lat0}}}
	}
	d := &geo.Dataset{
		Hazards: []geo.Hazard{
			{ID: "SHA-014", Kind: geo.SHA, Status: geo.StatusOpen, Evidence: []string{"accident"},
				Geometry:   orb.MultiPolygon{box(46.840, 40.162, 46.844, 40.165)},
				Properties: map[string]any{"land_use": "pasture"}},
			{ID: "CHA-031", Kind: geo.CHA, Status: geo.StatusOpen, Evidence: []string{"mine sighted", "minefield record"},
				Geometry: orb.MultiPolygon{box(46.858, 40.128, 46.862, 40.131)}},
		},
		Incidents: []geo.Incident{
			{ID: "police officer", Date: time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC), Injured: 1,
				Device: geo.DeviceAP, Point: geo.LonLat{Lon: 46.842, Lat: 40.163}},
			{ID: "shepherd", Date: time.Date(2022, 4, 11, 0, 0, 0, 0, time.UTC), Killed: 1,
				Device: geo.DeviceAP, Point: geo.LonLat{Lon: 46.855, Lat: 40.132}},
		},
		Settlements: []geo.Settlement{
			{Name: "Papravend", Population: 2173, Point: geo.LonLat{Lon: 46.841667, Lat: 40.158333}},
			{Name: "Boyahmadli", Population: 868, Point: geo.LonLat{Lon: 46.862778, Lat: 40.130833},
				PlannedReturn: time.Date(2027, 5, 1, 0, 0, 0, 0, time.UTC)},
		},
	}
	p, err := d.UTM("")
	if err != nil {
		panic(err)
	}
	s, err := (&risk.Model{}).Score(context.Background(), p, nil)
	if err != nil {
		panic(err)
	}
	return s
}

// Cut a risk surface into work units: one per hazard, then blocks of
// 200 × 200 m.
func ExampleUnitsFromSurface() {
	s := valley()
	units, err := planning.UnitsFromSurface(s, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, u := range units {
		fmt.Printf("%s %s: %.2f ha, risk %.3g, %d cells, at %.4f N %.4f E\n",
			u.ID, u.Kind, u.AreaM2/1e4, u.Risk, len(u.Cells), u.LonLat.Lat, u.LonLat.Lon)
	}
	blocks, _ := planning.UnitsFromSurface(s, &planning.UnitOptions{BlockM: 200})
	var ids []string
	for _, u := range blocks {
		ids = append(ids, u.ID)
	}
	fmt.Println(len(blocks), "blocks:", strings.Join(ids[:4], " "), "…")
	// Output:
	// SHA-014 SHA: 11.35 ha, risk 0.0114, 22 cells, at 40.1635 N 46.8420 E
	// CHA-031 CHA: 11.35 ha, risk 0.00247, 17 cells, at 40.1295 N 46.8600 E
	// 15 blocks: SHA-014/3283,22236 SHA-014/3284,22236 SHA-014/3285,22236 SHA-014/3283,22237 …
}

// Rank work units with the reasons and the ANAMA criteria the data
// supports.
func ExamplePrioritise() {
	s := valley()
	units, _ := planning.UnitsFromSurface(s, nil)
	ps, err := planning.Prioritise(units, s, nil, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range ps {
		fmt.Printf("%d. %s  score %.3g  criteria %v\n", p.Rank, p.ID, p.Score, p.Criteria)
		for _, r := range p.Reasons {
			fmt.Println("   -", r)
		}
	}
	// Output:
	// 1. SHA-014  score 6.41e-05  criteria [life return of displaced people farmland]
	//    - 1 casualty within 2 km (latest 2025-06-30, anti-personnel)
	//    - planned return to Boyahmadli on 2027-05-01
	//    - Papravend (pop. 2,173) 393 m away
	//    - land use: pasture
	//    - likelihood 0.14 a km² a year at peak hectare
	//    - suspected hazardous area: accident
	// 2. CHA-031  score 9.55e-06  criteria [life return of displaced people]
	//    - 1 casualty within 2 km (latest 2022-04-11, anti-personnel)
	//    - planned return to Boyahmadli on 2027-05-01
	//    - Boyahmadli (pop. 868) 58 m away
	//    - likelihood 0.034 a km² a year at peak hectare
	//    - confirmed hazardous area: mine sighted; minefield record
}
