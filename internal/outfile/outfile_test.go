package outfile_test

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/landrelease/clearance/internal/outfile"
)

// names lists the files in dir.
func names(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		out = append(out, e.Name())
	}
	return out
}

func TestWriteReplaces(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "a.csv")
	if err := os.WriteFile(path, []byte("old\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	big := strings.Repeat("x", 3*65536+17)
	if err := outfile.Write(context.Background(), path, func(w io.Writer) error {
		_, err := io.WriteString(w, big)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil || string(got) != big {
		t.Fatalf("read back %d bytes, %v; want %d", len(got), err, len(big))
	}
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, want 0644", st.Mode().Perm())
	}
	if n := names(t, dir); len(n) != 1 {
		t.Errorf("files left: %v", n)
	}
}

// A failing writer, a done context before or in the middle, and an abort
// all leave the previous file as it was and no temporary file.
func TestFailureLeavesPrevious(t *testing.T) {
	boom := errors.New("boom")
	for _, tc := range []struct {
		name  string
		write func(ctx context.Context, cancel func(), w io.Writer) error
		want  error
	}{
		{"writer error", func(_ context.Context, _ func(), w io.Writer) error {
			io.WriteString(w, strings.Repeat("y", 200000))
			return boom
		}, boom},
		{"cancel mid-write", func(_ context.Context, cancel func(), w io.Writer) error {
			io.WriteString(w, strings.Repeat("y", 100000))
			cancel()
			_, err := io.WriteString(w, strings.Repeat("y", 100000))
			return err
		}, context.Canceled},
		{"cancel before close", func(_ context.Context, cancel func(), w io.Writer) error {
			io.WriteString(w, "short")
			cancel()
			return nil
		}, context.Canceled},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "out.geojson")
			os.WriteFile(path, []byte("previous"), 0o644)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			err := outfile.Write(ctx, path, func(w io.Writer) error { return tc.write(ctx, cancel, w) })
			if !errors.Is(err, tc.want) {
				t.Fatalf("err %v, want %v", err, tc.want)
			}
			if !strings.Contains(err.Error(), path) {
				t.Errorf("error %q does not name %s", err, path)
			}
			got, _ := os.ReadFile(path)
			if string(got) != "previous" {
				t.Errorf("file now %q, want the previous content", got)
			}
			if n := names(t, dir); len(n) != 1 {
				t.Errorf("files left: %v", n)
			}
		})
	}
}

func TestAbortAndStale(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "plan.kmz")
	// A temporary file a killed run left behind, and an unrelated one.
	os.WriteFile(filepath.Join(dir, ".plan.kmz.123456.tmp"), []byte("stale"), 0o600)
	os.WriteFile(filepath.Join(dir, ".plan.kmz.keep"), []byte("mine"), 0o600)
	f, err := outfile.Create(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	f.Write([]byte("half"))
	f.Abort()
	if err := f.Close(); !errors.Is(err, outfile.ErrAborted) {
		t.Errorf("Close after Abort: %v", err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Errorf("aborted file exists: %v", err)
	}
	if n := names(t, dir); len(n) != 1 || n[0] != ".plan.kmz.keep" {
		t.Errorf("files left: %v, want only .plan.kmz.keep", n)
	}
	// Abort after a successful Close keeps the file.
	g, _ := outfile.Create(context.Background(), path)
	g.Write([]byte("whole"))
	if err := g.Close(); err != nil {
		t.Fatal(err)
	}
	g.Abort()
	if b, _ := os.ReadFile(path); string(b) != "whole" {
		t.Errorf("after Close then Abort: %q", b)
	}
}

func TestCreateDoneContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	dir := t.TempDir()
	if _, err := outfile.Create(ctx, filepath.Join(dir, "x")); !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v", err)
	}
	if n := names(t, dir); len(n) != 0 {
		t.Errorf("files made: %v", n)
	}
}
