package planning

import (
	"math"
	"testing"

	"github.com/landrelease/clearance/geo"
)

func TestPolicySteps(t *testing.T) {
	def := DefaultRates()
	pol := &Policy{Overrides: map[string]Rates{
		"Aghdam": {NTSCancel: 0.5, TSReduceSHA: 0.5, TSReduceCHA: 0.2},
		"noTS":   {NTSCancel: 0.1},
		"allNTS": {NTSCancel: 1},
	}}
	cases := []struct {
		name string
		pol  *Policy
		u    Unit
		want []Step
	}{
		{"SHA default", nil, Unit{Kind: geo.SHA, AreaM2: 10000}, []Step{
			{NTS, 10000, 3200}, {TS, 6800, 2400}, {Clearance, 4400, 4400}}},
		{"CHA skips NTS", nil, Unit{Kind: geo.CHA, AreaM2: 6800}, []Step{
			{TS, 6800, 2400}, {Clearance, 4400, 4400}}},
		{"zero area", nil, Unit{Kind: geo.SHA}, nil},
		{"district override", pol, Unit{Kind: geo.SHA, District: "Aghdam", AreaM2: 1000}, []Step{
			{NTS, 1000, 500}, {TS, 500, 250}, {Clearance, 250, 250}}},
		{"CHA override", pol, Unit{Kind: geo.CHA, District: "Aghdam", AreaM2: 1000}, []Step{
			{TS, 1000, 200}, {Clearance, 800, 800}}},
		{"share 0 skips TS", pol, Unit{Kind: geo.SHA, District: "noTS", AreaM2: 1000}, []Step{
			{NTS, 1000, 100}, {Clearance, 900, 900}}},
		{"NTS cancels all", pol, Unit{Kind: geo.SHA, District: "allNTS", AreaM2: 1000}, []Step{{NTS, 1000, 1000}}},
		{"unknown district uses default", pol, Unit{Kind: geo.CHA, District: "Fuzuli", AreaM2: 6800}, []Step{
			{TS, 6800, 2400}, {Clearance, 4400, 4400}}},
		{"default override", &Policy{Default: &Rates{}}, Unit{Kind: geo.SHA, AreaM2: 7}, []Step{{Clearance, 7, 7}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := c.pol.Steps(c.u)
			if len(got) != len(c.want) {
				t.Fatalf("got %+v, want %+v", got, c.want)
			}
			for i := range got {
				g, w := got[i], c.want[i]
				if g.Kind != w.Kind || math.Abs(g.AreaM2-w.AreaM2) > 1e-9 || math.Abs(g.ReleasedM2-w.ReleasedM2) > 1e-9 {
					t.Fatalf("step %d: got %+v, want %+v", i, g, w)
				}
			}
			o := c.pol.Outcome(c.u)
			if s := o.CancelledM2 + o.ReducedM2 + o.ClearedM2; math.Abs(s-c.u.AreaM2) > 1e-9 {
				t.Fatalf("outcome %+v does not add up to %v", o, c.u.AreaM2)
			}
		})
	}
	// The defaults reproduce Landmine Monitor 2023's 32/24/44 split for an SHA.
	o := (*Policy)(nil).Outcome(Unit{Kind: geo.SHA, AreaM2: 100})
	if math.Abs(o.CancelledM2-32) > 1e-9 || math.Abs(o.ReducedM2-24) > 1e-9 || math.Abs(o.ClearedM2-44) > 1e-9 {
		t.Fatalf("default outcome %+v", o)
	}
	if err := def.Validate(); err != nil {
		t.Fatal(err)
	}
	if (Rates{TSReduceCHA: math.NaN()}).Validate() == nil {
		t.Fatal("NaN share accepted")
	}
}

func TestTeamRate(t *testing.T) {
	cases := []struct {
		team Team
		want float64
	}{
		{Team{Method: MethodManual}, 300},
		{Team{Method: MethodManual, Deminers: 20}, 600},
		{Team{Method: MethodManual, M2PerDay: 450, Deminers: 20}, 450},
		{Team{Method: MethodMDD}, MDDM2PerDay},
		{Team{Method: MethodMechanical}, MechanicalM2PerDay},
		{Team{Method: MethodNTS}, NTSM2PerDay},
		{Team{Method: MethodTS}, TSM2PerDay},
		{Team{}, 0},
	}
	for _, c := range cases {
		if got := c.team.Rate(); got != c.want {
			t.Errorf("%v: got %v, want %v", c.team.Method, got, c.want)
		}
	}
	base := geo.XY{X: 0, Y: 0}
	tm := Team{Base: &base}
	if d := tm.TravelDays(geo.XY{X: 30000, Y: 40000}, 100); d != 0.5 {
		t.Fatalf("travel %v, want 0.5", d)
	}
	if d := (&Team{}).TravelDays(geo.XY{X: 1e6}, 100); d != 0 {
		t.Fatalf("no base: travel %v", d)
	}
	got := expandTeams([]Team{{Name: "HALO", Method: MethodManual, Count: 2}, {Method: MethodMDD}})
	if len(got) != 3 || got[0].Name != "HALO-1" || got[1].Name != "HALO-2" || got[2].Name != "MDD 3" || got[0].Count != 1 {
		t.Fatalf("expanded %+v", got)
	}
}
