package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"

	"github.com/landrelease/clearance/benchmarks/scenario"
	"github.com/landrelease/clearance/geo"
)

func TestMain(m *testing.M) {
	flag.Parse()
	beam.Init()
	os.Exit(m.Run())
}

// buildPlanner builds examples/planner of the library (the repository's
// root module) into dir and returns its path.
func buildPlanner(t *testing.T, dir string) string {
	t.Helper()
	bin := filepath.Join(dir, "planner")
	cmd := exec.Command("go", "build", "-o", bin, "./examples/planner")
	cmd.Dir = filepath.Join("..", "..")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building the planner: %v\n%s", err, out)
	}
	return bin
}

// TestPipelineMatchesPlanner runs the pipeline on prism (Beam's local
// runner) over the large scenario and the seeded national one (a tenth of
// it under -short), and checks
// that DIR/cells.csv is, byte for byte, what planner score -cells writes
// with the same flags, that there is a shard per tile, each a CSV with the
// header, and that running again over the same DIR gives the same bytes
// and removes the shards of the earlier run.
func TestPipelineMatchesPlanner(t *testing.T) {
	dir := t.TempDir()
	planner := buildPlanner(t, dir)
	national := scenario.NationalConfig(11)
	if testing.Short() {
		national = scenario.NationalConfig(11).Scaled(0.1)
	}
	for _, sc := range []struct {
		name  string
		d     *geo.Dataset
		flags []string
	}{
		{"large", scenario.Large(4), []string{"-zone", "38N", "-cell", "50", "-tile-rows", "40"}},
		{"large lean", scenario.Large(4), []string{"-cell", "100", "-bandwidth", "700", "-village-scale", "1500", "-lean", "-tile-rows", "100"}},
		{"national", scenario.Generate(national), []string{"-zone", "38N", "-tile-rows", "300", "-workers", "1"}},
	} {
		t.Run(sc.name, func(t *testing.T) {
			in := filepath.Join(dir, strings.ReplaceAll(sc.name, " ", "-"))
			if err := os.MkdirAll(in, 0o755); err != nil {
				t.Fatal(err)
			}
			files, err := scenario.WriteFiles(in, sc.d)
			if err != nil {
				t.Fatal(err)
			}
			inputs := []string{"-hazards", files.Hazards, "-incidents", files.Incidents, "-villages", files.Settlements}
			want := filepath.Join(in, "planner.csv")
			var plannerFlags []string
			for k := 0; k < len(sc.flags); k++ {
				if sc.flags[k] == "-tile-rows" {
					k++
					continue
				}
				plannerFlags = append(plannerFlags, sc.flags[k])
			}
			cmd := exec.Command(planner, append(append(append([]string{"score", "-q", "-max-cells", "0"}, inputs...), plannerFlags...), "-cells", want)...)
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("planner: %v\n%s", err, out)
			}
			wantB, err := os.ReadFile(want)
			if err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(in, "out")
			for run := range 2 {
				cfg, rest, _, err := parseFlags(append(append(inputs, sc.flags...), "-out", out), io.Discard)
				if err != nil || len(rest) != 0 {
					t.Fatalf("flags: %v, left %v", err, rest)
				}
				var stderr bytes.Buffer
				if err := launch(context.Background(), cfg, false, &stderr); err != nil {
					t.Fatalf("run %d: %v\n%s", run, err, stderr.String())
				}
				got, err := os.ReadFile(filepath.Join(out, "cells.csv"))
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(got, wantB) {
					t.Fatalf("run %d: cells.csv (%d bytes) differs from planner score -cells (%d bytes)", run, len(got), len(wantB))
				}
				// A shard of an earlier run, with more tiles, is removed
				// by the next run.
				stale := filepath.Join(out, "tiles", "tile-99999.csv")
				if run == 1 {
					if _, err := os.Stat(stale); err == nil {
						t.Errorf("%s left by the second run", stale)
					}
				} else if err := os.WriteFile(stale, []byte("i,j\n"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			shards, _ := filepath.Glob(filepath.Join(out, "tiles", "tile-*.csv"))
			if len(shards) < 2 {
				t.Fatalf("%d shards", len(shards))
			}
			header := wantB[:bytes.IndexByte(wantB, '\n')+1]
			for _, s := range shards {
				b, err := os.ReadFile(s)
				if err != nil || !bytes.HasPrefix(b, header) {
					t.Errorf("%s does not start with the header (%v)", s, err)
				}
			}
			if tmp, _ := filepath.Glob(filepath.Join(out, "*", "*.tmp")); len(tmp) > 0 {
				t.Errorf("temporary files left: %v", tmp)
			}
			t.Logf("%d shards, %d bytes", len(shards), len(wantB))
		})
	}
}

// TestBadInput checks that bad input fails in the launcher, naming the
// file, before any job runs.
func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	files, err := scenario.WriteFiles(dir, scenario.Small(1))
	if err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(dir, "bad.csv")
	if err := os.WriteFile(bad, []byte("lat,lon\n40.1,not-a-number\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, _, _, err := parseFlags([]string{"-hazards", files.Hazards, "-incidents", bad, "-villages", files.Settlements, "-out", filepath.Join(dir, "out")}, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	err = launch(context.Background(), cfg, true, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "bad.csv") {
		t.Errorf("bad incidents: %v, want an error naming bad.csv", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "out")); err == nil {
		t.Errorf("output written despite the bad input")
	}
}

// TestParseFlags checks that this program's flags are taken out of the
// command line and Beam's are left, and the usage errors.
func TestParseFlags(t *testing.T) {
	base := []string{"-hazards", "h.geojson", "-incidents=i.csv", "--villages", "v.csv", "-out", "o"}
	cfg, rest, quiet, err := parseFlags(append(append([]string{"-runner", "prism", "-zone", "37N"}, base...), "-lean", "-q", "-project=p", "-cell", "10", "-async"), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	want := Config{Hazards: "h.geojson", Incidents: "i.csv", Villages: "v.csv", Zone: "37N", Model: "mixture",
		CellM: 10, BandwidthM: 1000, VillageScaleM: 2000, Lean: true, Out: "o"}
	if !reflect.DeepEqual(cfg, want) || !quiet {
		t.Errorf("config %+v (quiet %v), want %+v", cfg, quiet, want)
	}
	if fmt.Sprint(rest) != "[-runner prism -project=p -async]" {
		t.Errorf("left for Beam: %v", rest)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-out", "o", "-incidents", "i", "-villages", "v"}, "-hazards is required"},
		{append(base, "-zone", "99X"), "-zone"},
		{append(base, "-cell", "0"), "-cell must be positive"},
		{append(base, "-model", "no-such-file.json"), "-model"},
		{append(base, "-tile-rows", "-2"), "must be 0 or more"},
	} {
		if _, _, _, err := parseFlags(tc.args, io.Discard); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: %v, want %q", tc.args, err, tc.want)
		}
	}
}
