package main

import (
	"bytes"
	"context"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// runJob runs the main job into a new folder and returns its terminal
// output and the folder.
func runJob(t *testing.T, args ...string) (string, string) {
	t.Helper()
	dir := t.TempDir()
	var out, errb bytes.Buffer
	if code := run(context.Background(), append([]string{"-out", dir}, args...), &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	return out.String(), dir
}

// reports are the files the main job writes.
var reports = []string{
	"risk.csv", "risk.geojson", "schedule.csv", "priorities.csv", "priorities.geojson",
	"plan.kmz", "risk-map.png", "burndown.png", "summary.md",
}

func TestMainJob(t *testing.T) {
	out, dir := runJob(t, "-workers", "1")
	for _, want := range []string{
		"UTM 38N (EPSG:32638)",
		"suspected",
		"confirmed",
		"Papravənd",
		"2025-06-30 AP",
		"inside [CHA-001]",
		"The 10 riskiest hectares",
		"The 10 riskiest hazards",
		"Papravənd's neighbourhood",
		"lower bound",
		"last hectare released",
		"Top priorities",
		"with 4 more manual teams",
		"1. CHA-001/1313,8893 (ANAMA criteria: life; return of displaced people)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	// Priorities without criteria print none, not an empty list.
	if strings.Contains(out, " []") {
		t.Errorf("output prints an empty list:\n%s", out)
	}
	// One spelling of names: the source's (name), never its plain-ASCII
	// copy (name_latin), on the terminal as in the reports.
	for _, pair := range [][2]string{{"Sarıcalı", "Sarijali"}, {"Papravənd", "Papravend "}} {
		if strings.Contains(out, pair[1]) {
			t.Errorf("output spells %q as %q", pair[0], pair[1])
		}
	}
	// One spelling of names: the source's (name), never its plain-ASCII
	// copy (name_latin), on the terminal as in the reports.
	for _, pair := range [][2]string{{"Sarıcalı", "Sarijali"}, {"Papravənd", "Papravend "}} {
		if strings.Contains(out, pair[1]) {
			t.Errorf("output spells %q as %q", pair[0], pair[1])
		}
	}
	for _, name := range reports {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Errorf("report %s: %v", name, err)
			continue
		}
		if len(b) == 0 {
			t.Errorf("report %s is empty", name)
		}
		if strings.HasSuffix(name, ".png") {
			if _, err := png.Decode(bytes.NewReader(b)); err != nil {
				t.Errorf("%s: %v", name, err)
			}
		}
	}
	// The terminal and the summary name the same last working day (the
	// plan's LastRelease is the midnight after it).
	_, day, _ := strings.Cut(out, "last hectare released ")
	day, _, _ = strings.Cut(day, " (")
	last, err := time.Parse("2 January 2006", day)
	if err != nil {
		t.Fatalf("last hectare released %q: %v", day, err)
	}
	summary, _ := os.ReadFile(filepath.Join(dir, "summary.md"))
	if want := "Last hectare released: **" + last.Format(time.DateOnly) + "**"; !strings.Contains(string(summary), want) {
		t.Errorf("terminal says %s, summary.md lacks %q", day, want)
	}
	csv, _ := os.ReadFile(filepath.Join(dir, "risk.csv"))
	if !bytes.HasPrefix(csv, []byte("i,j,area_m2,density,likelihood,village_m,risk")) {
		t.Errorf("risk.csv header: %.60q", csv)
	}
}

// TestSameOutputForEveryWorkerCount checks the terminal output and every
// report but the PNGs (whose bytes depend on font rendering) byte for byte.
func TestSameOutputForEveryWorkerCount(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the job three times")
	}
	one, dir1 := runJob(t, "-workers", "1")
	one = strings.ReplaceAll(one, dir1, "OUT")
	for _, w := range []string{"2", "8"} {
		got, dir := runJob(t, "-workers", w)
		if got = strings.ReplaceAll(got, dir, "OUT"); got != one {
			t.Errorf("-workers %s: terminal output differs from -workers 1", w)
		}
		for _, name := range reports {
			if strings.HasSuffix(name, ".png") {
				continue
			}
			a, _ := os.ReadFile(filepath.Join(dir1, name))
			b, _ := os.ReadFile(filepath.Join(dir, name))
			if !bytes.Equal(a, b) {
				t.Errorf("-workers %s: %s differs from -workers 1", w, name)
			}
		}
	}
}

func TestHelp(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"-h"}, &out, &errb); code != 0 {
		t.Errorf("-h exit %d", code)
	}
	for _, flag := range []string{"-workers", "-out"} {
		if !strings.Contains(errb.String(), flag) {
			t.Errorf("usage lacks %s: %s", flag, errb.String())
		}
	}
}
