package main

import (
	"bytes"
	"context"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

// countdown is a context whose Err turns to context.Canceled after a
// given number of calls: an interrupt at a chosen moment of the job,
// without clocks.
type countdown struct {
	context.Context
	left atomic.Int64
}

func (c *countdown) Err() error {
	if c.left.Add(-1) < 0 {
		return context.Canceled
	}
	return nil
}

// TestInterrupted interrupts the job at seeded random moments (after k
// checks of the context, among all a whole run makes): it exits 130,
// says so, and every file it leaves is the complete run's, byte for byte;
// no temporary file is left.
func TestInterrupted(t *testing.T) {
	_, whole := runJob(t)
	want := map[string][]byte{}
	filepath.WalkDir(whole, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := os.ReadFile(p)
			rel, _ := filepath.Rel(whole, p)
			want[rel] = b
		}
		return err
	})
	probe := &countdown{Context: context.Background()}
	probe.left.Store(1 << 40)
	var out, errb bytes.Buffer
	if code := run(probe, []string{"-out", t.TempDir()}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	checks := 1<<40 - probe.left.Load()
	rng := rand.New(rand.NewPCG(1, 1))
	moments := []int64{0, checks / 2}
	for range 3 {
		moments = append(moments, rng.Int64N(checks*9/10)) // a margin: the count varies a little with goroutine timing
	}
	if testing.Short() {
		moments = moments[:2]
	}
	for _, k := range moments {
		dir := t.TempDir()
		ctx := &countdown{Context: context.Background()}
		ctx.left.Store(k)
		out.Reset()
		errb.Reset()
		if code := run(ctx, []string{"-out", dir}, &out, &errb); code != 130 || !strings.Contains(errb.String(), "aghdam: interrupted") {
			t.Fatalf("interrupted after %d of %d checks: exit %d, stderr %q", k, checks, code, errb.String())
		}
		filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			rel, _ := filepath.Rel(dir, p)
			b, _ := os.ReadFile(p)
			if w, ok := want[rel]; !ok || !bytes.Equal(b, w) {
				t.Errorf("interrupted after %d of %d checks: %s is not the complete file (%d bytes, want %d)", k, checks, rel, len(b), len(w))
			}
			return nil
		})
	}
}
