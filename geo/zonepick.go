package geo

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/paulmach/orb"
)

// UTM's own limits of latitude: the grid is defined from 80°S to 84°N.
const (
	utmMaxLat = 84.0
	utmMinLat = -80.0
)

// ChooseZone returns the UTM zone to project d in, chosen from the layer
// that is gridded, and warnings that say what was done when the choice is
// doubtful.
//
// The zone is the one holding most of the hazards' area: each polygon
// counts its area (on the sphere, approximately) at the zone of its
// centroid, and the zone with the largest total wins (ties: the lower
// number, north first). Hazards being absent, the area of interest's
// polygons decide; both absent, the median position of the incidents and
// settlements. Stray points therefore never move the zone: five incidents
// at (0, 0) beside hazards in Azerbaijan leave it at 38N. Longitudes are
// taken across the 180° meridian, so a polygon that crosses it has its
// centroid near it, not near 0°.
//
// Warnings (Index -1, Field "zone") are given when the hazards (or area)
// spread beyond the chosen zone (more than 3° of longitude from its
// central meridian: distortion grows with the square of that distance;
// the warning gives the share of the area in the zone), when they cross
// the 180° meridian, when they pass UTM's limits of latitude (84°N, 80°S),
// and when incidents or settlements lie more than 9° of longitude (three
// zones) from the central meridian or on the other side of the equator by
// more than 9° (probably misplaced; their ids are given). Each says how
// to choose the zone instead: by name (Dataset.UTM's zone, the planner's
// -zone).
//
// The error wraps [ErrEmpty] if d has no finite position. Cost
// O(positions + n log n) for n points when there are no polygons.
func (d *Dataset) ChooseZone() (Zone, []Warning, error) {
	var polys []orb.Polygon
	what := "hazards"
	if d != nil {
		for i := range d.Hazards {
			polys = append(polys, d.Hazards[i].Geometry...)
		}
		if len(polys) == 0 {
			polys = append(polys, d.Area...)
			what = "area of interest"
		}
	}
	var z Zone
	var warns []Warning
	warn := func(format string, args ...any) {
		warns = append(warns, Warning{Index: -1, Field: "zone", Message: fmt.Sprintf(format, args...)})
	}
	type tally struct {
		zone Zone
		area float64
	}
	var tallies []tally
	total := 0.0
	crosses := false
	maxLat, minLat := math.Inf(-1), math.Inf(1)
	for _, p := range polys {
		if len(p) == 0 || len(p[0]) == 0 {
			continue
		}
		c, a, span, ok := shellCentroid(p[0])
		if !ok {
			continue
		}
		if span > 180 {
			crosses = true
		}
		for _, q := range p[0] {
			if isFinite(q[1]) {
				maxLat, minLat = max(maxLat, q[1]), min(minLat, q[1])
			}
		}
		zc := ZoneOf(c)
		if !zc.Valid() {
			continue
		}
		a = max(a, 1e-18) // a degenerate polygon still counts, a little
		total += a
		k := slices.IndexFunc(tallies, func(t tally) bool { return t.zone == zc })
		if k < 0 {
			tallies = append(tallies, tally{zone: zc})
			k = len(tallies) - 1
		}
		tallies[k].area += a
	}
	if len(tallies) > 0 {
		slices.SortFunc(tallies, func(a, b tally) int {
			if c := cmp.Compare(b.area, a.area); c != 0 {
				return c
			}
			if c := cmp.Compare(a.zone.Number, b.zone.Number); c != 0 {
				return c
			}
			if a.zone.South == b.zone.South {
				return 0
			}
			if !a.zone.South {
				return -1
			}
			return 1
		})
		z = tallies[0].zone
		// Longitudes of the polygons' vertices from the zone's meridian.
		cm := z.CentralMeridian()
		far, farthest := 0, 0.0
		rawMin, rawMax := math.Inf(1), math.Inf(-1)
		dlMin, dlMax := math.Inf(1), math.Inf(-1)
		for _, p := range polys {
			out := false
			for _, r := range p {
				for _, q := range r {
					if !isFinite(q[0]) {
						continue
					}
					rawMin, rawMax = min(rawMin, q[0]), max(rawMax, q[0])
					dl := wrap180(q[0] - cm)
					dlMin, dlMax = min(dlMin, dl), max(dlMax, dl)
					if math.Abs(dl) > 3 {
						out = true
						farthest = max(farthest, math.Abs(dl))
					}
				}
			}
			if out {
				far++
			}
		}
		if far > 0 {
			zones := make([]string, 0, len(tallies))
			for _, t := range tallies {
				zones = append(zones, t.zone.String())
			}
			warn("the %s span more than one UTM zone (%s by centroid; %d polygons reach beyond zone %s, up to %.1f° from its central meridian %g°): "+
				"projected in %s, which holds %.0f%% of their area; areas and distances are distorted away from it "+
				"(about %.2g%% at the farthest); name another zone to choose it (the planner's -zone), or split the data by zone",
				what, strings.Join(zones, ", "), far, z, farthest, cm, z, 100*tallies[0].area/total, 100*tmScaleError(farthest, (maxLat+minLat)/2))
		}
		if crosses || (rawMax-rawMin > 180 && dlMax-dlMin < 180) {
			warn("the %s cross the 180° meridian: longitudes were taken across it and projected in zone %s, where -179° and 179° are neighbours; "+
				"name another zone to choose it (the planner's -zone)", what, z)
		}
		if maxLat > utmMaxLat || minLat < utmMinLat {
			warn("the %s reach latitude %.2f°, past UTM's limits (84°N, 80°S): projected in zone %s all the same, with distortion growing "+
				"toward the pole; a polar projection (UPS) is not supported", what, pick(maxLat > utmMaxLat, maxLat, minLat), z)
		}
	} else {
		// No polygons: the median point of the other layers.
		var lons, lats []float64
		if d != nil {
			for i := range d.Incidents {
				lons, lats = appendFinite(lons, lats, d.Incidents[i].Point)
			}
			for i := range d.Settlements {
				lons, lats = appendFinite(lons, lats, d.Settlements[i].Point)
			}
		}
		if len(lons) == 0 {
			return Zone{}, nil, fmt.Errorf("geo: choosing a UTM zone for a dataset with no positions: %w", ErrEmpty)
		}
		slices.Sort(lons)
		slices.Sort(lats)
		z = ZoneOf(LonLat{Lon: lons[len(lons)/2], Lat: lats[len(lats)/2]})
		if !z.Valid() {
			return Zone{}, nil, fmt.Errorf("geo: no UTM zone for the median position: %w", ErrBadZone)
		}
		what = "points"
	}
	// Points far from the zone: probably misplaced.
	if d != nil {
		cm := z.CentralMeridian()
		stray := func(layer string, n int, at func(i int) (LonLat, string)) {
			var ids []string
			count := 0
			for i := range n {
				p, id := at(i)
				if !isFinite(p.Lon) || !isFinite(p.Lat) {
					continue
				}
				if math.Abs(wrap180(p.Lon-cm)) > 9 || (z.South && p.Lat > 9) || (!z.South && p.Lat < -9) {
					count++
					if len(ids) < 3 {
						if id == "" {
							id = fmt.Sprintf("#%d", i)
						}
						ids = append(ids, fmt.Sprintf("%q at (%g, %g)", id, p.Lon, p.Lat))
					}
				}
			}
			if count > 0 {
				more := ""
				if count > len(ids) {
					more = ", ..."
				}
				warn("%d %s lie far from zone %s of the %s (more than 9° of longitude from its meridian, or across the equator): %s%s; "+
					"they were projected all the same and weigh on nothing near the %s; check their coordinates (swapped lat/lon? a 0,0 placeholder?)",
					count, layer, z, what, strings.Join(ids, ", "), more, what)
			}
		}
		stray("incidents", len(d.Incidents), func(i int) (LonLat, string) { return d.Incidents[i].Point, d.Incidents[i].ID })
		stray("settlements", len(d.Settlements), func(i int) (LonLat, string) { return d.Settlements[i].Point, d.Settlements[i].Name })
	}
	return z, warns, nil
}

func pick(c bool, a, b float64) float64 {
	if c {
		return a
	}
	return b
}

func isFinite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

func appendFinite(lons, lats []float64, p LonLat) ([]float64, []float64) {
	if isFinite(p.Lon) && isFinite(p.Lat) {
		return append(lons, p.Lon), append(lats, p.Lat)
	}
	return lons, lats
}

// wrap180 wraps a longitude difference into [-180, 180).
func wrap180(x float64) float64 {
	if x >= -180 && x < 180 {
		return x
	}
	x = math.Mod(x+180, 360)
	if x < 0 {
		x += 360
	}
	return x - 180
}

// shellCentroid returns the area centroid of a ring, its area in square
// degrees of longitude scaled by the cosine of the latitude (about
// proportional to the area on the ground), and the span of its raw
// longitudes. Longitudes are unwrapped from the first vertex, so a ring
// across the 180° meridian has its centroid near it. ok is false for a
// ring without a finite position.
func shellCentroid(r orb.Ring) (c LonLat, area, span float64, ok bool) {
	lon0 := math.NaN()
	minLon, maxLon := math.Inf(1), math.Inf(-1)
	var a2, cx, cy, sx, sy float64
	n := 0
	var prev [2]float64
	first := true
	for _, q := range r {
		if !isFinite(q[0]) || !isFinite(q[1]) {
			continue
		}
		minLon, maxLon = min(minLon, q[0]), max(maxLon, q[0])
		if math.IsNaN(lon0) {
			lon0 = q[0]
		}
		x, y := lon0+wrap180(q[0]-lon0), q[1]
		sx += x
		sy += y
		n++
		if !first {
			cr := prev[0]*y - x*prev[1]
			a2 += cr
			cx += (prev[0] + x) * cr
			cy += (prev[1] + y) * cr
		}
		prev, first = [2]float64{x, y}, false
	}
	if n == 0 {
		return LonLat{}, 0, 0, false
	}
	// The closing edge, zero if the ring is closed.
	for _, q := range r {
		if isFinite(q[0]) && isFinite(q[1]) {
			x, y := lon0+wrap180(q[0]-lon0), q[1]
			cr := prev[0]*y - x*prev[1]
			a2 += cr
			cx += (prev[0] + x) * cr
			cy += (prev[1] + y) * cr
			break
		}
	}
	var x, y float64
	if a2 != 0 {
		x, y = cx/(3*a2), cy/(3*a2)
	} else {
		x, y = sx/float64(n), sy/float64(n)
	}
	area = math.Abs(a2) / 2 * math.Cos(y*math.Pi/180)
	return LonLat{Lon: wrap180(x), Lat: y}, area, maxLon - minLon, true
}

// tmScaleError returns the relative scale error of UTM at dlon degrees
// from the central meridian at latitude lat: k/k0 − 1 ≈ (dlon·cos lat)²/2
// in radians, the leading term.
func tmScaleError(dlon, lat float64) float64 {
	e := dlon * math.Pi / 180 * math.Cos(lat*math.Pi/180)
	return e * e / 2
}
