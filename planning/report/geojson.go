package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/landrelease/clearance/internal/text"
	"github.com/landrelease/clearance/planning"
	"github.com/landrelease/clearance/risk"
	"github.com/paulmach/orb"
)

// WritePrioritiesGeoJSON writes the priorities as a GeoJSON
// FeatureCollection in WGS84 lon/lat (RFC 7946), one feature per priority
// in rank order (ties in slice order), one per line. A feature's geometry
// is its unit's (see the package documentation: hazard polygons, traced
// cell outlines as a Polygon or MultiPolygon, or a Point at the unit's
// centre), its top-level "id" the unit's id, and its properties, in this
// order:
//
//	rank, id, kind, extent, area_ha, risk, score, release, criteria, reasons,
//	hazard_ids, casualties_nearby, incidents_nearby, nearest_settlement,
//	nearest_settlement_km, planned_return      as in WritePrioritiesCSV
//	band                                       "top 10%", "next 20%" or "rest"
//	fill, fill-opacity, stroke, stroke-width,
//	title, description                         simplestyle-spec, for geojson.io
//	marker-color                               for a Point feature
//
// Numbers are JSON numbers (formats in the package documentation); empty
// values (no plan, no nearest settlement, no planned return) are null. s
// gives the geometry; with a nil s every feature is a Point (null if the
// unit's centre is not finite). p, if not nil,
// gives the release dates and must be a plan of units. It returns an error
// naming the priority or unit whose index is out of range. Cost O(n log n +
// cells + corners) for n priorities.
func WritePrioritiesGeoJSON(w io.Writer, prios []planning.Priority, units []planning.Unit, s *risk.Surface, p *planning.Plan) error {
	order, err := rankOrder(prios, units, p)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	bw.WriteString(`{"type":"FeatureCollection","features":[`)
	var f bytes.Buffer
	for n, i := range order {
		pr := &prios[i]
		u := &units[pr.Unit]
		shape, err := unitShape(pr.Unit, u, s)
		if err != nil {
			return err
		}
		f.Reset()
		f.WriteString(`{"type":"Feature","id":`)
		f.WriteString(jsonString(u.ID))
		f.WriteString(`,"geometry":`)
		if len(shape) > 0 {
			writeMultiPolygonJSON(&f, shape)
		} else if ll := unitPoint(u, s); !finite(ll) {
			f.WriteString("null")
		} else {
			fmt.Fprintf(&f, `{"type":"Point","coordinates":[%s,%s]}`, coordText(ll.Lon), coordText(ll.Lat))
		}
		f.WriteString(`,"properties":{`)
		props := priorityProps(pr, u, p)
		bi := bandOf(pr.Rank, len(prios))
		b := &bands[bi]
		width := "1"
		if bi == 0 {
			width = "3"
		}
		props = append(props,
			prop{"band", jsonString(b.name)},
			prop{"fill", jsonString(b.colour)},
			prop{"fill-opacity", "0.5"},
			prop{"stroke", jsonString(b.colour)},
			prop{"stroke-width", width},
			prop{"title", jsonString(title(pr, u))},
			prop{"description", jsonString(description(pr, u, p))},
		)
		if len(shape) == 0 {
			props = append(props, prop{"marker-color", jsonString(b.colour)})
		}
		for k, pp := range props {
			if k > 0 {
				f.WriteByte(',')
			}
			f.WriteString(jsonString(pp.key))
			f.WriteByte(':')
			f.WriteString(pp.json)
		}
		f.WriteString("}}")
		if n > 0 {
			bw.WriteByte(',')
		}
		bw.WriteByte('\n')
		bw.Write(f.Bytes())
	}
	bw.WriteString("\n]}\n")
	return bw.Flush()
}

// prop is a property and its value as JSON text.
type prop struct {
	key, json string
}

// priorityProps returns the properties shared by the CSV and GeoJSON
// writers, as JSON.
func priorityProps(pr *planning.Priority, u *planning.Unit, p *planning.Plan) []prop {
	str := func(s string) string {
		if s == "" {
			return "null"
		}
		return jsonString(s)
	}
	km := "null"
	if pr.NearestSettlement != "" {
		km = text.Fixed(pr.NearestSettlementM/1000, 3)
	}
	return []prop{
		{"rank", strconv.Itoa(pr.Rank)},
		{"id", jsonString(u.ID)},
		{"kind", jsonString(u.Kind.String())},
		{"extent", jsonString(extent(u))},
		{"area_ha", text.Fixed(u.AreaM2/1e4, 4)},
		{"risk", jsonNumber(u.Risk)},
		{"score", jsonNumber(pr.Score)},
		{"release", str(releaseDate(p, pr.Unit))},
		{"criteria", jsonString(criteria(pr.Criteria))},
		{"reasons", jsonString(strings.Join(pr.Reasons, " | "))},
		{"hazard_ids", jsonString(strings.Join(u.HazardIDs, ";"))},
		{"casualties_nearby", strconv.Itoa(pr.CasualtiesNearby)},
		{"incidents_nearby", strconv.Itoa(pr.IncidentsNearby)},
		{"nearest_settlement", str(pr.NearestSettlement)},
		{"nearest_settlement_km", km},
		{"planned_return", str(text.Date(pr.PlannedReturn))},
	}
}

// title is "rank 3: SHA-014".
func title(pr *planning.Priority, u *planning.Unit) string {
	return fmt.Sprintf("rank %d: %s", pr.Rank, u.ID)
}

// description says in one paragraph what the unit is, when it is released
// and why it ranks where it does.
func description(pr *planning.Priority, u *planning.Unit, p *planning.Plan) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s, %s ha, risk %s, score %s.", u.Kind, extent(u), text.Fixed(u.AreaM2/1e4, 2), sig(u.Risk), sig(pr.Score))
	if d := releaseDate(p, pr.Unit); d != "" {
		fmt.Fprintf(&b, " Released by %s.", d)
	}
	if len(pr.Criteria) > 0 {
		b.WriteString(" Criteria: ")
		for i, c := range pr.Criteria {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(c.String())
		}
		b.WriteByte('.')
	}
	if len(pr.Reasons) > 0 {
		b.WriteString(" Reasons: ")
		b.WriteString(strings.Join(pr.Reasons, "; "))
		b.WriteByte('.')
	}
	return b.String()
}

// jsonString returns s as a JSON string, without HTML escaping.
func jsonString(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.Encode(s) // a string always encodes
	return strings.TrimSuffix(b.String(), "\n")
}

// jsonNumber is sig(x) for a finite x and null otherwise (JSON has no NaN).
func jsonNumber(x float64) string {
	if x != x || x > 1e308 || x < -1e308 {
		return "null"
	}
	return sig(x)
}

// coordText formats a rounded longitude or latitude.
func coordText(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

// writeMultiPolygonJSON writes mp as a GeoJSON Polygon (one polygon) or
// MultiPolygon.
func writeMultiPolygonJSON(b *bytes.Buffer, mp orb.MultiPolygon) {
	poly := func(p orb.Polygon) {
		b.WriteByte('[')
		for r, ring := range p {
			if r > 0 {
				b.WriteByte(',')
			}
			b.WriteByte('[')
			for k, pt := range ring {
				if k > 0 {
					b.WriteByte(',')
				}
				b.WriteByte('[')
				b.WriteString(coordText(pt[0]))
				b.WriteByte(',')
				b.WriteString(coordText(pt[1]))
				b.WriteByte(']')
			}
			b.WriteByte(']')
		}
		b.WriteByte(']')
	}
	if len(mp) == 1 {
		b.WriteString(`{"type":"Polygon","coordinates":`)
		poly(mp[0])
	} else {
		b.WriteString(`{"type":"MultiPolygon","coordinates":[`)
		for k, p := range mp {
			if k > 0 {
				b.WriteByte(',')
			}
			poly(p)
		}
		b.WriteByte(']')
	}
	b.WriteByte('}')
}
