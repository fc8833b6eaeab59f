package gpkg

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"

	"github.com/landrelease/clearance/internal/wkb"
	"github.com/paulmach/orb"
	owkb "github.com/paulmach/orb/encoding/wkb"
)

// ErrBlob: a geometry value is not GeoPackage binary.
var ErrBlob = errors.New("geo: malformed GeoPackage geometry")

// envelopeBytes gives the envelope size of each envelope indicator
// (GeoPackage 1.3, 2.1.3.1.1); -1 for reserved values.
var envelopeBytes = [8]int{0, 32, 48, 48, 64, -1, -1, -1}

// decodeBlob decodes a GeoPackage binary geometry: the header (magic
// "GP", version 0, flags, srs_id, envelope) and the WKB after it. It
// returns the geometry (nil Geom if empty) and the header's srs_id. An
// extended (non-standard) geometry, a bad header or bad WKB is an error
// wrapping ErrBlob (and wkb.ErrWKB). Cost O(len(b)).
func decodeBlob(b []byte) (*wkb.Geometry, int32, error) {
	if len(b) < 8 || b[0] != 'G' || b[1] != 'P' {
		return nil, 0, fmt.Errorf("no GP header: %w", ErrBlob)
	}
	if b[2] != 0 {
		return nil, 0, fmt.Errorf("version %d, want 0 (GeoPackage 1.x): %w", b[2], ErrBlob)
	}
	flags := b[3]
	if flags&0x20 != 0 {
		return nil, 0, fmt.Errorf("an extended geometry type: %w", ErrBlob)
	}
	var order binary.ByteOrder = binary.BigEndian
	if flags&1 != 0 {
		order = binary.LittleEndian
	}
	srs := int32(order.Uint32(b[4:8]))
	env := envelopeBytes[(flags>>1)&7]
	if env < 0 {
		return nil, 0, fmt.Errorf("envelope indicator %d: %w", (flags>>1)&7, ErrBlob)
	}
	if len(b) < 8+env {
		return nil, 0, fmt.Errorf("truncated envelope: %w", ErrBlob)
	}
	g, err := wkb.Decode(b[8+env:])
	if err != nil {
		return nil, 0, fmt.Errorf("%w: %w", ErrBlob, err)
	}
	if flags&0x10 != 0 {
		g.Geom = nil // the header says empty
	}
	return g, srs, nil
}

// encodeBlob returns the GeoPackage binary of g (an orb.Point or
// MultiPolygon) in SRS srs: a little-endian header with the envelope
// [minx, maxx, miny, maxy] for polygons (none for points, whose envelope
// is the point), then little-endian WKB. It appends to dst.
func encodeBlob(dst []byte, g orb.Geometry, srs int32) ([]byte, error) {
	flags := byte(1) // little-endian header
	_, isPoint := g.(orb.Point)
	if !isPoint {
		flags |= 1 << 1 // envelope [minx, maxx, miny, maxy]
	}
	dst = append(dst, 'G', 'P', 0, flags)
	dst = binary.LittleEndian.AppendUint32(dst, uint32(srs))
	if !isPoint {
		bd := g.Bound()
		for _, v := range [4]float64{bd.Min[0], bd.Max[0], bd.Min[1], bd.Max[1]} {
			dst = binary.LittleEndian.AppendUint64(dst, math.Float64bits(v))
		}
	}
	w, err := owkb.Marshal(g, binary.LittleEndian)
	if err != nil {
		return nil, err
	}
	return append(dst, w...), nil
}
