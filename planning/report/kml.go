package report

import (
	"bufio"
	"fmt"
	"image/color"
	"io"
	"strconv"
	"strings"

	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/internal/text"
	"github.com/landrelease/clearance/planning"
	"github.com/landrelease/clearance/risk"
	"github.com/paulmach/orb"
	"github.com/twpayne/go-geom"
	kmlgeom "github.com/twpayne/go-geom/encoding/kml"
	"github.com/twpayne/go-kml/v3"
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
	order, err := rankOrder(prios, units, p)
	if err != nil {
		return err
	}
	children := []kml.Element{kml.Name("land release plan")}
	for k, b := range bands {
		c := hexColour(b.colour)
		fill := c
		fill.A = 0x80
		children = append(children, kml.SharedStyle("band"+strconv.Itoa(k),
			kml.IconStyle(kml.Color(c), kml.Scale(1.1)),
			kml.LineStyle(kml.Color(c), kml.Width(2)),
			kml.PolyStyle(kml.Color(fill)),
		))
	}
	// Rank and band of each unit.
	rank := make([]int, len(units))
	bandOfUnit := make([]int, len(units))
	for u := range units {
		rank[u], bandOfUnit[u] = -1, 2
		if p != nil {
			rank[u] = p.Units[u].Rank + 1
		}
	}
	pri := make([]int, len(units))
	for u := range pri {
		pri[u] = -1
	}
	for _, i := range order {
		u := prios[i].Unit
		if pri[u] < 0 {
			pri[u] = i
			rank[u] = prios[i].Rank
			bandOfUnit[u] = bandOf(prios[i].Rank, len(prios))
		}
	}
	if p != nil {
		for t := range p.Teams {
			tm := &p.Teams[t]
			folder := []kml.Element{kml.Name(fmt.Sprintf("%s (%s)", tm.Name, tm.Method))}
			for _, j := range p.TeamJobs(t) {
				if j.Unit < 0 || j.Unit >= len(units) {
					return fmt.Errorf("report: job of team %q: unit index %d out of range [0, %d)", tm.Name, j.Unit, len(units))
				}
				u := &units[j.Unit]
				name := fmt.Sprintf("%s %s", u.ID, j.Step)
				if rank[j.Unit] > 0 {
					name = fmt.Sprintf("rank %d: %s", rank[j.Unit], name)
				}
				start, end := text.Date(j.Start), endDate(j.Start, j.End)
				var d strings.Builder
				fmt.Fprintf(&d, "%s of %s %s (%s) by %s, %s to %s (working days %s to %s).\n",
					j.Step, u.Kind, extent(u), u.ID, tm.Name, start, end, text.Fixed(j.StartDay, 1), text.Fixed(j.EndDay, 1))
				fmt.Fprintf(&d, "Area %s ha processed, %s ha expected to be released.", text.Fixed(j.AreaM2/1e4, 2), text.Fixed(j.ReleasedM2/1e4, 2))
				if j.TravelDays > 0 {
					fmt.Fprintf(&d, " Travel %s working days.", text.Fixed(j.TravelDays, 2))
				}
				if i := pri[j.Unit]; i >= 0 && len(prios[i].Reasons) > 0 {
					fmt.Fprintf(&d, "\nWhy: %s.", strings.Join(prios[i].Reasons, "; "))
				}
				pm := []kml.Element{
					kml.Name(name),
					kml.Description(d.String()),
					kml.StyleURL("#band" + strconv.Itoa(bandOfUnit[j.Unit])),
					kml.ExtendedData(
						kml.Data("rank", kml.Value(strconv.Itoa(rank[j.Unit]))),
						kml.Data("unit", kml.Value(u.ID)),
						kml.Data("step", kml.Value(j.Step.String())),
						kml.Data("start_date", kml.Value(start)),
						kml.Data("end_date", kml.Value(end)),
						kml.Data("area_ha", kml.Value(text.Fixed(j.AreaM2/1e4, 4))),
						kml.Data("released_ha", kml.Value(text.Fixed(j.ReleasedM2/1e4, 4))),
						kml.Data("travel_days", kml.Value(text.Fixed(j.TravelDays, 3))),
					),
				}
				if pt := pointKML(unitPoint(u, s)); pt != nil {
					pm = append(pm, pt)
				}
				folder = append(folder, kml.Placemark(pm...))
			}
			children = append(children, kml.Folder(folder...))
		}
	}
	folder := []kml.Element{kml.Name("priorities")}
	for _, i := range order {
		pr := &prios[i]
		u := &units[pr.Unit]
		shape, err := unitShape(pr.Unit, u, s)
		if err != nil {
			return err
		}
		g := pointKML(unitPoint(u, s))
		if len(shape) > 0 {
			g = multiPolygonKML(shape)
		}
		data := make([]kml.Element, 0, 10)
		for _, pp := range priorityProps(pr, u, p)[:10] {
			data = append(data, kml.Data(pp.key, kml.Value(kmlValue(pp.json))))
		}
		pm := []kml.Element{
			kml.Name(title(pr, u)),
			kml.Description(description(pr, u, p)),
			kml.StyleURL("#band" + strconv.Itoa(bandOf(pr.Rank, len(prios)))),
			kml.ExtendedData(data...),
		}
		if g != nil {
			pm = append(pm, g)
		}
		folder = append(folder, kml.Placemark(pm...))
	}
	children = append(children, kml.Folder(folder...))
	bw := bufio.NewWriter(w)
	if err := kml.KML(kml.Document(children...)).WriteIndent(bw, "", "  "); err != nil {
		return err
	}
	bw.WriteByte('\n')
	return bw.Flush()
}

// kmlValue turns a property's JSON text into KML text: strings unquoted,
// null empty, numbers as they are.
func kmlValue(js string) string {
	if js == "null" {
		return ""
	}
	if strings.HasPrefix(js, `"`) {
		if s, err := strconv.Unquote(js); err == nil {
			return s
		}
	}
	return js
}

// hexColour parses "#rrggbb".
func hexColour(s string) color.RGBA {
	v, _ := strconv.ParseUint(strings.TrimPrefix(s, "#"), 16, 32)
	return color.RGBA{R: uint8(v >> 16), G: uint8(v >> 8), B: uint8(v), A: 0xff}
}

// pointKML returns a KML Point, or nil if ll is not finite (a unit's
// centre is NaN without a projection).
func pointKML(ll geo.LonLat) kml.Element {
	if !finite(ll) {
		return nil
	}
	return kmlgeom.EncodePoint(geom.NewPointFlat(geom.XY, []float64{ll.Lon, ll.Lat}))
}

func multiPolygonKML(mp orb.MultiPolygon) kml.Element {
	var flat []float64
	endss := make([][]int, 0, len(mp))
	for _, p := range mp {
		ends := make([]int, 0, len(p))
		for _, r := range p {
			for _, pt := range r {
				flat = append(flat, pt[0], pt[1])
			}
			ends = append(ends, len(flat))
		}
		endss = append(endss, ends)
	}
	if len(mp) == 1 {
		return kmlgeom.EncodePolygon(geom.NewPolygonFlat(geom.XY, flat, endss[0]))
	}
	return kmlgeom.EncodeMultiPolygon(geom.NewMultiPolygonFlat(geom.XY, flat, endss))
}
