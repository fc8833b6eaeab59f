package risk

import (
	"bytes"
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/landrelease/clearance/geo"
	"github.com/paulmach/orb"
)

func TestScoreMatchesBruteForce(t *testing.T) {
	ref := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	models := []struct {
		name string
		m    Model
	}{
		{"default", Model{Kind: KDE}},
		{"weights", Model{Kind: KDE, CasualtyWeight: true, HalfLifeYears: 5, Reference: ref,
			DeviceWeights: map[geo.Device]float64{geo.DeviceAP: 2, geo.DeviceUXO: 0}}},
		{"narrow", Model{Kind: KDE, BandwidthM: 350, CutoffM: 900, VillageScaleM: 700}},
		{"population", Model{Kind: KDE, PopulationWeighted: true, PopulationUnknown: 50, VillageScaleM: 1500}},
		{"recency-latest", Model{Kind: KDE, HalfLifeYears: 2}},
	}
	for seed := range uint64(3) {
		rng := rand.New(rand.NewPCG(1, 1+seed))
		d := randomDataset(rng, scenario{hazards: 40, incidents: 300, settlements: 25, inside: 0.7})
		p := project(t, d)
		for _, tc := range models {
			t.Run(tc.name, func(t *testing.T) {
				s, err := tc.m.Score(context.Background(), p, &ScoreOptions{Workers: 2})
				if err != nil {
					t.Fatal(err)
				}
				if len(s.Cells) < 1000 {
					t.Fatalf("only %d cells", len(s.Cells))
				}
				w, err := tc.m.IncidentWeights(p)
				if err != nil {
					t.Fatal(err)
				}
				prm := tc.m.params()
				var pops []float64
				for _, st := range d.Settlements {
					v := float64(st.Population)
					if v < 0 {
						v = prm.popUnknown
					}
					pops = append(pops, v)
				}
				bad := 0
				for k, c := range s.All() {
					if got := s.Grid.CellCentre(c.I, c.J); got != c.Centre {
						t.Fatalf("cell %d centre %v, want %v", k, c.Centre, got)
					}
					wantD := bruteDensity(c.Centre, p.Incidents, w, prm.h, prm.cutoff)
					wantV := bruteNearest(c.Centre, p.Settlements)
					wantP := math.Exp(-wantV / prm.lambda)
					if tc.m.PopulationWeighted {
						wantP = brutePopulation(c.Centre, p.Settlements, pops, prm.lambda, 5*prm.lambda)
					}
					if !closeRel(c.Density, wantD, 1e-9) || !closeRel(c.VillageM, wantV, 1e-9) || !closeRel(c.Proximity, wantP, 1e-9) {
						if bad++; bad < 5 {
							t.Errorf("cell %d (%d,%d): density %v village %v proximity %v; brute force %v %v %v",
								k, c.I, c.J, c.Density, c.VillageM, c.Proximity, wantD, wantV, wantP)
						}
					}
					if want := wantD * wantP * c.AreaM2 / 10000; !closeRel(c.Risk, want, 1e-9) {
						t.Fatalf("cell %d risk %v, want %v", k, c.Risk, want)
					}
				}
				if bad > 0 {
					t.Fatalf("%d of %d cells differ", bad, len(s.Cells))
				}
			})
		}
	}
}

func TestHazardAggregates(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	d := randomDataset(rng, scenario{hazards: 60, incidents: 200, settlements: 20, inside: 0.7})
	p := project(t, d)
	s, err := (&Model{Kind: KDE}).Score(context.Background(), p, &ScoreOptions{Threshold: 0.01})
	if err != nil {
		t.Fatal(err)
	}
	area, total := s.Total()
	var mass, own float64
	overlapping := false
	for h, hs := range s.Hazards {
		mass += hs.RiskMass
		own += hs.AreaM2
		var want float64
		for _, ca := range s.Grid.Cover(p.Hazards[h], nil) {
			want += ca.AreaM2
		}
		if !closeRel(hs.AreaM2, want, 1e-9) {
			t.Errorf("hazard %d area %v, want %v", h, hs.AreaM2, want)
		}
		if hs.ID != d.Hazards[h].ID {
			t.Errorf("hazard %d id %q", h, hs.ID)
		}
		if hs.Cells > 0 && !closeRel(hs.MeanRisk, hs.RiskMass/(hs.AreaM2/10000), 1e-9) {
			t.Errorf("hazard %d mean %v, mass %v area %v", h, hs.MeanRisk, hs.RiskMass, hs.AreaM2)
		}
		if hs.CellsAbove > hs.Cells || hs.GroundM2 <= 0 {
			t.Errorf("hazard %d: %+v", h, hs)
		}
	}
	for k := range s.Cells {
		if len(s.CellHazards(k)) > 1 {
			overlapping = true
		}
		var sum float64
		for q, a := range s.CellHazardAreas(k) {
			if a <= 0 || a > s.Cells[k].AreaM2*(1+1e-9) {
				t.Fatalf("cell %d hazard %d own area %v, cell %v", k, s.CellHazards(k)[q], a, s.Cells[k].AreaM2)
			}
			sum += a
		}
		if sum < s.Cells[k].AreaM2*(1-1e-9) {
			t.Fatalf("cell %d: own areas sum to %v < union %v", k, sum, s.Cells[k].AreaM2)
		}
		if len(s.CellHazards(k)) == 0 {
			t.Fatalf("cell %d has no hazard", k)
		}
	}
	if !overlapping || own <= area {
		t.Fatalf("scenario has no overlaps (own %v, union %v)", own, area)
	}
	if !closeRel(mass, total, 1e-9) {
		t.Errorf("risk masses sum to %v, total risk %v", mass, total)
	}
	top := s.TopHazards(5)
	for q := 1; q < len(top); q++ {
		if s.Hazards[top[q]].RiskMass > s.Hazards[top[q-1]].RiskMass {
			t.Errorf("TopHazards out of order: %v", top)
		}
	}
}

func TestScoreArea(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	d := randomDataset(rng, scenario{hazards: 20, incidents: 150, settlements: 10, inside: 0.7})
	// An area of interest: a square of 12 km around the base point.
	r := star(rng, geo.LonLat{Lon: baseLon, Lat: baseLat}, 9000, 24)
	d.Area = orb.MultiPolygon{orb.Polygon{r}}
	p := project(t, d)
	if _, err := (&Model{Kind: KDE}).Score(context.Background(), &geo.Projected{Projection: p.Projection}, &ScoreOptions{UseArea: true}); !errors.Is(err, ErrNoArea) {
		t.Fatalf("no area: err %v", err)
	}
	s, err := (&Model{Kind: KDE}).Score(context.Background(), p, &ScoreOptions{UseArea: true})
	if err != nil {
		t.Fatal(err)
	}
	cov, err := geo.Grid{}.CoverUnion(context.Background(), []geo.MultiPolygonXY{p.Area}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(cov.Cells) != len(s.Cells) {
		t.Fatalf("%d cells, area of interest has %d", len(s.Cells), len(cov.Cells))
	}
	hz, err := geo.Grid{}.CoverUnion(context.Background(), p.Hazards, nil)
	if err != nil {
		t.Fatal(err)
	}
	with, without := 0, 0
	for k, c := range s.All() {
		if c.AreaM2 != cov.Cells[k].AreaM2 {
			t.Fatalf("cell %d area %v, want %v", k, c.AreaM2, cov.Cells[k].AreaM2)
		}
		want := bruteDensity(c.Centre, p.Incidents, ones(len(p.Incidents)), 1000, 4000)
		if !closeRel(c.Density, want, 1e-9) {
			t.Fatalf("cell %d density %v, want %v", k, c.Density, want)
		}
		var wantH []int32
		for q := range hz.Cells {
			if hz.Cells[q].I == c.I && hz.Cells[q].J == c.J {
				wantH = hz.Members(q)
			}
		}
		if !slices.Equal(s.CellHazards(k), wantH) {
			t.Fatalf("cell %d hazards %v, want %v", k, s.CellHazards(k), wantH)
		}
		if len(wantH) > 0 {
			with++
		} else {
			without++
		}
	}
	if with == 0 || without == 0 {
		t.Fatalf("cells with hazards %d, without %d", with, without)
	}
	_, total := s.Total()
	var mass float64
	for _, hs := range s.Hazards {
		mass += hs.RiskMass
	}
	if !(mass > 0 && mass < total) {
		t.Errorf("hazard masses %v of total %v", mass, total)
	}
}

func ones(n int) []float64 {
	w := make([]float64, n)
	for k := range w {
		w[k] = 1
	}
	return w
}

func TestWorkersIdentical(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	d := randomDataset(rng, scenario{hazards: 50, incidents: 300, settlements: 20, inside: 0.7})
	p := project(t, d)
	m := &Model{Kind: KDE, CasualtyWeight: true, Lines: []LineLayer{{Name: "roads", Lines: randomLines(rng, p, 30)}}}
	var first, firstJSON []byte
	for _, w := range []int{1, 2, 8} {
		s, err := m.Score(context.Background(), p, &ScoreOptions{Workers: w})
		if err != nil {
			t.Fatal(err)
		}
		var b, g bytes.Buffer
		if err := s.WriteCSV(&b); err != nil {
			t.Fatal(err)
		}
		if err := s.WriteCellsGeoJSON(&g); err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first, firstJSON = b.Bytes(), g.Bytes()
			continue
		}
		if !bytes.Equal(first, b.Bytes()) || !bytes.Equal(firstJSON, g.Bytes()) {
			t.Fatalf("%d workers: output differs from 1 worker", w)
		}
	}
}

func TestCancelled(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	p := project(t, randomDataset(rng, scenario{hazards: 10, incidents: 10, settlements: 3}))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := (&Model{Kind: KDE}).Score(ctx, p, nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("Score: err %v, want context.Canceled", err)
	}
	if _, err := (&Model{Kind: KDE}).Backtest(ctx, p, time.Date(2010, 1, 1, 0, 0, 0, 0, time.UTC), nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("Backtest: err %v, want context.Canceled", err)
	}
	// Cancelled part way: the progress callback cancels.
	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	_, err := (&Model{Kind: KDE}).Score(ctx, p, &ScoreOptions{Progress: func(done, total int) {
		if done > total/2 {
			cancel()
		}
	}})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Score cancelled during the run: err %v", err)
	}
}

func TestProgress(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	p := project(t, randomDataset(rng, scenario{hazards: 30, incidents: 100, settlements: 5}))
	last := -1
	_, err := (&Model{Kind: KDE}).Score(context.Background(), p, &ScoreOptions{Progress: func(done, total int) {
		if done <= last || done > total {
			t.Errorf("progress %d/%d after %d", done, total, last)
		}
		last = done
		if total != progressTotal {
			t.Errorf("total %d", total)
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	if last != progressTotal {
		t.Errorf("progress ended at %d", last)
	}
}

func TestEmpty(t *testing.T) {
	p := &geo.Projected{Projection: geo.NewUTM(geo.Zone{Number: 38})}
	s, err := (&Model{Kind: KDE}).Score(context.Background(), p, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Cells) != 0 || len(s.Top(3)) != 0 {
		t.Fatalf("cells %d", len(s.Cells))
	}
	var b bytes.Buffer
	if err := s.WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	if b.String() != CSVHeaderKDE+",hazards\n" {
		t.Fatalf("csv %q", b.String())
	}
}

func TestNoSettlements(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	d := randomDataset(rng, scenario{hazards: 3, incidents: 20})
	s, err := (&Model{Kind: KDE}).Score(context.Background(), project(t, d), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range s.All() {
		if !math.IsInf(c.VillageM, 1) || c.Proximity != 0 || c.Risk != 0 {
			t.Fatalf("%+v", c)
		}
	}
	var b bytes.Buffer
	if err := s.WriteCSV(&b); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(b.Bytes(), []byte(",+Inf,")) {
		t.Fatal("CSV does not write +Inf")
	}
}

func TestSourceMissing(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	p := project(t, randomDataset(rng, scenario{hazards: 3, incidents: 20, settlements: 2}))
	q := *p
	q.Source = nil
	if _, err := (&Model{Kind: KDE, CasualtyWeight: true}).Score(context.Background(), &q, nil); !errors.Is(err, ErrSource) {
		t.Fatalf("err %v", err)
	}
	if _, err := (&Model{Kind: KDE}).Score(context.Background(), &q, nil); err != nil {
		t.Fatalf("default model without source: %v", err)
	}
}

func TestValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		m    Model
		ok   bool
	}{
		{"zero", Model{Kind: KDE}, true},
		{"negative bandwidth", Model{Kind: KDE, BandwidthM: -1}, false},
		{"NaN cutoff", Model{Kind: KDE, CutoffM: math.NaN()}, false},
		{"infinite scale", Model{Kind: KDE, VillageScaleM: math.Inf(1)}, false},
		{"negative device weight", Model{Kind: KDE, DeviceWeights: map[geo.Device]float64{geo.DeviceAT: -1}}, false},
		{"unknown combination", Model{Kind: KDE, Combination: 7}, false},
		{"unnamed layer", Model{Kind: KDE, Lines: []LineLayer{{}}}, false},
		{"reserved name", Model{Kind: KDE, Lines: []LineLayer{{Name: "risk"}}}, false},
		{"duplicate name", Model{Kind: KDE, Lines: []LineLayer{{Name: "a"}}, Polygons: []PolygonLayer{{Name: "a"}}}, false},
		{"distance column taken", Model{Kind: KDE, Lines: []LineLayer{{Name: "a"}}, Polygons: []PolygonLayer{{Name: "a_m"}}}, false},
		{"weights mismatch", Model{Kind: KDE, Polygons: []PolygonLayer{{Name: "lu", Polygons: make([]geo.MultiPolygonXY, 2)}}}, false},
		{"unknown weight", Model{Kind: KDE, Weights: map[string]float64{"roads": 1}}, false},
		{"weight on distance", Model{Kind: KDE, Lines: []LineLayer{{Name: "r"}}, Weights: map[string]float64{"r_m": 1}}, false},
		{"good weights", Model{Kind: KDE, Lines: []LineLayer{{Name: "r"}}, Weights: map[string]float64{"r": 2, "density": 0.5}}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.m.Validate()
			if (err == nil) != tc.ok {
				t.Fatalf("Validate: %v", err)
			}
			if err != nil && !errors.Is(err, ErrModel) {
				t.Fatalf("error %v does not wrap ErrModel", err)
			}
		})
	}
}

func TestWithDefaults(t *testing.T) {
	for _, tc := range []struct {
		name string
		m    Model
		want [4]float64 // bandwidth, cutoff, village scale, population unknown
	}{
		{"zero", Model{Kind: KDE}, [4]float64{DefaultBandwidthM, DefaultCutoffBandwidths * DefaultBandwidthM, DefaultVillageScaleM, 1}},
		{"bandwidth", Model{Kind: KDE, BandwidthM: 500}, [4]float64{500, DefaultCutoffBandwidths * 500, DefaultVillageScaleM, 1}},
		{"cutoff", Model{Kind: KDE, BandwidthM: 500, CutoffM: 1200}, [4]float64{500, 1200, DefaultVillageScaleM, 1}},
		{"all set", Model{Kind: KDE, BandwidthM: 300, CutoffM: 900, VillageScaleM: 800, PopulationUnknown: 50}, [4]float64{300, 900, 800, 50}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := tc.m.WithDefaults()
			if got := [4]float64{r.BandwidthM, r.CutoffM, r.VillageScaleM, r.PopulationUnknown}; got != tc.want {
				t.Errorf("WithDefaults: %v, want %v", got, tc.want)
			}
			if again := r.WithDefaults(); !reflect.DeepEqual(again, r) {
				t.Errorf("WithDefaults twice: %+v, once %+v", again, r)
			}
		})
	}

	// Scoring with the defaults set gives the same surface.
	rng := rand.New(rand.NewPCG(1, 1))
	p := project(t, randomDataset(rng, scenario{hazards: 10, incidents: 60, settlements: 5, inside: 0.7}))
	m := Model{Kind: KDE, BandwidthM: 700}
	r := m.WithDefaults()
	var out [2]bytes.Buffer
	for i, mm := range []*Model{&m, &r} {
		s, err := mm.Score(context.Background(), p, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.WriteCSV(&out[i]); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(out[0].Bytes(), out[1].Bytes()) {
		t.Error("the model with its defaults set scores differently")
	}
}

func TestIncidentWeights(t *testing.T) {
	ref := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	d := &geo.Dataset{Incidents: []geo.Incident{
		{Killed: 1, Injured: 2, Device: geo.DeviceAP, Date: ref.AddDate(-4, 0, 0).Add(-24 * time.Hour)}, // 4 years of 365.25 days, about
		{Device: geo.DeviceAT, Date: ref.AddDate(1, 0, 0)},                                              // after the reference
		{Device: geo.DeviceUXO}, // undated
	}}
	p := &geo.Projected{Source: d, Incidents: make([]geo.XY, 3)}
	m := &Model{Kind: KDE, CasualtyWeight: true, HalfLifeYears: 2, Reference: ref, DeviceWeights: map[geo.Device]float64{geo.DeviceAP: 3, geo.DeviceAT: 0.5}}
	w, err := m.IncidentWeights(p)
	if err != nil {
		t.Fatal(err)
	}
	age := ref.Sub(d.Incidents[0].Date).Hours() / (365.25 * 24)
	want := []float64{4 * 3 * math.Pow(0.5, age/2), 0.5, 1}
	for k := range want {
		if !closeRel(w[k], want[k], 1e-12) {
			t.Errorf("w[%d] = %v, want %v", k, w[k], want[k])
		}
	}
}

func TestCombinations(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	d := randomDataset(rng, scenario{hazards: 20, incidents: 150, settlements: 10, inside: 0.7})
	p := project(t, d)
	roads := randomLines(rng, p, 20)
	// Land use: two big squares with weights.
	var lu []geo.MultiPolygonXY
	for range 3 {
		c := p.Settlements[rng.IntN(len(p.Settlements))]
		r := 3000.0
		lu = append(lu, geo.MultiPolygonXY{{{{X: c.X - r, Y: c.Y - r}, {X: c.X + r, Y: c.Y - r}, {X: c.X + r, Y: c.Y + r}, {X: c.X - r, Y: c.Y + r}, {X: c.X - r, Y: c.Y - r}}}})
	}
	weights := []float64{2, 0.5, 1.5}
	layers := Model{Kind: KDE,
		Lines:    []LineLayer{{Name: "roads", Lines: roads, ScaleM: 500}},
		Polygons: []PolygonLayer{{Name: "landuse", Polygons: lu, Weights: weights, Outside: 1}},
	}
	prod := layers
	s, err := prod.Score(context.Background(), p, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(s.FactorNames, []string{"roads_m", "roads", "landuse"}) {
		t.Fatalf("factor names %v", s.FactorNames)
	}
	segs := newSegIndex(nil).segs
	for _, pl := range roads {
		for q := 1; q < len(pl); q++ {
			segs = append(segs, segment{pl[q-1], pl[q]})
		}
	}
	// Land-use oracle: per polygon Cover.
	num := map[[2]int]float64{}
	den := map[[2]int]float64{}
	for q, mp := range lu {
		for _, ca := range s.Grid.Cover(mp, nil) {
			num[[2]int{ca.I, ca.J}] += weights[q] * ca.AreaM2
			den[[2]int{ca.I, ca.J}] += ca.AreaM2
		}
	}
	covered := 0
	for k, c := range s.All() {
		best := math.Inf(1)
		for _, sg := range segs {
			best = min(best, sg.dist2(c.Centre))
		}
		ex := s.Extra(k)
		if !closeRel(ex[0], math.Sqrt(best), 1e-12) || !closeRel(ex[1], math.Exp(-math.Sqrt(best)/500), 1e-12) {
			t.Fatalf("cell %d roads %v %v, want %v", k, ex[0], ex[1], math.Sqrt(best))
		}
		wantLU := 1.0
		if a := den[[2]int{c.I, c.J}]; a > 0 {
			wantLU = num[[2]int{c.I, c.J}] / a
			covered++
		}
		if !closeRel(ex[2], wantLU, 1e-12) {
			t.Fatalf("cell %d landuse %v, want %v", k, ex[2], wantLU)
		}
		if want := c.Density * c.Proximity * ex[1] * ex[2] * c.AreaM2 / 10000; !closeRel(c.Risk, want, 1e-12) {
			t.Fatalf("cell %d product risk %v, want %v", k, c.Risk, want)
		}
		if v, ok := s.Factor(k, "landuse"); !ok || v != ex[2] {
			t.Fatalf("Factor landuse %v %v", v, ok)
		}
	}
	if covered == 0 {
		t.Fatal("land use covers no cell")
	}

	ws := layers
	ws.Combination = WeightedSum
	ws.Weights = map[string]float64{"density": 2, "landuse": 0}
	s2, err := ws.Score(context.Background(), p, nil)
	if err != nil {
		t.Fatal(err)
	}
	var mx [3]float64
	for k, c := range s2.All() {
		mx[0] = max(mx[0], c.Density)
		mx[1] = max(mx[1], c.Proximity)
		mx[2] = max(mx[2], s2.Extra(k)[1])
	}
	for k, c := range s2.All() {
		want := (2*c.Density/mx[0] + c.Proximity/mx[1] + s2.Extra(k)[1]/mx[2]) * c.AreaM2 / 10000
		if !closeRel(c.Risk, want, 1e-12) {
			t.Fatalf("cell %d weighted risk %v, want %v", k, c.Risk, want)
		}
	}

	fn := layers
	fn.Func = func(f Factors) float64 {
		r, _ := f.Value("roads")
		return f.Density + r
	}
	s3, err := fn.Score(context.Background(), p, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, c := range s3.All() {
		if want := (c.Density + s3.Extra(k)[1]) * c.AreaM2 / 10000; !closeRel(c.Risk, want, 1e-12) {
			t.Fatalf("cell %d func risk %v, want %v", k, c.Risk, want)
		}
	}
	e := s3.Explain(s3.Top(1)[0])
	if !math.IsNaN(e.Factors[0].Term) {
		t.Errorf("Func term %v, want NaN", e.Factors[0].Term)
	}
}

// randomLines returns n random polylines across the dataset's settlements.
func randomLines(rng *rand.Rand, p *geo.Projected, n int) Lines {
	var out Lines
	for range n {
		a := p.Settlements[rng.IntN(len(p.Settlements))]
		pl := []geo.XY{a}
		for range 1 + rng.IntN(6) {
			a = geo.XY{X: a.X + (rng.Float64()-0.5)*6000, Y: a.Y + (rng.Float64()-0.5)*6000}
			pl = append(pl, a)
		}
		out = append(out, pl)
	}
	out = append(out, nil, []geo.XY{p.Settlements[0]}) // empty and single-point lines
	return out
}

func TestTop(t *testing.T) {
	s := &Surface{Cells: []Cell{{Risk: 1}, {Risk: 3}, {Risk: math.NaN()}, {Risk: 3}, {Risk: 2}, {Risk: 0}}}
	for _, tc := range []struct {
		k    int
		want []int
	}{
		{0, []int{}}, {1, []int{1}}, {3, []int{1, 3, 4}}, {6, []int{1, 3, 4, 0, 5, 2}}, {99, []int{1, 3, 4, 0, 5, 2}}, {-1, []int{}},
	} {
		if got := s.Top(tc.k); !slices.Equal(got, tc.want) {
			t.Errorf("Top(%d) = %v, want %v", tc.k, got, tc.want)
		}
	}
}
