package planning

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/risk"
	"github.com/paulmach/orb"
)

// rect returns a closed counter-clockwise lon/lat rectangle.
func rect(lon0, lat0, lon1, lat1 float64) orb.Ring {
	return orb.Ring{{lon0, lat0}, {lon1, lat0}, {lon1, lat1}, {lon0, lat1}, {lon0, lat0}}
}

// papravend is a small hand-built dataset near Papravənd: two overlapping
// hazards (a CHA with a hole inside an SHA's corner), a third apart, a
// closed one, the 2025 casualty and an older incident, and three villages.
func papravend() *geo.Dataset {
	hole := rect(46.8445, 40.1625, 46.8455, 40.1632)
	slices.Reverse(hole)
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	return &geo.Dataset{
		Hazards: []geo.Hazard{
			{ID: "SHA-014", Kind: geo.SHA, Status: geo.StatusOpen, Evidence: []string{"old front line"},
				Geometry:   orb.MultiPolygon{{rect(46.836, 40.159, 46.848, 40.166)}},
				Properties: map[string]any{"district": "Aghdam", "Land Use": "pasture"}},
			{ID: "CHA-007", Kind: geo.CHA, Status: geo.StatusWorkedOn, Evidence: []string{"mine sighted"},
				Geometry:   orb.MultiPolygon{{rect(46.843, 40.161, 46.852, 40.168), hole}},
				Properties: map[string]any{"district": "Aghdam", "reconstruction": "Papravend school"}},
			{ID: "SHA-020", Kind: geo.SHA, Status: geo.StatusOpen,
				Geometry:   orb.MultiPolygon{{rect(46.900, 40.120, 46.906, 40.124)}},
				Properties: map[string]any{"district": 12.0, "community_need": true}},
			{ID: "SHA-003", Kind: geo.SHA, Status: geo.StatusClosed,
				Geometry: orb.MultiPolygon{{rect(46.838, 40.163, 46.841, 40.169)}}},
		},
		Incidents: []geo.Incident{
			{ID: "police officer", Date: day(2025, 6, 30), Injured: 1, Device: geo.DeviceAP,
				Point: geo.LonLat{Lon: 46.842, Lat: 40.163}},
			{ID: "old", Date: day(2021, 3, 1), Killed: 1, Device: geo.DeviceUXO,
				Point: geo.LonLat{Lon: 46.851, Lat: 40.170}},
			{ID: "tractor", Date: day(2023, 9, 2), Device: geo.DeviceAT,
				Point: geo.LonLat{Lon: 46.902, Lat: 40.125}},
		},
		Settlements: []geo.Settlement{
			{Name: "Papravend", Population: 2173, Point: geo.LonLat{Lon: 46.841667, Lat: 40.158333}},
			{Name: "Boyahmadli", Population: 868, Point: geo.LonLat{Lon: 46.862778, Lat: 40.130833}},
			{Name: "Qizil Kangarli", Population: 529, Point: geo.LonLat{Lon: 46.878861, Lat: 40.098806}},
		},
	}
}

// scoreSurface projects d and scores it with the default model.
func scoreSurface(t testing.TB, d *geo.Dataset, opts *risk.ScoreOptions) *risk.Surface {
	t.Helper()
	p, err := d.UTM("")
	if err != nil {
		t.Fatal(err)
	}
	s, err := (&risk.Model{}).Score(t.Context(), p, opts)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func relClose(a, b, tol float64) bool {
	return math.Abs(a-b) <= tol*max(math.Abs(a), math.Abs(b), 1e-300)
}

// checkSums checks that the units' areas and risks sum to the surface's.
func checkSums(t *testing.T, s *risk.Surface, units []Unit) {
	t.Helper()
	area, total := s.Total()
	var a, r float64
	for _, u := range units {
		a += u.AreaM2
		r += u.Risk
	}
	if !relClose(a, area, 1e-9) {
		t.Errorf("units' area %.6f m², surface %.6f m²", a, area)
	}
	if !relClose(r, total, 1e-9) {
		t.Errorf("units' risk %.12g, surface %.12g", r, total)
	}
}

func TestUnitsFromSurface(t *testing.T) {
	s := scoreSurface(t, papravend(), nil)
	units, err := UnitsFromSurface(s, &UnitOptions{IncludeClosed: true})
	if err != nil {
		t.Fatal(err)
	}
	checkSums(t, s, units)
	if len(units) != 4 {
		t.Fatalf("%d units, want 4", len(units))
	}
	mixed := mixedKinds(s)
	if !mixed[0] || !mixed[1] || mixed[2] {
		t.Fatalf("hazards overlapping one of the other kind: %v, want SHA-014 and CHA-007", mixed)
	}
	for h, u := range units {
		src := s.Projected().Source.Hazards[h]
		if u.ID != src.ID || u.Kind != src.Kind || !slices.Equal(u.Hazards, []int{h}) ||
			!slices.Equal(u.HazardIDs, []string{src.ID}) || !slices.Equal(u.Evidence, src.Evidence) || u.Block {
			t.Errorf("unit %d = %+v does not match hazard %+v", h, u, src)
		}
		checkRiskMass(t, s, mixed, h, u)
		if !slices.IsSorted(u.Cells) || len(u.Cells) != s.Hazards[h].Cells {
			t.Errorf("unit %s cells %v (hazard touches %d)", u.ID, u.Cells, s.Hazards[h].Cells)
		}
		// The centre is the area-weighted centroid: inside the cells' box.
		lo, hi := s.Cells[u.Cells[0]].Centre, s.Cells[u.Cells[0]].Centre
		for _, k := range u.Cells {
			c := s.Cells[k].Centre
			lo.X, lo.Y, hi.X, hi.Y = min(lo.X, c.X), min(lo.Y, c.Y), max(hi.X, c.X), max(hi.Y, c.Y)
		}
		if u.Centre.X < lo.X || u.Centre.X > hi.X || u.Centre.Y < lo.Y || u.Centre.Y > hi.Y {
			t.Errorf("unit %s centre %v outside its cells %v–%v", u.ID, u.Centre, lo, hi)
		}
		back := s.Projection.Forward(u.LonLat)
		if math.Hypot(back.X-u.Centre.X, back.Y-u.Centre.Y) > 1e-3 {
			t.Errorf("unit %s LonLat %v is not its centre %v", u.ID, u.LonLat, u.Centre)
		}
	}
	// Overlap: SHA-014 and CHA-007 share cells, and their areas in them
	// are shared, not double counted: each unit's area is at most the
	// hazard's own area.
	for h, u := range units {
		if u.AreaM2 > s.Hazards[h].AreaM2*(1+1e-12) {
			t.Errorf("unit %s area %v above the hazard's own %v", u.ID, u.AreaM2, s.Hazards[h].AreaM2)
		}
	}
	if !(units[0].AreaM2 < s.Hazards[0].AreaM2-1) {
		t.Errorf("overlapping SHA-014 kept its whole area %v", units[0].AreaM2)
	}
	if units[0].District != "Aghdam" || units[2].District != "12" || units[3].District != "" {
		t.Errorf("districts %q %q %q", units[0].District, units[2].District, units[3].District)
	}
}

// mixedKinds reports, per hazard, whether it shares a cell with a hazard
// of the other kind (SHA with CHA).
func mixedKinds(s *risk.Surface) []bool {
	hz := s.Projected().Source.Hazards
	mixed := make([]bool, len(hz))
	for k := range s.Cells {
		hs := s.CellHazards(k)
		var kinds [3]bool
		for _, h := range hs {
			kinds[hz[h].Kind] = true
		}
		if kinds[geo.SHA] && kinds[geo.CHA] {
			for _, h := range hs {
				mixed[h] = true
			}
		}
	}
	return mixed
}

// checkRiskMass checks that the unit of hazard h has the hazard's risk
// mass, or, if the hazard overlaps one of the other kind, more for a CHA
// (direct evidence keeps its own area) and less for an SHA.
func checkRiskMass(t *testing.T, s *risk.Surface, mixed []bool, h int, u Unit) {
	t.Helper()
	mass := s.Hazards[h].RiskMass
	switch {
	case !mixed[h]:
		if !relClose(u.Risk, mass, 1e-12) && u.Risk != mass {
			t.Errorf("unit %s risk %v, hazard risk mass %v", u.ID, u.Risk, mass)
		}
	case u.Kind == geo.CHA:
		if !(u.Risk > mass) {
			t.Errorf("CHA unit %s overlapping an SHA: risk %v, not above its risk mass %v", u.ID, u.Risk, mass)
		}
	default:
		if !(u.Risk < mass) {
			t.Errorf("SHA unit %s overlapping a CHA: risk %v, not below its risk mass %v", u.ID, u.Risk, mass)
		}
	}
}

// TestUnitsCHAFirst: where a confirmed and a suspected area overlap, the
// CHA keeps its own area (direct evidence wins) and the SHA gets only the
// rest of the union; risk follows the area. Checked cell by cell against
// a direct computation, with one CHA inside an SHA's corner and two CHAs
// overlapping each other inside another SHA (their own areas exceed the
// union in some cells: the SHA gets nothing there).
func TestUnitsCHAFirst(t *testing.T) {
	d := &geo.Dataset{
		Hazards: []geo.Hazard{
			{ID: "SHA-1", Kind: geo.SHA, Status: geo.StatusOpen, Geometry: orb.MultiPolygon{{rect(46.836, 40.159, 46.848, 40.166)}}},
			{ID: "CHA-1", Kind: geo.CHA, Status: geo.StatusOpen, Geometry: orb.MultiPolygon{{rect(46.8433, 40.1611, 46.8521, 40.1683)}}},
			{ID: "SHA-2", Kind: geo.SHA, Status: geo.StatusOpen, Geometry: orb.MultiPolygon{{rect(46.900, 40.120, 46.910, 40.130)}}},
			{ID: "CHA-2", Kind: geo.CHA, Status: geo.StatusOpen, Geometry: orb.MultiPolygon{{rect(46.9013, 40.1212, 46.9061, 40.1257)}}},
			{ID: "CHA-3", Kind: geo.CHA, Status: geo.StatusOpen, Geometry: orb.MultiPolygon{{rect(46.9038, 40.1233, 46.9087, 40.1281)}}},
		},
		Incidents: []geo.Incident{{ID: "a", Injured: 1, Point: geo.LonLat{Lon: 46.845, Lat: 40.163}},
			{ID: "b", Killed: 1, Point: geo.LonLat{Lon: 46.905, Lat: 40.125}}},
		Settlements: []geo.Settlement{{Name: "V", Population: 500, Point: geo.LonLat{Lon: 46.87, Lat: 40.14}}},
	}
	s := scoreSurface(t, d, nil)
	units, err := UnitsFromSurface(s, nil)
	if err != nil {
		t.Fatal(err)
	}
	checkSums(t, s, units)
	mixed := mixedKinds(s)
	for h, u := range units {
		if !mixed[h] {
			t.Fatalf("hazard %s overlaps no hazard of the other kind", u.ID)
		}
		checkRiskMass(t, s, mixed, h, u)
	}
	// Oracle: per cell, the CHAs take min(Σ own, union), split by own area.
	var area, rsk [5]float64
	capped := 0
	for k := range s.Cells {
		hs, as := s.CellHazards(k), s.CellHazardAreas(k)
		c := s.Cells[k]
		var sumC, sumS float64
		for q, h := range hs {
			if d.Hazards[h].Kind == geo.CHA {
				sumC += as[q]
			} else {
				sumS += as[q]
			}
		}
		forC := c.AreaM2
		if sumS > 0 {
			forC = min(sumC, c.AreaM2)
			if sumC > c.AreaM2 {
				capped++
			}
		}
		for q, h := range hs {
			a := (c.AreaM2 - forC) * as[q] / sumS
			if d.Hazards[h].Kind == geo.CHA {
				a = forC * as[q] / sumC
			}
			area[h] += a
			rsk[h] += c.Risk * a / c.AreaM2
		}
	}
	for h, u := range units {
		if !relClose(u.AreaM2, area[h], 1e-9) || !relClose(u.Risk, rsk[h], 1e-9) {
			t.Errorf("unit %s: area %v m², risk %v; want %v m², %v", u.ID, u.AreaM2, u.Risk, area[h], rsk[h])
		}
	}
	// CHA-1, the only CHA in its cells, keeps its whole own area; SHA-1
	// gets the rest of the union.
	if !relClose(units[1].AreaM2, s.Hazards[1].AreaM2, 1e-9) {
		t.Errorf("CHA-1 area %v m², its own %v m²", units[1].AreaM2, s.Hazards[1].AreaM2)
	}
	if want := s.Hazards[0].AreaM2 + s.Hazards[1].AreaM2 - units[1].AreaM2; !(units[0].AreaM2 < want) {
		t.Errorf("SHA-1 area %v m², not below the union's rest", units[0].AreaM2)
	}
	// CHA-2 and CHA-3 overlap each other inside SHA-2: in some cells their
	// own areas exceed the union, which they then take whole.
	if capped == 0 {
		t.Error("no cell where the CHAs' own areas exceed the union: the cap is not tested")
	}
	if units[3].AreaM2+units[4].AreaM2 > s.Hazards[3].AreaM2+s.Hazards[4].AreaM2 {
		t.Errorf("CHA-2 and CHA-3 got %v m², above their own %v m²", units[3].AreaM2+units[4].AreaM2,
			s.Hazards[3].AreaM2+s.Hazards[4].AreaM2)
	}
}

func TestUnitsClosedLeftOut(t *testing.T) {
	s := scoreSurface(t, papravend(), nil)
	units, err := UnitsFromSurface(s, nil)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, u := range units {
		ids = append(ids, u.ID)
	}
	if !slices.Equal(ids, []string{"SHA-014", "CHA-007", "SHA-020"}) {
		t.Errorf("ids %v, want the closed SHA-003 left out", ids)
	}
	all, _ := UnitsFromSurface(s, &UnitOptions{IncludeClosed: true})
	var a, b float64
	for _, u := range units {
		a += u.Risk
	}
	for _, u := range all {
		b += u.Risk
	}
	if !(a < b) {
		t.Errorf("leaving out the closed hazard kept its risk: %v vs %v", a, b)
	}
}

func TestUnitsBlocks(t *testing.T) {
	s := scoreSurface(t, papravend(), nil)
	whole, err := UnitsFromSurface(s, &UnitOptions{IncludeClosed: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, blockM := range []float64{100, 200, 300, 500, 1000, 10000} {
		t.Run(fmt.Sprint(blockM), func(t *testing.T) {
			units, err := UnitsFromSurface(s, &UnitOptions{BlockM: blockM, IncludeClosed: true, SliverM2: -1})
			if err != nil {
				t.Fatal(err)
			}
			checkSums(t, s, units)
			per := int(blockM / 100)
			type block struct{ h, bi, bj int }
			seen := map[block]bool{}
			cells := make([][]int, len(whole))
			area := make([]float64, len(whole))
			prev := block{-1, 0, 0}
			for _, u := range units {
				h := u.Hazards[0]
				c0 := s.Cells[u.Cells[0]]
				b := block{h, floorDiv(c0.I, per), floorDiv(c0.J, per)}
				if u.ID != fmt.Sprintf("%s/%d,%d", whole[h].ID, b.bi, b.bj) || !u.Block {
					t.Errorf("unit %q, block %v, Block %v", u.ID, b, u.Block)
				}
				if seen[b] {
					t.Errorf("block %v twice", b)
				}
				seen[b] = true
				if b.h < prev.h || b.h == prev.h && (b.bj < prev.bj || b.bj == prev.bj && b.bi <= prev.bi) {
					t.Errorf("block %v after %v: not in (hazard, bj, bi) order", b, prev)
				}
				prev = b
				for _, k := range u.Cells {
					c := s.Cells[k]
					if floorDiv(c.I, per) != b.bi || floorDiv(c.J, per) != b.bj {
						t.Errorf("unit %s holds cell %d,%d outside its block", u.ID, c.I, c.J)
					}
				}
				cells[h] = append(cells[h], u.Cells...)
				area[h] += u.AreaM2
			}
			// The blocks of a hazard partition its cells and its area.
			for h := range whole {
				slices.Sort(cells[h])
				if !slices.Equal(cells[h], whole[h].Cells) {
					t.Errorf("hazard %d: blocks hold cells %v, the hazard %v", h, cells[h], whole[h].Cells)
				}
				if !relClose(area[h], whole[h].AreaM2, 1e-12) {
					t.Errorf("hazard %d: blocks' area %v, hazard's %v", h, area[h], whole[h].AreaM2)
				}
			}
		})
	}
}

func TestUnitsBlockErrors(t *testing.T) {
	s := scoreSurface(t, papravend(), nil)
	for _, b := range []float64{-100, 150, 50, math.NaN(), math.Inf(1), 1e-300} {
		if _, err := UnitsFromSurface(s, &UnitOptions{BlockM: b}); !errors.Is(err, ErrInvalid) {
			t.Errorf("BlockM %v: error %v, want ErrInvalid", b, err)
		}
	}
	s2 := scoreSurface(t, papravend(), &risk.ScoreOptions{Grid: geo.Grid{CellM: 50}})
	if _, err := UnitsFromSurface(s2, &UnitOptions{BlockM: 150}); err != nil {
		t.Errorf("BlockM 150 on a 50 m grid: %v", err)
	}
}

func TestUnitsDistrictFunc(t *testing.T) {
	s := scoreSurface(t, papravend(), nil)
	units, err := UnitsFromSurface(s, &UnitOptions{District: func(h geo.Hazard) string { return "D-" + h.ID }})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range units {
		if u.District != "D-"+u.ID {
			t.Errorf("unit %s district %q", u.ID, u.District)
		}
	}
}

// On seeded random datasets of many overlapping hazards, whole and block
// units sum to the surface, for every worker count, identically.
func TestUnitsRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1))
	for trial := range 5 {
		d := &geo.Dataset{}
		for h := range 12 {
			lon, lat := 46.80+r.Float64()*0.05, 40.10+r.Float64()*0.04
			w, hgt := 0.002+r.Float64()*0.02, 0.002+r.Float64()*0.015
			d.Hazards = append(d.Hazards, geo.Hazard{ID: fmt.Sprintf("H%d", h), Kind: geo.HazardKind(1 + r.IntN(2)),
				Status: geo.StatusOpen, Geometry: orb.MultiPolygon{{rect(lon, lat, lon+w, lat+hgt)}}})
		}
		for k := range 10 {
			d.Incidents = append(d.Incidents, geo.Incident{ID: fmt.Sprint(k), Injured: r.IntN(2),
				Point: geo.LonLat{Lon: 46.80 + r.Float64()*0.07, Lat: 40.10 + r.Float64()*0.06}})
		}
		d.Settlements = []geo.Settlement{{Name: "V", Population: 100, Point: geo.LonLat{Lon: 46.83, Lat: 40.12}}}
		var first []Unit
		for _, workers := range []int{1, 3} {
			s := scoreSurface(t, d, &risk.ScoreOptions{Workers: workers})
			for _, blockM := range []float64{0, 300} {
				units, err := UnitsFromSurface(s, &UnitOptions{BlockM: blockM})
				if err != nil {
					t.Fatal(err)
				}
				checkSums(t, s, units)
				if blockM == 0 {
					if first == nil {
						first = units
					} else if !reflect.DeepEqual(first, units) {
						t.Errorf("trial %d: units differ with %d workers", trial, workers)
					}
				}
			}
		}
	}
}

// With UseArea, only the area of interest's cells count, risks sum to the
// hazards' risk masses, and a hazard outside the area still gets a unit.
func TestUnitsUseArea(t *testing.T) {
	d := papravend()
	d.Area = orb.MultiPolygon{{rect(46.830, 40.150, 46.860, 40.175)}}
	s := scoreSurface(t, d, &risk.ScoreOptions{UseArea: true})
	units, err := UnitsFromSurface(s, &UnitOptions{IncludeClosed: true})
	if err != nil {
		t.Fatal(err)
	}
	var mass, r float64
	for h := range s.Hazards {
		mass += s.Hazards[h].RiskMass
	}
	mixed := mixedKinds(s)
	for i, u := range units {
		r += u.Risk
		checkRiskMass(t, s, mixed, i, u)
	}
	if !relClose(r, mass, 1e-9) {
		t.Errorf("units' risk %v, hazards' mass %v", r, mass)
	}
	out := units[2] // SHA-020 lies outside the area of interest
	if out.ID != "SHA-020" || out.AreaM2 != 0 || out.Risk != 0 || out.Cells != nil || out.Centre == (geo.XY{}) {
		t.Errorf("unit outside the area: %+v", out)
	}
	// Without overlap inside a cell, a unit's area is its hazard's own
	// area within the scored cells; the overlapping pair shares the union.
	whole := scoreSurface(t, papravend(), nil)
	ref, _ := UnitsFromSurface(whole, &UnitOptions{IncludeClosed: true})
	for _, i := range []int{0, 1, 3} {
		if !relClose(units[i].AreaM2, ref[i].AreaM2, 1e-9) {
			t.Errorf("unit %s: area %v with UseArea, %v without", units[i].ID, units[i].AreaM2, ref[i].AreaM2)
		}
	}
}

func TestUnitsNoSource(t *testing.T) {
	p, err := papravend().UTM("")
	if err != nil {
		t.Fatal(err)
	}
	p.Source = nil
	s, err := (&risk.Model{}).Score(t.Context(), p, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := UnitsFromSurface(s, nil); !errors.Is(err, ErrMissing) {
		t.Errorf("error %v, want ErrMissing", err)
	}
}

func TestFloorDiv(t *testing.T) {
	for _, c := range []struct{ a, b, want int }{{0, 3, 0}, {2, 3, 0}, {3, 3, 1}, {-1, 3, -1}, {-3, 3, -1}, {-4, 3, -2}} {
		if got := floorDiv(c.a, c.b); got != c.want {
			t.Errorf("floorDiv(%d, %d) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
}
