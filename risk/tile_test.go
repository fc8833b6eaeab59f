package risk

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"

	bench "github.com/landrelease/clearance/benchmarks/scenario"
	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/geo/dataset"
)

// tiledCSV scores every tile of t from its own input and merges the tiles'
// CSVs, as a distributed run would; it also checks that each tile's input
// holds only what the tile needs.
func tiledCSV(t *testing.T, tl *Tiling, p *geo.Projected, opts *CSVOptions) []byte {
	t.Helper()
	var out bytes.Buffer
	mg := NewCSVMerger(&out)
	for _, tile := range tl.Tiles {
		in := tl.Input(p, tile)
		if len(in.Hazards) == 0 || len(in.Hazards) > len(p.Hazards) || len(in.Incidents) > len(p.Incidents) {
			t.Fatalf("tile %d: %d of %d hazards, %d of %d incidents", tile.Index, len(in.Hazards), len(p.Hazards), len(in.Incidents), len(p.Incidents))
		}
		var b bytes.Buffer
		if _, err := tl.WriteCSV(context.Background(), &b, in, tile, opts); err != nil {
			t.Fatal(err)
		}
		if err := mg.Add(&b); err != nil {
			t.Fatal(err)
		}
	}
	if err := mg.Flush(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// wholeCSV scores p whole and writes its CSV.
func wholeCSV(t *testing.T, m Model, p *geo.Projected, so ScoreOptions, opts *CSVOptions) []byte {
	t.Helper()
	s, err := m.Score(context.Background(), p, &so)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := s.WriteCSVWith(&b, opts); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// firstDiff describes where a and b first differ, by line.
func firstDiff(a, b []byte) string {
	la, lb := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	for k := range min(len(la), len(lb)) {
		if la[k] != lb[k] {
			return fmt.Sprintf("line %d:\n got %s\nwant %s", k+1, la[k], lb[k])
		}
	}
	return fmt.Sprintf("%d lines, want %d", len(la), len(lb))
}

// TestTilesMatchScore checks that the tiles of a run, each scored from its
// own input and merged in order, give the whole surface's CSV byte for
// byte, full and lean, for every tileable kind of model, for tiles of one
// row, a few rows, many rows and the default height, and for any worker
// count; and that with a bounded reach a tile leaves far incidents out.
func TestTilesMatchScore(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	d := randomDataset(rng, scenario{hazards: 30, incidents: 200, settlements: 12, inside: 0.7})
	p := project(t, d)
	roads := randomLines(rng, p, 8)
	c := p.Settlements[0]
	lu := []geo.MultiPolygonXY{{{{{X: c.X - 3000, Y: c.Y - 3000}, {X: c.X + 3000, Y: c.Y - 3000}, {X: c.X + 3000, Y: c.Y + 3000}, {X: c.X - 3000, Y: c.Y + 3000}, {X: c.X - 3000, Y: c.Y - 3000}}}}}
	models := []struct {
		name string
		m    Model
		opts ScoreOptions
	}{
		{"default", Model{}, ScoreOptions{}},
		{"weights, half-life and threshold", Model{CasualtyWeight: true, HalfLifeYears: 2, DeviceWeights: map[geo.Device]float64{1: 2}}, ScoreOptions{Threshold: 0.01}},
		{"population", Model{PopulationWeighted: true}, ScoreOptions{}},
		{"layers", Model{Lines: []LineLayer{{Name: "roads", Lines: roads}}, Polygons: []PolygonLayer{{Name: "landuse", Polygons: lu, Weights: []float64{2}, Outside: 1}}}, ScoreOptions{}},
		{"func", Model{Func: func(f Factors) float64 { return f.Density + f.Proximity }}, ScoreOptions{}},
		{"short bandwidth", Model{BandwidthM: 150}, ScoreOptions{}},
		{"50 m cells", Model{}, ScoreOptions{Grid: geo.Grid{CellM: 50}}},
	}
	defer func(v int) { bandCellsTarget = v }(bandCellsTarget)
	bandCellsTarget = 300 // several bands within a tile
	for _, tc := range models {
		want := wholeCSV(t, tc.m, p, tc.opts, nil)
		wantLean := wholeCSV(t, tc.m, p, tc.opts, &CSVOptions{Lean: true})
		for _, run := range [][2]int{{1, 1}, {7, 2}, {64, 1}, {0, 2}} {
			rows, w := run[0], run[1]
			name := fmt.Sprintf("%s, %d rows, %d workers", tc.name, rows, w)
			tl, err := tc.m.Tiles(p, &tc.opts, rows)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if rows > 0 && tl.Rows != rows || len(tl.Tiles) == 0 {
				t.Fatalf("%s: %d tiles of %d rows", name, len(tl.Tiles), tl.Rows)
			}
			if got := tiledCSV(t, tl, p, &CSVOptions{Workers: w}); !bytes.Equal(got, want) {
				t.Errorf("%s: tiles differ from the whole run: %s", name, firstDiff(got, want))
			}
			if rows != 1 && rows != 7 {
				continue // the lean CSV for the first two only
			}
			if got := tiledCSV(t, tl, p, &CSVOptions{Lean: true, Workers: w}); !bytes.Equal(got, wantLean) {
				t.Errorf("%s, lean: tiles differ from the whole run: %s", name, firstDiff(got, wantLean))
			}
		}
	}

	// A bounded reach leaves far incidents out of a tile of one row; an
	// unbounded one keeps them all.
	m := Model{BandwidthM: 150}
	tl, err := m.Tiles(p, nil, 1)
	if err != nil {
		t.Fatal(err)
	}
	reach := m.ReachM()
	if want := reach + 200; tl.ReachM != want {
		t.Errorf("ReachM %v, want %v", tl.ReachM, want)
	}
	fewer := 0
	for _, tile := range tl.Tiles {
		in := tl.Input(p, tile)
		if len(in.Incidents) < len(p.Incidents) {
			fewer++
		}
		if len(in.Settlements) != len(p.Settlements) {
			t.Fatalf("tile %d: %d of %d settlements", tile.Index, len(in.Settlements), len(p.Settlements))
		}
	}
	switch {
	case math.IsInf(reach, 1) && fewer > 0:
		t.Errorf("%d tiles leave incidents out, with an unbounded reach", fewer)
	case !math.IsInf(reach, 1) && fewer == 0:
		t.Errorf("no tile of one row leaves an incident out, with a reach of %v m", reach)
	}
}

// TestTilesScenarios checks the tiles against the whole run on the Aghdam
// data (at hectares and at 50 m), the large scenario and a seeded national
// one at a tenth of its size (examples/beam tests the whole one).
func TestTilesScenarios(t *testing.T) {
	root := filepath.Join("..", "testdata", "aghdam")
	d, _, err := dataset.Read(context.Background(), dataset.Files{
		Hazards:     filepath.Join(root, "hazards.geojson"),
		Incidents:   filepath.Join(root, "incidents.csv"),
		Settlements: filepath.Join(root, "settlements.csv"),
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	national := bench.NationalConfig(5).Scaled(0.1)
	for _, sc := range []struct {
		name string
		d    *geo.Dataset
		cell float64
		rows []int
	}{
		{"aghdam", d, 100, []int{3, 0}},
		{"aghdam 50 m", d, 50, []int{17}},
		{"large", bench.Large(3), 100, []int{25}},
		{"national", bench.Generate(national), 100, []int{40}},
	} {
		p, err := sc.d.UTM("")
		if err != nil {
			t.Fatal(err)
		}
		opts := ScoreOptions{Grid: geo.Grid{CellM: sc.cell}}
		m := Model{}
		want := wholeCSV(t, m, p, opts, nil)
		for _, rows := range sc.rows {
			tl, err := m.Tiles(p, &opts, rows)
			if err != nil {
				t.Fatal(err)
			}
			if got := tiledCSV(t, tl, p, nil); !bytes.Equal(got, want) {
				t.Errorf("%s, %d rows (%d tiles): tiles differ from the whole run: %s", sc.name, rows, len(tl.Tiles), firstDiff(got, want))
			}
		}
	}
}

// TestTilesRefused checks the runs that cannot be tiled, and the limit.
func TestTilesRefused(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 2))
	p := project(t, randomDataset(rng, scenario{hazards: 5, incidents: 20, settlements: 3, inside: 0.5}))
	p.Area = p.Hazards[0]
	for _, tc := range []struct {
		name string
		m    Model
		opts ScoreOptions
		want error
	}{
		{"weighted sum", Model{Combination: WeightedSum}, ScoreOptions{}, ErrNotTileable},
		{"area", Model{}, ScoreOptions{UseArea: true}, ErrNotTileable},
		{"bad model", Model{BandwidthM: -1}, ScoreOptions{}, ErrModel},
		{"limit", Model{}, ScoreOptions{MaxCells: 10}, geo.ErrTooManyCells},
	} {
		if _, err := tc.m.Tiles(p, &tc.opts, 0); !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
		}
	}
	empty := &geo.Projected{}
	tl, err := (&Model{}).Tiles(empty, nil, 0)
	if err != nil || len(tl.Tiles) != 0 {
		t.Errorf("empty: %v tiles, %v", tl, err)
	}
	if r := (&Model{BandwidthM: 300, CutoffM: 500}).ReachM(); r != 500 && !math.IsInf(r, 1) {
		t.Errorf("ReachM %v, want 500 (or +Inf for an untruncated model)", r)
	}
}

// TestCSVMerger checks that a merger refuses what is not a tile of the run.
func TestCSVMerger(t *testing.T) {
	for _, tc := range []struct {
		name  string
		tiles []string
		want  string
		err   bool
	}{
		{"one", []string{"a,b\n1,2\n"}, "a,b\n1,2\n", false},
		{"rows after the first header", []string{"a,b\n1,2\n", "a,b\n3,4\n5,6\n", "a,b\n"}, "a,b\n1,2\n3,4\n5,6\n", false},
		{"another header", []string{"a,b\n1,2\n", "a,c\n3,4\n"}, "", true},
		{"empty", []string{"a,b\n", ""}, "", true},
		{"no line end", []string{"a,b"}, "", true},
	} {
		var b bytes.Buffer
		mg := NewCSVMerger(&b)
		var err error
		for _, s := range tc.tiles {
			if err = mg.Add(strings.NewReader(s)); err != nil {
				break
			}
		}
		mg.Flush()
		if tc.err {
			if !errors.Is(err, ErrTileCSV) {
				t.Errorf("%s: %v, want ErrTileCSV", tc.name, err)
			}
			continue
		}
		if err != nil || b.String() != tc.want {
			t.Errorf("%s: %q, %v; want %q", tc.name, b.String(), err, tc.want)
		}
	}
}
