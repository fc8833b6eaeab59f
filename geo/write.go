package geo

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/paulmach/orb"
	"github.com/twpayne/go-geom"
	kmlgeom "github.com/twpayne/go-geom/encoding/kml"
	"github.com/twpayne/go-kml/v3"
)

// The writers produce files the readers read back to equal data (with
// DefaultSchema): fields are written under the first name of each
// DefaultSchema list, Properties beside them. Output is deterministic:
// features in slice order, property names sorted, numbers in their
// shortest exact form. A Properties key that the reader would not read
// back as a property is an error. Keys match DefaultSchema names as
// [Schema] says (any case; space, underscore and hyphen alike), and such a
// key is refused when it is:
//   - the first name of a field's list (the name the writer uses);
//   - another name of a field the writer leaves out for this feature (a
//     zero date, an unknown population, no evidence), which the reader
//     would take for the field ("date" beside a zero Reported);
//   - another name of a field, holding a blank value (the reader drops it);
//   - a name of the id ("code", a hazard's "name") when the id is empty, or
//     when the property's text is blank or equal to the id;
//   - one of two keys of Properties that match the same name.
//
// So a hazard may keep "category" beside its kind, and "date" beside a
// non-zero Reported, as the reader reads them back as properties.
//
// GeoJSON: a FeatureCollection, one feature per line; a hazard's id is the
// feature's top-level "id"; evidence is an array of strings; dates are
// "2006-01-02" at midnight UTC, RFC 3339 otherwise; zero dates, unknown
// population (-1) and empty evidence are left out.
//
// KML: one Document of Placemarks, written with go-geom's encoding/kml. A
// hazard's id is the Placemark's <name> (unless Properties has a "name")
// and ExtendedData "id"; an incident's id is ExtendedData "id"; a
// settlement's name is the <name>. Every other field and property is an
// ExtendedData Data element,
// as text: strings as they are, numbers in shortest form, booleans as
// true/false, other JSON values as JSON. Evidence is joined with "; ".

// WriteHazardsGeoJSON writes hazards as a GeoJSON FeatureCollection of
// Polygons (one polygon) and MultiPolygons. Cost O(positions).
func WriteHazardsGeoJSON(w io.Writer, hs []Hazard) error {
	return writeGeoJSON(w, len(hs), func(i int) (gjOut, error) {
		h := &hs[i]
		props, err := fieldProps(h.Properties, hazardFields(h), h.ID, hazardReserved(), hazardWritten(h))
		if err != nil {
			return gjOut{}, fmt.Errorf("hazard %d (id %q): %w", i, h.ID, err)
		}
		if ev := h.Evidence; len(ev) > 0 {
			props["evidence"] = slices.Clone(ev)
		}
		return gjOut{id: h.ID, geom: multiPolygonJSON(h.Geometry), props: props}, nil
	})
}

// WriteIncidentsGeoJSON writes incidents as a GeoJSON FeatureCollection of
// Points. Cost O(n).
func WriteIncidentsGeoJSON(w io.Writer, is []Incident) error {
	return writeGeoJSON(w, len(is), func(i int) (gjOut, error) {
		in := &is[i]
		props, err := fieldProps(in.Properties, incidentFields(in), in.ID, incidentReserved(), incidentWritten(in))
		if err != nil {
			return gjOut{}, fmt.Errorf("incident %d (id %q): %w", i, in.ID, err)
		}
		// Counts as numbers in GeoJSON.
		props["killed"] = in.Killed
		props["injured"] = in.Injured
		return gjOut{id: in.ID, geom: pointJSON(in.Point), props: props}, nil
	})
}

// WriteSettlementsGeoJSON writes settlements as a GeoJSON
// FeatureCollection of Points. Cost O(n).
func WriteSettlementsGeoJSON(w io.Writer, ss []Settlement) error {
	return writeGeoJSON(w, len(ss), func(i int) (gjOut, error) {
		s := &ss[i]
		props, err := fieldProps(s.Properties, settlementFields(s), "", settlementReserved(), settlementWritten(s))
		if err != nil {
			return gjOut{}, fmt.Errorf("settlement %d (%q): %w", i, s.Name, err)
		}
		if s.Population >= 0 {
			props["population"] = s.Population
		}
		props["name"] = s.Name
		return gjOut{geom: pointJSON(s.Point), props: props}, nil
	})
}

// WriteHazardsKML writes hazards as KML Placemarks with a Polygon (one
// polygon) or a MultiGeometry of Polygons. Cost O(positions).
func WriteHazardsKML(w io.Writer, hs []Hazard) error {
	pms := make([]kml.Element, 0, len(hs))
	for i := range hs {
		h := &hs[i]
		fields := hazardFields(h)
		if len(h.Evidence) > 0 {
			fields = append(fields, kv{"evidence", strings.Join(h.Evidence, "; ")})
		}
		g, err := encodeMultiPolygonKML(h.Geometry)
		if err != nil {
			return fmt.Errorf("hazard %d (id %q): %w", i, h.ID, err)
		}
		pm, err := placemark(h.ID, h.ID, fields, h.Properties, hazardReserved(), hazardWritten(h), g)
		if err != nil {
			return fmt.Errorf("hazard %d (id %q): %w", i, h.ID, err)
		}
		pms = append(pms, pm)
	}
	return writeKML(w, "hazards", pms)
}

// WriteIncidentsKML writes incidents as KML Placemarks with a Point.
// Cost O(n).
func WriteIncidentsKML(w io.Writer, is []Incident) error {
	pms := make([]kml.Element, 0, len(is))
	for i := range is {
		in := &is[i]
		fields := append(incidentFields(in),
			kv{"killed", strconv.Itoa(in.Killed)}, kv{"injured", strconv.Itoa(in.Injured)})
		g, err := encodePointKML(in.Point)
		if err != nil {
			return fmt.Errorf("incident %d (id %q): %w", i, in.ID, err)
		}
		pm, err := placemark("", in.ID, fields, in.Properties, incidentReserved(), incidentWritten(in), g)
		if err != nil {
			return fmt.Errorf("incident %d (id %q): %w", i, in.ID, err)
		}
		pms = append(pms, pm)
	}
	return writeKML(w, "incidents", pms)
}

// WriteSettlementsKML writes settlements as KML Placemarks with a Point,
// named by the settlement's name. Cost O(n).
func WriteSettlementsKML(w io.Writer, ss []Settlement) error {
	pms := make([]kml.Element, 0, len(ss))
	for i := range ss {
		s := &ss[i]
		var fields []kv
		if s.Population >= 0 {
			fields = append(fields, kv{"population", strconv.Itoa(s.Population)})
		}
		fields = append(fields, settlementFields(s)...)
		g, err := encodePointKML(s.Point)
		if err != nil {
			return fmt.Errorf("settlement %d (%q): %w", i, s.Name, err)
		}
		pm, err := placemark(s.Name, "", fields, s.Properties, settlementReserved(), settlementWritten(s), g)
		if err != nil {
			return fmt.Errorf("settlement %d (%q): %w", i, s.Name, err)
		}
		pms = append(pms, pm)
	}
	return writeKML(w, "settlements", pms)
}

// kv is a field written as a property.
type kv struct {
	key   string
	value string
}

func hazardFields(h *Hazard) []kv {
	f := []kv{{"kind", h.Kind.String()}, {"status", h.Status.String()}}
	if d := formatDate(h.Reported); d != "" {
		f = append(f, kv{"reported", d})
	}
	return f
}

func incidentFields(in *Incident) []kv {
	f := []kv{{"device", in.Device.String()}}
	if d := formatDate(in.Date); d != "" {
		f = append(f, kv{"date", d})
	}
	return f
}

func settlementFields(s *Settlement) []kv {
	var f []kv
	if d := formatDate(s.PlannedReturn); d != "" {
		f = append(f, kv{"planned_return", d})
	}
	return f
}

// reservedNames are the DefaultSchema names of a layer's fields (see the
// rules at the top of this file).
type reservedNames struct {
	fields []nameList // in the order of the layer's written flags
	id     nameList
}

var (
	hazardReserved = sync.OnceValue(func() *reservedNames {
		d := defaultNames()
		return &reservedNames{fields: d.hazard()[1:], id: d.hazardID}
	})
	incidentReserved = sync.OnceValue(func() *reservedNames {
		d := defaultNames()
		return &reservedNames{fields: d.incident()[1:], id: d.incidentID}
	})
	settlementReserved = sync.OnceValue(func() *reservedNames {
		return &reservedNames{fields: defaultNames().settlement()}
	})
)

// The written flags say, per field of reservedNames.fields, whether the
// writers write the field for this feature.

func hazardWritten(h *Hazard) []bool {
	// kind, status, evidence, reported
	return []bool{true, true, len(h.Evidence) > 0, !h.Reported.IsZero()}
}

func incidentWritten(in *Incident) []bool {
	// date, killed, injured, device
	return []bool{!in.Date.IsZero(), true, true, true}
}

func settlementWritten(s *Settlement) []bool {
	// name, population, planned return
	return []bool{strings.TrimSpace(s.Name) != "", s.Population >= 0, !s.PlannedReturn.IsZero()}
}

// check returns an error if property k (value v) of a feature with that id
// would not be read back as a property; nk is normWord(k).
func (r *reservedNames) check(k, nk string, v any, id string, written []bool) error {
	text, _ := kmlText(v) // what KML holds; GeoJSON blanks are blank here too
	blank := strings.TrimSpace(text) == ""
	for fi, l := range r.fields {
		switch j := slices.Index(l.norm, nk); {
		case j == 0:
			return fmt.Errorf("property %q has the name of a field the writer uses", k)
		case j > 0 && !written[fi]:
			return fmt.Errorf("property %q would be read back as a field (%s), which this feature leaves empty", k, l)
		case j > 0 && blank:
			return fmt.Errorf("property %q is blank and has a name of a field (%s): the reader would drop it", k, l)
		}
	}
	if slices.Contains(r.id.norm, nk) && (id == "" || blank || strings.TrimSpace(text) == id) {
		return fmt.Errorf("property %q has a name of the id (%s): allowed only beside a non-empty id, holding another value", k, r.id)
	}
	return nil
}

// reserved reports whether nk is one of r's names.
func (r *reservedNames) reserved(nk string) bool {
	for _, l := range r.fields {
		if slices.Contains(l.norm, nk) {
			return true
		}
	}
	return slices.Contains(r.id.norm, nk)
}

// fieldProps merges a feature's Properties with its fields, refusing a
// property that would not be read back as one (see reservedNames.check).
func fieldProps(props map[string]any, fields []kv, id string, reserved *reservedNames, written []bool) (map[string]any, error) {
	out := make(map[string]any, len(props)+len(fields)+2)
	var seen map[string]string // normalised reserved name -> key, if any
	for k, v := range props {
		nk := normWord(k)
		if err := reserved.check(k, nk, v, id, written); err != nil {
			return nil, err
		}
		if reserved.reserved(nk) {
			if other, dup := seen[nk]; dup {
				a, b := min(k, other), max(k, other)
				return nil, fmt.Errorf("properties %q and %q both have the name %q: %w", a, b, nk, ErrAmbiguous)
			}
			if seen == nil {
				seen = map[string]string{}
			}
			seen[nk] = k
		}
		out[k] = v
	}
	for _, f := range fields {
		out[f.key] = f.value
	}
	return out, nil
}

// gjOut is one feature to write.
type gjOut struct {
	id    string
	geom  any
	props map[string]any
}

type gjGeomOut struct {
	Type        string `json:"type"`
	Coordinates any    `json:"coordinates"`
}

func multiPolygonJSON(mp orb.MultiPolygon) gjGeomOut {
	if len(mp) == 1 {
		return gjGeomOut{Type: "Polygon", Coordinates: mp[0]}
	}
	if mp == nil {
		mp = orb.MultiPolygon{}
	}
	return gjGeomOut{Type: "MultiPolygon", Coordinates: mp}
}

func pointJSON(p LonLat) gjGeomOut {
	return gjGeomOut{Type: "Point", Coordinates: [2]float64{p.Lon, p.Lat}}
}

func writeGeoJSON(w io.Writer, n int, feature func(i int) (gjOut, error)) error {
	bw := bufio.NewWriter(w)
	bw.WriteString(`{"type":"FeatureCollection","features":[`)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	for i := range n {
		f, err := feature(i)
		if err != nil {
			return err
		}
		type featureOut struct {
			Type       string         `json:"type"`
			ID         string         `json:"id,omitempty"`
			Geometry   any            `json:"geometry"`
			Properties map[string]any `json:"properties"`
		}
		buf.Reset()
		if err := enc.Encode(featureOut{Type: "Feature", ID: f.id, Geometry: f.geom, Properties: f.props}); err != nil {
			return fmt.Errorf("feature %d: %w", i, err)
		}
		if i > 0 {
			bw.WriteByte(',')
		}
		bw.WriteByte('\n')
		bw.Write(bytes.TrimRight(buf.Bytes(), "\n"))
	}
	bw.WriteString("\n]}\n")
	return bw.Flush()
}

func checkFinite(pts ...float64) error {
	for _, v := range pts {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return ErrNotFinite
		}
	}
	return nil
}

func encodePointKML(p LonLat) (kml.Element, error) {
	if err := checkFinite(p.Lon, p.Lat); err != nil {
		return nil, err
	}
	return kmlgeom.EncodePoint(geom.NewPointFlat(geom.XY, []float64{p.Lon, p.Lat})), nil
}

func encodeMultiPolygonKML(mp orb.MultiPolygon) (kml.Element, error) {
	var flat []float64
	endss := make([][]int, 0, len(mp))
	for _, p := range mp {
		ends := make([]int, 0, len(p))
		for _, r := range p {
			for _, pt := range r {
				if err := checkFinite(pt[0], pt[1]); err != nil {
					return nil, err
				}
				flat = append(flat, pt[0], pt[1])
			}
			ends = append(ends, len(flat))
		}
		endss = append(endss, ends)
	}
	if len(mp) == 1 {
		return kmlgeom.EncodePolygon(geom.NewPolygonFlat(geom.XY, flat, endss[0])), nil
	}
	return kmlgeom.EncodeMultiPolygon(geom.NewMultiPolygonFlat(geom.XY, flat, endss)), nil
}

// placemark builds a Placemark: <name>name</name> if name is not empty
// and Properties has no "name"; the id as Data "id" if id is not empty;
// the fields and properties as Data, sorted by name; and the geometry.
func placemark(name, id string, fields []kv, props map[string]any, reserved *reservedNames, written []bool, g kml.Element) (kml.Element, error) {
	all, err := fieldProps(props, fields, id, reserved, written)
	if err != nil {
		return nil, err
	}
	var children []kml.Element
	hasName := false
	for k := range props {
		if strings.EqualFold(k, "name") {
			hasName = true
		}
		if id != "" && strings.EqualFold(k, "id") {
			return nil, fmt.Errorf("property %q has the name of a field the writer uses", k)
		}
	}
	if name != "" && !hasName {
		children = append(children, kml.Name(name))
	}
	if id != "" {
		all["id"] = id
	}
	keys := make([]string, 0, len(all))
	for k := range all {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	if len(keys) > 0 {
		data := make([]kml.Element, 0, len(keys))
		for _, k := range keys {
			s, err := kmlText(all[k])
			if err != nil {
				return nil, fmt.Errorf("property %q: %w", k, err)
			}
			data = append(data, kml.Data(k, kml.Value(s)))
		}
		children = append(children, kml.ExtendedData(data...))
	}
	children = append(children, g)
	return kml.Placemark(children...), nil
}

func kmlText(v any) (string, error) {
	if s, ok := valueString(v); ok {
		return s, nil
	}
	switch x := v.(type) {
	case nil:
		return "", nil
	case int:
		return strconv.Itoa(x), nil
	}
	b, err := json.Marshal(v)
	return string(b), err
}

func writeKML(w io.Writer, name string, pms []kml.Element) error {
	doc := kml.Document(append([]kml.Element{kml.Name(name)}, pms...)...)
	bw := bufio.NewWriter(w)
	if err := kml.KML(doc).WriteIndent(bw, "", "  "); err != nil {
		return err
	}
	bw.WriteByte('\n')
	return bw.Flush()
}
