package geojson

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"

	"github.com/landrelease/clearance/geo/feature"
	"github.com/paulmach/orb"
)

// Write writes l as a GeoJSON FeatureCollection, one feature per line, in
// row order. The ID column's value is the Feature's top-level "id" (left
// out when empty); every other column with a value in the row is a
// property, in column order: dates as text ("2006-01-02" at midnight UTC,
// RFC 3339 otherwise), string lists as arrays, feature.Null as null, other
// values as encoding/json writes them (numbers in their shortest exact
// form, no HTML escaping). A MultiPolygon of one polygon is written as a
// Polygon; a nil MultiPolygon as an empty one.
//
// The error names the row of a value or geometry encoding/json refuses (a
// NaN or infinite number) or of a geometry that is not a Point, Polygon or
// MultiPolygon. Output is deterministic. Cost O(rows · columns +
// positions); one row is held in memory at a time.
func Write(w io.Writer, l *feature.Layer) error {
	bw := bufio.NewWriter(w)
	bw.WriteString(`{"type":"FeatureCollection","features":[`)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	props := newObjectWriter()
	i := 0
	for g, vals := range l.Rows {
		geom, err := geometry(g)
		if err != nil {
			return fmt.Errorf("%s: row %d: %w", l.Name, i, err)
		}
		id, err := props.properties(l.Columns, vals)
		if err != nil {
			return fmt.Errorf("%s: row %d: %w", l.Name, i, err)
		}
		buf.Reset()
		if err := enc.Encode(featureOut{Type: "Feature", ID: id, Geometry: geom, Properties: json.RawMessage(props.b.Bytes())}); err != nil {
			return fmt.Errorf("%s: row %d: %w", l.Name, i, err)
		}
		if i > 0 {
			bw.WriteByte(',')
		}
		bw.WriteByte('\n')
		bw.Write(bytes.TrimRight(buf.Bytes(), "\n"))
		i++
	}
	bw.WriteString("\n]}\n")
	return bw.Flush()
}

type featureOut struct {
	Type       string          `json:"type"`
	ID         string          `json:"id,omitempty"`
	Geometry   any             `json:"geometry"`
	Properties json.RawMessage `json:"properties"`
}

type geometryOut struct {
	Type        string `json:"type"`
	Coordinates any    `json:"coordinates"`
}

func geometry(g orb.Geometry) (geometryOut, error) {
	switch x := g.(type) {
	case orb.Point:
		return geometryOut{Type: "Point", Coordinates: [2]float64(x)}, nil
	case orb.Polygon:
		return geometryOut{Type: "Polygon", Coordinates: x}, nil
	case orb.MultiPolygon:
		if len(x) == 1 {
			return geometryOut{Type: "Polygon", Coordinates: x[0]}, nil
		}
		if x == nil {
			x = orb.MultiPolygon{}
		}
		return geometryOut{Type: "MultiPolygon", Coordinates: x}, nil
	}
	return geometryOut{}, fmt.Errorf("geometry %T: want a Point, Polygon or MultiPolygon", g)
}

// objectWriter writes a row's properties as one JSON object.
type objectWriter struct {
	b       bytes.Buffer // the object
	scratch bytes.Buffer // one encoded value
	enc     *json.Encoder
}

func newObjectWriter() *objectWriter {
	o := &objectWriter{}
	o.enc = json.NewEncoder(&o.scratch)
	o.enc.SetEscapeHTML(false)
	return o
}

// properties writes the JSON object of a row's properties to o.b and
// returns the row's id.
func (o *objectWriter) properties(cols []feature.Column, vals []any) (id string, err error) {
	o.b.Reset()
	o.b.WriteByte('{')
	n := 0
	for k, c := range cols {
		v := vals[k]
		if v == nil {
			continue
		}
		if c.ID {
			id, _ = v.(string)
			continue
		}
		if c.Type == feature.TypeDate {
			if v, err = c.Text(v); err != nil {
				return "", err
			}
		}
		if _, null := v.(feature.Null); null {
			v = nil
		}
		if n > 0 {
			o.b.WriteByte(',')
		}
		n++
		if err := o.encode(c.Name); err != nil {
			return "", err
		}
		o.b.WriteByte(':')
		if err := o.encode(v); err != nil {
			return "", fmt.Errorf("property %q: %w", c.Name, err)
		}
	}
	o.b.WriteByte('}')
	return id, nil
}

// encode appends v to o.b as compact JSON without HTML escaping.
func (o *objectWriter) encode(v any) error {
	o.scratch.Reset()
	if err := o.enc.Encode(v); err != nil {
		return err
	}
	o.b.Write(bytes.TrimSuffix(o.scratch.Bytes(), []byte("\n")))
	return nil
}
