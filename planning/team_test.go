package planning

import (
	"testing"

	"github.com/landrelease/clearance/geo"
)

func TestProjectBases(t *testing.T) {
	utm := geo.NewUTM(geo.Zone{Number: 38})
	base := &geo.XY{X: 1, Y: 2}
	aghdam := geo.LonLat{Lon: 46.933611, Lat: 39.988889}
	in := []Team{{Method: MethodTS}, {Method: MethodTS, Base: base}, {Method: MethodNTS, BaseLonLat: aghdam}}
	out := ProjectBases(in, utm)
	if out[0].Base != nil || out[1].Base != base {
		t.Errorf("teams without a lon/lat base changed: %+v", out)
	}
	if out[2].Base == nil || *out[2].Base != utm.Forward(aghdam) {
		t.Errorf("base %v, want %v", out[2].Base, utm.Forward(aghdam))
	}
	if in[2].Base != nil {
		t.Error("ProjectBases changed its input")
	}
	if ProjectBases(nil, utm) != nil {
		t.Error("no teams give teams")
	}
}
