package planning

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/landrelease/clearance/geo"
)

// noTS is a policy without technical survey: a CHA is one clearance job.
var noTS = &Policy{Default: &Rates{NTSCancel: 0.32}}

// TestExactByHand checks the exact search, the plan and the bound on cases
// whose optimum is worked out by hand.
func TestExactByHand(t *testing.T) {
	base := &geo.XY{}
	far := &geo.XY{X: 150000} // one working day away at the default speed
	for _, tc := range []struct {
		name          string
		units         []Unit
		teams         []Team
		pol           *Policy
		opt           float64
		planOptimal   bool // the plan finds it
		boundIsTight  bool // and the bound proves it
		wantBoundName string
	}{
		{
			// One team, two jobs of 2 and 1 days: Smith's rule puts the
			// 3-risk job (1.5 per day) first: 3·2 + 1·3 = 9 (the other order
			// costs 1·1 + 3·3 = 10). One class of one team: the bound is
			// the single machine's, exact.
			name: "single team, Smith's rule",
			units: []Unit{{ID: "a", Kind: geo.CHA, AreaM2: 600, Risk: 3},
				{ID: "b", Kind: geo.CHA, AreaM2: 300, Risk: 1}},
			teams: []Team{{Method: MethodManual, M2PerDay: 300}},
			pol:   noTS, opt: 9, planOptimal: true, boundIsTight: true, wantBoundName: BoundClearance,
		},
		{
			// Two identical teams, two equal jobs of 2 days: one each,
			// both end on day 2: cost 4, the chain bound.
			name: "a job per team",
			units: []Unit{{ID: "a", Kind: geo.CHA, AreaM2: 600, Risk: 1},
				{ID: "b", Kind: geo.CHA, AreaM2: 600, Risk: 1}},
			teams: []Team{{Method: MethodManual, M2PerDay: 300, Count: 2}},
			pol:   noTS, opt: 4, planOptimal: true, boundIsTight: true, wantBoundName: BoundChain,
		},
		{
			// A day of travel then a day of work: release on day 2. The
			// bound counts the travel.
			name:  "travel",
			units: []Unit{{ID: "a", Kind: geo.CHA, AreaM2: 300, Risk: 5}},
			teams: []Team{{Method: MethodManual, M2PerDay: 300, Base: far}},
			pol:   noTS, opt: 10, planOptimal: true, boundIsTight: true, wantBoundName: BoundChain,
		},
		{
			// A near slow team (300 m²/day) and a far fast one (3,000 m²/day,
			// a day away): 3,000 m² takes 10 days near, 2 far. Two such
			// jobs: both far (2, 4) cost 6; one each (2, 10) costs 12. The
			// classes of the bound see that the fast team is the far one,
			// and its one-team term that the second job waits for the first.
			name: "near slow, far fast",
			units: []Unit{{ID: "a", Kind: geo.CHA, AreaM2: 3000, Risk: 1},
				{ID: "b", Kind: geo.CHA, AreaM2: 3000, Risk: 1}},
			teams: []Team{{Method: MethodManual, M2PerDay: 300, Base: base},
				{Method: MethodMechanical, M2PerDay: 3000, Base: far}},
			pol: noTS, opt: 6, planOptimal: true, boundIsTight: true, wantBoundName: BoundClearance,
		},
		{
			// A CHA (TS then clearance) and one team of each: TS of 8,000
			// m² in a day, then 5,176.5 m² of clearance at 300 m²/day: the
			// chain, 1 + 17.255 days.
			name:  "TS then clearance",
			units: []Unit{{ID: "c", Kind: geo.CHA, AreaM2: 8000, Risk: 2}},
			teams: []Team{{Method: MethodTS}, {Method: MethodManual}},
			opt:   2 * (1 + 8000*(1-0.24/0.68)/300), planOptimal: true, boundIsTight: true, wantBoundName: BoundChain,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := &Config{Policy: tc.pol}
			p, err := Schedule(context.Background(), tc.units, tc.teams, cfg)
			if err != nil {
				t.Fatal(err)
			}
			all := expandTeams(tc.teams)
			m, err := newModel(tc.units, all, tc.pol, DefaultTravelKmPerDay, true)
			if err != nil {
				t.Fatal(err)
			}
			opt, _, ok := solveExact(m, all, 0)
			if !ok || math.Abs(opt-tc.opt) > 1e-9*tc.opt {
				t.Fatalf("exact optimum %v, want %v", opt, tc.opt)
			}
			if !relLE(p.Bound, opt) || !relLE(opt, p.Cost) {
				t.Fatalf("bound %v, optimum %v, plan %v", p.Bound, opt, p.Cost)
			}
			if got := math.Abs(p.Cost-opt) <= 1e-9*opt; got != tc.planOptimal {
				t.Errorf("plan cost %v, optimum %v: optimal %v, want %v", p.Cost, opt, got, tc.planOptimal)
			}
			if got := math.Abs(p.Bound-opt) <= 1e-9*opt; got != tc.boundIsTight {
				t.Errorf("bound %v (%s), optimum %v: tight %v, want %v", p.Bound, p.BoundBy, opt, got, tc.boundIsTight)
			}
			if tc.wantBoundName != "" && p.BoundBy != tc.wantBoundName {
				t.Errorf("bound by %q, want %q", p.BoundBy, tc.wantBoundName)
			}
		})
	}
}

// TestExactMatchesEnumeration checks the exact search against the
// enumeration of every dispatch order without the canonical order, the
// symmetry cut or the stage bounds (exactOptimum), on tiny instances, some
// with two identical teams (the symmetry cut's case).
func TestExactMatchesEnumeration(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1))
	twins := 0
	for trial := range 200 {
		units, teams := randInstance(r, 1+r.IntN(3), 2, r.IntN(2) == 0)
		if len(teams) <= 4 && r.IntN(2) == 0 {
			teams[r.IntN(len(teams))].Count = 2
			twins++
		}
		all := expandTeams(teams)
		m, err := newModel(units, all, nil, DefaultTravelKmPerDay, true)
		if err != nil {
			t.Fatal(err)
		}
		want := exactOptimum(m, len(all))
		got, _, ok := solveExact(m, all, 0)
		if !ok || math.Abs(got-want) > 1e-9*math.Max(1, want) {
			t.Fatalf("trial %d: exact %v, enumeration %v", trial, got, want)
		}
	}
	if twins < 50 {
		t.Fatalf("only %d instances with identical teams", twins)
	}
}

// randSmall returns a small instance for the exact search: 3 to 6 units
// (mixed SHA and CHA, some without risk), 2 to 5 teams with mixed methods
// and productivities, identical teams now and then, bases (travel) or not,
// and a policy that sometimes skips TS in a district (so CHAs there are one
// clearance job) or cancels nothing by NTS.
func randSmall(r *rand.Rand) ([]Unit, []Team, *Policy) {
	n := 3 + r.IntN(4)
	travel := r.IntN(2) == 0
	chaOnly := n >= 5 || r.IntN(3) == 0 // bigger instances: fewer steps
	units := make([]Unit, n)
	for i := range units {
		kind := geo.CHA
		if !chaOnly && r.IntN(2) == 0 {
			kind = geo.SHA
		}
		units[i] = Unit{
			ID:     string(rune('a' + i)),
			Kind:   kind,
			AreaM2: math.Round(500 + r.Float64()*20000),
			Risk:   math.Round(r.Float64()*100) / 10,
			Centre: geo.XY{X: r.Float64() * 60000, Y: r.Float64() * 60000},
		}
		if r.IntN(3) == 0 {
			units[i].District = "fast"
		}
	}
	var pol *Policy
	switch r.IntN(3) {
	case 1: // no TS in one district
		pol = &Policy{Overrides: map[string]Rates{"fast": {NTSCancel: 0.32}}}
	case 2: // NTS cancels nothing there: SHAs skip NTS too
		pol = &Policy{Overrides: map[string]Rates{"fast": {TSReduceSHA: 0.3, TSReduceCHA: 0.5}}}
	}
	var teams []Team
	add := func(m Method, count int) {
		t := randTeam(r, m, travel)
		t.Count = count
		teams = append(teams, t)
	}
	if !chaOnly {
		add(MethodNTS, 1)
	}
	add(MethodTS, 1)
	clear := 1 + r.IntN(2)
	if n >= 5 {
		clear = 1
	}
	for range clear {
		add(MethodManual, 1+r.IntN(2)) // randTeam picks manual, MDD or mechanical
	}
	if len(teams) < 4 && r.IntN(2) == 0 {
		add(MethodTS, 1)
	}
	return units, teams, pol
}

// TestBoundBelowExactOptimum is the property the bound rests on, checked
// on seeded small instances solved exactly: bound ≤ optimum ≤ plan. It
// also measures how far the plan is above the optimum (plan weakness) and
// the bound below it (bound weakness).
func TestBoundBelowExactOptimum(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1))
	const want = 240
	solved, skipped := 0, 0
	var sumExcess, maxExcess, sumShort, maxShort, sumFormer float64
	planOpt, tight, first := 0, 0, 0
	for solved < want {
		units, teams, pol := randSmall(r)
		cfg := &Config{Policy: pol}
		p, err := Schedule(context.Background(), units, teams, cfg)
		if err != nil {
			t.Fatal(err)
		}
		all := expandTeams(teams)
		m, err := newModel(units, all, pol, DefaultTravelKmPerDay, true)
		if err != nil {
			t.Fatal(err)
		}
		opt, ok := solveOrSkip(t, m, all, &skipped, want/4)
		if !ok {
			continue
		}
		solved++
		checkBracket(t, solved, p, opt, func() string { return fmt.Sprintf("units %+v\nteams %+v\npolicy %+v", units, teams, pol) })
		former, _ := m.lowerBound(all, boundLadder[0])
		if !relLE(former, p.Bound) {
			t.Fatalf("instance %d: the former bound %v is above the bound %v", solved, former, p.Bound)
		}
		noFirst := boundAll
		noFirst.first = false
		if v, _ := m.lowerBound(all, noFirst); v < p.Bound*(1-1e-9) {
			first++ // the first units apart raised it
		}
		if opt > 0 {
			sumFormer += 1 - former/opt
			excess, short := p.Cost/opt-1, 1-p.Bound/opt
			sumExcess += excess
			sumShort += short
			maxExcess, maxShort = max(maxExcess, excess), max(maxShort, short)
			if excess <= 1e-9 {
				planOpt++
			}
			if short <= 1e-9 {
				tight++
			}
		}
	}
	if first == 0 {
		t.Error("the first units apart never raised the bound: the test does not test them")
	}
	t.Logf("%d instances solved exactly (%d too large): plan above the optimum by %.2f%% on average (max %.1f%%), "+
		"optimal in %d; bound below it by %.2f%% on average (max %.1f%%), tight in %d (the first units apart raised it in %d); "+
		"the former bound was %.2f%% below",
		solved, skipped, 100*sumExcess/want, 100*maxExcess, planOpt, 100*sumShort/want, 100*maxShort, tight, first, 100*sumFormer/want)
}

// TestBoundBelowPlanLarge: on larger random instances (travel, mixed
// methods, identical teams) the bound stays below the plan's cost, equals
// LowerBound's, and each term only raises it.
func TestBoundBelowPlanLarge(t *testing.T) {
	r := rand.New(rand.NewPCG(2, 2))
	trials := 60
	if testing.Short() {
		trials = 20
	}
	for trial := range trials {
		units, teams := randInstance(r, 20+r.IntN(180), 6, r.IntN(3) > 0)
		for i := range teams {
			if r.IntN(3) == 0 {
				teams[i].Count = 2 + r.IntN(3)
			}
		}
		cfg := &Config{TravelKmPerDay: 50 + 150*r.Float64()}
		p, err := Schedule(context.Background(), units, teams, cfg)
		if err != nil {
			t.Fatal(err)
		}
		if p.Bound > p.Cost || p.Bound <= 0 || p.BoundBy == "" {
			t.Fatalf("trial %d: bound %v (%q), cost %v", trial, p.Bound, p.BoundBy, p.Cost)
		}
		lb, err := LowerBound(units, teams, cfg)
		if err != nil || lb != p.Bound && !(p.Bound == p.Cost && relLE(lb, p.Cost)) {
			t.Fatalf("trial %d: LowerBound %v, %v; plan bound %v", trial, lb, err, p.Bound)
		}
		all := expandTeams(teams)
		m, _ := newModel(units, all, nil, cfg.TravelKmPerDay, true)
		prev := 0.0
		for _, terms := range boundLadder {
			v, _ := m.lowerBound(all, terms)
			if !relLE(prev, v) || !relLE(v, p.Cost) {
				t.Fatalf("trial %d: terms %+v give %v after %v (cost %v)", trial, terms, v, prev, p.Cost)
			}
			prev = v
		}
	}
}

// boundLadder adds the terms of the bound one at a time: the first is the
// bound of the single pooled machine per step kind without travel (the
// bound before team classes), the last the bound of every plan.
var boundLadder = []boundTerms{
	{},
	{travel: true},
	{travel: true, oneTeam: true},
	{travel: true, oneTeam: true, classes: true},
	{travel: true, oneTeam: true, classes: true, coupled: true},
	{travel: true, oneTeam: true, classes: true, coupled: true, first: true},
	boundAll,
}

func TestLowerBoundErrors(t *testing.T) {
	units := []Unit{{ID: "a", Kind: geo.CHA, AreaM2: 1000, Risk: 1}}
	teams := []Team{{Method: MethodTS}, {Method: MethodManual}}
	for _, cfg := range []*Config{{TravelKmPerDay: -1}, {TravelKmPerDay: math.NaN()}, {TravelKmPerDay: math.Inf(1)}} {
		if _, err := LowerBound(units, teams, cfg); err == nil {
			t.Errorf("travel %v: no error", cfg.TravelKmPerDay)
		}
	}
	if _, err := LowerBound(units, teams[1:], nil); err == nil {
		t.Error("no TS team: no error")
	}
	if lb, err := LowerBound(nil, teams, nil); lb != 0 || err != nil {
		t.Errorf("no units: %v, %v", lb, err)
	}
}

// TestBoundBelowExactWithTeamClosures: on 200 small random instances whose
// teams (and half of the units) have closures, dated and yearly, the bound
// (with the capacity team closures take from the stage relaxations, and
// the least pause of a job through its unit's closures) is at most the
// exact optimum, and the plan at least it. Each term must raise the bound
// on some of them, or the test would not test it.
func TestBoundBelowExactWithTeamClosures(t *testing.T) {
	r := rand.New(rand.NewPCG(15, 15))
	want := 200
	if testing.Short() {
		want = 50
	}
	solved, skipped, raised, paused := 0, 0, 0, 0
	for solved < want {
		units, teams, pol := randSmall(r)
		for i := range teams {
			if r.IntN(3) > 0 {
				from := monday.AddDate(0, 0, r.IntN(30))
				teams[i].Closures = []Closure{{From: from, To: from.AddDate(0, 0, r.IntN(25))}}
			}
			if r.IntN(4) == 0 {
				teams[i].Closures = append(teams[i].Closures, Closure{From: time.Date(1, 5, 1+r.IntN(10), 0, 0, 0, 0, time.UTC),
					To: time.Date(1, 5, 12+r.IntN(15), 0, 0, 0, 0, time.UTC), Yearly: true})
			}
		}
		for i := range units {
			switch r.IntN(3) {
			case 0:
				from := monday.AddDate(0, 0, r.IntN(20))
				units[i].Closures = []Closure{{From: from, To: from.AddDate(0, 0, r.IntN(15))}}
			case 1:
				// A series of closures with short open stretches between:
				// long jobs must pause (the least pause of the bound).
				from := monday.AddDate(0, 0, r.IntN(8))
				for range 3 + r.IntN(6) {
					to := from.AddDate(0, 0, 1+r.IntN(6))
					units[i].Closures = append(units[i].Closures, Closure{From: from, To: to})
					from = to.AddDate(0, 0, 2+r.IntN(8))
				}
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
		checkBracket(t, solved, p, opt, func() string { return fmt.Sprintf("units %+v\nteams %+v", units, teams) })
		open := slices.Clone(teams)
		for i := range open {
			open[i].Closures = nil
		}
		lb, err := LowerBound(units, open, cfg)
		if err != nil {
			t.Fatal(err)
		}
		if p.Bound > lb*(1+1e-9) {
			raised++
		}
		// The pauses alone: teams open, with and without the term.
		allOpen := expandTeams(open)
		mo, err := newGroundModel(units, allOpen, pol, DefaultTravelKmPerDay, true,
			ground{rules: newLandRules(DefaultLandRules()), table: newWorkTable(&cfg.Calendar)})
		if err != nil {
			t.Fatal(err)
		}
		noPause := boundAll
		noPause.closures = false
		v0, _ := mo.lowerBound(allOpen, noPause)
		if v1, _ := mo.lowerBound(allOpen, boundAll); v1 > v0*(1+1e-9) {
			paused++
		}
	}
	if raised < want/5 || paused < want/20 {
		t.Fatalf("team closures raised the bound on %d of %d instances, unit closures' pauses on %d", raised, want, paused)
	}
	t.Logf("team closures raised the bound on %d of %d instances, unit closures' pauses on %d (%d too large)", raised, want, paused, skipped)
}
