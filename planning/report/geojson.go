package report

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

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
// Numbers are JSON numbers (formats in the package documentation); a
// property without a value (no plan, no nearest settlement, no planned
// return) is left out, so no feature holds a null property. With synthetic
// source data (a hazard or incident whose property "synthetic" is true)
// every feature has "synthetic": true. s
// gives the geometry; with a nil s every feature is a Point (null if the
// unit's centre is not finite). p, if not nil,
// gives the release dates and must be a plan of units. It returns an error
// naming the priority or unit whose index is out of range. Cost O(n log n +
// cells + corners) for n priorities.
func WritePrioritiesGeoJSON(w io.Writer, prios []planning.Priority, units []planning.Unit, s *risk.Surface, p *planning.Plan) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	bw.WriteString(geojsonHead)
	n := 0
	err := priorityFeatures(prios, units, s, nil, p, nil, surfaceSynthetic(s), func(f []byte) error {
		if n > 0 {
			bw.WriteByte(',')
		}
		n++
		bw.WriteByte('\n')
		_, err := bw.Write(f)
		return err
	})
	if err != nil {
		return err
	}
	bw.WriteString(geojsonTail)
	return bw.Flush()
}

// The text around a FeatureCollection's features.
const (
	geojsonHead = `{"type":"FeatureCollection","features":[`
	geojsonTail = "\n]}\n"
)

// priorityFeatures makes the GeoJSON feature of each priority, in rank
// order, and hands it to yield (the bytes are reused after yield returns);
// it stops at the first error.
func priorityFeatures(prios []planning.Priority, units []planning.Unit, s *risk.Surface, sh *shapes, p *planning.Plan, unc *planning.Uncertainty, synthetic bool, yield func([]byte) error) error {
	order, err := rankOrder(prios, units, p)
	if err != nil {
		return err
	}
	if unc != nil && len(unc.UnitRelease) != len(units) {
		unc = nil
	}
	var f []byte
	for _, i := range order {
		pr := &prios[i]
		u := &units[pr.Unit]
		shape, err := sh.shape(pr.Unit, u, s)
		if err != nil {
			return err
		}
		f = append(f[:0], `{"type":"Feature","id":`...)
		f = appendJSONString(f, u.ID)
		f = append(f, `,"geometry":`...)
		if len(shape) > 0 {
			f = appendMultiPolygonJSON(f, shape)
		} else if ll := unitPoint(u, s); !finite(ll) {
			f = append(f, "null"...)
		} else {
			f = append(f, `{"type":"Point","coordinates":[`...)
			f = strconv.AppendFloat(f, ll.Lon, 'f', -1, 64)
			f = append(f, ',')
			f = strconv.AppendFloat(f, ll.Lat, 'f', -1, 64)
			f = append(f, "]}"...)
		}
		f = append(f, `,"properties":{`...)
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
		for k, d := range releaseQuantiles(unc, pr.Unit) {
			props = append(props, prop{UncertaintyHeader[k], jsonString(d)})
		}
		if synthetic {
			props = append(props, prop{"synthetic", "true"})
		}
		first := true
		for _, pp := range props {
			if pp.json == "null" {
				continue // no value: the property is left out
			}
			if !first {
				f = append(f, ',')
			}
			first = false
			f = appendJSONString(f, pp.key)
			f = append(f, ':')
			f = append(f, pp.json...)
		}
		f = append(f, "}}"...)
		if err := yield(f); err != nil {
			return err
		}
	}
	return nil
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
func jsonString(s string) string { return string(appendJSONString(nil, s)) }

// appendJSONString appends s as a JSON string the way encoding/json writes
// it without HTML escaping: quotes, backslashes and control characters
// escaped (\b \f \n \r \t short, others as \u00XX), U+2028 and U+2029
// escaped, invalid UTF-8 as \ufffd.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// jsonNumber is sig(x) for a finite x and null otherwise (JSON has no NaN).
func jsonNumber(x float64) string {
	if x != x || x > 1e308 || x < -1e308 {
		return "null"
	}
	return sig(x)
}

// appendMultiPolygonJSON appends mp as a GeoJSON Polygon (one polygon) or
// MultiPolygon.
func appendMultiPolygonJSON(b []byte, mp orb.MultiPolygon) []byte {
	poly := func(p orb.Polygon) {
		b = append(b, '[')
		for r, ring := range p {
			if r > 0 {
				b = append(b, ',')
			}
			b = append(b, '[')
			for k, pt := range ring {
				if k > 0 {
					b = append(b, ',')
				}
				b = append(b, '[')
				b = strconv.AppendFloat(b, pt[0], 'f', -1, 64)
				b = append(b, ',')
				b = strconv.AppendFloat(b, pt[1], 'f', -1, 64)
				b = append(b, ']')
			}
			b = append(b, ']')
		}
		b = append(b, ']')
	}
	if len(mp) == 1 {
		b = append(b, `{"type":"Polygon","coordinates":`...)
		poly(mp[0])
	} else {
		b = append(b, `{"type":"MultiPolygon","coordinates":[`...)
		for k, p := range mp {
			if k > 0 {
				b = append(b, ',')
			}
			poly(p)
		}
		b = append(b, ']')
	}
	return append(b, '}')
}
