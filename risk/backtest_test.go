package risk

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/landrelease/clearance/geo"
	"github.com/paulmach/orb"
)

func TestRankByHand(t *testing.T) {
	fr := []float64{0.25, 0.5, 0.75, 1}
	for _, tc := range []struct {
		name        string
		score, area []float64
		cnt         []float64
		later       int
		capture     []float64
		auc         float64
	}{
		{
			// Positives rank 1st and 3rd of 4 equal cells: 3 of 4
			// positive-negative pairs are in order.
			name: "ordered", score: []float64{4, 3, 2, 1}, area: []float64{1, 1, 1, 1}, cnt: []float64{1, 0, 1, 0},
			later: 2, capture: []float64{0.5, 0.5, 1, 1}, auc: 0.75,
		},
		{
			// Same, with one later incident missed (outside the cells).
			name: "missed", score: []float64{4, 3, 2, 1}, area: []float64{1, 1, 1, 1}, cnt: []float64{1, 0, 1, 0},
			later: 4, capture: []float64{0.25, 0.25, 0.5, 0.5}, auc: 0.75,
		},
		{
			// All tied: capture is the share of area, AUC one half.
			name: "ties", score: []float64{1, 1, 1, 1}, area: []float64{1, 1, 1, 1}, cnt: []float64{0, 0, 3, 1},
			later: 4, capture: []float64{0.25, 0.5, 0.75, 1}, auc: 0.5,
		},
		{
			// Areas weigh: the top cell is half the area and holds the
			// only positive; the cut at 25% takes half of it.
			name: "areas", score: []float64{2, 1, 0}, area: []float64{2, 1, 1}, cnt: []float64{2, 0, 0},
			later: 2, capture: []float64{0.5, 1, 1, 1}, auc: 1,
		},
		{
			// Reversed: the positive ranks last.
			name: "reversed", score: []float64{3, 2, 1}, area: []float64{1, 1, 1}, cnt: []float64{0, 0, 1},
			later: 1, capture: []float64{0, 0, 0.25, 1}, auc: 0,
		},
		{
			name: "no positive", score: []float64{3, 2, 1}, area: []float64{1, 1, 1}, cnt: []float64{0, 0, 0},
			later: 1, capture: []float64{0, 0, 0, 0}, auc: math.NaN(),
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := rank("x", tc.score, tc.area, tc.cnt, tc.later, fr)
			for f := range fr {
				if math.Abs(r.Capture[f]-tc.capture[f]) > 1e-12 {
					t.Errorf("capture %v, want %v", r.Capture, tc.capture)
					break
				}
			}
			if !(math.Abs(r.AUC-tc.auc) < 1e-12 || math.IsNaN(tc.auc) && math.IsNaN(r.AUC)) {
				t.Errorf("AUC %v, want %v", r.AUC, tc.auc)
			}
		})
	}
}

// clusteredDataset puts incidents around a few cluster centres, earlier
// ones before 2015 and later ones after, over three large hazards.
func clusteredDataset(rng *rand.Rand) *geo.Dataset {
	d := &geo.Dataset{}
	for h := range 3 {
		c := geo.LonLat{Lon: baseLon - 0.1 + 0.1*float64(h), Lat: baseLat}
		d.Hazards = append(d.Hazards, geo.Hazard{ID: "H" + itoa(h), Kind: geo.SHA,
			Geometry: orb.MultiPolygon{{star(rng, c, 6000, 16)}}})
	}
	var centres []geo.LonLat
	for range 8 {
		centres = append(centres, geo.LonLat{Lon: baseLon + (rng.Float64()-0.5)*0.25, Lat: baseLat + (rng.Float64()-0.5)*0.08})
	}
	t0 := time.Date(2005, 1, 1, 0, 0, 0, 0, time.UTC)
	for k := range 400 {
		c := centres[rng.IntN(len(centres))]
		in := geo.Incident{Point: geo.LonLat{Lon: c.Lon + rng.NormFloat64()*700/mPerDegLon(), Lat: c.Lat + rng.NormFloat64()*700/mPerDegLat},
			Date: t0.AddDate(0, 0, rng.IntN(20*365))}
		if k%40 == 0 {
			in.Date = time.Time{}
		}
		d.Incidents = append(d.Incidents, in)
	}
	for s := range 5 {
		d.Settlements = append(d.Settlements, geo.Settlement{Name: "S" + itoa(s), Population: -1,
			Point: geo.LonLat{Lon: baseLon + (rng.Float64()-0.5)*0.3, Lat: baseLat + (rng.Float64()-0.5)*0.1}})
	}
	return d
}

func TestBacktestBeatsUniform(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	d := clusteredDataset(rng)
	p := project(t, d)
	split := time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC)
	bt, err := (&Model{Kind: KDE}).Backtest(context.Background(), p, split, &ScoreOptions{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	t.Log("\n" + bt.String())
	if bt.Earlier+bt.Later+bt.Undated != len(d.Incidents) || bt.Undated != 10 || bt.Later == 0 || bt.Earlier == 0 {
		t.Fatalf("split counts %d %d %d", bt.Earlier, bt.Later, bt.Undated)
	}
	if bt.Model.AUC < 0.5+0.15 {
		t.Errorf("model AUC %v does not beat uniform", bt.Model.AUC)
	}
	if bt.Distance.AUC < 0.5+0.15 {
		t.Errorf("distance AUC %v does not beat uniform", bt.Distance.AUC)
	}
	if math.Abs(bt.Uniform.AUC-0.5) > 1e-12 {
		t.Errorf("uniform AUC %v", bt.Uniform.AUC)
	}
	inside := float64(bt.Later-bt.Missed) / float64(bt.Later)
	for f, frac := range bt.Fractions {
		if math.Abs(bt.Uniform.Capture[f]-frac*inside) > 1e-9 {
			t.Errorf("uniform capture at %v: %v, want %v", frac, bt.Uniform.Capture[f], frac*inside)
		}
		if bt.Model.Capture[f] <= bt.Uniform.Capture[f] {
			t.Errorf("model capture at %v: %v, uniform %v", frac, bt.Model.Capture[f], bt.Uniform.Capture[f])
		}
	}
	if !strings.Contains(bt.String(), "uniform") || !strings.Contains(bt.String(), "top20%") {
		t.Errorf("table:\n%s", bt)
	}
	// The surface was scored with the earlier incidents only.
	if len(bt.Surface.src.Incidents) != bt.Earlier {
		t.Errorf("surface scored with %d incidents", len(bt.Surface.src.Incidents))
	}
}

func TestBacktestNeedsDates(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	p := project(t, clusteredDataset(rng))
	q := *p
	q.Source = nil
	if _, err := (&Model{Kind: KDE}).Backtest(context.Background(), &q, time.Now(), nil); !errors.Is(err, ErrSource) {
		t.Fatalf("err %v", err)
	}
}

// A Mixture backtest carries the baselines, intervals around each capture
// and capture curves that rise from (0, 0) to the whole area.
func TestBacktestBaselinesAndIntervals(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	p := project(t, randomDataset(rng, scenario{hazards: 30, incidents: 300, settlements: 10, inside: 0.8}))
	bt, err := (&Model{}).Backtest(context.Background(), p, time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC), &ScoreOptions{Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, r := range bt.Rankings() {
		names = append(names, r.Name)
		for f, c := range r.Capture {
			if !(r.CaptureLo[f] <= c+1e-12 && c <= r.CaptureHi[f]+1e-12) {
				t.Errorf("%s top %g: capture %v outside [%v, %v]", r.Name, bt.Fractions[f], c, r.CaptureLo[f], r.CaptureHi[f])
			}
		}
		cv := r.Curve
		if len(cv) < 2 || cv[0] != (CurvePoint{}) || math.Abs(cv[len(cv)-1].AreaShare-1) > 1e-9 || len(cv) > CurvePoints+1 {
			t.Fatalf("%s: curve of %d points from %v to %v", r.Name, len(cv), cv[0], cv[len(cv)-1])
		}
		for i := 1; i < len(cv); i++ {
			if cv[i].AreaShare < cv[i-1].AreaShare || cv[i].CaptureShare < cv[i-1].CaptureShare {
				t.Fatalf("%s: curve falls at %d", r.Name, i)
			}
		}
	}
	if strings.Join(names, ",") != "model,uniform,distance,kde,short,long" {
		t.Fatalf("rankings %v", names)
	}
}
