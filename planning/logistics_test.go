package planning

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"github.com/landrelease/clearance/geo"
)

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }

// A unit beyond the commute limit of the team's camp, with no base or
// forward camp within the limit of it, makes the team move to a fly camp
// there: the set-up days plus the drive at the travel speed.
func TestLogisticsMoveBeyondLimit(t *testing.T) {
	base := &geo.XY{}
	units := []Unit{
		{ID: "A", Kind: geo.CHA, AreaM2: 10000, Risk: 10, Centre: geo.XY{X: 5000}},
		{ID: "B", Kind: geo.CHA, AreaM2: 10000, Risk: 1, Centre: geo.XY{X: 50000}},
	}
	teams := []Team{{Name: "T", Method: MethodManual, M2PerDay: 1000, Base: base, BaseLonLat: geo.LonLat{Lon: 47, Lat: 40}}}
	cfg := &Config{Policy: noTS, TravelKmPerDay: 100, Logistics: &Logistics{CommuteKm: 10, RelocationDays: 2}}
	p, err := Schedule(context.Background(), units, teams, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Jobs) != 2 || p.Jobs[0].UnitID != "A" || p.Jobs[1].UnitID != "B" {
		t.Fatalf("jobs %+v", p.Jobs)
	}
	a, b := p.Jobs[0], p.Jobs[1]
	// A: 5 km from the base, within the limit: travel 0.05, work 10.
	if a.Moved || a.Camp != 0 || !near(a.TravelDays, 0.05) || a.RelocationDays != 0 || !near(a.EndDay, 10.05) {
		t.Errorf("job A %+v", a)
	}
	// B: 50 km away, nothing within 10 km of it: a fly camp at B, 2 days
	// plus 50 km at 100 km a day, no travel from there.
	if !b.Moved || b.Camp != 1 || b.TravelDays != 0 || !near(b.RelocationDays, 2.5) || !near(b.StartDay, 10.05) || !near(b.EndDay, 22.55) {
		t.Errorf("job B %+v", b)
	}
	want := []Camp{{Name: "base of T", Kind: CampBase, LonLat: geo.LonLat{Lon: 47, Lat: 40}, XY: base},
		{Name: "fly camp at B", Kind: CampFly, XY: &geo.XY{X: 50000}}}
	if !reflect.DeepEqual(p.Camps, want) {
		t.Errorf("camps %+v, want %+v", p.Camps, want)
	}
	if p.Moves != 1 || !near(p.RelocationDays, 2.5) || !near(p.Cost, 10*10.05+22.55) {
		t.Errorf("moves %d, %v days, cost %v", p.Moves, p.RelocationDays, p.Cost)
	}
	if !(p.Bound <= p.Cost) || p.Bound <= 0 {
		t.Errorf("bound %v, cost %v", p.Bound, p.Cost)
	}
}

// A forward camp near a cluster of units far from the base is where the
// team moves, once, and it works the whole cluster from there.
func TestLogisticsForwardCamp(t *testing.T) {
	units := []Unit{
		{ID: "U1", Kind: geo.CHA, AreaM2: 10000, Risk: 3, Centre: geo.XY{X: 55000}},
		{ID: "U2", Kind: geo.CHA, AreaM2: 10000, Risk: 2, Centre: geo.XY{X: 62000}},
		{ID: "U3", Kind: geo.CHA, AreaM2: 10000, Risk: 1, Centre: geo.XY{X: 65000, Y: 3000}},
	}
	teams := []Team{{Name: "T", Method: MethodManual, M2PerDay: 1000, Base: &geo.XY{}}}
	l := &Logistics{CommuteKm: 20, RelocationDays: 1, Camps: []Camp{
		{Name: "G", XY: &geo.XY{Y: 60000}}, {Name: "F", XY: &geo.XY{X: 60000}}}}
	p, err := Schedule(context.Background(), units, teams, &Config{Policy: noTS, TravelKmPerDay: 100, Logistics: l})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Camps) != 3 || p.Camps[2].Name != "F" || p.Camps[2].Kind != CampForward {
		t.Fatalf("camps %+v", p.Camps)
	}
	if p.Moves != 1 || !near(p.RelocationDays, 1.6) {
		t.Errorf("%d moves, %v days; want 1 move to F of 1 + 60/100 days", p.Moves, p.RelocationDays)
	}
	for i, j := range p.Jobs {
		d := dist(geo.XY{X: 60000}, units[j.Unit].Centre)
		if j.Camp != 2 || j.Moved != (i == 0) || !near(j.TravelDays, d/100000) {
			t.Errorf("job %d %+v: want camp F, travel %v", i, j, d/100000)
		}
	}
	if !near(p.Jobs[0].EndDay, 1.6+0.05+10) {
		t.Errorf("first job ends %v", p.Jobs[0].EndDay)
	}
}

// Without a commute limit (no Logistics, an empty one, or camps but no
// limit) the plan is exactly the plan without logistics; and with a
// limit so large that no team ever moves, no forward camp and no
// grouping, the same jobs at the same times (with their camps).
func TestLogisticsOffIsToday(t *testing.T) {
	r := rand.New(rand.NewPCG(15, 3))
	for trial := range 30 {
		units, teams := randInstance(r, 10+r.IntN(40), 3, true)
		cfg := &Config{TravelKmPerDay: 20}
		want, err := Schedule(context.Background(), units, teams, cfg)
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range []*Logistics{{}, {RelocationDays: 2, Camps: []Camp{{Name: "F", XY: &geo.XY{X: 1000, Y: 2000}}}}} {
			c := *cfg
			c.Logistics = l
			got, err := Schedule(context.Background(), units, teams, &c)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("trial %d: logistics %+v without a limit changed the plan", trial, l)
			}
		}
		groupOn = false
		c := *cfg
		c.Logistics = &Logistics{CommuteKm: 1e6, RelocationDays: 3}
		got, err := Schedule(context.Background(), units, teams, &c)
		groupOn = true
		if err != nil {
			t.Fatal(err)
		}
		if got.Moves != 0 || got.Cost != want.Cost || got.Bound != want.Bound || len(got.Jobs) != len(want.Jobs) {
			t.Fatalf("trial %d: %d moves, cost %v bound %v; want cost %v bound %v", trial, got.Moves, got.Cost, got.Bound, want.Cost, want.Bound)
		}
		for i := range got.Jobs {
			g, w := got.Jobs[i], want.Jobs[i]
			if got.Camps[g.Camp].XY == nil || *got.Camps[g.Camp].XY != *got.Teams[g.Team].Base {
				t.Fatalf("trial %d: job %d camped at %+v, not its base", trial, i, got.Camps[g.Camp])
			}
			g.Camp, w.Camp = 0, 0
			if g != w {
				t.Fatalf("trial %d: job %d\n got %+v\nwant %+v", trial, i, g, w)
			}
		}
	}
}

// randLogistics returns logistics for units in randInstance's 60 km square:
// 0 to 3 forward camps, a limit of 10 to 30 km (a team's own now and then)
// and 0 to 3 set-up days.
func randLogistics(r *rand.Rand, teams []Team) *Logistics {
	l := &Logistics{CommuteKm: 10 + 20*r.Float64(), RelocationDays: float64(r.IntN(4))}
	for i := range r.IntN(4) {
		l.Camps = append(l.Camps, Camp{Name: string(rune('F' + i)), XY: &geo.XY{X: r.Float64() * 60000, Y: r.Float64() * 60000}})
	}
	for i := range teams {
		if r.IntN(4) == 0 {
			teams[i].CommuteKm = 5 + 30*r.Float64()
		}
	}
	return l
}

// A team never works a unit beyond its commute limit from the camp of the
// job; it moves only when the unit is beyond the limit of its camp, to
// its base or a forward camp within the limit of the unit (the nearest)
// or else a fly camp at the unit; each job lasts its move, its travel from
// the camp and its work, and the plan's bound is LowerBound's and at
// most its cost.
func TestLogisticsCommuteInvariant(t *testing.T) {
	r := rand.New(rand.NewPCG(15, 4))
	const kmPerDay = 30.0
	for trial := range 60 {
		units, teams := randInstance(r, 5+r.IntN(60), 3, true)
		l := randLogistics(r, teams)
		cfg := &Config{Policy: noTS, TravelKmPerDay: kmPerDay, Logistics: l, LandRules: []LandRule{}}
		p, err := Schedule(context.Background(), units, teams, cfg)
		if err != nil {
			t.Fatal(err)
		}
		moves, reloc := 0, 0.0
		for k := range p.Teams {
			tm := &p.Teams[k]
			lim := tm.CommuteKm
			if lim == 0 {
				lim = l.CommuteKm
			}
			lim *= 1000
			at := *tm.Base
			for _, j := range p.TeamJobs(k) {
				c := p.Camps[j.Camp]
				u := &units[j.Unit]
				d := dist(*c.XY, u.Centre)
				if d > lim*(1+1e-12) {
					t.Fatalf("trial %d: %s works %s %.0f m from %s, beyond its %.0f m", trial, tm.Name, u.ID, d, c.Name, lim)
				}
				if !near(j.TravelDays, d/(kmPerDay*1000)) {
					t.Fatalf("trial %d: travel %v, want %v", trial, j.TravelDays, d/(kmPerDay*1000))
				}
				if moved := dist(at, u.Centre) > lim; moved != j.Moved {
					t.Fatalf("trial %d: %s moved %v for %s, %.0f m from its camp (limit %.0f)", trial, tm.Name, j.Moved, u.ID, dist(at, u.Centre), lim)
				}
				if j.Moved {
					moves++
					reloc += j.RelocationDays
					if want := l.RelocationDays + dist(at, *c.XY)/(kmPerDay*1000); !near(j.RelocationDays, want) {
						t.Fatalf("trial %d: move of %v days, want %v", trial, j.RelocationDays, want)
					}
					// The nearest of the base and forward camps within the
					// limit of the unit, else a fly camp at the unit.
					best, bestD := "", math.Inf(1)
					for _, f := range append([]Camp{{Name: "base", XY: tm.Base}}, l.Camps...) {
						if fd := dist(*f.XY, u.Centre); fd <= lim && fd < bestD {
							best, bestD = f.Name, fd
						}
					}
					switch {
					case best == "" && (c.Kind != CampFly || *c.XY != u.Centre):
						t.Fatalf("trial %d: moved to %+v, want a fly camp at %s", trial, c, u.ID)
					case best != "" && d != bestD:
						t.Fatalf("trial %d: moved to %s %.0f m from %s, want %s %.0f m", trial, c.Name, d, u.ID, best, bestD)
					}
				} else if j.RelocationDays != 0 || *c.XY != at {
					t.Fatalf("trial %d: job %+v did not move but changed camp", trial, j)
				}
				at = *c.XY
				if work := j.AreaM2 / tm.Rate(); !near(j.EndDay-j.StartDay-j.PausedDays, j.RelocationDays+j.TravelDays+work) {
					t.Fatalf("trial %d: job %+v lasts %v, want %v", trial, j, j.EndDay-j.StartDay-j.PausedDays, j.RelocationDays+j.TravelDays+work)
				}
			}
		}
		if moves != p.Moves || !near(reloc, p.RelocationDays) {
			t.Fatalf("trial %d: %d moves of %v days, plan says %d, %v", trial, moves, reloc, p.Moves, p.RelocationDays)
		}
		lb, err := LowerBound(units, teams, cfg)
		if err != nil {
			t.Fatal(err)
		}
		if lb != p.Bound || !relLE(p.Bound, p.Cost) {
			t.Fatalf("trial %d: bound %v, LowerBound %v, cost %v", trial, p.Bound, lb, p.Cost)
		}
	}
}

// The bound with logistics stays below the optimum of the logistics model
// (the exact search moves teams by Schedule's rule), on seeded small
// instances with forward camps, commute limits and set-up days.
func TestLogisticsBoundBelowExactOptimum(t *testing.T) {
	r := rand.New(rand.NewPCG(15, 5))
	const want = 120
	solved, skipped, withMoves := 0, 0, 0
	for solved < want {
		units, teams, pol := randSmall(r)
		for i := range teams {
			if teams[i].Base == nil {
				teams[i].Base = &geo.XY{X: r.Float64() * 60000, Y: r.Float64() * 60000}
			}
		}
		l := randLogistics(r, teams)
		cfg := &Config{Policy: pol, TravelKmPerDay: 15, Logistics: l}
		p, err := Schedule(context.Background(), units, teams, cfg)
		if err != nil {
			t.Fatal(err)
		}
		all := expandTeams(teams)
		m, err := newGroundModel(units, all, pol, 15, true, ground{lg: newLogModel(units, all, teams, l, 15)})
		if err != nil {
			t.Fatal(err)
		}
		opt, ok := solveOrSkip(t, m, all, &skipped, want/4)
		if !ok {
			continue
		}
		solved++
		if p.Moves > 0 {
			withMoves++
		}
		checkBracket(t, solved, p, opt, func() string { return fmt.Sprintf("units %+v\nteams %+v\nlogistics %+v", units, teams, l) })
	}
	if withMoves < want/4 {
		t.Fatalf("only %d of %d plans move a team", withMoves, want)
	}
}

// A team's own commute limit moves it without a Config.Logistics: to a fly
// camp, with no set-up days.
func TestLogisticsTeamLimitAlone(t *testing.T) {
	units := []Unit{{ID: "far", Kind: geo.CHA, AreaM2: 10000, Risk: 1, Centre: geo.XY{X: 50000}}}
	teams := []Team{{Method: MethodManual, M2PerDay: 1000, Base: &geo.XY{}, CommuteKm: 10}}
	p, err := Schedule(context.Background(), units, teams, &Config{Policy: noTS, TravelKmPerDay: 100})
	if err != nil {
		t.Fatal(err)
	}
	if j := p.Jobs[0]; p.Moves != 1 || !j.Moved || !near(j.RelocationDays, 0.5) || p.Camps[j.Camp].Kind != CampFly {
		t.Errorf("job %+v, camps %+v", j, p.Camps)
	}
}

// With logistics, the pick classes (teams of one class at one camp alike,
// the first of each camp looked at) give the same plans as every team a
// class of its own (scanAll), on random instances with identical teams,
// team and unit closures, land rules, a survey lead and budgets.
func TestLogisticsClassesScanAll(t *testing.T) {
	r := rand.New(rand.NewPCG(15, 6))
	lands := []Land{{}, {Slope: "steep"}, {Use: "built-up"}}
	trials := 60
	if testing.Short() {
		trials = 15
	}
	grouped := 0
	for trial := range trials {
		units, _ := randInstance(r, 5+r.IntN(50), 1, false)
		for i := range units {
			units[i].Land = lands[r.IntN(len(lands))]
			if r.IntN(4) == 0 {
				from := monday.AddDate(0, 0, r.IntN(60))
				units[i].Closures = []Closure{{From: from, To: from.AddDate(0, 0, 1+r.IntN(30))}}
			}
		}
		bases := []*geo.XY{nil, {X: 1000, Y: 2000}, {X: 50000, Y: 30000}}
		var teams []Team
		for _, meth := range []Method{MethodNTS, MethodTS, MethodManual, MethodMDD} {
			for range 1 + r.IntN(3) {
				tm := Team{Method: meth, M2PerDay: []float64{0, 500}[r.IntN(2)], Base: bases[r.IntN(len(bases))], Count: 1 + r.IntN(5)}
				if r.IntN(3) == 0 {
					from := monday.AddDate(0, 0, r.IntN(40))
					tm.Closures = []Closure{{From: from, To: from.AddDate(0, 0, 1+r.IntN(20))}}
				}
				if r.IntN(2) == 0 {
					tm.CommuteKm = float64(5 + 5*r.IntN(3))
				}
				teams = append(teams, tm)
			}
		}
		cfg := &Config{Calendar: Calendar{Start: monday}, TravelKmPerDay: 40, Logistics: randLogistics(r, nil),
			SurveyLeadDays: float64(r.IntN(2) * r.IntN(30)), Budget: 20000}
		if r.IntN(3) == 0 {
			cfg.Costs = &Costs{PerTeamDay: map[Method]float64{MethodManual: 100, MethodMDD: 150, MethodNTS: 50, MethodTS: 80},
				Yearly: 20000 + float64(r.IntN(200000))}
		}
		want, err := Schedule(context.Background(), units, teams, cfg)
		if err != nil {
			continue // a unit no team may work, or no year can pay: not this test's concern
		}
		scanAll = true
		got, err := Schedule(context.Background(), units, teams, cfg)
		scanAll = false
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got.Jobs, want.Jobs) || got.Cost != want.Cost || !reflect.DeepEqual(got.Order, want.Order) ||
			!reflect.DeepEqual(got.Camps, want.Camps) {
			t.Fatalf("trial %d: the classes' plan (cost %v, %d moves) differs from the scan's (cost %v, %d moves)", trial, want.Cost, want.Moves, got.Cost, got.Moves)
		}
		if want.Moves > 0 {
			grouped++
		}
	}
	if grouped < trials/3 {
		t.Fatalf("only %d of %d plans move a team", grouped, trials)
	}
}

// TestTryStarts: local improvement's first step keeps, of the ratio rule's
// order with the pick shares and (with logistics) the order before
// grouping by place with them, the cheapest schedule among those that end
// no later than the first (or the first), with its order, share and
// snapshots; checked against each start's list schedule, on random
// instances with logistics (some where the order before grouping wins).
func TestTryStarts(t *testing.T) {
	r := rand.New(rand.NewPCG(15, 9))
	plainWins := 0
	for trial := range 200 {
		units, teams := randInstance(r, 10+r.IntN(40), 3, true)
		inst := boundCase{units: units, teams: teams, cfg: &Config{TravelKmPerDay: 20, Logistics: randLogistics(r, teams)}}
		m := groundModel(t, inst, expandTeams(teams))
		order, plain := m.ratioOrders()
		if plain == nil {
			t.Fatalf("trial %d: no order before grouping", trial)
		}
		// The expected start: the least cost among those ending no later
		// than the first, the first on ties.
		type start struct {
			o     []int
			share float64
		}
		starts := []start{{order, pickShare}}
		for _, sh := range altShares {
			starts = append(starts, start{order, sh})
		}
		starts = append(starts, start{plain, pickShare})
		for _, sh := range altShares {
			starts = append(starts, start{plain, sh})
		}
		want, wantCost, last := 0, 0.0, 0.0
		for i, st := range starts {
			m.share = st.share
			c, mk := orderCost(m, st.o)
			if i == 0 {
				wantCost, last = c, mk
			} else if mk <= last && c < wantCost-1e-12*wantCost {
				want, wantCost = i, c
			}
		}
		m.share = pickShare
		ev := newEvaluator(m, 0)
		got := slices.Clone(order)
		cur := ev.run(got, 0, ev.snaps, ev.snap)
		ev.tryStarts(got, plain, &cur, 1, DefaultBudget)
		if !slices.Equal(got, starts[want].o) || m.share != starts[want].share || cur.cost != wantCost {
			t.Fatalf("trial %d: start %v with share %v costs %v; want start %d (share %v) at %v",
				trial, got, m.share, cur.cost, want, starts[want].share, wantCost)
		}
		// The snapshots are the kept start's: evaluating from the last
		// block gives its cost.
		if c := ev.run(got, len(got)-1, ev.tmps, ev.tmp).cost; math.Abs(c-wantCost) > 1e-9*wantCost {
			t.Fatalf("trial %d: from the snapshots %v, want %v", trial, c, wantCost)
		}
		if want > len(altShares) {
			plainWins++
		}
	}
	t.Logf("the order before grouping won in %d of 200 instances", plainWins)
	if plainWins == 0 {
		t.Error("the order before grouping never won: the test does not exercise it")
	}
}
