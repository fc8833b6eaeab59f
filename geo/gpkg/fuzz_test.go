package gpkg

import (
	"errors"
	"fmt"
	"testing"

	"github.com/paulmach/orb"
)

// FuzzDecodeBlob: any bytes give a geometry or an error wrapping ErrBlob,
// never a panic; a blob Write makes decodes to its geometry.
func FuzzDecodeBlob(f *testing.F) {
	for _, g := range []orb.Geometry{
		orb.Point{46.8, 40.1},
		orb.MultiPolygon{{{{46, 40}, {47, 40}, {47, 41}, {46, 40}}}},
	} {
		b, err := encodeBlob(nil, g, 4326)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("GP\x00\x11\xe6\x10\x00\x00"))
	f.Fuzz(func(t *testing.T, b []byte) {
		g, _, err := decodeBlob(b)
		if err != nil {
			if !errors.Is(err, ErrBlob) {
				t.Fatalf("error %v does not wrap ErrBlob", err)
			}
			return
		}
		if g.Geom == nil {
			return
		}
		var mp orb.Geometry = g.Geom
		if p, ok := mp.(orb.Polygon); ok {
			mp = orb.MultiPolygon{p}
		}
		again, err := encodeBlob(nil, mp, 4326)
		if err != nil {
			return
		}
		g2, _, err := decodeBlob(again)
		if err != nil || fmt.Sprint(g2.Geom) != fmt.Sprint(mp) {
			t.Fatalf("re-encoded %v decodes to %+v, %v", mp, g2, err)
		}
	})
}
