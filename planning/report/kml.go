package report

import (
	"bufio"
	"fmt"
	"image/color"
	"io"
	"strconv"
	"strings"

	"github.com/landrelease/clearance/planning"
	"github.com/landrelease/clearance/risk"
	"github.com/paulmach/orb"
)

// WritePlanKML writes the plan for field teams as KML 2.2 (written with
// go-geom's encoding/kml), a Document named "land release plan" holding:
//
//   - three shared styles, "band0" to "band2", one per rank band (see the
//     package documentation): the colour as icon, line and half-opaque fill;
//   - one Folder per team of p, in team order, named "<team> (<method>)",
//     with a Placemark per job in the team's time order: named
//     "rank 3: SHA-014 clearance", a Point at the unit's centre, a
//     description with the dates, areas, travel and the unit's reasons, and
//     ExtendedData (rank, unit, step, start_date, end_date, area_ha, released_ha,
//     travel_days);
//   - a Folder "priorities" with a Placemark per priority in rank order:
//     the unit's polygons (as in WritePrioritiesGeoJSON; a Point if it has
//     none), named "rank 3: SHA-014", with a description and ExtendedData
//     (rank, id, kind, extent, area_ha, risk, score, release, criteria,
//     reasons).
//
// A job's rank is its unit's priority rank; a unit without a priority is
// ranked by the plan's order (UnitPlan.Rank + 1) and styled as "rest". With
// a nil p there are no team folders; with no priorities the priorities
// folder is empty. s gives the geometry (nil: points only; a unit whose
// centre is not finite gets a Placemark without geometry). It returns an
// error naming the priority or unit whose index is out of range, or if p is
// not a plan of units. Cost O(n log n + jobs + cells + corners).
func WritePlanKML(w io.Writer, prios []planning.Priority, units []planning.Unit, s *risk.Surface, p *planning.Plan) error {
	return writePlanKML(w, prios, units, s, nil, p, true, surfaceSynthetic(s))
}

// unitRanks holds each unit's rank, band and priority (an index into the
// priorities, -1 for none), for the job placemarks.
type unitRanks struct {
	rank, band, pri []int
}

// rankUnits finds each unit's rank and band: its priority's, or the plan's
// order (UnitPlan.Rank + 1, band "rest") for a unit without one.
func rankUnits(prios []planning.Priority, units []planning.Unit, p *planning.Plan, order []int) unitRanks {
	r := unitRanks{rank: make([]int, len(units)), band: make([]int, len(units)), pri: make([]int, len(units))}
	for u := range units {
		r.rank[u], r.band[u], r.pri[u] = -1, 2, -1
		if p != nil {
			r.rank[u] = p.Units[u].Rank + 1
		}
	}
	for _, i := range order {
		u := prios[i].Unit
		if r.pri[u] < 0 {
			r.pri[u] = i
			r.rank[u] = prios[i].Rank
			r.band[u] = bandOf(prios[i].Rank, len(prios))
		}
	}
	return r
}

// writePlanKML writes the plan's KML, with the team folders if teams is
// set, streaming: each placemark goes out as it is made.
func writePlanKML(w io.Writer, prios []planning.Priority, units []planning.Unit, s *risk.Surface, sh *shapes, p *planning.Plan, teams, synthetic bool) error {
	order, err := rankOrder(prios, units, p)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	k := &kmlWriter{w: bw}
	k.header()
	k.text("name", "land release plan")
	if synthetic {
		k.text("description", syntheticNote)
	}
	k.bandStyles()
	rk := rankUnits(prios, units, p, order)
	if p != nil && teams {
		for t := range p.Teams {
			tm := &p.Teams[t]
			k.open("Folder")
			k.text("name", fmt.Sprintf("%s (%s)", tm.Name, tm.Method))
			for _, j := range p.TeamJobs(t) {
				if err := k.jobPlacemark(&j, tm, p.Camps, prios, units, s, rk, false); err != nil {
					return err
				}
			}
			k.close("Folder")
		}
	}
	k.open("Folder")
	k.text("name", "priorities")
	var ps propList
	for _, i := range order {
		pr := &prios[i]
		u := &units[pr.Unit]
		shape, err := sh.shape(pr.Unit, u, s)
		if err != nil {
			return err
		}
		ps.priority(pr, u, p)
		k.open("Placemark")
		k.buf = appendTitle(k.buf[:0], pr, u)
		k.textBytes("name", k.buf)
		k.buf = appendDescription(k.buf[:0], pr, u, p)
		k.textBytes("description", k.buf)
		k.text("styleUrl", bandStyleURL[bandOf(pr.Rank, len(prios))])
		k.open("ExtendedData")
		for i, pp := range ps.list[:10] {
			k.dataBytes(pp.key, ps.kmlValue(i))
		}
		if synthetic {
			k.data("synthetic", "true")
		}
		k.close("ExtendedData")
		if len(shape) > 0 {
			k.multiPolygon(shape)
		} else if ll := unitPoint(u, s); finite(ll) {
			k.point(orb.Point{ll.Lon, ll.Lat})
		}
		k.close("Placemark")
	}
	k.close("Folder")
	k.footer()
	return bw.Flush()
}

// bandStyles writes the shared styles band0 to band2.
func (k *kmlWriter) bandStyles() {
	for b := range bands {
		c := kmlColour(bands[b].colour, 0xff)
		k.openAttr("Style", "id", "band"+strconv.Itoa(b))
		k.open("IconStyle")
		k.text("color", c)
		k.text("scale", "1.1")
		k.close("IconStyle")
		k.open("LineStyle")
		k.text("color", c)
		k.text("width", "2")
		k.close("LineStyle")
		k.open("PolyStyle")
		k.text("color", kmlColour(bands[b].colour, 0x80))
		k.close("PolyStyle")
		k.close("Style")
	}
}

// kmlColour turns "#rrggbb" and an opacity into KML's aabbggrr.
func kmlColour(hex string, alpha uint8) string {
	c := hexColour(hex)
	return fmt.Sprintf("%02x%02x%02x%02x", alpha, c.B, c.G, c.R)
}

// jobPlacemark writes the placemark of job j of team tm: named "rank 3:
// SHA-014 clearance", a description with the dates, areas, travel and,
// without span, the unit's reasons, ExtendedData (rank, unit, step, and without span the
// dates, areas and travel), a TimeSpan (begin and end dates) if span is
// set, and a Point at the unit's centre. With logistics (camps not nil)
// the description says the job's camp and move, and ExtendedData has camp
// and relocation_days.
func (k *kmlWriter) jobPlacemark(j *planning.Job, tm *planning.Team, camps []planning.Camp, prios []planning.Priority, units []planning.Unit, s *risk.Surface, rk unitRanks, span bool) error {
	if j.Unit < 0 || j.Unit >= len(units) {
		return fmt.Errorf("report: job of team %q: unit index %d out of range [0, %d)", tm.Name, j.Unit, len(units))
	}
	u := &units[j.Unit]
	step := j.Step.String()
	b := k.buf[:0]
	if r := rk.rank[j.Unit]; r > 0 {
		b = append(b, "rank "...)
		b = strconv.AppendInt(b, int64(r), 10)
		b = append(b, ": "...)
	}
	b = append(b, u.ID...)
	b = append(b, ' ')
	b = append(b, step...)
	k.open("Placemark")
	k.textBytes("name", b)
	k.start = appendDate(k.start[:0], j.Start)
	k.end = appendDate(k.end[:0], planning.LastWorkDayOf(j.Start, j.End))
	b = append(b[:0], step...)
	b = append(b, " of "...)
	b = append(b, u.Kind.String()...)
	b = append(b, ' ')
	b = append(b, extent(u)...)
	b = append(b, " ("...)
	b = append(b, u.ID...)
	b = append(b, ") by "...)
	b = append(b, tm.Name...)
	b = append(b, ", "...)
	b = append(b, k.start...)
	b = append(b, " to "...)
	b = append(b, k.end...)
	b = append(b, " (working days "...)
	b = appendFixed(b, j.StartDay, 1)
	b = append(b, " to "...)
	b = appendFixed(b, j.EndDay, 1)
	b = append(b, ").\nArea "...)
	b = appendFixed(b, j.AreaM2/1e4, 2)
	b = append(b, " ha processed, "...)
	b = appendFixed(b, j.ReleasedM2/1e4, 2)
	b = append(b, " ha expected to be released."...)
	if j.TravelDays > 0 {
		b = append(b, " Travel "...)
		b = appendFixed(b, j.TravelDays, 2)
		b = append(b, " working days."...)
	}
	b = append(b, campText(camps, j)...)
	if i := rk.pri[j.Unit]; !span && i >= 0 && len(prios[i].Reasons) > 0 { // a team's file leaves the reasons to the priorities
		b = append(b, "\nWhy: "...)
		for r, reason := range prios[i].Reasons {
			if r > 0 {
				b = append(b, "; "...)
			}
			b = append(b, reason...)
		}
		b = append(b, '.')
	}
	k.textBytes("description", b)
	if span {
		k.open("TimeSpan")
		k.textBytes("begin", k.start)
		k.textBytes("end", k.end)
		k.close("TimeSpan")
	}
	k.text("styleUrl", bandStyleURL[rk.band[j.Unit]])
	k.open("ExtendedData")
	k.dataBytes("rank", strconv.AppendInt(b[:0], int64(rk.rank[j.Unit]), 10))
	k.data("unit", u.ID)
	k.data("step", step)
	if !span { // with a TimeSpan, the dates and figures are in it and the description
		k.dataBytes("start_date", k.start)
		k.dataBytes("end_date", k.end)
		k.dataBytes("area_ha", appendFixed(b[:0], j.AreaM2/1e4, 4))
		k.dataBytes("released_ha", appendFixed(b[:0], j.ReleasedM2/1e4, 4))
		k.dataBytes("travel_days", appendFixed(b[:0], j.TravelDays, 3))
	}
	if camps != nil {
		k.data("camp", campName(camps, j))
		k.dataBytes("relocation_days", appendFixed(b[:0], j.RelocationDays, 3))
	}
	k.buf = b
	k.close("ExtendedData")
	if ll := unitPoint(u, s); finite(ll) {
		k.point(orb.Point{ll.Lon, ll.Lat})
	}
	k.close("Placemark")
	return nil
}

// bandStyleURL is the styleUrl of each band's style.
var bandStyleURL = [len(bands)]string{"#band0", "#band1", "#band2"}

// hexColour parses "#rrggbb".
func hexColour(s string) color.RGBA {
	v, _ := strconv.ParseUint(strings.TrimPrefix(s, "#"), 16, 32)
	return color.RGBA{R: uint8(v >> 16), G: uint8(v >> 8), B: uint8(v), A: 0xff}
}
