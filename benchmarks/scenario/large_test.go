package scenario

import (
	"math"
	"reflect"
	"testing"
)

func TestLargePolygon(t *testing.T) {
	p := LargePolygon(1)
	if !reflect.DeepEqual(p, LargePolygon(1)) {
		t.Fatal("same seed, different polygons")
	}
	if len(p) != 21 || len(p[0]) != 20001 {
		t.Fatalf("%d rings, shell of %d positions; want 21 and 20,001", len(p), len(p[0]))
	}
	var ha float64
	for k, r := range p {
		if r[0] != r[len(r)-1] {
			t.Errorf("ring %d not closed", k)
		}
		var a float64
		o := r[0]
		for i := 1; i+1 < len(r); i++ {
			a += (r[i].X-o.X)*(r[i+1].Y-o.Y) - (r[i+1].X-o.X)*(r[i].Y-o.Y)
		}
		a /= 2
		if (k == 0) != (a > 0) {
			t.Errorf("ring %d: signed area %g, wrong orientation", k, a)
		}
		if k > 0 && (len(r) < 101 || len(r) > 301) {
			t.Errorf("hole %d: %d positions", k, len(r))
		}
		ha += a / 1e4
	}
	if math.Abs(ha-100000) > 10000 {
		t.Errorf("area %.0f ha, want about 100,000", ha)
	}
	if c := p[0][0]; math.Abs(c.X-600000) > 25000 || math.Abs(c.Y-4445000) > 25000 {
		t.Errorf("first vertex %v is not near Aghdam", c)
	}
}
