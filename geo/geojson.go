package geo

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"

	"github.com/paulmach/orb"
)

// ErrFormat: the file is not of its format at all, or its structure is
// broken (not JSON, not a FeatureCollection, not KML, a bad CSV header).
// Readers return it wrapped, naming the file.
var ErrFormat = errors.New("geo: malformed file")

// decodeGeoJSON decodes an RFC 7946 FeatureCollection. Coordinates are
// decoded here, not by orb, to check every position: its size (2 or 3
// numbers), finiteness (a number like 1e999 overflows) and range.
func decodeGeoJSON(r io.Reader, file string) ([]rawFeature, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, fmt.Errorf("%s: %w", file, ErrEmpty)
	}
	var top struct {
		Type     string          `json:"type"`
		Features json.RawMessage `json:"features"`
	}
	if err := json.Unmarshal(data, &top); err != nil {
		return nil, fmt.Errorf("%s: not GeoJSON: %w: %w", file, ErrFormat, err)
	}
	if top.Type != "FeatureCollection" {
		return nil, fmt.Errorf("%s: GeoJSON type %q, want FeatureCollection: %w", file, top.Type, ErrFormat)
	}
	var feats []json.RawMessage
	if len(top.Features) == 0 {
		return nil, fmt.Errorf("%s: FeatureCollection has no \"features\" member: %w", file, ErrFormat)
	}
	if err := json.Unmarshal(top.Features, &feats); err != nil {
		return nil, fmt.Errorf("%s: \"features\" is not an array: %w: %w", file, ErrFormat, err)
	}
	out := make([]rawFeature, len(feats))
	for i, raw := range feats {
		decodeGJFeature(&out[i], raw)
	}
	return out, nil
}

func isJSONNull(raw json.RawMessage) bool {
	t := bytes.TrimSpace(raw)
	return len(t) == 0 || string(t) == "null"
}

func decodeGJFeature(rf *rawFeature, raw json.RawMessage) {
	var f struct {
		Type       string          `json:"type"`
		ID         json.RawMessage `json:"id"`
		Geometry   json.RawMessage `json:"geometry"`
		Properties json.RawMessage `json:"properties"`
	}
	if err := json.Unmarshal(raw, &f); err != nil {
		rf.fail("feature", fmt.Errorf("not a GeoJSON Feature object: %w: %w", ErrFormat, err))
		return
	}
	if f.Type != "Feature" {
		rf.fail("type", fmt.Errorf("type %q, want Feature: %w", f.Type, ErrFormat))
	}
	if !isJSONNull(f.ID) {
		var v any
		if err := json.Unmarshal(f.ID, &v); err == nil {
			switch x := v.(type) {
			case string:
				rf.id, rf.hasID = x, true
			case float64:
				rf.id, rf.hasID = string(bytes.TrimSpace(f.ID)), true
			}
		}
		if !rf.hasID {
			rf.fail("id", fmt.Errorf("%w: id must be a string or a number", ErrUnknownValue))
		}
	}
	rf.props = map[string]any{}
	if !isJSONNull(f.Properties) {
		if err := json.Unmarshal(f.Properties, &rf.props); err != nil {
			rf.props = map[string]any{}
			rf.fail("properties", fmt.Errorf("not a JSON object: %w: %w", ErrFormat, err))
		}
	}
	if isJSONNull(f.Geometry) {
		return
	}
	g, field, err := decodeGJGeometry(f.Geometry)
	if err != nil {
		rf.fail(field, err)
		return
	}
	rf.geom = g
}

// decodeGJGeometry decodes a geometry object, returning the field of the
// first problem with its error.
func decodeGJGeometry(raw json.RawMessage) (*rawGeom, string, error) {
	var g struct {
		Type        string          `json:"type"`
		Coordinates json.RawMessage `json:"coordinates"`
	}
	if err := json.Unmarshal(raw, &g); err != nil {
		return nil, "geometry", fmt.Errorf("not a GeoJSON geometry object: %w: %w", ErrBadGeometry, err)
	}
	switch g.Type {
	case "Point":
		var pos []json.RawMessage
		if err := json.Unmarshal(g.Coordinates, &pos); err != nil || isJSONNull(g.Coordinates) {
			return nil, "geometry.coordinates", fmt.Errorf("a Point needs one position: %w", ErrBadGeometry)
		}
		pt, err := decodePosition(pos)
		if err != nil {
			return nil, "geometry.point", err
		}
		return &rawGeom{typ: g.Type, isPt: true, point: pt}, "", nil
	case "Polygon":
		var rings [][][]json.RawMessage
		if err := json.Unmarshal(g.Coordinates, &rings); err != nil || isJSONNull(g.Coordinates) {
			return nil, "geometry.coordinates", fmt.Errorf("a Polygon needs an array of rings of positions: %w", ErrBadGeometry)
		}
		p, field, err := decodePolygon(rings, 0)
		if err != nil {
			return nil, field, err
		}
		return &rawGeom{typ: g.Type, isPoly: true, polys: orb.MultiPolygon{p}}, "", nil
	case "MultiPolygon":
		var polys [][][][]json.RawMessage
		if err := json.Unmarshal(g.Coordinates, &polys); err != nil || isJSONNull(g.Coordinates) {
			return nil, "geometry.coordinates", fmt.Errorf("a MultiPolygon needs an array of polygons: %w", ErrBadGeometry)
		}
		mp := make(orb.MultiPolygon, 0, len(polys))
		for pi, rings := range polys {
			p, field, err := decodePolygon(rings, pi)
			if err != nil {
				return nil, field, err
			}
			mp = append(mp, p)
		}
		return &rawGeom{typ: g.Type, isPoly: true, polys: mp}, "", nil
	case "LineString", "MultiPoint", "MultiLineString", "GeometryCollection":
		return &rawGeom{typ: g.Type}, "", nil
	}
	return nil, "geometry.type", fmt.Errorf("unknown geometry type %q: %w", g.Type, ErrBadGeometry)
}

func decodePolygon(rings [][][]json.RawMessage, pi int) (orb.Polygon, string, error) {
	p := make(orb.Polygon, len(rings))
	for ri, ring := range rings {
		r := make(orb.Ring, len(ring))
		for k, pos := range ring {
			pt, err := decodePosition(pos)
			if err != nil {
				return nil, fmt.Sprintf("geometry.polygon[%d].ring[%d]", pi, ri), fmt.Errorf("position %d: %w", k, err)
			}
			r[k] = pt
		}
		p[ri] = r
	}
	return p, "", nil
}

// decodePosition decodes [lon, lat] or [lon, lat, alt]; the altitude is
// checked to be finite and dropped.
func decodePosition(pos []json.RawMessage) (orb.Point, error) {
	if len(pos) < 2 || len(pos) > 3 {
		return orb.Point{}, fmt.Errorf("%d numbers: %w", len(pos), ErrPositionSize)
	}
	var v [3]float64
	for i, raw := range pos {
		t := bytes.TrimSpace(raw)
		if len(t) == 0 || !(t[0] == '-' || (t[0] >= '0' && t[0] <= '9')) {
			return orb.Point{}, fmt.Errorf("coordinate %d is %s, not a number: %w", i, abbrev(t), ErrBadGeometry)
		}
		f, err := strconv.ParseFloat(string(t), 64)
		if math.IsInf(f, 0) || math.IsNaN(f) {
			return orb.Point{}, fmt.Errorf("coordinate %d (%s): %w", i, abbrev(t), ErrNotFinite)
		}
		if err != nil {
			return orb.Point{}, fmt.Errorf("coordinate %d is %s, not a number: %w", i, abbrev(t), ErrBadGeometry)
		}
		v[i] = f
	}
	if err := checkLonLat(v[0], v[1]); err != nil {
		return orb.Point{}, err
	}
	return orb.Point{v[0], v[1]}, nil
}

func abbrev(b []byte) string {
	if len(b) > 24 {
		return string(b[:21]) + "..."
	}
	return string(b)
}
