package planning

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/landrelease/clearance/geo"
)

// scanPick is pick as a scan of every team able to do the step, in index
// order, keeping the first of the least (start + pickShare × duration, free
// time): the oracle for the pick classes' heads.
func scanPick(m *model, free []float64, ready float64, st *mstep, u int) choice {
	row, cl := m.row(st), m.cls[st.kind]
	best, bestV := choice{end: math.Inf(1), k: -1, year: -1}, math.Inf(1)
	var uc []span
	if m.uclosed != nil {
		uc = m.uclosed[u]
	}
	for i, k := range m.teamsOf[st.kind] {
		d := row[cl[i]]
		if math.IsInf(d, 1) {
			continue
		}
		c := choice{start: max(free[k], ready), k: k, year: -1, dur: d}
		tc := m.closedOf(k)
		c.start = skipClosed(c.start, tc, uc)
		if m.bud != nil && !m.fund(&c, st.area, d, tc, uc, free[len(m.rate):]) {
			continue
		}
		c.end = advance(c.start, d, tc, uc)
		if v := c.start + pickShare*(c.end-c.start); v < bestV || v == bestV && free[k] < free[best.k] {
			best, bestV = c, v
		}
	}
	return best
}

// TestPickClassesScanAll: on random instances with many identical teams
// (some with closures of their own), unit closures, land rules, a survey
// lead and budgets, the list schedule of a random order picks, step by
// step, the same team at the same times with the pick classes' heads as
// with a scan of every team.
func TestPickClassesScanAll(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 4))
	trials := 300
	if testing.Short() {
		trials = 60
	}
	lands := []Land{{}, {Slope: "steep"}, {Vegetation: "forest"}, {Use: "built-up"}}
	for trial := range trials {
		n := 5 + r.IntN(40)
		units, _ := randInstance(r, n, 1, false)
		for i := range units {
			units[i].Land = lands[r.IntN(len(lands))]
			if r.IntN(4) == 0 {
				from := monday.AddDate(0, 0, r.IntN(60))
				units[i].Closures = []Closure{{From: from, To: from.AddDate(0, 0, 1+r.IntN(30))}}
			}
		}
		var teams []Team
		bases := []*geo.XY{nil, {X: 1000, Y: 2000}, {X: 50000, Y: 30000}}
		for _, meth := range []Method{MethodNTS, MethodTS, MethodManual, MethodMDD, MethodMechanical} {
			for range 1 + r.IntN(3) {
				tm := randTeam(r, meth, false)
				tm.Method = meth
				tm.M2PerDay = []float64{0, 500, 2000}[r.IntN(3)]
				tm.Base = bases[r.IntN(len(bases))]
				tm.Count = 1 + r.IntN(5)
				if r.IntN(3) == 0 {
					from := monday.AddDate(0, 0, r.IntN(40))
					tm.Closures = []Closure{{From: from, To: from.AddDate(0, 0, 1+r.IntN(20))}}
				}
				teams = append(teams, tm)
			}
		}
		all := expandTeams(teams)
		cal := Calendar{Start: monday}
		m, err := newGroundModel(units, all, nil, DefaultTravelKmPerDay, true,
			ground{rules: newLandRules(DefaultLandRules()), table: newWorkTable(&cal)})
		if err != nil {
			continue // a unit no team may work: not this test's concern
		}
		if r.IntN(2) == 0 {
			m.lead = float64(r.IntN(30))
		}
		if r.IntN(3) == 0 {
			costs := &Costs{PerTeamDay: map[Method]float64{MethodManual: 100, MethodMDD: 150, MethodMechanical: 400, MethodNTS: 50, MethodTS: 80},
				Yearly: 20000 + float64(r.IntN(200000))}
			m.bud = newBudget(costs, all, newWorkTable(&cal))
		}
		if len(m.pc) >= len(all) && trial == 0 {
			t.Fatalf("%d pick classes for %d teams: identical teams not grouped", len(m.pc), len(all))
		}
		s := m.newState()
		free := make([]float64, m.stateLen())
		for _, u := range r.Perm(n) {
			ready, want := m.surveyFloor(&s, u), 0.0
			{ // the oracle's survey floor: every clearance team able to work u
				first, last := m.stepStart[u], m.stepStart[u+1]-1
				if m.lead > 0 && last > first && m.steps[last].kind == Clearance {
					cf := math.Inf(1)
					for i, k := range m.teamsOf[Clearance] {
						if !math.IsInf(m.durOf(&m.steps[last], i), 1) {
							cf = min(cf, free[k])
						}
					}
					want = max(0, cf-m.lead)
				}
			}
			if ready != want {
				t.Fatalf("trial %d unit %d: survey floor %v, scan %v", trial, u, ready, want)
			}
			for j := m.stepStart[u]; j < m.stepStart[u+1]; j++ {
				st := &m.steps[j]
				got, exp := m.pick(&s, ready, st, u), scanPick(m, free, ready, st, u)
				if got != exp {
					t.Fatalf("trial %d unit %d step %v: heads pick %+v, scan %+v", trial, u, st.kind, got, exp)
				}
				if got.k < 0 {
					break
				}
				m.commit(&s, got)
				free[got.k] = got.end
				if got.year >= 0 {
					free[len(m.rate)+got.year] += got.cost
				}
				ready = got.end
			}
		}
	}
}

// TestPickClassesGroup: teams of one method, rate and base fall into one
// class unless their closures differ.
func TestPickClassesGroup(t *testing.T) {
	base := &geo.XY{X: 10, Y: 10}
	closed := []Closure{{From: monday.AddDate(0, 0, 3), To: monday.AddDate(0, 0, 9)}}
	teams := []Team{
		{Name: "a", Method: MethodManual, Count: 4, Base: base},
		{Name: "b", Method: MethodManual, Count: 2, Base: base, Closures: closed},
		{Name: "c", Method: MethodManual, Count: 3},
		{Name: "d", Method: MethodManual, Count: 2, Base: base},
		{Name: "n", Method: MethodNTS},
		{Name: "t", Method: MethodTS},
	}
	all := expandTeams(teams)
	cal := Calendar{Start: monday, Weekdays: []time.Weekday{1, 2, 3, 4, 5}}
	units := []Unit{{ID: "u", Kind: geo.SHA, AreaM2: 1e4, Risk: 1}}
	m, err := newGroundModel(units, all, nil, DefaultTravelKmPerDay, true, ground{table: newWorkTable(&cal)})
	if err != nil {
		t.Fatal(err)
	}
	if got := len(m.pcls[Clearance]); got != 3 {
		t.Fatalf("%d clearance classes, want 3 (a+d, b, c)", got)
	}
	sizes := []int32{}
	for _, c := range m.pcls[Clearance] {
		sizes = append(sizes, m.pc[c].end-m.pc[c].off)
	}
	if sizes[0] != 6 || sizes[1] != 2 || sizes[2] != 3 {
		t.Errorf("class sizes %v, want [6 2 3]", sizes)
	}
}
