package geo

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"

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

func decodeKML(r io.Reader, file string) ([]rawFeature, error) {
	d := xml.NewDecoder(r)
	var out []rawFeature
	root, text := false, false
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: not KML: %w: %w", file, ErrFormat, err)
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
					return nil, fmt.Errorf("%s: root element <%s>, want <kml>: %w", file, t.Name.Local, ErrFormat)
				}
				continue
			}
			if t.Name.Local == "Placemark" {
				var pm kmlPlacemark
				line, _ := d.InputPos()
				if err := d.DecodeElement(&pm, &t); err != nil {
					return nil, fmt.Errorf("%s: placemark %d: %w: %w", file, len(out), ErrFormat, err)
				}
				rf := placemarkFeature(&pm)
				rf.line = line
				out = append(out, rf)
			}
		}
	}
	if !root && text {
		return nil, fmt.Errorf("%s: not KML: text but no XML element: %w", file, ErrFormat)
	}
	if !root {
		return nil, fmt.Errorf("%s: no XML element: %w", file, ErrEmpty)
	}
	return out, nil
}

func placemarkFeature(pm *kmlPlacemark) rawFeature {
	rf := rawFeature{props: map[string]any{}}
	if pm.ID != "" {
		rf.fallbackID = pm.ID
	}
	set := func(name, value string) {
		if _, dup := rf.props[name]; dup {
			rf.warns = append(rf.warns, fieldErr{name, errors.New("ExtendedData has this name twice: kept the last value")})
		}
		rf.props[name] = value
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
		if _, dup := rf.props[name]; dup {
			rf.warns = append(rf.warns, fieldErr{"kml_" + name, fmt.Errorf("ExtendedData has %q too: kept <%s> as %q", name, name, "kml_"+name)})
			rf.props["kml_"+name] = *v
			return
		}
		rf.props[name] = *v
	}
	addElem("name", pm.Name)
	addElem("description", pm.Description)

	g, field, err := kmlGeom(&pm.kmlGeometry)
	if err != nil {
		rf.fail(field, err)
		return rf
	}
	rf.geom = g
	return rf
}

// kmlGeom turns a Placemark's (or MultiGeometry's) geometry elements into
// a rawGeom; nil if it has none.
func kmlGeom(g *kmlGeometry) (*rawGeom, string, error) {
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
		return nil, "geometry", fmt.Errorf("a Placemark has %d geometries, want 1 (use MultiGeometry): %w", n, ErrBadGeometry)
	}
	{
		switch {
		case len(g.Point) == 1:
			pts, err := kmlCoords(g.Point[0].Coordinates)
			if err != nil {
				return nil, "geometry.point", err
			}
			if len(pts) != 1 {
				return nil, "geometry.point", fmt.Errorf("%d positions, want 1: %w", len(pts), ErrBadGeometry)
			}
			return &rawGeom{typ: "Point", isPt: true, point: pts[0]}, "", nil
		case len(g.Polygon) == 1:
			p, field, err := kmlPoly(&g.Polygon[0], 0)
			if err != nil {
				return nil, field, err
			}
			return &rawGeom{typ: "Polygon", isPoly: true, polys: orb.MultiPolygon{p}}, "", nil
		case len(others) == 1:
			return &rawGeom{typ: others[0]}, "", nil
		}
		return kmlMulti(&g.Multi[0])
	}
}

// kmlMulti flattens a MultiGeometry (nested at any depth): all polygons is
// a MultiPolygon; anything else is a geometry of type "MultiGeometry" that
// no layer accepts.
func kmlMulti(g *kmlGeometry) (*rawGeom, string, error) {
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
		return &rawGeom{typ: "MultiGeometry of points or lines"}, "", nil
	}
	return &rawGeom{typ: "MultiGeometry", isPoly: true, polys: mp}, "", nil
}

func kmlPoly(kp *kmlPolygon, pi int) (orb.Polygon, string, error) {
	if len(kp.Outer) != 1 {
		return nil, fmt.Sprintf("geometry.polygon[%d]", pi), fmt.Errorf("%d outerBoundaryIs rings, want 1: %w", len(kp.Outer), ErrBadGeometry)
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
			return nil, fmt.Errorf("position %d: %d numbers: %w", k, len(parts), ErrPositionSize)
		}
		var v [3]float64
		for i, s := range parts {
			f, err := parseDecimal(s)
			if math.IsNaN(f) || math.IsInf(f, 0) {
				return nil, fmt.Errorf("position %d: coordinate %d (%s): %w", k, i, abbrev([]byte(s)), ErrNotFinite)
			}
			if err != nil {
				return nil, fmt.Errorf("position %d: coordinate %d is %q: %w", k, i, abbrev([]byte(s)), ErrBadNumber)
			}
			v[i] = f
		}
		if err := checkLonLat(v[0], v[1]); err != nil {
			return nil, fmt.Errorf("position %d: %w", k, err)
		}
		pts = append(pts, orb.Point{v[0], v[1]})
	}
	return pts, nil
}
