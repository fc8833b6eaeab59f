package jsonscan

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/geo/feature"
	"github.com/landrelease/clearance/internal/lex"
	"github.com/paulmach/orb"
)

// fc wraps features in a FeatureCollection.
func fc(features ...string) string {
	return `{"type":"FeatureCollection","features":[` + strings.Join(features, ",") + `]}`
}

const goodPoly = `{"type":"Polygon","coordinates":[[[46.84,40.15],[46.85,40.15],[46.85,40.16],[46.84,40.16],[46.84,40.15]]]}`

func hazardFeature(id, props, geom string) string {
	return `{"type":"Feature","id":"` + id + `","properties":` + props + `,"geometry":` + geom + `}`
}

// The reference: the GeoJSON decoder as it was before the byte scanner,
// encoding/json all the way down to a json.RawMessage per coordinate. The
// differential tests below hold the scanner to its features, errors and
// messages.

func refDecodeGeoJSON(data []byte, file string) ([]rawFeature, error) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, fmt.Errorf("%s: %w", file, geo.ErrEmpty)
	}
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
		refDecodeGJFeature(&out[i], raw)
	}
	return out, nil
}

func refDecodeGJFeature(rf *rawFeature, raw json.RawMessage) {
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
	if f.Type != "Feature" {
		rf.fail("type", fmt.Errorf("type %q, want Feature: %w", f.Type, feature.ErrFormat))
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
			rf.fail("id", fmt.Errorf("%w: id must be a string or a number", geo.ErrUnknownValue))
		}
	}
	rf.props = map[string]any{}
	if !isJSONNull(f.Properties) {
		if err := json.Unmarshal(f.Properties, &rf.props); err != nil {
			rf.props = map[string]any{}
			rf.fail("properties", fmt.Errorf("not a JSON object: %w: %w", feature.ErrFormat, err))
		}
	}
	if isJSONNull(f.Geometry) {
		return
	}
	g, field, err := refDecodeGJGeometry(f.Geometry)
	if err != nil {
		rf.fail(field, err)
		return
	}
	rf.geom = g
}

func refDecodeGJGeometry(raw json.RawMessage) (*rawGeom, string, error) {
	var g struct {
		Type        string          `json:"type"`
		Coordinates json.RawMessage `json:"coordinates"`
	}
	if err := json.Unmarshal(raw, &g); err != nil {
		return nil, "geometry", fmt.Errorf("not a GeoJSON geometry object: %w: %w", feature.ErrBadGeometry, err)
	}
	switch g.Type {
	case "Point":
		var pos []json.RawMessage
		if err := json.Unmarshal(g.Coordinates, &pos); err != nil || isJSONNull(g.Coordinates) {
			return nil, "geometry.coordinates", fmt.Errorf("a Point needs one position: %w", feature.ErrBadGeometry)
		}
		pt, err := refDecodePosition(pos)
		if err != nil {
			return nil, "geometry.point", err
		}
		return &rawGeom{typ: g.Type, isPt: true, point: pt}, "", nil
	case "Polygon":
		var rings [][][]json.RawMessage
		if err := json.Unmarshal(g.Coordinates, &rings); err != nil || isJSONNull(g.Coordinates) {
			return nil, "geometry.coordinates", fmt.Errorf("a Polygon needs an array of rings of positions: %w", feature.ErrBadGeometry)
		}
		p, field, err := refDecodePolygon(rings, 0)
		if err != nil {
			return nil, field, err
		}
		return &rawGeom{typ: g.Type, isPoly: true, polys: orb.MultiPolygon{p}}, "", nil
	case "MultiPolygon":
		var polys [][][][]json.RawMessage
		if err := json.Unmarshal(g.Coordinates, &polys); err != nil || isJSONNull(g.Coordinates) {
			return nil, "geometry.coordinates", fmt.Errorf("a MultiPolygon needs an array of polygons: %w", feature.ErrBadGeometry)
		}
		mp := make(orb.MultiPolygon, 0, len(polys))
		for pi, rings := range polys {
			p, field, err := refDecodePolygon(rings, pi)
			if err != nil {
				return nil, field, err
			}
			mp = append(mp, p)
		}
		return &rawGeom{typ: g.Type, isPoly: true, polys: mp}, "", nil
	case "LineString", "MultiPoint", "MultiLineString", "GeometryCollection":
		return &rawGeom{typ: g.Type}, "", nil
	}
	return nil, "geometry.type", fmt.Errorf("unknown geometry type %q: %w", g.Type, feature.ErrBadGeometry)
}

func refDecodePolygon(rings [][][]json.RawMessage, pi int) (orb.Polygon, string, error) {
	p := make(orb.Polygon, len(rings))
	for ri, ring := range rings {
		r := make(orb.Ring, len(ring))
		for k, pos := range ring {
			pt, err := refDecodePosition(pos)
			if err != nil {
				return nil, fmt.Sprintf("geometry.polygon[%d].ring[%d]", pi, ri), fmt.Errorf("position %d: %w", k, err)
			}
			r[k] = pt
		}
		p[ri] = r
	}
	return p, "", nil
}

func refDecodePosition(pos []json.RawMessage) (orb.Point, error) {
	if len(pos) < 2 || len(pos) > 3 {
		return orb.Point{}, fmt.Errorf("%d numbers: %w", len(pos), feature.ErrPositionSize)
	}
	var v [3]float64
	for i, raw := range pos {
		t := bytes.TrimSpace(raw)
		if len(t) == 0 || !(t[0] == '-' || (t[0] >= '0' && t[0] <= '9')) {
			return orb.Point{}, fmt.Errorf("coordinate %d is %s, not a number: %w", i, lex.Excerpt(t), feature.ErrBadGeometry)
		}
		f, err := strconv.ParseFloat(string(t), 64)
		if math.IsInf(f, 0) || math.IsNaN(f) {
			return orb.Point{}, fmt.Errorf("coordinate %d (%s): %w", i, lex.Excerpt(t), geo.ErrNotFinite)
		}
		if err != nil {
			return orb.Point{}, fmt.Errorf("coordinate %d is %s, not a number: %w", i, lex.Excerpt(t), feature.ErrBadGeometry)
		}
		v[i] = f
	}
	if err := geo.ValidatePoint(orb.Point{v[0], v[1]}); err != nil {
		return orb.Point{}, err
	}
	return orb.Point{v[0], v[1]}, nil
}

var gjSentinels = []error{feature.ErrFormat, geo.ErrEmpty, feature.ErrBadGeometry, feature.ErrPositionSize, geo.ErrNotFinite, geo.ErrOutOfRange, geo.ErrUnknownValue}

// diffErr describes how two errors differ: message or sentinels.
func diffErr(want, got error) string {
	if (want == nil) != (got == nil) || want != nil && want.Error() != got.Error() {
		return fmt.Sprintf("error %v, want %v", got, want)
	}
	for _, s := range gjSentinels {
		if errors.Is(want, s) != errors.Is(got, s) {
			return fmt.Sprintf("error %v: errors.Is(%v) = %t, want %t", got, s, errors.Is(got, s), errors.Is(want, s))
		}
	}
	return ""
}

func diffFieldErrs(what string, want, got []fieldErr) string {
	if len(want) != len(got) {
		return fmt.Sprintf("%s %v, want %v", what, got, want)
	}
	for k := range want {
		if want[k].field != got[k].field {
			return fmt.Sprintf("%s %d field %q, want %q", what, k, got[k].field, want[k].field)
		}
		if d := diffErr(want[k].err, got[k].err); d != "" {
			return fmt.Sprintf("%s %d (%s): %s", what, k, want[k].field, d)
		}
	}
	return ""
}

// diffDecode describes how the result of a decoder differs from the
// reference's, "" if it does not.
func diffDecode(want []rawFeature, wantErr error, got []rawFeature, gotErr error) string {
	if d := diffErr(wantErr, gotErr); d != "" {
		return d
	}
	if len(want) != len(got) || (want == nil) != (got == nil) {
		return fmt.Sprintf("%d features (nil %t), want %d (nil %t)", len(got), got == nil, len(want), want == nil)
	}
	for i := range want {
		w, g := &want[i], &got[i]
		switch {
		case w.id != g.id || w.hasID != g.hasID:
			return fmt.Sprintf("feature %d: id %q %t, want %q %t", i, g.id, g.hasID, w.id, w.hasID)
		case !reflect.DeepEqual(w.props, g.props):
			return fmt.Sprintf("feature %d: properties %#v, want %#v", i, g.props, w.props)
		case !reflect.DeepEqual(w.geom, g.geom):
			return fmt.Sprintf("feature %d: geometry %#v, want %#v", i, g.geom, w.geom)
		case w.geom != nil && !sameCaps(w.geom.polys, g.geom.polys):
			return fmt.Sprintf("feature %d: geometry slices share capacity, which an append would overwrite", i)
		}
		if d := diffFieldErrs("error", w.errs, g.errs); d != "" {
			return fmt.Sprintf("feature %d: %s", i, d)
		}
	}
	return ""
}

// sameCaps reports whether every slice of got has the capacity of the
// slice of want (for rings carved from one array, the capacity is what
// keeps an append to one from overwriting the next).
func sameCaps(want, got orb.MultiPolygon) bool {
	if cap(want) != cap(got) {
		return false
	}
	for pi, p := range want {
		if cap(p) != cap(got[pi]) {
			return false
		}
		for ri, r := range p {
			if cap(r) != cap(got[pi][ri]) {
				return false
			}
		}
	}
	return true
}

// checkSame decodes data with the reference, decodeGeoJSON and the std
// path, failing on any difference. It reports whether the fast path took
// data.
func checkSame(t testing.TB, data []byte) (fast bool) {
	t.Helper()
	want, wantErr := refDecodeGeoJSON(data, "f.geojson")
	got, gotErr := decodeRaw(context.Background(), data, "f.geojson", nil)
	if d := diffDecode(want, wantErr, got, gotErr); d != "" {
		t.Fatalf("decodeRaw differs: %s\ninput: %s", d, data)
	}
	if len(bytes.TrimSpace(data)) > 0 {
		std, stdErr := decodeGeoJSONStd(context.Background(), data, "f.geojson", nil)
		if d := diffDecode(want, wantErr, std, stdErr); d != "" {
			t.Fatalf("decodeGeoJSONStd differs: %s\ninput: %s", d, data)
		}
	}
	_, fast = scanGeoJSON(context.Background(), data, nil)
	return fast
}

// gjGen writes random GeoJSON, mostly valid, with the corruptions readers
// meet: positions of 1 or 4 numbers, strings, null, overflowing numbers,
// nesting too deep or shallow, empty arrays, members in any order, keys
// that differ in case, duplicate members, and broken JSON (NaN, trailing
// commas, cut short).
type gjGen struct {
	rng *rand.Rand
	b   strings.Builder
	bad float64 // probability of each corruption
}

func (g *gjGen) p(x float64) bool { return g.rng.Float64() < x }

func (g *gjGen) ws() {
	if g.p(0.1) {
		g.b.WriteString([]string{" ", "\n", "\t ", "\r\n  "}[g.rng.IntN(4)])
	}
}

func (g *gjGen) tok(s string) { g.ws(); g.b.WriteString(s); g.ws() }

func (g *gjGen) number(lo, hi float64) {
	v := lo + (hi-lo)*g.rng.Float64()
	var s string
	switch {
	case g.p(g.bad / 4):
		s = []string{"1e999", "-1e999", "NaN", "1e-400", "-0", "0.0", "1E2", "4.6e+1", "95", "-181", "01", "1.", "-", "Infinity", "46.84123456789012345678"}[g.rng.IntN(15)]
	case g.p(0.1):
		s = strconv.FormatFloat(v, 'e', -1, 64)
	case g.p(0.1):
		s = strconv.Itoa(int(v))
	default:
		s = strconv.FormatFloat(v, 'f', -1, 64)
	}
	g.tok(s)
}

// value writes a small JSON value of any kind.
func (g *gjGen) value(depth int) {
	switch k := g.rng.IntN(9); {
	case k == 0 && depth < 3:
		g.tok("[")
		for i := range g.rng.IntN(3) {
			if i > 0 {
				g.tok(",")
			}
			g.value(depth + 1)
		}
		g.tok("]")
	case k == 1 && depth < 3:
		g.tok("{")
		for i := range g.rng.IntN(3) {
			if i > 0 {
				g.tok(",")
			}
			g.tok(strconv.Quote(fmt.Sprint("k", i)) + ":")
			g.value(depth + 1)
		}
		g.tok("}")
	case k == 2:
		g.tok([]string{`"x"`, `"a\"b"`, `"\u00e9t\u00E9"`, `"é"`, `""`, `"46.84"`, `"a long string value, longer than 24 bytes"`}[g.rng.IntN(7)])
	case k == 3:
		g.tok([]string{"true", "false", "null"}[g.rng.IntN(3)])
	default:
		g.number(-200, 200)
	}
}

func (g *gjGen) position() {
	n := 2
	if g.p(0.1) {
		n = 3
	}
	if g.p(g.bad) {
		n = g.rng.IntN(5)
	}
	if g.p(g.bad / 4) {
		g.tok("null")
		return
	}
	g.tok("[")
	for i := range n {
		if i > 0 {
			g.tok(",")
		}
		switch {
		case g.p(g.bad / 4):
			g.value(1)
		case i == 1:
			g.number(39, 41)
		default:
			g.number(45, 47)
		}
	}
	if g.p(g.bad / 8) {
		g.tok(",") // trailing comma
	}
	g.tok("]")
}

// coords writes an array nested depth deep whose leaves are positions.
func (g *gjGen) coords(depth int) {
	if g.p(g.bad / 8) {
		depth += g.rng.IntN(3) - 1 // nested too deep or too shallow
	}
	if depth <= 1 {
		if depth < 1 && g.p(0.5) {
			g.number(0, 10)
			return
		}
		g.position()
		return
	}
	if g.p(g.bad / 8) {
		g.value(2)
		return
	}
	n := 1 + g.rng.IntN(3)
	if depth == 2 {
		n = 4 + g.rng.IntN(6)
	}
	if g.p(g.bad / 4) {
		n = 0
	}
	g.tok("[")
	for i := range n {
		if i > 0 {
			g.tok(",")
		}
		g.coords(depth - 1)
	}
	g.tok("]")
}

// members writes an object of the members, in a random order, sometimes
// with an unknown member, a duplicate or a key in another case.
func (g *gjGen) members(names []string, write func(name string)) {
	order := append([]string(nil), names...)
	if g.p(0.3) {
		g.rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
	}
	if g.p(0.1) {
		order = append(order, "bbox")
	}
	if g.p(g.bad / 4) {
		order = append(order, order[g.rng.IntN(len(order))])
	}
	g.tok("{")
	for i, name := range order {
		if i > 0 {
			g.tok(",")
		}
		key := name
		if g.p(g.bad / 8) {
			switch g.rng.IntN(3) {
			case 0:
				key = strings.ToUpper(key[:1]) + key[1:]
			case 1:
				key = `\u00` + strconv.FormatInt(int64(key[0]), 16) + key[1:]
			default:
				key = strings.ReplaceAll(key, "s", "ſ")
			}
		}
		g.tok(`"` + key + `":`)
		if name == "bbox" {
			g.value(0)
			continue
		}
		write(name)
	}
	g.tok("}")
}

var gjGenTypes = []string{"Polygon", "MultiPolygon", "Point", "LineString", "Circle", "polygon"}

func (g *gjGen) geometry() {
	typ := gjGenTypes[g.rng.IntN(3)]
	if g.p(g.bad / 2) {
		typ = gjGenTypes[g.rng.IntN(len(gjGenTypes))]
	}
	names := []string{"type", "coordinates"}
	if g.p(g.bad / 8) {
		names = names[:1]
	}
	g.members(names, func(name string) {
		switch {
		case name == "type" && g.p(g.bad/8):
			g.value(1)
		case name == "type":
			g.tok(strconv.Quote(typ))
		case g.p(g.bad / 8):
			g.tok("null")
		default:
			g.coords(map[string]int{"Point": 1, "Polygon": 3, "MultiPolygon": 4}[typ])
		}
	})
}

func (g *gjGen) feature() {
	if g.p(g.bad / 8) {
		g.value(0)
		return
	}
	names := []string{"type", "id", "properties", "geometry"}
	if g.p(g.bad / 4) {
		names = names[:g.rng.IntN(4)+1]
	}
	g.members(names, func(name string) {
		switch name {
		case "type":
			if g.p(g.bad / 4) {
				g.value(0)
			} else {
				g.tok(`"Feature"`)
			}
		case "id":
			switch {
			case g.p(g.bad / 2):
				g.tok([]string{"7", "-1.5e3", "1e999", "null", "true", `"a\"b"`, `"é"`, `[1]`, `{"a":1}`}[g.rng.IntN(9)])
			default:
				g.tok(strconv.Quote(fmt.Sprint("SYN-", g.rng.IntN(1000))))
			}
		case "properties":
			if g.p(g.bad / 4) {
				g.value(0)
				return
			}
			g.members([]string{"kind", "status", "n"}, func(name string) {
				switch name {
				case "kind":
					g.tok(`"SHA"`)
				case "status":
					g.tok(`"open"`)
				default:
					g.value(1)
				}
			})
		case "geometry":
			if g.p(g.bad / 8) {
				g.value(0)
				return
			}
			g.geometry()
		}
	})
}

func (g *gjGen) collection(n int) []byte {
	g.b.Reset()
	g.ws()
	g.members([]string{"type", "features"}, func(name string) {
		switch {
		case name == "type" && g.p(g.bad/8):
			g.tok(`"Feature"`)
		case name == "type":
			g.tok(`"FeatureCollection"`)
		case g.p(g.bad / 8):
			g.value(0)
		default:
			g.tok("[")
			for i := range n {
				if i > 0 {
					g.tok(",")
				}
				g.feature()
			}
			g.tok("]")
		}
	})
	b := []byte(g.b.String())
	if g.p(g.bad / 4) {
		switch i := g.rng.IntN(len(b)); g.rng.IntN(4) {
		case 0:
			b = b[:i]
		case 1:
			b = append(b[:i:i], b[i+1:]...)
		case 2:
			const junk = "[]{},:\"0- \x00\xff"
			b = append(b[:i:i], append([]byte{junk[g.rng.IntN(len(junk))]}, b[i:]...)...)
		default:
			b = append(b, " x"...)
		}
	}
	return b
}

func TestGeoJSONScannerMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	fast, slow := 0, 0
	for k := range 20000 {
		g := &gjGen{rng: rng, bad: []float64{0, 0.05, 0.3, 1}[k%4]}
		if checkSame(t, g.collection(rng.IntN(5))) {
			fast++
		} else {
			slow++
		}
	}
	t.Logf("%d inputs on the fast path, %d on the std path", fast, slow)
	if fast < 5000 || slow < 1000 {
		t.Errorf("fast path took %d inputs, std path %d: the generator no longer tests both", fast, slow)
	}
}

func TestGeoJSONScannerCases(t *testing.T) {
	const (
		top  = `{"type":"FeatureCollection","features":[%s]}`
		feat = `{"type":"Feature","id":"A","properties":{"kind":"SHA"},"geometry":%s}`
		poly = `{"type":"Polygon","coordinates":%s}`
	)
	ring := `[[46.84,40.15],[46.85,40.15],[46.85,40.16],[46.84,40.15]]`
	var docs []string
	for _, c := range []string{
		`[` + ring + `]`, `[` + ring + `,` + ring + `]`, `[]`, `[[]]`, `[null]`, `[[null]]`, `null`, `5`, `{}`, `"x"`,
		`[[[46.84]]]`, `[[[46.84,40.15,0,1]]]`, `[[[46.84,40.15,300]]]`, `[[[1e999,40.15]]]`, `[[[1e-400,40.15]]]`, `[[[-0,0]]]`,
		`[[["46.84",40.15]]]`, `[[[null,1]]]`, `[[[[1,2],3]]]`, `[[[{"a":[1, 2]},3]]]`, `[[[true,1]]]`, `[[[46.84,95]]]`, `[[[181,0]]]`,
		`[[46.84,40.15]]`, `[[[[46.84,40.15]]]]`, `[[[46.84],5]]`, `[[[46.84], "x"]]`, `[[[46.84,40.15]], 5]`,
		`[[["a very long string that is abbreviated",1]]]`, `[[[1,2,"x"]]]`, `[[[1,"x",3,4]]]`, `[[[ 1 , 2 ] , [ 3 ,4 ]]]`,
		`[[[NaN,1]]]`, `[[[1,2],]]`, `[[[1,2,]]]`, `[[[1,2]]`, `[[[01,2]]]`, `[[[1.,2]]]`, `[[[-,2]]]`, `[[[+1,2]]]`,
	} {
		docs = append(docs, fmt.Sprintf(top, fmt.Sprintf(feat, fmt.Sprintf(poly, c))))
		docs = append(docs, fmt.Sprintf(top, fmt.Sprintf(feat, `{"type":"MultiPolygon","coordinates":[`+c+`]}`)))
		docs = append(docs, fmt.Sprintf(top, fmt.Sprintf(feat, `{"coordinates":`+c+`,"type":"Polygon"}`)))
		docs = append(docs, fmt.Sprintf(top, fmt.Sprintf(feat, `{"type":"Point","coordinates":`+strings.Trim(c, "[]")+`}`)))
	}
	for _, g := range []string{
		`null`, `5`, `[]`, `{}`, `{"type":"Point"}`, `{"type":"Point","coordinates":null}`, `{"type":"Point","coordinates":[1,2],"type":"Polygon"}`,
		`{"Type":"Point","coordinates":[1,2]}`, `{"type":"Point","Coordinates":[1,2]}`, `{"type":"Point","coordinateſ":[1,2]}`,
		`{"typ\u0065":"Point","coordinates":[1,2]}`, `{"type":"Poin\u0074","coordinates":[1,2]}`, `{"type":null,"coordinates":[1,2]}`,
		`{"type":5,"coordinates":[1,2]}`, `{"type":"LineString","coordinates":[[1,2],[3,4]]}`, `{"type":"GeometryCollection","geometries":[]}`,
		`{"type":"Circle","coordinates":[1,2]}`, `{"type":"é","coordinates":[1,2]}`, `{"type":"Point","coordinates":[1,2],"coordinates":[3,4]}`,
		`{"type":"Point","coordinates":[1,2],"bbox":[1,2,1,2]}`,
	} {
		docs = append(docs, fmt.Sprintf(top, fmt.Sprintf(feat, g)))
	}
	for _, f := range []string{
		``, `null`, `5`, `"x"`, `[]`, `{}`, `{"type":"feature"}`, `{"Type":"Feature"}`, `{"type":"Feature","type":"Feature"}`,
		`{"type":"Feature","id":7}`, `{"type":"Feature","id":-1.5e3}`, `{"type":"Feature","id":1e999}`, `{"type":"Feature","id":true}`,
		`{"type":"Feature","id":"a\"b"}`, `{"type":"Feature","id":"é"}`, `{"type":"Feature","id":"\u00e9"}`, `{"type":"Feature","id":null}`,
		`{"type":"Feature","properties":[]}`, `{"type":"Feature","properties":{"x":1e999}}`, `{"type":"Feature","properties":null}`,
		`{"type":"Feature","geometry":null,"geometry":{"type":"Point","coordinates":[1,2]}}`, `{"type":"Feature","ID":"x"}`,
		`{"type":5,"geometry":{"type":"Point","coordinates":[1]}}`, `{"type":"Feature","id":{},"properties":[],"geometry":{"type":"Point","coordinates":[1]}}`,
		`{"type":"Feature","geometry":{"type":"Point","coordinates":[1,2]}} `, `{"type":"Feature","id":"a","geometry":{"type":"Point","coordinates":[1,2]}},{"type":"Feature","id":"a"}`,
	} {
		docs = append(docs, fmt.Sprintf(top, f))
	}
	docs = append(docs, "", " \n", "\ufeff"+fmt.Sprintf(top, ""), "null", "[]", `{}`, `{"type":"FeatureCollection"}`, `{"type":"FeatureCollection","features":null}`,
		`{"type":"FeatureCollection","features":{}}`, `{"type":"FeatureCollection","features":5}`, `{"type":"Feature","features":[]}`,
		`{"features":[],"type":"FeatureCollection"}`, `{"type":"FeatureCollection","features":[],"features":[]}`, `{"Type":"FeatureCollection","features":[]}`,
		`{"type":"FeatureCollection","features":[]} x`, `{"type":"FeatureCollection","features":[]}}`, `{"type":"FeatureCollection","features":[],}`,
		`{"type":"FeatureCollection","features":[,]}`, `{"type":"FeatureCollection","features":[{}]`, `{"type":"FeatureCollection","features":[{"a":"\x01"}]}`,
		`{"type":"FeatureCollection","features":[{"a":"\q"}]}`, `{"type":"FeatureCollection","features":[{"a":"\u12"}]}`, `{"type":"FeatureCollection","features":[{"a":"\xff"}]}`,
		`{"type":"FeatureCollection","features":[{"a":tru}]}`, `{"type":"FeatureCollection","features":[{"a" 1}]}`, `{"type":"FeatureCollection","features":[{1:1}]}`,
		strings.Repeat("[", 10001)+strings.Repeat("]", 10001),
		fmt.Sprintf(top, fmt.Sprintf(feat, `{"type":"Point","coordinates":[1,2],"x":`+strings.Repeat("[", 9995)+strings.Repeat("]", 9995)+`}`)),
		fmt.Sprintf(top, fmt.Sprintf(feat, `{"type":"Point","coordinates":[1,2],"x":`+strings.Repeat("[", 9990)+strings.Repeat("]", 9990)+`}`)),
	)
	for _, d := range docs {
		checkSame(t, []byte(d))
	}
}

func FuzzGeoJSONScanner(f *testing.F) {
	rng := rand.New(rand.NewPCG(2, 2))
	for k := range 40 {
		g := &gjGen{rng: rng, bad: []float64{0, 0.05, 0.3, 1}[k%4]}
		f.Add(g.collection(rng.IntN(3)))
	}
	f.Add([]byte(fc(hazardFeature("A", `{"kind":"SHA","status":"open"}`, goodPoly))))
	f.Fuzz(func(t *testing.T, data []byte) { checkSame(t, data) })
}

// BenchmarkDecodeGeoJSON decodes 2,000 generated polygons of 6 to 9
// positions per ring: "reference" with encoding/json and a RawMessage per
// coordinate, as before; "scan" with the byte scanner. See
// BenchmarkDecode for the national file, and geo/geojson's
// BenchmarkReadHazardsGeoJSON for it with validation.
func BenchmarkDecodeGeoJSON(b *testing.B) {
	g := &gjGen{rng: rand.New(rand.NewPCG(1, 1))}
	data := g.collection(2000)
	for _, bc := range []struct {
		name   string
		decode func([]byte) ([]rawFeature, error)
	}{
		{"reference", func(d []byte) ([]rawFeature, error) { return refDecodeGeoJSON(d, "f") }},
		{"scan", func(d []byte) ([]rawFeature, error) { return decodeRaw(context.Background(), d, "f", nil) }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			n := 0
			for b.Loop() {
				out, err := bc.decode(data)
				if err != nil {
					b.Fatal(err)
				}
				n += len(out)
			}
			if n == 0 {
				b.Fatal("no features")
			}
		})
	}
}

// TestNumberValueMatchesStrconv holds numberValue to the JSON number
// grammar (json.Valid) and its values to strconv.ParseFloat's bits.
func TestNumberValueMatchesStrconv(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	check := func(str string) {
		t.Helper()
		s := gjScanner{data: []byte(str)}
		got, gotErr := s.numberValue()
		valid := json.Valid(s.data) && str != "" && (str[0] == '-' || '0' <= str[0] && str[0] <= '9')
		if read := !s.bad && s.i == len(str); read != valid {
			t.Fatalf("numberValue(%q) read %d bytes (bad %t), JSON valid %t", str, s.i, s.bad, valid)
		}
		s2 := gjScanner{data: []byte(str)}
		if s2.number(); s2.i != s.i || s2.bad != s.bad {
			t.Fatalf("number(%q) read %d bytes (bad %t), numberValue %d (bad %t)", str, s2.i, s2.bad, s.i, s.bad)
		}
		if !valid {
			return
		}
		want, wantErr := strconv.ParseFloat(str, 64)
		if math.Float64bits(got) != math.Float64bits(want) || (gotErr == nil) != (wantErr == nil) {
			t.Fatalf("numberValue(%q) = %v (%b), %v; strconv gives %v (%b), %v", str, got, math.Float64bits(got), gotErr, want, math.Float64bits(want), wantErr)
		}
	}
	for _, s := range []string{"", "-", ".", "-.", "0", "-0", "00", "0.", "1.", ".5", "-.5", "1.2.3", "1e5", "+1", "9007199254740992",
		"9007199254740993", "-9007199254740993", "0.9007199254740993", "18446744073709551615", "18446744073709551616",
		"1234567890123456789", "12345678901234567890", "0.0000000000000000000001", "0.00000000000000000000001",
		"1e999", "1e-400", "0x10", "1_0", "45.85359891822592", "38.970361718551786", "179.99999999999997",
		"9007199254740993.0", "4503599627370497.5", "4503599627370498.5", "2251799813685248.25", "2251799813685248.75", "0.1", "0.3",
		"1.0000000000000002", "1.00000000000000011102230246251565404", "0.30000000000000004", "9999999999999999999", "0.9999999999999999999",
		"0.0000000000000000001", "0.00000000000000000001", "1000000000000000000.5", "-0.0", "180", "-180.0", "1e5", "1E+5", "1e-5", "1e", "1e+", "-01", "0.5e1", "1.5E-3", "-1.5e-400"} {
		check(s)
	}
	digits := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte('0' + rng.IntN(10))
		}
		return string(b)
	}
	for range 200000 {
		v := (rng.Float64() - 0.5) * math.Pow(10, float64(rng.IntN(10)-3))
		check(strconv.FormatFloat(v, 'f', -1, 64))
		check(strconv.FormatFloat(v, 'f', rng.IntN(25), 64))
		check(strconv.FormatFloat(v, 'e', rng.IntN(20)-1, 64))
		s := digits(1 + rng.IntN(20))
		if rng.IntN(2) == 0 {
			k := rng.IntN(len(s) + 1)
			s = s[:k] + "." + s[k:]
		}
		if rng.IntN(2) == 0 {
			s = "-" + s
		}
		check(s)
	}
}
