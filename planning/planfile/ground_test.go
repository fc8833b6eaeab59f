package planfile

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/landrelease/clearance/planning"
)

func TestReadGround(t *testing.T) {
	const src = `{
  "teams": [{"method": "manual", "name": "M", "closures": [{"from": "2027-08-01", "to": "2027-08-14", "reason": "leave"}]}],
  "calendar": {"start": "2027-03-01", "utc_offset": "+04:00"},
  "survey_lead_days": 45,
  "land_rules": [
    {"method": "mechanical", "field": "slope", "values": ["steep"], "forbid": true, "source": "operator SOP"},
    {"method": "manual", "field": "Land_Use", "values": ["built-up"], "factor": 0.5},
    {"method": "mdd", "min_area_ha": 1.5, "forbid": true},
    {"method": "mechanical", "field": "vegetation", "values": ["grass"], "min_area_ha": 0.5, "factor": 0.8}
  ],
  "areas": [
    {"name": "road", "hazards": ["CHA-003"], "tier": 1, "due": "2028-06-30"},
    {"name": "north", "district": "Aghdam", "closures": [{"from": "12-15", "to": "02-15", "reason": "winter"}], "land": {"slope": "steep", "land_use": "pasture"}}
  ]
}`
	f, err := Read(strings.NewReader(src), "t.json")
	if err != nil {
		t.Fatal(err)
	}
	if len(f.LandRules) != 4 || !f.LandRules[0].Forbid || f.LandRules[0].Source != "operator SOP" ||
		f.LandRules[1].Field != planning.LandUse || f.LandRules[1].Factor != 0.5 {
		t.Errorf("land rules %+v", f.LandRules)
	}
	if r := f.LandRules[2]; r.Method != planning.MethodMDD || r.MinAreaM2 != 15000 || r.Field != 0 || r.Values != nil || !r.Forbid {
		t.Errorf("area rule %+v", r)
	}
	if r := f.LandRules[3]; r.MinAreaM2 != 5000 || r.Field != planning.LandVegetation || r.Factor != 0.8 {
		t.Errorf("land and area rule %+v", r)
	}
	if err := planning.ValidateLandRules(f.LandRules); err != nil {
		t.Error(err)
	}
	if c := f.Config(); len(c.LandRules) != 4 || c.SurveyLeadDays != 45 {
		t.Errorf("Config has %d land rules", len(c.LandRules))
	}
	cl := f.Teams[0].Closures
	if len(cl) != 1 || cl[0].Yearly || cl[0].From.Format(time.DateOnly) != "2027-08-01" || cl[0].Reason != "leave" {
		t.Errorf("team closures %+v", cl)
	}
	if len(f.Areas) != 2 {
		t.Fatalf("areas %+v", f.Areas)
	}
	a, b := f.Areas[0], f.Areas[1]
	if a.Tier != 1 || a.Due.Format(time.DateOnly) != "2028-06-30" || a.Hazards[0] != "CHA-003" {
		t.Errorf("area 0 %+v", a)
	}
	if b.District != "Aghdam" || b.Land != (planning.Land{Slope: "steep", Use: "pasture"}) || len(b.Closures) != 1 || !b.Closures[0].Yearly || b.Closures[0].From.Month() != time.December {
		t.Errorf("area 1 %+v", b)
	}
	// No "land_rules": nil (the defaults); an empty list: none.
	f, err = Read(strings.NewReader(`{"teams": [{"method": "ts"}], "calendar": {"start": "2027-03-01"}}`), "t.json")
	if err != nil || f.LandRules != nil {
		t.Errorf("no land_rules: %v, %v", f.LandRules, err)
	}
	f, err = Read(strings.NewReader(`{"teams": [{"method": "ts"}], "calendar": {"start": "2027-03-01"}, "land_rules": []}`), "t.json")
	if err != nil || f.LandRules == nil || len(f.LandRules) != 0 {
		t.Errorf("empty land_rules: %v, %v", f.LandRules, err)
	}
}

func TestReadGroundErrors(t *testing.T) {
	for _, tc := range []struct{ body, want string }{
		{`"land_rules": [{"method": "tank", "field": "slope", "values": ["x"], "forbid": true}]`, `land_rules[0].method: planning: invalid value: "tank"`},
		{`"land_rules": [{"method": "mdd", "field": "soil", "values": ["x"], "forbid": true}]`, `land_rules[0].field: planning: invalid value: "soil"`},
		{`"land_rules": [{"method": "mdd", "field": "slope", "values": [], "forbid": true}]`, `land_rules[0].values: planning: required value missing`},
		{`"land_rules": [{"method": "mdd", "field": "slope", "values": ["x"]}]`, `land_rules[0]: planning: required value missing: a rule forbids`},
		{`"land_rules": [{"method": "mdd", "field": "slope", "values": ["x"], "factor": -1}]`, `land_rules[0].factor: planning: invalid value: -1`},
		{`"land_rules": [{"method": "mdd", "min_area_ha": 0, "forbid": true}]`, `land_rules[0].min_area_ha: planning: invalid value: 0`},
		{`"land_rules": [{"method": "mdd", "min_area_ha": -2, "forbid": true}]`, `land_rules[0].min_area_ha: planning: invalid value: -2`},
		{`"land_rules": [{"method": "mdd", "forbid": true}]`, `land_rules[0].field: planning: required value missing`},
		{`"land_rules": [{"method": "mdd", "field": "slope", "min_area_ha": 1, "forbid": true}]`, `land_rules[0].values: planning: required value missing`},
		{`"areas": [{"tier": 1}]`, `areas[0]: planning: required value missing: an area names`},
		{`"areas": [{"units": ["a"], "due": "30/06/2028"}]`, `areas[0].due: planning: invalid value`},
		{`"areas": [{"units": ["a"], "closures": [{"from": "12-15", "to": "2028-01-01"}]}]`, `areas[0].closures[0]: planning: invalid value: from and to must both`},
		{`"areas": [{"units": ["a"], "closures": [{"from": "2028-01-02", "to": "2028-01-01"}]}]`, `areas[0].closures[0].to: planning: invalid value: 2028-01-01 is before from`},
		{`"areas": [{"units": ["a"], "closures": [{"from": "02-29", "to": "03-01"}]}]`, `areas[0].closures[0].from: planning: invalid value: "02-29"`},
	} {
		_, err := Read(strings.NewReader(`{"teams": [{"method": "ts"}], "calendar": {"start": "2027-03-01"}, `+tc.body+`}`), "t.json")
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s:\n got %v\nwant %s", tc.body, err, tc.want)
		}
		if err != nil && !errors.Is(err, planning.ErrInvalid) && !errors.Is(err, planning.ErrMissing) {
			t.Errorf("%s: %v wraps no sentinel", tc.body, err)
		}
	}
}

func TestReadCosts(t *testing.T) {
	f, err := Read(strings.NewReader(`{"teams": [{"method": "ts"}], "calendar": {"start": "2027-03-01"},
  "costs": {"currency": "USD", "per_m2": {"manual": 1.2, "Mechanical": 0.4}, "per_team_day": {"mdd": 400},
    "yearly_budget": 2000000, "budgets": {"2028": 1500000}}}`), "t.json")
	if err != nil {
		t.Fatal(err)
	}
	c := f.Costs
	if c == nil || c.Currency != "USD" || c.PerM2[planning.MethodManual] != 1.2 || c.PerM2[planning.MethodMechanical] != 0.4 ||
		c.PerTeamDay[planning.MethodMDD] != 400 || c.Yearly != 2e6 || c.Years[2028] != 1.5e6 || f.Config().Costs != c {
		t.Errorf("costs %+v", c)
	}
	_, err = Read(strings.NewReader(`{"teams": [{"method": "ts"}], "calendar": {"start": "2027-03-01"},
  "costs": {"per_m2": {"tank": 1}, "yearly_budget": -5, "budgets": {"next": 1}}}`), "t.json")
	for _, s := range []string{`costs.per_m2.tank: planning: invalid value`, `costs.yearly_budget: planning: invalid value: -5`, `costs.budgets.next: planning: invalid value`} {
		if err == nil || !strings.Contains(err.Error(), s) {
			t.Errorf("got %v, want %s", err, s)
		}
	}
}
