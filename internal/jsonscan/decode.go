// Package jsonscan decodes GeoJSON FeatureCollections into
// geo/feature's features, fast: one pass over the bytes, with a float
// parser that reads plain decimals exactly without strconv, falling back
// to encoding/json for anything unusual. BenchmarkDecode beside it
// measures it against encoding/json and orb/geojson on the same file.
// geo/geojson is its public face.
package jsonscan

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"math/bits"
	"strconv"

	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/geo/feature"
	"github.com/landrelease/clearance/internal/lex"
	"github.com/paulmach/orb"
)

// Decode decodes data, an RFC 7946 FeatureCollection, into features;
// file names the input in messages. Coordinates are decoded here, not by
// orb, to check every position: its size (2 or 3 numbers), finiteness (a
// number like 1e999 overflows) and range.
//
// Two decoders give the same features, errors and messages. The fast one
// ([scanGeoJSON]) scans the bytes once, validating the JSON as it goes, and
// hands only the small parts (ids, properties) to encoding/json. It gives
// up on anything unusual: a syntax error, a member name that matches only
// case-insensitively or through escapes, a duplicate member, a top level
// that is not a FeatureCollection. The document is then decoded by
// [decodeGeoJSONStd], level by level with encoding/json, whose errors are
// the reference; an unusual feature or geometry alone is decoded that way
// inside the fast path. Both read coordinates with [gjScanner].
//
// A structural problem (blank input, not JSON, not a FeatureCollection) is
// an error naming the file, with no features. Cost O(len(data)).
func Decode(data []byte, file string) ([]feature.Feature, error) {
	return DecodeCRS(data, file, nil)
}

// LonLat turns a position as stored (x, y) into WGS84 longitude and
// latitude; see DecodeCRS.
type LonLat func(x, y float64) (lon, lat float64)

// DecodeCRS is Decode for a file whose positions are in another CRS:
// each position, once checked for size and finiteness, is turned into
// lon/lat by lonLat (nil: positions are lon/lat already) before its range
// is checked; a position out of range then names its coordinates as
// stored.
func DecodeCRS(data []byte, file string, lonLat LonLat) ([]feature.Feature, error) {
	return DecodeContext(context.Background(), data, file, lonLat)
}

// DecodeContext is DecodeCRS stopping with ctx: a done ctx stops decoding
// within a few hundred features, and the error wraps ctx.Err().
func DecodeContext(ctx context.Context, data []byte, file string, lonLat LonLat) ([]feature.Feature, error) {
	raws, err := decodeRaw(ctx, data, file, lonLat)
	if err != nil {
		return nil, err
	}
	out := make([]feature.Feature, len(raws))
	for i := range raws {
		raws[i].to(&out[i], i)
	}
	return out, nil
}

// decodeRaw decodes data with the fast decoder if it can, else the std one.
func decodeRaw(ctx context.Context, data []byte, file string, tr LonLat) ([]rawFeature, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, fmt.Errorf("%s: %w", file, geo.ErrEmpty)
	}
	if out, ok := scanGeoJSON(ctx, data, tr); ok {
		return out, nil
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	return decodeGeoJSONStd(ctx, data, file, tr)
}

// rawGeom is a decoded geometry, with positions already checked for size,
// finiteness and range.
type rawGeom struct {
	typ    string // the source's name for the geometry type
	isPt   bool
	isPoly bool // Polygon or MultiPolygon
	point  orb.Point
	polys  orb.MultiPolygon // a Polygon is a MultiPolygon of one
}

// fieldErr is a problem found while decoding a feature.
type fieldErr struct {
	field string
	err   error
}

// rawFeature is one decoded feature, as the two decoders build it.
type rawFeature struct {
	id    string // top-level id, "" if none
	hasID bool
	props map[string]any
	geom  *rawGeom
	errs  []fieldErr
}

func (rf *rawFeature) fail(field string, err error) {
	rf.errs = append(rf.errs, fieldErr{field, err})
}

// to sets f to rf, feature i of the file: a Polygon's geometry is an
// orb.Polygon, a MultiPolygon's an orb.MultiPolygon, a Point's an
// orb.Point; other types have no geometry, only their type name.
func (rf *rawFeature) to(f *feature.Feature, i int) {
	*f = feature.Feature{Index: i, ID: rf.id, HasID: rf.hasID, Properties: rf.props}
	if g := rf.geom; g != nil {
		f.GeometryType = g.typ
		switch {
		case g.isPt:
			f.Geometry = g.point
		case g.isPoly && g.typ == "Polygon":
			f.Geometry = g.polys[0]
		case g.isPoly:
			f.Geometry = g.polys
		}
	}
	for _, e := range rf.errs {
		f.Fail(e.field, e.err)
	}
}

// decodeGeoJSONStd decodes data with encoding/json, one level at a time.
func decodeGeoJSONStd(ctx context.Context, data []byte, file string, tr LonLat) ([]rawFeature, error) {
	var top struct {
		Type     string          `json:"type"`
		Features json.RawMessage `json:"features"`
	}
	if err := json.Unmarshal(data, &top); err != nil {
		return nil, fmt.Errorf("%s: not GeoJSON: %w: %w", file, feature.ErrFormat, err)
	}
	if top.Type != "FeatureCollection" {
		return nil, fmt.Errorf("%s: GeoJSON type %q, want FeatureCollection: %w", file, top.Type, feature.ErrFormat)
	}
	var feats []json.RawMessage
	if len(top.Features) == 0 {
		return nil, fmt.Errorf("%s: FeatureCollection has no \"features\" member: %w", file, feature.ErrFormat)
	}
	if err := json.Unmarshal(top.Features, &feats); err != nil {
		return nil, fmt.Errorf("%s: \"features\" is not an array: %w: %w", file, feature.ErrFormat, err)
	}
	out := make([]rawFeature, len(feats))
	for i, raw := range feats {
		if i%256 == 0 && ctx.Err() != nil {
			return nil, fmt.Errorf("%s: %w", file, ctx.Err())
		}
		decodeGJFeature(&out[i], raw, tr)
	}
	return out, nil
}

func isJSONNull(raw json.RawMessage) bool {
	t := bytes.TrimSpace(raw)
	return len(t) == 0 || string(t) == "null"
}

// decodeGJFeature decodes one feature with encoding/json; raw is valid JSON.
func decodeGJFeature(rf *rawFeature, raw json.RawMessage, tr LonLat) {
	var f struct {
		Type       string          `json:"type"`
		ID         json.RawMessage `json:"id"`
		Geometry   json.RawMessage `json:"geometry"`
		Properties json.RawMessage `json:"properties"`
	}
	if err := json.Unmarshal(raw, &f); err != nil {
		rf.fail("feature", fmt.Errorf("not a GeoJSON Feature object: %w: %w", feature.ErrFormat, err))
		return
	}
	rf.setMembers(f.Type, f.ID, f.Properties)
	if isJSONNull(f.Geometry) {
		return
	}
	rf.setGeom(decodeGJGeometry(f.Geometry, tr))
}

// setMembers checks a feature's type and sets its id and properties from
// their JSON text (nil if absent), in that order.
func (rf *rawFeature) setMembers(typ string, id, props []byte) {
	if typ != "Feature" {
		rf.fail("type", fmt.Errorf("type %q, want Feature: %w", typ, feature.ErrFormat))
	}
	if !isJSONNull(id) {
		if s, ok := plainString(id); ok {
			rf.id, rf.hasID = s, true
		} else {
			var v any
			if err := json.Unmarshal(id, &v); err == nil {
				switch x := v.(type) {
				case string:
					rf.id, rf.hasID = x, true
				case float64:
					rf.id, rf.hasID = string(bytes.TrimSpace(id)), true
				}
			}
		}
		if !rf.hasID {
			rf.fail("id", fmt.Errorf("%w: id must be a string or a number", geo.ErrUnknownValue))
		}
	}
	rf.props = map[string]any{}
	if !isJSONNull(props) {
		if err := json.Unmarshal(props, &rf.props); err != nil {
			rf.props = map[string]any{}
			rf.fail("properties", fmt.Errorf("not a JSON object: %w: %w", feature.ErrFormat, err))
		}
	}
}

func (rf *rawFeature) setGeom(g *rawGeom, field string, err error) {
	if err != nil {
		rf.fail(field, err)
		return
	}
	rf.geom = g
}

// plainString returns the text of a JSON string token that decodes to
// itself: printable ASCII, no escapes.
func plainString(tok []byte) (string, bool) {
	if len(tok) < 2 || tok[0] != '"' || tok[len(tok)-1] != '"' {
		return "", false
	}
	in := tok[1 : len(tok)-1]
	for _, c := range in {
		if c < 0x20 || c >= 0x80 || c == '\\' || c == '"' {
			return "", false
		}
	}
	return string(in), true
}

// decodeGJGeometry decodes a geometry object (valid JSON) with
// encoding/json, returning the field of the first problem with its error.
func decodeGJGeometry(raw json.RawMessage, tr LonLat) (*rawGeom, string, error) {
	var g struct {
		Type        string          `json:"type"`
		Coordinates json.RawMessage `json:"coordinates"`
	}
	if err := json.Unmarshal(raw, &g); err != nil {
		return nil, "geometry", fmt.Errorf("not a GeoJSON geometry object: %w: %w", feature.ErrBadGeometry, err)
	}
	if coordDepth(g.Type) > 0 {
		s := gjScanner{data: g.Coordinates, tr: tr}
		s.ws()
		return s.coords(g.Type, len(g.Coordinates) > 0)
	}
	return otherGeometry(g.Type)
}

// coordDepth is the array nesting of the coordinates of a geometry type
// whose positions are read, 0 for other types.
func coordDepth(typ string) int {
	switch typ {
	case "Point":
		return 1
	case "Polygon":
		return 3
	case "MultiPolygon":
		return 4
	}
	return 0
}

// otherGeometry is the result for a geometry type whose coordinates are
// not read.
func otherGeometry(typ string) (*rawGeom, string, error) {
	switch typ {
	case "LineString", "MultiPoint", "MultiLineString", "GeometryCollection":
		return &rawGeom{typ: typ}, "", nil
	}
	return nil, "geometry.type", fmt.Errorf("unknown geometry type %q: %w", typ, feature.ErrBadGeometry)
}

// scanGeoJSON is the fast decoder: one pass over data, which must be a
// FeatureCollection in valid JSON (ok is false otherwise, and for anything
// it leaves to [decodeGeoJSONStd]).
func scanGeoJSON(ctx context.Context, data []byte, tr LonLat) (out []rawFeature, ok bool) {
	// encoding/json allows 10000 levels of nesting; skipValue starts at
	// most 8 levels down (a coordinate of a MultiPolygon).
	s := gjScanner{data: data, maxDepth: 9000, tr: tr, ctx: ctx}
	s.ws()
	if s.peek() != '{' {
		return nil, false
	}
	s.i++
	var typ string
	haveType, haveFeatures := false, false
	for first := true; ; first = false {
		key, more := s.member(first)
		if s.bad {
			return nil, false
		}
		if !more {
			break
		}
		switch memberIndex(key, gjTopMembers) {
		case 0: // type
			if haveType {
				return nil, false
			}
			haveType = true
			if typ, ok = s.plainStringValue(); !ok {
				return nil, false
			}
		case 1: // features
			if haveFeatures || s.peek() != '[' {
				return nil, false
			}
			haveFeatures = true
			out = s.features()
		case -1:
			s.skipValue()
		default:
			return nil, false
		}
		if s.bad {
			return nil, false
		}
	}
	s.ws()
	if s.i != len(data) || typ != "FeatureCollection" || !haveFeatures {
		return nil, false
	}
	return out, true
}

var (
	gjTopMembers      = []string{"type", "features"}
	gjFeatureMembers  = []string{"type", "id", "geometry", "properties"}
	gjGeometryMembers = []string{"type", "coordinates"}
)

// memberIndex returns the index in names of an object member's key (the
// raw text between the quotes): -1 for another member, -2 for a key that
// encoding/json might match to a name though it differs (case, escapes,
// non-ASCII letters that fold to ASCII ones).
func memberIndex(key []byte, names []string) int {
	for _, c := range key {
		if c == '\\' || c >= 0x80 {
			return -2
		}
	}
	for k, name := range names {
		if string(key) == name {
			return k
		}
	}
	for _, name := range names {
		if asciiEqualFold(key, name) {
			return -2
		}
	}
	return -1
}

func asciiEqualFold(a []byte, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range len(a) {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// gjScanner reads JSON from data[i:]. On the fast path it validates as it
// goes and sets bad at the first syntax error (or anything else it leaves
// to encoding/json); decodeGJGeometry uses it on coordinates already
// validated. The coordinate buffers are reused from geometry to geometry.
type gjScanner struct {
	data     []byte
	i        int
	bad      bool
	maxDepth int // nesting allowed in skipValue; 0 for no limit
	stack    []byte
	tr       LonLat          // nil for lon/lat positions
	ctx      context.Context // stops features(); nil for never

	// coordinates of the current geometry
	shape    bool  // an array level holds something other than an array or null
	posErr   error // the first bad position: position errK of ring errRing of polygon errPoly
	errPoly  int
	errRing  int
	errK     int
	pts      []orb.Point
	ringEnds []int // end of each ring in pts
	polyEnds []int // end of each polygon in ringEnds
}

func (s *gjScanner) ws() {
	for s.i < len(s.data) {
		switch s.data[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

// peek returns the byte at s.i, 0 at the end.
func (s *gjScanner) peek() byte {
	if s.i < len(s.data) {
		return s.data[s.i]
	}
	return 0
}

// member moves to the next member of the object being read (first: just
// after its '{'), leaving s.i at the member's value and returning its key;
// more is false after the closing '}'.
func (s *gjScanner) member(first bool) (key []byte, more bool) {
	s.ws()
	switch c := s.peek(); {
	case c == '}':
		s.i++
		return nil, false
	case !first && c == ',':
		s.i++
		s.ws()
	case !first:
		s.bad = true
		return nil, false
	}
	start := s.i
	s.str()
	if s.bad {
		return nil, false
	}
	key = s.data[start+1 : s.i-1]
	s.ws()
	if s.peek() != ':' {
		s.bad = true
		return nil, false
	}
	s.i++
	s.ws()
	return key, true
}

// next moves to the next element of the array being read (first: just
// after its '['), leaving s.i at it; it returns false after the closing
// ']'.
func (s *gjScanner) next(first bool) bool {
	s.ws()
	switch c := s.peek(); {
	case c == ']':
		s.i++
		return false
	case first:
		return true
	case c == ',':
		s.i++
		s.ws()
		return true
	}
	s.bad = true
	return false
}

// str reads a string token.
func (s *gjScanner) str() {
	d, i := s.data, s.i
	if i >= len(d) || d[i] != '"' {
		s.bad = true
		return
	}
	for i++; i < len(d); i++ {
		switch c := d[i]; {
		case c == '"':
			s.i = i + 1
			return
		case c < 0x20:
			s.bad = true
			return
		case c == '\\':
			i++
			if i >= len(d) {
				s.bad = true
				return
			}
			switch d[i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if i+4 >= len(d) {
					s.bad = true
					return
				}
				for _, h := range d[i+1 : i+5] {
					if !('0' <= h && h <= '9' || 'a' <= h && h <= 'f' || 'A' <= h && h <= 'F') {
						s.bad = true
						return
					}
				}
				i += 4
			default:
				s.bad = true
				return
			}
		}
	}
	s.bad = true
}

// number reads a number token.
func (s *gjScanner) number() {
	d, i := s.data, s.i
	if i < len(d) && d[i] == '-' {
		i++
	}
	switch {
	case i < len(d) && d[i] == '0':
		i++
	case i < len(d) && '1' <= d[i] && d[i] <= '9':
		i = digits(d, i+1)
	default:
		s.bad = true
		return
	}
	if i < len(d) && d[i] == '.' {
		j := digits(d, i+1)
		if j == i+1 {
			s.bad = true
			return
		}
		i = j
	}
	if i < len(d) && (d[i] == 'e' || d[i] == 'E') {
		i++
		if i < len(d) && (d[i] == '+' || d[i] == '-') {
			i++
		}
		j := digits(d, i)
		if j == i {
			s.bad = true
			return
		}
		i = j
	}
	s.i = i
}

func digits(d []byte, i int) int {
	for i < len(d) && '0' <= d[i] && d[i] <= '9' {
		i++
	}
	return i
}

// literal reads true, false or null.
func (s *gjScanner) literal(word string) {
	if len(s.data)-s.i < len(word) || string(s.data[s.i:s.i+len(word)]) != word {
		s.bad = true
		return
	}
	s.i += len(word)
}

// scalar reads a string, number or literal.
func (s *gjScanner) scalar() {
	switch c := s.peek(); {
	case c == '"':
		s.str()
	case c == '-' || '0' <= c && c <= '9':
		s.number()
	case c == 't':
		s.literal("true")
	case c == 'f':
		s.literal("false")
	case c == 'n':
		s.literal("null")
	default:
		s.bad = true
	}
}

// skipValue reads any value.
func (s *gjScanner) skipValue() {
	base := len(s.stack)
	defer func() { s.stack = s.stack[:base] }()
	for !s.bad {
		// At a value.
		switch c := s.peek(); c {
		case '{', '[':
			if s.maxDepth > 0 && len(s.stack)-base >= s.maxDepth {
				s.bad = true
				return
			}
			s.stack = append(s.stack, c)
			s.i++
			s.ws()
			if c == '{' && s.peek() != '}' {
				if _, more := s.member(true); !more {
					return
				}
				continue
			}
			if c == '[' && s.peek() != ']' {
				continue
			}
			s.i++
			s.stack = s.stack[:len(s.stack)-1]
		default:
			s.scalar()
		}
		// After a value: close containers until one has more.
		for !s.bad {
			if len(s.stack) == base {
				return
			}
			var more bool
			if s.stack[len(s.stack)-1] == '{' {
				_, more = s.member(false)
			} else {
				more = s.next(false)
			}
			if more {
				break
			}
			s.stack = s.stack[:len(s.stack)-1]
		}
	}
}

// span reads any value and returns its text.
func (s *gjScanner) span() []byte {
	start := s.i
	s.skipValue()
	return s.data[start:s.i]
}

// plainStringValue reads a value, returning it if it is a string that
// decodes to itself (see plainString).
func (s *gjScanner) plainStringValue() (string, bool) {
	if s.peek() != '"' {
		s.skipValue()
		return "", false
	}
	return plainString(s.span())
}

// features reads the elements of the features array; s.i is at its '['.
func (s *gjScanner) features() []rawFeature {
	out := make([]rawFeature, 0, 64)
	s.i++
	for first := true; s.next(first); first = false {
		if len(out)%256 == 0 && s.ctx != nil && s.ctx.Err() != nil {
			s.bad = true // decodeRaw sees ctx done and stops
			return nil
		}
		out = append(out, rawFeature{})
		rf := &out[len(out)-1]
		if s.peek() == '{' {
			s.feature(rf)
		} else {
			decodeGJFeature(rf, s.span(), s.tr)
		}
		if s.bad {
			return nil
		}
	}
	return out
}

// feature reads a Feature object; s.i is at its '{'.
func (s *gjScanner) feature(rf *rawFeature) {
	start := s.i
	s.i++
	var (
		typ       string
		id, props []byte
		seen      uint8 // bit k: member gjFeatureMembers[k] met
		odd       bool  // left to decodeGJFeature
		hasGeom   bool
		g         *rawGeom
		field     string
		err       error
		plain     bool
	)
	for first := true; !s.bad; first = false {
		key, more := s.member(first)
		if s.bad || !more {
			break
		}
		k := memberIndex(key, gjFeatureMembers)
		if odd || k == -1 {
			s.skipValue()
			continue
		}
		if k == -2 || seen&(1<<k) != 0 {
			odd = true
			s.skipValue()
			continue
		}
		seen |= 1 << k
		switch k {
		case 0:
			if typ, plain = s.plainStringValue(); !plain {
				odd = true
			}
		case 1:
			id = s.span()
		case 2:
			if s.peek() == '{' {
				hasGeom = true
				g, field, err = s.geometry()
			} else if raw := s.span(); !isJSONNull(raw) {
				hasGeom = true
				g, field, err = decodeGJGeometry(raw, s.tr)
			}
		case 3:
			props = s.span()
		}
	}
	if s.bad {
		return
	}
	if odd {
		decodeGJFeature(rf, s.data[start:s.i], s.tr)
		return
	}
	rf.setMembers(typ, id, props)
	if hasGeom {
		rf.setGeom(g, field, err)
	}
}

// geometry reads a geometry object; s.i is at its '{'.
func (s *gjScanner) geometry() (*rawGeom, string, error) {
	start := s.i
	s.i++
	var (
		typ             string
		haveType, plain bool
		coordAt         = -1
		odd, done       bool
		g               *rawGeom
		field           string
		err             error
	)
	for first := true; ; first = false {
		key, more := s.member(first)
		if s.bad || !more {
			break
		}
		k := memberIndex(key, gjGeometryMembers)
		switch {
		case odd || k == -1:
			s.skipValue()
		case k == -2 || k == 0 && haveType || k == 1 && coordAt >= 0:
			odd = true
			s.skipValue()
		case k == 0:
			haveType = true
			if typ, plain = s.plainStringValue(); !plain {
				odd = true
			}
		case k == 1:
			coordAt = s.i
			if haveType && coordDepth(typ) > 0 {
				g, field, err = s.coords(typ, true)
				done = true
			} else {
				s.skipValue()
			}
		}
	}
	switch {
	case s.bad:
		return nil, "", nil
	case odd:
		return decodeGJGeometry(s.data[start:s.i], s.tr)
	case coordDepth(typ) == 0:
		return otherGeometry(typ)
	case done:
		return g, field, err
	case coordAt < 0:
		return s.coords(typ, false)
	}
	end := s.i
	s.i = coordAt
	g, field, err = s.coords(typ, true)
	s.i = end
	return g, field, err
}

// coords reads the coordinates of a Point, Polygon or MultiPolygon at s.i
// (present is false if the geometry has none), checking each position as
// the std decoder did: first the nesting of the whole value, then the
// positions in order.
func (s *gjScanner) coords(typ string, present bool) (*rawGeom, string, error) {
	s.shape, s.posErr = false, nil
	s.pts, s.ringEnds, s.polyEnds = s.pts[:0], s.ringEnds[:0], s.polyEnds[:0]
	null := !present || s.peek() == 'n'
	if present {
		switch typ {
		case "Point":
			s.position(0, 0, 0)
		case "Polygon":
			s.polygon(0)
		case "MultiPolygon":
			if s.open() {
				for pi := 0; s.next(pi == 0); pi++ {
					if s.polygon(pi); s.bad {
						break
					}
				}
			}
		}
	}
	if null || s.shape || s.bad {
		var what string
		switch typ {
		case "Point":
			what = "a Point needs one position"
		case "Polygon":
			what = "a Polygon needs an array of rings of positions"
		default:
			what = "a MultiPolygon needs an array of polygons"
		}
		return nil, "geometry.coordinates", fmt.Errorf("%s: %w", what, feature.ErrBadGeometry)
	}
	if typ == "Point" {
		if s.posErr != nil {
			return nil, "geometry.point", s.posErr
		}
		return &rawGeom{typ: typ, isPt: true, point: s.pts[0]}, "", nil
	}
	if s.posErr != nil {
		return nil, fmt.Sprintf("geometry.polygon[%d].ring[%d]", s.errPoly, s.errRing), fmt.Errorf("position %d: %w", s.errK, s.posErr)
	}
	pts := make([]orb.Point, len(s.pts))
	copy(pts, s.pts)
	rings := make([]orb.Ring, len(s.ringEnds))
	for k, end := range s.ringEnds {
		start := 0
		if k > 0 {
			start = s.ringEnds[k-1]
		}
		rings[k] = pts[start:end:end]
	}
	mp := make(orb.MultiPolygon, len(s.polyEnds))
	for k, end := range s.polyEnds {
		start := 0
		if k > 0 {
			start = s.polyEnds[k-1]
		}
		mp[k] = orb.Polygon(rings[start:end:end])
	}
	return &rawGeom{typ: typ, isPoly: true, polys: mp}, "", nil
}

// open reads the start of an array level: true at '[', false for null or
// for anything else, which is read and marks the nesting wrong.
func (s *gjScanner) open() bool {
	switch s.peek() {
	case '[':
		s.i++
		return true
	case 'n':
		s.literal("null")
	default:
		s.shape = true
		s.skipValue()
	}
	return false
}

// polygon reads polygon pi: an array of rings.
func (s *gjScanner) polygon(pi int) {
	if s.open() {
		for ri := 0; s.next(ri == 0); ri++ {
			if s.open() {
				for k := 0; s.next(k == 0); k++ {
					if s.position(pi, ri, k); s.bad {
						return
					}
				}
			}
			if s.bad {
				return
			}
			s.ringEnds = append(s.ringEnds, len(s.pts))
		}
	}
	s.polyEnds = append(s.polyEnds, len(s.ringEnds))
}

// position reads position k of ring ri of polygon pi and appends it to
// pts, or records why it is bad.
func (s *gjScanner) position(pi, ri, k int) {
	var (
		tok [3][]byte
		val [3]float64
		bad [3]error
	)
	n := 0
	if s.open() {
		for ; s.next(n == 0); n++ {
			start := s.i
			var f float64
			var err error
			if c := s.peek(); c == '-' || '0' <= c && c <= '9' {
				f, err = s.numberValue()
			} else {
				s.skipValue()
			}
			if s.bad {
				return
			}
			if n < len(tok) {
				tok[n], val[n], bad[n] = s.data[start:s.i], f, err
			}
		}
	}
	if s.bad || s.shape || s.posErr != nil {
		return
	}
	m := min(n, len(tok))
	pt, err := decodePosition(tok[:m], val[:m], bad[:m], n, s.tr)
	if err != nil {
		s.posErr, s.errPoly, s.errRing, s.errK = err, pi, ri, k
		return
	}
	s.pts = append(s.pts, pt)
}

// decodePosition decodes [lon, lat] or [lon, lat, alt] from the text of
// its n elements (the first 3 in tok) and the result of parsing those that
// start as numbers (val, bad: strconv.ParseFloat's); the altitude is
// checked to be finite and dropped.
func decodePosition(tok [][]byte, val []float64, bad []error, n int, tr LonLat) (orb.Point, error) {
	if n < 2 || n > 3 {
		return orb.Point{}, fmt.Errorf("%d numbers: %w", n, feature.ErrPositionSize)
	}
	var v [3]float64
	for i, t := range tok {
		if len(t) == 0 || !(t[0] == '-' || (t[0] >= '0' && t[0] <= '9')) {
			return orb.Point{}, fmt.Errorf("coordinate %d is %s, not a number: %w", i, lex.Excerpt(t), feature.ErrBadGeometry)
		}
		f, err := val[i], bad[i]
		if math.IsInf(f, 0) || math.IsNaN(f) {
			return orb.Point{}, fmt.Errorf("coordinate %d (%s): %w", i, lex.Excerpt(t), geo.ErrNotFinite)
		}
		if err != nil {
			return orb.Point{}, fmt.Errorf("coordinate %d is %s, not a number: %w", i, lex.Excerpt(t), feature.ErrBadGeometry)
		}
		v[i] = f
	}
	if tr != nil {
		lon, lat := tr(v[0], v[1])
		if err := geo.ValidatePoint(orb.Point{lon, lat}); err != nil {
			return orb.Point{}, fmt.Errorf("(%g, %g) in the file's crs: %w", v[0], v[1], err)
		}
		return orb.Point{lon, lat}, nil
	}
	if err := geo.ValidatePoint(orb.Point{v[0], v[1]}); err != nil {
		return orb.Point{}, err
	}
	return orb.Point{v[0], v[1]}, nil
}

// pow10 holds the powers of ten that a uint64 holds.
var pow10 = [...]uint64{1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19}

// numberValue reads a number token, as [gjScanner.number] does, and returns
// strconv.ParseFloat of its text, bit for bit. Plain decimals (no
// exponent, at most 19 digits: all coordinates written by strconv's
// shortest formatting) are converted here, the digits m and the count k
// after the point giving m / 10^k rounded to nearest-even by [divPow10],
// as strconv rounds. Anything else goes to strconv.
func (s *gjScanner) numberValue() (float64, error) {
	d, i := s.data, s.i
	start := i
	neg := i < len(d) && d[i] == '-'
	if neg {
		i++
	}
	// m overflows past 19 digits, which then go to strconv.
	var m uint64
	j := i
	switch {
	case i < len(d) && d[i] == '0':
		i++
	case i < len(d) && '1' <= d[i] && d[i] <= '9':
		for ; i < len(d) && '0' <= d[i] && d[i] <= '9'; i++ {
			m = m*10 + uint64(d[i]-'0')
		}
	default:
		s.bad = true
		return 0, nil
	}
	nd, k := i-j, 0
	if i < len(d) && d[i] == '.' {
		i++
		j = i
		for ; i < len(d) && '0' <= d[i] && d[i] <= '9'; i++ {
			m = m*10 + uint64(d[i]-'0')
		}
		if k = i - j; k == 0 {
			s.bad = true
			return 0, nil
		}
	}
	plain := nd+k <= 19
	if i < len(d) && (d[i] == 'e' || d[i] == 'E') {
		plain = false
		i++
		if i < len(d) && (d[i] == '+' || d[i] == '-') {
			i++
		}
		j = digits(d, i)
		if j == i {
			s.bad = true
			return 0, nil
		}
		i = j
	}
	s.i = i
	if !plain {
		return strconv.ParseFloat(string(d[start:i]), 64)
	}
	f := divPow10(m, pow10[k])
	if neg {
		f = -f
	}
	return f, nil
}

// divPow10 returns m / p rounded to the nearest float64, ties to even, for
// p a power of ten of at most 10^19 and m / p within the normal range (it
// is between 1e-19 and 2⁶⁴ here). Cost O(1): one float64 division, or
// one 128-by-64-bit integer division for m beyond 2⁵³.
func divPow10(m, p uint64) float64 {
	if m <= 1<<53 {
		// m and p (at most 10^19 = 2^19·5^19, 5^19 < 2^53) are exact in
		// float64, so one division rounds m / p correctly.
		return float64(m) / float64(p)
	}
	// q = ⌊m·2^s / p⌋ has 63 or 64 bits; r is the remainder.
	s := 63 - bits.Len64(m) + bits.Len64(p)
	var hi, lo uint64
	if s >= 64 {
		hi = m << (s - 64)
	} else {
		hi, lo = m>>(64-s), m<<s // m>>64 is 0
	}
	q, r := bits.Div64(hi, lo, p)
	// Keep the top 53 bits of q; the bits below and r decide the rounding.
	sh := uint(bits.Len64(q) - 53)
	mant, rest, half := q>>sh, q&(1<<sh-1), uint64(1)<<(sh-1)
	if rest > half || rest == half && (r != 0 || mant&1 == 1) {
		mant++
	}
	// m / p ≈ mant·2^(sh-s), mant in [2⁵², 2⁵³].
	exp := 52 + int(sh) - s
	if mant == 1<<53 {
		mant >>= 1
		exp++
	}
	return math.Float64frombits(uint64(exp+1023)<<52 | mant&(1<<52-1))
}

// CRS returns the text of the top-level "crs" member of data (GeoJSON
// 2008's coordinate reference system, which RFC 7946 dropped), or nil if
// there is none or data is not a JSON object. Cost: nothing unless data
// holds the bytes "crs"; then one pass over the top-level members.
func CRS(data []byte) json.RawMessage {
	if !bytes.Contains(data, []byte(`"crs"`)) {
		return nil
	}
	s := gjScanner{data: data, maxDepth: 9000}
	s.ws()
	if s.peek() != '{' {
		return nil
	}
	s.i++
	for first := true; ; first = false {
		key, more := s.member(first)
		if s.bad || !more {
			return nil
		}
		start := s.i
		s.skipValue()
		if s.bad {
			return nil
		}
		if string(key) == "crs" {
			return data[start:s.i]
		}
	}
}
