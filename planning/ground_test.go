package planning

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/landrelease/clearance/geo"
)

// noSurvey is a policy without NTS and TS: every unit is one clearance
// step of its whole area.
var noSurvey = &Policy{Default: &Rates{}}

var monday = time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC) // a Monday

// sevenDays works every day of the week, so working days are calendar
// days.
var sevenDays = Calendar{Start: monday, Weekdays: []time.Weekday{0, 1, 2, 3, 4, 5, 6}}

// TestLandRuleForbids: a fast machine and a slow manual team; the steep
// unit must go to the manual team although the machine would finish it
// first, and the flat one to the machine.
func TestLandRuleForbids(t *testing.T) {
	units := []Unit{
		{ID: "steep", Kind: geo.CHA, AreaM2: 3000, Risk: 1, Land: Land{Slope: "Steep"}},
		{ID: "flat", Kind: geo.CHA, AreaM2: 3000, Risk: 1, Land: Land{Slope: "flat"}},
	}
	teams := []Team{{Name: "man", Method: MethodManual, M2PerDay: 300}, {Name: "mech", Method: MethodMechanical, M2PerDay: 3000}}
	p, err := Schedule(context.Background(), units, teams, &Config{Policy: noSurvey, Calendar: sevenDays})
	if err != nil {
		t.Fatal(err)
	}
	for _, j := range p.Jobs {
		want := map[string]string{"steep": "man", "flat": "mech"}[j.UnitID]
		if j.TeamName != want {
			t.Errorf("unit %s on %s, want %s", j.UnitID, j.TeamName, want)
		}
	}
	// Manual on a steep slope: 0.6 × 300 m²/day, 3000 m² in 16⅔ days.
	if got, want := p.Units[0].ReleaseDay, 3000/(300*0.6); math.Abs(got-want) > 1e-9 {
		t.Errorf("steep unit released on day %v, want %v (the manual team's factor)", got, want)
	}
	if p.Units[1].ReleaseDay != 1 {
		t.Errorf("flat unit released on day %v, want 1", p.Units[1].ReleaseDay)
	}
	if !relLE(p.Bound, p.Cost) {
		t.Errorf("bound %v above the cost %v", p.Bound, p.Cost)
	}
	// Without rules the machine takes both (one day each).
	p2, err := Schedule(context.Background(), units, teams, &Config{Policy: noSurvey, Calendar: sevenDays, LandRules: []LandRule{}})
	if err != nil {
		t.Fatal(err)
	}
	if p2.Cost != 3 {
		t.Errorf("without rules the cost is %v, want 1 + 2", p2.Cost)
	}
}

// TestLandRuleNoTeam: land that every clearance team is forbidden on is
// an error naming the unit and the land.
func TestLandRuleNoTeam(t *testing.T) {
	units := []Unit{{ID: "w", Kind: geo.CHA, AreaM2: 100, Risk: 1, Land: Land{Terrain: "wetland"}}}
	_, err := Schedule(context.Background(), units, []Team{{Method: MethodMDD}, {Method: MethodMechanical}}, &Config{Policy: noSurvey})
	var ue *UnitError
	if !errors.As(err, &ue) || !errors.Is(err, ErrNoTeam) || ue.ID != "w" || !strings.Contains(err.Error(), "terrain wetland") {
		t.Fatalf("got %v, want a UnitError for unit w wrapping ErrNoTeam naming its land", err)
	}
}

func TestLandRulesValidate(t *testing.T) {
	for _, r := range []LandRule{
		{Method: 9, Field: LandSlope, Values: []string{"x"}},
		{Method: MethodManual, Field: 9, Values: []string{"x"}},
		{Method: MethodManual, Field: LandSlope},
		{Method: MethodManual, Field: LandSlope, Values: []string{"x"}, Factor: -1},
		{Method: MethodManual, Field: LandSlope, Values: []string{"x"}, Factor: math.Inf(1)},
	} {
		if err := ValidateLandRules([]LandRule{r}); !errors.Is(err, ErrInvalid) {
			t.Errorf("%+v: got %v, want ErrInvalid", r, err)
		}
	}
	if err := ValidateLandRules(DefaultLandRules()); err != nil {
		t.Errorf("default rules: %v", err)
	}
}

func TestLandNamesRead(t *testing.T) {
	n := DefaultLandNames()
	l, err := n.Read(map[string]any{"Slope_Class": " steep ", "Land-Use": "farmland", "vegetation": nil, "terrain": 3.0})
	if err != nil {
		t.Fatal(err)
	}
	if want := (Land{Terrain: "3", Slope: "steep", Use: "farmland"}); l != want {
		t.Errorf("got %+v, want %+v", l, want)
	}
	_, err = n.Read(map[string]any{"access": []any{"road"}})
	if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), `"access"`) {
		t.Errorf("a list: got %v, want ErrInvalid naming the property", err)
	}
	if f := LandFactor(DefaultLandRules(), MethodManual, Land{Vegetation: "Dense_Scrub", Slope: "steep"}, 1e4); math.Abs(f-0.36) > 1e-12 {
		t.Errorf("manual on dense scrub and a steep slope: factor %v, want 0.6 × 0.6", f)
	}
}

// TestTiers: one team; the tier 1 unit has little risk but comes first,
// and local improvement does not undo it; within tier 2 the ratio rule
// orders.
func TestTiers(t *testing.T) {
	units := []Unit{
		{ID: "big", Kind: geo.CHA, AreaM2: 300, Risk: 100, Tier: 2},
		{ID: "small", Kind: geo.CHA, AreaM2: 300, Risk: 1, Tier: 1},
		{ID: "mid", Kind: geo.CHA, AreaM2: 300, Risk: 10, Tier: 2},
		{ID: "none", Kind: geo.CHA, AreaM2: 300, Risk: 1000},
	}
	for _, order := range [][]int{nil, {3, 0, 2, 1}} {
		p, err := Schedule(context.Background(), units, []Team{{Method: MethodManual, M2PerDay: 300}},
			&Config{Policy: noSurvey, Calendar: sevenDays, Order: order})
		if err != nil {
			t.Fatal(err)
		}
		want := []float64{2, 1, 3, 4} // tier 1, then big and mid (by ratio, or improved), then none
		for i, w := range want {
			if p.Units[i].ReleaseDay != w {
				t.Errorf("order %v: unit %s released on day %v, want %v", order, units[i].ID, p.Units[i].ReleaseDay, w)
			}
		}
	}
}

// TestDueDates: one team, two units of 10 days each, due on day 10 and
// day 15: the first is met (released the 10th day, 2027-03-10), the
// second missed by 5 days (released 2027-03-20, due 2027-03-15).
func TestDueDates(t *testing.T) {
	units := []Unit{
		{ID: "a", Kind: geo.CHA, AreaM2: 3000, Risk: 2, Due: time.Date(2027, 3, 10, 0, 0, 0, 0, time.UTC)},
		{ID: "b", Kind: geo.CHA, AreaM2: 3000, Risk: 1, Due: time.Date(2027, 3, 15, 0, 0, 0, 0, time.UTC)},
		{ID: "c", Kind: geo.CHA, AreaM2: 300, Risk: 0.001},
	}
	p, err := Schedule(context.Background(), units, []Team{{Method: MethodManual, M2PerDay: 300}},
		&Config{Policy: noSurvey, Calendar: sevenDays})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Due) != 2 {
		t.Fatalf("%d due results, want 2", len(p.Due))
	}
	a, b := p.Due[0], p.Due[1]
	if !a.Met || a.LateDays != 0 || a.EarlyDays != 0 || a.Released.Format(time.DateOnly) != "2027-03-10" {
		t.Errorf("a: %+v, want met on the day", a)
	}
	if b.Met || b.LateDays != 5 || b.Released.Format(time.DateOnly) != "2027-03-20" {
		t.Errorf("b: %+v, want missed by 5 days (released 2027-03-20)", b)
	}
	if m := p.Missed(); len(m) != 1 || m[0].ID != "b" {
		t.Errorf("missed %+v, want b only", m)
	}
}

// TestUnitClosure: a 10-day job on a unit closed 2027-03-04 to 03-08 (5
// days) pauses: it works 3 days, waits 5, works 7 more, ending the 15th
// day; a second unit, open, goes on the other team without a pause.
func TestUnitClosure(t *testing.T) {
	closed := Closure{From: time.Date(2027, 3, 4, 0, 0, 0, 0, time.UTC), To: time.Date(2027, 3, 8, 0, 0, 0, 0, time.UTC), Reason: "security"}
	units := []Unit{
		{ID: "closed", Kind: geo.CHA, AreaM2: 3000, Risk: 1, Closures: []Closure{closed}},
		{ID: "open", Kind: geo.CHA, AreaM2: 3000, Risk: 1},
	}
	teams := []Team{{Method: MethodManual, M2PerDay: 300, Count: 2}}
	p, err := Schedule(context.Background(), units, teams, &Config{Policy: noSurvey, Calendar: sevenDays})
	if err != nil {
		t.Fatal(err)
	}
	if p.Units[0].ReleaseDay != 15 || p.Units[1].ReleaseDay != 10 {
		t.Errorf("released on days %v and %v, want 15 and 10", p.Units[0].ReleaseDay, p.Units[1].ReleaseDay)
	}
	for _, j := range p.Jobs {
		wantPause := map[string]float64{"closed": 5, "open": 0}[j.UnitID]
		if j.PausedDays != wantPause {
			t.Errorf("unit %s paused %v days, want %v", j.UnitID, j.PausedDays, wantPause)
		}
	}
	if !relLE(p.Bound, p.Cost) {
		t.Errorf("bound %v above the cost %v", p.Bound, p.Cost)
	}
}

// TestSeasonAndTeamClosure: a yearly closure over the new year (15
// December to 15 January) on the unit, and the team on leave 2027-03-01
// to 03-02: a 300-day job from 2027-03-03 works until 14 December (287
// days), stops for 32 days, and ends 13 days after 15 January.
func TestSeasonAndTeamClosure(t *testing.T) {
	winter := Closure{From: time.Date(1, 12, 15, 0, 0, 0, 0, time.UTC), To: time.Date(1, 1, 15, 0, 0, 0, 0, time.UTC), Yearly: true, Reason: "winter"}
	leave := Closure{From: monday, To: monday.AddDate(0, 0, 1)}
	units := []Unit{{ID: "u", Kind: geo.CHA, AreaM2: 300 * 300, Risk: 1, Closures: []Closure{winter}}}
	p, err := Schedule(context.Background(), units, []Team{{Method: MethodManual, M2PerDay: 300, Closures: []Closure{leave}}},
		&Config{Policy: noSurvey, Calendar: sevenDays})
	if err != nil {
		t.Fatal(err)
	}
	j := p.Jobs[0]
	if j.Start.Format(time.DateOnly) != "2027-03-03" {
		t.Errorf("starts %s, want 2027-03-03 (after the team's leave)", j.Start.Format(time.DateOnly))
	}
	if got := LastWorkDayOf(p.Start, j.End).Format(time.DateOnly); got != "2028-01-28" {
		t.Errorf("last day %s, want 2028-01-28", got)
	}
	if j.PausedDays != 32 {
		t.Errorf("paused %v days, want 32", j.PausedDays)
	}
}

func TestClosureValidate(t *testing.T) {
	for _, c := range []Closure{
		{From: monday},
		{From: monday, To: monday.AddDate(0, 0, -1)},
		{From: time.Date(2028, 2, 29, 0, 0, 0, 0, time.UTC), To: monday, Yearly: true},
	} {
		_, err := Schedule(context.Background(), []Unit{{ID: "u", Kind: geo.CHA, AreaM2: 1, Risk: 1, Closures: []Closure{c}}},
			[]Team{{Method: MethodManual}, {Method: MethodTS}}, nil)
		var ue *UnitError
		if !errors.As(err, &ue) || ue.Field != "Closures[0]" {
			t.Errorf("%v: got %v, want a UnitError on Closures[0]", c, err)
		}
	}
}

// TestBoundBelowExactWithLand: on at least 200 small random instances
// with land (random classes, rules that forbid and slow), the bound is at
// most the exact optimum, the plan at least it, and no job is on a team
// its land forbids.
func TestBoundBelowExactWithLand(t *testing.T) {
	r := rand.New(rand.NewPCG(15, 1))
	want := 200
	if testing.Short() {
		want = 50
	}
	solved, skipped := 0, 0
	slopes := []string{"", "flat", "steep"}
	vegs := []string{"", "grass", "forest"}
	for solved < want {
		units, teams, pol := randSmall(r)
		for i := range units {
			units[i].Land = Land{Slope: slopes[r.IntN(3)], Vegetation: vegs[r.IntN(3)]}
		}
		rules := []LandRule{
			{Method: MethodMechanical, Field: LandSlope, Values: []string{"steep"}, Forbid: true},
			{Method: MethodMDD, Field: LandVegetation, Values: []string{"forest"}, Forbid: true},
			{Method: MethodManual, Field: LandVegetation, Values: []string{"forest"}, Factor: 0.5},
			{Method: MethodTS, Field: LandSlope, Values: []string{"steep"}, Factor: 0.7},
			{Method: MethodMDD, MinAreaM2: 8000, Forbid: true},
			{Method: MethodMechanical, Field: LandVegetation, Values: []string{"grass"}, MinAreaM2: 5000, Factor: 0.8},
		}
		// Keep a manual team so every land has a clearance team.
		teams = append(teams, Team{Method: MethodManual, M2PerDay: 300 + math.Round(r.Float64()*2000)})
		cfg := &Config{Policy: pol, LandRules: rules}
		p, err := Schedule(context.Background(), units, teams, cfg)
		if err != nil {
			t.Fatal(err)
		}
		for _, j := range p.Jobs {
			if LandFactor(rules, p.Teams[j.Team].Method, units[j.Unit].Land, units[j.Unit].AreaM2) == 0 {
				t.Fatalf("unit %s (%s) on %s, a forbidden method", j.UnitID, units[j.Unit].Land, p.Teams[j.Team].Method)
			}
		}
		all := expandTeams(teams)
		m, err := newGroundModel(units, all, pol, DefaultTravelKmPerDay, true, ground{rules: newLandRules(rules)})
		if err != nil {
			t.Fatal(err)
		}
		opt, ok := solveOrSkip(t, m, all, &skipped, want/2)
		if !ok {
			continue
		}
		solved++
		checkBracket(t, solved, p, opt, func() string { return fmt.Sprintf("units %+v\nteams %+v", units, teams) })
		if lb, err := LowerBound(units, teams, cfg); err != nil || lb != p.Bound && !(p.Bound == p.Cost && lb <= p.Cost*(1+1e-12)) {
			t.Fatalf("instance %d: LowerBound %v (%v), plan's bound %v", solved, lb, err, p.Bound)
		}
	}
}

// TestLandRuleMinArea: dogs are kept off units under a hectare, and a
// machine is slowed on small grass units only; the right answers are
// worked out by hand.
func TestLandRuleMinArea(t *testing.T) {
	units := []Unit{
		{ID: "small", Kind: geo.CHA, AreaM2: 5000, Risk: 1},
		{ID: "large", Kind: geo.CHA, AreaM2: 20000, Risk: 1},
		{ID: "edge", Kind: geo.CHA, AreaM2: 10000, Risk: 1}, // not under the minimum
	}
	teams := []Team{{Name: "man", Method: MethodManual, M2PerDay: 100}, {Name: "dog", Method: MethodMDD, M2PerDay: 10000}}
	rules := []LandRule{{Method: MethodMDD, MinAreaM2: 10000, Forbid: true}}
	p, err := Schedule(context.Background(), units, teams, &Config{Policy: noSurvey, Calendar: sevenDays, LandRules: rules})
	if err != nil {
		t.Fatal(err)
	}
	for _, j := range p.Jobs {
		want := "dog"
		if j.UnitID == "small" {
			want = "man"
		}
		if j.TeamName != want {
			t.Errorf("unit %s on %s, want %s", j.UnitID, j.TeamName, want)
		}
	}
	if f := LandFactor(rules, MethodMDD, Land{}, 9999); f != 0 {
		t.Errorf("dogs on 9,999 m²: factor %v, want 0", f)
	}
	if f := LandFactor(rules, MethodMDD, Land{}, 10000); f != 1 {
		t.Errorf("dogs on 10,000 m²: factor %v, want 1", f)
	}
	slow := []LandRule{{Method: MethodMechanical, Field: LandVegetation, Values: []string{"grass"}, MinAreaM2: 5000, Factor: 0.5}}
	for _, c := range []struct {
		land Land
		area float64
		want float64
	}{{Land{Vegetation: "grass"}, 4000, 0.5}, {Land{Vegetation: "grass"}, 6000, 1}, {Land{Vegetation: "scrub"}, 4000, 1}, {Land{}, 4000, 1}} {
		if f := LandFactor(slow, MethodMechanical, c.land, c.area); f != c.want {
			t.Errorf("machine on %s, %v m²: factor %v, want %v", c.land, c.area, f, c.want)
		}
	}
	if s := rules[0].String(); s != "MDD: not on units under 1 ha" {
		t.Errorf("rule reads %q", s)
	}
	for _, bad := range []LandRule{
		{Method: MethodMDD, MinAreaM2: -1, Forbid: true},
		{Method: MethodMDD, MinAreaM2: math.NaN(), Forbid: true},
		{Method: MethodMDD, MinAreaM2: math.Inf(1), Forbid: true},
		{Method: MethodMDD, Forbid: true},                                   // neither land nor area
		{Method: MethodMDD, Field: LandSlope, MinAreaM2: 100, Forbid: true}, // a field without values
	} {
		if err := ValidateLandRules([]LandRule{bad}); !errors.Is(err, ErrInvalid) {
			t.Errorf("%+v: %v, want ErrInvalid", bad, err)
		}
	}
}

func TestApplyAreaRules(t *testing.T) {
	units := []Unit{
		{ID: "H1/0,0", HazardIDs: []string{"H1"}, District: "A"},
		{ID: "H1/0,1", HazardIDs: []string{"H1"}, District: "A", Tier: 3},
		{ID: "H2", HazardIDs: []string{"H2"}, District: "B"},
	}
	d1 := time.Date(2028, 6, 30, 0, 0, 0, 0, time.UTC)
	d2 := time.Date(2028, 1, 31, 0, 0, 0, 0, time.UTC)
	winter := Closure{From: time.Date(1, 12, 15, 0, 0, 0, 0, time.UTC), To: time.Date(1, 2, 15, 0, 0, 0, 0, time.UTC), Yearly: true}
	rules := []AreaRule{
		{Name: "road", Hazards: []string{"H1"}, Tier: 2, Due: d1},
		{Name: "one block", Units: []string{"H1/0,1"}, Due: d2},
		{Name: "north", District: "A", Closures: []Closure{winter}, Land: Land{Slope: "steep"}},
		{Name: "typo", Units: []string{"H9"}, Tier: 1},
	}
	n, err := ApplyAreaRules(units, rules)
	if err != nil {
		t.Fatal(err)
	}
	if want := []int{2, 1, 2, 0}; !slices.Equal(n, want) {
		t.Errorf("matched %v, want %v", n, want)
	}
	if units[0].Tier != 2 || units[1].Tier != 2 || units[2].Tier != 0 {
		t.Errorf("tiers %d %d %d, want 2 2 0 (the most urgent kept)", units[0].Tier, units[1].Tier, units[2].Tier)
	}
	if !units[0].Due.Equal(d1) || !units[1].Due.Equal(d2) || !units[2].Due.IsZero() {
		t.Errorf("due dates %v %v %v, want the earliest", units[0].Due, units[1].Due, units[2].Due)
	}
	if units[0].Land.Slope != "steep" || units[2].Land != (Land{}) {
		t.Errorf("land %v %v", units[0].Land, units[2].Land)
	}
	if len(units[0].Closures) != 1 || len(units[2].Closures) != 0 {
		t.Errorf("closures %v %v", units[0].Closures, units[2].Closures)
	}
	if _, err := ApplyAreaRules(units, []AreaRule{{Name: "all", Tier: 1}}); !errors.Is(err, ErrMissing) || !strings.Contains(err.Error(), `"all"`) {
		t.Errorf("a rule without selector: %v", err)
	}
}

// TestUnitsLand: units take their hazard's land from its properties, and
// a land property that is not a class name is an error naming the hazard.
func TestUnitsLand(t *testing.T) {
	d := papravend()
	d.Hazards[0].Properties["slope"] = "steep"
	s := scoreSurface(t, d, nil)
	units, err := UnitsFromSurface(s, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range units {
		want := Land{}
		if u.HazardIDs[0] == "SHA-014" {
			want = Land{Slope: "steep", Use: "pasture"}
		}
		if u.Land != want {
			t.Errorf("unit %s: land %+v, want %+v", u.ID, u.Land, want)
		}
	}
	d = papravend()
	d.Hazards[2].Properties["vegetation"] = map[string]any{"kind": "forest"}
	_, err = UnitsFromSurface(scoreSurface(t, d, nil), nil)
	var fe *geo.FeatureError
	if !errors.As(err, &fe) || fe.Index != 2 || fe.ID != "SHA-020" || !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), `"vegetation"`) {
		t.Errorf("got %v, want a FeatureError for hazard 2 (SHA-020) naming vegetation", err)
	}
}

// TestSurveyLead: one fast TS team (a day a unit) and one manual team (10
// days a unit) on three CHAs. Unpaced, TS surveys all three at once and
// the third waits 18 days for clearance; with a lead of 2 days, survey
// starts 2 days before the manual team is free, every wait is at most 1
// day, and no release moves.
func TestSurveyLead(t *testing.T) {
	units := []Unit{
		{ID: "a", Kind: geo.CHA, AreaM2: 6000, Risk: 3},
		{ID: "b", Kind: geo.CHA, AreaM2: 6000, Risk: 2},
		{ID: "c", Kind: geo.CHA, AreaM2: 6000, Risk: 1},
	}
	teams := []Team{{Method: MethodTS, M2PerDay: 6000}, {Method: MethodManual, M2PerDay: 300}}
	pol := &Policy{Default: &Rates{TSReduceCHA: 0.5}}
	for _, tc := range []struct {
		lead, mean, max float64
		tsStarts        []float64
	}{
		{0, 9, 18, []float64{0, 1, 2}},
		{2, 2.0 / 3, 1, []float64{0, 9, 19}},
	} {
		p, err := Schedule(context.Background(), units, teams, &Config{Policy: pol, Calendar: sevenDays, SurveyLeadDays: tc.lead, Budget: -1})
		if err != nil {
			t.Fatal(err)
		}
		for i, want := range []float64{11, 21, 31} {
			if p.Units[i].ReleaseDay != want {
				t.Errorf("lead %v: unit %d released on day %v, want %v", tc.lead, i, p.Units[i].ReleaseDay, want)
			}
		}
		var starts []float64
		for _, j := range p.TeamJobs(0) {
			starts = append(starts, j.StartDay)
		}
		if !slices.Equal(starts, tc.tsStarts) || math.Abs(p.SurveyWaitMean-tc.mean) > 1e-12 || p.SurveyWaitMax != tc.max {
			t.Errorf("lead %v: TS starts %v, waits mean %v max %v; want %v, %v, %v", tc.lead, starts,
				p.SurveyWaitMean, p.SurveyWaitMax, tc.tsStarts, tc.mean, tc.max)
		}
	}
	if _, err := Schedule(context.Background(), units, teams, &Config{SurveyLeadDays: -1}); !errors.Is(err, ErrInvalid) {
		t.Errorf("a negative lead: %v", err)
	}
}

// TestUnitsSlivers: blocks under SliverM2 join the largest neighbouring
// block of their hazard; the hazard's cells, area and risk are kept, no
// unit but a lone one is a sliver, and a merged unit is its block and
// its slivers.
func TestUnitsSlivers(t *testing.T) {
	s := scoreSurface(t, papravend(), nil)
	raw, err := UnitsFromSurface(s, &UnitOptions{BlockM: 200, SliverM2: -1, IncludeClosed: true})
	if err != nil {
		t.Fatal(err)
	}
	const sliver = 20000 // 2 ha: several of the 4 ha blocks' edges are below
	merged, err := UnitsFromSurface(s, &UnitOptions{BlockM: 200, SliverM2: sliver, IncludeClosed: true})
	if err != nil {
		t.Fatal(err)
	}
	slivers := 0
	for _, u := range raw {
		if u.AreaM2 < sliver {
			slivers++
		}
	}
	if slivers == 0 || len(merged) >= len(raw) {
		t.Fatalf("%d units, %d slivers, %d merged: the case does not test merging", len(raw), slivers, len(merged))
	}
	checkSums(t, s, merged)
	byID := map[string]Unit{}
	for _, u := range raw {
		byID[u.ID] = u
	}
	perHazard := map[int][]int{}
	for _, u := range merged {
		own, ok := byID[u.ID]
		if !ok {
			t.Fatalf("merged unit %s is no block", u.ID)
		}
		if u.AreaM2 < own.AreaM2 || !slices.IsSorted(u.Cells) {
			t.Errorf("unit %s: area %v below its block's %v, or cells unsorted", u.ID, u.AreaM2, own.AreaM2)
		}
		if u.AreaM2 < sliver && u.AreaM2 != own.AreaM2 {
			t.Errorf("unit %s: a sliver that took in others", u.ID)
		}
		perHazard[u.Hazards[0]] = append(perHazard[u.Hazards[0]], u.Cells...)
	}
	for _, u := range raw {
		if u.AreaM2 >= sliver {
			if _, ok := findUnit(merged, u.ID); !ok {
				t.Errorf("block %s (%v m²) is no longer a unit", u.ID, u.AreaM2)
			}
		}
	}
	for h, cells := range perHazard {
		var want []int
		for _, u := range raw {
			if u.Hazards[0] == h {
				want = append(want, u.Cells...)
			}
		}
		slices.Sort(cells)
		slices.Sort(want)
		if !slices.Equal(cells, want) {
			t.Errorf("hazard %d: cells changed by merging", h)
		}
	}
}

func findUnit(units []Unit, id string) (Unit, bool) {
	for _, u := range units {
		if u.ID == id {
			return u, true
		}
	}
	return Unit{}, false
}

// TestApplyProgress: a cleared unit and a cancelled one are released; an
// SHA whose NTS reduced keeps 68% of its area and goes on to TS; a CHA
// whose TS confirmed keeps its whole area for clearance only; the re-plan
// has only the steps left.
func TestApplyProgress(t *testing.T) {
	units := []Unit{
		{ID: "cleared", Kind: geo.CHA, AreaM2: 1000, Risk: 1},
		{ID: "cancelled", Kind: geo.SHA, AreaM2: 1000, Risk: 1},
		{ID: "reduced", Kind: geo.SHA, AreaM2: 1000, Risk: 1},
		{ID: "confirmed", Kind: geo.CHA, AreaM2: 1000, Risk: 1},
		{ID: "untouched", Kind: geo.SHA, AreaM2: 1000, Risk: 1},
	}
	day := func(d int) time.Time { return time.Date(2027, 5, d, 0, 0, 0, 0, time.UTC) }
	done := []Done{
		{UnitID: "confirmed", Step: TS, Date: day(3), Result: Confirmed},
		{UnitID: "cleared", Step: Clearance, Date: day(9)},
		{UnitID: "cancelled", Step: NTS, Date: day(2), Result: Cancelled},
		{UnitID: "reduced", Step: NTS, Date: day(4), Result: Reduced},
	}
	pr, err := ApplyProgress(units, nil, done)
	if err != nil {
		t.Fatal(err)
	}
	if len(pr.Released) != 2 || pr.Released[0].ID != "cleared" || pr.Released[1].ID != "cancelled" || pr.Surveyed != 2 || !pr.Last.Equal(day(9)) {
		t.Fatalf("released %+v, surveyed %d, last %v", pr.Released, pr.Surveyed, pr.Last)
	}
	if !slices.Equal(pr.Index, []int{2, 3, 4}) {
		t.Fatalf("index %v", pr.Index)
	}
	red, conf := pr.Units[0], pr.Units[1]
	if math.Abs(red.AreaM2-680) > 1e-9 || red.Done != NTS || conf.AreaM2 != 1000 || conf.Done != TS {
		t.Errorf("reduced %+v, confirmed %+v", red, conf)
	}
	var pol *Policy
	kinds := func(u Unit) (k []StepKind) {
		for _, s := range pol.Steps(u) {
			k = append(k, s.Kind)
		}
		return k
	}
	if !slices.Equal(kinds(red), []StepKind{TS, Clearance}) || !slices.Equal(kinds(conf), []StepKind{Clearance}) ||
		!slices.Equal(kinds(pr.Units[2]), []StepKind{NTS, TS, Clearance}) {
		t.Errorf("steps left: %v, %v, %v", kinds(red), kinds(conf), kinds(pr.Units[2]))
	}
	if pol.Steps(conf)[0].AreaM2 != 1000 {
		t.Errorf("confirmed: clearance of %v m², want 1000", pol.Steps(conf)[0].AreaM2)
	}
	for _, tc := range []struct {
		d     Done
		field string
	}{
		{Done{UnitID: "nope", Step: Clearance, Date: day(1)}, "unit"},
		{Done{UnitID: "cleared", Step: TS, Date: day(1)}, "outcome"},
		{Done{UnitID: "cleared", Step: Clearance, Date: day(1), Result: Reduced}, "outcome"},
		{Done{UnitID: "cleared", Step: NTS, Date: day(1), Result: Reduced}, "step"},
		{Done{UnitID: "cleared", Step: Clearance}, "date"},
	} {
		_, err := ApplyProgress(units, nil, []Done{tc.d})
		var pe *ProgressError
		if !errors.As(err, &pe) || pe.Field != tc.field {
			t.Errorf("%+v: got %v, want a ProgressError on %s", tc.d, err, tc.field)
		}
	}
	_, err = ApplyProgress(units, nil, []Done{{UnitID: "cleared", Step: Clearance, Date: day(1)}, {UnitID: "cleared", Step: Clearance, Date: day(2)}})
	if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "twice") {
		t.Errorf("twice: %v", err)
	}
	_, err = ApplyProgress(units, nil, []Done{{UnitID: "cancelled", Step: TS, Date: day(5), Result: Reduced}, {UnitID: "cancelled", Step: NTS, Date: day(1), Result: Cancelled}})
	if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "released by an earlier step") {
		t.Errorf("after release: %v", err)
	}
	// Planned against actual: one manual team, the CHA cleared in 10 days
	// (2027-03-01 to 03-10) was reported cleared on 2027-05-09: 60 days late.
	p, err := Schedule(context.Background(), units[:1], []Team{{Method: MethodManual, M2PerDay: 100}, {Method: MethodTS}},
		&Config{Policy: noSurvey, Calendar: sevenDays})
	if err != nil {
		t.Fatal(err)
	}
	cmp := p.Compare(done)
	if c := cmp[1]; c.Planned.Format(time.DateOnly) != "2027-03-10" || c.LateDays != 60 {
		t.Errorf("planned %s, late %d; want 2027-03-10, 60", c.Planned.Format(time.DateOnly), c.LateDays)
	}
	if !cmp[0].Planned.IsZero() {
		t.Errorf("a unit the plan does not have: planned %v", cmp[0].Planned)
	}
}

// TestBudget: one manual team, three 10-day jobs of 1,000 each (100 a
// team-day), 2,000 a year: two jobs in 2027, the third waits for 1
// January 2028 (working day 306 of a seven-day week from 1 March 2027).
func TestBudget(t *testing.T) {
	units := []Unit{
		{ID: "a", Kind: geo.CHA, AreaM2: 3000, Risk: 3},
		{ID: "b", Kind: geo.CHA, AreaM2: 3000, Risk: 2},
		{ID: "c", Kind: geo.CHA, AreaM2: 3000, Risk: 1},
	}
	teams := []Team{{Method: MethodManual, M2PerDay: 300}}
	costs := &Costs{PerTeamDay: map[Method]float64{MethodManual: 100}, Yearly: 2000}
	p, err := Schedule(context.Background(), units, teams, &Config{Policy: noSurvey, Calendar: sevenDays, Costs: costs})
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []float64{10, 20, 316} {
		if p.Units[i].ReleaseDay != want {
			t.Errorf("unit %s released on day %v, want %v", units[i].ID, p.Units[i].ReleaseDay, want)
		}
	}
	want := []YearSpend{{2027, 2000, 2000}, {2028, 1000, 2000}}
	if !slices.Equal(p.Spend, want) {
		t.Errorf("spend %+v, want %+v", p.Spend, want)
	}
	for _, y := range p.Spend {
		if y.Spent > y.Budget {
			t.Errorf("%d: spent %v over %v", y.Year, y.Spent, y.Budget)
		}
	}
	if !relLE(p.Bound, p.Cost) {
		t.Errorf("bound %v above cost %v", p.Bound, p.Cost)
	}
	// A year can be given its own budget: 3,000 in 2027 pays for all.
	costs.Years = map[int]float64{2027: 3000}
	p, err = Schedule(context.Background(), units, teams, &Config{Policy: noSurvey, Calendar: sevenDays, Costs: costs})
	if err != nil || p.LastReleaseDay != 30 {
		t.Errorf("with 3,000 in 2027: last day %v, %v; want 30", p.LastReleaseDay, err)
	}
	// A job dearer than any year's budget cannot be paid.
	_, err = Schedule(context.Background(), units, teams, &Config{Policy: noSurvey, Calendar: sevenDays,
		Costs: &Costs{PerM2: map[Method]float64{MethodManual: 1}, Yearly: 2000}})
	var ue *UnitError
	if !errors.As(err, &ue) || !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "budget") {
		t.Errorf("a job over budget: %v", err)
	}
	if _, err := Schedule(context.Background(), units, teams, &Config{Costs: &Costs{Yearly: -1}}); !errors.Is(err, ErrInvalid) {
		t.Errorf("a negative budget: %v", err)
	}
}

// TestBoundBelowExactWithClosures: on 200 small random instances whose
// units have random closures (dated and yearly), the bound (with its
// closure-aware heads and chains) is at most the exact optimum, and the
// plan at least it.
func TestBoundBelowExactWithClosures(t *testing.T) {
	r := rand.New(rand.NewPCG(15, 2))
	want := 200
	if testing.Short() {
		want = 50
	}
	solved, skipped := 0, 0
	for solved < want {
		units, teams, pol := randSmall(r)
		for i := range units {
			if r.IntN(2) == 0 {
				from := monday.AddDate(0, 0, r.IntN(20))
				units[i].Closures = []Closure{{From: from, To: from.AddDate(0, 0, r.IntN(15))}}
			}
			if r.IntN(4) == 0 {
				units[i].Closures = append(units[i].Closures, Closure{From: time.Date(1, 4, 1, 0, 0, 0, 0, time.UTC),
					To: time.Date(1, 4, 10+r.IntN(10), 0, 0, 0, 0, time.UTC), Yearly: true})
			}
		}
		cfg := &Config{Policy: pol, Calendar: sevenDays}
		p, err := Schedule(context.Background(), units, teams, cfg)
		if err != nil {
			t.Fatal(err)
		}
		all := expandTeams(teams)
		m, err := newGroundModel(units, all, pol, DefaultTravelKmPerDay, true,
			ground{rules: newLandRules(DefaultLandRules()), table: newWorkTable(&cfg.Calendar)})
		if err != nil {
			t.Fatal(err)
		}
		opt, ok := solveOrSkip(t, m, all, &skipped, want/2)
		if !ok {
			continue
		}
		solved++
		checkBracket(t, solved, p, opt, func() string { return fmt.Sprintf("units %+v", units) })
		if lb, err := LowerBound(units, teams, cfg); err != nil || !relLE(lb, opt) {
			t.Fatalf("instance %d: LowerBound %v (%v) above the optimum %v", solved, lb, err, opt)
		}
	}
}
