package geojson_test

import (
	"context"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/geo/feature"
	"github.com/landrelease/clearance/geo/geojson"
	"github.com/paulmach/orb"
)

// collection returns a FeatureCollection of one point at (x, y) with a
// crs member crs ("" for none).
func collection(crs string, x, y string) string {
	c := ""
	if crs != "" {
		c = `,"crs":` + crs
	}
	return `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"P"},"geometry":{"type":"Point","coordinates":[` + x + `,` + y + `]}}]` + c + `}`
}

func TestCRS(t *testing.T) {
	// Papravend, 46.842 E, 40.158 N, in Web Mercator and UTM 38N (PROJ's
	// cs2cs EPSG:4326 EPSG:3857 and EPSG:32638 of 40.158 46.842).
	for _, tc := range []struct {
		name, crs, x, y string
		warn            bool
		err             error
	}{
		{"none", "", "46.842", "40.158", false, nil},
		{"null", "null", "46.842", "40.158", false, nil},
		{"CRS84", `{"type":"name","properties":{"name":"urn:ogc:def:crs:OGC:1.3:CRS84"}}`, "46.842", "40.158", false, nil},
		{"EPSG 4326 URN", `{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::4326"}}`, "46.842", "40.158", false, nil},
		{"Web Mercator", `{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::3857"}}`, "5214427.587739", "4888929.043073", true, nil},
		{"Web Mercator, EPSG object", `{"type":"EPSG","properties":{"code":900913}}`, "5214427.587739", "4888929.043073", true, nil},
		{"UTM 38N", `{"type":"name","properties":{"name":"EPSG:32638"}}`, "656874.180393", "4446920.438961", true, nil},
		{"Lambert 93", `{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::2154"}}`, "1", "2", false, errUnsupported},
		{"link", `{"type":"link","properties":{"href":"http://example.org/crs"}}`, "1", "2", false, errUnsupported},
		{"not an object", `"EPSG:4326"`, "1", "2", false, feature.ErrFormat},
	} {
		t.Run(tc.name, func(t *testing.T) {
			feats, err := geojson.Decode(strings.NewReader(collection(tc.crs, tc.x, tc.y)), "p.geojson")
			if tc.err != nil {
				if err == nil || !errors.Is(err, tc.err) && !(tc.err == errUnsupported && strings.Contains(err.Error(), "unsupported coordinate reference system")) {
					t.Fatalf("got %v, %v; want %v", feats, err, tc.err)
				}
				if !strings.HasPrefix(err.Error(), "p.geojson: ") {
					t.Errorf("error %q does not name the file", err)
				}
				return
			}
			if err != nil || len(feats) != 1 {
				t.Fatalf("got %v, %v", feats, err)
			}
			p, _ := feats[0].Geometry.(orb.Point)
			if math.Abs(p[0]-46.842) > 1e-6 || math.Abs(p[1]-40.158) > 1e-6 {
				t.Errorf("point %v, want about (46.842, 40.158)", p)
			}
			if got := len(feats[0].Warnings) == 1 && feats[0].Warnings[0].Field == "crs"; got != tc.warn {
				t.Errorf("warnings %v, want one on crs: %v", feats[0].Warnings, tc.warn)
			}
		})
	}
	// A projected position out of range names its coordinates as stored.
	feats, err := geojson.Decode(strings.NewReader(collection(`{"type":"name","properties":{"name":"EPSG:3857"}}`, "4e7", "4e6")), "p.geojson")
	if err != nil || len(feats[0].Problems) != 1 || !errors.Is(feats[0].Problems[0].Err, geo.ErrOutOfRange) && !errors.Is(feats[0].Problems[0].Err, geo.ErrNotFinite) {
		t.Fatalf("got %+v, %v", feats, err)
	}
}

var errUnsupported = errors.New("unsupported")

func TestBOM(t *testing.T) {
	feats, err := geojson.Decode(strings.NewReader("\ufeff"+collection("", "46.8", "40.1")), "p.geojson")
	if err != nil || len(feats) != 1 {
		t.Fatalf("with a byte-order mark: %v, %v", feats, err)
	}
}

// TestDecodeContext: a done context stops decoding with its error.
func TestDecodeContext(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"type":"FeatureCollection","features":[`)
	for i := range 2000 {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`{"type":"Feature","properties":{"name":"P"},"geometry":{"type":"Point","coordinates":[46.8,40.1]}}`)
	}
	b.WriteString(`]}`)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	feats, err := geojson.DecodeContext(ctx, strings.NewReader(b.String()), "p.geojson")
	if !errors.Is(err, context.Canceled) || feats != nil {
		t.Fatalf("got %d features, %v; want context.Canceled", len(feats), err)
	}
	feats, err = geojson.DecodeContext(context.Background(), strings.NewReader(b.String()), "p.geojson")
	if err != nil || len(feats) != 2000 {
		t.Fatalf("got %d features, %v", len(feats), err)
	}
}
