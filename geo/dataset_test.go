package geo_test

import (
	"context"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/geo/dataset"
	"github.com/landrelease/clearance/testdata/aghdam"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// dsEquirect is a test-only Projection: x = lon·1000, y = lat·2000, exact in
// floating point for the small values used here.
type dsEquirect struct{}

func (dsEquirect) Forward(p geo.LonLat) geo.XY { return geo.XY{X: p.Lon * 1000, Y: p.Lat * 2000} }
func (dsEquirect) Inverse(p geo.XY) geo.LonLat { return geo.LonLat{Lon: p.X / 1000, Lat: p.Y / 2000} }
func (dsEquirect) ScaleXY(geo.XY) float64      { return 1 }
func (dsEquirect) String() string              { return "equirectangular (test)" }

func dsSquare(x0, y0, x1, y1 float64) orb.Ring {
	return orb.Ring{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}
}

func dsSmall() *geo.Dataset {
	hole := dsSquare(1.4, 40.4, 1.6, 40.6)
	hole.Reverse()
	return &geo.Dataset{
		Hazards: []geo.Hazard{
			{ID: "A", Geometry: orb.MultiPolygon{{dsSquare(1, 40, 2, 41), hole}}},
			{ID: "B", Geometry: orb.MultiPolygon{{dsSquare(3, 40, 4, 41)}, {dsSquare(5, 40, 6, 41)}}},
			{ID: "empty"},
		},
		Incidents:   []geo.Incident{{ID: "i", Point: geo.LonLat{Lon: 1.5, Lat: 40.25}}},
		Settlements: []geo.Settlement{{Name: "s", Point: geo.LonLat{Lon: -1, Lat: 42}}, {Name: "t", Point: geo.LonLat{Lon: 0.5, Lat: 39}}},
		Area:        orb.MultiPolygon{{dsSquare(0, 39, 7, 42)}},
	}
}

func TestProject(t *testing.T) {
	d := dsSmall()
	var pr dsEquirect
	p := d.Project(pr)
	if p.Source != d || p.Projection != pr {
		t.Fatal("Source or Projection not set")
	}
	if len(p.Hazards) != 3 || len(p.Incidents) != 1 || len(p.Settlements) != 2 {
		t.Fatalf("layer sizes %d %d %d", len(p.Hazards), len(p.Incidents), len(p.Settlements))
	}
	check := func(name string, got geo.MultiPolygonXY, want orb.MultiPolygon) {
		t.Helper()
		if len(got) != len(want) {
			t.Fatalf("%s: %d polygons, want %d", name, len(got), len(want))
		}
		for k := range want {
			if len(got[k]) != len(want[k]) {
				t.Fatalf("%s polygon %d: %d rings, want %d", name, k, len(got[k]), len(want[k]))
			}
			for j := range want[k] {
				if len(got[k][j]) != len(want[k][j]) || cap(got[k][j]) != len(want[k][j]) {
					t.Fatalf("%s polygon %d ring %d: len %d cap %d, want %d", name, k, j, len(got[k][j]), cap(got[k][j]), len(want[k][j]))
				}
				for i, q := range want[k][j] {
					if w := pr.Forward(geo.LonLat{Lon: q[0], Lat: q[1]}); got[k][j][i] != w {
						t.Fatalf("%s polygon %d ring %d position %d: %v, want %v", name, k, j, i, got[k][j][i], w)
					}
				}
			}
		}
	}
	for h := range d.Hazards {
		check(d.Hazards[h].ID, p.Hazards[h], d.Hazards[h].Geometry)
	}
	check("area", p.Area, d.Area)
	if p.Hazards[2] != nil {
		t.Errorf("empty hazard projected to %v", p.Hazards[2])
	}
	if want := (geo.XY{X: 1500, Y: 80500}); p.Incidents[0] != want {
		t.Errorf("incident %v, want %v", p.Incidents[0], want)
	}
	if want := (geo.XY{X: 500, Y: 78000}); p.Settlements[1] != want {
		t.Errorf("settlement %v, want %v", p.Settlements[1], want)
	}
	// The hole is still clockwise, and appending to a ring does not spill
	// into the next.
	if a := planar.Area(ixToOrb(p.Hazards[0][0])); math.Abs(a-(2000e3-0.2*0.2*2000e3)) > 1e-3 {
		t.Errorf("area of the projected polygon with a hole: %g", a)
	}
	before := p.Hazards[0][0][1][0]
	_ = append(p.Hazards[0][0][0], geo.XY{X: -1, Y: -1})
	if p.Hazards[0][0][1][0] != before {
		t.Error("append to a ring overwrote the next ring")
	}
	// The source is untouched.
	if !dsSmall().Hazards[0].Geometry.Equal(d.Hazards[0].Geometry) {
		t.Error("Project changed its input")
	}
}

func TestProjectEmpty(t *testing.T) {
	for name, d := range map[string]*geo.Dataset{"nil": nil, "empty": {}} {
		p := d.Project(dsEquirect{})
		if p.Hazards != nil || p.Incidents != nil || p.Settlements != nil || p.Area != nil || p.Source != d {
			t.Errorf("%s: %+v", name, p)
		}
	}
	defer func() {
		if r := recover(); r == nil || !strings.HasPrefix(r.(string), "geo: ") {
			t.Errorf("nil Projection: recovered %v, want a geo: panic", r)
		}
	}()
	dsSmall().Project(nil)
}

func TestBoundsCentroid(t *testing.T) {
	ll := func(lon, lat float64) geo.LonLat { return geo.LonLat{Lon: lon, Lat: lat} }
	for _, tc := range []struct {
		name       string
		d          *geo.Dataset
		sw, ne, c  geo.LonLat
		ok         bool
		noPosition bool
	}{
		{name: "nil", d: nil},
		{name: "empty", d: &geo.Dataset{}},
		{name: "empty geometry", d: &geo.Dataset{Hazards: []geo.Hazard{{}}, Area: orb.MultiPolygon{}}},
		{name: "only NaN", d: &geo.Dataset{Incidents: []geo.Incident{{Point: ll(math.NaN(), 40)}}}},
		{name: "one settlement", d: &geo.Dataset{Settlements: []geo.Settlement{{Point: ll(46.84, 40.16)}}},
			sw: ll(46.84, 40.16), ne: ll(46.84, 40.16), c: ll(46.84, 40.16), ok: true},
		{name: "every layer", d: dsSmall(), sw: ll(-1, 39), ne: ll(7, 42), c: ll(3, 40.5), ok: true},
		{name: "NaN skipped", d: &geo.Dataset{
			Incidents:   []geo.Incident{{Point: ll(math.Inf(1), 0)}, {Point: ll(10, 20)}},
			Settlements: []geo.Settlement{{Point: ll(12, 22)}},
		}, sw: ll(10, 20), ne: ll(12, 22), c: ll(11, 21), ok: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sw, ne, ok := tc.d.Bounds()
			if ok != tc.ok || sw != tc.sw || ne != tc.ne {
				t.Errorf("Bounds = %v %v %v, want %v %v %v", sw, ne, ok, tc.sw, tc.ne, tc.ok)
			}
			c, ok := tc.d.Centroid()
			if ok != tc.ok || c != tc.c {
				t.Errorf("Centroid = %v %v, want %v %v", c, ok, tc.c, tc.ok)
			}
		})
	}
}

func TestDatasetUTM(t *testing.T) {
	d := &geo.Dataset{
		Incidents:   []geo.Incident{{Point: geo.LonLat{Lon: 46.841667, Lat: 40.158333}}},
		Settlements: []geo.Settlement{{Point: geo.LonLat{Lon: 46.933611, Lat: 39.988889}}},
	}
	for _, tc := range []struct {
		zone string
		want geo.Zone
		err  error
	}{
		{zone: "", want: geo.Zone{Number: 38}},
		{zone: "39N", want: geo.Zone{Number: 39}},
		{zone: "EPSG:32638", want: geo.Zone{Number: 38}},
		{zone: "38S", want: geo.Zone{Number: 38, South: true}},
		{zone: "61N", err: geo.ErrBadZone},
		{zone: "north", err: geo.ErrBadZone},
	} {
		p, err := d.UTM(tc.zone)
		if tc.err != nil {
			if !errors.Is(err, tc.err) || p != nil {
				t.Errorf("UTM(%q) = %v, %v; want an error wrapping %v", tc.zone, p, err, tc.err)
			}
			continue
		}
		if err != nil {
			t.Fatalf("UTM(%q): %v", tc.zone, err)
		}
		u, ok := p.Projection.(*geo.UTM)
		if !ok || u.Zone() != tc.want {
			t.Errorf("UTM(%q): projection %v, want zone %v", tc.zone, p.Projection, tc.want)
			continue
		}
		if want := geo.NewUTM(tc.want).Forward(d.Incidents[0].Point); p.Incidents[0] != want {
			t.Errorf("UTM(%q): incident at %v, want %v", tc.zone, p.Incidents[0], want)
		}
	}
	if _, err := (&geo.Dataset{}).UTM(""); !errors.Is(err, geo.ErrEmpty) {
		t.Errorf("empty dataset, zone chosen from data: err = %v, want ErrEmpty", err)
	}
	if p, err := (&geo.Dataset{}).UTM("38N"); err != nil || p == nil {
		t.Errorf("empty dataset, zone named: %v, %v", p, err)
	}
}

// The Aghdam hazards projected to their own UTM zone and indexed: the
// Papravend accident lies in CHA-001, and the scenario's total area measured
// in UTM agrees with the local-plane figure of the file.
func TestAghdamProjectAndIndex(t *testing.T) {
	d, _, err := dataset.Read(context.Background(), dataset.Files{Hazards: aghdam.Hazards}, &dataset.Options{FS: aghdam.FS})
	if err != nil {
		t.Fatal(err)
	}
	acc := geo.LonLat{Lon: 46.841667, Lat: 40.158333}
	d.Incidents = []geo.Incident{{Point: acc}}
	p, err := d.UTM("")
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Projection.String(); got != "UTM 38N (EPSG:32638)" {
		t.Errorf("projection %s", got)
	}
	x := geo.NewIndex(p)
	var in []string
	for h := range x.HazardsContaining(p.Incidents[0]) {
		in = append(in, d.Hazards[h].ID)
	}
	if !slices.Contains(in, "CHA-001") {
		t.Errorf("accident in %v, want CHA-001", in)
	}
	for h, mp := range p.Hazards {
		var a float64
		for _, poly := range mp {
			a += planar.Area(ixToOrb(poly))
		}
		// Grid area over ground area is k² ≈ 0.9996² to 1.0001 here; the
		// file's figure is within 1% of the ground.
		want, _ := d.Hazards[h].Properties["area_ha"].(float64)
		want *= 1e4
		if math.Abs(a-want) > 0.012*want {
			t.Errorf("%s: UTM area %.0f m², file says %.0f m²", d.Hazards[h].ID, a, want)
		}
	}
}
