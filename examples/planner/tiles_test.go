package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/landrelease/clearance/benchmarks/scenario"
)

// childArgsEnv, when set, makes TestTilesChild run the planner with these
// arguments (separated by newlines) as a process of its own would, so that
// TestTilesResumeAfterKill can kill it.
const childArgsEnv = "CLEARANCE_PLANNER_CHILD_ARGS"

// TestTilesChild is the planner's main in a child process; it does nothing
// unless childArgsEnv is set.
func TestTilesChild(t *testing.T) {
	args := os.Getenv(childArgsEnv)
	if args == "" {
		return
	}
	os.Exit(run(context.Background(), strings.Split(args, "\n"), os.Stdout, os.Stderr))
}

// TestTilesResumeAfterKill runs score -tiles in a child process, kills it
// (SIGKILL) once a few tiles are written, runs it again over the same
// directory and checks that the second run skips the tiles already done
// and writes the bytes of a run without -tiles.
func TestTilesResumeAfterKill(t *testing.T) {
	dir := t.TempDir()
	files, err := scenario.WriteFiles(dir, scenario.Large(2))
	if err != nil {
		t.Fatal(err)
	}
	base := []string{"score", "-zone", "38N", "-cell", "50",
		"-hazards", files.Hazards, "-incidents", files.Incidents, "-villages", files.Settlements}
	want := filepath.Join(dir, "whole.csv")
	if code, _, stderr := call(t, t.Context(), append(base, "-q", "-cells", want)...); code != 0 {
		t.Fatalf("without -tiles: exit %d, stderr:\n%s", code, stderr)
	}
	tiles, got := filepath.Join(dir, "tiles"), filepath.Join(dir, "tiled.csv")
	args := append(base, "-q", "-cells", got, "-tiles", tiles, "-tile-rows", "10")

	cmd := exec.Command(os.Args[0], "-test.run=^TestTilesChild$")
	cmd.Env = append(os.Environ(), childArgsEnv+"="+strings.Join(args, "\n"))
	var childErr bytes.Buffer
	cmd.Stderr = &childErr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := func() int {
		m, _ := filepath.Glob(filepath.Join(tiles, "tile-*.csv"))
		return len(m)
	}
	deadline := time.Now().Add(2 * time.Minute)
	for done() < 3 && time.Now().Before(deadline) {
		time.Sleep(2 * time.Millisecond)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	err = cmd.Wait()
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() {
		t.Fatalf("the child was not killed (%v), stderr:\n%s", err, childErr.String())
	}
	before := done()
	if before < 3 {
		t.Fatalf("%d tiles written before the kill", before)
	}
	if _, err := os.Stat(got); err == nil {
		t.Fatalf("%s written by the killed run", got)
	}

	code, _, stderr := call(t, t.Context(), append(base, "-cells", got, "-tiles", tiles, "-tile-rows", "10")...)
	if code != 0 {
		t.Fatalf("resumed: exit %d, stderr:\n%s", code, stderr)
	}
	if !strings.Contains(stderr, " were done already") || strings.Contains(stderr, "; 0 were done already") {
		t.Errorf("the resumed run did not skip the %d tiles done:\n%s", before, stderr)
	}
	if after := done(); after <= before {
		t.Fatalf("%d tiles after the resumed run, %d before: the kill came after the last tile", after, before)
	}
	a, errA := os.ReadFile(want)
	b, errB := os.ReadFile(got)
	if errA != nil || errB != nil || !bytes.Equal(a, b) {
		t.Errorf("resumed tiled run (%d bytes) differs from the run without -tiles (%d bytes): %v %v", len(b), len(a), errA, errB)
	}
	if m, _ := filepath.Glob(filepath.Join(tiles, "*.tmp")); len(m) > 0 {
		t.Errorf("temporary files left: %v", m)
	}

	// Another run's flags refuse the directory.
	code, _, stderr = call(t, t.Context(), append(base, "-village-scale", "500", "-cells", got, "-tiles", tiles, "-tile-rows", "10")...)
	if code != 1 || !strings.Contains(stderr, "holds the tiles of another run") {
		t.Errorf("other flags over the same -tiles: exit %d, stderr:\n%s", code, stderr)
	}
}

// TestTilesUsage checks what -tiles refuses.
func TestTilesUsage(t *testing.T) {
	dir := t.TempDir()
	in := []string{"-hazards", aghdam.hazards, "-incidents", aghdam.incidents, "-villages", aghdam.settlements,
		"-cells", filepath.Join(dir, "c.csv"), "-tiles", filepath.Join(dir, "t")}
	for _, extra := range [][]string{{"-geojson", filepath.Join(dir, "c.geojson")}, {"-hazards-out", filepath.Join(dir, "h.geojson")},
		{"-area", aghdam.hazards}, {"-tile-rows", "-1"}} {
		if code, _, stderr := call(t, t.Context(), append(append([]string{"score"}, in...), extra...)...); code != exitUsage {
			t.Errorf("%v: exit %d, want %d; stderr:\n%s", extra, code, exitUsage, stderr)
		}
	}
}
