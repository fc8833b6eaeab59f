package risk

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"math"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/internal/golden"
)

// goldenSurface scores a small seeded scenario on a 400 m grid, with
// overlapping hazards, a road layer and an id that needs CSV quoting.
func goldenSurface(t *testing.T) (*Surface, *geo.Projected) {
	rng := rand.New(rand.NewPCG(1, 1))
	d := randomDataset(rng, scenario{hazards: 4, incidents: 30, settlements: 3, inside: 0.8})
	d.Hazards[1].ID = `H,"1"`
	p := project(t, d)
	m := &Model{Kind: KDE, CasualtyWeight: true, Lines: []LineLayer{{Name: "roads", Lines: randomLines(rng, p, 3)}}}
	s, err := m.Score(context.Background(), p, &ScoreOptions{Grid: geo.Grid{CellM: 400}})
	if err != nil {
		t.Fatal(err)
	}
	return s, p
}

func TestWriteGolden(t *testing.T) {
	s, _ := goldenSurface(t)
	var c, g, h bytes.Buffer
	if err := s.WriteCSV(&c); err != nil {
		t.Fatal(err)
	}
	if err := s.WriteCellsGeoJSON(&g); err != nil {
		t.Fatal(err)
	}
	if err := s.WriteHazardsGeoJSON(&h); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, filepath.Join("testdata", "cells.csv"), c.Bytes(), "")
	golden.Check(t, filepath.Join("testdata", "cells.geojson"), g.Bytes(), "")
	golden.Check(t, filepath.Join("testdata", "hazards.geojson"), h.Bytes(), "")

	// With Exact, the bytes of the shortest formatting (the goldens of the
	// versions before 15 digits).
	c2, g2 := new(bytes.Buffer), new(bytes.Buffer)
	for _, w := range []int{1, 3} {
		c2.Reset()
		g2.Reset()
		if err := s.WriteCSVWith(c2, &CSVOptions{Exact: true, Workers: w}); err != nil {
			t.Fatal(err)
		}
		if err := s.WriteCellsGeoJSONWith(g2, &GeoJSONOptions{Exact: true, Workers: w}); err != nil {
			t.Fatal(err)
		}
		golden.Check(t, filepath.Join("testdata", "cells-exact.csv"), c2.Bytes(), "")
		golden.Check(t, filepath.Join("testdata", "cells-exact.geojson"), g2.Bytes(), "")
	}

	// The CSV reads back to the surface, within appendFloat's rounding.
	rows, err := csv.NewReader(bytes.NewReader(c.Bytes())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(strings.Join(rows[0], ","), "i,j,area_m2,density,village_m,risk") || len(rows) != len(s.Cells)+1 {
		t.Fatalf("header %v, %d rows", rows[0], len(rows))
	}
	quoted := false
	for k, row := range rows[1:] {
		c := &s.Cells[k]
		for col, want := range map[int]float64{2: c.AreaM2, 3: c.Density, 4: c.VillageM, 5: c.Risk, 8: s.LonLat(k).Lon, 11: c.Centre.Y, 12: s.Extra(k)[0]} {
			if v, err := strconv.ParseFloat(row[col], 64); err != nil || !floatClose(v, want) {
				t.Fatalf("row %d col %d: %q, want %v", k, col, row[col], want)
			}
		}
		var ids []string
		for _, h := range s.CellHazards(k) {
			ids = append(ids, s.Hazards[h].ID)
		}
		if got := row[len(row)-1]; got != strings.Join(ids, ";") {
			t.Fatalf("row %d hazards %q, want %q", k, got, strings.Join(ids, ";"))
		}
		quoted = quoted || strings.Contains(row[len(row)-1], `"`)
	}
	if !quoted {
		t.Error("no quoted hazard id in the scenario")
	}

	// The GeoJSON files are valid JSON with closed counter-clockwise rings.
	var fc struct {
		Features []struct {
			Geometry struct {
				Coordinates [][][2]float64
			}
			Properties map[string]any
		}
	}
	if err := json.Unmarshal(g.Bytes(), &fc); err != nil {
		t.Fatal(err)
	}
	if len(fc.Features) != len(s.Cells) {
		t.Fatalf("%d features", len(fc.Features))
	}
	for k, f := range fc.Features {
		r := f.Geometry.Coordinates[0]
		if len(r) != 5 || r[0] != r[4] {
			t.Fatalf("feature %d ring %v", k, r)
		}
		var a float64
		for q := range 4 {
			a += r[q][0]*r[q+1][1] - r[q+1][0]*r[q][1]
		}
		if a <= 0 {
			t.Fatalf("feature %d ring is not counter-clockwise", k)
		}
		ll := s.LonLat(k)
		if ll.Lon < r[0][0] || ll.Lon > r[1][0] || ll.Lat < r[0][1] || ll.Lat > r[2][1] {
			t.Fatalf("feature %d: centre %v outside ring %v", k, ll, r)
		}
		if !floatClose(f.Properties["risk"].(float64), s.Cells[k].Risk) {
			t.Fatalf("feature %d risk", k)
		}
	}
	var hz map[string]any
	if err := json.Unmarshal(h.Bytes(), &hz); err != nil {
		t.Fatal(err)
	}
}

func TestWriteHazardsNeedsSource(t *testing.T) {
	s, _ := goldenSurface(t)
	src := *s.src
	src.Source = nil
	s.src = &src
	if err := s.WriteHazardsGeoJSON(&bytes.Buffer{}); err != ErrSource {
		t.Fatalf("err %v", err)
	}
}

func TestAppendFloat(t *testing.T) {
	for _, v := range []float64{0, math.Copysign(0, -1), 1, -1, 1 << 53, 1<<53 + 2, -(1 << 60), 4447350, 656650.5, 1e-5, 1.5e-4, 1e21, 1e300, math.Inf(1), math.SmallestNonzeroFloat64, 0.1 + 0.2} {
		checkFloat(t, v)
	}
	if string(appendFloat(nil, 4447350)) != "4447350" || string(appendJSONFloat(nil, math.Inf(1))) != "null" {
		t.Error("format")
	}
}

func TestExplain(t *testing.T) {
	s, p := goldenSurface(t)
	k := s.Top(1)[0]
	e := s.Explain(k)
	if e.Cell != k || e.Risk != s.Cells[k].Risk || len(e.Factors) != 3 || e.Factors[2].Name != "roads" {
		t.Fatalf("%+v", e)
	}
	// Product: the terms multiply to the risk per hectare.
	prod := e.Factors[0].Term * e.Factors[1].Term * e.Factors[2].Term
	if !closeRel(prod*e.AreaM2/10000, e.Risk, 1e-12) {
		t.Fatalf("terms %v, risk %v", e.Factors, e.Risk)
	}
	if e.Nearest < 0 || !closeRel(e.NearestM, bruteNearest(s.Cells[k].Centre, p.Incidents), 1e-12) {
		t.Fatalf("nearest %d %v", e.Nearest, e.NearestM)
	}
	if e.Settlement < 0 || e.SettlementM != s.Cells[k].VillageM {
		t.Fatalf("settlement %d %v", e.Settlement, e.SettlementM)
	}
	var own float64
	for _, a := range e.HazardM2 {
		own += a
	}
	if own < s.Cells[k].AreaM2*(1-1e-9) {
		t.Fatalf("hazard areas %v in a cell of %v", e.HazardM2, s.Cells[k].AreaM2)
	}
	for _, want := range []string{"density ", "incidents within 4 km", "from S", "(proximity ", "from roads", " ha of H"} {
		if !strings.Contains(e.Text, want) {
			t.Errorf("text %q lacks %q", e.Text, want)
		}
	}
	t.Log(e)
}

// The hazards' status is spelt as geo spells it (and reads it back): "worked
// on", not "worked_on"; "" when no status is recorded.
func TestWriteHazardsGeoJSONStatus(t *testing.T) {
	s, p := goldenSurface(t)
	for _, c := range []struct {
		status geo.HazardStatus
		want   string
	}{{0, ""}, {geo.StatusOpen, "open"}, {geo.StatusWorkedOn, "worked on"}, {geo.StatusClosed, "closed"}} {
		for h := range p.Source.Hazards {
			p.Source.Hazards[h].Status = c.status
		}
		var b bytes.Buffer
		if err := s.WriteHazardsGeoJSON(&b); err != nil {
			t.Fatal(err)
		}
		var fc struct {
			Features []struct {
				Properties struct{ Status string }
			}
		}
		if err := json.Unmarshal(b.Bytes(), &fc); err != nil {
			t.Fatal(err)
		}
		if len(fc.Features) != len(p.Source.Hazards) {
			t.Fatalf("%d features for %d hazards", len(fc.Features), len(p.Source.Hazards))
		}
		for _, f := range fc.Features {
			if f.Properties.Status != c.want {
				t.Errorf("status %d written %q, want %q", c.status, f.Properties.Status, c.want)
			}
		}
	}
}

// TestWriteCSVLean: the lean CSV is the full one without ground_m2,
// proximity, lon, lat, x and y.
func TestWriteCSVLean(t *testing.T) {
	s, _ := goldenSurface(t)
	var full, lean bytes.Buffer
	if err := s.WriteCSV(&full); err != nil {
		t.Fatal(err)
	}
	if err := s.WriteCSVWith(&lean, &CSVOptions{Lean: true}); err != nil {
		t.Fatal(err)
	}
	fr, err := csv.NewReader(&full).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	lr, err := csv.NewReader(&lean).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(fr) != len(lr) {
		t.Fatalf("%d rows, full CSV has %d", len(lr), len(fr))
	}
	if got := strings.Join(lr[0], ","); !strings.HasPrefix(got, CSVHeaderKDELean+",") {
		t.Errorf("lean header %q", got)
	}
	derived := map[string]bool{"ground_m2": true, "proximity": true, "lon": true, "lat": true, "x": true, "y": true}
	for r := range fr {
		var want []string
		for c, v := range fr[r] {
			if !derived[fr[0][c]] {
				want = append(want, v)
			}
		}
		if !slices.Equal(lr[r], want) {
			t.Fatalf("row %d: lean %q, want %q", r, lr[r], want)
		}
	}
}

// The writers' bytes are the same for every worker count, and the same as
// the defaults' (GOMAXPROCS).
func TestWriteWorkers(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	d := randomDataset(rng, scenario{hazards: 50, incidents: 300, settlements: 20, inside: 0.7})
	p := project(t, d)
	m := &Model{Kind: KDE, Lines: []LineLayer{{Name: "roads", Lines: randomLines(rng, p, 10)}}}
	s, err := m.Score(context.Background(), p, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d cells", len(s.Cells))
	if len(s.Cells) < 2*rowBlock {
		t.Fatalf("%d cells: too few for several blocks", len(s.Cells))
	}
	var csvDef, leanDef, gjDef bytes.Buffer
	if err := s.WriteCSV(&csvDef); err != nil {
		t.Fatal(err)
	}
	if err := s.WriteCSVWith(&leanDef, &CSVOptions{Lean: true}); err != nil {
		t.Fatal(err)
	}
	if err := s.WriteCellsGeoJSON(&gjDef); err != nil {
		t.Fatal(err)
	}
	for _, w := range []int{1, 2, 7, -1} {
		var c, l, g bytes.Buffer
		if err := s.WriteCSVWith(&c, &CSVOptions{Workers: w}); err != nil {
			t.Fatal(err)
		}
		if err := s.WriteCSVWith(&l, &CSVOptions{Lean: true, Workers: w}); err != nil {
			t.Fatal(err)
		}
		if err := s.WriteCellsGeoJSONWith(&g, &GeoJSONOptions{Workers: w}); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(c.Bytes(), csvDef.Bytes()) || !bytes.Equal(l.Bytes(), leanDef.Bytes()) || !bytes.Equal(g.Bytes(), gjDef.Bytes()) {
			t.Errorf("%d workers: output differs from the default's", w)
		}
	}
}

// writeRows writes every row once, in order, for any count of rows, block
// size and workers.
func TestWriteRows(t *testing.T) {
	format := func(b []byte, lo, hi int) []byte {
		for k := lo; k < hi; k++ {
			b = strconv.AppendInt(b, int64(k), 10)
			b = append(b, '\n')
		}
		return b
	}
	for _, n := range []int{0, 1, 2, 3, 5, 20, 101} {
		want := format(nil, 0, n)
		for _, block := range []int{1, 3, 4096} {
			for _, w := range []int{0, 1, 2, 7, 1000} {
				var b bytes.Buffer
				if err := writeRows(&b, n, w, block, format); err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(b.Bytes(), want) {
					t.Errorf("%d rows, block %d, %d workers: %q", n, block, w, b.String())
				}
			}
		}
	}
}

// failAfter is a writer that fails once it has taken n bytes.
type failAfter struct{ n int }

var errFull = errors.New("disk full")

func (f *failAfter) Write(p []byte) (int, error) {
	if len(p) > f.n {
		k := f.n
		f.n = 0
		return k, errFull
	}
	f.n -= len(p)
	return len(p), nil
}

// TestWriteRowsError checks that writeRows returns a write error, with no
// goroutine left waiting, for any worker count, and stops writing after it.
func TestWriteRowsError(t *testing.T) {
	format := func(b []byte, lo, hi int) []byte {
		for k := lo; k < hi; k++ {
			b = append(b, "row\n"...)
		}
		return b
	}
	for _, w := range []int{1, 2, 7} {
		for _, at := range []int{0, 3, 40, 399} {
			fw := &failAfter{n: at}
			if err := writeRows(fw, 100, w, 3, format); !errors.Is(err, errFull) {
				t.Errorf("%d workers, failing at %d bytes: %v, want errFull", w, at, err)
			}
			if fw.n != 0 {
				t.Errorf("%d workers, failing at %d bytes: %d bytes left unwritten before the error", w, at, fw.n)
			}
		}
	}
}
