package report_test

import (
	"context"
	"testing"
	"time"

	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/planning"
	"github.com/landrelease/clearance/planning/report"
	"github.com/landrelease/clearance/risk"
	"github.com/paulmach/orb"
)

// rect is a closed counter-clockwise lon/lat rectangle.
func rect(lon0, lat0, lon1, lat1 float64) orb.Ring {
	return orb.Ring{{lon0, lat0}, {lon1, lat0}, {lon1, lat1}, {lon0, lat1}, {lon0, lat0}}
}

// reverse returns r clockwise (for a hole).
func reverse(r orb.Ring) orb.Ring {
	out := make(orb.Ring, len(r))
	for i := range r {
		out[i] = r[len(r)-1-i]
	}
	return out
}

// dataset is a small scenario around Papravənd (Aghdam district): real
// settlement positions, synthetic hazards and incidents.
func dataset() *geo.Dataset {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	return &geo.Dataset{
		Hazards: []geo.Hazard{
			{ID: "SHA-001", Kind: geo.SHA, Status: geo.StatusOpen,
				Geometry:   orb.MultiPolygon{{rect(46.828, 40.160, 46.846, 40.171), reverse(rect(46.833, 40.164, 46.837, 40.167))}},
				Evidence:   []string{"old front line", "farmland left unused"},
				Properties: map[string]any{"land_use": "farmland", "synthetic": true}},
			{ID: "CHA-002", Kind: geo.CHA, Status: geo.StatusOpen,
				Geometry:   orb.MultiPolygon{{rect(46.8405, 40.1615, 46.8445, 40.1645)}},
				Evidence:   []string{"accident 2025-06-30"},
				Properties: map[string]any{"synthetic": true}},
			{ID: "SHA-003", Kind: geo.SHA, Status: geo.StatusOpen,
				Geometry:   orb.MultiPolygon{{orb.Ring{{46.850, 40.150}, {46.868, 40.146}, {46.872, 40.152}, {46.856, 40.157}, {46.850, 40.150}}}},
				Evidence:   []string{"minefield record"},
				Properties: map[string]any{"synthetic": true}},
			{ID: "SHA-004", Kind: geo.SHA, Status: geo.StatusOpen,
				Geometry:   orb.MultiPolygon{{rect(46.855, 40.133, 46.866, 40.140)}},
				Evidence:   []string{"farmland left unused"},
				Properties: map[string]any{"land_use": "pasture", "reconstruction": "irrigation canal", "synthetic": true}},
		},
		Incidents: []geo.Incident{
			{ID: "police officer", Date: day(2025, 6, 30), Injured: 1, Device: geo.DeviceAP,
				Point: geo.LonLat{Lon: 46.842, Lat: 40.163}, Properties: map[string]any{"synthetic": false}},
			{ID: "I-2", Date: day(2021, 3, 1), Killed: 1, Device: geo.DeviceAT, Point: geo.LonLat{Lon: 46.836, Lat: 40.169}},
			{ID: "I-3", Date: day(2022, 8, 15), Injured: 2, Device: geo.DeviceAP, Point: geo.LonLat{Lon: 46.861, Lat: 40.151}},
			{ID: "I-4", Date: day(2023, 4, 2), Device: geo.DeviceUXO, Point: geo.LonLat{Lon: 46.860, Lat: 40.137}},
		},
		Settlements: []geo.Settlement{
			{Name: "Papravənd", Population: 2173, Point: geo.LonLat{Lon: 46.841667, Lat: 40.158333},
				PlannedReturn: day(2026, 9, 1)},
			{Name: "Boyəhmədli", Population: 868, Point: geo.LonLat{Lon: 46.862778, Lat: 40.130833}},
			{Name: "Qızıl Kəngərli", Population: 529, Point: geo.LonLat{Lon: 46.878861, Lat: 40.098806}},
		},
	}
}

// scenario is everything the reports read.
type scenario struct {
	surface *risk.Surface
	units   []planning.Unit
	prios   []planning.Priority
	plan    *planning.Plan
	fc      planning.Forecast
}

// build scores the dataset with the default model, cuts SHA-001 into 500 m
// blocks and keeps the other hazards whole, prioritises, and plans for a
// small team set from 1 July 2025.
func build(t testing.TB) *scenario {
	t.Helper()
	ctx := context.Background()
	p, err := dataset().UTM("")
	if err != nil {
		t.Fatal(err)
	}
	s, err := (&risk.Model{}).Score(ctx, p, &risk.ScoreOptions{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	whole, err := planning.UnitsFromSurface(s, nil)
	if err != nil {
		t.Fatal(err)
	}
	blocks, err := planning.UnitsFromSurface(s, &planning.UnitOptions{BlockM: 500})
	if err != nil {
		t.Fatal(err)
	}
	var units []planning.Unit
	for _, u := range blocks {
		if u.Hazards[0] == 0 {
			units = append(units, u)
		}
	}
	units = append(units, whole[1:]...)
	prios, err := planning.Prioritise(units, s, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	base := p.Projection.Forward(geo.LonLat{Lon: 46.934, Lat: 39.989}) // Aghdam town
	teams := []planning.Team{
		{Name: "NTS", Method: planning.MethodNTS, Base: &base},
		{Name: "TS", Method: planning.MethodTS, Base: &base},
		{Name: "manual", Method: planning.MethodManual, Count: 2, Deminers: 30, Base: &base},
		{Name: "dogs", Method: planning.MethodMDD, Base: &base},
		{Name: "flail", Method: planning.MethodMechanical, Base: &base},
	}
	plan, err := planning.Schedule(ctx, units, teams, &planning.Config{
		Calendar: planning.Calendar{Start: time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC),
			OffMonths: []time.Month{time.January}}})
	if err != nil {
		t.Fatal(err)
	}
	return &scenario{surface: s, units: units, prios: prios, plan: plan, fc: plan.Forecast(nil)}
}

func (sc *scenario) input() report.SummaryInput {
	return report.SummaryInput{
		Title:      "Papravənd test scenario",
		Surface:    sc.surface,
		Units:      sc.units,
		Priorities: sc.prios,
		Plan:       sc.plan,
		Forecast:   &sc.fc,
		Notes:      []string{"Settlements are real; hazards and incidents are invented for the test."},
	}
}
