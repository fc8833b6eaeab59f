package risk

import (
	"bytes"
	"context"
	"errors"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/landrelease/clearance/geo"
)

// TestScoreBandsMatchesScore checks that the bands of ScoreBands, written
// with a CSVStream, give the bytes of the whole surface's CSV (full and
// lean), and that the summary is the surface's (totals and per-hazard
// aggregates bit for bit, the hazards GeoJSON byte for byte), for every
// kind of model, for bands of a few rows and of the default size, and for
// any worker count.
func TestScoreBandsMatchesScore(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	d := randomDataset(rng, scenario{hazards: 30, incidents: 200, settlements: 12, inside: 0.7})
	p := project(t, d)
	p.Area = geo.MultiPolygonXY{{{{X: 590000, Y: 4420000}, {X: 630000, Y: 4420000}, {X: 630000, Y: 4460000}, {X: 590000, Y: 4460000}, {X: 590000, Y: 4420000}}}}
	roads := randomLines(rng, p, 8)
	c := p.Settlements[0]
	lu := []geo.MultiPolygonXY{{{{{X: c.X - 3000, Y: c.Y - 3000}, {X: c.X + 3000, Y: c.Y - 3000}, {X: c.X + 3000, Y: c.Y + 3000}, {X: c.X - 3000, Y: c.Y + 3000}, {X: c.X - 3000, Y: c.Y - 3000}}}}}
	models := []struct {
		name string
		m    Model
		opts ScoreOptions
	}{
		{"default", Model{}, ScoreOptions{}},
		{"weights and threshold", Model{CasualtyWeight: true, HalfLifeYears: 5, DeviceWeights: map[geo.Device]float64{1: 2}}, ScoreOptions{Threshold: 0.01}},
		{"population", Model{PopulationWeighted: true}, ScoreOptions{}},
		{"layers", Model{Lines: []LineLayer{{Name: "roads", Lines: roads}}, Polygons: []PolygonLayer{{Name: "landuse", Polygons: lu, Weights: []float64{2}, Outside: 1}}}, ScoreOptions{}},
		{"func", Model{Func: func(f Factors) float64 { return f.Density + f.Proximity }}, ScoreOptions{}},
		{"weighted sum (whole)", Model{Combination: WeightedSum}, ScoreOptions{}},
		{"area (whole)", Model{}, ScoreOptions{UseArea: true}},
		{"50 m cells", Model{}, ScoreOptions{Grid: geo.Grid{CellM: 50}}},
	}
	defer func(v int) { bandCellsTarget = v }(bandCellsTarget)
	for _, tc := range models {
		s, err := tc.m.Score(context.Background(), p, &tc.opts)
		if err != nil {
			t.Fatal(err)
		}
		area, total := s.Total()
		var want, wantLean, wantHaz bytes.Buffer
		if err := s.WriteCSV(&want); err != nil {
			t.Fatal(err)
		}
		if err := s.WriteCSVWith(&wantLean, &CSVOptions{Lean: true}); err != nil {
			t.Fatal(err)
		}
		if err := s.WriteHazardsGeoJSON(&wantHaz); err != nil {
			t.Fatal(err)
		}
		for _, target := range []int{200, BandCells} {
			for _, w := range []int{1, 2} {
				bandCellsTarget = target
				opts := tc.opts
				opts.Workers = w
				var got, gotLean, gotHaz bytes.Buffer
				full, lean := NewCSVStream(&got, nil), NewCSVStream(&gotLean, &CSVOptions{Lean: true, Workers: w})
				sum, err := tc.m.ScoreBands(context.Background(), p, &opts, func(b *Surface) error {
					if err := full.Write(b); err != nil {
						return err
					}
					return lean.Write(b)
				})
				if err != nil {
					t.Fatal(err)
				}
				full.Flush()
				lean.Flush()
				if err := sum.WriteHazardsGeoJSON(&gotHaz); err != nil {
					t.Fatal(err)
				}
				name := tc.name
				if !bytes.Equal(got.Bytes(), want.Bytes()) || !bytes.Equal(gotLean.Bytes(), wantLean.Bytes()) {
					t.Errorf("%s, %d cells a band, %d workers: CSV differs from the whole surface's (%d bands)", name, target, w, sum.Bands)
				}
				if !bytes.Equal(gotHaz.Bytes(), wantHaz.Bytes()) || !reflect.DeepEqual(sum.Hazards, s.Hazards) {
					t.Errorf("%s, %d cells a band, %d workers: hazard aggregates differ", name, target, w)
				}
				if sum.Cells != len(s.Cells) || sum.AreaM2 != area || sum.Risk != total {
					t.Errorf("%s: summary %d cells %v m² risk %v, want %d %v %v", name, sum.Cells, sum.AreaM2, sum.Risk, len(s.Cells), area, total)
				}
				if whole := tc.m.Combination == WeightedSum || tc.opts.UseArea; target == 200 && !whole && sum.Bands < 5 {
					t.Errorf("%s: %d bands of about 200 cells: too few for a test", name, sum.Bands)
				}
			}
		}
	}
}

func TestScoreBandsEdges(t *testing.T) {
	// No hazards: one empty band, and the CSV is the header alone.
	p := &geo.Projected{Projection: geo.NewUTM(geo.Zone{Number: 38})}
	var b bytes.Buffer
	cs := NewCSVStream(&b, nil)
	calls := 0
	sum, err := (&Model{}).ScoreBands(context.Background(), p, nil, func(s *Surface) error { calls++; return cs.Write(s) })
	if err != nil || calls != 1 || sum.Cells != 0 {
		t.Fatalf("empty: %v, %d calls, %+v", err, calls, sum)
	}
	cs.Flush()
	if b.String() != CSVHeader+",hazards\n" {
		t.Errorf("empty CSV %q", b.String())
	}
	// f's error stops the run; so does a done context and the cell limit.
	rng := rand.New(rand.NewPCG(1, 1))
	q := project(t, randomDataset(rng, scenario{hazards: 5, incidents: 20, settlements: 3}))
	stop := errors.New("stop")
	if _, err := (&Model{}).ScoreBands(context.Background(), q, nil, func(*Surface) error { return stop }); !errors.Is(err, stop) {
		t.Errorf("f's error: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := (&Model{}).ScoreBands(ctx, q, nil, func(*Surface) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
	if _, err := (&Model{}).ScoreBands(context.Background(), q, &ScoreOptions{MaxCells: 10}, func(*Surface) error { return nil }); !errors.Is(err, geo.ErrTooManyCells) {
		t.Errorf("past MaxCells: %v", err)
	}
}
