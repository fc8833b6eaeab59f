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

// A Dir writes many files into one folder with what Create does for each:
// the temporary files killed runs left for its names go, others stay, and
// an aborted file leaves the previous one.
func TestDir(t *testing.T) {
	dir := t.TempDir()
	left := []string{".a.csv.123.tmp", ".a.csv.456.tmp", ".b.kmz.9.tmp", ".c.txt.7.tmp", ".x.tmp", ".a.csv.keep", ".a.csv.1.2.tmp"}
	for _, n := range left {
		os.WriteFile(filepath.Join(dir, n), []byte("stale"), 0o600)
	}
	os.WriteFile(filepath.Join(dir, "b.kmz"), []byte("previous"), 0o644)
	d := outfile.NewDir(dir)
	ctx := context.Background()
	for _, n := range []string{"a.csv", "b.kmz", "d.gpx"} {
		f, err := d.Create(ctx, n)
		if err != nil {
			t.Fatal(err)
		}
		if f.Path() != filepath.Join(dir, n) {
			t.Errorf("Path %q", f.Path())
		}
		f.Write([]byte("new " + n))
		if n == "b.kmz" {
			f.Abort()
			continue
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
	}
	if err := d.Sync(); err != nil {
		t.Errorf("Sync: %v", err)
	}
	want := map[string]string{"a.csv": "new a.csv", "b.kmz": "previous", "d.gpx": "new d.gpx",
		".c.txt.7.tmp": "stale", ".x.tmp": "stale", ".a.csv.keep": "stale", ".a.csv.1.2.tmp": "stale"}
	got := names(t, dir)
	if len(got) != len(want) {
		t.Errorf("files %v, want those of %v", got, want)
	}
	for n, w := range want {
		if b, err := os.ReadFile(filepath.Join(dir, n)); err != nil || string(b) != w {
			t.Errorf("%s: %q, %v; want %q", n, b, err, w)
		}
	}
	// A done context creates nothing.
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := d.Create(cctx, "e.csv"); !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "e.csv") {
		t.Errorf("done context: %v", err)
	}
	if len(names(t, dir)) != len(want) {
		t.Errorf("files after a done context: %v", names(t, dir))
	}
}

// Create removes only its own path's temporary files, whatever else the
// folder holds (a name too short to be one included).
func TestCreateStaleNames(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{".a.tmp", ".a..tmp", ".a.1.tmp", ".ab.2.tmp"} {
		os.WriteFile(filepath.Join(dir, n), []byte("stale"), 0o600)
	}
	if err := outfile.Write(context.Background(), filepath.Join(dir, "a"), func(w io.Writer) error { return nil }); err != nil {
		t.Fatal(err)
	}
	got := strings.Join(names(t, dir), " ")
	if want := ".a.tmp .ab.2.tmp a"; got != want {
		t.Errorf("files %q, want %q", got, want)
	}
}
