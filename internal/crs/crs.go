// Package crs names the coordinate reference systems the readers can turn
// into WGS84 longitude and latitude without an outside library: WGS84
// itself (EPSG:4326, OGC:CRS84 and their URN and URL forms), the WGS84 UTM
// zones (EPSG:326xx north, 327xx south, undone by geo.UTM's inverse) and
// Web Mercator (EPSG:3857 and its older codes 900913, 3785, 102100,
// 102113, undone in closed form on the sphere of radius 6,378,137 m).
// Anything else is an error wrapping [ErrUnsupported] that names the CRS.
//
// The format packages use it for a GeoJSON "crs" member, a GeoPackage's
// gpkg_spatial_ref_sys and a Shapefile's .prj.
package crs

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/landrelease/clearance/geo"
)

// ErrUnsupported: a coordinate reference system the library cannot undo.
var ErrUnsupported = errors.New("geo: unsupported coordinate reference system")

// kind is what a CRS is.
type kind uint8

const (
	lonLat kind = iota // WGS84 lon/lat, the zero CRS
	utm
	webMercator
)

// CRS is a coordinate reference system the library can undo. The zero
// CRS is WGS84 lon/lat.
type CRS struct {
	// Name names the CRS as the source gave it, for messages ("" for the
	// zero CRS).
	Name string
	kind kind
	utm  *geo.UTM
}

// WGS84 is longitude and latitude in degrees on WGS84.
var WGS84 = CRS{Name: "EPSG:4326"}

// IsWGS84 reports whether positions are already WGS84 lon/lat.
func (c CRS) IsWGS84() bool { return c.kind == lonLat }

// IsWebMercator reports whether c is Web Mercator (EPSG:3857).
func (c CRS) IsWebMercator() bool { return c.kind == webMercator }

// String returns the name of c, and what it is when the name does not say
// it: "EPSG:32638 (UTM 38N)".
func (c CRS) String() string {
	switch c.kind {
	case utm:
		return fmt.Sprintf("%s (UTM %s)", c.Name, c.utm.Zone())
	case webMercator:
		return c.Name + " (Web Mercator)"
	}
	if c.Name == "" {
		return "EPSG:4326"
	}
	return c.Name
}

// webMercatorR is the radius of Web Mercator's sphere, metres.
const webMercatorR = 6378137

// LonLat returns the WGS84 longitude and latitude, degrees, of position
// (x, y) in c: x, y themselves for WGS84, the inverse projection of
// easting x and northing y in metres otherwise. NaN or infinite input
// gives NaN or infinite output. It does not allocate.
func (c CRS) LonLat(x, y float64) (lon, lat float64) {
	switch c.kind {
	case utm:
		ll := c.utm.Inverse(geo.XY{X: x, Y: y})
		return ll.Lon, ll.Lat
	case webMercator:
		lon = x / webMercatorR * (180 / math.Pi)
		lat = (2*math.Atan(math.Exp(y/webMercatorR)) - math.Pi/2) * (180 / math.Pi)
		return lon, lat
	}
	return x, y
}

// FromEPSG returns the CRS of an EPSG code: 4326 (and 4979, WGS84 3D),
// 326xx and 327xx (UTM), or Web Mercator's codes. Any other code is an
// error wrapping ErrUnsupported naming "EPSG:code".
func FromEPSG(code int) (CRS, error) {
	name := "EPSG:" + strconv.Itoa(code)
	switch {
	case code == 4326 || code == 4979:
		return CRS{Name: name}, nil
	case code == 3857 || code == 900913 || code == 3785 || code == 102100 || code == 102113:
		return CRS{Name: name, kind: webMercator}, nil
	case code/100 == 326 || code/100 == 327:
		if z, err := geo.ParseZone(strconv.Itoa(code)); err == nil {
			return CRS{Name: name, kind: utm, utm: geo.NewUTM(z)}, nil
		}
	}
	return CRS{}, unsupported(name)
}

func unsupported(name string) error {
	return fmt.Errorf("%w: %s (want WGS84 lon/lat such as EPSG:4326, a WGS84 UTM zone EPSG:326xx/327xx, or Web Mercator EPSG:3857)", ErrUnsupported, name)
}

// Parse reads a CRS name as GeoJSON's "crs" member and OGC services write
// it: "EPSG:4326", "epsg:32638", "urn:ogc:def:crs:EPSG::4326",
// "urn:ogc:def:crs:EPSG:6.6:32638", "urn:ogc:def:crs:OGC:1.3:CRS84",
// "OGC:CRS84", "CRS:84", "http://www.opengis.net/def/crs/EPSG/0/3857" or
// "http://www.opengis.net/def/crs/OGC/1.3/CRS84", in any case. Anything
// else is an error wrapping ErrUnsupported that quotes it.
func Parse(name string) (CRS, error) {
	s := strings.TrimSpace(name)
	l := strings.ToLower(s)
	for _, crs84 := range []string{"urn:ogc:def:crs:ogc:1.3:crs84", "urn:ogc:def:crs:ogc::crs84", "ogc:crs84", "crs:84", "crs84",
		"http://www.opengis.net/def/crs/ogc/1.3/crs84", "https://www.opengis.net/def/crs/ogc/1.3/crs84"} {
		if l == crs84 {
			return CRS{Name: s}, nil
		}
	}
	code := ""
	switch {
	case strings.HasPrefix(l, "epsg:"):
		code = l[5:]
	case strings.HasPrefix(l, "urn:ogc:def:crs:epsg:"):
		// urn:ogc:def:crs:EPSG:{version}:{code}, the version often empty.
		rest := l[len("urn:ogc:def:crs:epsg:"):]
		if i := strings.LastIndexByte(rest, ':'); i >= 0 {
			code = rest[i+1:]
		}
	case strings.HasPrefix(l, "http://www.opengis.net/def/crs/epsg/"), strings.HasPrefix(l, "https://www.opengis.net/def/crs/epsg/"):
		code = l[strings.LastIndexByte(l, '/')+1:]
	}
	code = strings.TrimSpace(code)
	if n, err := strconv.Atoi(code); err == nil && n > 0 && code[0] != '+' {
		c, err := FromEPSG(n)
		if err != nil {
			return CRS{}, err
		}
		c.Name = s
		return c, nil
	}
	return CRS{}, unsupported(strconv.Quote(s))
}

var (
	wktAuthority = regexp.MustCompile(`(?i)AUTHORITY\[\s*"EPSG"\s*,\s*"?(\d+)"?\s*\]\s*\]\s*$`)
	wktID        = regexp.MustCompile(`(?i)ID\[\s*"EPSG"\s*,\s*(\d+)\s*\]\s*\]\s*$`)
	wktTop       = regexp.MustCompile(`^\s*([A-Za-z]+)\s*\[\s*"([^"]*)"`)
	wktUTMName   = regexp.MustCompile(`(?i)UTM[ _]+zone[ _]+(\d{1,2})\s*([NS])\b`)
	wktDatum     = regexp.MustCompile(`(?i)DATUM\s*\[\s*"([^"]*)"`)
	wktParam     = regexp.MustCompile(`(?i)PARAMETER\s*\[\s*"([^"]*)"\s*,\s*([-+0-9.eE]+)\s*\]`)
	wktProj      = regexp.MustCompile(`(?i)PROJECTION\s*\[\s*"([^"]*)"`)
	wktUnit      = regexp.MustCompile(`(?i)UNIT\s*\[\s*"([^"]*)"\s*,\s*([-+0-9.eE]+)`)
)

// FromWKT reads a CRS from its OGC or ESRI well-known text, as a
// Shapefile's .prj or a GeoPackage's definition holds it. The top-level
// EPSG AUTHORITY (or WKT2 ID), if any, decides; otherwise a GEOGCS on the
// WGS84 datum in degrees is WGS84, and a PROJCS on WGS84 whose name says
// UTM zone nn N/S, a Transverse Mercator with that zone's parameters
// (scale 0.9996, false easting 500,000 m, false northing 0 or 10,000,000
// m) in metres, is that zone. Web Mercator is recognised by name
// ("Pseudo-Mercator", "Web_Mercator"). Anything else is an error wrapping
// ErrUnsupported that names the CRS as the text does.
func FromWKT(wkt string) (CRS, error) {
	w := strings.TrimSpace(strings.TrimPrefix(wkt, "\ufeff"))
	top := wktTop.FindStringSubmatch(w)
	if top == nil {
		return CRS{}, fmt.Errorf("%w: not well-known text: %q", ErrUnsupported, excerpt(w))
	}
	node, name := strings.ToUpper(top[1]), top[2]
	for _, re := range []*regexp.Regexp{wktAuthority, wktID} {
		if m := re.FindStringSubmatch(w); m != nil {
			n, _ := strconv.Atoi(m[1])
			c, err := FromEPSG(n)
			if err != nil {
				return CRS{}, fmt.Errorf("%q: %w", name, err)
			}
			c.Name = fmt.Sprintf("%s (EPSG:%d)", name, n)
			return c, nil
		}
	}
	bad := func(why string) error {
		return fmt.Errorf("%w: %q: %s (want WGS84 lon/lat, a WGS84 UTM zone or Web Mercator)", ErrUnsupported, name, why)
	}
	datum := ""
	if m := wktDatum.FindStringSubmatch(w); m != nil {
		datum = m[1]
	}
	if !isWGS84Datum(datum) {
		return CRS{}, bad(fmt.Sprintf("datum %q is not WGS84", datum))
	}
	switch node {
	case "GEOGCS", "GEOGCRS", "GEODCRS":
		if u := wktUnit.FindStringSubmatch(w); u != nil {
			f, _ := strconv.ParseFloat(u[2], 64)
			if math.Abs(f-math.Pi/180) > 1e-12 {
				return CRS{}, bad(fmt.Sprintf("angular unit %q is not the degree", u[1]))
			}
		}
		return CRS{Name: name}, nil
	case "PROJCS", "PROJCRS":
	default:
		return CRS{}, bad("not a geographic or projected CRS")
	}
	ln := strings.ToLower(name)
	if strings.Contains(ln, "pseudo-mercator") || strings.Contains(ln, "pseudo_mercator") || strings.Contains(ln, "web_mercator") || strings.Contains(ln, "web mercator") {
		return CRS{Name: name, kind: webMercator}, nil
	}
	m := wktUTMName.FindStringSubmatch(name)
	if m == nil {
		return CRS{}, bad("not a UTM zone")
	}
	z, err := geo.ParseZone(m[1] + m[2])
	if err != nil {
		return CRS{}, bad(err.Error())
	}
	if p := wktProj.FindStringSubmatch(w); p == nil || !strings.EqualFold(strings.ReplaceAll(p[1], " ", "_"), "Transverse_Mercator") {
		return CRS{}, bad("its projection is not Transverse Mercator")
	}
	want := map[string]float64{
		"central_meridian": z.CentralMeridian(), "scale_factor": 0.9996, "false_easting": 500000,
		"false_northing": 0, "latitude_of_origin": 0,
	}
	if z.South {
		want["false_northing"] = 10000000
	}
	for _, p := range wktParam.FindAllStringSubmatch(w, -1) {
		key := strings.ToLower(strings.ReplaceAll(p[1], " ", "_"))
		v, err := strconv.ParseFloat(p[2], 64)
		wv, known := want[key]
		if !known {
			continue
		}
		if err != nil || math.Abs(v-wv) > 1e-9*math.Max(1, math.Abs(wv)) {
			return CRS{}, bad(fmt.Sprintf("parameter %s is %s, UTM %s has %v", p[1], p[2], z, wv))
		}
	}
	return CRS{Name: name, kind: utm, utm: geo.NewUTM(z)}, nil
}

func isWGS84Datum(d string) bool {
	switch strings.ToLower(strings.NewReplacer(" ", "", "_", "", "-", "").Replace(d)) {
	case "wgs84", "wgs1984", "dwgs1984", "worldgeodeticsystem1984":
		return true
	}
	return false
}

func excerpt(s string) string {
	if len(s) > 60 {
		return s[:60] + "..."
	}
	return s
}
