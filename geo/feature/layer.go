package feature

import (
	"cmp"
	"encoding/json"
	"fmt"
	"iter"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/landrelease/clearance/geo"
	"github.com/paulmach/orb"
)

// Layer is a layer to write: a name, the kind of its geometries, its
// columns in order and its rows, as a stream. Every writer (GeoJSON, KML,
// CSV; later GeoPackage, PostGIS) takes a *Layer, so a layer is built once
// whatever the format, and a large one (a million scored cells) is written
// without being held in memory.
type Layer struct {
	// Name names the layer: KML's Document name, a table name.
	Name string
	// Geometry is the kind of every row's geometry.
	Geometry GeometryKind
	// Columns are the attributes of every row, in the order writers write
	// them.
	Columns []Column
	// Rows yields each row's geometry (an orb.Point for PointGeometry; an
	// orb.Polygon or orb.MultiPolygon for PolygonGeometry) and its values,
	// aligned with Columns. A nil value means the row has none for that
	// column. The values slice may be reused from row to row: a writer
	// must not keep it. Rows may be called more than once.
	Rows iter.Seq2[orb.Geometry, []any]
}

// GeometryKind is the kind of geometry of a layer's rows.
type GeometryKind uint8

const (
	// PointGeometry: every row is an orb.Point.
	PointGeometry GeometryKind = iota + 1
	// PolygonGeometry: every row is an orb.Polygon or orb.MultiPolygon.
	PolygonGeometry
)

// Column is one attribute of a layer.
type Column struct {
	Name string
	Type ColumnType
	// ID marks the column that holds each row's id (a string): GeoJSON
	// writes it as the Feature's top-level "id", not among the properties;
	// KML as Data under the column's name. At most one column is the ID.
	ID bool
	// Label marks the column that names each row on a map (a string): KML
	// writes it as the Placemark's <name>, not as Data unless the column
	// is also the ID, and leaves <name> out when another column named
	// "name" (in any case) has a value in the row. Other formats write it
	// as any column. At most one column is the Label.
	Label bool
}

// ColumnType is the type of a column's values.
type ColumnType uint8

const (
	// TypeString values are strings.
	TypeString ColumnType = iota + 1
	// TypeInt values are ints.
	TypeInt
	// TypeFloat values are float64s.
	TypeFloat
	// TypeBool values are bools.
	TypeBool
	// TypeDate values are time.Times, written as "2006-01-02" at midnight
	// UTC and in RFC 3339 otherwise.
	TypeDate
	// TypeStringList values are []strings: a JSON array in GeoJSON, joined
	// with "; " in text formats.
	TypeStringList
	// TypeAny values are anything encoding/json writes (a property as read
	// from GeoJSON: strings, float64, bool, []any, map[string]any), written
	// as JSON in GeoJSON and as text elsewhere (see [Column.Text]).
	TypeAny
)

// Null is a value that is present but empty: a property that JSON holds
// as null. GeoJSON writes null; text formats write an empty text. A nil
// value, by contrast, is no value: the row has no such property.
type Null struct{}

// Text returns v, a value of column c, as formats without types write it
// (KML, CSV): strings as they are; numbers in Go's shortest form; booleans
// as true/false; dates as "2006-01-02" at midnight UTC and RFC 3339
// otherwise; string lists joined with "; "; nil and Null as ""; any other
// value as JSON. The error is encoding/json's, for a value it cannot
// encode.
func (c Column) Text(v any) (string, error) {
	switch c.Type {
	case TypeDate:
		if t, ok := v.(time.Time); ok {
			return formatDate(t), nil
		}
	case TypeStringList:
		if l, ok := v.([]string); ok {
			return strings.Join(l, "; "), nil
		}
	}
	return valueText(v)
}

// valueText returns a property value as text (see Column.Text).
func valueText(v any) (string, error) {
	if s, ok := valueString(v); ok {
		return s, nil
	}
	switch x := v.(type) {
	case nil, Null:
		return "", nil
	case int:
		return strconv.Itoa(x), nil
	}
	b, err := json.Marshal(v)
	return string(b), err
}

// HazardLayer returns hazards as a layer named "hazards" of polygons:
// columns id (the ID and Label), kind, status, reported (a date, none if
// zero), evidence (a string list, none if empty) and every key of the
// hazards' Properties (TypeString, TypeFloat or TypeBool if every value is
// one, else TypeAny), sorted by name. The geometry is each hazard's
// MultiPolygon. Written as GeoJSON, the layer reads back to equal hazards
// with DefaultSchema; as KML, to hazards whose properties are text.
//
// A Properties key that a reader would not read back as a property is an
// error naming the hazard and the key. Keys match DefaultSchema names as
// [Schema] says (any case; space, underscore and hyphen alike), and such a
// key is refused when it is:
//   - the first name of a field's list (the name the column has);
//   - another name of a field left out for this hazard (a zero date, no
//     evidence), which the reader would take for the field ("date" beside
//     a zero Reported);
//   - another name of a field, holding a blank value (the reader drops it);
//   - a name of the id ("code", "name") when the id is empty, or when the
//     property's text is blank or equal to the id;
//   - one of two keys of Properties that match the same name.
//
// So a hazard may keep "category" beside its kind, and "date" beside a
// non-zero Reported, as the reader reads them back as properties. Cost
// O(hazards · properties) here, and O(positions) as rows are read. The
// layer reads hs as its rows are read: hs must not change until written.
func HazardLayer(hs []geo.Hazard) (*Layer, error) {
	res := hazardReserved()
	for i := range hs {
		h := &hs[i]
		if err := checkProps(h.Properties, h.ID, res, hazardWritten(h)); err != nil {
			return nil, fmt.Errorf("hazard %d (id %q): %w", i, h.ID, err)
		}
	}
	fixed := []Column{
		{Name: "id", Type: TypeString, ID: true, Label: true},
		{Name: "kind", Type: TypeString},
		{Name: "status", Type: TypeString},
		{Name: "reported", Type: TypeDate},
		{Name: "evidence", Type: TypeStringList},
	}
	cols, props := layerColumns(fixed, len(hs), func(i int) map[string]any { return hs[i].Properties })
	return &Layer{
		Name:     "hazards",
		Geometry: PolygonGeometry,
		Columns:  cols,
		Rows: func(yield func(orb.Geometry, []any) bool) {
			vals := make([]any, len(cols))
			for i := range hs {
				h := &hs[i]
				fixedVals := []any{nonEmpty(h.ID), h.Kind.String(), h.Status.String(), date(h.Reported), nil}
				if len(h.Evidence) > 0 {
					fixedVals[4] = slices.Clone(h.Evidence)
				}
				props.fill(vals, fixedVals, h.Properties)
				if !yield(h.Geometry, vals) {
					return
				}
			}
		},
	}, nil
}

// IncidentLayer returns incidents as a layer named "incidents" of points:
// columns id (the ID; none if empty), date (none if zero), killed and
// injured (ints), device, casualties (an int, only if some incident has
// Casualties) and every key of the incidents' Properties (as for
// [HazardLayer]), sorted by name. Properties keys are refused as for
// HazardLayer, an "id", "code" or "incident_id" key when the id is empty
// among them. Cost O(incidents · properties).
func IncidentLayer(is []geo.Incident) (*Layer, error) {
	res := incidentReserved()
	hasCas := slices.ContainsFunc(is, func(in geo.Incident) bool { return in.Casualties != 0 })
	for i := range is {
		in := &is[i]
		if err := checkProps(in.Properties, in.ID, res, incidentWritten(in, hasCas)); err != nil {
			return nil, fmt.Errorf("incident %d (id %q): %w", i, in.ID, err)
		}
	}
	fixed := []Column{
		{Name: "id", Type: TypeString, ID: true},
		{Name: "date", Type: TypeDate},
		{Name: "killed", Type: TypeInt},
		{Name: "injured", Type: TypeInt},
		{Name: "device", Type: TypeString},
	}
	if hasCas {
		fixed = append(fixed, Column{Name: "casualties", Type: TypeInt})
	}
	cols, props := layerColumns(fixed, len(is), func(i int) map[string]any { return is[i].Properties })
	return &Layer{
		Name:     "incidents",
		Geometry: PointGeometry,
		Columns:  cols,
		Rows: func(yield func(orb.Geometry, []any) bool) {
			vals := make([]any, len(cols))
			for i := range is {
				in := &is[i]
				fv := []any{nonEmpty(in.ID), date(in.Date), in.Killed, in.Injured, in.Device.String(), in.Casualties}
				props.fill(vals, fv[:len(fixed)], in.Properties)
				if !yield(orb.Point{in.Point.Lon, in.Point.Lat}, vals) {
					return
				}
			}
		},
	}, nil
}

// SettlementLayer returns settlements as a layer named "settlements" of
// points: columns name (the Label), population (an int, none if unknown),
// planned_return (none if zero) and every key of the settlements'
// Properties (as for [HazardLayer]), sorted by name. Properties keys are
// refused as for HazardLayer. Cost O(settlements · properties).
func SettlementLayer(ss []geo.Settlement) (*Layer, error) {
	res := settlementReserved()
	for i := range ss {
		s := &ss[i]
		if err := checkProps(s.Properties, "", res, settlementWritten(s)); err != nil {
			return nil, fmt.Errorf("settlement %d (%q): %w", i, s.Name, err)
		}
	}
	fixed := []Column{
		{Name: "name", Type: TypeString, Label: true},
		{Name: "population", Type: TypeInt},
		{Name: "planned_return", Type: TypeDate},
	}
	cols, props := layerColumns(fixed, len(ss), func(i int) map[string]any { return ss[i].Properties })
	return &Layer{
		Name:     "settlements",
		Geometry: PointGeometry,
		Columns:  cols,
		Rows: func(yield func(orb.Geometry, []any) bool) {
			vals := make([]any, len(cols))
			for i := range ss {
				s := &ss[i]
				var pop any
				if s.Population >= 0 {
					pop = s.Population
				}
				props.fill(vals, []any{s.Name, pop, date(s.PlannedReturn)}, s.Properties)
				if !yield(orb.Point{s.Point.Lon, s.Point.Lat}, vals) {
					return
				}
			}
		},
	}, nil
}

func nonEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func date(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

// columnMap places a row's fixed values and properties in the columns.
type columnMap struct {
	fixed []int          // column of each fixed value
	prop  map[string]int // column of each property key
}

// layerColumns returns the fixed columns and a column per property key of
// n features, sorted by name (stable: a fixed column comes before a
// property column of the same name), with where each value goes.
func layerColumns(fixed []Column, n int, props func(i int) map[string]any) ([]Column, *columnMap) {
	types := map[string]ColumnType{}
	for i := range n {
		for k, v := range props(i) {
			t := typeOf(v)
			if old, ok := types[k]; ok && old != t {
				switch {
				case t == 0:
					t = old
				case old != 0:
					t = TypeAny
				}
			}
			types[k] = t
		}
	}
	type col struct {
		c     Column
		fixed int // index in fixed, -1 for a property
	}
	all := make([]col, 0, len(fixed)+len(types))
	for i, c := range fixed {
		all = append(all, col{c, i})
	}
	for k, t := range types {
		if t == 0 {
			t = TypeAny
		}
		all = append(all, col{Column{Name: k, Type: t}, -1})
	}
	// Stable: the fixed columns, added first, come before a property of
	// the same name (only "id" can be both, see reservedNames.check).
	slices.SortStableFunc(all, func(a, b col) int { return cmp.Compare(a.c.Name, b.c.Name) })
	cols := make([]Column, len(all))
	m := &columnMap{fixed: make([]int, len(fixed)), prop: make(map[string]int, len(types))}
	for j, c := range all {
		cols[j] = c.c
		if c.fixed >= 0 {
			m.fixed[c.fixed] = j
		} else {
			m.prop[c.c.Name] = j
		}
	}
	return cols, m
}

// typeOf is the column type of a property value; 0 for nil (any type).
func typeOf(v any) ColumnType {
	switch v.(type) {
	case nil:
		return 0
	case string:
		return TypeString
	case float64:
		return TypeFloat
	case bool:
		return TypeBool
	}
	return TypeAny
}

// fill sets vals to a row's values: nil everywhere, then the fixed values
// and the properties (a nil property as Null).
func (m *columnMap) fill(vals, fixed []any, props map[string]any) {
	clear(vals)
	for i, v := range fixed {
		vals[m.fixed[i]] = v
	}
	for k, v := range props {
		if v == nil {
			v = Null{}
		}
		vals[m.prop[k]] = v
	}
}
