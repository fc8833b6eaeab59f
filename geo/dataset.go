package geo

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/paulmach/orb"
)

// Bounds returns the smallest lon/lat box that holds every position of every
// layer: hazard rings (shells and holes), incidents, settlements and the area
// of interest. Positions with a NaN or infinite coordinate are skipped. ok is
// false if no position is left (a nil or empty dataset). The box is taken in
// plain longitude, so a dataset that straddles the 180° meridian gets a box
// that spans the globe the long way round. Cost O(positions).
func (d *Dataset) Bounds() (sw, ne LonLat, ok bool) {
	if d == nil {
		return sw, ne, false
	}
	sw = LonLat{Lon: math.Inf(1), Lat: math.Inf(1)}
	ne = LonLat{Lon: math.Inf(-1), Lat: math.Inf(-1)}
	add := func(lon, lat float64) {
		if math.IsNaN(lon) || math.IsNaN(lat) || math.IsInf(lon, 0) || math.IsInf(lat, 0) {
			return
		}
		sw.Lon, sw.Lat = min(sw.Lon, lon), min(sw.Lat, lat)
		ne.Lon, ne.Lat = max(ne.Lon, lon), max(ne.Lat, lat)
		ok = true
	}
	addMulti := func(mp orb.MultiPolygon) {
		for _, poly := range mp {
			for _, r := range poly {
				for _, q := range r {
					add(q[0], q[1])
				}
			}
		}
	}
	for i := range d.Hazards {
		addMulti(d.Hazards[i].Geometry)
	}
	for i := range d.Incidents {
		add(d.Incidents[i].Point.Lon, d.Incidents[i].Point.Lat)
	}
	for i := range d.Settlements {
		add(d.Settlements[i].Point.Lon, d.Settlements[i].Point.Lat)
	}
	addMulti(d.Area)
	if !ok {
		return LonLat{}, LonLat{}, false
	}
	return sw, ne, true
}

// Centroid returns the centre of the dataset's [Dataset.Bounds]: the
// midpoint, in longitude and in latitude, of the box around every position of
// every layer. It is not weighted by area or by count, so one stray
// position moves it far: to choose a projection use [Dataset.ChooseZone],
// which goes by the hazards' area. ok is false if the dataset has no finite position. Cost
// O(positions).
func (d *Dataset) Centroid() (c LonLat, ok bool) {
	sw, ne, ok := d.Bounds()
	if !ok {
		return LonLat{}, false
	}
	return LonLat{Lon: sw.Lon + (ne.Lon-sw.Lon)/2, Lat: sw.Lat + (ne.Lat-sw.Lat)/2}, true
}

// Project returns every layer of d projected by p: each hazard MultiPolygon
// ring by ring (holes stay holes, ring closure and orientation are kept as
// they are), each incident and settlement point, and the area of interest.
// The result's layers are index-aligned with d's, and its Source is d. A nil
// d gives empty layers. Positions are copied, never shared with d, into a few
// large allocations. Cost O(positions) calls of p.Forward, shared among
// GOMAXPROCS goroutines in runs of positions (a single large polygon is
// shared too); each position is projected on its own, so the result is the
// same, bit for bit, whatever the number of goroutines.
//
// It panics if p is nil.
func (d *Dataset) Project(p Projection) *Projected {
	return d.project(p, runtime.GOMAXPROCS(0))
}

// project is Project on at most workers goroutines.
func (d *Dataset) project(p Projection, workers int) *Projected {
	if p == nil {
		panic("geo: Dataset.Project with a nil Projection")
	}
	out := &Projected{Projection: p, Source: d}
	if d == nil {
		return out
	}
	// Count first, so rings, polygons and positions each take one backing
	// array.
	var nPoly, nRing, nPos int
	count := func(mp orb.MultiPolygon) {
		nPoly += len(mp)
		for _, poly := range mp {
			nRing += len(poly)
			for _, r := range poly {
				nPos += len(r)
			}
		}
	}
	for i := range d.Hazards {
		count(d.Hazards[i].Geometry)
	}
	count(d.Area)
	pr := projector{
		polys: make([]PolygonXY, nPoly),
		rings: make([]RingXY, nRing),
		pos:   make([]XY, nPos),
		refs:  make([]ringRef, 0, nRing),
	}
	all := pr.pos
	// The shapes first, in order (cheap); then the positions.
	if len(d.Hazards) > 0 {
		out.Hazards = make([]MultiPolygonXY, len(d.Hazards))
		for i := range d.Hazards {
			out.Hazards[i] = pr.multi(d.Hazards[i].Geometry)
		}
	}
	out.Area = pr.multi(d.Area)
	if len(d.Incidents) > 0 {
		out.Incidents = make([]XY, len(d.Incidents))
	}
	if len(d.Settlements) > 0 {
		out.Settlements = make([]XY, len(d.Settlements))
	}
	// Every position has its place: the rings' in all (pr.refs says
	// where each ring starts), the points' in their layers. The three
	// runs, laid end to end, are cut into chunks of equal size handed out
	// to the goroutines.
	nInc, nSet := len(d.Incidents), len(d.Settlements)
	total := nPos + nInc + nSet
	chunk := max(projectMinChunk, (total+4*workers-1)/max(1, 4*workers))
	run := func(a, b int) {
		if a < nPos {
			projectRings(p, pr.refs, all, a, min(b, nPos))
		}
		for i := max(a, nPos); i < min(b, nPos+nInc); i++ {
			out.Incidents[i-nPos] = p.Forward(d.Incidents[i-nPos].Point)
		}
		for i := max(a, nPos+nInc); i < b; i++ {
			out.Settlements[i-nPos-nInc] = p.Forward(d.Settlements[i-nPos-nInc].Point)
		}
	}
	nJobs := (total + chunk - 1) / chunk
	if workers <= 1 || nJobs <= 1 {
		run(0, total)
		return out
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(workers, nJobs) {
		wg.Go(func() {
			for k := int(next.Add(1) - 1); k < nJobs; k = int(next.Add(1) - 1) {
				run(k*chunk, min(total, (k+1)*chunk))
			}
		})
	}
	wg.Wait()
	return out
}

// projectMinChunk is the fewest positions one goroutine of Project
// projects at a time.
const projectMinChunk = 4096

// ringRef is a ring of a Dataset and the index of its first position in
// the positions of Project's result.
type ringRef struct {
	src orb.Ring
	at  int
}

// projectRings projects positions [a, b) of the rings refs, laid end to
// end, into all[a:b].
func projectRings(p Projection, refs []ringRef, all []XY, a, b int) {
	// The last ring that starts at or before a (rings may be empty).
	k := sort.Search(len(refs), func(k int) bool { return refs[k].at > a }) - 1
	for i := a; i < b; k++ {
		r := refs[k]
		for j := i - r.at; j < len(r.src) && i < b; j++ {
			q := r.src[j]
			all[i] = p.Forward(LonLat{Lon: q[0], Lat: q[1]})
			i++
		}
	}
}

// projector hands out slices of preallocated backing arrays, each capped so
// that an append by a caller cannot spill into its neighbour; it notes in
// refs where each ring's positions go, for projectRings.
type projector struct {
	polys []PolygonXY
	rings []RingXY
	pos   []XY
	at    int // the index in the whole positions of pos[0]
	refs  []ringRef
}

func (pr *projector) multi(mp orb.MultiPolygon) MultiPolygonXY {
	if len(mp) == 0 {
		return nil
	}
	out := MultiPolygonXY(pr.polys[:len(mp):len(mp)])
	pr.polys = pr.polys[len(mp):]
	for k, poly := range mp {
		rs := pr.rings[:len(poly):len(poly)]
		pr.rings = pr.rings[len(poly):]
		for j, r := range poly {
			rs[j] = pr.pos[:len(r):len(r)]
			pr.pos = pr.pos[len(r):]
			pr.refs = append(pr.refs, ringRef{src: r, at: pr.at})
			pr.at += len(r)
		}
		out[k] = rs
	}
	return out
}

// UTM projects d with a UTM zone on the WGS84 datum. An empty zone means the
// zone [Dataset.ChooseZone] chooses from the hazards (call it to get its
// warnings); otherwise zone is read by
// [ParseZone] ("38N", "EPSG:32638"). The error wraps [ErrEmpty] if zone is
// empty and d has no position to choose a zone by, and [ErrBadZone] if zone
// cannot be read. Cost O(positions), as [Dataset.Project].
func (d *Dataset) UTM(zone string) (*Projected, error) {
	var z Zone
	if zone == "" {
		var err error
		if z, _, err = d.ChooseZone(); err != nil {
			return nil, err
		}
	} else {
		var err error
		z, err = ParseZone(zone)
		if err != nil {
			if !errors.Is(err, ErrBadZone) {
				err = fmt.Errorf("%w: %w", ErrBadZone, err)
			}
			return nil, err
		}
	}
	return d.Project(NewUTM(z)), nil
}
