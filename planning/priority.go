package planning

import (
	"fmt"
	"iter"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/internal/lex"
	"github.com/landrelease/clearance/internal/text"
	"github.com/landrelease/clearance/risk"
)

// Criterion is one of the criteria by which Azerbaijan's mine action agency
// (ANAMA) sets priorities. The constants are in ANAMA's published order, so
// sorting criteria by value puts the weightiest first.
type Criterion uint8

const (
	// CriterionLife: areas with civilian casualties.
	CriterionLife Criterion = iota + 1
	// CriterionCommunity: community socio-economic needs.
	CriterionCommunity
	// CriterionReturn: return of displaced people (houses, settlements,
	// fields, irrigation).
	CriterionReturn
	// CriterionReconstruction: funded reconstruction projects ready to
	// start.
	CriterionReconstruction
	// CriterionFarmland: food security, farmland and pasture.
	CriterionFarmland
)

// String returns "life", "community needs", "return of displaced people",
// "reconstruction" or "farmland".
func (c Criterion) String() string {
	switch c {
	case CriterionLife:
		return "life"
	case CriterionCommunity:
		return "community needs"
	case CriterionReturn:
		return "return of displaced people"
	case CriterionReconstruction:
		return "reconstruction"
	case CriterionFarmland:
		return "farmland"
	}
	return fmt.Sprintf("Criterion(%d)", uint8(c))
}

// Defaults for [PriorityOptions], in metres.
const (
	// DefaultNearbyM is the distance within which incidents count as near
	// a unit.
	DefaultNearbyM = 2000.0
	// DefaultSettlementRadiusM is the distance within which a settlement
	// is named as near a unit.
	DefaultSettlementRadiusM = 2000.0
	// DefaultReturnRadiusM is the distance within which a settlement's
	// planned return makes a unit serve the return of displaced people.
	DefaultReturnRadiusM = 5000.0
)

// PriorityOptions sets the distances [Prioritise] looks within. Every
// distance is measured, in projected metres, from the nearest of the unit's
// cell centres (Unit.Cells) or its Centre, so a large hazard is near whatever
// is near any of its hectares. A nil *PriorityOptions means every default;
// a zero field means its default; a negative, NaN or infinite one is an
// error.
type PriorityOptions struct {
	// NearbyM: incidents within it count as nearby (CasualtiesNearby,
	// IncidentsNearby, CriterionLife). Default DefaultNearbyM (2 km).
	NearbyM float64
	// SettlementRadiusM: the nearest settlement within it is named in the
	// reasons. Default DefaultSettlementRadiusM (2 km).
	SettlementRadiusM float64
	// ReturnRadiusM: settlements within it with a planned return give
	// CriterionReturn. Default DefaultReturnRadiusM (5 km).
	ReturnRadiusM float64
}

// Priority is one work unit's place in a ranked list, with the facts that
// put it there.
type Priority struct {
	// Unit is the index of the unit in the slice given to Prioritise; ID
	// its id.
	Unit int
	ID   string
	// Rank is the 1-based position in the list.
	Rank int
	// Score is the unit's risk released per expected team-day: see
	// Prioritise. It is finite: a unit that needs no work is not ranked.
	Score float64
	// Reasons say, in short sentences and the weightiest first, what the
	// data says about the unit: casualties and incidents nearby, planned
	// returns, the nearest settlement, the hazard's recorded uses, the
	// incident density at its riskiest cell, its kind and evidence.
	Reasons []string
	// Criteria are the ANAMA criteria the data says the unit meets, in
	// ANAMA's order.
	Criteria []Criterion
	// CasualtiesNearby sums killed, injured and casualties of unknown kind
	// (geo.Incident.Casualties) over the incidents within
	// NearbyM; IncidentsNearby counts those incidents.
	CasualtiesNearby int
	IncidentsNearby  int
	// NearestSettlement is the name of the nearest settlement ("" if there
	// are none) and NearestSettlementM its distance in metres (+Inf if
	// none).
	NearestSettlement  string
	NearestSettlementM float64
	// PlannedReturn is the earliest planned return among the settlements
	// within ReturnRadiusM; zero if none.
	PlannedReturn time.Time
}

// Prioritise ranks work units for an authority: by tier (Unit.Tier: tier
// 1 first, units without a tier last), then by score, highest first, ties
// by unit index, with the reasons and ANAMA criteria the data supports.
//
// Score is the ratio the scheduler's priority order uses (Smith's rule):
// the unit's risk divided by its expected work in team-days, each step of
// pol.Steps(u) counted in days of a default team of its method (NTSM2PerDay
// for NTS, TSM2PerDay for TS, DefaultDeminers × ManualM2PerDeminerDay for
// clearance). Only units with land to release are ranked: a unit without
// work (zero area, see [Unranked]) is left out of the list, so every Score
// is finite and ranks run 1 to len(result) without gaps. So the ranking is
// the order [Schedule] starts from before local improvement, less the units
// it releases on day 0.
//
// Facts come from s.Projected(): incidents within NearbyM of the unit give
// CasualtiesNearby and IncidentsNearby, and CriterionLife if a casualty
// (killed + injured > 0) is among them; the nearest settlement is named if
// within SettlementRadiusM. CriterionReturn is met if a settlement within
// ReturnRadiusM has a planned return; if no settlement of the dataset has a
// return date at all, a settlement within SettlementRadiusM with a known
// population above 0 meets it instead. The unit's hazards (Unit.Hazards, or
// else the source hazards whose ids are in Unit.HazardIDs) give the other
// criteria through their properties, names matched as the geo readers
// match column names: without regard to case, and with any run of spaces,
// underscores and hyphens between words alike ("Land-Use" is "land_use").
// CriterionReconstruction if "reconstruction" or "project" is set (true, a
// non-zero number, or text other than "", "no", "false", "none", "0",
// "n"); CriterionFarmland if "land_use" (or "landuse") is farmland,
// agriculture, agricultural, pasture, arable, orchard, cropland or
// vineyard; CriterionCommunity if "community_need" (or "communityneed") or
// "infrastructure" is set.
//
// It returns a [*UnitError] for an invalid unit or one whose Hazards or
// Cells index out of s, a policy error, or an error wrapping [ErrInvalid]
// for a bad option. No units give an empty list. The nearest settlement of
// each cell is the scorer's (risk.Surface.NearestSettlement), not searched
// again. Cost: building a geo.Index (O(n log n)), then per unit one search
// per layer around its cells' box (O(log n + m·c) for its c cells and the m
// incidents and settlements near the box). It panics if s is nil.
func Prioritise(units []Unit, s *risk.Surface, pol *Policy, opts *PriorityOptions) ([]Priority, error) {
	if s == nil {
		panic("planning: Prioritise of a nil *risk.Surface")
	}
	o := PriorityOptions{NearbyM: DefaultNearbyM, SettlementRadiusM: DefaultSettlementRadiusM, ReturnRadiusM: DefaultReturnRadiusM}
	if opts != nil {
		for _, f := range [...]struct {
			name string
			v    float64
			dst  *float64
		}{{"NearbyM", opts.NearbyM, &o.NearbyM}, {"SettlementRadiusM", opts.SettlementRadiusM, &o.SettlementRadiusM},
			{"ReturnRadiusM", opts.ReturnRadiusM, &o.ReturnRadiusM}} {
			if !nonNegative(f.v) {
				return nil, fmt.Errorf("planning: PriorityOptions.%s = %v: %w", f.name, f.v, ErrInvalid)
			}
			if f.v > 0 {
				*f.dst = f.v
			}
		}
	}
	if err := validateUnits(units); err != nil {
		return nil, err
	}
	if err := pol.Validate(); err != nil {
		return nil, err
	}
	p := s.Projected()
	var src *geo.Dataset
	if p != nil {
		src = p.Source
	}
	nh := 0
	if p != nil {
		nh = len(p.Hazards)
	}
	for i := range units {
		u := &units[i]
		for _, h := range u.Hazards {
			if h < 0 || h >= nh {
				return nil, &UnitError{Index: i, ID: u.ID, Field: "Hazards", Err: fmt.Errorf("%w: hazard %d of %d", ErrInvalid, h, nh)}
			}
		}
		for _, k := range u.Cells {
			if k < 0 || k >= len(s.Cells) {
				return nil, &UnitError{Index: i, ID: u.ID, Field: "Cells", Err: fmt.Errorf("%w: cell %d of %d", ErrInvalid, k, len(s.Cells))}
			}
		}
	}

	// The scheduler's model with one default team per step kind: the
	// teams only set durations, which the ratio does not use.
	m, err := newModel(units, []Team{{Method: MethodNTS}, {Method: MethodTS}, {Method: MethodManual}}, pol, DefaultTravelKmPerDay, false)
	if err != nil {
		return nil, err
	}
	order := m.ratioOrder()

	pr := &prioritiser{s: s, p: p, src: src, ix: geo.NewIndex(p), o: o}
	pr.prepare()
	// The facts in unit order (neighbouring units have neighbouring
	// cells, which the priority order scatters over the surface), then
	// ranked.
	facts := make([]Priority, len(units))
	for i := range units {
		if !math.IsInf(m.smithRatio(i), 1) {
			facts[i] = pr.priority(&units[i], i)
		}
	}
	out := make([]Priority, 0, len(order))
	for _, i := range order {
		score := m.smithRatio(i)
		if math.IsInf(score, 1) {
			continue // no land to release: nothing to rank
		}
		pt := facts[i]
		pt.Rank = len(out) + 1
		pt.Score = score
		out = append(out, pt)
	}
	return out, nil
}

// Unranked returns the indexes, ascending, of the units that [Prioritise]
// leaves out of its ranking because they have no land to release (zero
// area, such as a suspected area wholly under confirmed ones, or a hazard
// without a scored cell): the scheduler releases them on day 0. Cost O(n).
func Unranked(units []Unit) []int {
	var out []int
	for i := range units {
		if !(units[i].AreaM2 > 0) {
			out = append(out, i)
		}
	}
	return out
}

// prioritiser holds what Prioritise builds once.
type prioritiser struct {
	s   *risk.Surface
	p   *geo.Projected
	src *geo.Dataset
	ix  *geo.Index
	o   PriorityOptions

	anyReturn bool           // some settlement has a planned return
	byID      map[string]int // hazard id -> index, for units without Hazards
	pts       []geo.XY       // the unit's cell centres, then its Centre
}

func (pr *prioritiser) prepare() {
	if pr.p == nil {
		return
	}
	if pr.src == nil {
		return
	}
	for k := range pr.src.Settlements {
		if !pr.src.Settlements[k].PlannedReturn.IsZero() {
			pr.anyReturn = true
			break
		}
	}
}

// hazardsOf returns the source hazard indexes of u.
func (pr *prioritiser) hazardsOf(u *Unit) []int {
	if u.Hazards != nil || pr.src == nil {
		return u.Hazards
	}
	if pr.byID == nil {
		pr.byID = make(map[string]int, len(pr.src.Hazards))
		for h := range pr.src.Hazards {
			if _, dup := pr.byID[pr.src.Hazards[h].ID]; !dup {
				pr.byID[pr.src.Hazards[h].ID] = h
			}
		}
	}
	var out []int
	for _, id := range u.HazardIDs {
		if h, ok := pr.byID[id]; ok {
			out = append(out, h)
		}
	}
	return out
}

// priority gathers the facts about unit u (index i).
func (pr *prioritiser) priority(u *Unit, i int) Priority {
	pt := Priority{Unit: i, ID: u.ID, NearestSettlementM: math.Inf(1)}
	pr.visit(u)
	var crit [CriterionFarmland + 1]bool
	var reasons []string

	latest := pr.countIncidents(&pt)
	if pt.IncidentsNearby > 0 {
		crit[CriterionLife] = pt.CasualtiesNearby > 0
		reasons = append(reasons, incidentReason(&pt, latest, pr.o.NearbyM))
	}

	settle, ret := pr.findSettlements(&pt, u)
	if ret != nil {
		crit[CriterionReturn] = true
		pt.PlannedReturn = ret.PlannedReturn
	} else if !pr.anyReturn && pr.settlementSource() {
		crit[CriterionReturn] = pr.populatedNear()
	}

	use := pr.recordedUses(u)
	crit[CriterionCommunity] = use.community != ""
	crit[CriterionReconstruction] = use.reconstruction != ""
	crit[CriterionFarmland] = use.landUse != ""

	// The reasons, the weightiest first.
	if use.community != "" {
		reasons = append(reasons, valueReason("community need", use.community))
	}
	if ret != nil {
		reasons = append(reasons, fmt.Sprintf("planned return to %s on %s", ret.Name, text.Date(ret.PlannedReturn)))
	}
	if settle != nil && pt.NearestSettlementM <= pr.o.SettlementRadiusM {
		reasons = append(reasons, settlementReason(settle, pt.NearestSettlementM))
	}
	if use.reconstruction != "" {
		reasons = append(reasons, valueReason("reconstruction project", use.reconstruction))
	}
	if use.landUse != "" {
		reasons = append(reasons, "land use: "+use.landUse)
	}
	if r := pr.peakReason(u); r != "" {
		reasons = append(reasons, r)
	}
	reasons = append(reasons, kindReason(u))

	for c := CriterionLife; c <= CriterionFarmland; c++ {
		if crit[c] {
			pt.Criteria = append(pt.Criteria, c)
		}
	}
	pt.Reasons = reasons
	return pt
}

// visit starts unit u: the points distances are measured from (u's cell
// centres, then its Centre).
func (pr *prioritiser) visit(u *Unit) {
	pr.pts = pr.pts[:0]
	for _, k := range u.Cells {
		pr.pts = append(pr.pts, pr.s.Cells[k].Centre)
	}
	pr.pts = append(pr.pts, u.Centre)
}

// countIncidents sets pt's IncidentsNearby and CasualtiesNearby from the
// incidents within NearbyM of the unit's points, each counted once, and
// returns the latest incident with casualties (else the latest of all;
// among equal dates the lowest index), nil if there is none or the
// incidents have no aligned source.
func (pr *prioritiser) countIncidents(pt *Priority) *geo.Incident {
	if pr.p == nil {
		return nil
	}
	var latest *geo.Incident
	var latestCas bool
	latestIdx := -1
	hasSrc := pr.src != nil && len(pr.src.Incidents) == len(pr.p.Incidents)
	pr.near(pr.ix.IncidentsWithin, pr.p.Incidents, pr.o.NearbyM, func(n int) {
		pt.IncidentsNearby++
		if !hasSrc {
			return
		}
		in := &pr.src.Incidents[n]
		cas := in.Killed + in.Injured + in.Casualties
		pt.CasualtiesNearby += cas
		switch {
		case cas > 0 && !latestCas, latest == nil,
			(cas > 0) == latestCas && (in.Date.After(latest.Date) || in.Date.Equal(latest.Date) && n < latestIdx):
			latest, latestCas, latestIdx = in, cas > 0, n
		}
	})
	return latest
}

// near calls f, in ascending order, for the index of every point of pts
// within r metres (squared distance at most r², as geo.Index measures) of
// one of the unit's points: one search of within around the points' box,
// then each candidate checked against the points, nearest box side first.
// Cost O(log n + m·c) for m candidates and c points, m small beside the n
// points of the layer.
func (pr *prioritiser) near(within func(geo.XY, float64) iter.Seq[int], pts []geo.XY, r float64, f func(n int)) {
	if len(pr.pts) == 0 {
		return
	}
	x0, y0, x1, y1 := pr.pts[0].X, pr.pts[0].Y, pr.pts[0].X, pr.pts[0].Y
	for _, q := range pr.pts[1:] {
		x0, x1 = min(x0, q.X), max(x1, q.X)
		y0, y1 = min(y0, q.Y), max(y1, q.Y)
	}
	c := geo.XY{X: (x0 + x1) / 2, Y: (y0 + y1) / 2}
	half := math.Hypot(x1-x0, y1-y0) / 2
	r2 := r * r
	for n := range within(c, (r+half)*(1+1e-9)+1e-6) {
		q := pts[n]
		for _, p := range pr.pts {
			dx, dy := q.X-p.X, q.Y-p.Y
			if dx*dx+dy*dy <= r2 {
				f(n)
				break
			}
		}
	}
}

// incidentReason says what the incidents near a unit were: "2 casualties
// within 2 km (latest 2025-06-30, anti-personnel)", or "1 incident within
// 2 km (...), no casualties recorded".
func incidentReason(pt *Priority, latest *geo.Incident, nearbyM float64) string {
	within := "within " + text.Distance(nearbyM)
	if pt.CasualtiesNearby > 0 {
		return fmt.Sprintf("%s %s%s", text.Count(pt.CasualtiesNearby, "casualty", "casualties"), within, incidentNote(latest))
	}
	return fmt.Sprintf("%s %s%s, no casualties recorded", text.Count(pt.IncidentsNearby, "incident", "incidents"), within, incidentNote(latest))
}

// settlementSource reports whether the settlements have an aligned source
// (names, populations, planned returns).
func (pr *prioritiser) settlementSource() bool {
	return pr.src != nil && pr.p != nil && len(pr.src.Settlements) == len(pr.p.Settlements)
}

// findSettlements sets pt's NearestSettlementM (and NearestSettlement, with
// a source) from the settlement nearest to any of the unit's points (the
// lowest index among equals) and returns it, nil without a source; and the
// settlement with the earliest planned return within ReturnRadiusM, nil if
// none or if no settlement has a return date. The nearest settlement of a
// unit's cells is the one the scorer found (risk.Surface.NearestSettlement,
// at the cell's VillageM): only the unit's centre is searched for here.
func (pr *prioritiser) findSettlements(pt *Priority, u *Unit) (nearest, ret *geo.Settlement) {
	if pr.p == nil || len(pr.p.Settlements) == 0 {
		return nil, nil
	}
	best := -1
	consider := func(d float64, n int) {
		if n >= 0 && (d < pt.NearestSettlementM || d == pt.NearestSettlementM && n < best) {
			pt.NearestSettlementM, best = d, n
		}
	}
	for _, k := range u.Cells {
		if n := pr.s.NearestSettlement(k); n >= 0 {
			consider(pr.s.Cells[k].VillageM, n)
			continue
		}
		// A surface that did not keep the nearest settlement: search.
		for _, nb := range pr.ix.NearestSettlements(pr.s.Cells[k].Centre, 1) {
			consider(nb.DistanceM, nb.Index)
		}
	}
	for _, nb := range pr.ix.NearestSettlements(u.Centre, 1) {
		consider(nb.DistanceM, nb.Index)
	}
	hasSrc := pr.settlementSource()
	if best >= 0 && hasSrc {
		nearest = &pr.src.Settlements[best]
		pt.NearestSettlement = nearest.Name
	}
	if !hasSrc || !pr.anyReturn {
		return nearest, nil
	}
	pr.near(pr.ix.SettlementsWithin, pr.p.Settlements, pr.o.ReturnRadiusM, func(n int) {
		st := &pr.src.Settlements[n]
		if st.PlannedReturn.IsZero() {
			return
		}
		if ret == nil || st.PlannedReturn.Before(ret.PlannedReturn) {
			ret = st
		}
	})
	return nearest, ret
}

// populatedNear reports whether a settlement of known population above 0
// lies within SettlementRadiusM of the unit: the stand-in for a planned
// return when the data has no return dates. It needs a settlement source.
func (pr *prioritiser) populatedNear() bool {
	found := false
	pr.near(pr.ix.SettlementsWithin, pr.p.Settlements, pr.o.SettlementRadiusM, func(n int) {
		found = found || pr.src.Settlements[n].Population > 0
	})
	return found
}

// settlementReason names a settlement near a unit: "Papravend (pop. 2,173)
// 393 m away", without the population if it is unknown.
func settlementReason(st *geo.Settlement, distM float64) string {
	pop := ""
	if st.Population >= 0 {
		pop = " (pop. " + text.Int(st.Population) + ")"
	}
	return fmt.Sprintf("%s%s %s away", st.Name, pop, text.Distance(distM))
}

// uses are what a unit's hazards record of the land's use, each the first
// set value found ("" if none; a set value is never ""): a community need
// or infrastructure, a reconstruction project, and a land use that is
// farmland.
type uses struct {
	community, reconstruction, landUse string
}

// recordedUses reads the uses from the properties of the unit's hazards, in
// the order of the hazards.
func (pr *prioritiser) recordedUses(u *Unit) uses {
	var r uses
	if pr.src == nil {
		return r
	}
	for _, h := range pr.hazardsOf(u) {
		if h >= len(pr.src.Hazards) {
			continue
		}
		props := pr.src.Hazards[h].Properties
		for _, names := range [...][]string{{"community need", "communityneed"}, {"infrastructure"}} {
			if v, ok := setProp(props, names...); ok && r.community == "" {
				r.community = v
			}
		}
		for _, name := range [...]string{"reconstruction", "project"} {
			if v, ok := setProp(props, name); ok && r.reconstruction == "" {
				r.reconstruction = v
			}
		}
		if v, ok := setProp(props, "land use", "landuse"); ok && r.landUse == "" && farmland(v) {
			r.landUse = v
		}
	}
	return r
}

// peakReason gives the incident density at the unit's riskiest cell (the
// first of equals), "density 1.72 at peak hectare" (for the Mixture model
// its likelihood, "likelihood 0.13 a km² a year at peak hectare"); "" if
// the unit has no cells or the value there is 0.
func (pr *prioritiser) peakReason(u *Unit) string {
	if len(u.Cells) == 0 {
		return ""
	}
	peak := u.Cells[0]
	for _, k := range u.Cells[1:] {
		if pr.s.Cells[k].Risk > pr.s.Cells[peak].Risk {
			peak = k
		}
	}
	d := pr.s.Cells[peak].Density
	if pr.s.Model.Kind == risk.Mixture {
		d = pr.s.Cells[peak].Likelihood
	}
	if !(d > 0) {
		return ""
	}
	cell := "hectare"
	if pr.s.Grid.Size() != geo.DefaultCellM {
		cell = "cell"
	}
	if pr.s.Model.Kind == risk.Mixture {
		return fmt.Sprintf("likelihood %.2g a km² a year at peak %s", d, cell)
	}
	f := "density %.2f at peak %s"
	if d < 0.01 {
		f = "density %.2g at peak %s"
	}
	return fmt.Sprintf(f, d, cell)
}

// kindReason names the unit's kind and its evidence: "suspected hazardous
// area: accident; minefield record".
func kindReason(u *Unit) string {
	kind := "suspected hazardous area"
	if u.Kind == geo.CHA {
		kind = "confirmed hazardous area"
	}
	if len(u.Evidence) > 0 {
		kind += ": " + strings.Join(u.Evidence, "; ")
	}
	return kind
}

// incidentNote returns " (latest 2025-06-30, anti-personnel)" for an
// incident, leaving out what it does not record.
func incidentNote(in *geo.Incident) string {
	if in == nil {
		return ""
	}
	var parts []string
	if !in.Date.IsZero() {
		parts = append(parts, "latest "+text.Date(in.Date))
	}
	switch in.Device {
	case geo.DeviceAP:
		parts = append(parts, "anti-personnel")
	case geo.DeviceAT:
		parts = append(parts, "anti-tank")
	case geo.DeviceUXO:
		parts = append(parts, "unexploded ordnance")
	case geo.DeviceIED:
		parts = append(parts, "improvised device")
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, ", ") + ")"
}

func valueReason(what, v string) string {
	if v == "" || v == "true" {
		return what + " recorded"
	}
	return what + ": " + v
}

// setProp looks up a property by any of names, each in the form of
// lex.Norm (the first match in sorted key order), and reports whether it is
// set: true, a non-zero number, or text other than blank, "no", "false",
// "none", "0", "n". It returns the value as text ("true" for true).
func setProp(props map[string]any, names ...string) (string, bool) {
	if len(props) == 0 {
		return "", false
	}
	keys := make([]string, 0, 2)
	for k := range props {
		if slices.Contains(names, lex.Norm(k)) {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		switch v := props[k].(type) {
		case bool:
			if v {
				return "true", true
			}
		case float64:
			if v != 0 && !math.IsNaN(v) {
				return strconv.FormatFloat(v, 'g', -1, 64), true
			}
		case string:
			t := strings.TrimSpace(v)
			switch strings.ToLower(t) {
			case "", "no", "false", "none", "0", "n":
				continue
			}
			return t, true
		}
	}
	return "", false
}

// farmland reports whether a land use names farmland.
func farmland(v string) bool {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "farmland", "agriculture", "agricultural", "pasture", "arable", "orchard", "cropland", "vineyard":
		return true
	}
	return false
}
