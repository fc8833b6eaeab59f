package feature

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/internal/lex"
	"github.com/paulmach/orb"
)

// readCollector gathers the errors and warnings of one file.
type readCollector struct {
	file      string
	feats     []Feature // for the index and line of each feature
	max       int
	errs      []*geo.FeatureError
	truncated bool
	warns     []geo.Warning
}

func newReadCollector(file string, feats []Feature, opt *Options) *readCollector {
	m := opt.MaxErrors
	if m == 0 {
		m = DefaultMaxErrors
	}
	return &readCollector{file: file, feats: feats, max: m}
}

// at returns the index and line of the feature at position i of the
// slice mapped.
func (c *readCollector) at(i int) (index, line int) {
	if i < 0 || i >= len(c.feats) {
		return i, 0
	}
	return c.feats[i].Index, c.feats[i].Line
}

func (c *readCollector) add(i int, id, field string, err error) {
	if c.max >= 0 && len(c.errs) >= c.max {
		c.truncated = true
		return
	}
	index, line := c.at(i)
	c.errs = append(c.errs, &geo.FeatureError{File: c.file, Line: line, Index: index, ID: id, Field: field, Err: err})
}

func (c *readCollector) warn(i int, id, field, msg string) {
	index, line := c.at(i)
	c.warns = append(c.warns, geo.Warning{File: c.file, Line: line, Index: index, ID: id, Field: field, Message: msg})
}

func (c *readCollector) err() error {
	if len(c.errs) == 0 && !c.truncated {
		return nil
	}
	return &geo.FileError{File: c.file, Errs: c.errs, Truncated: c.truncated}
}

// propSet gives case-insensitive access to a feature's properties and
// remembers which were used. Lookups take normalised names (see
// [nameList]) and allocate nothing.
type propSet struct {
	m     map[string]any
	lower map[string]string // lex.Norm(name) -> key (the first in sort order)
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
		lk := lex.Norm(k)
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
// or boolean is reported as geo.ErrUnknownValue on its key; ok is false then.
//
// Other properties of names holding the same value (as the KML of a
// HazardLayer has in <name> and ExtendedData "id") are marked used.
func resolveID(c *readCollector, i int, rf *Feature, p *propSet, names nameList) (id string, ok bool) {
	id = rf.FallbackID
	if rf.HasID {
		id = rf.ID
	} else if k, v, present := p.first(names.norm); present {
		s, scalar := valueString(v)
		if !scalar {
			c.add(i, "", k, fmt.Errorf("%w: %s where an id (text or a number) was expected", geo.ErrUnknownValue, jsonKind(v)))
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
func preamble(c *readCollector, i int, id string, rf *Feature) bool {
	for _, w := range rf.Warnings {
		c.warn(i, id, w.Field, w.Err.Error())
	}
	for _, e := range rf.Problems {
		c.add(i, id, e.Field, e.Err)
	}
	return len(rf.Problems) == 0
}

// polygonsOf checks that the geometry is areal and normalises it.
//
// pre, if it has been computed (see normalizeAll), is the feature's
// validation, done ahead; otherwise polygonsOf validates.
func polygonsOf(c *readCollector, i int, id string, rf *Feature, opt *Options, pre *normalized) (orb.MultiPolygon, bool) {
	var polys orb.MultiPolygon
	switch g := rf.Geometry.(type) {
	case orb.Polygon:
		polys = orb.MultiPolygon{g}
	case orb.MultiPolygon:
		polys = g
	default:
		switch {
		case rf.Geometry == nil && rf.GeometryType == "":
			if len(rf.Problems) == 0 {
				c.add(i, id, "geometry", fmt.Errorf("no geometry: %w", ErrMissing))
			}
		default:
			c.add(i, id, "geometry", fmt.Errorf("%w: %s, want Polygon or MultiPolygon", ErrGeometryType, rf.geometryType()))
		}
		return nil, false
	}
	if len(polys) == 0 {
		c.add(i, id, "geometry", fmt.Errorf("%s has no polygons: %w", rf.geometryType(), geo.ErrEmpty))
		return nil, false
	}
	var mp orb.MultiPolygon
	var err error
	if pre != nil && pre.ok {
		mp, err = pre.mp, pre.err
		for _, w := range pre.warns {
			c.warn(i, id, w.field, w.msg)
		}
	} else {
		mp, err = geo.NormalizeMultiPolygon(polys, opt.Lenient, func(field, msg string) {
			c.warn(i, id, field, msg)
		})
	}
	if err != nil {
		field, detail := geomProblem(err)
		c.add(i, id, field, detail)
		return nil, false
	}
	return mp, true
}

// geomProblem splits a validation error into the field it names
// ("geometry.polygon[0].ring[1]") and the rest of its message, which still
// wraps the *geo.GeometryError and its sentinel.
func geomProblem(err error) (field string, detail error) {
	var ge *geo.GeometryError
	if !errors.As(err, &ge) {
		return "geometry", err
	}
	p := ge.Path()
	if p == "" {
		return "geometry", ge
	}
	return "geometry." + p, geomDetail{ge}
}

// geomDetail is a GeometryError whose message leaves out its path, which
// the FeatureError holding it names as its field.
type geomDetail struct{ ge *geo.GeometryError }

func (d geomDetail) Error() string { return strings.TrimPrefix(d.ge.Error(), d.ge.Path()+": ") }
func (d geomDetail) Unwrap() error { return d.ge }

func pointOf(c *readCollector, i int, id string, rf *Feature) (geo.LonLat, bool) {
	pt, isPt := rf.Geometry.(orb.Point)
	switch {
	case rf.Geometry == nil && rf.GeometryType == "":
		if len(rf.Problems) == 0 {
			c.add(i, id, "geometry", fmt.Errorf("no geometry: %w", ErrMissing))
		}
		return geo.LonLat{}, false
	case !isPt:
		c.add(i, id, "geometry", fmt.Errorf("%w: %s, want Point", ErrGeometryType, rf.geometryType()))
		return geo.LonLat{}, false
	}
	if err := geo.ValidatePoint(pt); err != nil {
		c.add(i, id, "geometry.point", err)
		return geo.LonLat{}, false
	}
	return geo.LonLat{Lon: pt[0], Lat: pt[1]}, true
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
		index, _ := c.at(j)
		c.add(i, id, "id", fmt.Errorf("%w: also used by feature %d", ErrDuplicateID, index))
		return false
	}
	d[id] = i
	return true
}

// stringField reads a scalar property as text.
func stringField(c *readCollector, i int, id, key string, v any) (string, bool) {
	s, ok := valueString(v)
	if !ok {
		c.add(i, id, key, fmt.Errorf("%w: %s where text was expected", geo.ErrUnknownValue, jsonKind(v)))
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
		c.add(i, id, k, fmt.Errorf("%w: %s", geo.ErrBadDate, quoteValue(v)))
		return time.Time{}, false
	}
	d, err := geo.ParseDate(s)
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

// Hazards maps features to hazardous areas (SHA/CHA polygons); file names
// the input in messages. Each feature needs a Polygon or MultiPolygon
// geometry (KML: Polygon or MultiGeometry of Polygons), which is normalised
// and validated by geo.NormalizeMultiPolygon, and an id and kind (see
// [Schema]). Hazard ids must be unique: a feature with the id of an
// earlier one, accepted or not, is [ErrDuplicateID]. Other geometry types
// are [ErrGeometryType].
//
// Problems with features, the decoder's included, are gathered in a
// *geo.FileError holding a *geo.FeatureError for each (up to
// Options.MaxErrors), naming the file, line, feature index, id and field;
// the features mapped without error are still returned, in order, so
// nothing good is lost. A feature with any error is left out of the
// result. Warnings report repairs and defaults. The error is nil or a
// *geo.FileError. No features give no hazards and no error.
//
// The geometry of the features is modified in place and shared with the
// result. Cost O(positions) plus validation (see geo.ValidatePolygon).
func Hazards(file string, raws []Feature, opt *Options) ([]geo.Hazard, []geo.Warning, error) {
	opt = opt.orDefault()
	c := newReadCollector(file, raws, opt)
	s := opt.Schema.resolve()
	seen := dupIDs{}
	pre := normalizeAll(raws, opt.Lenient)
	var out []geo.Hazard
	for i := range raws {
		rf := &raws[i]
		p := newPropSet(rf.Properties)
		id, idOK := resolveID(c, i, rf, p, s.hazardID)
		p.consumeBlank(s.hazardID.norm)
		good := p.checkAmbiguous(c, i, id, s.hazard())
		good = preamble(c, i, id, rf) && good && idOK
		mp, ok := polygonsOf(c, i, id, rf, opt, &pre[i])
		good = good && ok
		h := geo.Hazard{ID: id, Geometry: mp}
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
				if kind, err := geo.ParseHazardKind(str); err == nil {
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
			c.add(i, id, firstBad, fmt.Errorf("%w %s for the hazard kind (want SHA or CHA)", geo.ErrUnknownValue, quoteValue(firstBadV)))
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
			st, err := geo.ParseHazardStatus(str)
			if !isStr || err != nil {
				if k == firstBad && kindKey == "" {
					continue // already reported as the kind
				}
				if !statusBad {
					c.add(i, id, k, fmt.Errorf("%w %s for the hazard status (want open, worked on or closed)", geo.ErrUnknownValue, quoteValue(v)))
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
			h.Status = geo.StatusOpen
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
	checkMapped(c, raws, opt, "hazards")
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
		if l, ok := gdalStringList(x); ok {
			return l, nil
		}
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
				return nil, fmt.Errorf("item %d: %w: %s where text was expected", k, geo.ErrUnknownValue, jsonKind(e))
			}
			out = append(out, s)
		}
		return out, nil
	}
	if s, ok := valueString(v); ok {
		return []string{s}, nil
	}
	return nil, fmt.Errorf("%w: %s where text or a list was expected", geo.ErrUnknownValue, jsonKind(v))
}

// Incidents maps features to incidents; file names the input in messages.
// Each feature needs a Point; see [Schema] for the properties read and
// [Hazards] for errors. Cost O(features · properties).
func Incidents(file string, raws []Feature, opt *Options) ([]geo.Incident, []geo.Warning, error) {
	opt = opt.orDefault()
	c := newReadCollector(file, raws, opt)
	s := opt.Schema.resolve()
	seen := dupIDs{}
	var out []geo.Incident
	for i := range raws {
		rf := &raws[i]
		p := newPropSet(rf.Properties)
		id, idOK := resolveID(c, i, rf, p, s.incidentID)
		p.consumeBlank(s.incidentID.norm)
		good := p.checkAmbiguous(c, i, id, s.incident())
		good = preamble(c, i, id, rf) && good && idOK
		pt, ok := pointOf(c, i, id, rf)
		good = good && ok
		in := geo.Incident{ID: id, Point: pt}
		if d, ok := dateField(c, i, id, p, s.incidentDate); ok {
			in.Date = d
		} else {
			good = false
		}
		var okK, okI bool
		in.Killed, _, okK = countField(c, i, id, p, s.incidentKilled)
		in.Injured, _, okI = countField(c, i, id, p, s.incidentInjured)
		var okC bool
		in.Casualties, _, okC = countField(c, i, id, p, s.incidentCasualties)
		good = good && okK && okI && okC
		if k, v, present := p.first(s.incidentDevice.norm); present {
			str, _ := v.(string)
			d, err := geo.ParseDevice(str)
			if _, isStr := v.(string); !isStr || err != nil {
				c.add(i, id, k, fmt.Errorf("%w %s for the device (want AP, AT, UXO, IED or unknown)", geo.ErrUnknownValue, quoteValue(v)))
				good = false
			}
			in.Device = d
		}
		in.Properties = p.rest()
		if seen.check(c, i, id) && good {
			out = append(out, in)
		}
	}
	checkMapped(c, raws, opt, "incidents")
	return out, c.warns, c.err()
}

// Settlements maps features to settlements; file names the input in
// messages. Each feature needs a Point and a name. See [Schema] for the
// properties read and [Hazards] for errors. Names need not be unique.
// Cost O(features · properties).
func Settlements(file string, raws []Feature, opt *Options) ([]geo.Settlement, []geo.Warning, error) {
	opt = opt.orDefault()
	c := newReadCollector(file, raws, opt)
	s := opt.Schema.resolve()
	var out []geo.Settlement
	for i := range raws {
		rf := &raws[i]
		p := newPropSet(rf.Properties)
		st := geo.Settlement{Population: -1}
		good := true
		k, v, present := p.first(s.settlementName.norm)
		if present {
			st.Name, good = stringField(c, i, "", k, v)
		}
		id := st.Name
		if rf.HasID && id == "" {
			id = rf.ID
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
	checkMapped(c, raws, opt, "settlements")
	return out, c.warns, c.err()
}

// Area gathers the Polygons and MultiPolygons of every feature into one
// MultiPolygon, an area of interest, in order. Properties are ignored.
// Polygons of different features must not overlap (geo.ErrPolygonsOverlap,
// reported on the later feature, which is left out). No features give an
// empty MultiPolygon. See [Hazards] for errors. Cost: validation of every
// polygon and of the union (see geo.ValidateMultiPolygon).
func Area(file string, raws []Feature, opt *Options) (orb.MultiPolygon, []geo.Warning, error) {
	opt = opt.orDefault()
	c := newReadCollector(file, raws, opt)
	pre := normalizeAll(raws, opt.Lenient)
	var all orb.MultiPolygon
	var owner []int // feature index of each polygon of all
	var ids []string
	for i := range raws {
		rf := &raws[i]
		id := rf.ID
		good := preamble(c, i, id, rf)
		mp, ok := polygonsOf(c, i, id, rf, opt, &pre[i])
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
		// Each polygon is valid alone: what is left is an overlap.
		var ge *geo.GeometryError
		if !errors.As(geo.ValidateMultiPolygon(all), &ge) {
			break
		}
		bad := owner[ge.Polygon]
		other := owner[ge.Other]
		local := ge.Polygon - slices.Index(owner, bad)
		field := fmt.Sprintf("geometry.polygon[%d]", local)
		if bad == other {
			// Cannot happen: each feature was validated alone.
			_, detail := geomProblem(ge)
			c.add(bad, ids[ge.Polygon], field, detail)
		} else {
			otherIndex, _ := c.at(other)
			c.add(bad, ids[ge.Polygon], field, fmt.Errorf("%w with feature %d", geo.ErrPolygonsOverlap, otherIndex))
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

// gdalStringList reads a list of strings as GDAL writes one in a text
// field: a JSON array of strings (GeoPackage, GeoJSON of other tools) or
// "(2:a,b)", the count then the items separated by commas (Shapefile,
// KML), taken only when the count matches.
func gdalStringList(s string) ([]string, bool) {
	t := strings.TrimSpace(s)
	if strings.HasPrefix(t, "[") {
		var l []string
		if err := json.Unmarshal([]byte(t), &l); err == nil {
			return l, true
		}
		return nil, false
	}
	if !strings.HasPrefix(t, "(") || !strings.HasSuffix(t, ")") {
		return nil, false
	}
	colon := strings.IndexByte(t, ':')
	if colon < 0 {
		return nil, false
	}
	n, err := strconv.Atoi(t[1:colon])
	if err != nil || n < 1 {
		return nil, false
	}
	items := strings.Split(t[colon+1:len(t)-1], ",")
	if len(items) != n {
		return nil, false
	}
	return items, true
}
