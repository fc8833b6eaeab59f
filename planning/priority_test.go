package planning

import (
	"errors"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/risk"
)

func prioritise(t *testing.T, d *geo.Dataset, opts *PriorityOptions) ([]Unit, []Priority, *risk.Surface) {
	t.Helper()
	s := scoreSurface(t, d, nil)
	units, err := UnitsFromSurface(s, nil)
	if err != nil {
		t.Fatal(err)
	}
	ps, err := Prioritise(units, s, nil, opts)
	if err != nil {
		t.Fatal(err)
	}
	return units, ps, s
}

func byID(ps []Priority, id string) *Priority {
	for i := range ps {
		if ps[i].ID == id {
			return &ps[i]
		}
	}
	return nil
}

func TestPrioritiseCriteria(t *testing.T) {
	units, ps, _ := prioritise(t, papravend(), nil)
	if len(ps) != len(units) {
		t.Fatalf("%d priorities for %d units", len(ps), len(units))
	}
	for i, p := range ps {
		if p.Rank != i+1 || p.ID != units[p.Unit].ID {
			t.Errorf("priority %d: rank %d, unit %d id %q", i, p.Rank, p.Unit, p.ID)
		}
		if i > 0 && p.Score > ps[i-1].Score {
			t.Errorf("rank %d scores %v above rank %d's %v", p.Rank, p.Score, i, ps[i-1].Score)
		}
	}
	sha := byID(ps, "SHA-014")
	// Near the 2025 casualty (1 injured) and the 2021 one (1 killed).
	if sha.CasualtiesNearby != 2 || sha.IncidentsNearby != 2 || !slices.Contains(sha.Criteria, CriterionLife) {
		t.Errorf("SHA-014: %+v", sha)
	}
	if want := "2 casualties within 2 km (latest 2025-06-30, anti-personnel)"; sha.Reasons[0] != want {
		t.Errorf("SHA-014 first reason %q, want %q", sha.Reasons[0], want)
	}
	if sha.NearestSettlement != "Papravend" || !(sha.NearestSettlementM < 200) {
		t.Errorf("SHA-014 nearest settlement %q at %v m", sha.NearestSettlement, sha.NearestSettlementM)
	}
	// No settlement has a return date: a populated village within 2 km
	// stands for return; the land use is pasture.
	if !slices.Equal(sha.Criteria, []Criterion{CriterionLife, CriterionReturn, CriterionFarmland}) {
		t.Errorf("SHA-014 criteria %v", sha.Criteria)
	}
	wantReasons := []string{
		"2 casualties within 2 km (latest 2025-06-30, anti-personnel)",
		"Papravend (pop. 2,173) ",
		"land use: pasture",
		"likelihood ",
		"suspected hazardous area: old front line",
	}
	if len(sha.Reasons) != len(wantReasons) {
		t.Fatalf("SHA-014 reasons %q", sha.Reasons)
	}
	for i, w := range wantReasons {
		if !strings.HasPrefix(sha.Reasons[i], w) {
			t.Errorf("SHA-014 reason %d = %q, want it to start %q", i, sha.Reasons[i], w)
		}
	}
	cha := byID(ps, "CHA-007")
	if !slices.Contains(cha.Criteria, CriterionReconstruction) || !slices.Contains(cha.Reasons, "reconstruction project: Papravend school") ||
		cha.Reasons[len(cha.Reasons)-1] != "confirmed hazardous area: mine sighted" {
		t.Errorf("CHA-007: %+v", cha)
	}
	far := byID(ps, "SHA-020")
	if !slices.Equal(far.Criteria, []Criterion{CriterionCommunity}) || far.CasualtiesNearby != 0 || far.IncidentsNearby != 1 ||
		far.Reasons[0] != "1 incident within 2 km (latest 2023-09-02, anti-tank), no casualties recorded" ||
		far.Reasons[1] != "community need recorded" {
		t.Errorf("SHA-020: %+v", far)
	}
}

func TestPrioritisePlannedReturn(t *testing.T) {
	d := papravend()
	d.Settlements[1].PlannedReturn = time.Date(2027, 5, 1, 0, 0, 0, 0, time.UTC)  // Boyahmadli
	d.Settlements[2].PlannedReturn = time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC) // Qizil Kangarli
	_, ps, _ := prioritise(t, d, nil)
	sha := byID(ps, "SHA-014")
	// Boyahmadli is about 3.5 km away, Qizil Kangarli beyond 5 km; with
	// return dates known, Papravend (no date) no longer stands for return.
	if !sha.PlannedReturn.Equal(d.Settlements[1].PlannedReturn) || !slices.Contains(sha.Criteria, CriterionReturn) ||
		!slices.Contains(sha.Reasons, "planned return to Boyahmadli on 2027-05-01") {
		t.Errorf("SHA-014: %+v", sha)
	}
	far := byID(ps, "SHA-020") // 3-5 km from both
	if !far.PlannedReturn.Equal(d.Settlements[2].PlannedReturn) {
		t.Errorf("SHA-020 planned return %v, want the earlier one", far.PlannedReturn)
	}
	_, ps, _ = prioritise(t, d, &PriorityOptions{ReturnRadiusM: 1000})
	if sha := byID(ps, "SHA-014"); slices.Contains(sha.Criteria, CriterionReturn) || !sha.PlannedReturn.IsZero() {
		t.Errorf("SHA-014 with a 1 km return radius: %+v", sha)
	}
}

func TestPrioritiseNoCasualtyFarAway(t *testing.T) {
	_, ps, _ := prioritise(t, papravend(), &PriorityOptions{NearbyM: 50})
	for _, p := range ps {
		if slices.Contains(p.Criteria, CriterionLife) != (p.CasualtiesNearby > 0) {
			t.Errorf("%s: life %v with %d casualties", p.ID, p.Criteria, p.CasualtiesNearby)
		}
	}
	// The 2025 incident lies inside SHA-014, within 50 m of a cell centre.
	if sha := byID(ps, "SHA-014"); sha.CasualtiesNearby != 1 || !strings.HasPrefix(sha.Reasons[0], "1 casualty within 50 m") {
		t.Errorf("SHA-014: %+v", sha)
	}
}

// The ranking is the scheduler's ratio order and the scores its ratios.
func TestPrioritiseMatchesSchedulerOrder(t *testing.T) {
	units, ps, _ := prioritise(t, papravend(), nil)
	teams := []Team{{Method: MethodNTS}, {Method: MethodTS}, {Method: MethodMDD, Count: 3}}
	m, err := newModel(units, expandTeams(teams), nil, DefaultTravelKmPerDay, true)
	if err != nil {
		t.Fatal(err)
	}
	order := slices.DeleteFunc(m.ratioOrder(), func(u int) bool { return units[u].AreaM2 == 0 })
	if len(order) != len(ps) {
		t.Fatalf("%d priorities, %d units with land", len(ps), len(order))
	}
	for i, p := range ps {
		if p.Unit != order[i] {
			t.Fatalf("rank %d is unit %d, ratio order has %d", p.Rank, p.Unit, order[i])
		}
		u := units[p.Unit]
		work := 0.0
		for _, st := range (*Policy)(nil).Steps(u) {
			switch st.Kind {
			case NTS:
				work += st.AreaM2 / NTSM2PerDay
			case TS:
				work += st.AreaM2 / TSM2PerDay
			case Clearance:
				work += st.AreaM2 / (ManualM2PerDeminerDay * DefaultDeminers)
			}
		}
		if !relClose(p.Score, u.Risk/work, 1e-12) {
			t.Errorf("%s score %v, want %v", p.ID, p.Score, u.Risk/work)
		}
	}
}

func TestPrioritiseDeterministic(t *testing.T) {
	_, a, _ := prioritise(t, papravend(), nil)
	for range 3 {
		_, b, _ := prioritise(t, papravend(), nil)
		if !reflect.DeepEqual(a, b) {
			t.Fatal("priorities differ between runs")
		}
	}
}

func TestPrioritiseHandBuiltUnits(t *testing.T) {
	s := scoreSurface(t, papravend(), nil)
	units := []Unit{
		{ID: "by-hand", Kind: geo.CHA, AreaM2: 5000, Risk: 2, HazardIDs: []string{"CHA-007"},
			Centre: s.Projection.Forward(geo.LonLat{Lon: 46.847, Lat: 40.164})},
		{ID: "empty", Kind: geo.SHA},
	}
	ps, err := Prioritise(units, s, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 1 || ps[0].ID != "by-hand" || ps[0].Rank != 1 || math.IsInf(ps[0].Score, 0) {
		t.Fatalf("only the unit with land is ranked, with a finite score: %+v", ps)
	}
	if got := Unranked(units); !slices.Equal(got, []int{1}) {
		t.Errorf("Unranked = %v, want [1] (the unit without work)", got)
	}
	if !slices.Contains(ps[0].Criteria, CriterionReconstruction) || !slices.Contains(ps[0].Criteria, CriterionLife) {
		t.Errorf("hand-built unit: %+v", ps[0])
	}
}

func TestPrioritiseErrors(t *testing.T) {
	s := scoreSurface(t, papravend(), nil)
	good := []Unit{{ID: "a", Kind: geo.SHA, AreaM2: 1, Risk: 1}}
	for name, c := range map[string]struct {
		units []Unit
		opts  *PriorityOptions
		want  error
	}{
		"negative radius": {good, &PriorityOptions{NearbyM: -1}, ErrInvalid},
		"NaN radius":      {good, &PriorityOptions{ReturnRadiusM: math.NaN()}, ErrInvalid},
		"inf radius":      {good, &PriorityOptions{SettlementRadiusM: math.Inf(1)}, ErrInvalid},
		"bad hazard":      {[]Unit{{ID: "a", Kind: geo.SHA, Hazards: []int{9}}}, nil, ErrInvalid},
		"bad cell":        {[]Unit{{ID: "a", Kind: geo.SHA, Cells: []int{-1}}}, nil, ErrInvalid},
		"duplicate id":    {[]Unit{good[0], good[0]}, nil, ErrDuplicateID},
	} {
		_, err := Prioritise(c.units, s, nil, c.opts)
		if !errors.Is(err, c.want) {
			t.Errorf("%s: error %v, want %v", name, err, c.want)
		}
	}
	if ps, err := Prioritise(nil, s, nil, nil); err != nil || len(ps) != 0 {
		t.Errorf("no units: %v, %v", ps, err)
	}
}

func TestCriterionNames(t *testing.T) {
	for c := CriterionLife; c <= CriterionFarmland; c++ {
		if strings.HasPrefix(c.String(), "Criterion(") {
			t.Errorf("criterion %d has no name", c)
		}
	}
	if Criterion(0).String() != "Criterion(0)" {
		t.Error("Criterion(0) named")
	}
}

func TestSetProp(t *testing.T) {
	landUse := []string{"land use", "landuse"}
	community := []string{"community need", "communityneed"}
	for _, c := range []struct {
		props map[string]any
		names []string
		want  string
		ok    bool
	}{
		{nil, landUse, "", false},
		{map[string]any{"Land-Use": " Pasture "}, landUse, "Pasture", true},
		{map[string]any{"LandUse": "orchard"}, landUse, "orchard", true},
		{map[string]any{"land__use": "orchard"}, landUse, "orchard", true},
		{map[string]any{"land_use": ""}, landUse, "", false},
		{map[string]any{"land_used": "arable"}, landUse, "", false},
		{map[string]any{"project": false}, []string{"project"}, "", false},
		{map[string]any{"project": "no"}, []string{"project"}, "", false},
		{map[string]any{"project": "N"}, []string{"project"}, "", false},
		{map[string]any{"project": 3.0}, []string{"project"}, "3", true},
		{map[string]any{"project": math.NaN()}, []string{"project"}, "", false},
		{map[string]any{"Community Need": true}, community, "true", true},
		{map[string]any{"COMMUNITYNEED": "school"}, community, "school", true},
		{map[string]any{"community-need": "clinic"}, community, "clinic", true},
		{map[string]any{"landuse": "", "land_use": "arable"}, landUse, "arable", true},
		// The first set one in sorted key order.
		{map[string]any{"land_use": "pasture", "Land Use": "arable"}, landUse, "arable", true},
	} {
		got, ok := setProp(c.props, c.names...)
		if got != c.want || ok != c.ok {
			t.Errorf("setProp(%v, %q) = %q, %v; want %q, %v", c.props, c.names, got, ok, c.want, c.ok)
		}
	}
}

// Without return dates in the data, any populated settlement within
// SettlementRadiusM stands for return, not only the nearest.
func TestPrioritiseReturnFallback(t *testing.T) {
	d := papravend()
	d.Settlements[0].Population = -1
	_, ps, _ := prioritise(t, d, nil)
	if sha := byID(ps, "SHA-014"); slices.Contains(sha.Criteria, CriterionReturn) || !slices.Contains(sha.Reasons, "Papravend 93 m away") {
		t.Errorf("SHA-014 with only an unpopulated village near: %+v", sha)
	}
	d.Settlements = append(d.Settlements, geo.Settlement{Name: "Hamlet", Population: 50, Point: geo.LonLat{Lon: 46.830, Lat: 40.150}})
	_, ps, _ = prioritise(t, d, nil)
	if sha := byID(ps, "SHA-014"); !slices.Contains(sha.Criteria, CriterionReturn) || sha.NearestSettlement != "Papravend" {
		t.Errorf("SHA-014 with a populated hamlet 1.1 km away: %+v", sha)
	}
}
