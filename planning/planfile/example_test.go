package planfile_test

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/planning"
	"github.com/landrelease/clearance/planning/planfile"
)

// Read a plan file of teams and their calendar, project the bases and
// schedule two hazards near Papravənd, in the Gülyataq valley.
func ExampleRead() {
	const file = `{
  "teams": [
    {"name": "Manual", "method": "manual", "count": 2, "deminers": 12,
     "base": {"lat": 39.988889, "lon": 46.933611}},
    {"name": "NTS", "method": "nts", "base": {"lat": 39.988889, "lon": 46.933611}},
    {"name": "TS", "method": "ts", "base": {"lat": 39.988889, "lon": 46.933611}}
  ],
  "calendar": {"start": "2027-03-01", "utc_offset": "+04:00",
    "weekdays": ["mon", "tue", "wed", "thu", "fri", "sat"],
    "off_months": ["jan", "feb"], "holidays": ["2027-03-20", "2027-03-21"]}
}`
	f, err := planfile.Read(strings.NewReader(file), "teams.json")
	if err != nil {
		fmt.Println(err)
		return
	}
	utm := geo.NewUTM(geo.Zone{Number: 38})
	teams := planning.ProjectBases(f.Teams, utm)
	for _, t := range teams {
		fmt.Printf("%s: %d × %s, %.0f m²/day\n", t.Name, t.Count, t.Method, t.Rate())
	}
	units := []planning.Unit{
		{ID: "SHA-014", Kind: geo.SHA, AreaM2: 120000, Risk: 3, Centre: utm.Forward(geo.LonLat{Lon: 46.842, Lat: 40.1635})},
		{ID: "CHA-031", Kind: geo.CHA, AreaM2: 110000, Risk: 2, Centre: utm.Forward(geo.LonLat{Lon: 46.860, Lat: 40.1295})},
	}
	plan, err := planning.Schedule(context.Background(), units, teams, f.Config())
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, u := range plan.Units {
		fmt.Printf("%s released %s\n", u.ID, u.Release.Format("2006-01-02 15:04 -07:00"))
	}
	// Output:
	// Manual: 2 × manual, 360 m²/day
	// NTS: 1 × NTS, 50000 m²/day
	// TS: 1 × TS, 8000 m²/day
	// SHA-014 released 2027-09-03 16:25 +04:00
	// CHA-031 released 2027-11-18 13:34 +04:00
}

// Every problem of a plan file at once, each naming the file, the team and
// the field, as the geo readers name a feature; errors.Is finds the
// sentinel.
func ExampleRead_errors() {
	const file = `{
  "teams": [
    {"name": "X", "method": "tank", "count": 0},
    {"method": "ts", "colour": "red"}
  ],
  "calendar": {"start": "2027-03-01", "weekdays": ["mon", "funday"]}
}`
	_, err := planfile.Read(strings.NewReader(file), "bad.json")
	var fe *geo.FileError
	if errors.As(err, &fe) {
		for _, e := range fe.Errs {
			fmt.Println(e)
		}
	}
	fmt.Println(errors.Is(err, planfile.ErrUnknownField), errors.Is(err, planning.ErrInvalid))

	_, err = planfile.Read(strings.NewReader("{\n  \"teams\": [\n    {\"method\": \"ts\",}\n  ]\n}"), "syntax.json")
	fmt.Println(err)
	// Output:
	// bad.json: team 0 ("X"): teams[0].method: planning: invalid value: "tank": want manual, mdd, mechanical, nts or ts
	// bad.json: team 0 ("X"): teams[0].count: planning: invalid value: 0: want a whole number ≥ 1
	// bad.json: team 1: teams[1].colour: planfile: unknown field (known: name, method, count, deminers, m2_per_day, base, commute_limit_km, closures, comment)
	// bad.json: calendar.weekdays[1]: planning: invalid value: "funday": want a weekday, like mon
	// true true
	// syntax.json: 1 problem
	// 	syntax.json: line 3: planning: invalid value: invalid character '}' looking for beginning of object key string
}
