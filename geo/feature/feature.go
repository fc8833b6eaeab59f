package feature

import (
	"errors"

	"github.com/paulmach/orb"
)

// Sentinel errors of decoding and of mapping features to the model, for
// errors.Is. The geometry's own problems are geo's sentinels
// (geo.ErrUnclosedRing, geo.ErrNotFinite, ...).
var (
	// ErrFormat: the file is not of its format at all, or its structure is
	// broken (not JSON, not a FeatureCollection, not KML, a bad CSV header).
	// Decoders return it wrapped, naming the file.
	ErrFormat = errors.New("geo: malformed file")
	// ErrBadGeometry: the geometry is malformed beyond what the geo
	// validators check, for example coordinates nested at the wrong depth
	// or a GeoJSON coordinate that is not a JSON number. (A KML or CSV
	// coordinate whose text is not a decimal number is ErrBadNumber.)
	ErrBadGeometry = errors.New("geo: malformed geometry")
	// ErrPositionSize: a position has fewer than 2 or more than 3 numbers.
	ErrPositionSize = errors.New("geo: position must have 2 or 3 numbers")
	// ErrGeometryType: the geometry is of a type the layer does not take
	// (a Point for hazards, a Polygon for incidents, a LineString for any).
	ErrGeometryType = errors.New("geo: wrong geometry type")
	// ErrBadNumber: a value that should be a number is not one.
	ErrBadNumber = errors.New("geo: not a number")
	// ErrMissing: a required value (id, kind, name, geometry) is missing.
	ErrMissing = errors.New("geo: required value missing")
	// ErrDuplicateID: two features of one layer have the same id.
	ErrDuplicateID = errors.New("geo: duplicate id")
	// ErrAmbiguous: a feature has two properties whose names differ only
	// in case, spaces, underscores or hyphens, both meaning one field of
	// the schema, with different values.
	ErrAmbiguous = errors.New("geo: ambiguous property names")
)

// Feature is one feature as a decoder read it, before a layer's [Schema] is
// applied: what every format has in common.
//
// Geometry is WGS84 lon/lat: an orb.Point, orb.Polygon or orb.MultiPolygon
// (a KML MultiGeometry of polygons is a MultiPolygon), each position
// already checked for size (2 or 3 numbers, altitude dropped), finiteness
// and range. It is nil when the feature has no geometry, or has one of a
// type that no layer reads (LineString, ...): GeometryType then says which.
type Feature struct {
	// Index is the 0-based position of the feature in the file; for CSV,
	// the 0-based data row, not counting the header and blank lines.
	Index int
	// Line is the 1-based line of the file where the feature starts; 0 if
	// unknown (GeoJSON).
	Line int
	// ID is the feature's own id, outside its properties (GeoJSON's
	// top-level "id"), if HasID. It takes precedence over id properties.
	ID    string
	HasID bool
	// FallbackID is an id the format gives beside the properties (KML's
	// Placemark id attribute), used only when no id property is present.
	FallbackID string
	// Geometry is the decoded geometry (see above).
	Geometry orb.Geometry
	// GeometryType is the source's name of the geometry's type: "Point",
	// "Polygon", "MultiGeometry", "LineString"...; "" if there is none.
	GeometryType string
	// Properties holds the properties under their names in the file:
	// strings, float64, bool, nil, []any and map[string]any as JSON has them
	// (KML and CSV give strings).
	Properties map[string]any
	// Problems are what the decoder found wrong with the feature, by field;
	// a feature with any is rejected when mapped to the model.
	Problems []Problem
	// Warnings are what the decoder found doubtful but kept.
	Warnings []Problem
}

// Problem is an error or a warning about one field of a feature: a
// property's name, "geometry" or a path below it
// ("geometry.polygon[0].ring[1]"), "row", "id"...
type Problem struct {
	Field string
	Err   error
}

// Fail records an error about field.
func (f *Feature) Fail(field string, err error) {
	f.Problems = append(f.Problems, Problem{field, err})
}

// Warn records a warning about field.
func (f *Feature) Warn(field, msg string) {
	f.Warnings = append(f.Warnings, Problem{field, errors.New(msg)})
}

// geometryType is the type name of f's geometry for messages.
func (f *Feature) geometryType() string {
	if f.GeometryType == "" && f.Geometry != nil {
		return f.Geometry.GeoJSONType()
	}
	return f.GeometryType
}

// DefaultMaxErrors is the number of feature errors kept per file when
// Options.MaxErrors is 0.
const DefaultMaxErrors = 100

// Options tunes how features become the model. A nil *Options means the
// defaults.
type Options struct {
	// Schema maps property names to fields; nil means DefaultSchema(), and
	// nil fields of a Schema take their default names.
	Schema *Schema
	// Lenient repairs what is unambiguous, reporting each repair as a
	// Warning: it drops exact consecutive repeated positions, and closes an
	// unclosed ring that has at least 3 distinct positions. The default
	// (strict) keeps repeated positions as they are (they are valid, see
	// geo.ValidatePolygon) and rejects unclosed rings (geo.ErrUnclosedRing).
	// In both modes rings are turned to the RFC 7946 winding (shell
	// counter-clockwise, holes clockwise), with a Warning for each ring
	// turned. See geo.NormalizeMultiPolygon.
	Lenient bool
	// RequireMapped makes every field that Schema sets (a non-nil list)
	// an error when no feature of a non-empty file has a property of one
	// of its names: the caller named a column that is not there (a typo,
	// another export). The error is a *geo.FeatureError of the whole file
	// (Index -1) naming the field and the names, wrapping ErrMissing.
	RequireMapped bool
	// MaxErrors caps the feature errors kept in a *geo.FileError; 0 means
	// DefaultMaxErrors, negative means no cap. Mapping goes on past the cap
	// (FileError.Truncated is set), so the features returned are the same.
	MaxErrors int
}

func (o *Options) orDefault() *Options {
	if o == nil {
		return &Options{}
	}
	return o
}
