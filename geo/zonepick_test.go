package geo_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/landrelease/clearance/geo"
	"github.com/paulmach/orb"
)

// square returns a counter-clockwise square hazard with corners (lon,
// lat) and (lon+w, lat+w), longitudes wrapped into [-180, 180].
func square(id string, lon, lat, w float64) geo.Hazard {
	wrap := func(x float64) float64 {
		if x > 180 {
			return x - 360
		}
		return x
	}
	r := orb.Ring{{wrap(lon), lat}, {wrap(lon + w), lat}, {wrap(lon + w), lat + w}, {wrap(lon), lat + w}, {wrap(lon), lat}}
	return geo.Hazard{ID: id, Kind: geo.SHA, Geometry: orb.MultiPolygon{{r}}}
}

func TestChooseZone(t *testing.T) {
	aghdam := []geo.Hazard{square("A", 46.8, 39.9, 0.05), square("B", 47.0, 40.0, 0.02)}
	stray := make([]geo.Incident, 5)
	for i := range stray {
		stray[i] = geo.Incident{ID: "S" + string(rune('1'+i)), Point: geo.LonLat{}}
	}
	cases := []struct {
		name  string
		d     geo.Dataset
		want  string
		warns []string // substrings, one warning each, in order
	}{
		{"one zone", geo.Dataset{Hazards: aghdam}, "38N", nil},
		{"five stray incidents at 0,0", geo.Dataset{Hazards: aghdam, Incidents: append([]geo.Incident{{ID: "ok", Point: geo.LonLat{Lon: 46.9, Lat: 40}}}, stray...)},
			"38N", []string{`5 incidents lie far from zone 38N`}},
		{"most area decides", geo.Dataset{Hazards: []geo.Hazard{square("big", 44.5, 40, 0.6), square("small", 41.5, 40, 0.1)}},
			"38N", []string{"span more than one UTM zone (38N, 37N by centroid"}},
		{"across the 180° meridian", geo.Dataset{Hazards: []geo.Hazard{square("E", 179.2, -17, 0.5), square("X", 179.9, -17.5, 0.3), square("W", 180.3, -17, 0.1)}},
			"60S", []string{"span more than one UTM zone (60S, 1S by centroid", "cross the 180° meridian"}},
		{"past 84°", geo.Dataset{Hazards: []geo.Hazard{square("N", 20, 84.2, 0.2)}}, "34N", []string{"latitude 84.40°, past UTM's limits"}},
		{"points only: the median", geo.Dataset{Incidents: append([]geo.Incident{{ID: "a", Point: geo.LonLat{Lon: 46.9, Lat: 40}},
			{ID: "b", Point: geo.LonLat{Lon: 47, Lat: 40}}, {ID: "c", Point: geo.LonLat{Lon: 46.5, Lat: 40.1}}}, stray[:2]...)},
			"38N", []string{"2 incidents lie far"}},
		{"area of interest without hazards", geo.Dataset{Area: square("", 30.1, -20, 0.1).Geometry}, "36S", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			z, warns, err := c.d.ChooseZone()
			if err != nil {
				t.Fatal(err)
			}
			if z.String() != c.want {
				t.Errorf("zone %s, want %s", z, c.want)
			}
			if len(warns) != len(c.warns) {
				t.Fatalf("warnings %v, want %d", warns, len(c.warns))
			}
			for i, w := range warns {
				if !strings.Contains(w.String(), c.warns[i]) || w.Field != "zone" || w.Index != -1 {
					t.Errorf("warning %d: %+v, want one with %q", i, w, c.warns[i])
				}
				if !strings.Contains(w.String(), "-zone") && !strings.Contains(w.String(), "check their coordinates") && !strings.Contains(w.String(), "UPS") {
					t.Errorf("warning %d says not how to choose: %s", i, w)
				}
			}
			// UTM("") projects in the same zone.
			p, err := c.d.UTM("")
			if err != nil || p.Projection.String() != geo.NewUTM(z).String() {
				t.Errorf("UTM(\"\") = %v, %v", p.Projection, err)
			}
		})
	}
	if _, _, err := (&geo.Dataset{}).ChooseZone(); !errors.Is(err, geo.ErrEmpty) {
		t.Errorf("empty dataset: %v", err)
	}
	var nilD *geo.Dataset
	if _, _, err := nilD.ChooseZone(); !errors.Is(err, geo.ErrEmpty) {
		t.Errorf("nil dataset: %v", err)
	}
}

// TestAntimeridianRing: a counter-clockwise shell across the 180°
// meridian is not "clockwise" (no warning, not reversed), and projected
// in the zone ChooseZone picks it covers its area on the ground.
func TestAntimeridianRing(t *testing.T) {
	ring := orb.Ring{{179.8, -17}, {-179.8, -17}, {-179.8, -16.8}, {179.8, -16.8}, {179.8, -17}}
	var warns []string
	mp, err := geo.NormalizeMultiPolygon(orb.MultiPolygon{{slices.Clone(ring)}}, false, func(f, m string) { warns = append(warns, f+": "+m) })
	if err != nil || len(warns) != 0 || mp[0][0][1] != ring[1] {
		t.Fatalf("normalised: %v, warnings %v, ring %v", err, warns, mp)
	}
	d := geo.Dataset{Hazards: []geo.Hazard{{ID: "fiji", Kind: geo.SHA, Geometry: mp}}}
	p, err := d.UTM("")
	if err != nil {
		t.Fatal(err)
	}
	var g geo.Grid
	cov, err := g.CoverUnion(context.Background(), p.Hazards, nil)
	if err != nil {
		t.Fatal(err)
	}
	// 0.4° of longitude by 0.2° of latitude at 16.9°S: about 42.6 km by 22.1 km.
	if a := cov.AreaM2() / 1e4; a < 92000 || a > 96000 {
		t.Errorf("area %.0f ha, want about 94,000 ha", a)
	}
}
