package geo

import (
	"errors"
	"fmt"
	"math"
	"runtime"
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
// GOMAXPROCS goroutines.
//
// It panics if p is nil.
func (d *Dataset) Project(p Projection) *Projected {
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
	}
	// The shapes first, in order (cheap); then the positions, in chunks
	// of about projectChunk positions on GOMAXPROCS goroutines (each
	// position is projected on its own, so the result does not depend on
	// the split).
	if len(d.Hazards) > 0 {
		out.Hazards = make([]MultiPolygonXY, len(d.Hazards))
		for i := range d.Hazards {
			out.Hazards[i] = pr.multi(d.Hazards[i].Geometry)
		}
	}
	out.Area = pr.multi(d.Area)
	var jobs []func()
	for i0, n := 0, 0; i0 < len(d.Hazards); {
		i1 := i0
		for n = 0; i1 < len(d.Hazards) && n < projectChunk; i1++ {
			n += pointsOf(d.Hazards[i1].Geometry)
		}
		a, b := i0, i1
		jobs = append(jobs, func() {
			for i := a; i < b; i++ {
				projectMulti(p, d.Hazards[i].Geometry, out.Hazards[i])
			}
		})
		i0 = i1
	}
	jobs = append(jobs, func() { projectMulti(p, d.Area, out.Area) })
	if len(d.Incidents) > 0 {
		out.Incidents = make([]XY, len(d.Incidents))
		jobs = append(jobs, func() {
			for i := range d.Incidents {
				out.Incidents[i] = p.Forward(d.Incidents[i].Point)
			}
		})
	}
	if len(d.Settlements) > 0 {
		out.Settlements = make([]XY, len(d.Settlements))
		jobs = append(jobs, func() {
			for i := range d.Settlements {
				out.Settlements[i] = p.Forward(d.Settlements[i].Point)
			}
		})
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(jobs)) {
		wg.Go(func() {
			for k := int(next.Add(1) - 1); k < len(jobs); k = int(next.Add(1) - 1) {
				jobs[k]()
			}
		})
	}
	wg.Wait()
	return out
}

// projectChunk is about how many positions one goroutine of Project
// projects at a time.
const projectChunk = 16384

// pointsOf returns the number of positions of mp.
func pointsOf(mp orb.MultiPolygon) int {
	n := 0
	for _, poly := range mp {
		for _, r := range poly {
			n += len(r)
		}
	}
	return n
}

// projectMulti projects the positions of mp into dst, which has mp's shape.
func projectMulti(p Projection, mp orb.MultiPolygon, dst MultiPolygonXY) {
	for k, poly := range mp {
		for j, r := range poly {
			xy := dst[k][j]
			for i, q := range r {
				xy[i] = p.Forward(LonLat{Lon: q[0], Lat: q[1]})
			}
		}
	}
}

// projector hands out slices of preallocated backing arrays, each capped so
// that an append by a caller cannot spill into its neighbour; the positions
// are left for projectMulti.
type projector struct {
	polys []PolygonXY
	rings []RingXY
	pos   []XY
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
