package geo

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinel errors for conditions callers test with errors.Is. A
// [FeatureError] wraps one of them, or one of the readers' own (see
// package github.com/landrelease/clearance/geo/feature).
var (
	ErrUnclosedRing     = errors.New("geo: ring is not closed")
	ErrTooFewPositions  = errors.New("geo: ring has fewer than 4 positions")
	ErrNotFinite        = errors.New("geo: coordinate is NaN or infinite")
	ErrOutOfRange       = errors.New("geo: coordinate out of range")
	ErrSelfIntersection = errors.New("geo: ring intersects itself")
	ErrHoleOutside      = errors.New("geo: hole is not inside its shell")
	ErrHolesOverlap     = errors.New("geo: holes overlap")
	// ErrPolygonsOverlap: two polygons of one MultiPolygon (or of one area
	// layer) have overlapping interiors. The grid measures a MultiPolygon as
	// the sum of its polygons, so overlaps would count land twice. Polygons
	// that only touch, at points or along shared edges, are valid.
	ErrPolygonsOverlap = errors.New("geo: polygons overlap")
	ErrUnknownValue    = errors.New("geo: unknown value")
	ErrBadDate         = errors.New("geo: date is not ISO 8601")
	ErrBadZone         = errors.New("geo: bad UTM zone")
	ErrEmpty           = errors.New("geo: empty input")
)

// FeatureError is a problem with one feature of an input file. Index is the
// 0-based position of the feature in the file (for CSV, the 0-based data
// row, not counting the header and blank lines); ID is the feature's id if
// it has one; Field names the property or "geometry" (with a path such as
// "geometry.polygon[0].ring[1]"). A negative Index leaves the feature out
// of the message (a problem of the whole file).
//
// Noun is what Index counts, for inputs whose items are not features: ""
// means "feature". With a Noun, ID is printed as the item's name, quoted,
// without "id": a plan file's team is `team 2 ("Barda manual")`.
//
// Line is the 1-based line of the file where the feature starts: the first
// line of a CSV row, the line of a KML Placemark's start tag (where the
// tag ends). It is 0 when unknown (GeoJSON). Error prints it after the
// file name:
//
//	v.csv: line 5: feature 2 (id "I3"): lat: latitude 95: geo: coordinate out of range
type FeatureError struct {
	File  string
	Line  int
	Index int
	ID    string
	Field string
	Err   error
	Noun  string
}

func (e *FeatureError) Error() string {
	var b strings.Builder
	if e.File != "" {
		b.WriteString(e.File)
		b.WriteString(": ")
	}
	if e.Line > 0 {
		fmt.Fprintf(&b, "line %d: ", e.Line)
	}
	if e.Index >= 0 {
		if e.Noun == "" {
			fmt.Fprintf(&b, "feature %d", e.Index)
			if e.ID != "" {
				fmt.Fprintf(&b, " (id %q)", e.ID)
			}
		} else {
			fmt.Fprintf(&b, "%s %d", e.Noun, e.Index)
			if e.ID != "" {
				fmt.Fprintf(&b, " (%q)", e.ID)
			}
		}
		b.WriteString(": ")
	}
	if e.Field != "" {
		b.WriteString(e.Field)
		b.WriteString(": ")
	}
	if e.Err != nil {
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

// Unwrap returns the underlying error, often one of the sentinels above.
func (e *FeatureError) Unwrap() error { return e.Err }

// FileError gathers every problem found in one file, in the order met, up to
// a limit. errors.As finds any of its [FeatureError]s; errors.Is finds their
// sentinels.
type FileError struct {
	File string
	Errs []*FeatureError
	// Truncated is true when more problems were found than were kept.
	Truncated bool
}

func (e *FileError) Error() string {
	var b strings.Builder
	n := len(e.Errs)
	fmt.Fprintf(&b, "%s: %d problem", e.File, n)
	if n != 1 {
		b.WriteString("s")
	}
	if e.Truncated {
		b.WriteString(" (more not shown)")
	}
	for _, fe := range e.Errs {
		b.WriteString("\n\t")
		b.WriteString(fe.Error())
	}
	return b.String()
}

// Unwrap returns the feature errors, for errors.Is and errors.As.
func (e *FileError) Unwrap() []error {
	out := make([]error, len(e.Errs))
	for i, fe := range e.Errs {
		out[i] = fe
	}
	return out
}

// Warning reports a repair made in lenient mode, or a value kept but
// doubtful. It names the feature the same way a [FeatureError] does.
type Warning struct {
	File    string
	Line    int
	Index   int
	ID      string
	Field   string
	Message string
}

func (w Warning) String() string {
	fe := FeatureError{File: w.File, Line: w.Line, Index: w.Index, ID: w.ID, Field: w.Field, Err: errors.New(w.Message)}
	return fe.Error()
}
