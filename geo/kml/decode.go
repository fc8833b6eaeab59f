package kml

import (
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/geo/feature"
	"github.com/landrelease/clearance/internal/lex"
	"github.com/paulmach/orb"
)

// KML reading: Placemarks anywhere in the document (Document and Folder
// nesting at any depth), in document order. A Placemark's properties are
// its ExtendedData (Data name/value and SchemaData/SimpleData), plus
// <name> and <description> as the properties "name" and "description"
// unless ExtendedData has a property of that name (then they are kept
// under "kml_name" / "kml_description", with a Warning). The Placemark's id
// attribute is the feature id when no schema id property is present.

type kmlData struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value"`
}

type kmlSimpleData struct {
	Name  string `xml:"name,attr"`
	Value string `xml:",chardata"`
}

type kmlExtendedData struct {
	Data       []kmlData `xml:"Data"`
	SchemaData []struct {
		SimpleData []kmlSimpleData `xml:"SimpleData"`
	} `xml:"SchemaData"`
}

type kmlPolygon struct {
	Outer []string `xml:"outerBoundaryIs>LinearRing>coordinates"`
	Inner []string `xml:"innerBoundaryIs>LinearRing>coordinates"`
}

type kmlAny struct {
	XMLName xml.Name
}

type kmlGeometry struct {
	Point []struct {
		Coordinates string `xml:"coordinates"`
	} `xml:"Point"`
	Polygon []kmlPolygon  `xml:"Polygon"`
	Multi   []kmlGeometry `xml:"MultiGeometry"`
	Other   []kmlAny      `xml:",any"`
}

type kmlPlacemark struct {
	ID           string           `xml:"id,attr"`
	Name         *string          `xml:"name"`
	Description  *string          `xml:"description"`
	ExtendedData *kmlExtendedData `xml:"ExtendedData"`
	kmlGeometry
}

var kmlOtherGeometries = map[string]bool{
	"LineString": true, "LinearRing": true, "Model": true, "Track": true, "MultiTrack": true,
}

// Decode reads the Placemarks of a KML document from r, in document order;
// file names the input in messages. See the package doc for what a
// Placemark gives. Geometry: a Point, a Polygon (outer and inner
// boundaries), or a MultiGeometry (nested at any depth) of Polygons only,
// which is a MultiPolygon; LineString, LinearRing, Model, Track, MultiTrack
// and MultiGeometries holding points or lines give only a type name, which
// no layer takes. Coordinates are decimal text "lon,lat[,alt]" tuples
// (feature.ErrBadNumber otherwise; no hexadecimal floats), checked for
// range; altitudes are checked to be finite and dropped.
//
// A structural problem (not XML, a root other than <kml>, a Placemark that
// does not decode) is an error naming the file and wrapping
// feature.ErrFormat (no element at all: geo.ErrEmpty), with no features.
// Each feature's Line is the line of its Placemark start tag (where the
// tag ends). Cost O(file size).
func Decode(r io.Reader, file string) ([]feature.Feature, error) {
	out, _, err := decode(r, file)
	return out, err
}

// kmlNetworkLink is a NetworkLink's target.
type kmlNetworkLink struct {
	Href string `xml:"Link>href"`
	URL  string `xml:"Url>href"`
}

// decode is Decode, also returning the href of every NetworkLink (KML
// 2.2's Link, or KML 2.0's Url), in document order.
func decode(r io.Reader, file string) ([]feature.Feature, []string, error) {
	d := xml.NewDecoder(r)
	var out []feature.Feature
	var links []string
	root, text := false, false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, fmt.Errorf("%s: not KML: %w: %w", file, feature.ErrFormat, err)
		}
		switch t := tok.(type) {
		case xml.CharData:
			if !root && len(strings.TrimSpace(string(t))) > 0 {
				text = true
			}
		case xml.StartElement:
			if !root {
				root = true
				if t.Name.Local != "kml" {
					return nil, nil, fmt.Errorf("%s: root element <%s>, want <kml>: %w", file, t.Name.Local, feature.ErrFormat)
				}
				continue
			}
			if t.Name.Local == "NetworkLink" {
				var nl kmlNetworkLink
				if err := d.DecodeElement(&nl, &t); err != nil {
					return nil, nil, fmt.Errorf("%s: NetworkLink: %w: %w", file, feature.ErrFormat, err)
				}
				if h := strings.TrimSpace(nl.Href + nl.URL); h != "" {
					links = append(links, h)
				}
				continue
			}
			if t.Name.Local == "Placemark" {
				var pm kmlPlacemark
				line, _ := d.InputPos()
				if err := d.DecodeElement(&pm, &t); err != nil {
					return nil, nil, fmt.Errorf("%s: placemark %d: %w: %w", file, len(out), feature.ErrFormat, err)
				}
				rf := placemarkFeature(&pm)
				rf.Index, rf.Line = len(out), line
				out = append(out, rf)
			}
		}
	}
	if !root && text {
		return nil, nil, fmt.Errorf("%s: not KML: text but no XML element: %w", file, feature.ErrFormat)
	}
	if !root {
		return nil, nil, fmt.Errorf("%s: no XML element: %w", file, geo.ErrEmpty)
	}
	return out, links, nil
}

func placemarkFeature(pm *kmlPlacemark) feature.Feature {
	rf := feature.Feature{Properties: map[string]any{}}
	if pm.ID != "" {
		rf.FallbackID = pm.ID
	}
	set := func(name, value string) {
		if _, dup := rf.Properties[name]; dup {
			rf.Warn(name, "ExtendedData has this name twice: kept the last value")
		}
		rf.Properties[name] = value
	}
	if ed := pm.ExtendedData; ed != nil {
		for _, dt := range ed.Data {
			set(dt.Name, dt.Value)
		}
		for _, sd := range ed.SchemaData {
			for _, s := range sd.SimpleData {
				set(s.Name, s.Value)
			}
		}
	}
	addElem := func(name string, v *string) {
		if v == nil {
			return
		}
		if _, dup := rf.Properties[name]; dup {
			rf.Warn("kml_"+name, fmt.Sprintf("ExtendedData has %q too: kept <%s> as %q", name, name, "kml_"+name))
			rf.Properties["kml_"+name] = *v
			return
		}
		rf.Properties[name] = *v
	}
	addElem("name", pm.Name)
	addElem("description", pm.Description)

	g, field, err := kmlGeom(&pm.kmlGeometry)
	if err != nil {
		rf.Fail(field, err)
		return rf
	}
	if g != nil {
		rf.Geometry, rf.GeometryType = g.geom, g.typ
	}
	return rf
}

// kmlGeometryOf is a decoded geometry: geom is nil for a type no layer
// takes.
type kmlGeometryOf struct {
	typ  string
	geom orb.Geometry
}

// kmlGeom turns a Placemark's (or MultiGeometry's) geometry elements into
// a kmlGeometryOf; nil if it has none.
func kmlGeom(g *kmlGeometry) (*kmlGeometryOf, string, error) {
	var others []string
	for _, o := range g.Other {
		if kmlOtherGeometries[o.XMLName.Local] {
			others = append(others, o.XMLName.Local)
		}
	}
	n := len(g.Point) + len(g.Polygon) + len(g.Multi) + len(others)
	if n == 0 {
		return nil, "", nil
	}
	if n > 1 {
		return nil, "geometry", fmt.Errorf("a Placemark has %d geometries, want 1 (use MultiGeometry): %w", n, feature.ErrBadGeometry)
	}
	{
		switch {
		case len(g.Point) == 1:
			pts, err := kmlCoords(g.Point[0].Coordinates)
			if err != nil {
				return nil, "geometry.point", err
			}
			if len(pts) != 1 {
				return nil, "geometry.point", fmt.Errorf("%d positions, want 1: %w", len(pts), feature.ErrBadGeometry)
			}
			return &kmlGeometryOf{typ: "Point", geom: pts[0]}, "", nil
		case len(g.Polygon) == 1:
			p, field, err := kmlPoly(&g.Polygon[0], 0)
			if err != nil {
				return nil, field, err
			}
			return &kmlGeometryOf{typ: "Polygon", geom: p}, "", nil
		case len(others) == 1:
			return &kmlGeometryOf{typ: others[0]}, "", nil
		}
		return kmlMulti(&g.Multi[0])
	}
}

// kmlMulti flattens a MultiGeometry (nested at any depth): all polygons is
// a MultiPolygon; anything else is a geometry of type "MultiGeometry" that
// no layer accepts.
func kmlMulti(g *kmlGeometry) (*kmlGeometryOf, string, error) {
	var mp orb.MultiPolygon
	var walk func(g *kmlGeometry) (bool, string, error)
	walk = func(g *kmlGeometry) (bool, string, error) {
		if len(g.Point) > 0 {
			return false, "", nil
		}
		for _, o := range g.Other {
			if kmlOtherGeometries[o.XMLName.Local] {
				return false, "", nil
			}
		}
		for i := range g.Polygon {
			p, field, err := kmlPoly(&g.Polygon[i], len(mp))
			if err != nil {
				return true, field, err
			}
			mp = append(mp, p)
		}
		for i := range g.Multi {
			if ok, field, err := walk(&g.Multi[i]); !ok || err != nil {
				return ok, field, err
			}
		}
		return true, "", nil
	}
	ok, field, err := walk(g)
	if err != nil {
		return nil, field, err
	}
	if !ok {
		return &kmlGeometryOf{typ: "MultiGeometry of points or lines"}, "", nil
	}
	return &kmlGeometryOf{typ: "MultiGeometry", geom: mp}, "", nil
}

func kmlPoly(kp *kmlPolygon, pi int) (orb.Polygon, string, error) {
	if len(kp.Outer) != 1 {
		return nil, fmt.Sprintf("geometry.polygon[%d]", pi), fmt.Errorf("%d outerBoundaryIs rings, want 1: %w", len(kp.Outer), feature.ErrBadGeometry)
	}
	p := make(orb.Polygon, 0, 1+len(kp.Inner))
	for ri, text := range append([]string{kp.Outer[0]}, kp.Inner...) {
		pts, err := kmlCoords(text)
		if err != nil {
			return nil, fmt.Sprintf("geometry.polygon[%d].ring[%d]", pi, ri), err
		}
		p = append(p, orb.Ring(pts))
	}
	return p, "", nil
}

// kmlCoords parses a KML coordinates text: tuples "lon,lat[,alt]"
// separated by white space (white space around the commas is tolerated).
// Altitudes are checked to be finite and dropped.
func kmlCoords(text string) ([]orb.Point, error) {
	fields := strings.Fields(text)
	// Join "46.8, 40.1" split by Fields back into one tuple.
	var tuples []string
	for _, f := range fields {
		if n := len(tuples); n > 0 && (strings.HasSuffix(tuples[n-1], ",") || strings.HasPrefix(f, ",")) {
			tuples[n-1] += f
			continue
		}
		tuples = append(tuples, f)
	}
	pts := make([]orb.Point, 0, len(tuples))
	for k, t := range tuples {
		parts := strings.Split(t, ",")
		if len(parts) < 2 || len(parts) > 3 {
			return nil, fmt.Errorf("position %d: %d numbers: %w", k, len(parts), feature.ErrPositionSize)
		}
		var v [3]float64
		for i, s := range parts {
			f, err := lex.ParseDecimal(s)
			if math.IsNaN(f) || math.IsInf(f, 0) {
				return nil, fmt.Errorf("position %d: coordinate %d (%s): %w", k, i, lex.Excerpt([]byte(s)), geo.ErrNotFinite)
			}
			if err != nil {
				return nil, fmt.Errorf("position %d: coordinate %d is %q: %w", k, i, lex.Excerpt([]byte(s)), feature.ErrBadNumber)
			}
			v[i] = f
		}
		if err := geo.ValidatePoint(orb.Point{v[0], v[1]}); err != nil {
			return nil, fmt.Errorf("position %d: %w", k, err)
		}
		pts = append(pts, orb.Point{v[0], v[1]})
	}
	return pts, nil
}
