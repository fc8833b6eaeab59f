package scenario

import (
	"context"
	"fmt"
	"log"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/geo/dataset"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// roundTrip writes d to a temporary folder, reads it back with the geo
// readers (strict mode) and checks that nothing was rejected, repaired or
// changed.
func roundTrip(t *testing.T, d *geo.Dataset) {
	t.Helper()
	for i, h := range d.Hazards {
		if err := geo.ValidateMultiPolygon(h.Geometry); err != nil {
			t.Fatalf("hazard %d (%s): %v", i, h.ID, err)
		}
	}
	files, err := WriteFiles(t.TempDir(), d)
	if err != nil {
		t.Fatal(err)
	}
	hs, warns, err := readLayer(files.Hazards, func(d *geo.Dataset) []geo.Hazard { return d.Hazards })
	if err != nil {
		t.Fatalf("reading hazards back: %v", err)
	}
	if len(warns) > 0 {
		t.Errorf("reading hazards back: %d warnings, first %s", len(warns), warns[0])
	}
	if len(hs) != len(d.Hazards) {
		t.Fatalf("read %d hazards, wrote %d", len(hs), len(d.Hazards))
	}
	for i := range hs {
		if hs[i].ID != d.Hazards[i].ID || hs[i].Kind != d.Hazards[i].Kind || hs[i].Status != d.Hazards[i].Status {
			t.Fatalf("hazard %d: read %s %v %v, wrote %s %v %v", i, hs[i].ID, hs[i].Kind, hs[i].Status,
				d.Hazards[i].ID, d.Hazards[i].Kind, d.Hazards[i].Status)
		}
		if !orb.Equal(hs[i].Geometry, d.Hazards[i].Geometry) {
			t.Fatalf("hazard %d (%s): geometry changed on the way through GeoJSON", i, hs[i].ID)
		}
	}
	is, warns, err := readLayer(files.Incidents, func(d *geo.Dataset) []geo.Incident { return d.Incidents })
	if err != nil {
		t.Fatalf("reading incidents back: %v", err)
	}
	if len(warns) > 0 {
		t.Errorf("reading incidents back: %d warnings, first %s", len(warns), warns[0])
	}
	if len(is) != len(d.Incidents) {
		t.Fatalf("read %d incidents, wrote %d", len(is), len(d.Incidents))
	}
	for i := range is {
		a, b := is[i], d.Incidents[i]
		if a.ID != b.ID || !a.Date.Equal(b.Date) || a.Killed != b.Killed || a.Injured != b.Injured || a.Device != b.Device || a.Point != b.Point {
			t.Fatalf("incident %d: read %+v, wrote %+v", i, a, b)
		}
	}
	ss, warns, err := readLayer(files.Settlements, func(d *geo.Dataset) []geo.Settlement { return d.Settlements })
	if err != nil {
		t.Fatalf("reading settlements back: %v", err)
	}
	if len(warns) > 0 {
		t.Errorf("reading settlements back: %d warnings, first %s", len(warns), warns[0])
	}
	if len(ss) != len(d.Settlements) {
		t.Fatalf("read %d settlements, wrote %d", len(ss), len(d.Settlements))
	}
	for i := range ss {
		a, b := ss[i], d.Settlements[i]
		if a.Name != b.Name || a.Population != b.Population || !a.PlannedReturn.Equal(b.PlannedReturn) || a.Point != b.Point {
			t.Fatalf("settlement %d: read %+v, wrote %+v", i, a, b)
		}
	}
}

// stats are the figures a scenario promises.
type stats struct {
	hectares         float64 // sum of polygon areas
	minV, maxV       int     // distinct shell vertices
	holes            int
	inside           int // incidents inside some hazard
	outsideRegion    int // points outside the region
	cwShell, ccwHole int // wrong windings
}

func measure(d *geo.Dataset, region orb.Bound) stats {
	s := stats{minV: math.MaxInt}
	for _, h := range d.Hazards {
		lat := h.Geometry.Bound().Center()[1] * math.Pi / 180
		s.hectares += planar.Area(h.Geometry) * mPerDeg * mPerDeg * math.Cos(lat) / 1e4
		for _, p := range h.Geometry {
			n := len(p[0]) - 1
			s.minV, s.maxV = min(s.minV, n), max(s.maxV, n)
			s.holes += len(p) - 1
			if p[0].Orientation() != orb.CCW {
				s.cwShell++
			}
			for _, hole := range p[1:] {
				if hole.Orientation() != orb.CW {
					s.ccwHole++
				}
			}
		}
	}
	bounds := make([]orb.Bound, len(d.Hazards))
	locs := make([]*locator, len(d.Hazards))
	for i, h := range d.Hazards {
		bounds[i] = h.Geometry.Bound()
		locs[i] = newLocator(h.Geometry)
	}
	for _, in := range d.Incidents {
		p := orb.Point{in.Point.Lon, in.Point.Lat}
		for i := range d.Hazards {
			if bounds[i].Contains(p) && locs[i].contains(p) {
				s.inside++
				break
			}
		}
		if !region.Contains(p) {
			s.outsideRegion++
		}
	}
	for _, st := range d.Settlements {
		if !region.Contains(orb.Point{st.Point.Lon, st.Point.Lat}) {
			s.outsideRegion++
		}
	}
	return s
}

// TestLocator checks the banded point-in-polygon test against orb's
// planar.MultiPolygonContains on random points around polygons with holes.
func TestLocator(t *testing.T) {
	d := Small(7)
	rng := rand.New(rand.NewPCG(1, 1))
	for _, h := range d.Hazards {
		l := newLocator(h.Geometry)
		b := h.Geometry.Bound().Pad(0.001)
		for range 2000 {
			p := uniformIn(rng, b)
			if got, want := l.contains(p), planar.MultiPolygonContains(h.Geometry, p); got != want {
				t.Fatalf("%s: contains(%v) = %v, want %v", h.ID, p, got, want)
			}
		}
	}
}

func TestSmall(t *testing.T) {
	d := Small(1)
	if len(d.Hazards) != 50 || len(d.Incidents) != 200 || len(d.Settlements) != 40 {
		t.Fatalf("got %d hazards, %d incidents, %d settlements; want 50, 200, 40", len(d.Hazards), len(d.Incidents), len(d.Settlements))
	}
	s := measure(d, Aghdam)
	if math.Abs(s.hectares-5000) > 50 {
		t.Errorf("hazards sum to %.1f ha, want about 5,000", s.hectares)
	}
	if s.minV < 32 || s.maxV > 256 {
		t.Errorf("shell vertices in [%d, %d], want within [32, 256]", s.minV, s.maxV)
	}
	if s.cwShell > 0 || s.ccwHole > 0 {
		t.Errorf("%d clockwise shells, %d counter-clockwise holes", s.cwShell, s.ccwHole)
	}
	// The region bounds the polygons' centres, not the incidents placed
	// near a settlement at its edge: allow a few.
	if s.outsideRegion > 5 {
		t.Errorf("%d points outside the region", s.outsideRegion)
	}
	if s.inside < 150 {
		t.Errorf("%d of 200 incidents inside hazards, want most (about 170)", s.inside)
	}
	roundTrip(t, d)
	if !reflect.DeepEqual(d, Small(1)) {
		t.Error("Small(1) differs between two calls")
	}
	if reflect.DeepEqual(d.Incidents, Small(2).Incidents) {
		t.Error("Small(1) and Small(2) have the same incidents")
	}
}

func TestNational(t *testing.T) {
	if testing.Short() {
		t.Skip("national scenario: 290,000 vertices, a few seconds")
	}
	d := National(1)
	if len(d.Hazards) != 2000 || len(d.Incidents) != 3400 || len(d.Settlements) != 800 {
		t.Fatalf("got %d hazards, %d incidents, %d settlements", len(d.Hazards), len(d.Incidents), len(d.Settlements))
	}
	s := measure(d, WesternAzerbaijan)
	if math.Abs(s.hectares-1e6) > 1e4 {
		t.Errorf("hazards sum to %.0f ha, want about 1,000,000", s.hectares)
	}
	if s.minV < 32 || s.maxV > 256 || s.holes < 200 || s.cwShell > 0 || s.ccwHole > 0 {
		t.Errorf("stats %+v", s)
	}
	if s.inside < 2700 {
		t.Errorf("%d of 3,400 incidents inside hazards, want most", s.inside)
	}
	if s.outsideRegion > 20 {
		t.Errorf("%d points outside the region", s.outsideRegion)
	}
	// One UTM zone: 38N.
	sw, ne, _ := d.Bounds()
	if z1, z2 := geo.ZoneOf(sw), geo.ZoneOf(ne); z1 != Zone38N || z2 != Zone38N {
		t.Errorf("zones %v to %v, want 38N", z1, z2)
	}
	roundTrip(t, d)
}

func TestLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("large scenario: 20,000 vertices")
	}
	d := Large(1)
	if len(d.Hazards) != 1 || len(d.Incidents) != 3400 || len(d.Settlements) != 800 {
		t.Fatalf("got %d hazards, %d incidents, %d settlements", len(d.Hazards), len(d.Incidents), len(d.Settlements))
	}
	sw, ne, _ := d.Bounds()
	s := measure(d, orb.Bound{Min: orb.Point{sw.Lon, sw.Lat}, Max: orb.Point{ne.Lon, ne.Lat}})
	if math.Abs(s.hectares-1e5) > 1e4 {
		t.Errorf("hazard of %.0f ha, want about 100,000", s.hectares)
	}
	if s.minV != 20000 || s.holes != 20 || s.cwShell > 0 || s.ccwHole > 0 {
		t.Errorf("stats %+v", s)
	}
	if s.inside < 2700 {
		t.Errorf("%d of 3,400 incidents inside the hazard, want most", s.inside)
	}
	roundTrip(t, d)
}

func TestScaled(t *testing.T) {
	c := NationalConfig(3).Scaled(0.25)
	if c.Polygons != 500 || c.Incidents != 850 || c.Settlements != 200 || c.Hectares != 250000 {
		t.Errorf("Scaled(0.25): %+v", c)
	}
	w0 := WesternAzerbaijan.Right() - WesternAzerbaijan.Left()
	if w := c.Region.Right() - c.Region.Left(); math.Abs(w-w0/2) > 1e-9 {
		t.Errorf("Scaled(0.25) region width %v, want %v", w, w0/2)
	}
	d := Generate(c)
	s := measure(d, c.Region)
	if math.Abs(s.hectares-250000) > 2500 {
		t.Errorf("hazards sum to %.0f ha, want about 250,000", s.hectares)
	}
}

func ExampleSmall() {
	d := Small(1)
	fmt.Println(len(d.Hazards), "hazards,", len(d.Incidents), "incidents,", len(d.Settlements), "settlements")
	fmt.Println(d.Hazards[0].ID, d.Incidents[0].ID, d.Settlements[0].Name)
	// Output:
	// 50 hazards, 200 incidents, 40 settlements
	// SYN-H00001 SYN-I00001 SYN-V0001
}

func ExampleWriteFiles() {
	dir, err := os.MkdirTemp("", "scenario")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	files, err := WriteFiles(dir, Small(1))
	if err != nil {
		log.Fatal(err)
	}
	hs, _, err := readLayer(files.Hazards, func(d *geo.Dataset) []geo.Hazard { return d.Hazards })
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(filepath.Base(files.Hazards), filepath.Base(files.Incidents), filepath.Base(files.Settlements), len(hs))
	// Output: hazards.geojson incidents.csv villages.csv 50
}

// readLayer reads one file of a dataset by its extension and returns the
// layer that layer picks.
func readLayer[T any](path string, layer func(*geo.Dataset) []T) ([]T, []geo.Warning, error) {
	var files dataset.Files
	switch filepath.Base(path) {
	case "hazards.geojson":
		files.Hazards = path
	case "incidents.csv":
		files.Incidents = path
	default:
		files.Settlements = path
	}
	d, warns, err := dataset.Read(context.Background(), files, nil)
	return layer(d), warns, err
}
