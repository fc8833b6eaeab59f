package report_test

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/landrelease/clearance/planning/report"
)

// countdown is a context whose Err turns to context.Canceled after a given
// number of calls: a cancellation at a chosen moment of the work, without
// clocks.
type countdown struct {
	context.Context
	left atomic.Int64
}

func newCountdown(n int64) *countdown {
	c := &countdown{Context: context.Background()}
	c.left.Store(n)
	return c
}

func (c *countdown) Err() error {
	if c.left.Add(-1) < 0 {
		return context.Canceled
	}
	return nil
}

// files reads every file under dir, by path relative to dir.
func files(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
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

// TestWriteAllCancelled cancels WriteAllContext at seeded random moments
// (after k checks of the context): the error wraps context.Canceled, no
// temporary file is left, and every file left is byte for byte the file a
// complete run writes: none is partial.
func TestWriteAllCancelled(t *testing.T) {
	sc := build(t)
	whole := t.TempDir()
	if _, err := report.WriteAllContext(context.Background(), whole, sc.input()); err != nil {
		t.Fatal(err)
	}
	want := files(t, whole)
	// How many checks a whole run makes.
	probe := newCountdown(1 << 40)
	if _, err := report.WriteAllContext(probe, t.TempDir(), sc.input()); err != nil {
		t.Fatal(err)
	}
	checks := 1<<40 - probe.left.Load()
	if checks < 5 {
		t.Fatalf("a whole run checks the context %d times", checks)
	}
	rng := rand.New(rand.NewPCG(1, 1))
	ks := []int64{0, 1, checks - 1}
	if !testing.Short() {
		for range 4 {
			ks = append(ks, rng.Int64N(checks))
		}
	}
	for _, k := range ks {
		for _, workers := range []int{1, 4} {
			dir := t.TempDir()
			in := sc.input()
			in.Workers = workers
			_, err := report.WriteAllContext(newCountdown(k), dir, in)
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("cancelled after %d checks, %d workers: err %v", k, workers, err)
			}
			for name, b := range files(t, dir) {
				if strings.HasSuffix(name, ".tmp") {
					t.Errorf("k=%d: temporary file %s left", k, name)
					continue
				}
				if w, ok := want[name]; !ok || !bytes.Equal(b, w) {
					t.Errorf("k=%d, %d workers: %s is not the complete file (%d bytes, want %d)", k, workers, name, len(b), len(w))
				}
			}
		}
	}
}

// TestWriteAllRemovesStale: the temporary files a killed run left for the
// files WriteAll writes, in dir and in its teams folder, are gone after a
// run; other hidden files stay.
func TestWriteAllRemovesStale(t *testing.T) {
	sc := build(t)
	dir := t.TempDir()
	paths, err := report.WriteAll(dir, sc.input())
	if err != nil {
		t.Fatal(err)
	}
	var stale []string
	for _, p := range paths {
		d, name := filepath.Split(p)
		stale = append(stale, filepath.Join(d, "."+name+".12345.tmp"))
	}
	keep := []string{filepath.Join(dir, ".notes.txt.1.tmp"), filepath.Join(dir, report.TeamsDir, ".schedule.csv.keep")}
	for _, p := range append(slices.Clone(stale), keep...) {
		if err := os.WriteFile(p, []byte("stale"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := report.WriteAll(dir, sc.input()); err != nil {
		t.Fatal(err)
	}
	for _, p := range stale {
		if _, err := os.Stat(p); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s left: %v", p, err)
		}
	}
	for _, p := range keep {
		if _, err := os.Stat(p); err != nil {
			t.Errorf("%s removed: %v", p, err)
		}
	}
}
