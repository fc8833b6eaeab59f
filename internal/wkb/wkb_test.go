package wkb

import (
	"encoding/binary"
	"errors"
	"math"
	"reflect"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/ewkb"
	owkb "github.com/paulmach/orb/encoding/wkb"
)

var square = orb.Polygon{{{46, 40}, {47, 40}, {47, 41}, {46, 41}, {46, 40}}}

func TestDecodeOrb(t *testing.T) {
	for _, g := range []orb.Geometry{
		orb.Point{46.8, 40.1},
		square,
		orb.MultiPolygon{square, {{{48, 40}, {49, 40}, {49, 41}, {48, 40}}, {{48.2, 40.1}, {48.3, 40.1}, {48.3, 40.2}, {48.2, 40.1}}}},
	} {
		for _, order := range []binary.ByteOrder{binary.LittleEndian, binary.BigEndian} {
			b, err := owkb.Marshal(g, order)
			if err != nil {
				t.Fatal(err)
			}
			got, err := Decode(b)
			if err != nil || !reflect.DeepEqual(got.Geom, g) || got.Type != g.GeoJSONType() || got.SRID != 0 {
				t.Errorf("%s %v: got %+v, %v", g.GeoJSONType(), order, got, err)
			}
		}
		b, err := ewkb.Marshal(g, 32638)
		if err != nil {
			t.Fatal(err)
		}
		got, err := Decode(b)
		if err != nil || !reflect.DeepEqual(got.Geom, g) || got.SRID != 32638 {
			t.Errorf("EWKB %s: got %+v, %v", g.GeoJSONType(), got, err)
		}
	}
}

// le builds little-endian WKB from uint32s and float64s.
func le(parts ...any) []byte {
	var b []byte
	for _, p := range parts {
		switch x := p.(type) {
		case byte:
			b = append(b, x)
		case uint32:
			b = binary.LittleEndian.AppendUint32(b, x)
		case float64:
			b = binary.LittleEndian.AppendUint64(b, math.Float64bits(x))
		}
	}
	return b
}

func TestDecodeDims(t *testing.T) {
	for _, tc := range []struct {
		name  string
		b     []byte
		typ   string
		geom  orb.Geometry
		extra []float64
		bad   bool
	}{
		{"ISO point Z", le(byte(1), uint32(1001), 1.0, 2.0, 3.0), "Point Z", orb.Point{1, 2}, []float64{3}, false},
		{"ISO point M", le(byte(1), uint32(2001), 1.0, 2.0, 3.0), "Point M", orb.Point{1, 2}, []float64{3}, false},
		{"ISO point ZM", le(byte(1), uint32(3001), 1.0, 2.0, 3.0, 4.0), "Point ZM", orb.Point{1, 2}, []float64{3, 4}, false},
		{"EWKB point Z", le(byte(1), uint32(0x80000001), 1.0, 2.0, 3.0), "Point Z", orb.Point{1, 2}, []float64{3}, false},
		{"empty point", le(byte(1), uint32(1), math.NaN(), math.NaN()), "Point", nil, nil, false},
		{"line string", le(byte(1), uint32(2), uint32(2), 1.0, 2.0, 3.0, 4.0), "LineString", nil, nil, false},
		{"empty polygon", le(byte(1), uint32(3), uint32(0)), "Polygon", nil, nil, false},
		{"bad order", le(byte(2), uint32(1), 1.0, 2.0), "", nil, nil, true},
		{"bad type", le(byte(1), uint32(8), 1.0, 2.0), "", nil, nil, true},
		{"bad dims", le(byte(1), uint32(4001), 1.0, 2.0), "", nil, nil, true},
		{"truncated", le(byte(1), uint32(1), 1.0), "", nil, nil, true},
		{"trailing", le(byte(1), uint32(1), 1.0, 2.0, byte(0)), "", nil, nil, true},
		{"forged count", le(byte(1), uint32(3), uint32(0xFFFFFFFF)), "", nil, nil, true},
		{"point in multipolygon", le(byte(1), uint32(6), uint32(1), byte(1), uint32(1), 1.0, 2.0), "", nil, nil, true},
		{"Z polygon in 2D multipolygon", le(byte(1), uint32(6), uint32(1), byte(1), uint32(1003), uint32(0)), "", nil, nil, true},
		{"SRID inside", le(byte(1), uint32(6), uint32(1), byte(1), uint32(0x20000003), uint32(4326), uint32(0)), "", nil, nil, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g, err := Decode(tc.b)
			if tc.bad {
				if !errors.Is(err, ErrWKB) {
					t.Fatalf("got %+v, %v; want ErrWKB", g, err)
				}
				return
			}
			if err != nil || g.Type != tc.typ || !reflect.DeepEqual(g.Geom, tc.geom) || !reflect.DeepEqual(g.Extra, tc.extra) {
				t.Fatalf("got %+v, %v; want %s %v %v", g, err, tc.typ, tc.geom, tc.extra)
			}
		})
	}
}

// FuzzDecode: any bytes give a geometry or ErrWKB, never a panic; a
// decoded 2D Point, Polygon or MultiPolygon encodes back to what decodes
// to the same.
func FuzzDecode(f *testing.F) {
	for _, g := range []orb.Geometry{orb.Point{1, 2}, square, orb.MultiPolygon{square}} {
		b, _ := owkb.Marshal(g)
		f.Add(b)
		b, _ = ewkb.Marshal(g, 4326)
		f.Add(b)
	}
	f.Add(le(byte(1), uint32(3001), 1.0, 2.0, 3.0, 4.0))
	f.Fuzz(func(t *testing.T, b []byte) {
		g, err := Decode(b)
		if err != nil {
			if !errors.Is(err, ErrWKB) {
				t.Fatalf("error %v does not wrap ErrWKB", err)
			}
			return
		}
		if g.Geom == nil || len(g.Extra) > 0 {
			return
		}
		again, err := owkb.Marshal(g.Geom)
		if err != nil {
			return
		}
		g2, err := Decode(again)
		if err != nil || !reflect.DeepEqual(g2.Geom, g.Geom) && !hasNaN(g.Geom) {
			t.Fatalf("re-encoded %v decodes to %+v, %v", g.Geom, g2, err)
		}
	})
}

func hasNaN(g orb.Geometry) bool {
	found := false
	walk := func(pts []orb.Point) {
		for _, p := range pts {
			if math.IsNaN(p[0]) || math.IsNaN(p[1]) {
				found = true
			}
		}
	}
	switch x := g.(type) {
	case orb.Point:
		walk([]orb.Point{x})
	case orb.Polygon:
		for _, r := range x {
			walk(r)
		}
	case orb.MultiPolygon:
		for _, p := range x {
			for _, r := range p {
				walk(r)
			}
		}
	}
	return found
}
