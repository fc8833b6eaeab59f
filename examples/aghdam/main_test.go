package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

func runJob(t *testing.T, args ...string) string {
	t.Helper()
	var out, errb bytes.Buffer
	if code := run(context.Background(), args, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	return out.String()
}

func TestInventory(t *testing.T) {
	out := runJob(t, "-workers", "1")
	for _, want := range []string{
		"UTM 38N (EPSG:32638)",
		"suspected",
		"confirmed",
		"Papravend",
		"2025-06-30 AP",
		"inside [CHA-001]",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestSameOutputForEveryWorkerCount(t *testing.T) {
	one := runJob(t, "-workers", "1")
	for _, w := range []string{"2", "8"} {
		if got := runJob(t, "-workers", w); got != one {
			t.Errorf("-workers %s output differs from -workers 1", w)
		}
	}
}

func TestHelp(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"-h"}, &out, &errb); code != 0 {
		t.Errorf("-h exit %d", code)
	}
	if !strings.Contains(errb.String(), "-workers") {
		t.Errorf("usage lacks -workers: %s", errb.String())
	}
}
