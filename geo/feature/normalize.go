package feature

import (
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/landrelease/clearance/geo"
	"github.com/paulmach/orb"
)

// normalized is geo.NormalizeMultiPolygon's result for one feature's
// polygons, computed ahead of the mapping (and in parallel with the other
// features'): the polygons, the error, and the warnings in the order they
// were given.
type normalized struct {
	ok    bool // computed: the feature has polygons to normalise
	mp    orb.MultiPolygon
	err   error
	warns []normalizeWarning
}

type normalizeWarning struct{ field, msg string }

// featurePolygons returns the polygons of a Polygon or MultiPolygon
// feature, or nil for any other geometry.
func featurePolygons(rf *Feature) orb.MultiPolygon {
	switch g := rf.Geometry.(type) {
	case orb.Polygon:
		return orb.MultiPolygon{g}
	case orb.MultiPolygon:
		return g
	}
	return nil
}

// normalizeChunk is about how many positions one goroutine of normalizeAll
// validates at a time.
const normalizeChunk = 8192

// normalizeAll validates (and, if lenient, repairs) the polygons of every
// feature, on GOMAXPROCS goroutines in chunks of features; the results are
// index-aligned with raws and do not depend on the split, since each
// feature is validated on its own. Cost: that of geo.NormalizeMultiPolygon
// over the features, shared among the goroutines.
func normalizeAll(raws []Feature, lenient bool) []normalized {
	out := make([]normalized, len(raws))
	type chunk struct{ lo, hi int }
	var chunks []chunk
	for lo := 0; lo < len(raws); {
		hi, n := lo, 0
		for ; hi < len(raws) && n < normalizeChunk; hi++ {
			for _, poly := range featurePolygons(&raws[hi]) {
				for _, r := range poly {
					n += len(r)
				}
			}
		}
		chunks = append(chunks, chunk{lo, hi})
		lo = hi
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(chunks)) {
		wg.Go(func() {
			for k := int(next.Add(1) - 1); k < len(chunks); k = int(next.Add(1) - 1) {
				for i := chunks[k].lo; i < chunks[k].hi; i++ {
					polys := featurePolygons(&raws[i])
					if len(polys) == 0 {
						continue
					}
					r := &out[i]
					r.ok = true
					r.mp, r.err = geo.NormalizeMultiPolygon(polys, lenient, func(field, msg string) {
						r.warns = append(r.warns, normalizeWarning{field, msg})
					})
				}
			}
		})
	}
	wg.Wait()
	return out
}
