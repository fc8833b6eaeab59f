package main

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"math"
	"slices"
	"time"

	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/internal/text"
	"github.com/landrelease/clearance/risk"
)

// inventoryRadiiM are the distances at which hazard hectares are counted
// around each settlement.
var inventoryRadiiM = []float64{1000, 2000, 5000}

// papravendNearM is the radius of the incident list around Papravend.
const papravendNearM = 5000

// inventory prints what the data holds: hazards by kind and status, the
// suspected and confirmed hectares (grid and ground area, each kind's union
// counted once), hazard hectares around every settlement, and the incidents
// near Papravend.
func inventory(ctx context.Context, w io.Writer, p *geo.Projected, s *risk.Surface, workers int) error {
	d := p.Source
	fmt.Fprintf(w, "Projection: %s\n\n", p.Projection)

	// Hazards by kind and status.
	type key struct {
		kind   geo.HazardKind
		status geo.HazardStatus
	}
	counts := map[key]int{}
	for _, h := range d.Hazards {
		counts[key{h.Kind, h.Status}]++
	}
	fmt.Fprintln(w, "Hazards by kind and status")
	fmt.Fprintf(w, "  %-4s %8s %10s %8s %6s\n", "kind", text.Status(geo.StatusOpen), text.Status(geo.StatusWorkedOn),
		text.Status(geo.StatusClosed), "all")
	for _, k := range []geo.HazardKind{geo.SHA, geo.CHA} {
		o, wo, c := counts[key{k, geo.StatusOpen}], counts[key{k, geo.StatusWorkedOn}], counts[key{k, geo.StatusClosed}]
		fmt.Fprintf(w, "  %-4s %8d %10d %8d %6d\n", k, o, wo, c, o+wo+c)
	}

	// Suspected and confirmed hectares: the union of each kind, and of all.
	fmt.Fprintln(w, "\nContaminated area (union of overlapping polygons counted once)")
	fmt.Fprintf(w, "  %-10s %7s %12s %12s\n", "", "polygons", "grid ha", "ground ha")
	for _, k := range []geo.HazardKind{geo.SHA, geo.CHA} {
		var polys []geo.MultiPolygonXY
		for i, h := range d.Hazards {
			if h.Kind == k {
				polys = append(polys, p.Hazards[i])
			}
		}
		c, err := geo.Grid{}.CoverUnion(ctx, polys, &geo.CoverOptions{Workers: workers, Projection: p.Projection})
		if err != nil {
			return err
		}
		name := map[geo.HazardKind]string{geo.SHA: "suspected", geo.CHA: "confirmed"}[k]
		fmt.Fprintf(w, "  %-10s %7d %12.2f %12.2f\n", name, len(polys), c.AreaM2()/1e4, c.GroundM2()/1e4)
	}
	areaM2, _ := s.Total()
	var groundM2 float64
	for k := range s.Cells {
		groundM2 += s.Cells[k].GroundM2
	}
	fmt.Fprintf(w, "  %-10s %7d %12.2f %12.2f   (%d hectare cells)\n", "all", len(d.Hazards),
		areaM2/1e4, groundM2/1e4, len(s.Cells))

	// Hazard hectares around each settlement, by cell centre.
	fmt.Fprintln(w, "\nHazard hectares around each settlement (cells whose centre is within the radius)")
	fmt.Fprintf(w, "  %-18s %10s %10s %10s %12s\n", "settlement", "1 km", "2 km", "5 km", "population")
	type row struct {
		name string
		ha   [3]float64
		pop  int
	}
	rows := make([]row, len(d.Settlements))
	for i, st := range d.Settlements {
		rows[i] = row{name: st.Name, pop: st.Population} // the source's spelling, as in every report
		c := p.Settlements[i]
		for k := range s.Cells {
			cc := &s.Cells[k]
			m := cc.Centre
			dist := math.Hypot(m.X-c.X, m.Y-c.Y)
			for r, rad := range inventoryRadiiM {
				if dist <= rad {
					rows[i].ha[r] += cc.AreaM2 / 1e4
				}
			}
		}
	}
	slices.SortStableFunc(rows, func(a, b row) int { return cmp.Compare(b.ha[2], a.ha[2]) })
	for _, r := range rows {
		pop := "unknown"
		if r.pop >= 0 {
			pop = fmt.Sprint(r.pop)
		}
		fmt.Fprintf(w, "  %-18s %10.1f %10.1f %10.1f %12s\n", r.name, r.ha[0], r.ha[1], r.ha[2], pop)
	}

	// Incidents near Papravend.
	pi := slices.IndexFunc(d.Settlements, func(s geo.Settlement) bool { return latinName(s) == "Papravend" })
	if pi < 0 {
		return fmt.Errorf("aghdam: Papravend is not in the settlements")
	}
	idx := geo.NewIndex(p)
	c := p.Settlements[pi]
	type near struct {
		i    int
		dist float64
	}
	var ns []near
	for i := range idx.IncidentsWithin(c, papravendNearM) {
		ns = append(ns, near{i, math.Hypot(p.Incidents[i].X-c.X, p.Incidents[i].Y-c.Y)})
	}
	slices.SortStableFunc(ns, func(a, b near) int { return cmp.Compare(a.dist, b.dist) })
	fmt.Fprintf(w, "\nIncidents within %.0f km of %s: %d\n", papravendNearM/1000.0, d.Settlements[pi].Name, len(ns))
	for _, n := range ns {
		in := d.Incidents[n.i]
		var inside []string
		for h := range idx.HazardsContaining(p.Incidents[n.i]) {
			inside = append(inside, d.Hazards[h].ID)
		}
		where := "outside known hazards"
		if len(inside) > 0 {
			where = fmt.Sprintf("inside %v", inside)
		}
		fmt.Fprintf(w, "  %-8s %s %-7s killed %d injured %d  %5.0f m away, %s\n",
			in.ID, dateString(in.Date), in.Device, in.Killed, in.Injured, n.dist, where)
	}
	return nil
}

// latinName is the settlement's plain-ASCII name when the data has one:
// for finding a settlement by a name typed in code, never for printing
// (the reports print the source's spelling, Name).
func latinName(s geo.Settlement) string {
	if v, ok := s.Properties["name_latin"].(string); ok && v != "" {
		return v
	}
	return s.Name
}

// dateString is the date as the reports write it, or "unknown" padded to
// a date's width.
func dateString(t time.Time) string {
	if t.IsZero() {
		return "unknown   "
	}
	return text.Date(t)
}
