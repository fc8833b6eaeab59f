package scenario

import (
	"math"
	"math/rand/v2"

	"github.com/landrelease/clearance/geo"
)

// AghdamUTM is a point near Aghdam in UTM zone 38N metres (easting,
// northing), the default centre of a [StarConfig].
var AghdamUTM = geo.XY{X: 600000, Y: 4445000}

// StarConfig describes one large star-shaped hazard polygon with holes, in
// projected metres. Each zero field means the default stated beside it; the
// defaults make [LargePolygon].
type StarConfig struct {
	// Centre is the polygon's centre; zero means [AghdamUTM].
	Centre geo.XY
	// RadiusM is the mean radius of the shell in metres; zero means
	// 18,000 (about 100,000 ha).
	RadiusM float64
	// Vertices is the number of distinct shell vertices; zero means
	// 20,000.
	Vertices int
	// Holes is the number of holes; zero means 20, negative none.
	Holes int
	// HoleVerticesMin and HoleVerticesMax bound the distinct vertices of a
	// hole; zero means 100 and 300.
	HoleVerticesMin, HoleVerticesMax int
}

func (c StarConfig) withDefaults() StarConfig {
	if c.Centre == (geo.XY{}) {
		c.Centre = AghdamUTM
	}
	if c.RadiusM == 0 {
		c.RadiusM = 18000
	}
	if c.Vertices == 0 {
		c.Vertices = 20000
	}
	switch {
	case c.Holes == 0:
		c.Holes = 20
	case c.Holes < 0:
		c.Holes = 0
	}
	if c.HoleVerticesMin == 0 {
		c.HoleVerticesMin = 100
	}
	if c.HoleVerticesMax == 0 {
		c.HoleVerticesMax = 300
	}
	c.HoleVerticesMax = max(c.HoleVerticesMax, c.HoleVerticesMin)
	return c
}

// LargePolygon returns the benchmark's single large hazard: a star-shaped
// polygon of about 100,000 ha (mean radius 18 km, with bends, bays, spurs
// and vertex noise, so concave), 20,000 shell vertices and 20 holes of 100 to
// 300 vertices, centred near Aghdam in UTM 38N metres. Shell
// counter-clockwise, holes clockwise, rings closed, no self-intersections,
// holes disjoint and inside the shell. The same seed gives the same polygon.
// Cost: O(vertices).
func LargePolygon(seed uint64) geo.PolygonXY { return StarPolygon(seed, StarConfig{}) }

// StarPolygon returns a valid star-shaped polygon with holes as c describes
// (see [LargePolygon] for its shape), seeded by seed. Cost: O(vertices) plus
// O(holes²) placement tries.
func StarPolygon(seed uint64, c StarConfig) geo.PolygonXY {
	c = c.withDefaults()
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	R := c.RadiusM

	// Radius as a function of angle: smooth bends at frequencies 2 to 11
	// (amplitude falling as 1/k, at most ±21% in all), bays and spurs at
	// frequencies 12 to 200 (at most ±5% in all, a few hundred metres),
	// and noise of ±0.05% per vertex (±9 m at 18 km, about the vertex
	// spacing). The angle increasing makes the ring star-shaped and simple.
	const harmonics = 40
	var freq, amp, phase [harmonics]float64
	for k := range harmonics {
		if k < 10 {
			freq[k] = float64(k + 2)
			amp[k] = 0.3 / freq[k] / 2.93 * (0.5 + rng.Float64()*0.5)
		} else {
			freq[k] = float64(12 + rng.IntN(189))
			amp[k] = 0.05 / (harmonics - 10) * rng.Float64()
		}
		phase[k] = 2 * math.Pi * rng.Float64()
	}
	radius := func(a float64) float64 {
		f := 1.0
		for k := range harmonics {
			f += amp[k] * math.Sin(freq[k]*a+phase[k])
		}
		return R * f
	}
	n := c.Vertices
	shell := make(geo.RingXY, 0, n+1)
	rmin := math.Inf(1)
	for k := range n {
		a := 2 * math.Pi * (float64(k) + 0.5*rng.Float64()) / float64(n)
		r := radius(a) * (1 + 0.0005*(2*rng.Float64()-1))
		rmin = min(rmin, r)
		shell = append(shell, geo.XY{X: c.Centre.X + r*math.Cos(a), Y: c.Centre.Y + r*math.Sin(a)})
	}
	shell = append(shell, shell[0])
	p := geo.PolygonXY{shell}

	// Holes: stars of radius 300–800 m (scaled down for small shells),
	// centred within 60% of the shell's smallest radius (which, with
	// hundreds of vertices, is well inside the shell), 100 m apart.
	type disk struct{ x, y, r float64 }
	var placed []disk
	hmax := min(800, 0.05*R)
	for tries := 0; len(placed) < c.Holes && tries < 1000*c.Holes; tries++ {
		hr := hmax * (0.375 + 0.625*rng.Float64())
		a := 2 * math.Pi * rng.Float64()
		d := (0.6*rmin - hr) * math.Sqrt(rng.Float64())
		h := disk{c.Centre.X + d*math.Cos(a), c.Centre.Y + d*math.Sin(a), hr}
		ok := true
		for _, q := range placed {
			if math.Hypot(h.x-q.x, h.y-q.y) < h.r+q.r+100 {
				ok = false
				break
			}
		}
		if !ok {
			continue
		}
		placed = append(placed, h)
		m := c.HoleVerticesMin + rng.IntN(c.HoleVerticesMax-c.HoleVerticesMin+1)
		ring := make(geo.RingXY, 0, m+1)
		for k := m - 1; k >= 0; k-- { // clockwise
			a := 2 * math.Pi * (float64(k) + 0.5*rng.Float64()) / float64(m)
			r := h.r * (0.7 + 0.3*rng.Float64())
			ring = append(ring, geo.XY{X: h.x + r*math.Cos(a), Y: h.y + r*math.Sin(a)})
		}
		p = append(p, append(ring, ring[0]))
	}
	return p
}
