package geo

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/paulmach/orb"
)

// Format is a file format the readers and writers know.
type Format uint8

const (
	// FormatGeoJSON is RFC 7946 GeoJSON: a FeatureCollection.
	FormatGeoJSON Format = iota + 1
	// FormatKML is OGC KML 2.2: Placemarks anywhere in the document.
	FormatKML
	// FormatCSV is comma-separated points with a header row and latitude
	// and longitude columns (see [ReadIncidents]).
	FormatCSV
)

// String returns "GeoJSON", "KML" or "CSV".
func (f Format) String() string {
	switch f {
	case FormatGeoJSON:
		return "GeoJSON"
	case FormatKML:
		return "KML"
	case FormatCSV:
		return "CSV"
	}
	return fmt.Sprintf("Format(%d)", uint8(f))
}

// ErrUnknownFormat: a file extension or Format value the readers do not know.
var ErrUnknownFormat = errors.New("geo: unknown file format")

// FormatOf returns the format of a file from its extension, in any case:
// .geojson and .json are GeoJSON, .kml is KML, .csv is CSV. Any other
// extension is an error wrapping ErrUnknownFormat.
func FormatOf(path string) (Format, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".geojson", ".json":
		return FormatGeoJSON, nil
	case ".kml":
		return FormatKML, nil
	case ".csv":
		return FormatCSV, nil
	}
	return 0, fmt.Errorf("%s: %w (want .geojson, .json, .kml or .csv)", path, ErrUnknownFormat)
}

// DefaultMaxErrors is the number of feature errors kept per file when
// ReadOptions.MaxErrors is 0.
const DefaultMaxErrors = 100

// ReadOptions tunes the readers. A nil *ReadOptions means the defaults.
type ReadOptions struct {
	// Schema maps property names to fields; nil means DefaultSchema(), and
	// nil fields of a Schema take their default names.
	Schema *Schema
	// Lenient repairs what is unambiguous, reporting each repair as a
	// Warning: it drops exact consecutive repeated positions, and closes an
	// unclosed ring that has at least 3 distinct positions. The default
	// (strict) keeps repeated positions as they are (they are valid, see
	// [ValidatePolygon]) and rejects unclosed rings (ErrUnclosedRing). In
	// both modes rings are turned to the RFC 7946 winding (shell
	// counter-clockwise, holes clockwise), with a Warning for each ring
	// turned.
	Lenient bool
	// MaxErrors caps the feature errors kept in a *FileError; 0 means
	// DefaultMaxErrors, negative means no cap. Reading goes on past the cap
	// (FileError.Truncated is set), so the features returned are the same.
	MaxErrors int
}

func (o *ReadOptions) orDefault() ReadOptions {
	if o == nil {
		return ReadOptions{}
	}
	return *o
}

// ReadHazards reads hazardous areas (SHA/CHA polygons) from r in format f;
// file names the input in messages. Each feature needs a Polygon or
// MultiPolygon geometry (KML: Polygon or MultiGeometry of Polygons), which
// is validated as [ValidateMultiPolygon] does, and an id and kind (see
// [Schema]). Hazard ids must be unique: a feature with the id of an
// earlier one, accepted or not, is ErrDuplicateID. Positions need 2 or 3
// numbers; altitudes are checked to be finite and dropped. KML and CSV
// coordinates are decimal text (ErrBadNumber otherwise; no hexadecimal
// floats). GeoJSON input must be a
// FeatureCollection; LineString, MultiPoint, MultiLineString and
// GeometryCollection geometries are ErrGeometryType for every layer.
//
// Errors: a structural problem (not JSON, not a FeatureCollection, not XML,
// no CSV header...) is returned as an error naming the file, with no
// features. Problems with features are gathered in a *[FileError] holding a
// *[FeatureError] for each (up to ReadOptions.MaxErrors), naming the file,
// line (CSV and KML), feature index, id and field; the features read without error are still
// returned, in file order, so nothing good is lost. A feature with any error
// is left out of the result. Warnings report repairs and defaults.
//
// CSV holds points only, so ReadHazards on FormatCSV is an error.
func ReadHazards(r io.Reader, file string, f Format, opt *ReadOptions) ([]Hazard, []Warning, error) {
	raws, err := decodeLayer(r, file, f, layerHazards)
	if err != nil {
		return nil, nil, err
	}
	o := opt.orDefault()
	return buildHazards(file, raws, &o)
}

// ReadIncidents reads incidents (points) from r in format f; file names
// the input in messages. Each feature needs a Point (CSV: latitude and
// longitude columns). See [ReadHazards] for errors and [Schema] for the
// properties read.
//
// CSV: the first row is a header. Latitude and longitude columns are
// recognised by name, in any case: lat/lon, lat/lng, lat/long,
// latitude/longitude, y/x (geographic degrees only; projected
// easting/northing columns are not recognised). Every other column is a
// property (a string, parsed only where the schema maps it). A row's
// feature index is its 0-based data row (blank lines, which are skipped,
// do not count); [FeatureError].Line gives the line of the file where the
// row starts. Coordinates are decimal numbers (an exponent is allowed;
// hexadecimal, "_" separators, NaN and infinities are not).
func ReadIncidents(r io.Reader, file string, f Format, opt *ReadOptions) ([]Incident, []Warning, error) {
	raws, err := decodeLayer(r, file, f, layerIncidents)
	if err != nil {
		return nil, nil, err
	}
	o := opt.orDefault()
	return buildIncidents(file, raws, &o)
}

// ReadSettlements reads settlements (points) from r in format f; file names
// the input in messages. Each feature needs a Point (CSV: latitude and
// longitude columns, as for [ReadIncidents]) and a name. See [ReadHazards]
// for errors and [Schema] for the properties read. Names need not be
// unique.
func ReadSettlements(r io.Reader, file string, f Format, opt *ReadOptions) ([]Settlement, []Warning, error) {
	raws, err := decodeLayer(r, file, f, layerSettlements)
	if err != nil {
		return nil, nil, err
	}
	o := opt.orDefault()
	return buildSettlements(file, raws, &o)
}

// ReadArea reads an area of interest: the Polygons and MultiPolygons of
// every feature, gathered into one MultiPolygon in file order. Properties
// are ignored. Polygons of different features must not overlap
// (ErrPolygonsOverlap, reported on the later feature). An empty
// collection gives an empty MultiPolygon. See [ReadHazards] for errors.
func ReadArea(r io.Reader, file string, f Format, opt *ReadOptions) (orb.MultiPolygon, []Warning, error) {
	raws, err := decodeLayer(r, file, f, layerArea)
	if err != nil {
		return nil, nil, err
	}
	o := opt.orDefault()
	return buildArea(file, raws, &o)
}

// ReadHazardsFile opens path, picks the format from its extension (see
// [FormatOf]) and calls [ReadHazards] with path as the file name.
func ReadHazardsFile(path string, opt *ReadOptions) ([]Hazard, []Warning, error) {
	return readFile(path, opt, ReadHazards)
}

// ReadIncidentsFile is [ReadIncidents] on a file, as [ReadHazardsFile].
func ReadIncidentsFile(path string, opt *ReadOptions) ([]Incident, []Warning, error) {
	return readFile(path, opt, ReadIncidents)
}

// ReadSettlementsFile is [ReadSettlements] on a file, as [ReadHazardsFile].
func ReadSettlementsFile(path string, opt *ReadOptions) ([]Settlement, []Warning, error) {
	return readFile(path, opt, ReadSettlements)
}

// ReadAreaFile is [ReadArea] on a file, as [ReadHazardsFile].
func ReadAreaFile(path string, opt *ReadOptions) (orb.MultiPolygon, []Warning, error) {
	return readFile(path, opt, ReadArea)
}

func readFile[T any](path string, opt *ReadOptions, read func(io.Reader, string, Format, *ReadOptions) (T, []Warning, error)) (T, []Warning, error) {
	var zero T
	f, err := FormatOf(path)
	if err != nil {
		return zero, nil, err
	}
	fh, err := os.Open(path)
	if err != nil {
		return zero, nil, err
	}
	defer fh.Close()
	return read(fh, path, f, opt)
}

type readLayer uint8

const (
	layerHazards readLayer = iota
	layerIncidents
	layerSettlements
	layerArea
)

func (l readLayer) wantsPoint() bool { return l == layerIncidents || l == layerSettlements }

// rawGeom is a decoded geometry, with positions already checked for size,
// finiteness and range.
type rawGeom struct {
	typ    string // the source's name for the geometry type
	isPt   bool
	isPoly bool // Polygon, MultiPolygon, or KML MultiGeometry of polygons
	point  orb.Point
	polys  orb.MultiPolygon
}

// fieldErr is a problem found while decoding a feature.
type fieldErr struct {
	field string
	err   error
}

// rawFeature is one decoded feature, before the layer's schema is applied.
type rawFeature struct {
	line  int    // 1-based line of the feature in the file, 0 if unknown
	id    string // top-level id (GeoJSON), "" if none
	hasID bool
	// fallbackID is the id when no id property is present (KML's
	// Placemark id attribute).
	fallbackID string
	props      map[string]any
	geom       *rawGeom
	errs       []fieldErr
	warns      []fieldErr
}

func (rf *rawFeature) fail(field string, err error) {
	rf.errs = append(rf.errs, fieldErr{field, err})
}

func decodeLayer(r io.Reader, file string, f Format, l readLayer) ([]rawFeature, error) {
	switch f {
	case FormatGeoJSON:
		return decodeGeoJSON(r, file)
	case FormatKML:
		return decodeKML(r, file)
	case FormatCSV:
		if !l.wantsPoint() {
			return nil, fmt.Errorf("%s: CSV holds points, not polygons: %w", file, ErrGeometryType)
		}
		return decodeCSV(r, file)
	}
	return nil, fmt.Errorf("%s: %w %d", file, ErrUnknownFormat, uint8(f))
}

// readCollector gathers the errors and warnings of one file.
type readCollector struct {
	file      string
	raws      []rawFeature // for the line of each feature
	max       int
	errs      []*FeatureError
	truncated bool
	warns     []Warning
}

func newReadCollector(file string, raws []rawFeature, opt *ReadOptions) *readCollector {
	m := opt.MaxErrors
	if m == 0 {
		m = DefaultMaxErrors
	}
	return &readCollector{file: file, raws: raws, max: m}
}

// line returns the line of feature index, 0 if unknown.
func (c *readCollector) line(index int) int {
	if index < 0 || index >= len(c.raws) {
		return 0
	}
	return c.raws[index].line
}

func (c *readCollector) add(index int, id, field string, err error) {
	if c.max >= 0 && len(c.errs) >= c.max {
		c.truncated = true
		return
	}
	c.errs = append(c.errs, &FeatureError{File: c.file, Line: c.line(index), Index: index, ID: id, Field: field, Err: err})
}

func (c *readCollector) warn(index int, id, field, msg string) {
	c.warns = append(c.warns, Warning{File: c.file, Line: c.line(index), Index: index, ID: id, Field: field, Message: msg})
}

func (c *readCollector) err() error {
	if len(c.errs) == 0 && !c.truncated {
		return nil
	}
	return &FileError{File: c.file, Errs: c.errs, Truncated: c.truncated}
}

// propSet gives case-insensitive access to a feature's properties and
// remembers which were used. Lookups take normalised names (see
// [nameList]) and allocate nothing.
type propSet struct {
	m     map[string]any
	lower map[string]string // normWord(name) -> key (the first in sort order)
	// dups holds, for each normalised name of two or more keys, the keys
	// in sort order; nil if there are none.
	dups map[string][]string
	used map[string]bool
}

func newPropSet(m map[string]any) *propSet {
	p := &propSet{m: m, lower: make(map[string]string, len(m)), used: map[string]bool{}}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		lk := normWord(k)
		first, ok := p.lower[lk]
		if !ok {
			p.lower[lk] = k
			continue
		}
		if p.dups == nil {
			p.dups = map[string][]string{}
		}
		if len(p.dups[lk]) == 0 {
			p.dups[lk] = []string{first}
		}
		p.dups[lk] = append(p.dups[lk], k)
	}
	return p
}

// get returns the property of normalised name nk, if present.
func (p *propSet) get(nk string) (key string, v any, ok bool) {
	key, ok = p.lower[nk]
	if !ok {
		return "", nil, false
	}
	return key, p.m[key], true
}

// first returns the first of the normalised names present with a
// non-blank value, marking it used; blank ones met on the way are marked
// used too.
func (p *propSet) first(names []string) (key string, v any, ok bool) {
	for _, n := range names {
		k, v, ok := p.get(n)
		if !ok {
			continue
		}
		if isBlankValue(v) {
			p.used[k] = true
			continue
		}
		p.used[k] = true
		return k, v, true
	}
	return "", nil, false
}

// consumeBlank marks used every blank property of the normalised names.
func (p *propSet) consumeBlank(names []string) {
	for _, n := range names {
		if k, v, ok := p.get(n); ok && isBlankValue(v) {
			p.used[k] = true
		}
	}
}

// checkAmbiguous looks for properties whose names differ only in case,
// spaces, underscores or hyphens and match a name of lists. Keys with
// equal values are one property: the first in sort order is kept and the
// others dropped, with a Warning. Keys with different values are an error
// (ErrAmbiguous); it returns false then. Names the schema does not map are
// left alone.
func (p *propSet) checkAmbiguous(c *readCollector, i int, id string, lists []nameList) bool {
	if p.dups == nil {
		return true
	}
	good := true
	done := map[string]bool{}
	for _, l := range lists {
		for _, n := range l.norm {
			keys := p.dups[n]
			if len(keys) == 0 || done[n] {
				continue
			}
			done[n] = true
			same := true
			for _, k := range keys[1:] {
				if !reflect.DeepEqual(p.m[k], p.m[keys[0]]) {
					same = false
				}
			}
			quoted := make([]string, len(keys))
			for k, key := range keys {
				quoted[k] = strconv.Quote(key)
			}
			list := strings.Join(quoted, " and ")
			if !same {
				c.add(i, id, keys[0], fmt.Errorf("%w: properties %s both mean %q, with different values", ErrAmbiguous, list, n))
				good = false
				continue
			}
			c.warn(i, id, keys[0], fmt.Sprintf("properties %s both mean %q, with equal values: kept %q", list, n, keys[0]))
			for _, k := range keys[1:] {
				p.used[k] = true
			}
		}
	}
	return good
}

// rest returns the unused properties, or nil if none.
func (p *propSet) rest() map[string]any {
	var out map[string]any
	for k, v := range p.m {
		if p.used[k] {
			continue
		}
		if out == nil {
			out = make(map[string]any)
		}
		out[k] = v
	}
	return out
}

// resolveID returns the feature id: the top-level id, else the first
// non-blank of names (marked used). A value that is not a string, number
// or boolean is reported as ErrUnknownValue on its key; ok is false then.
//
// Other properties of names holding the same value (as KML from
// WriteHazardsKML has in <name> and ExtendedData "id") are marked used.
func resolveID(c *readCollector, i int, rf *rawFeature, p *propSet, names nameList) (id string, ok bool) {
	id = rf.fallbackID
	if rf.hasID {
		id = rf.id
	} else if k, v, present := p.first(names.norm); present {
		s, scalar := valueString(v)
		if !scalar {
			c.add(i, "", k, fmt.Errorf("%w: %s where an id (text or a number) was expected", ErrUnknownValue, jsonKind(v)))
			return "", false
		}
		id = strings.TrimSpace(s)
	}
	if id != "" {
		for _, n := range names.norm {
			if k, v, ok := p.get(n); ok {
				if s, ok := v.(string); ok && strings.TrimSpace(s) == id {
					p.used[k] = true
				}
			}
		}
	}
	return id, true
}

// preamble reports decode errors and warnings of a feature; it returns
// false if the feature had errors.
func preamble(c *readCollector, i int, id string, rf *rawFeature) bool {
	for _, w := range rf.warns {
		c.warn(i, id, w.field, w.err.Error())
	}
	for _, e := range rf.errs {
		c.add(i, id, e.field, e.err)
	}
	return len(rf.errs) == 0
}

// polygons checks that the geometry is areal and prepares it.
func polygonsOf(c *readCollector, i int, id string, rf *rawFeature, opt *ReadOptions) (orb.MultiPolygon, bool) {
	g := rf.geom
	if g == nil {
		if len(rf.errs) == 0 {
			c.add(i, id, "geometry", fmt.Errorf("no geometry: %w", ErrMissing))
		}
		return nil, false
	}
	if !g.isPoly {
		c.add(i, id, "geometry", fmt.Errorf("%w: %s, want Polygon or MultiPolygon", ErrGeometryType, g.typ))
		return nil, false
	}
	if len(g.polys) == 0 {
		c.add(i, id, "geometry", fmt.Errorf("%s has no polygons: %w", g.typ, ErrEmpty))
		return nil, false
	}
	mp, ge := prepareMultiPolygon(g.polys, opt.Lenient, func(field, msg string) {
		c.warn(i, id, field, msg)
	})
	if ge != nil {
		c.add(i, id, geomField(ge), ge.detail())
		return nil, false
	}
	return mp, true
}

func geomField(ge *GeometryError) string {
	if p := ge.Path(); p != "" {
		return "geometry." + p
	}
	return "geometry"
}

func pointOf(c *readCollector, i int, id string, rf *rawFeature) (LonLat, bool) {
	g := rf.geom
	if g == nil {
		if len(rf.errs) == 0 {
			c.add(i, id, "geometry", fmt.Errorf("no geometry: %w", ErrMissing))
		}
		return LonLat{}, false
	}
	if !g.isPt {
		c.add(i, id, "geometry", fmt.Errorf("%w: %s, want Point", ErrGeometryType, g.typ))
		return LonLat{}, false
	}
	return LonLat{Lon: g.point[0], Lat: g.point[1]}, true
}

// prepareMultiPolygon repairs (in lenient mode), validates and orients mp
// in place. warn receives each repair.
func prepareMultiPolygon(mp orb.MultiPolygon, lenient bool, warn func(field, msg string)) (orb.MultiPolygon, *GeometryError) {
	field := func(pi, ri int) string { return fmt.Sprintf("geometry.polygon[%d].ring[%d]", pi, ri) }
	if lenient {
		for pi, p := range mp {
			for ri, r := range p {
				var dropped []int
				out := r[:0:0]
				for k, pt := range r {
					if k > 0 && pt == r[k-1] {
						dropped = append(dropped, k)
						continue
					}
					out = append(out, pt)
				}
				if len(dropped) > 0 {
					warn(field(pi, ri), fmt.Sprintf("dropped %d repeated position(s) at %s", len(dropped), intList(dropped)))
					r = out
				}
				if len(r) >= 3 && r[0] != r[len(r)-1] && valDistinct(append(slices.Clip(r), r[0])) >= 3 {
					warn(field(pi, ri), "ring was not closed: closed it by repeating position 0")
					r = append(slices.Clip(r), r[0])
				}
				p[ri] = r
			}
		}
	}
	if err := ValidateMultiPolygon(mp); err != nil {
		var ge *GeometryError
		if errors.As(err, &ge) {
			return nil, ge
		}
		return nil, newGeomErr(-1, -1, -1, -1, err)
	}
	for pi, p := range mp {
		for ri, r := range p {
			ccw := valSignedArea(r) > 0
			if want := ri == 0; ccw != want {
				slices.Reverse(r)
				if want {
					warn(field(pi, ri), "shell was clockwise: reversed to counter-clockwise (RFC 7946)")
				} else {
					warn(field(pi, ri), "hole was counter-clockwise: reversed to clockwise (RFC 7946)")
				}
			}
		}
	}
	return mp, nil
}

func intList(xs []int) string {
	const maxShown = 10
	var b strings.Builder
	for i, x := range xs {
		if i == maxShown {
			fmt.Fprintf(&b, " and %d more", len(xs)-maxShown)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprint(&b, x)
	}
	return b.String()
}

// dupIDs remembers the feature index of each id, of features accepted
// or not.
type dupIDs map[string]int

// check reports a duplicate, returning false if id was seen before; it
// remembers the first feature of each non-empty id.
func (d dupIDs) check(c *readCollector, i int, id string) bool {
	if id == "" {
		return true
	}
	if j, ok := d[id]; ok {
		c.add(i, id, "id", fmt.Errorf("%w: also used by feature %d", ErrDuplicateID, j))
		return false
	}
	d[id] = i
	return true
}

// stringField reads a scalar property as text.
func stringField(c *readCollector, i int, id, key string, v any) (string, bool) {
	s, ok := valueString(v)
	if !ok {
		c.add(i, id, key, fmt.Errorf("%w: %s where text was expected", ErrUnknownValue, jsonKind(v)))
		return "", false
	}
	return strings.TrimSpace(s), true
}

func dateField(c *readCollector, i int, id string, p *propSet, names nameList) (time.Time, bool) {
	k, v, present := p.first(names.norm)
	if !present {
		return time.Time{}, true
	}
	s, isStr := v.(string)
	if !isStr {
		c.add(i, id, k, fmt.Errorf("%w: %s", ErrBadDate, quoteValue(v)))
		return time.Time{}, false
	}
	d, err := ParseDate(s)
	if err != nil {
		c.add(i, id, k, err)
		return time.Time{}, false
	}
	return d, true
}

func countField(c *readCollector, i int, id string, p *propSet, names nameList) (int, bool, bool) {
	k, v, present := p.first(names.norm)
	if !present {
		return 0, false, true
	}
	n, err := parseCount(v)
	if err != nil {
		c.add(i, id, k, err)
		return 0, true, false
	}
	return n, true, true
}

func buildHazards(file string, raws []rawFeature, opt *ReadOptions) ([]Hazard, []Warning, error) {
	c := newReadCollector(file, raws, opt)
	s := opt.Schema.resolve()
	seen := dupIDs{}
	var out []Hazard
	for i := range raws {
		rf := &raws[i]
		p := newPropSet(rf.props)
		id, idOK := resolveID(c, i, rf, p, s.hazardID)
		p.consumeBlank(s.hazardID.norm)
		good := p.checkAmbiguous(c, i, id, s.hazard())
		good = preamble(c, i, id, rf) && good && idOK
		mp, ok := polygonsOf(c, i, id, rf, opt)
		good = good && ok
		h := Hazard{ID: id, Geometry: mp}
		if id == "" && idOK {
			c.add(i, "", "id", fmt.Errorf("no %s: %w", s.hazardID, ErrMissing))
			good = false
		}
		// Kind: the first kind property that parses.
		var kindKey string
		var firstBad string
		var firstBadV any
		for _, n := range s.hazardKind.norm {
			k, v, present := p.get(n)
			if !present || isBlankValue(v) {
				continue
			}
			if str, isStr := v.(string); isStr {
				if kind, err := ParseHazardKind(str); err == nil {
					h.Kind, kindKey = kind, k
					break
				}
			}
			if firstBad == "" {
				firstBad, firstBadV = k, v
			}
		}
		if kindKey != "" {
			p.used[kindKey] = true
		} else if firstBad != "" {
			c.add(i, id, firstBad, fmt.Errorf("%w %s for the hazard kind (want SHA or CHA)", ErrUnknownValue, quoteValue(firstBadV)))
			good = false
		} else {
			c.add(i, id, "kind", fmt.Errorf("no %s: %w", s.hazardKind, ErrMissing))
			good = false
		}
		// Status: the first status property, other than the kind's, that
		// parses; one that does not parse is an error.
		var statusBad bool
		for _, n := range s.hazardStatus.norm {
			k, v, present := p.get(n)
			if !present || k == kindKey {
				continue
			}
			if isBlankValue(v) {
				p.used[k] = true
				continue
			}
			str, isStr := v.(string)
			st, err := ParseHazardStatus(str)
			if !isStr || err != nil {
				if k == firstBad && kindKey == "" {
					continue // already reported as the kind
				}
				if !statusBad {
					c.add(i, id, k, fmt.Errorf("%w %s for the hazard status (want open, worked on or closed)", ErrUnknownValue, quoteValue(v)))
					statusBad = true
					good = false
				}
				continue
			}
			h.Status = st
			p.used[k] = true
			break
		}
		if h.Status == 0 && !statusBad {
			h.Status = StatusOpen
			c.warn(i, id, "status", "no status: taken as open")
		}
		p.consumeBlank(s.hazardKind.norm)
		if k, v, present := p.first(s.hazardEvidence.norm); present {
			ev, err := parseEvidence(v)
			if err != nil {
				c.add(i, id, k, err)
				good = false
			}
			h.Evidence = ev
		}
		if d, ok := dateField(c, i, id, p, s.hazardReported); ok {
			h.Reported = d
		} else {
			good = false
		}
		h.Properties = p.rest()
		if seen.check(c, i, id) && good {
			out = append(out, h)
		}
	}
	return out, c.warns, c.err()
}

func quoteValue(v any) string {
	if s, ok := v.(string); ok {
		return fmt.Sprintf("%q", s)
	}
	if s, ok := valueString(v); ok {
		return s
	}
	return jsonKind(v)
}

func parseEvidence(v any) ([]string, error) {
	switch x := v.(type) {
	case string:
		var out []string
		for _, e := range strings.Split(x, ";") {
			if e = strings.TrimSpace(e); e != "" {
				out = append(out, e)
			}
		}
		return out, nil
	case []any:
		out := make([]string, 0, len(x))
		for k, e := range x {
			s, ok := valueString(e)
			if !ok {
				return nil, fmt.Errorf("item %d: %w: %s where text was expected", k, ErrUnknownValue, jsonKind(e))
			}
			out = append(out, s)
		}
		return out, nil
	}
	if s, ok := valueString(v); ok {
		return []string{s}, nil
	}
	return nil, fmt.Errorf("%w: %s where text or a list was expected", ErrUnknownValue, jsonKind(v))
}

func buildIncidents(file string, raws []rawFeature, opt *ReadOptions) ([]Incident, []Warning, error) {
	c := newReadCollector(file, raws, opt)
	s := opt.Schema.resolve()
	seen := dupIDs{}
	var out []Incident
	for i := range raws {
		rf := &raws[i]
		p := newPropSet(rf.props)
		id, idOK := resolveID(c, i, rf, p, s.incidentID)
		p.consumeBlank(s.incidentID.norm)
		good := p.checkAmbiguous(c, i, id, s.incident())
		good = preamble(c, i, id, rf) && good && idOK
		pt, ok := pointOf(c, i, id, rf)
		good = good && ok
		in := Incident{ID: id, Point: pt}
		if d, ok := dateField(c, i, id, p, s.incidentDate); ok {
			in.Date = d
		} else {
			good = false
		}
		var okK, okI bool
		in.Killed, _, okK = countField(c, i, id, p, s.incidentKilled)
		in.Injured, _, okI = countField(c, i, id, p, s.incidentInjured)
		good = good && okK && okI
		if k, v, present := p.first(s.incidentDevice.norm); present {
			str, _ := v.(string)
			d, err := ParseDevice(str)
			if _, isStr := v.(string); !isStr || err != nil {
				c.add(i, id, k, fmt.Errorf("%w %s for the device (want AP, AT, UXO, IED or unknown)", ErrUnknownValue, quoteValue(v)))
				good = false
			}
			in.Device = d
		}
		in.Properties = p.rest()
		if seen.check(c, i, id) && good {
			out = append(out, in)
		}
	}
	return out, c.warns, c.err()
}

func buildSettlements(file string, raws []rawFeature, opt *ReadOptions) ([]Settlement, []Warning, error) {
	c := newReadCollector(file, raws, opt)
	s := opt.Schema.resolve()
	var out []Settlement
	for i := range raws {
		rf := &raws[i]
		p := newPropSet(rf.props)
		st := Settlement{Population: -1}
		good := true
		k, v, present := p.first(s.settlementName.norm)
		if present {
			st.Name, good = stringField(c, i, "", k, v)
		}
		id := st.Name
		if rf.hasID && id == "" {
			id = rf.id
		}
		if !p.checkAmbiguous(c, i, id, s.settlement()) {
			good = false
		}
		if !preamble(c, i, id, rf) {
			good = false
		}
		if !present {
			c.add(i, id, "name", fmt.Errorf("no %s: %w", s.settlementName, ErrMissing))
			good = false
		}
		pt, ok := pointOf(c, i, id, rf)
		good = good && ok
		st.Point = pt
		if n, has, ok := countField(c, i, id, p, s.settlementPopulation); !ok {
			good = false
		} else if has {
			st.Population = n
		}
		if d, ok := dateField(c, i, id, p, s.settlementReturn); ok {
			st.PlannedReturn = d
		} else {
			good = false
		}
		st.Properties = p.rest()
		if good {
			out = append(out, st)
		}
	}
	return out, c.warns, c.err()
}

func buildArea(file string, raws []rawFeature, opt *ReadOptions) (orb.MultiPolygon, []Warning, error) {
	c := newReadCollector(file, raws, opt)
	var all orb.MultiPolygon
	var owner []int // feature index of each polygon of all
	var ids []string
	for i := range raws {
		rf := &raws[i]
		id := rf.id
		good := preamble(c, i, id, rf)
		mp, ok := polygonsOf(c, i, id, rf, opt)
		if !good || !ok {
			continue
		}
		all = append(all, mp...)
		for range mp {
			owner = append(owner, i)
			ids = append(ids, id)
		}
	}
	// Polygons of different features must not overlap: drop the later
	// feature of each overlapping pair, reporting it, and check again.
	for len(all) > 1 {
		ge := valCheckSegs(all, true)
		if ge == nil {
			ge = valCheckNested(all)
		}
		if ge == nil {
			break
		}
		bad := owner[ge.Polygon]
		other := owner[ge.Other]
		local := ge.Polygon - slices.Index(owner, bad)
		field := fmt.Sprintf("geometry.polygon[%d]", local)
		if bad == other {
			// Cannot happen: each feature was validated alone.
			c.add(bad, ids[ge.Polygon], field, ge.detail())
		} else {
			c.add(bad, ids[ge.Polygon], field, fmt.Errorf("%w with feature %d", ErrPolygonsOverlap, other))
		}
		var keepAll orb.MultiPolygon
		var keepOwner []int
		var keepIDs []string
		for k := range all {
			if owner[k] != bad {
				keepAll = append(keepAll, all[k])
				keepOwner = append(keepOwner, owner[k])
				keepIDs = append(keepIDs, ids[k])
			}
		}
		all, owner, ids = keepAll, keepOwner, keepIDs
	}
	if all == nil {
		all = orb.MultiPolygon{}
	}
	return all, c.warns, c.err()
}
