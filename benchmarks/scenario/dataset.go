// Package scenario builds seeded synthetic mine action datasets for the
// benchmarks that span packages: hazard polygons, incidents and settlements in
// WGS84 lon/lat, at the sizes the design must hold (see [Small], [Large] and
// [National]), and writes them to files geo/dataset reads back.
//
// Everything here is synthetic and marked so: ids start with "SYN-". The
// same seed gives the same dataset on every machine (math/rand/v2 PCG).
package scenario

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/geo/feature"
	"github.com/landrelease/clearance/geo/geojson"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// mPerDeg is the length of one degree of latitude on the mean Earth sphere,
// in metres. Polygons are drawn in local metres and mapped to degrees by an
// affine map at their centre, which keeps them star-shaped and valid.
const mPerDeg = 6371008.8 * math.Pi / 180

// WesternAzerbaijan is the default region of a [Config]: 44.8–47.5 E,
// 38.8–41.0 N, about 233 km by 244 km, all within UTM zone 38N (42–48 E).
var WesternAzerbaijan = orb.Bound{Min: orb.Point{44.8, 38.8}, Max: orb.Point{47.5, 41.0}}

// Aghdam is a box around Aghdam district (46.65–47.15 E, 39.80–40.30 N),
// the region of [Small].
var Aghdam = orb.Bound{Min: orb.Point{46.65, 39.80}, Max: orb.Point{47.15, 40.30}}

// Config describes a scenario of many hazard polygons scattered over a
// region, with incidents (most inside hazards) and settlements. Each zero
// field means the default stated beside it; the defaults make the national
// scenario.
type Config struct {
	// Seed seeds the generator: equal Configs give equal datasets.
	Seed uint64
	// Region is the lon/lat box holding every polygon centre, incident
	// and settlement; zero means [WesternAzerbaijan].
	Region orb.Bound
	// Polygons is the number of hazard polygons; zero means 2,000.
	Polygons int
	// Hectares is the sum of the polygons' areas (before overlaps are
	// merged), in ha; zero means 1,000,000. Areas are measured on a local
	// sphere tangent, so they match ground area to a fraction of a percent.
	Hectares float64
	// MinVertices and MaxVertices bound the number of distinct vertices
	// of a shell; zero means 32 and 256.
	MinVertices, MaxVertices int
	// HoleShare is the share of polygons with 1 to 3 small holes; zero
	// means 0.2, negative means none.
	HoleShare float64
	// OverlapShare is the share of polygons placed across the edge of an
	// earlier one, so that they overlap; zero means 0.05, negative means
	// none (polygons may still overlap by chance).
	OverlapShare float64
	// Incidents is the number of incidents; zero means 3,400, negative none.
	Incidents int
	// InsideShare is the share of incidents placed inside a hazard (chosen
	// with probability proportional to its area); the rest fall near a
	// settlement or anywhere in the region. Zero means 0.85, negative none.
	InsideShare float64
	// Settlements is the number of settlements; zero means 800, negative none.
	Settlements int
}

func (c Config) withDefaults() Config {
	if c.Region == (orb.Bound{}) {
		c.Region = WesternAzerbaijan
	}
	def := func(v *int, d int) {
		if *v == 0 {
			*v = d
		} else if *v < 0 {
			*v = 0
		}
	}
	deff := func(v *float64, d float64) {
		if *v == 0 {
			*v = d
		} else if *v < 0 {
			*v = 0
		}
	}
	def(&c.Polygons, 2000)
	deff(&c.Hectares, 1_000_000)
	def(&c.MinVertices, 32)
	def(&c.MaxVertices, 256)
	deff(&c.HoleShare, 0.2)
	deff(&c.OverlapShare, 0.05)
	def(&c.Incidents, 3400)
	deff(&c.InsideShare, 0.85)
	def(&c.Settlements, 800)
	return c
}

// NationalConfig returns the national scenario: about 1,000,000 ha in
// 2,000 polygons of 32 to 256 vertices, a fifth with holes and a twentieth
// placed to overlap, 3,400 incidents (85% inside hazards) and 800
// settlements over western Azerbaijan (UTM zone 38N).
func NationalConfig(seed uint64) Config {
	return Config{Seed: seed}.withDefaults()
}

// SmallConfig returns the small scenario: about 5,000 ha in 50 polygons,
// 200 incidents and 40 settlements over a box around Aghdam district.
func SmallConfig(seed uint64) Config {
	c := Config{Seed: seed, Region: Aghdam, Polygons: 50, Hectares: 5000, Incidents: 200, Settlements: 40}
	return c.withDefaults()
}

// Scaled returns c (defaults filled in) with its polygons, hectares,
// incidents and settlements multiplied by f and its region's area too (each
// side by √f, around the same centre), so the density of everything stays
// the same: a country f times as large. Counts are rounded, and kept at 1 or
// more if they were positive. It panics if f is not positive.
func (c Config) Scaled(f float64) Config {
	if !(f > 0) || math.IsInf(f, 0) {
		panic(fmt.Sprintf("scenario: Scaled(%v): factor must be positive and finite", f))
	}
	c = c.withDefaults()
	scale := func(n int) int {
		if n == 0 {
			return -1 // keep none (zero would mean the default)
		}
		return max(1, int(math.Round(float64(n)*f)))
	}
	c.Polygons = scale(c.Polygons)
	c.Incidents = scale(c.Incidents)
	c.Settlements = scale(c.Settlements)
	c.Hectares *= f
	s := math.Sqrt(f)
	ctr := c.Region.Center()
	hw, hh := c.Region.Right()-ctr[0], c.Region.Top()-ctr[1]
	c.Region = orb.Bound{
		Min: orb.Point{ctr[0] - hw*s, ctr[1] - hh*s},
		Max: orb.Point{ctr[0] + hw*s, ctr[1] + hh*s},
	}
	return c
}

// Small returns the small scenario ([SmallConfig]) for seed. Cost: about a
// millisecond.
func Small(seed uint64) *geo.Dataset { return Generate(SmallConfig(seed)) }

// Large returns the large scenario for seed: the single hazard
// [LargePolygon] (about 100,000 ha, 20,000 shell vertices, 20 holes, near
// Aghdam in UTM 38N) inverse-projected to lon/lat, with 3,400 incidents and
// 800 settlements (see [LargeFrom]).
func Large(seed uint64) *geo.Dataset { return LargeFrom(seed, LargePolygon(seed)) }

// National returns the national scenario ([NationalConfig]) for seed.
// Cost: about 0.1 s; about 290,000 vertices.
func National(seed uint64) *geo.Dataset { return Generate(NationalConfig(seed)) }

// Generate builds the dataset c describes. Hazards come first, each a star-
// shaped polygon around its centre (vertices at strictly increasing angles,
// so no ring crosses itself; smooth random radii; stretched up to 2.5 times
// along a random direction), shells counter-clockwise and holes clockwise
// as RFC 7946 wants, holes small and well inside the shell and apart from
// each other. Then settlements, uniform over the region; then incidents,
// dated 1994 to 2025 (a fifth after the 2020 war), with casualties and
// devices. Cost: linear in the vertices and incidents.
func Generate(c Config) *geo.Dataset {
	c = c.withDefaults()
	rng := rand.New(rand.NewPCG(c.Seed, c.Seed))
	d := &geo.Dataset{Hazards: make([]geo.Hazard, 0, c.Polygons)}

	// Areas: log-normal weights, scaled to sum to c.Hectares.
	w := make([]float64, c.Polygons)
	var sum float64
	for i := range w {
		w[i] = math.Exp(0.8 * rng.NormFloat64())
		sum += w[i]
	}
	type placed struct {
		c orb.Point // centre, lon/lat
		r float64   // mean radius, m
	}
	centres := make([]placed, 0, c.Polygons)
	for i := range c.Polygons {
		areaM2 := c.Hectares * 1e4 * w[i] / sum
		n := c.MinVertices
		if c.MaxVertices > c.MinVertices {
			n += rng.IntN(c.MaxVertices - c.MinVertices + 1)
		}
		holes := 0
		if rng.Float64() < c.HoleShare {
			holes = 1 + rng.IntN(3)
		}
		rings := starPolygon(rng, n, holes, areaM2)
		r := math.Sqrt(areaM2 / math.Pi)

		var ctr orb.Point
		if len(centres) > 0 && rng.Float64() < c.OverlapShare {
			// Across the edge of an earlier polygon.
			p := centres[rng.IntN(len(centres))]
			a := 2 * math.Pi * rng.Float64()
			dist := 0.9 * p.r
			ctr = orb.Point{
				p.c[0] + dist*math.Cos(a)/(mPerDeg*math.Cos(p.c[1]*math.Pi/180)),
				p.c[1] + dist*math.Sin(a)/mPerDeg,
			}
		} else {
			ctr = uniformIn(rng, shrink(c.Region, r))
		}
		centres = append(centres, placed{ctr, r})
		d.Hazards = append(d.Hazards, hazard(rng, i, toLonLat(rings, ctr)))
	}
	region := c.Region
	d.Settlements = settlements(rng, region, c.Settlements)
	d.Incidents = incidents(rng, d, region, c.Incidents, c.InsideShare)
	return d
}

// xy is a local position in metres from a polygon's centre.
type xy struct{ x, y float64 }

// starPolygon draws a polygon of n shell vertices and the given number of
// holes around (0, 0), in metres, with the given area (shell minus holes).
// The shell is counter-clockwise and each hole clockwise; rings are open
// (the closing vertex is added by toLonLat).
func starPolygon(rng *rand.Rand, n, holes int, areaM2 float64) [][]xy {
	// Smooth radius: 1 + three harmonics + a little noise, within [0.7, 1.3].
	var amp, ph [3]float64
	for m := range amp {
		amp[m] = rng.Float64() * 0.12 / float64(m+1)
		ph[m] = 2 * math.Pi * rng.Float64()
	}
	shell := make([]xy, n)
	rmin := math.Inf(1)
	for k := range n {
		// Angle in [2πk/n, 2π(k+0.8)/n): strictly increasing, gaps < 2π·1.8/n.
		t := 2 * math.Pi * (float64(k) + 0.8*rng.Float64()) / float64(n)
		r := 1.0
		for m := range amp {
			r += amp[m] * math.Sin(float64(m+1)*t+ph[m])
		}
		r += 0.05 * (2*rng.Float64() - 1)
		rmin = min(rmin, r)
		shell[k] = xy{r * math.Cos(t), r * math.Sin(t)}
	}
	rings := [][]xy{shell}
	// Every edge of the shell stays at least rmin·cos(maxGap/2) from the
	// centre (the edge's ends are at radius >= rmin); maxGap < 2π·1.8/32
	// gives cos > 0.98. Holes lie within 0.6·rmin of the centre: well inside.
	if holes > 0 {
		a0 := 2 * math.Pi * rng.Float64()
		for h := range holes {
			a := a0 + 2*math.Pi*float64(h)/float64(holes)
			cx, cy := 0.45*rmin*math.Cos(a), 0.45*rmin*math.Sin(a)
			rho := (0.06 + 0.09*rng.Float64()) * rmin // holes are at least 0.78·rmin apart
			m := 8 + rng.IntN(9)
			hole := make([]xy, m)
			for k := range m {
				t := 2 * math.Pi * (float64(k) + 0.8*rng.Float64()) / float64(m)
				r := rho * (0.7 + 0.3*rng.Float64())
				hole[m-1-k] = xy{cx + r*math.Cos(t), cy + r*math.Sin(t)} // clockwise
			}
			rings = append(rings, hole)
		}
	}
	// Stretch along a random direction (affine: keeps validity), then scale
	// to the wanted area.
	s := 1 + 1.5*rng.Float64()
	psi := 2 * math.Pi * rng.Float64()
	cs, sn := math.Cos(psi), math.Sin(psi)
	for _, ring := range rings {
		for k, p := range ring {
			u, v := p.x*cs+p.y*sn, -p.x*sn+p.y*cs
			u *= s
			ring[k] = xy{u*cs - v*sn, u*sn + v*cs}
		}
	}
	a := 0.0
	for _, ring := range rings {
		a += shoelace(ring) // holes are clockwise: negative
	}
	f := math.Sqrt(areaM2 / a)
	for _, ring := range rings {
		for k := range ring {
			ring[k].x *= f
			ring[k].y *= f
		}
	}
	return rings
}

// shoelace returns the signed area of an open ring: positive if
// counter-clockwise.
func shoelace(r []xy) float64 {
	var s float64
	for i := range r {
		j := (i + 1) % len(r)
		s += r[i].x*r[j].y - r[j].x*r[i].y
	}
	return s / 2
}

// toLonLat maps local rings around ctr to a closed lon/lat polygon.
func toLonLat(rings [][]xy, ctr orb.Point) orb.Polygon {
	kx := 1 / (mPerDeg * math.Cos(ctr[1]*math.Pi/180))
	ky := 1 / mPerDeg
	poly := make(orb.Polygon, len(rings))
	for i, ring := range rings {
		out := make(orb.Ring, len(ring)+1)
		for k, p := range ring {
			out[k] = orb.Point{ctr[0] + p.x*kx, ctr[1] + p.y*ky}
		}
		out[len(ring)] = out[0]
		poly[i] = out
	}
	return poly
}

// shrink returns b with r metres taken off each side, or b's centre if b is
// too small.
func shrink(b orb.Bound, r float64) orb.Bound {
	c := b.Center()
	dx := r / (mPerDeg * math.Cos(c[1]*math.Pi/180))
	dy := r / mPerDeg
	out := orb.Bound{Min: orb.Point{b.Min[0] + dx, b.Min[1] + dy}, Max: orb.Point{b.Max[0] - dx, b.Max[1] - dy}}
	if out.Min[0] > out.Max[0] {
		out.Min[0], out.Max[0] = c[0], c[0]
	}
	if out.Min[1] > out.Max[1] {
		out.Min[1], out.Max[1] = c[1], c[1]
	}
	return out
}

func uniformIn(rng *rand.Rand, b orb.Bound) orb.Point {
	return orb.Point{
		b.Min[0] + (b.Max[0]-b.Min[0])*rng.Float64(),
		b.Min[1] + (b.Max[1]-b.Min[1])*rng.Float64(),
	}
}

var evidence = []string{"minefield record", "accident", "mine seen", "signs and fences", "local report", "former front line"}

// hazard fills in the attributes of hazard i around poly.
func hazard(rng *rand.Rand, i int, poly orb.Polygon) geo.Hazard {
	h := geo.Hazard{
		ID:       fmt.Sprintf("SYN-H%05d", i+1),
		Kind:     geo.SHA,
		Status:   geo.StatusOpen,
		Geometry: orb.MultiPolygon{poly},
		Evidence: []string{evidence[rng.IntN(len(evidence))]},
		Reported: day(rng, time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 6, 30, 0, 0, 0, 0, time.UTC)),
	}
	if rng.Float64() < 0.3 {
		h.Kind = geo.CHA
	}
	if rng.Float64() < 0.2 {
		h.Status = geo.StatusWorkedOn
	}
	return h
}

// day returns a uniformly random day in [from, to].
func day(rng *rand.Rand, from, to time.Time) time.Time {
	days := int(to.Sub(from).Hours()/24) + 1
	return from.AddDate(0, 0, rng.IntN(days))
}

// settlements places n settlements uniformly in b.
func settlements(rng *rand.Rand, b orb.Bound, n int) []geo.Settlement {
	out := make([]geo.Settlement, n)
	for i := range out {
		p := uniformIn(rng, b)
		s := geo.Settlement{
			Name:       fmt.Sprintf("SYN-V%04d", i+1),
			Population: int(math.Round(800 * math.Exp(rng.NormFloat64()))),
			Point:      geo.LonLat{Lon: p[0], Lat: p[1]},
		}
		if rng.Float64() < 0.1 {
			s.Population = -1
		}
		if rng.Float64() < 0.3 {
			s.PlannedReturn = day(rng, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2030, 12, 31, 0, 0, 0, 0, time.UTC))
		}
		out[i] = s
	}
	return out
}

// incidents places n incidents: a share inside d's hazards (probability
// proportional to area), the rest within 3 km of a settlement or anywhere
// in b. It reads d.Hazards and d.Settlements.
func incidents(rng *rand.Rand, d *geo.Dataset, b orb.Bound, n int, inside float64) []geo.Incident {
	cum := make([]float64, len(d.Hazards))
	var total float64
	bounds := make([]orb.Bound, len(d.Hazards))
	locs := make([]*locator, len(d.Hazards)) // built when first needed
	for i, h := range d.Hazards {
		total += planar.Area(h.Geometry) * math.Cos(h.Geometry.Bound().Center()[1]*math.Pi/180)
		cum[i] = total
		bounds[i] = h.Geometry.Bound()
	}
	from := time.Date(1994, 1, 1, 0, 0, 0, 0, time.UTC)
	war := time.Date(2020, 11, 10, 0, 0, 0, 0, time.UTC)
	end := time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)
	out := make([]geo.Incident, n)
	for i := range out {
		var p orb.Point
		switch u := rng.Float64(); {
		case u < inside && len(d.Hazards) > 0:
			k := searchCum(cum, total*rng.Float64())
			if locs[k] == nil {
				locs[k] = newLocator(d.Hazards[k].Geometry)
			}
			for {
				p = uniformIn(rng, bounds[k])
				if locs[k].contains(p) {
					break
				}
			}
		case u < (1+inside)/2 && len(d.Settlements) > 0:
			s := d.Settlements[rng.IntN(len(d.Settlements))].Point
			r, a := 3000*math.Sqrt(rng.Float64()), 2*math.Pi*rng.Float64()
			p = orb.Point{s.Lon + r*math.Cos(a)/(mPerDeg*math.Cos(s.Lat*math.Pi/180)), s.Lat + r*math.Sin(a)/mPerDeg}
		default:
			p = uniformIn(rng, b)
		}
		inc := geo.Incident{
			ID:    fmt.Sprintf("SYN-I%05d", i+1),
			Point: geo.LonLat{Lon: p[0], Lat: p[1]},
		}
		if rng.Float64() < 0.2 {
			inc.Date = day(rng, war, end)
		} else {
			inc.Date = day(rng, from, end)
		}
		// Casualties: most incidents hurt one person; some kill; a few hurt many.
		switch u := rng.Float64(); {
		case u < 0.35:
			inc.Killed = 1
		case u < 0.85:
			inc.Injured = 1
		case u < 0.95:
			inc.Killed, inc.Injured = rng.IntN(2), 1+rng.IntN(3)
		default:
			inc.Killed, inc.Injured = 1+rng.IntN(3), rng.IntN(5)
		}
		switch u := rng.Float64(); {
		case u < 0.55:
			inc.Device = geo.DeviceAP
		case u < 0.70:
			inc.Device = geo.DeviceAT
		case u < 0.93:
			inc.Device = geo.DeviceUXO
		case u < 0.95:
			inc.Device = geo.DeviceIED
		default:
			inc.Device = geo.DeviceUnknown
		}
		out[i] = inc
	}
	return out
}

// locator answers point-in-polygon queries for one multipolygon whose
// parts do not overlap, by the even-odd rule over all rings. Edges are
// bucketed in bands of latitude, so a query costs the edges of one band, not
// all of them. A point on an edge may count as inside or outside.
type locator struct {
	minY, bandH float64
	bands       [][][4]float64 // x1, y1, x2, y2 of each edge crossing the band
}

func newLocator(mp orb.MultiPolygon) *locator {
	b := mp.Bound()
	edges := 0
	for _, p := range mp {
		for _, r := range p {
			edges += len(r)
		}
	}
	n := max(1, edges/8)
	l := &locator{minY: b.Min[1], bandH: (b.Max[1] - b.Min[1]) / float64(n), bands: make([][][4]float64, n)}
	if l.bandH == 0 {
		l.bandH = 1
	}
	for _, p := range mp {
		for _, r := range p {
			for i := 0; i+1 < len(r); i++ {
				e := [4]float64{r[i][0], r[i][1], r[i+1][0], r[i+1][1]}
				lo, hi := l.band(min(e[1], e[3])), l.band(max(e[1], e[3]))
				for k := lo; k <= hi; k++ {
					l.bands[k] = append(l.bands[k], e)
				}
			}
		}
	}
	return l
}

func (l *locator) band(y float64) int {
	return min(len(l.bands)-1, max(0, int((y-l.minY)/l.bandH)))
}

func (l *locator) contains(p orb.Point) bool {
	if p[1] < l.minY || p[1] > l.minY+l.bandH*float64(len(l.bands)) {
		return false
	}
	in := false
	for _, e := range l.bands[l.band(p[1])] {
		if (e[1] > p[1]) != (e[3] > p[1]) && p[0] < e[0]+(p[1]-e[1])*(e[2]-e[0])/(e[3]-e[1]) {
			in = !in
		}
	}
	return in
}

// searchCum returns the first index whose cumulative weight exceeds v.
func searchCum(cum []float64, v float64) int {
	lo, hi := 0, len(cum)-1
	for lo < hi {
		m := (lo + hi) / 2
		if cum[m] > v {
			hi = m
		} else {
			lo = m + 1
		}
	}
	return lo
}

// Zone38N is the UTM zone of the generated scenarios (42–48 E, north).
var Zone38N = geo.Zone{Number: 38}

// LargeFrom builds a dataset around one hazard, poly, given in UTM zone 38N
// metres (shell counter-clockwise, holes clockwise, rings closed): the
// polygon is inverse-projected vertex by vertex to lon/lat, and 3,400
// incidents (85% inside the polygon) and 800 settlements are placed over its
// bounding box widened by 5 km, seeded by seed. Cost: O(vertices) for the
// projection, and O(vertices) per try of the rejection sampling that places
// incidents inside (a few hundred milliseconds for [LargePolygon]). It
// panics if poly has no shell.
func LargeFrom(seed uint64, poly geo.PolygonXY) *geo.Dataset {
	if len(poly) == 0 || len(poly[0]) == 0 {
		panic("scenario: LargeFrom: polygon has no shell")
	}
	utm := geo.NewUTM(Zone38N)
	ll := make(orb.Polygon, len(poly))
	for i, ring := range poly {
		out := make(orb.Ring, len(ring))
		for k, p := range ring {
			q := utm.Inverse(p)
			out[k] = orb.Point{q.Lon, q.Lat}
		}
		if len(out) > 1 && ring[0] == ring[len(ring)-1] {
			out[len(out)-1] = out[0] // exactly closed
		}
		ll[i] = out
	}
	rng := rand.New(rand.NewPCG(seed, seed))
	d := &geo.Dataset{Hazards: []geo.Hazard{hazard(rng, 0, ll)}}
	b := ll.Bound()
	c := b.Center()
	dx, dy := 5000/(mPerDeg*math.Cos(c[1]*math.Pi/180)), 5000/mPerDeg
	region := orb.Bound{Min: orb.Point{b.Min[0] - dx, b.Min[1] - dy}, Max: orb.Point{b.Max[0] + dx, b.Max[1] + dy}}
	d.Settlements = settlements(rng, region, 800)
	d.Incidents = incidents(rng, d, region, 3400, 0.85)
	return d
}

// Files names the files [WriteFiles] wrote.
type Files struct {
	Hazards     string // GeoJSON FeatureCollection of the hazards
	Incidents   string // CSV: id,date,lat,lon,killed,injured,device
	Settlements string // CSV: name,lat,lon,population,planned_return
}

// WriteFiles writes d into dir, which must exist, as hazards.geojson (with
// feature.HazardLayer and geojson.Write), incidents.csv and villages.csv (CSV points
// geo/dataset reads: lat and lon columns, coordinates at full float64
// precision, dates as ISO 8601 days, a blank population for an unknown one).
// Existing files are replaced. It returns the paths written; an error names
// the file. d.Area is not written. Cost O(vertices + points).
func WriteFiles(dir string, d *geo.Dataset) (Files, error) {
	f := Files{
		Hazards:     filepath.Join(dir, "hazards.geojson"),
		Incidents:   filepath.Join(dir, "incidents.csv"),
		Settlements: filepath.Join(dir, "villages.csv"),
	}
	if err := writeFile(f.Hazards, func(w io.Writer) error {
		l, err := feature.HazardLayer(d.Hazards)
		if err != nil {
			return err
		}
		return geojson.Write(w, l)
	}); err != nil {
		return Files{}, err
	}
	if err := writeFile(f.Incidents, func(w io.Writer) error { return writeIncidentsCSV(w, d.Incidents) }); err != nil {
		return Files{}, err
	}
	if err := writeFile(f.Settlements, func(w io.Writer) error { return writeSettlementsCSV(w, d.Settlements) }); err != nil {
		return Files{}, err
	}
	return f, nil
}

func writeFile(path string, write func(io.Writer) error) error {
	fh, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("scenario: %w", err)
	}
	bw := bufio.NewWriterSize(fh, 1<<16)
	err = write(bw)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := fh.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("scenario: writing %s: %w", path, err)
	}
	return nil
}

func ftoa(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

func dateText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.DateOnly)
}

func writeIncidentsCSV(w io.Writer, is []geo.Incident) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"id", "date", "lat", "lon", "killed", "injured", "device"}); err != nil {
		return err
	}
	for _, in := range is {
		if err := cw.Write([]string{in.ID, dateText(in.Date), ftoa(in.Point.Lat), ftoa(in.Point.Lon),
			strconv.Itoa(in.Killed), strconv.Itoa(in.Injured), in.Device.String()}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func writeSettlementsCSV(w io.Writer, ss []geo.Settlement) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"name", "lat", "lon", "population", "planned_return"}); err != nil {
		return err
	}
	for _, s := range ss {
		pop := ""
		if s.Population >= 0 {
			pop = strconv.Itoa(s.Population)
		}
		if err := cw.Write([]string{s.Name, ftoa(s.Point.Lat), ftoa(s.Point.Lon), pop, dateText(s.PlannedReturn)}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
