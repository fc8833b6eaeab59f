package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/landrelease/clearance/benchmarks/scenario"
)

// TestLoudWarnings: inputs that read without error but make the risk
// meaningless are said on stderr: an empty incident layer, lat and lon
// columns swapped (then no incident is near a hazard either), and 2,000
// identical warnings come as one line.
func TestLoudWarnings(t *testing.T) {
	dir := t.TempDir()
	files, err := scenario.WriteFiles(dir, scenario.Small(1))
	if err != nil {
		t.Fatal(err)
	}
	inc, err := os.ReadFile(files.Incidents)
	if err != nil {
		t.Fatal(err)
	}
	header, _, _ := strings.Cut(string(inc), "\n")
	empty := filepath.Join(dir, "empty.csv")
	os.WriteFile(empty, []byte(header+"\n"), 0o644)
	swapped := filepath.Join(dir, "swapped.csv")
	os.WriteFile(swapped, []byte(strings.Replace(string(inc), "lat,lon", "lon,lat", 1)), 0o644)
	for _, c := range []struct {
		name, incidents string
		want            []string
	}{
		{"empty incidents", empty, []string{"warning: incidents: the incident layer is empty", "cells has risk 0, so nothing ranks"}},
		{"swapped columns", swapped, []string{"200 incidents look as if latitude and longitude were swapped", "none of the 200 incidents lies within 4000 m of a hazard", "cells has risk 0"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, _, stderr := call(t, t.Context(), "score", "-hazards", files.Hazards, "-incidents", c.incidents,
				"-villages", files.Settlements, "-cells", filepath.Join(dir, "cells.csv"))
			if code != 0 {
				t.Fatalf("exit %d:\n%s", code, stderr)
			}
			for _, w := range c.want {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr lacks %q:\n%s", w, stderr)
				}
			}
		})
	}
	// Hazards without a status: one line, not 50.
	hz, err := os.ReadFile(files.Hazards)
	if err != nil {
		t.Fatal(err)
	}
	noStatus := filepath.Join(dir, "nostatus.geojson")
	s := string(hz)
	for _, st := range []string{`"status":"open"`, `"status":"suspected"`, `"status":"confirmed"`} {
		s = strings.ReplaceAll(s, st, `"status":null`)
	}
	os.WriteFile(noStatus, []byte(s), 0o644)
	code, _, stderr := call(t, t.Context(), "score", "-hazards", noStatus, "-incidents", files.Incidents,
		"-villages", files.Settlements, "-cells", filepath.Join(dir, "cells.csv"))
	if code != 0 {
		t.Fatalf("exit %d:\n%s", code, stderr)
	}
	if n := strings.Count(stderr, "no status"); n != 1 || !strings.Contains(stderr, "features: feature 0") {
		t.Errorf("%d lines on the missing status, want 1 with a count:\n%s", n, stderr)
	}
}
