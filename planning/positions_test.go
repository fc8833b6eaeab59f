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

// TestStartedStep: a CHA of 2,000 m² half cleared in the field leaves
// 1,000 m² to clear: one manual team of 100 m² a day releases it on day
// 10, not 20, and the unit's expected outcome is unchanged (2,000 m²
// cleared). An SHA whose NTS is under way keeps NTS as its next step,
// with the area done taken off it.
func TestStartedStep(t *testing.T) {
	units := []Unit{
		{ID: "cha", Kind: geo.CHA, AreaM2: 2000, Risk: 1},
		{ID: "sha", Kind: geo.SHA, AreaM2: 100000, Risk: 1},
	}
	day := func(d int) time.Time { return time.Date(2027, 5, d, 0, 0, 0, 0, time.UTC) }
	pr, err := ApplyProgress(units, noSurvey, []Done{{UnitID: "cha", Step: Clearance, Date: day(3), AreaDoneM2: 1000}})
	if err != nil {
		t.Fatal(err)
	}
	if pr.Started != 1 || len(pr.Released) != 0 || len(pr.Units) != 2 || pr.Units[0].StartedM2 != 1000 || pr.Units[0].Done != 0 {
		t.Fatalf("progress %+v", pr)
	}
	p, err := Schedule(context.Background(), pr.Units[:1], []Team{{Method: MethodManual, M2PerDay: 100}}, &Config{Policy: noSurvey, Calendar: sevenDays})
	if err != nil {
		t.Fatal(err)
	}
	if p.Units[0].ReleaseDay != 10 || p.Jobs[0].AreaM2 != 1000 || p.Units[0].Outcome.ClearedM2 != 2000 {
		t.Errorf("half cleared: released day %v, job of %v m², outcome %+v; want day 10, 1000 m², 2000 cleared",
			p.Units[0].ReleaseDay, p.Jobs[0].AreaM2, p.Units[0].Outcome)
	}
	if !relLE(p.Bound, p.Cost) {
		t.Errorf("bound %v above cost %v", p.Bound, p.Cost)
	}
	// NTS under way on the SHA (default rates): NTS stays its next step,
	// 100,000 − 30,000 m² to visit; TS and clearance as before.
	pr, err = ApplyProgress(units, nil, []Done{{UnitID: "sha", Step: NTS, Date: day(3), AreaDoneM2: 30000}})
	if err != nil {
		t.Fatal(err)
	}
	var pol *Policy
	full, left := pol.Steps(units[1]), pol.Steps(pr.Units[1])
	if len(left) != 3 || left[0].Kind != NTS || left[0].AreaM2 != 70000 || left[0].ReleasedM2 != full[0].ReleasedM2 ||
		left[1] != full[1] || left[2] != full[2] {
		t.Errorf("steps left %+v, full %+v", left, full)
	}
	for _, tc := range []struct {
		done  []Done
		field string
		msg   string
	}{
		{[]Done{{UnitID: "cha", Step: Clearance, Date: day(1), AreaDoneM2: -1}}, "done_ha", "area done"},
		{[]Done{{UnitID: "cha", Step: Clearance, Date: day(1), AreaDoneM2: math.NaN()}}, "done_ha", "area done"},
		{[]Done{{UnitID: "cha", Step: TS, Date: day(1), AreaDoneM2: 2000}}, "done_ha", "report it finished"},
		{[]Done{{UnitID: "cha", Step: TS, Date: day(1), AreaDoneM2: 10, Result: Reduced}}, "outcome", "no outcome yet"},
		// With the default rates a CHA's next step is TS, not clearance.
		{[]Done{{UnitID: "cha", Step: Clearance, Date: day(1), AreaDoneM2: 10}}, "step", "next step is TS"},
		{[]Done{{UnitID: "sha", Step: NTS, Date: day(1), AreaDoneM2: 10}, {UnitID: "sha", Step: TS, Date: day(2), Result: Reduced}}, "step", "record 0 reports an earlier step under way"},
	} {
		_, err := ApplyProgress(units, nil, tc.done)
		var pe *ProgressError
		if !errors.As(err, &pe) || pe.Field != tc.field || !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("%+v: got %v, want a ProgressError on %s saying %q", tc.done, err, tc.field, tc.msg)
		}
	}
}

// TestPositionTravel: one manual team based at the origin, 100 m² a day,
// 150 km a working day. Positioned 300 km away it pays 2 days to reach
// the first unit (at the origin: released on day 12, not 10); its next
// job at the origin is charged the travel from its base (none): day 22.
func TestPositionTravel(t *testing.T) {
	base := geo.XY{}
	units := []Unit{
		{ID: "a", Kind: geo.CHA, AreaM2: 1000, Risk: 2},
		{ID: "b", Kind: geo.CHA, AreaM2: 1000, Risk: 1},
	}
	teams := []Team{{Name: "Manual", Method: MethodManual, M2PerDay: 100, Base: &base}}
	far := geo.XY{X: 300_000}
	cfg := &Config{Policy: noSurvey, Calendar: sevenDays, Budget: -1,
		Positions: []TeamPosition{{Team: "Manual", At: &far, Place: "X-9"}}}
	p, err := Schedule(context.Background(), units, teams, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if p.Units[0].ReleaseDay != 12 || p.Units[1].ReleaseDay != 22 || p.Jobs[0].TravelDays != 2 || p.Jobs[1].TravelDays != 0 {
		t.Errorf("released on days %v and %v, travel %v and %v; want 12, 22, 2, 0",
			p.Units[0].ReleaseDay, p.Units[1].ReleaseDay, p.Jobs[0].TravelDays, p.Jobs[1].TravelDays)
	}
	if !relLE(p.Bound, p.Cost) {
		t.Errorf("bound %v above cost %v", p.Bound, p.Cost)
	}
	lb, err := LowerBound(units, teams, cfg)
	if err != nil || lb != p.Bound {
		t.Errorf("LowerBound %v, %v; want the plan's %v", lb, err, p.Bound)
	}
	// Without the position: 10 and 20.
	cfg.Positions = nil
	if p, err = Schedule(context.Background(), units, teams, cfg); err != nil || p.Units[0].ReleaseDay != 10 || p.Units[1].ReleaseDay != 20 {
		t.Errorf("unpositioned: %v", err)
	}
}

// TestPositionFreeFrom: a team busy until a date starts nothing before
// it: free from 6 March 2027 (working day 5 of a seven-day week from 1
// March), its 10-day job runs from day 5 to 15; a second, identical team
// unpositioned takes the other unit from day 0.
func TestPositionFreeFrom(t *testing.T) {
	units := []Unit{
		{ID: "a", Kind: geo.CHA, AreaM2: 1000, Risk: 2},
		{ID: "b", Kind: geo.CHA, AreaM2: 1000, Risk: 1},
	}
	teams := []Team{{Name: "M", Method: MethodManual, M2PerDay: 100, Count: 2}}
	cfg := &Config{Policy: noSurvey, Calendar: sevenDays, Budget: -1, // the ratio rule's order: a, then b
		Positions: []TeamPosition{{Team: "M-1", FreeFrom: time.Date(2027, 3, 6, 0, 0, 0, 0, time.UTC)}}}
	p, err := Schedule(context.Background(), units, teams, cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, j := range p.Jobs {
		if j.TeamName == "M-1" && j.StartDay < 5 {
			t.Errorf("M-1 starts %s on day %v, before it is free (day 5)", j.UnitID, j.StartDay)
		}
	}
	// The best plan: M-2 does a (0-10), M-1 b (5-15).
	if p.Units[0].ReleaseDay != 10 || p.Units[1].ReleaseDay != 15 {
		t.Errorf("released on days %v and %v, want 10 and 15", p.Units[0].ReleaseDay, p.Units[1].ReleaseDay)
	}
	if !relLE(p.Bound, p.Cost) {
		t.Errorf("bound %v above cost %v", p.Bound, p.Cost)
	}
	// Both busy until day 5: every job starts on day 5 or later.
	cfg.Positions = append(cfg.Positions, TeamPosition{Team: "M-2", FreeFrom: time.Date(2027, 3, 6, 0, 0, 0, 0, time.UTC)})
	if p, err = Schedule(context.Background(), units, teams, cfg); err != nil || p.Units[0].ReleaseDay != 15 || p.Units[1].ReleaseDay != 15 {
		t.Errorf("both busy: %+v, %v", p.Units, err)
	}
}

// TestPositionLogistics: with a 50 km commute limit, a team positioned
// 300 km from its base starts camped at a fly camp there: a unit 10 km
// away is worked from it without a move (travel 10/150 days), and a unit
// at its base then costs a move back (2 set-up days + 2 days' drive).
func TestPositionLogistics(t *testing.T) {
	base := geo.XY{}
	units := []Unit{
		{ID: "near", Kind: geo.CHA, AreaM2: 1000, Risk: 2, Centre: geo.XY{X: 310_000}},
		{ID: "home", Kind: geo.CHA, AreaM2: 1000, Risk: 1},
	}
	teams := []Team{{Name: "Manual", Method: MethodManual, M2PerDay: 100, Base: &base}}
	far := geo.XY{X: 300_000}
	cfg := &Config{Policy: noSurvey, Calendar: sevenDays, Budget: -1, Order: []int{0, 1},
		Logistics: &Logistics{CommuteKm: 50, RelocationDays: 2},
		Positions: []TeamPosition{{Team: "Manual", At: &far, Place: "CHA-7"}}}
	p, err := Schedule(context.Background(), units, teams, cfg)
	if err != nil {
		t.Fatal(err)
	}
	j0, j1 := p.Jobs[0], p.Jobs[1]
	if j0.Moved || math.Abs(j0.TravelDays-10.0/150) > 1e-12 || p.Camps[j0.Camp].Name != "fly camp at CHA-7 (start)" || p.Camps[j0.Camp].Kind != CampFly {
		t.Errorf("first job %+v, camp %+v", j0, p.Camps[j0.Camp])
	}
	if !j1.Moved || j1.RelocationDays != 4 || j1.TravelDays != 0 || p.Camps[j1.Camp].Kind != CampBase {
		t.Errorf("second job %+v", j1)
	}
	if math.Abs(p.Units[1].ReleaseDay-(10+10.0/150+4+10)) > 1e-9 {
		t.Errorf("home released on day %v", p.Units[1].ReleaseDay)
	}
	if !relLE(p.Bound, p.Cost) {
		t.Errorf("bound %v above cost %v", p.Bound, p.Cost)
	}
}

// TestPositionErrors: every bad position is a TeamError naming the field.
func TestPositionErrors(t *testing.T) {
	base := geo.XY{}
	units := []Unit{{ID: "a", Kind: geo.CHA, AreaM2: 1000, Risk: 1}}
	teams := []Team{{Name: "M", Method: MethodManual, Count: 2, Base: &base}, {Name: "Free", Method: MethodManual}, {Name: "Free", Method: MethodManual}}
	nan := geo.XY{X: math.NaN()}
	for _, tc := range []struct {
		pos   []TeamPosition
		field string
		msg   string
	}{
		{[]TeamPosition{{}}, "Config.Positions[0].Team", "missing"},
		{[]TeamPosition{{Team: "M"}}, "Config.Positions[0].Team", `no team is named "M"`},
		{[]TeamPosition{{Team: "M-1"}, {Team: "M-1"}}, "Config.Positions[1].Team", "positioned twice"},
		{[]TeamPosition{{Team: "Free"}}, "Config.Positions[0].Team", "several teams"},
		{[]TeamPosition{{Team: "M-2", At: &nan}}, "Config.Positions[0].At", "invalid"},
	} {
		_, err := Schedule(context.Background(), units, teams, &Config{Policy: noSurvey, Positions: tc.pos})
		var te *TeamError
		if !errors.As(err, &te) || te.Field != tc.field || !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("%+v: got %v, want a TeamError on %s saying %q", tc.pos, err, tc.field, tc.msg)
		}
	}
	teams = []Team{{Name: "M", Method: MethodManual}}
	_, err := Schedule(context.Background(), units, teams, &Config{Policy: noSurvey, Positions: []TeamPosition{{Team: "M", At: &base}}})
	if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "no base") {
		t.Errorf("a position for a team without a base: %v", err)
	}
}

// TestPositions: a team's latest record gives its place and the day it is
// free; records without a team are skipped; an unknown team names the
// record and the column.
func TestPositions(t *testing.T) {
	units := []Unit{
		{ID: "a", Kind: geo.CHA, AreaM2: 1000, Centre: geo.XY{X: 1}, LonLat: geo.LonLat{Lon: 1}},
		{ID: "b", Kind: geo.CHA, AreaM2: 1000, Centre: geo.XY{X: 2}, LonLat: geo.LonLat{Lon: 2}},
	}
	teams := []Team{{Name: "M", Method: MethodManual, Count: 2, Base: &geo.XY{}}}
	day := func(d int) time.Time { return time.Date(2027, 5, d, 0, 0, 0, 0, time.UTC) }
	done := []Done{
		{UnitID: "b", Step: Clearance, Date: day(9), Team: "M-2"},
		{UnitID: "a", Step: Clearance, Date: day(3), Team: "M-2"},
		{UnitID: "a", Step: TS, Date: day(1), Result: Confirmed},
	}
	ps, err := Positions(done, units, teams)
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 1 || ps[0].Team != "M-2" || ps[0].Place != "b" || *ps[0].At != units[1].Centre || ps[0].LonLat != units[1].LonLat || !ps[0].FreeFrom.Equal(day(10)) {
		t.Errorf("positions %+v", ps)
	}
	// Without a base a team has no travel to count: FreeFrom only.
	ps, err = Positions(done, units, []Team{{Name: "M", Method: MethodManual, Count: 2}})
	if err != nil || len(ps) != 1 || ps[0].At != nil || !ps[0].FreeFrom.Equal(day(10)) {
		t.Errorf("without a base: %+v, %v", ps, err)
	}
	done[1].Team = "M-3"
	_, err = Positions(done, units, teams)
	var pe *ProgressError
	if !errors.As(err, &pe) || pe.Index != 1 || pe.Field != "team" || !errors.Is(err, ErrInvalid) {
		t.Errorf("unknown team: %v", err)
	}
}

// randPositions positions about half of the teams with a base (Count
// expanded names), at random places within the instances' square, free
// from a random day of the first two weeks.
func randPositions(r *rand.Rand, teams []Team, start time.Time) []TeamPosition {
	var ps []TeamPosition
	for _, t := range expandTeams(teams) {
		if r.IntN(2) == 0 {
			continue
		}
		p := TeamPosition{Team: t.Name, Place: t.Name + "'s place"}
		if t.Base != nil && r.IntN(4) != 0 {
			p.At = &geo.XY{X: r.Float64() * 60000, Y: r.Float64() * 60000}
		}
		if r.IntN(2) == 0 {
			p.FreeFrom = start.AddDate(0, 0, r.IntN(14))
		}
		ps = append(ps, p)
	}
	return ps
}

// TestPositionsBoundBelowExactOptimum: on small random instances with
// random positions (with and without logistics), the plan's bound is at
// most the exact optimum of the same model (exact_test.go, which starts
// teams as positioned), and the plan at least it; LowerBound gives the
// plan's bound.
func TestPositionsBoundBelowExactOptimum(t *testing.T) {
	r := rand.New(rand.NewPCG(12, 5))
	const want = 120
	solved, skipped, positioned := 0, 0, 0
	for solved < want {
		units, teams, pol := randSmall(r)
		for i := range teams {
			teams[i].Name = fmt.Sprintf("T%d", i)
			if teams[i].Base == nil && r.IntN(2) == 0 {
				teams[i].Base = &geo.XY{X: r.Float64() * 60000, Y: r.Float64() * 60000}
			}
		}
		var l *Logistics
		if r.IntN(2) == 0 {
			l = randLogistics(r, teams)
		}
		cal := Calendar{Start: monday}
		cfg := &Config{Policy: pol, TravelKmPerDay: 15, Logistics: l, Calendar: cal, Positions: randPositions(r, teams, monday)}
		p, err := Schedule(context.Background(), units, teams, cfg)
		if err != nil {
			t.Fatal(err)
		}
		if lb, err := LowerBound(units, teams, cfg); err != nil || !near(lb, p.Bound) {
			t.Fatalf("LowerBound %v, %v; the plan's %v", lb, err, p.Bound)
		}
		all := expandTeams(teams)
		c := *cfg
		table := newWorkTable(&c.Calendar)
		lg := newLogModel(units, all, teams, l, 15)
		pos, err := newPosModel(&c, units, all, lg, table, 15)
		if err != nil {
			t.Fatal(err)
		}
		m, err := newGroundModel(units, all, pol, 15, true, ground{lg: lg, pos: pos, table: table})
		if err != nil {
			t.Fatal(err)
		}
		opt, ok := solveOrSkip(t, m, all, &skipped, want/4)
		if !ok {
			continue
		}
		solved++
		if len(cfg.Positions) > 0 {
			positioned++
		}
		checkBracket(t, solved, p, opt, func() string { return fmt.Sprintf("units %+v\nteams %+v\npositions %+v", units, teams, cfg.Positions) })
	}
	if positioned < want/2 {
		t.Fatalf("only %d of %d instances have positions", positioned, want)
	}
}

// TestPositionsAtBaseChangeNothing: teams positioned at their own base and
// free from the start get the same plan as unpositioned teams (their
// classes of their own choose as the shared classes do), with and without
// logistics, on random instances; and every positioned team's jobs start
// no earlier than its FreeFrom, its first one charged from its position
// when it has no commute limit.
func TestPositionsAtBaseChangeNothing(t *testing.T) {
	r := rand.New(rand.NewPCG(12, 6))
	for it := range 60 {
		units, teams := randInstance(r, 20+r.IntN(40), 4, true)
		for i := range teams {
			teams[i].Name = fmt.Sprintf("T%d", i)
			teams[i].Count = 1 + r.IntN(2)
		}
		var l *Logistics
		if it%2 == 1 {
			l = randLogistics(r, teams)
		}
		cfg := &Config{TravelKmPerDay: 20, Logistics: l, Calendar: Calendar{Start: monday}, Budget: 20_000}
		want, err := Schedule(context.Background(), units, teams, cfg)
		if err != nil {
			t.Fatal(err)
		}
		for _, tm := range expandTeams(teams) {
			if r.IntN(2) == 0 {
				cfg.Positions = append(cfg.Positions, TeamPosition{Team: tm.Name, At: tm.Base})
			}
		}
		got, err := Schedule(context.Background(), units, teams, cfg)
		if err != nil {
			t.Fatal(err)
		}
		if got.Cost != want.Cost || !slices.Equal(got.Order, want.Order) || len(got.Jobs) != len(want.Jobs) {
			t.Fatalf("instance %d: positioned at the bases: cost %v, want %v", it, got.Cost, want.Cost)
		}
		for i := range got.Jobs {
			g, w := got.Jobs[i], want.Jobs[i]
			if g.Team != w.Team || g.Unit != w.Unit || g.Step != w.Step || g.StartDay != w.StartDay || g.EndDay != w.EndDay || g.TravelDays != w.TravelDays {
				t.Fatalf("instance %d: job %d %+v, want %+v", it, i, g, w)
			}
		}
		// Random positions: jobs after FreeFrom, first travel from At.
		cfg.Positions = randPositions(r, teams, monday)
		p, err := Schedule(context.Background(), units, teams, cfg)
		if err != nil {
			t.Fatal(err)
		}
		tbl := newWorkTable(&cfg.Calendar)
		for _, ps := range cfg.Positions {
			k := slices.IndexFunc(p.Teams, func(tm Team) bool { return tm.Name == ps.Team })
			jobs := p.TeamJobs(k)
			if len(jobs) == 0 {
				continue
			}
			if !ps.FreeFrom.IsZero() {
				y, mo, d := ps.FreeFrom.Date()
				if free := tbl.offsetAtMidnight(civil(y, mo, d)); jobs[0].StartDay < free {
					t.Fatalf("instance %d: %s starts on day %v, free from day %v", it, ps.Team, jobs[0].StartDay, free)
				}
			}
			lim := 0.0
			if l != nil || p.Teams[k].CommuteKm > 0 {
				lim = (&Logistics{}).commuteM(&p.Teams[k])
				if l != nil {
					lim = l.commuteM(&p.Teams[k])
				}
			}
			if ps.At != nil && lim == 0 {
				u := units[jobs[0].Unit].Centre
				if want := math.Hypot(u.X-ps.At.X, u.Y-ps.At.Y) / 20000; !near(jobs[0].TravelDays, want) {
					t.Fatalf("instance %d: %s's first travel %v, want %v from its position", it, ps.Team, jobs[0].TravelDays, want)
				}
			}
		}
	}
}

// TestPositionBoundClassMate: two identical teams based 3,000 km from the
// units; the second is positioned at them. Its first job needs no travel,
// so the bound (whose classes pool teams of one method, rate and base)
// must not charge the class the 20 days from the base: at most the plan's
// cost, 10 days × risk for the one unit.
func TestPositionBoundClassMate(t *testing.T) {
	far := geo.XY{X: 3_000_000}
	units := []Unit{{ID: "a", Kind: geo.CHA, AreaM2: 1000, Risk: 1}}
	teams := []Team{{Name: "M", Method: MethodManual, M2PerDay: 100, Count: 2, Base: &far}}
	cfg := &Config{Policy: noSurvey, Calendar: sevenDays, Positions: []TeamPosition{{Team: "M-2", At: &geo.XY{}}}}
	p, err := Schedule(context.Background(), units, teams, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if p.Cost != 10 || p.Jobs[0].TeamName != "M-2" || !relLE(p.Bound, p.Cost) {
		t.Errorf("cost %v by %s, bound %v; want 10 by M-2, bound at most 10", p.Cost, p.Jobs[0].TeamName, p.Bound)
	}
}

// TestPositionBaseline: a baseline plan with positions, and more teams
// (400 instances: some fall back on the baseline, see Config.Baseline):
// Schedule runs (it may fall back on the baseline's teams, which leaves a
// positioned team out of the model) and never ends later than the
// baseline.
func TestPositionBaseline(t *testing.T) {
	r := rand.New(rand.NewPCG(12, 7))
	for it := range 400 {
		units, teams := randInstance(r, 15+r.IntN(20), 3, true)
		for i := range teams {
			teams[i].Name = fmt.Sprintf("T%d", i)
		}
		more := append(slices.Clone(teams), randTeam(r, MethodManual, true), randTeam(r, MethodTS, true))
		more[len(more)-2].Name, more[len(more)-1].Name = "X1", "X2"
		pos := randPositions(r, more, monday)
		cfg := &Config{TravelKmPerDay: 20, Calendar: Calendar{Start: monday}, Budget: 5000,
			Positions: slices.DeleteFunc(slices.Clone(pos), func(p TeamPosition) bool { return p.Team[0] == 'X' })}
		base, err := Schedule(context.Background(), units, teams, cfg)
		if err != nil {
			t.Fatal(err)
		}
		c := *cfg
		c.Baseline, c.Positions = base, pos
		p, err := Schedule(context.Background(), units, more, &c)
		if err != nil {
			t.Fatal(err)
		}
		if p.LastReleaseDay > base.LastReleaseDay+1e-9 {
			t.Fatalf("instance %d: more teams end on day %v, the baseline on %v", it, p.LastReleaseDay, base.LastReleaseDay)
		}
	}
}
