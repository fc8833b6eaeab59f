// Package featuretest holds what the tests of every format package share:
// the fuzz property of a decoder.
package featuretest

import (
	"testing"

	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/geo/feature"
	"github.com/paulmach/orb"
)

// CheckDecoded is the fuzz property of every decoder, given what it
// returned for some input: an error and no features, or features that
// the feature package maps, in strict and lenient mode, to hazards, an
// area, incidents and settlements that are all valid (whatever errors the
// mapping reports). polygons is false for a format of points only (CSV),
// whose features are mapped to incidents and settlements only.
func CheckDecoded(t *testing.T, feats []feature.Feature, err error, polygons bool) {
	t.Helper()
	if err != nil {
		if feats != nil {
			t.Fatalf("features %v beside the error %v", feats, err)
		}
		return
	}
	for _, lenient := range []bool{false, true} {
		opt := &feature.Options{Lenient: lenient}
		if polygons {
			hs, _, err := feature.Hazards("f", clone(feats), opt)
			for _, h := range hs {
				if verr := geo.ValidateMultiPolygon(h.Geometry); verr != nil || len(h.Geometry) == 0 || h.ID == "" || h.Kind == 0 || h.Status == 0 {
					t.Fatalf("hazard %+v returned (mapping error %v) but invalid: %v", h, err, verr)
				}
			}
			mp, _, err := feature.Area("f", clone(feats), opt)
			if verr := geo.ValidateMultiPolygon(mp); verr != nil {
				t.Fatalf("area returned with an invalid polygon: %v (mapping error %v)", verr, err)
			}
		}
		is, _, err := feature.Incidents("f", feats, opt)
		for _, in := range is {
			if cerr := geo.ValidatePoint([2]float64{in.Point.Lon, in.Point.Lat}); cerr != nil || in.Killed < 0 || in.Injured < 0 {
				t.Fatalf("incident %+v returned (mapping error %v) but invalid: %v", in, err, cerr)
			}
		}
		ss, _, err := feature.Settlements("f", feats, opt)
		for _, s := range ss {
			if cerr := geo.ValidatePoint([2]float64{s.Point.Lon, s.Point.Lat}); cerr != nil || s.Name == "" || s.Population < -1 {
				t.Fatalf("settlement %+v returned (mapping error %v) but invalid: %v", s, err, cerr)
			}
		}
	}
}

// clone copies the geometry of feats, which mapping polygons modifies in
// place.
func clone(feats []feature.Feature) []feature.Feature {
	out := make([]feature.Feature, len(feats))
	copy(out, feats)
	for i := range out {
		if out[i].Geometry != nil {
			out[i].Geometry = orb.Clone(out[i].Geometry)
		}
	}
	return out
}
