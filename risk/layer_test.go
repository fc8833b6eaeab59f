package risk

import (
	"bytes"
	"context"
	"encoding/csv"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/landrelease/clearance/geo"
	"github.com/paulmach/orb"
)

// TestCellsLayer: the layer's rows hold, value for value, what WriteCSV
// writes, and its squares are those WriteCellsGeoJSON writes.
func TestCellsLayer(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	d := randomDataset(rng, scenario{hazards: 8, incidents: 40, settlements: 6, inside: 0.7})
	s, err := (&Model{}).Score(context.Background(), project(t, d), nil)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := s.WriteCSV(&buf); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, points := range []bool{false, true} {
		l, err := s.CellsLayer(&LayerOptions{Points: points})
		if err != nil {
			t.Fatal(err)
		}
		for k, c := range l.Columns {
			if c.Name != recs[0][k] {
				t.Fatalf("column %d is %q, the CSV's %q", k, c.Name, recs[0][k])
			}
		}
		n := 0
		for g, vals := range l.Rows {
			rec := recs[1+n]
			for k, v := range vals {
				var text string
				switch x := v.(type) {
				case int:
					text = strconv.Itoa(x)
				case float64:
					text = string(appendFloat(nil, x))
				case string:
					text = x
				}
				if text != rec[k] {
					t.Fatalf("row %d column %s: %v, the CSV has %q", n, l.Columns[k].Name, v, rec[k])
				}
			}
			ll := s.LonLat(n)
			switch g := g.(type) {
			case orb.Point:
				if !points || g != (orb.Point{ll.Lon, ll.Lat}) {
					t.Fatalf("row %d: point %v", n, g)
				}
			case orb.Polygon:
				c := s.Cells[n]
				size := s.Grid.Size()
				sw := s.Projection.Inverse(geo.XY{X: float64(c.I) * size, Y: float64(c.J) * size})
				if points || len(g) != 1 || len(g[0]) != 5 || g[0][0] != (orb.Point{sw.Lon, sw.Lat}) || g[0][4] != g[0][0] {
					t.Fatalf("row %d: square %v", n, g)
				}
			}
			n++
		}
		if n != len(s.Cells) || n == 0 {
			t.Fatalf("%d rows for %d cells", n, len(s.Cells))
		}
	}
	hl, err := s.HazardsLayer()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for g, vals := range hl.Rows {
		if vals[0] != s.Hazards[n].ID || vals[5] != s.Hazards[n].RiskMass || g == nil {
			t.Fatalf("hazard %d: %v", n, vals)
		}
		n++
	}
	if n != len(s.Hazards) {
		t.Fatalf("%d hazard rows", n)
	}
}
