package report

import (
	"bufio"
	"io"
	"strconv"
	"unicode/utf8"

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
	var ps propList
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
		ps.priority(pr, u, p)
		bi := bandOf(pr.Rank, len(prios))
		b := &bands[bi]
		width := "1"
		if bi == 0 {
			width = "3"
		}
		ps.str("band", b.name)
		ps.str("fill", b.colour)
		ps.num("fill-opacity", "0.5")
		ps.str("stroke", b.colour)
		ps.num("stroke-width", width)
		lo := len(ps.buf)
		ps.buf = appendTitle(ps.buf, pr, u)
		ps.add("title", lo, propStr)
		lo = len(ps.buf)
		ps.buf = appendDescription(ps.buf, pr, u, p)
		ps.add("description", lo, propStr)
		if len(shape) == 0 {
			ps.str("marker-color", b.colour)
		}
		for k, d := range releaseQuantiles(unc, pr.Unit) {
			ps.str(UncertaintyHeader[k], d)
		}
		if synthetic {
			ps.num("synthetic", "true")
		}
		first := true
		for i, pp := range ps.list {
			if pp.kind == propNull {
				continue // no value: the property is left out
			}
			if !first {
				f = append(f, ',')
			}
			first = false
			f = appendJSONString(f, pp.key)
			f = append(f, ':')
			if pp.kind == propStr {
				f = appendJSONString(f, ps.value(i))
			} else {
				f = append(f, ps.value(i)...)
			}
		}
		f = append(f, "}}"...)
		if err := yield(f); err != nil {
			return err
		}
	}
	return nil
}

// propList holds the properties of a feature, their text in one buffer
// reused from one feature to the next.
type propList struct {
	buf  []byte
	list []propAt
}

// propAt is a property: its key, the kind of its value and the value's
// text, buf[lo:hi]: a string unquoted, a number or true as JSON writes it.
type propAt struct {
	key    string
	lo, hi int
	kind   propKind
}

// propKind says what a property's value is.
type propKind uint8

const (
	propNum  propKind = iota // a JSON number or literal, written as it is
	propStr                  // a string: quoted in JSON, as it is in KML
	propNull                 // no value: left out of the GeoJSON, empty in KML
)

// add records the text appended to ps.buf since lo as property key.
func (ps *propList) add(key string, lo int, kind propKind) {
	ps.list = append(ps.list, propAt{key, lo, len(ps.buf), kind})
}

// str adds a string property.
func (ps *propList) str(key, s string) {
	lo := len(ps.buf)
	ps.buf = append(ps.buf, s...)
	ps.add(key, lo, propStr)
}

// num adds a property whose value is JSON text.
func (ps *propList) num(key, js string) {
	lo := len(ps.buf)
	ps.buf = append(ps.buf, js...)
	ps.add(key, lo, propNum)
}

// strOrNull adds the string appended since lo as property key, or no
// value if it is empty.
func (ps *propList) strOrNull(key string, lo int) {
	kind := propStr
	if len(ps.buf) == lo {
		kind = propNull
	}
	ps.add(key, lo, kind)
}

// value returns property i's text.
func (ps *propList) value(i int) []byte { return ps.buf[ps.list[i].lo:ps.list[i].hi] }

// kmlValue returns property i's text for KML: a string as it is, a number
// as JSON writes it, "" for no value.
func (ps *propList) kmlValue(i int) []byte {
	if ps.list[i].kind == propNull {
		return nil
	}
	return ps.value(i)
}

// priority replaces the list with the properties the GeoJSON and KML share
// (the first 10 are the KML's), in this order: rank, id, kind, extent,
// area_ha, risk, score, release, criteria, reasons, hazard_ids,
// casualties_nearby, incidents_nearby, nearest_settlement,
// nearest_settlement_km, planned_return.
func (ps *propList) priority(pr *planning.Priority, u *planning.Unit, p *planning.Plan) {
	ps.buf, ps.list = ps.buf[:0], ps.list[:0]
	lo := len(ps.buf)
	ps.buf = strconv.AppendInt(ps.buf, int64(pr.Rank), 10)
	ps.add("rank", lo, propNum)
	ps.str("id", u.ID)
	ps.str("kind", u.Kind.String())
	ps.str("extent", extent(u))
	lo = len(ps.buf)
	ps.buf = appendFixed(ps.buf, u.AreaM2/1e4, 4)
	ps.add("area_ha", lo, propNum)
	ps.jsonNumber("risk", u.Risk)
	ps.jsonNumber("score", pr.Score)
	lo = len(ps.buf)
	ps.buf = appendReleaseDate(ps.buf, p, pr.Unit)
	ps.strOrNull("release", lo)
	lo = len(ps.buf)
	for i, c := range pr.Criteria {
		if i > 0 {
			ps.buf = append(ps.buf, ';')
		}
		ps.buf = append(ps.buf, c.String()...)
	}
	ps.add("criteria", lo, propStr)
	ps.joined("reasons", pr.Reasons, " | ")
	ps.joined("hazard_ids", u.HazardIDs, ";")
	lo = len(ps.buf)
	ps.buf = strconv.AppendInt(ps.buf, int64(pr.CasualtiesNearby), 10)
	ps.add("casualties_nearby", lo, propNum)
	lo = len(ps.buf)
	ps.buf = strconv.AppendInt(ps.buf, int64(pr.IncidentsNearby), 10)
	ps.add("incidents_nearby", lo, propNum)
	ps.str("nearest_settlement", pr.NearestSettlement)
	if pr.NearestSettlement == "" {
		ps.list[len(ps.list)-1].kind = propNull
	}
	lo = len(ps.buf)
	if pr.NearestSettlement != "" {
		ps.buf = appendFixed(ps.buf, pr.NearestSettlementM/1000, 3)
		ps.add("nearest_settlement_km", lo, propNum)
	} else {
		ps.add("nearest_settlement_km", lo, propNull)
	}
	lo = len(ps.buf)
	ps.buf = appendDate(ps.buf, pr.PlannedReturn)
	ps.strOrNull("planned_return", lo)
}

// jsonNumber adds jsonNumber(x): sig(x), no value if x is not finite.
func (ps *propList) jsonNumber(key string, x float64) {
	lo := len(ps.buf)
	if x != x || x > 1e308 || x < -1e308 {
		ps.add(key, lo, propNull)
		return
	}
	ps.buf = appendSig(ps.buf, x)
	ps.add(key, lo, propNum)
}

// joined adds the strings of ss joined by sep.
func (ps *propList) joined(key string, ss []string, sep string) {
	lo := len(ps.buf)
	for i, s := range ss {
		if i > 0 {
			ps.buf = append(ps.buf, sep...)
		}
		ps.buf = append(ps.buf, s...)
	}
	ps.add(key, lo, propStr)
}

// appendTitle appends the title: "rank 3: SHA-014".
func appendTitle(b []byte, pr *planning.Priority, u *planning.Unit) []byte {
	b = append(b, "rank "...)
	b = strconv.AppendInt(b, int64(pr.Rank), 10)
	b = append(b, ": "...)
	return append(b, u.ID...)
}

// appendDescription appends one paragraph that says what the unit is,
// when it is released and why it ranks where it does.
func appendDescription(b []byte, pr *planning.Priority, u *planning.Unit, p *planning.Plan) []byte {
	b = append(b, u.Kind.String()...)
	b = append(b, ' ')
	b = append(b, extent(u)...)
	b = append(b, ", "...)
	b = appendFixed(b, u.AreaM2/1e4, 2)
	b = append(b, " ha, risk "...)
	b = appendSig(b, u.Risk)
	b = append(b, ", score "...)
	b = appendSig(b, pr.Score)
	b = append(b, '.')
	n := len(b)
	b = append(b, " Released by "...)
	m := len(b)
	if b = appendReleaseDate(b, p, pr.Unit); len(b) == m {
		b = b[:n]
	} else {
		b = append(b, '.')
	}
	if len(pr.Criteria) > 0 {
		b = append(b, " Criteria: "...)
		for i, c := range pr.Criteria {
			if i > 0 {
				b = append(b, ", "...)
			}
			b = append(b, c.String()...)
		}
		b = append(b, '.')
	}
	if len(pr.Reasons) > 0 {
		b = append(b, " Reasons: "...)
		for i, r := range pr.Reasons {
			if i > 0 {
				b = append(b, "; "...)
			}
			b = append(b, r...)
		}
		b = append(b, '.')
	}
	return b
}

// appendJSONString appends s as a JSON string the way encoding/json writes
// it without HTML escaping: quotes, backslashes and control characters
// escaped (\b \f \n \r \t short, others as \u00XX), U+2028 and U+2029
// escaped, invalid UTF-8 as \ufffd.
func appendJSONString[T string | []byte](b []byte, s T) []byte {
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
		r, size := utf8.DecodeRuneInString(string(s[i:min(i+utf8.UTFMax, len(s))]))
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
