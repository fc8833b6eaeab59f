package main

import (
	"bytes"
	"errors"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/landrelease/clearance/benchmarks/scenario"
)

// TestInterruptAnyPhase runs the built planner on a seeded scenario large
// enough to take seconds (1,500 hazards, 3,400 incidents: reading, scoring,
// planning, 20 uncertainty plans and 57 report files), sends SIGINT at
// seeded random moments and checks that it exits with 130 well within 5 s
// of the signal (the latency is logged: it is measured, not asserted
// tightly), and that every file it leaves is byte for byte the file of a
// complete run: no partial file, no temporary file. SIGTERM is checked
// once too.
func TestInterruptAnyPhase(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the planner and runs it several times")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "planner")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	c := scenario.SmallConfig(3)
	c.Polygons, c.Hectares, c.Incidents, c.Settlements = 1500, 150000, 3400, 500
	files, err := scenario.WriteFiles(dir, scenario.Generate(c))
	if err != nil {
		t.Fatal(err)
	}
	args := func(out string) []string {
		return []string{"plan", "-q", "-hazards", files.Hazards, "-incidents", files.Incidents, "-villages", files.Settlements,
			"-teams", filepath.Join("..", "..", "testdata", "aghdam", "teams.json"), "-out", out}
	}
	ref := filepath.Join(dir, "ref")
	t0 := time.Now()
	if out, err := exec.Command(bin, args(ref)...).CombinedOutput(); err != nil {
		t.Fatalf("a whole run: %v\n%s", err, out)
	}
	whole := time.Since(t0)
	want := treeFiles(t, ref)
	t.Logf("a whole run: %s, %d files", whole.Round(time.Millisecond), len(want))

	rng := rand.New(rand.NewPCG(1, 1))
	for i := range 6 {
		sig := os.Interrupt
		if i == 5 {
			sig = syscall.SIGTERM
		}
		at := time.Duration(float64(whole) * (0.02 + 0.7*rng.Float64()))
		out := filepath.Join(dir, "run"+string(rune('a'+i)))
		cmd := exec.Command(bin, args(out)...)
		var stderr bytes.Buffer
		var stdout syncBuffer
		cmd.Stderr, cmd.Stdout = &stderr, &stdout
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(at)
		// The planner prints its results on stdout only once every file
		// is written: a run that had printed them may exit 0.
		finished := strings.Contains(stdout.String(), "last hectare released")
		sent := time.Now()
		serr := cmd.Process.Signal(sig)
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		var werr error
		select {
		case werr = <-done:
		case <-time.After(30 * time.Second):
			cmd.Process.Kill()
			<-done
			t.Fatalf("%s after %s: still running 30 s later", sig, at.Round(time.Millisecond))
		}
		latency := time.Since(sent)
		code := 0
		var ee *exec.ExitError
		if errors.As(werr, &ee) {
			code = ee.ExitCode()
		} else if werr != nil {
			t.Fatal(werr)
		}
		switch {
		case code == 0 && (serr != nil || finished):
			t.Logf("%s at %s: the run had finished", sig, at.Round(time.Millisecond))
		case code != exitInterrupted:
			t.Errorf("%s at %s: exit %d, want %d; stderr:\n%s", sig, at.Round(time.Millisecond), code, exitInterrupted, stderr.String())
		default:
			t.Logf("%s at %s: exit 130 after %s", sig, at.Round(time.Millisecond), latency.Round(time.Millisecond))
		}
		if latency > 5*time.Second {
			t.Errorf("%s at %s: exited %s after the signal", sig, at.Round(time.Millisecond), latency.Round(time.Millisecond))
		}
		got := treeFiles(t, out)
		for name, b := range got {
			if w, ok := want[name]; !ok || !bytes.Equal(b, w) {
				t.Errorf("%s at %s: %s is not the complete file (%d bytes, want %d)", sig, at.Round(time.Millisecond), name, len(b), len(w))
			}
		}
		if code == 0 && len(got) != len(want) {
			t.Errorf("%s at %s: exit 0 with %d files, want %d", sig, at.Round(time.Millisecond), len(got), len(want))
		}
	}
}

// syncBuffer is a bytes.Buffer safe for a writer and a reader at once.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// treeFiles reads every file under dir (none if dir does not exist), by
// path relative to dir.
func treeFiles(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) && p == dir {
			return filepath.SkipDir
		}
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[rel] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
