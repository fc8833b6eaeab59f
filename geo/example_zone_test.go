package geo_test

import (
	"fmt"

	"github.com/landrelease/clearance/geo"
	"github.com/paulmach/orb"
)

// The zone comes from the hazards' area: five incidents at a 0,0
// placeholder do not move it, and are named in a warning.
func ExampleDataset_ChooseZone() {
	ring := orb.Ring{{46.8, 39.9}, {46.9, 39.9}, {46.9, 40}, {46.8, 40}, {46.8, 39.9}}
	d := geo.Dataset{Hazards: []geo.Hazard{{ID: "H1", Kind: geo.SHA, Geometry: orb.MultiPolygon{{ring}}}}}
	for _, id := range []string{"a", "b", "c", "d", "e"} {
		d.Incidents = append(d.Incidents, geo.Incident{ID: id})
	}
	z, warns, err := d.ChooseZone()
	fmt.Println(z, err)
	for _, w := range warns {
		fmt.Println(w.Field, len(w.Message) > 0)
	}
	// Output:
	// 38N <nil>
	// zone true
}
