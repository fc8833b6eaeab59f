package benchmarks

// TestColombia is the evaluation of the risk models on real accidents:
// the ten Colombian tuning regions of testdata/colombia, each scored with
// the accidents before 2010 and judged by those of 2010-2019. Per region
// and pooled, it reports capture at the top 1, 5, 10 and 20% of the area
// and ROC-AUC for the default model, the model risk.Fit chooses from the
// accidents before 2010 alone, and the baselines: uniform, distance to the
// nearest earlier accident, the classic kde and each of the default's
// kernels alone. It is long (a fit per region): it runs only when
// CLEARANCE_COLOMBIA is set (and never with -short);
// CLEARANCE_COLOMBIA_NOFIT=1 leaves the fits out (the "fitted" rows then
// repeat the default's), CLEARANCE_COLOMBIA_FIT=A,B fits regions A and B
// only.
//
//	CLEARANCE_COLOMBIA=1 go test ./benchmarks -run TestColombia -v -timeout 30m
//	CLEARANCE_COLOMBIA=1 CLEARANCE_COLOMBIA_CELL=100 go test ./benchmarks -run TestColombia -v -timeout 60m   # hectares
//
// The table it logs is the one in benchmarks/README.md.

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/landrelease/clearance/geo"
	"github.com/landrelease/clearance/geo/dataset"
	"github.com/landrelease/clearance/risk"
)

const colombiaDir = "../testdata/colombia"

// colombiaRegion reads one region: the study box as the hazards, the
// accidents before 2010 and of 2010-2019 as the incidents, projected in the
// region's UTM zone.
func colombiaRegion(t *testing.T, name string, zone int) (all, train *geo.Projected) {
	t.Helper()
	dir := filepath.Join(colombiaDir, name)
	read := func(inc string) *geo.Dataset {
		d, _, err := dataset.Read(t.Context(), dataset.Files{Hazards: filepath.Join(dir, "area.geojson"),
			Incidents: filepath.Join(dir, inc), Settlements: filepath.Join(dir, "villages.geojson")}, nil)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	tr, te := read("train.geojson"), read("test.geojson")
	both := *tr
	both.Incidents = append(slices.Clone(tr.Incidents), te.Incidents...)
	z := strconv.Itoa(zone) + "N"
	var err error
	if all, err = both.UTM(z); err != nil {
		t.Fatal(err)
	}
	if train, err = tr.UTM(z); err != nil {
		t.Fatal(err)
	}
	return all, train
}

func TestColombia(t *testing.T) {
	if testing.Short() || os.Getenv("CLEARANCE_COLOMBIA") == "" {
		t.Skip("the Colombian evaluation scores ten regions and fits a model per region (minutes, hours under -race): run it with CLEARANCE_COLOMBIA=1")
	}
	b, err := os.ReadFile(filepath.Join(colombiaDir, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var man struct {
		Regions map[string]struct {
			UTMZone int `json:"utm_zone"`
		} `json:"regions"`
	}
	if err := json.Unmarshal(b, &man); err != nil {
		t.Fatal(err)
	}
	names := make([]string, 0, len(man.Regions))
	for n := range man.Regions {
		names = append(names, n)
	}
	slices.Sort(names)
	cell := 1000.0
	if v := os.Getenv("CLEARANCE_COLOMBIA_CELL"); v != "" {
		if cell, err = strconv.ParseFloat(v, 64); err != nil || !(cell > 0) {
			t.Fatalf("CLEARANCE_COLOMBIA_CELL %q", v)
		}
	}
	// The fits validate on 2 km cells (risk.Fit's default is 1 km) to keep
	// the run to minutes: 324 models × 3 folds a region.
	fitCell := 2000.0
	split := time.Date(2010, 1, 1, 0, 0, 0, 0, time.UTC)
	early := time.Date(2005, 1, 1, 0, 0, 0, 0, time.UTC)
	opts := &risk.ScoreOptions{Grid: geo.Grid{CellM: cell}, MaxCells: -1}
	order := []string{"default", "fitted", "uniform", "distance", "kde", "short", "long"}
	pooled := map[string][]float64{}
	aucs := map[string]float64{}
	var later float64
	var out strings.Builder
	fmt.Fprintf(&out, "cells of %g m; capture at the top 1/5/10/20%% of the area, AUC\n\n", cell)
	fmt.Fprintf(&out, "| region | test | early | model | top 1%% | top 5%% | top 10%% | top 20%% | AUC |\n|---|---:|---:|---|---:|---:|---:|---:|---:|\n")
	var worse []string
	for _, name := range names {
		all, train := colombiaRegion(t, name, man.Regions[name].UTMZone)
		var m risk.Model
		bt, err := m.Backtest(t.Context(), all, split, opts)
		if err != nil {
			t.Fatal(err)
		}
		fbt, method := bt, "not fitted (CLEARANCE_COLOMBIA_NOFIT or CLEARANCE_COLOMBIA_FIT)"
		only := os.Getenv("CLEARANCE_COLOMBIA_FIT")
		if os.Getenv("CLEARANCE_COLOMBIA_NOFIT") == "" && (only == "" || slices.Contains(strings.Split(only, ","), name)) {
			fit, err := risk.Fit(t.Context(), train, &risk.FitOptions{Grid: geo.Grid{CellM: fitCell}})
			if err != nil {
				t.Fatal(err)
			}
			if fbt, err = fit.Model.Backtest(t.Context(), all, split, opts); err != nil {
				t.Fatal(err)
			}
			method = fit.Method
		}
		nEarly := 0
		for _, in := range train.Source.Incidents {
			if in.Date.Before(early) {
				nEarly++
			}
		}
		rs := map[string]risk.Ranking{"default": bt.Model, "fitted": fbt.Model, "uniform": bt.Uniform, "distance": bt.Distance}
		for _, r := range bt.Baselines {
			rs[r.Name] = r
		}
		later += float64(bt.Later)
		for _, k := range order {
			r := rs[k]
			if pooled[k] == nil {
				pooled[k] = make([]float64, len(r.Capture))
			}
			for f, c := range r.Capture {
				pooled[k][f] += c * float64(bt.Later)
			}
			aucs[k] += r.AUC / float64(len(names))
			fmt.Fprintf(&out, "| %s | %d | %d | %s | %.3f | %.3f | %.3f | %.3f | %.3f |\n", name, bt.Later, nEarly, k,
				r.Capture[0], r.Capture[1], r.Capture[2], r.Capture[3], r.AUC)
		}
		if nEarly >= 100 {
			for f := range bt.Model.Capture {
				if d := fbt.Model.Capture[f] - bt.Model.Capture[f]; d < -0.02 {
					worse = append(worse, fmt.Sprintf("%s top %g%%: fitted %.3f, default %.3f", name, 100*bt.Fractions[f], fbt.Model.Capture[f], bt.Model.Capture[f]))
				}
			}
		}
		t.Logf("%s: fit: %s", name, method)
	}
	fmt.Fprintf(&out, "\nPooled over the regions (test accidents captured at each cut, summed; mean AUC):\n\n| model | top 1%% | top 5%% | top 10%% | top 20%% | mean AUC |\n|---|---:|---:|---:|---:|---:|\n")
	for _, k := range order {
		p := pooled[k]
		fmt.Fprintf(&out, "| %s | %.3f | %.3f | %.3f | %.3f | %.3f |\n", k, p[0]/later, p[1]/later, p[2]/later, p[3]/later, aucs[k])
	}
	var beaten []string
	for _, k := range []string{"distance", "short", "long", "kde"} {
		for f := range pooled[k] {
			if pooled["default"][f] <= pooled[k][f] {
				beaten = append(beaten, fmt.Sprintf("%s at top %g%%", k, 100*risk.BacktestFractions[f]))
			}
		}
	}
	fmt.Fprintf(&out, "\nDefault not ahead of: %v\nMean AUC of the default: %.3f\nFitted worse than the default by more than 0.02 (regions with at least 100 early accidents): %v\n",
		beaten, aucs["default"], worse)
	t.Log("\n" + out.String())
	if p := os.Getenv("CLEARANCE_COLOMBIA_OUT"); p != "" {
		if err := os.WriteFile(p, []byte(out.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// The model must at least beat chance, pooled, at every cut.
	for f := range pooled["default"] {
		if !(pooled["default"][f] > pooled["uniform"][f]) || math.IsNaN(aucs["default"]) {
			t.Errorf("default pooled capture %v not above uniform %v", pooled["default"], pooled["uniform"])
		}
	}
}
