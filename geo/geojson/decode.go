package geojson

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"strings"

	"github.com/landrelease/clearance/geo/feature"
	"github.com/landrelease/clearance/internal/crs"
	"github.com/landrelease/clearance/internal/jsonscan"
)

// Decode reads an RFC 7946 FeatureCollection from r; file names the input
// in messages. Each feature's geometry is a Point, Polygon or MultiPolygon
// (with every position checked for size, finiteness and range) or, for
// LineString, MultiPoint, MultiLineString and GeometryCollection, only its
// type name, which no layer takes. The top-level "id" (a string or a
// number) is the feature's ID; properties keep their JSON types.
//
// A UTF-8 byte-order mark at the start is skipped. A top-level "crs"
// member (GeoJSON 2008; RFC 7946 dropped it) is honoured, never ignored:
// a name meaning WGS84 lon/lat (EPSG:4326, OGC:CRS84, their URN and URL
// forms) changes nothing; a WGS84 UTM zone (EPSG:326xx, 327xx) and Web
// Mercator (EPSG:3857, 900913, 3785, 102100) are turned into lon/lat, and
// the first feature gets a warning (field "crs") naming the CRS. Web
// Mercator is reprojected rather than refused: it is WGS84 lon/lat
// projected on a sphere, whose inverse is exact in closed form, so the
// positions come back as they were before the export projected them. Any
// other CRS is an error naming it (wrapping internal crs.ErrUnsupported).
//
// A structural problem (blank input, not JSON, not a FeatureCollection, no
// "features" array) is an error naming the file and wrapping
// feature.ErrFormat (or geo.ErrEmpty), with no features. Problems of one
// feature are in its Problems. Decode reads r to the end; the whole file
// is held in memory. Cost O(file size).
func Decode(r io.Reader, file string) ([]feature.Feature, error) {
	return DecodeContext(context.Background(), r, file)
}

// DecodeContext is Decode stopping when ctx is done: between reads of r
// and within a few hundred features of decoding; the error then names the
// file and wraps ctx.Err().
func DecodeContext(ctx context.Context, r io.Reader, file string) ([]feature.Feature, error) {
	data, err := readAll(r)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	ref, err := crsOf(jsonscan.CRS(data))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	var lonLat jsonscan.LonLat
	if !ref.IsWGS84() {
		lonLat = ref.LonLat
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	feats, err := jsonscan.DecodeContext(ctx, data, file, lonLat)
	if err == nil && !ref.IsWGS84() && len(feats) > 0 {
		feats[0].Warn("crs", fmt.Sprintf("coordinates in %s turned into WGS84 longitude and latitude (RFC 7946 GeoJSON is lon/lat only)", ref))
	}
	return feats, err
}

// crsOf reads a "crs" member (nil if absent): a named CRS
// ({"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::3857"}}) or,
// in the 2008 draft's form, an EPSG code
// ({"type":"EPSG","properties":{"code":3857}}). null is WGS84. Anything
// else is an error wrapping feature.ErrFormat or crs.ErrUnsupported.
func crsOf(raw json.RawMessage) (crs.CRS, error) {
	if raw == nil || string(bytes.TrimSpace(raw)) == "null" {
		return crs.WGS84, nil
	}
	var c struct {
		Type       string `json:"type"`
		Properties struct {
			Name string          `json:"name"`
			Code json.RawMessage `json:"code"`
			Href string          `json:"href"`
		} `json:"properties"`
	}
	if err := json.Unmarshal(raw, &c); err != nil {
		return crs.CRS{}, fmt.Errorf("crs member is not a CRS object (%v): %w", err, feature.ErrFormat)
	}
	switch strings.ToLower(c.Type) {
	case "name":
		return crs.Parse(c.Properties.Name)
	case "epsg":
		code := strings.Trim(string(c.Properties.Code), `" `)
		return crs.Parse("EPSG:" + code)
	case "link":
		return crs.CRS{}, fmt.Errorf("crs: a linked CRS (%q) is not read: %w", c.Properties.Href, crs.ErrUnsupported)
	}
	return crs.CRS{}, fmt.Errorf("crs of type %q, want \"name\": %w", c.Type, feature.ErrFormat)
}

// readAll is io.ReadAll with the buffer sized up front when r tells its
// length (bytes.Reader, strings.Reader, bytes.Buffer) or is a regular
// file, which spares copying a large file as the buffer grows.
func readAll(r io.Reader) ([]byte, error) {
	n := 512
	switch x := r.(type) {
	case interface{ Len() int }:
		n = x.Len() + 1 // +1: the last Read sees EOF without growing
	case *os.File:
		if fi, err := x.Stat(); err == nil && fi.Mode().IsRegular() && fi.Size() < math.MaxInt32 {
			n = int(fi.Size()) + 1
		}
	case interface{ Stat() (os.FileInfo, error) }:
		if fi, err := x.Stat(); err == nil && fi.Mode().IsRegular() && fi.Size() < math.MaxInt32 {
			n = int(fi.Size()) + 1
		}
	}
	b := make([]byte, 0, n)
	for {
		m, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+m]
		if err != nil {
			if err == io.EOF {
				err = nil
			}
			return b, err
		}
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
	}
}
