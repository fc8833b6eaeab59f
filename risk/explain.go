package risk

import (
	"fmt"
	"math"
	"strings"

	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/internal/text"
)

// Contribution is one combined factor of a cell.
type Contribution struct {
	// Name is the factor's name: "density", "proximity" or a layer's.
	Name string
	// Value is the factor's value at the cell.
	Value float64
	// Term is the factor's part in the combination: the multiplier for
	// Product, w·value/max for WeightedSum, NaN for a user Func.
	Term float64
}

// Explanation says why a cell scored what it did.
type Explanation struct {
	// Cell is the cell's index in Surface.Cells.
	Cell int
	// Risk and AreaM2 are the cell's.
	Risk, AreaM2 float64
	// Factors are the combined factors in order: density, proximity, then
	// the layers'.
	Factors []Contribution
	// Incidents counts the incidents within the kernel cut-off of the cell
	// centre (those that make its density; for the Mixture, within the
	// short kernel's cut, MixtureCutoffBandwidths short bandwidths).
	Incidents int
	// Main lists, for the Mixture model, up to three incidents (indexes
	// into Projected.Incidents) that give the largest parts of the cell's
	// kernel sum, largest first, and Shares their shares of the sum; nil
	// for KDE.
	Main   []int
	Shares []float64
	// Nearest is the index (into Projected.Incidents) of the nearest
	// incident, -1 if there are none; NearestM its distance in metres.
	Nearest  int
	NearestM float64
	// Settlement is the index of the nearest settlement, -1 if there are
	// none; SettlementM its distance in metres (+Inf if none).
	Settlement  int
	SettlementM float64
	// Hazards are the hazards touching the cell (indexes into
	// Projected.Hazards) and HazardM2 each one's own area in it, grid m².
	Hazards  []int32
	HazardM2 []float64
	// Text says the above in one line, for example "density 0.84 (3
	// incidents within 4 km, nearest 430 m, AP 2025-06-30), 1.2 km from
	// Papravend (proximity 0.55), 1.00 ha of SHA-014".
	Text string
}

// String returns e.Text.
func (e Explanation) String() string { return e.Text }

// deviceName is the device's short name, or "device unknown".
func deviceName(d geo.Device) string {
	if d == geo.DeviceUnknown {
		return "device unknown"
	}
	return d.String()
}

// Explain returns the factors of cell k, their parts in the combination, and
// the facts behind them. Cost O(incidents + settlements): it searches them
// directly. It panics if k is out of range.
func (s *Surface) Explain(k int) Explanation {
	c := &s.Cells[k]
	p := s.src
	e := Explanation{Cell: k, Risk: c.Risk, AreaM2: c.AreaM2, Nearest: -1, Settlement: -1,
		NearestM: math.Inf(1), SettlementM: math.Inf(1)}
	for t, name := range s.terms() {
		e.Factors = append(e.Factors, Contribution{Name: name, Value: s.term(k, t), Term: s.contribution(k, t)})
	}
	mix := s.Model.Kind == Mixture
	cut := s.params.cutoff
	if mix {
		cut = MixtureCutoffBandwidths * s.params.hS
	}
	c2 := cut * cut
	best := math.Inf(1)
	for q, xy := range p.Incidents {
		dx, dy := c.Centre.X-xy.X, c.Centre.Y-xy.Y
		d2 := dx*dx + dy*dy
		if d2 <= c2 && s.weights[q] != 0 {
			e.Incidents++
		}
		if d2 < best {
			best, e.Nearest = d2, q
		}
	}
	e.NearestM = math.Sqrt(best)
	if mix {
		e.Main, e.Shares = s.mainIncidents(c.Centre)
	}
	best = math.Inf(1)
	for q, xy := range p.Settlements {
		dx, dy := c.Centre.X-xy.X, c.Centre.Y-xy.Y
		if d2 := dx*dx + dy*dy; d2 < best {
			best, e.Settlement = d2, q
		}
	}
	e.SettlementM = math.Sqrt(best)
	e.Hazards = s.CellHazards(k)
	e.HazardM2 = s.CellHazardAreas(k)

	var b strings.Builder
	if mix {
		fmt.Fprintf(&b, "likelihood %.3g per km² a year (kernels %s and %s, recency %.3g years; ", c.Likelihood,
			text.Distance(s.params.hS), text.Distance(s.params.hL), s.params.tau)
	} else {
		fmt.Fprintf(&b, "density %.3g (", c.Density)
	}
	if e.Incidents == 0 {
		fmt.Fprintf(&b, "no incident within %s", text.Distance(cut))
	} else {
		fmt.Fprintf(&b, "%s within %s", text.Count(e.Incidents, "incident", "incidents"), text.Distance(cut))
	}
	if e.Nearest >= 0 {
		fmt.Fprintf(&b, ", nearest %s", text.Distance(e.NearestM))
		if src := p.Source; src != nil && len(src.Incidents) == len(p.Incidents) {
			in := &src.Incidents[e.Nearest]
			date := text.Date(in.Date)
			if date == "" {
				date = "undated"
			}
			fmt.Fprintf(&b, ", %s %s", deviceName(in.Device), date)
		}
	}
	for q, k := range e.Main {
		sep := "; most from "
		if q > 0 {
			sep = ", "
		}
		fmt.Fprintf(&b, "%s%s (%.0f%%)", sep, s.incidentName(k), 100*e.Shares[q])
	}
	b.WriteString("), ")
	if e.Settlement < 0 {
		fmt.Fprintf(&b, "no settlement (proximity %.3g)", c.Proximity)
	} else {
		name := fmt.Sprintf("settlement %d", e.Settlement)
		if src := p.Source; src != nil && len(src.Settlements) == len(p.Settlements) && src.Settlements[e.Settlement].Name != "" {
			name = src.Settlements[e.Settlement].Name
		}
		fmt.Fprintf(&b, "%s from %s (proximity %.3g", text.Distance(e.SettlementM), name, c.Proximity)
		if mix {
			fmt.Fprintf(&b, ", exposure %.3g", exposure(c.Proximity))
		}
		b.WriteString(")")
	}
	ex := s.Extra(k)
	for i, l := range s.Model.Lines {
		fmt.Fprintf(&b, ", %s from %s (%s %.3g)", text.Distance(ex[2*i]), l.Name, l.Name, ex[2*i+1])
	}
	for i, l := range s.Model.Polygons {
		fmt.Fprintf(&b, ", %s %.3g", l.Name, ex[2*len(s.Model.Lines)+i])
	}
	if len(e.Hazards) == 0 {
		fmt.Fprintf(&b, ", %.2f ha outside known hazards", c.AreaM2/10000)
	}
	for q, h := range e.Hazards {
		sep := ", "
		if q > 0 {
			sep = " and "
		}
		id := s.Hazards[h].ID
		if id == "" {
			id = fmt.Sprintf("hazard %d", h)
		}
		fmt.Fprintf(&b, "%s%.2f ha of %s", sep, e.HazardM2[q]/10000, id)
	}
	e.Text = b.String()
	return e
}

// incidentName names incident k by its id, or "incident k" without one.
func (s *Surface) incidentName(k int) string {
	if src := s.src.Source; src != nil && len(src.Incidents) == len(s.src.Incidents) && src.Incidents[k].ID != "" {
		return src.Incidents[k].ID
	}
	return fmt.Sprintf("incident %d", k)
}

// mainIncidents returns up to three incidents with the largest parts of
// the Mixture's kernel sum at c, and their shares, in log space so that
// far cells get them too. Cost O(incidents).
func (s *Surface) mainIncidents(c geo.XY) ([]int, []float64) {
	prm := s.params
	invS, invL := 1/(2*prm.hS*prm.hS), 1/(2*prm.hL*prm.hL)
	cS := math.Log(prm.piS / (2 * math.Pi * prm.hS * prm.hS))
	cL := math.Log(prm.piL / (2 * math.Pi * prm.hL * prm.hL))
	lt := make([]float64, len(s.src.Incidents))
	top := math.Inf(-1)
	for k, xy := range s.src.Incidents {
		dx, dy := c.X-xy.X, c.Y-xy.Y
		d2 := dx*dx + dy*dy
		lw := math.Log(s.weights[k])
		a, b := lw+cS-d2*invS, lw+cL-d2*invL
		hi := max(a, b)
		lt[k] = hi + math.Log1p(math.Exp(min(a, b)-hi))
		top = max(top, lt[k])
	}
	if math.IsInf(top, -1) {
		return nil, nil
	}
	var sum float64
	for _, v := range lt {
		sum += math.Exp(v - top)
	}
	idx := topK(len(lt), 3, func(k int) float64 { return lt[k] })
	shares := make([]float64, len(idx))
	for q, k := range idx {
		shares[q] = math.Exp(lt[k]-top) / sum
	}
	return idx, shares
}
